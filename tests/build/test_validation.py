"""One test per front-matter rule: the exact file, line, field and message HR sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_hooks.content.index import load_handbook
from build_hooks.content.problems import ContentError
from tests.conftest import REPO, section


def problems_of(docs: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_handbook(docs)
    return [str(p) for p in caught.value.problems]


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


def test_missing_required_field(write_docs):
    docs = write_docs({"leave/a.md": '---\nid: a\nnumber: "1.01"\neffective: 2020-01-01\n---\n'})
    assert problems_of(docs) == [
        "docs/leave/a.md:1: title: required field is missing — add 'title: Annual Leave'"
    ]


def test_missing_front_matter_block(write_docs):
    docs = write_docs({"a.md": "Purpose: this line would be eaten as metadata by MkDocs\n"})
    assert problems_of(docs) == [
        "docs/a.md:1: front-matter: missing — start the file with a line '---', then at least "
        "'id:', 'title:' and 'effective:', then another '---'"
    ]


def test_bad_slug(write_docs):
    docs = write_docs({"a.md": section("Annual_Leave", "1.01", "A")})
    assert problems_of(docs) == [
        "docs/a.md:2: id: 'Annual_Leave' is not a valid id — use lowercase letters, digits and "
        "single hyphens, e.g. 'annual-leave'"
    ]


def test_duplicate_id_names_both_files(write_docs):
    docs = write_docs({"a.md": section("same", "1.01"), "b.md": section("same", "1.02")})
    assert problems_of(docs) == [
        "docs/b.md:2: id: 'same' is already used by docs/a.md:2 — give this section its own id"
    ]


def test_duplicate_number_names_both_files(write_docs):
    docs = write_docs({"a.md": section("a", "1.01"), "z/b.md": section("b", "1.01")})
    assert problems_of(docs) == [
        "docs/z/b.md:3: number: '1.01' is already used by docs/a.md:3 — give this section its "
        "own number"
    ]


def test_unquoted_number_says_to_quote_it(write_docs):
    docs = write_docs({"a.md": "---\nid: a\nnumber: 6.10\ntitle: A\neffective: 2020-01-01\n---\n"})
    assert problems_of(docs) == [
        "docs/a.md:3: number: 6.10 is read as a number (so 6.10 would become 6.1) — put it in "
        'quotes: number: "6.10"'
    ]


def test_invalid_date(write_docs):
    docs = write_docs({"a.md": "---\nid: a\ntitle: A\neffective: 2025-13-01\n---\n"})
    assert problems_of(docs) == [
        "docs/a.md:4: effective: '2025-13-01' is not a real date — write it as YYYY-MM-DD, "
        "e.g. 2025-01-31"
    ]


def test_revised_before_effective(write_docs):
    docs = write_docs({"a.md": section("a", "1.01", revised="2019-12-31")})
    assert problems_of(docs) == [
        "docs/a.md:6: revised: 2019-12-31 is before effective 2020-01-01 — a section cannot be "
        "revised before it takes effect; correct one of the two dates"
    ]


def test_unknown_key_suggests_the_right_one(write_docs):
    docs = write_docs({"a.md": section("a", "1.01", efective="2020-01-01")})
    assert problems_of(docs) == ["docs/a.md:6: efective: unknown field — did you mean 'effective'?"]


def test_yaml_syntax_error_reports_its_line(write_docs):
    text = "---\nid: a\ntitle: A\neffective: 2020-01-01\nsummary: [unclosed\nowner: HR\n---\n"
    docs = write_docs({"a.md": text})
    (problem,) = problems_of(docs)
    assert problem.startswith("docs/a.md:6: front-matter: YAML syntax error: ")
    assert problem.endswith(
        "check the indentation, colons and quotes on this line and the one before"
    )


def test_duplicate_key_is_an_error_not_a_silent_overwrite(write_docs):
    docs = write_docs({"a.md": section("a", "1.01", owner="HR\nowner: Finance")})
    assert problems_of(docs) == [
        "docs/a.md:7: owner: 'owner' is given twice (first on line 6) — keep one and delete the other"
    ]


def test_related_to_unknown_id_suggests_the_closest(write_docs):
    docs = write_docs(
        {
            "a.md": section("annual-leave", "1.01"),
            "b.md": section("b", "1.02", related="[anual-leave]"),
        }
    )
    assert problems_of(docs) == [
        "docs/b.md:6: related[0]: unknown section 'anual-leave' — did you mean 'annual-leave'?"
    ]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            "policy:\n  travel:\n    rate:\n      2025-01-01: 0.7\n      later: 0.8\n",
            "docs/a.md:8: policy.travel.rate: mixes dates and names as keys — use only dates (a "
            "value that changes on those dates) or only names (a group of values)",
        ),
        (
            "policy:\n  travel:\n    rate:\n      2025-02-30: 0.7\n",
            "docs/a.md:9: policy.travel.rate.2025-02-30: '2025-02-30' is not a real date — write "
            "YYYY-MM-DD, e.g. 2025-01-01",
        ),
        (
            "policy:\n  travel:\n    rate:\n",
            "docs/a.md:8: policy.travel.rate: has no value — give a number, text, a list, named "
            "values, or dated values",
        ),
        (
            "policy:\n  travel:\n    Max-Rate: 3\n",
            "docs/a.md:8: policy.travel.Max-Rate: 'Max-Rate' is not a valid parameter name — use "
            "lowercase letters, digits and underscores, starting with a letter (e.g. "
            "max_balance), or a date",
        ),
    ],
    ids=["mixed-keys", "impossible-date-key", "empty-value", "bad-name"],
)
def test_malformed_policy_value(write_docs, policy, expected):
    text = "---\nid: a\ntitle: A\neffective: 2020-01-01\nrevised: 2020-01-01\n" + policy + "---\n"
    docs = write_docs({"a.md": text})
    assert problems_of(docs) == [expected]


def test_history_out_of_order(write_docs):
    text = (
        "---\nid: a\ntitle: A\neffective: 2020-01-01\nrevised: 2024-01-01\nhistory:\n"
        "  - date: 2021-01-01\n    note: Older first by mistake.\n"
        "  - date: 2024-01-01\n    note: Newer second.\n---\n"
    )
    docs = write_docs({"a.md": text})
    assert problems_of(docs) == [
        "docs/a.md:9: history[1].date: 2024-01-01 is newer than the entry above it (2021-01-01) "
        "— list history newest first"
    ]


def test_history_after_revised(write_docs):
    text = (
        "---\nid: a\ntitle: A\neffective: 2020-01-01\nrevised: 2023-01-01\nhistory:\n"
        "  - date: 2024-01-01\n    note: Not yet recorded in revised.\n---\n"
    )
    docs = write_docs({"a.md": text})
    assert problems_of(docs) == [
        "docs/a.md:7: history[0].date: 2024-01-01 is after revised 2023-01-01 — set 'revised' "
        "to the newest history date"
    ]


def test_problems_in_two_files_are_reported_in_one_run(write_docs):
    docs = write_docs(
        {
            "one.md": section("one", "1.01", efective="2020-01-01"),
            "two.md": "---\nid: two\ntitle: Two\neffective: 2020-02-31\n---\n",
        }
    )
    assert problems_of(docs) == [
        "docs/one.md:6: efective: unknown field — did you mean 'effective'?",
        "docs/two.md:4: effective: '2020-02-31' is not a real date — write it as YYYY-MM-DD, "
        "e.g. 2025-01-31",
    ]


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
