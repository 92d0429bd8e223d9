"""Plain-text references to sections ("see Leave Records"): found in running text, reported
with the file line and the [[id]] to write; links, references and code are never read."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_hooks.content.checked import load_checked
from build_hooks.content.index import load_handbook
from build_hooks.content.plain_references import check_plain_references
from build_hooks.content.problems import ContentError
from tests.build.handbooks import failed_build, section_text, write_handbook


def page(id: str, number: str, title: str, body: str) -> str:
    return (
        f'---\nid: {id}\nnumber: "{number}"\ntitle: {title}\neffective: 2020-01-01\n---\n{body}\n'
    )


SECTIONS = {
    "06-leave/index.md": page("leave", "6.00", "Leave", "About leave."),
    "06-leave/06-03-annual.md": page("annual-leave", "6.03", "Annual Leave Accrual", "Tiers."),
    "09-work/09-11-breaks.md": page("break-periods", "9.11", "Break Periods", "Breaks."),
    "17-travel/17-08-advances.md": page(
        "travel-advances", "17.08", "Travel Advances and Approval", "Advances."
    ),
}

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "plain_references").glob("*.in.md"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name.split(".")[0] for f in FIXTURES])
def test_fixture_reports_exactly_the_expected_problems(fixture, write_docs):
    docs = write_docs(
        {
            **SECTIONS,
            "13-separations/13-08-pay.md": page("pay", "13.08", "Pay", fixture.read_text()),
        }
    )
    problems = sorted(check_plain_references(load_handbook(docs)))
    expected = fixture.with_name(fixture.name.replace(".in.md", ".out.txt")).read_text()
    assert [str(p) for p in problems] == expected.splitlines()


def test_the_content_check_reports_them_with_the_other_problems(write_docs):
    docs = write_docs(
        {
            **SECTIONS,
            "a.md": page("a", "1.01", "A", "Breaks: see Break Periods.\n\nAlso [[nothing-here]]."),
        }
    )
    with pytest.raises(ContentError) as caught:
        load_checked(docs)
    assert [str(p) for p in caught.value.problems] == [
        'docs/a.md:7: "see Break Periods" names §9.11 Break Periods in plain text, which the '
        "build cannot check — write [[break-periods]]",
        "docs/a.md:9: unknown section 'nothing-here' — check the id in that section's front-matter",
    ]


def test_the_build_refuses_a_reference_to_a_missing_section(tmp_path, caplog):
    config = write_handbook(
        tmp_path,
        {
            "index.md": "# Home\n",
            "06-leave/06-02-approval.md": section_text(
                "leave-approval", "6.02", "Approval of Leave", "Forms are kept (see Leave Records)."
            ),
        },
    )
    message = failed_build(config, tmp_path / "site", caplog)
    assert (
        'docs/06-leave/06-02-approval.md:13: "see Leave Records" names no section of this '
        "handbook — link the section with [[id]], or remove the reference"
    ) in message
