"""GitHub annotations for every class of content problem, as CI prints them on the PR diff."""

from __future__ import annotations

import pytest

from build_hooks.commands.check import main
from tests.conftest import section

HEAD = "::error file=docs/a.md,line={line},title=Handbook content::"

CASES = {
    "missing-field": (
        {"a.md": '---\nid: a\nnumber: "1.01"\neffective: 2020-01-01\n---\n'},
        1,
        "title: required field is missing — add 'title: Annual Leave'",
    ),
    "bad-slug": (
        {"a.md": section("Bad_Id", "1.01", "A")},
        2,
        "id: 'Bad_Id' is not a valid id — use lowercase letters, digits and single hyphens, "
        "e.g. 'bad-id'",
    ),
    "duplicate-id": (
        {"0.md": section("b", "1.02"), "a.md": section("b", "1.01")},
        2,
        "id: 'b' is already used by docs/0.md:2 — give this section its own id",
    ),
    "unquoted-number": (
        {"a.md": section("a", "1.01").replace('"1.01"', "6.10")},
        3,
        "number: 6.10 is read as a number (so 6.10 would become 6.1) — put it in quotes: "
        'number: "6.10"',
    ),
    "invalid-date": (
        {"a.md": section("a", "1.01").replace("2020-01-01", "2020-02-30")},
        5,
        "effective: '2020-02-30' is not a real date — write it as YYYY-MM-DD, e.g. 2025-01-31",
    ),
    "unknown-key": (
        {"a.md": section("a", "1.01", efective="2020-01-01")},
        6,
        "efective: unknown field — did you mean 'effective'?",
    ),
    "related": (
        {"a.md": section("a", "1.01", related="[bb]"), "b.md": section("bbb", "1.02")},
        6,
        "related[0]: unknown section 'bb' — did you mean 'bbb'?",
    ),
    "history-order": (
        {
            "a.md": section(
                "a",
                "1.01",
                revised="2024-01-01\nhistory:\n  - date: 2021-01-01\n    note: x\n"
                "  - date: 2024-01-01\n    note: y",
            )
        },
        10,
        "history[1].date: 2024-01-01 is newer than the entry above it (2021-01-01) — list "
        "history newest first",
    ),
    "cross-reference": (
        {"a.md": section("a", "1.01") + "See [[nope]].\n", "b.md": section("nope-not", "1.02")},
        8,
        "unknown section 'nope' — did you mean 'nope-not'?",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_problem_class_becomes_an_annotation(case, write_docs, capsys, tmp_path, monkeypatch):
    files, line, message = CASES[case]
    docs = write_docs(files)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main([str(docs.relative_to(tmp_path)), "--github"]) == 1
    annotations = [x for x in capsys.readouterr().out.splitlines() if x.startswith("::error")]
    assert HEAD.format(line=line) + message in annotations
    assert "| docs/a.md | " in summary.read_text()


def test_annotation_escapes_newlines_and_percent(write_docs, capsys):
    from build_hooks.content.problems import Problem

    problem = Problem("docs/a,b.md", 3, "summary", "100% wrong\nsecond line")
    assert problem.github_annotation() == (
        "::error file=docs/a%2Cb.md,line=3,title=Handbook content::summary: 100%25 wrong%0A"
        "second line"
    )
