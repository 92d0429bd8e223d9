"""Cut a revision: ``make revision DATE=2027-01-01`` (``python -m build_hooks revision``).

1. Checks the handbook (front-matter, references, tables) and that every section changed since
   the commit that cut the current revision records its change (the revision gate).
2. Sets ``extra.handbook.previous_revision`` to the current revision and
   ``extra.handbook.revision`` to DATE in ``mkdocs.yml`` (only those two lines change; comments
   and layout are kept).
3. Prints what the acknowledgement page will list: every history entry after the previous
   revision up to DATE.
4. Commits ``mkdocs.yml`` as ``revision: DATE`` and tags that commit ``handbook/DATE`` (the
   commit that holds the revision's text, read back by the archive and the differences) — unless
   sections or ``mkdocs.yml`` have uncommitted changes (then it says what to run) or
   ``--no-commit`` is given.

Exit status 0 when the revision was cut (or would be, with ``--dry-run``), 1 when the handbook
is not ready (each problem listed with its file and line), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from build_hooks.commands.gate import GitError, check_revisions
from build_hooks.content.checked import load_checked
from build_hooks.content.problems import ContentError, Problem, format_report
from build_hooks.content.revision import changes_between
from build_hooks.history.git_repository import TAG_PREFIX

__all__ = ["main", "set_revision"]

_REVISION_LINE = re.compile(
    r"^(?P<indent>[ \t]+)revision:[ \t]*(?P<value>[^\s#]+)(?P<rest>[ \t]*(?:#.*)?)$", re.M
)
_PREVIOUS_LINE = re.compile(r"^(?P<indent>[ \t]+)previous_revision:[ \t]*\S*[ \t]*$", re.M)


class RevisionError(ValueError):
    """The revision cannot be cut; the message says why and what to do."""


def set_revision(config_text: str, new: date) -> tuple[str, date]:
    """Return ``mkdocs.yml`` text with the revision moved to ``new``, and the old revision.

    Raises:
        RevisionError: No ``revision:`` line under ``extra.handbook``, or ``new`` is not later
            than the current revision.
    """
    match = _REVISION_LINE.search(config_text)
    if match is None:
        raise RevisionError(
            "mkdocs.yml has no 'revision: YYYY-MM-DD' line under extra.handbook — add one"
        )
    try:
        old = date.fromisoformat(match["value"])
    except ValueError as exc:
        raise RevisionError(
            f"mkdocs.yml: revision '{match['value']}' is not a date — write YYYY-MM-DD"
        ) from exc
    if new <= old:
        raise RevisionError(
            f"the new revision {new.isoformat()} must be later than the current one "
            f"({old.isoformat()})"
        )
    indent = match["indent"]
    text = (
        config_text[: match.start()]
        + f"{indent}revision: {new.isoformat()}{match['rest']}"
        + config_text[match.end() :]
    )
    previous = f"{indent}previous_revision: {old.isoformat()}"
    if _PREVIOUS_LINE.search(text):
        text = _PREVIOUS_LINE.sub(previous, text, count=1)
    else:
        line_end = text.index("\n", match.start()) if "\n" in text[match.start() :] else len(text)
        text = text[:line_end] + "\n" + previous + text[line_end:]
    return text, old


def _revision_commit(repo: Path, config: Path) -> str | None:
    """The last commit that changed the revision line of ``config`` (where the revision was cut)."""
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "log",
                "-n1",
                "--format=%H",
                "-G",
                r"^\s+revision:",
                "--",
                str(config.resolve().relative_to(repo.resolve())),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    except (OSError, ValueError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def _git_out(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )


def _uncommitted(repo: Path, paths: list[Path]) -> list[str] | None:
    """Uncommitted changes under ``paths`` (``None``: not a git work tree)."""
    try:
        result = _git_out(repo, "status", "--porcelain", "--", *(str(p.resolve()) for p in paths))
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return [line[3:] for line in result.stdout.splitlines()]


def _commit_and_tag(repo: Path, config: Path, new: date, uncommitted: list[str] | None) -> None:
    """Commit ``mkdocs.yml`` alone as ``revision: DATE`` and tag it ``handbook/DATE``.

    The revision commit must hold exactly the text that was checked, so nothing is committed
    while sections or ``mkdocs.yml`` have uncommitted changes; the commands to run are printed.
    """
    tag = f"{TAG_PREFIX}{new.isoformat()}"
    by_hand = (
        f"commit your changes, then: git commit -m 'revision: {new.isoformat()}' {config} && "
        f"git tag -a {tag} -m 'Handbook revision {new.isoformat()}'"
    )
    if uncommitted is None:
        print(f"Not a git repository: the revision is not committed or tagged ({tag}).")
        return
    if uncommitted:
        print(f"Not committed: uncommitted changes in {', '.join(uncommitted)} — {by_hand}")
        return
    message = f"revision: {new.isoformat()}"
    for args in (
        ("commit", "-q", "-m", message, "--", str(config.resolve())),
        ("tag", "-a", tag, "-m", f"Handbook revision {new.isoformat()}"),
    ):
        result = _git_out(repo, *args)
        if result.returncode != 0:
            print(f"git {args[0]} failed ({result.stderr.strip()}) — {by_hand}")
            return
    print(f"Committed '{message}' and tagged it {tag}. Publish both: git push --follow-tags")


def _docs_dir(config_text: str) -> str:
    """``docs_dir`` of a config (MkDocs' ``!ENV`` tags are read as plain text here)."""
    try:
        data = yaml.safe_load(config_text.replace("!ENV", "")) or {}
    except yaml.YAMLError:
        return "docs"
    return str(data.get("docs_dir", "docs"))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m build_hooks revision")
    parser.add_argument("date", help="the new revision date, YYYY-MM-DD")
    parser.add_argument("--config", default="mkdocs.yml", help="default: mkdocs.yml")
    parser.add_argument(
        "--base",
        help="git ref to check changes against (default: the commit that cut the current revision)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check and print, change nothing")
    parser.add_argument(
        "--no-commit",
        action="store_true",
        help=f"only update mkdocs.yml (default: commit it and tag {TAG_PREFIX}DATE)",
    )
    args = parser.parse_args(argv)
    try:
        new = date.fromisoformat(args.date)
    except ValueError:
        print(f"DATE '{args.date}' is not a date — run e.g. `make revision DATE=2027-01-01`")
        return 2
    config = Path(args.config)
    if not config.is_file():
        print(f"{config}: no such file — run from the repository root or pass --config")
        return 2
    config_text = config.read_text(encoding="utf-8")
    try:
        new_text, old = set_revision(config_text, new)
    except RevisionError as exc:
        print(f"{config}: {exc}")
        return 2
    docs = config.parent / _docs_dir(config_text)

    problems: list[Problem] = []
    try:
        checked = load_checked(docs)
    except ContentError as exc:
        print(format_report(exc.problems))
        return 1
    late = [
        Problem(
            s.source,
            1,
            "history",
            f"entry dated {e.date.isoformat()} is after the new "
            f"revision {new.isoformat()} — cut a later revision or fix the date",
        )
        for s in checked.handbook
        for e in s.history
        if e.date > new
    ]
    problems.extend(late)
    repo = config.parent.resolve()
    base = args.base or _revision_commit(repo, config)
    if base:
        try:
            gate = check_revisions(repo, base, docs.resolve().relative_to(repo).as_posix())
        except (GitError, ValueError) as exc:
            print(f"revision gate skipped: {exc}")
        else:
            problems.extend(gate.problems)
            for note in gate.notes:
                print(note)
    else:
        print("revision gate skipped: no earlier revision commit found (pass --base REF)")
    if problems:
        print(format_report(problems))
        return 1

    changes = changes_between(checked.handbook, old, new)
    print(
        f"Revision {new.isoformat()} (previous {old.isoformat()}). The acknowledgement page "
        f"will list {len(changes)} change{'s' if len(changes) != 1 else ''}:"
    )
    for change in changes:
        print(
            f"  {change.date.isoformat()}  §{change.section.number} {change.section.title} — "
            f"{change.note}"
        )
    if not changes:
        print("  (none — add history entries dated after the previous revision)")
    if args.dry_run:
        print("Dry run: mkdocs.yml not changed.")
        return 0
    uncommitted = _uncommitted(repo, [config, docs])
    config.write_text(new_text, encoding="utf-8")
    print(f"{config}: revision set to {new.isoformat()}, previous_revision to {old.isoformat()}.")
    if not args.no_commit:
        _commit_and_tag(repo, config, new, uncommitted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
