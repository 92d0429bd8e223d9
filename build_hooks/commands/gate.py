"""The revision gate: a changed section must say so in its history.

    python -m build_hooks gate --base origin/main [--docs docs]

Compares every section under ``docs/`` in the working tree with the same section (matched by
``id``, so moving a file is not a change) at the git ref ``BASE``. A section whose body or
``policy:`` changed needs a new ``history`` entry dated after the newest entry it had at BASE,
and ``revised`` set to that entry's date. New sections need at least one history entry; new and
deleted sections are listed. Exit status: 0 when every change is recorded, 1 when not, 2 on
usage errors (not a git repository, unknown ref).

A pure wording fix (typo, punctuation, a broken link) that changes no rule may skip the history
entry: add a trailer to one of the pull request's commit messages, naming the section ids, e.g.
``Handbook-Editorial: annual-leave-accrual, payday``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from build_hooks.content.frontmatter import FrontMatterError, ParsedFile, parse_text
from build_hooks.content.problems import Problem, format_report

__all__ = ["EDITORIAL_TRAILER", "GateResult", "check_revisions", "main"]

EDITORIAL_TRAILER = "Handbook-Editorial"
_TRAILER = re.compile(rf"^{EDITORIAL_TRAILER}:\s*(?P<ids>.+)$", re.IGNORECASE | re.MULTILINE)


class GitError(RuntimeError):
    """git failed; the message says what to do."""


@dataclass(frozen=True)
class SectionVersion:
    """One section as stored in one tree."""

    path: str  # e.g. docs/06-leave/06-03-annual.md
    parsed: ParsedFile

    @property
    def id(self) -> str:
        return str(self.parsed.meta.get("id", ""))

    def history_dates(self) -> list[date]:
        dates = []
        for entry in self.parsed.meta.get("history") or []:
            try:
                dates.append(date.fromisoformat(str(entry.get("date"))))
            except (AttributeError, ValueError):
                continue
        return dates

    def substance(self) -> tuple[str, Any]:
        """What a reader's rules depend on: the body text and the policy parameters."""
        return (self.parsed.body.strip(), self.parsed.meta.get("policy"))


@dataclass(frozen=True)
class GateResult:
    """What the gate found: problems (failing) and notes (new/deleted/editorial sections)."""

    problems: list[Problem]
    notes: list[str]


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _sections_at(repo: Path, ref: str, docs: str) -> dict[str, SectionVersion]:
    listing = _git(repo, "ls-tree", "-r", "--name-only", ref, "--", docs)
    found = {}
    for path in listing.splitlines():
        if not path.endswith(".md"):
            continue
        try:
            parsed = parse_text(_git(repo, "show", f"{ref}:{path}"))
        except FrontMatterError:
            continue  # broken at BASE: nothing to compare with
        version = SectionVersion(path, parsed)
        if version.id:
            found[version.id] = version
    return found


def _sections_now(repo: Path, docs: str) -> tuple[dict[str, SectionVersion], list[Problem]]:
    found, problems = {}, []
    for file in sorted((repo / docs).rglob("*.md")):
        path = file.relative_to(repo).as_posix()
        try:
            parsed = parse_text(file.read_text(encoding="utf-8"))
        except FrontMatterError as exc:
            problems.append(Problem(path, exc.line, exc.field, exc.message))
            continue
        version = SectionVersion(path, parsed)
        if version.id:
            found[version.id] = version
    return found, problems


def editorial_ids(repo: Path, base: str) -> set[str]:
    """Section ids named by ``Handbook-Editorial:`` trailers in commits after ``base``."""
    log = _git(repo, "log", "--format=%B", f"{base}..HEAD")
    ids: set[str] = set()
    for match in _TRAILER.finditer(log):
        ids.update(part.strip() for part in match["ids"].split(",") if part.strip())
    return ids


def _line(version: SectionVersion, *path: str | int) -> int:
    return version.parsed.line_of(path) if path else 1


