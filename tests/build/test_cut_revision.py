"""Cutting a revision: mkdocs.yml updated in place, changes listed, unrecorded changes refused."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from build_hooks.commands.revision import RevisionError, main, set_revision

CONFIG = """\
site_name: Test
extra:
  handbook:
    organization: Test Agency
    revision: 2025-01-01   # cut by HR
    previous_revision: 2024-01-01
    acknowledgement:
      hr_email: hr@example.org
"""

SECTION = """\
---
id: travel
number: "17.06"
title: Travel Expenses
effective: 2020-01-01
revised: {revised}
history:
{entries}
---
{body}
"""


def section(revised: str, entries: list[tuple[str, str]], body: str = "Mileage rules.") -> str:
    lines = "\n".join(f"  - date: {d}\n    note: {n}" for d, n in entries)
    return SECTION.format(revised=revised, entries=lines, body=body)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "hr@example.org")
    git(tmp_path, "config", "user.name", "HR")
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/travel.md").write_text(section("2020-01-01", [("2020-01-01", "Adopted.")]))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "revision 2025-01-01")
    return tmp_path


def test_set_revision_changes_only_the_two_lines():
    text, old = set_revision(CONFIG, date(2026, 1, 1))
    assert old == date(2025, 1, 1)
    assert text == CONFIG.replace(
        "revision: 2025-01-01   # cut", "revision: 2026-01-01   # cut"
    ).replace("previous_revision: 2024-01-01", "previous_revision: 2025-01-01")
    with pytest.raises(RevisionError, match="must be later than the current one"):
        set_revision(CONFIG, date(2025, 1, 1))


def test_cut_lists_the_changes_and_updates_mkdocs_yml(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "docs/travel.md").write_text(
        section(
            "2026-01-01",
            [("2026-01-01", "Mileage rate 72.5 cents."), ("2020-01-01", "Adopted.")],
            "New mileage rules.",
        )
    )
    assert main(["2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "will list 1 change:" in out
    assert "2026-01-01  §17.06 Travel Expenses — Mileage rate 72.5 cents." in out
    config = (repo / "mkdocs.yml").read_text()
    assert "    revision: 2026-01-01   # cut by HR\n    previous_revision: 2025-01-01\n" in config


def test_cut_refuses_a_change_without_history(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "docs/travel.md").write_text(
        section("2020-01-01", [("2020-01-01", "Adopted.")], "Changed rules.")
    )
    assert main(["2026-01-01"]) == 1
    out = capsys.readouterr().out
    assert "docs/travel.md:7: history: the body changed but there is no new history entry" in out
    assert "revision: 2025-01-01" in (repo / "mkdocs.yml").read_text()


def test_dry_run_and_bad_dates(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    assert main(["2026-01-01", "--dry-run"]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert "revision: 2025-01-01" in (repo / "mkdocs.yml").read_text()
    assert main(["2026-13-01"]) == 2
    assert main(["2024-06-01"]) == 2


def test_cut_commits_mkdocs_yml_and_tags_the_revision(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "docs/travel.md").write_text(
        section("2026-01-01", [("2026-01-01", "Mileage 72.5 cents."), ("2020-01-01", "Adopted.")])
    )
    git(repo, "commit", "-qam", "content: mileage")
    assert main(["2026-01-01"]) == 0
    assert "Committed 'revision: 2026-01-01' and tagged it handbook/2026-01-01." in (
        capsys.readouterr().out
    )
    show = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%s %D", "handbook/2026-01-01"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert show.strip() == "revision: 2026-01-01 HEAD -> main, tag: handbook/2026-01-01"
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""


def test_cut_with_uncommitted_sections_leaves_the_commit_to_hr(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "docs/travel.md").write_text(
        section("2026-01-01", [("2026-01-01", "Mileage 72.5 cents."), ("2020-01-01", "Adopted.")])
    )
    assert main(["2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Not committed: uncommitted changes in docs/travel.md — commit your changes" in out
    assert "git tag -a handbook/2026-01-01" in out
    tags = subprocess.run(
        ["git", "-C", str(repo), "tag"], capture_output=True, text=True, check=True
    ).stdout
    assert tags == ""
