"""A throwaway git repository holding a handbook with three revisions (2024, 2025, 2026).

Shared by the history unit tests, the build tests and the browser test (not a test module).
What changes from one revision to the next is fixed here, so tests can assert exact results:

* 2024-01-01: alpha §1.01 (mileage rate 0.655 from 2024-01-01), beta §1.02, gamma §1.03,
  delta §2.01;
* 2025-01-01: alpha's body ("monthly" → "weekly", "regular" inserted, a sentence removed) and a
  new mileage rate 0.70 from 2025-01-01; gamma removed; delta moved to §3.01 (another file);
  epsilon §1.04 new;
* 2026-01-01 (current): beta's body changed; the title of epsilon changed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["REVISIONS", "git", "make_history_repo", "section"]

REVISIONS = ("2024-01-01", "2025-01-01", "2026-01-01")

_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
}


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity and dates; its output."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=_ENV, capture_output=True, text=True, check=True
    ).stdout


def section(
    ident: str,
    number: str,
    title: str,
    body: str,
    history: list[tuple[str, str]],
    policy: str = "",
) -> str:
    """A valid section file; ``history`` is ``[(date, note)]`` newest first."""
    entries = "".join(f"  - date: {day}\n    note: {note}\n" for day, note in history)
    return (
        f'---\nid: {ident}\nnumber: "{number}"\ntitle: {title}\neffective: 2020-01-01\n'
        f"revised: {history[0][0]}\nowner: Human Resources\nhistory:\n{entries}{policy}---\n\n"
        f"{body}\n"
    )


def _chapter(number: str, title: str) -> str:
    return section(
        f"chapter-{number}",
        f"{number}.00",
        title,
        f"The {title} chapter.",
        [("2020-01-01", "Adopted.")],
    )


_ADOPTED = [("2020-01-01", "Adopted.")]
_ALPHA_2024 = (
    "Travel is paid monthly to every employee who drives on duty. Receipts are kept for three "
    "years.\n\nAsk the Finance office first."
)
_ALPHA_2025 = "Travel is paid weekly to every regular employee who drives on duty.\n\nAsk the Finance office first."
_RATE_2024 = "policy:\n  test:\n    mileage_rate:\n      2024-01-01: 0.655\n"
_RATE_2025 = (
    "policy:\n  test:\n    mileage_rate:\n      2024-01-01: 0.655\n      2025-01-01: 0.70\n"
)


def _files(revision: str) -> dict[str, str]:
    alpha_notes = [("2025-01-01", "Paid weekly; receipts rule dropped."), *_ADOPTED]
    files = {
        "index.md": "Welcome.\n",
        "01-general/index.md": _chapter("1", "General"),
        "02-other/index.md": _chapter("2", "Other"),
        "01-general/01-02-beta.md": section(
            "beta", "1.02", "Beta", "Beta text stays the same.", _ADOPTED
        ),
    }
    if revision == "2024-01-01":
        files |= {
            "01-general/01-01-alpha.md": section(
                "alpha", "1.01", "Alpha", _ALPHA_2024, _ADOPTED, _RATE_2024
            ),
            "01-general/01-03-gamma.md": section("gamma", "1.03", "Gamma", "Gamma goes.", _ADOPTED),
            "02-other/02-01-delta.md": section("delta", "2.01", "Delta", "Delta moves.", _ADOPTED),
        }
        return files
    files |= {
        "01-general/01-01-alpha.md": section(
            "alpha", "1.01", "Alpha", _ALPHA_2025, alpha_notes, _RATE_2025
        ),
        "03-moved/index.md": _chapter("3", "Moved"),
        "03-moved/03-01-delta.md": section("delta", "3.01", "Delta", "Delta moves.", _ADOPTED),
        "01-general/01-04-epsilon.md": section(
            "epsilon",
            "1.04",
            "Epsilon",
            "Epsilon <b>is</b> new & bold.",
            [("2025-01-01", "New section.")],
        ),
    }
    if revision == "2026-01-01":
        files["01-general/01-02-beta.md"] = section(
            "beta",
            "1.02",
            "Beta",
            "Beta text now changes.",
            [("2026-01-01", "Beta <changed>."), *_ADOPTED],
        )
        files["01-general/01-04-epsilon.md"] = section(
            "epsilon",
            "1.04",
            "Epsilon & Co",
            "Epsilon <b>is</b> new & bold.",
            [("2026-01-01", "Renamed."), ("2025-01-01", "New section.")],
        )
    return files


def _config(revision: str, previous: str | None, hooks: str) -> str:
    previous_line = f"    previous_revision: {previous}\n" if previous else ""
    return (
        "site_name: Test Handbook\n"
        "site_url: http://127.0.0.1:8000/\n"
        "theme:\n  name: material\n  font: false\n"
        f"{hooks}"
        "markdown_extensions: [attr_list, admonition, pymdownx.details, pymdownx.superfences, toc]\n"
        "validation:\n  links: {not_found: warn, anchors: warn}\n"
        "extra:\n  generator: false\n  handbook:\n    organization: Test <Agency> & Co\n"
        f"    revision: {revision}\n{previous_line}"
    )


def make_history_repo(root: Path, hooks: str = "") -> Path:
    """Commit the three revisions into a new repository at ``root``; its ``mkdocs.yml``.

    Each revision is cut as HR does: content first, then the ``revision:`` line in its own
    commit (no tags: the revisions are found from the config's history). ``hooks`` is the
    ``hooks:`` block of the config (empty for the unit tests).
    """
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    previous = None
    for revision in REVISIONS:
        docs = root / "docs"
        if docs.exists():
            for path in sorted(docs.rglob("*.md")):
                path.unlink()
        for relative, text in _files(revision).items():
            path = docs / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        git(root, "add", "-A", "docs")
        git(root, "commit", "-q", "-m", f"content for {revision}")
        (root / "mkdocs.yml").write_text(_config(revision, previous, hooks), encoding="utf-8")
        git(root, "add", "mkdocs.yml")
        git(root, "commit", "-q", "-m", f"revision: {revision}")
        previous = revision
    (root / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    return root / "mkdocs.yml"