def compare(
    old: Mapping[str, SectionVersion],
    new: Mapping[str, SectionVersion],
    editorial: set[str],
) -> GateResult:
    """Check every changed section against its old version (pure; used by tests)."""
    problems: list[Problem] = []
    notes: list[str] = []
    for section_id, now in sorted(new.items(), key=lambda item: item[1].path):
        before = old.get(section_id)
        if before is None:
            notes.append(f"new section: {now.path} ({section_id})")
            if not now.history_dates():
                problems.append(
                    Problem(
                        now.path,
                        1,
                        "history",
                        "a new section needs a history entry — add 'history:' with "
                        "'- date: YYYY-MM-DD' and 'note: New section.'",
                    )
                )
            continue
        if before.substance() == now.substance():
            continue
        if section_id in editorial:
            notes.append(f"editorial change (no history entry needed): {now.path}")
            continue
        body_changed = before.substance()[0] != now.substance()[0]
        policy_changed = before.substance()[1] != now.substance()[1]
        what = "body and policy" if body_changed and policy_changed else "body"
        if not body_changed:
            what = "policy"
        newest_before = max(before.history_dates(), default=None)
        dates = now.history_dates()
        newest_now = dates[0] if dates else None
        since = f" after {newest_before.isoformat()}" if newest_before else ""
        if newest_now is None or (newest_before is not None and newest_now <= newest_before):
            problems.append(
                Problem(
                    now.path,
                    _line(now, "history") if "history" in now.parsed.meta else 1,
                    "history",
                    f"the {what} changed but there is no new history entry — add one at the top "
                    f"of 'history:' dated{since} (e.g. '- date: YYYY-MM-DD' and 'note: What "
                    f"changed.'), or mark a pure wording fix with a commit trailer "
                    f"'{EDITORIAL_TRAILER}: {section_id}'",
                )
            )
            continue
        revised = str(now.parsed.meta.get("revised", ""))
        if revised != newest_now.isoformat():
            problems.append(
                Problem(
                    now.path,
                    _line(now, "revised") if "revised" in now.parsed.meta else 1,
                    "revised",
                    "must match the newest history entry — set "
                    f"'revised: {newest_now.isoformat()}'",
                )
            )
    for section_id, before in sorted(old.items(), key=lambda item: item[1].path):
        if section_id not in new:
            notes.append(f"deleted section: {before.path} ({section_id})")
    return GateResult(problems=problems, notes=notes)


def check_revisions(repo: Path, base: str, docs: str = "docs") -> GateResult:
    """Run the gate for ``docs`` in ``repo``'s working tree against the git ref ``base``.

    Raises:
        GitError: Not a git repository, or ``base`` is not a known ref.
    """
    _git(repo, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    old = _sections_at(repo, base, docs)
    new, unreadable = _sections_now(repo, docs)
    result = compare(old, new, editorial_ids(repo, base))
    return GateResult(problems=unreadable + result.problems, notes=result.notes)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(
        prog="python -m build_hooks gate",
        description="Fail when a section changed without a history entry.",
    )
    parser.add_argument("--base", required=True, help="git ref to compare with, e.g. origin/main")
    parser.add_argument("--docs", default="docs", help="the docs folder (default: docs)")
    parser.add_argument("--repo", default=".", help="the repository (default: .)")
    parser.add_argument(
        "--github",
        action=argparse.BooleanOptionalAction,
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="also emit GitHub Actions annotations",
    )
    args = parser.parse_args(argv)
    docs = PurePosixPath(args.docs).as_posix().rstrip("/")
    try:
        result = check_revisions(Path(args.repo), args.base, docs)
    except GitError as exc:
        print(f"{exc} — pass --base a branch, tag or commit that exists (fetch it first)")
        return 2
    for note in result.notes:
        print(note)
    if result.problems:
        print(format_report(result.problems))
        if args.github:
            for problem in result.problems:
                print(problem.github_annotation())
        return 1
    print(f"OK: every changed section since {args.base} records its change.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
