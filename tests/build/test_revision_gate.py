"""The revision gate against a throwaway git repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_hooks.commands.gate import check_revisions, main
from tests.conftest import REPO

ANNUAL = """\
---
id: annual-leave
number: "6.03"
title: Annual Leave
effective: 2020-01-01
revised: 2024-01-01
history:
  - date: 2024-01-01
    note: Tiers revised.
  - date: 2020-01-01
    note: Adopted.
policy:
  leave:
    cap: 240
---
You earn annual leave every pay period.
"""

NEW_HISTORY = """\
revised: 2026-01-01
history:
  - date: 2026-01-01
    note: Cap raised.
  - date: 2024-01-01"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "hr@example.org")
    git(tmp_path, "config", "user.name", "HR")
    (tmp_path / "docs/06-leave").mkdir(parents=True)
    (tmp_path / "docs/06-leave/06-03-annual.md").write_text(ANNUAL)
    (tmp_path / "docs/06-leave/06-04-other.md").write_text(
        ANNUAL.replace("annual-leave", "other").replace('"6.03"', '"6.04"').replace("cap", "x")
    )
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "tag", "base")
    return tmp_path


def edit(repo: Path, old: str, new: str, path: str = "docs/06-leave/06-03-annual.md") -> None:
    file = repo / path
    file.write_text(file.read_text().replace(old, new, 1))


def messages(repo: Path) -> list[str]:
    return [str(p) for p in check_revisions(repo, "base").problems]


def test_unchanged_tree_passes(repo):
    assert messages(repo) == []


def test_body_change_without_history_fails_naming_the_file(repo):
    edit(repo, "every pay period", "every two weeks")
    assert messages(repo) == [
        "docs/06-leave/06-03-annual.md:7: history: the body changed but there is no new history "
        "entry — add one at the top of 'history:' dated after 2024-01-01 (e.g. '- date: "
        "YYYY-MM-DD' and 'note: What changed.'), or mark a pure wording fix with a commit "
        "trailer 'Handbook-Editorial: annual-leave'"
    ]


def test_body_change_with_history_and_revised_passes(repo):
    edit(repo, "every pay period", "every two weeks")
    edit(repo, "revised: 2024-01-01\nhistory:\n  - date: 2024-01-01", NEW_HISTORY)
    assert messages(repo) == []


def test_history_without_matching_revised_fails(repo):
    edit(repo, "every pay period", "every two weeks")
    edit(repo, "revised: 2024-01-01\nhistory:\n  - date: 2024-01-01", NEW_HISTORY)
    edit(repo, "revised: 2026-01-01", "revised: 2025-01-01")
    assert messages(repo) == [
        "docs/06-leave/06-03-annual.md:6: revised: must match the newest history entry — set "
        "'revised: 2026-01-01'"
    ]


def test_policy_change_without_history_fails(repo):
    edit(repo, "cap: 240", "cap: 280")
    assert "the policy changed but there is no new history entry" in messages(repo)[0]


def test_editorial_trailer_lets_a_wording_fix_pass(repo):
    edit(repo, "every pay period", "every  pay period.")
    git(repo, "commit", "-qam", "Fix typo\n\nHandbook-Editorial: annual-leave")
    assert messages(repo) == []


def test_moving_a_file_is_not_a_change(repo):
    git(repo, "mv", "docs/06-leave/06-04-other.md", "docs/06-leave/06-05-other.md")
    assert messages(repo) == []


def test_new_and_deleted_sections_are_reported(repo):
    (repo / "docs/06-leave/06-04-other.md").unlink()
    (repo / "docs/06-leave/06-09-new.md").write_text(
        '---\nid: brand-new\nnumber: "6.09"\ntitle: New\neffective: 2026-01-01\n---\nText.\n'
    )
    result = check_revisions(repo, "base")
    assert result.notes == [
        "new section: docs/06-leave/06-09-new.md (brand-new)",
        "deleted section: docs/06-leave/06-04-other.md (other)",
    ]
    assert [str(p) for p in result.problems] == [
        "docs/06-leave/06-09-new.md:1: history: a new section needs a history entry — add "
        "'history:' with '- date: YYYY-MM-DD' and 'note: New section.'"
    ]


def test_cli_exit_codes_and_annotations(repo, capsys):
    assert main(["--repo", str(repo), "--base", "base"]) == 0
    edit(repo, "cap: 240", "cap: 280")
    assert main(["--repo", str(repo), "--base", "base", "--github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=docs/06-leave/06-03-annual.md,line=7,title=Handbook content::" in out
    assert main(["--repo", str(repo), "--base", "no-such-ref"]) == 2


def test_module_runs_as_a_command(repo):
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks", "gate", "--base", "base"],
        cwd=repo,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: every changed section since base records its change." in result.stdout
