"""Front-matter rules: the exact file, line, field and message HR sees.

Each rule has a case in ``tests/fixtures/validation/``: a section file ``CASE.md`` (or a folder
``CASE/`` when the rule needs several files) and ``CASE.expected``, the exact report of
``python -m build_hooks check``. A new rule gets a new pair of files, not new Python.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_hooks.commands import check
from build_hooks.content.index import load_handbook
from tests.conftest import REPO, section


def test_valid_handbook_loads_in_number_order(write_docs):
    docs = write_docs(
        {
            "b.md": section("second", "6.10"),
            "a.md": section("first", "6.09"),
            "c.md": section("chapter", "6.00"),
        }
    )
    handbook = load_handbook(docs)
    assert [s.id for s in handbook] == ["chapter", "first", "second"]
    assert handbook.by_id["second"].source == "docs/b.md"


CASES = Path(__file__).parent.parent / "fixtures" / "validation"
EXPECTED = sorted(CASES.glob("*.expected"))


@pytest.mark.parametrize("expected", EXPECTED, ids=[e.stem for e in EXPECTED])
def test_rule_reports_exactly_the_expected_problems(expected, tmp_path, monkeypatch, capsys):
    """``CASE.md`` (one section, checked as ``docs/CASE.md``) or ``CASE/`` (a docs folder) gives
    exactly the report in ``CASE.expected``: what ``make check-content`` prints, exit status 1."""
    docs = tmp_path / "docs"
    single = expected.with_suffix(".md")
    if single.is_file():
        docs.mkdir()
        shutil.copyfile(single, docs / single.name)
    else:
        shutil.copytree(expected.with_suffix(""), docs)
    monkeypatch.chdir(tmp_path)
    status = check.main(["docs", "--no-github"])
    assert (status, capsys.readouterr().out) == (1, expected.read_text(encoding="utf-8"))


def test_every_case_has_its_input_and_every_input_its_report():
    inputs = {p.stem for p in CASES.iterdir() if p.suffix == ".md" or p.is_dir()}
    assert inputs == {e.stem for e in EXPECTED}


def test_check_cli_reports_all_and_exits_1(write_docs, tmp_path):
    write_docs({"a.md": section("a", "1.01", efective="x"), "b.md": section("a", "1.02")})
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks", "check", "docs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/a.md:6: efective: unknown field — did you mean 'effective'?",
        "docs/b.md:2: id: 'a' is already used by docs/a.md:2 — give this section its own id",
        "2 problems in 2 files. Fix them and build again (or run `make check-content`).",
    ]


def test_check_cli_github_annotations(write_docs, tmp_path):
    write_docs({"a.md": section("a", "1.01", efective="x")})
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks", "check", "docs", "--github"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"GITHUB_STEP_SUMMARY": str(summary), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert (
        "::error file=docs/a.md,line=6,title=Handbook content::efective: unknown field — did "
        "you mean 'effective'?"
    ) in result.stdout.splitlines()
    assert "| docs/a.md | 6 | efective | unknown field — did you mean &#x27;effective&#x27;? |" in (
        summary.read_text()
    )


def test_check_cli_ok_on_the_sample_handbook():
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks", "check", "docs"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: ")
