"""Cross-references: parsing, line numbers, errors with suggestions, rewriting, backlinks."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_hooks.content.checked import load_checked
from build_hooks.content.index import load_handbook
from build_hooks.content.problems import ContentError
from build_hooks.content.references import collect_references, heading_anchors
from build_hooks.handbook.links import rewrite_references


def page(id: str, number: str, title: str, body: str, **extra: str) -> str:
    lines = ["---", f"id: {id}", f'number: "{number}"', f"title: {title}"]
    lines.append("effective: 2020-01-01")
    lines += [f"{key}: {value}" for key, value in extra.items()]
    lines += ["---", body]
    return "\n".join(lines) + "\n"


@pytest.fixture
def leave_docs(write_docs):
    return write_docs(
        {
            "06-leave/index.md": page("leave", "6.00", "Leave", "About leave."),
            "06-leave/06-03-annual.md": page(
                "annual-leave",
                "6.03",
                "Annual Leave Accrual",
                "Intro.\n\n## How much you earn\n\nTiers.\n\n## Caps {#caps}\n\nCaps.",
            ),
            "13-separations/13-08-pay.md": page(
                "separation-pay",
                "13.08",
                "Calculation of Separation Pay",
                "See [[annual-leave]] and [[annual-leave#caps|the caps]].\n"
                "Also [[leave]] and [[annual-leave#how-much-you-earn]].\n"
                "\n"
                "Literal: `[[annual-leave]]` stays, as does\n"
                "\n"
                "```\n[[annual-leave]]\n```\n"
                "\n"
                "!!! note\n"
                "\n"
                "    Admonition text with [[leave]].\n",
            ),
        }
    )


def test_references_are_found_with_their_file_lines(leave_docs):
    handbook = load_handbook(leave_docs)
    references, problems = collect_references(handbook)
    assert problems == []
    refs = references.outgoing["separation-pay"]
    assert [(r.target, r.anchor, r.text, r.line, r.column) for r in refs] == [
        ("annual-leave", None, None, 7, 5),
        ("annual-leave", "caps", "the caps", 7, 26),
        ("leave", None, None, 8, 6),
        ("annual-leave", "how-much-you-earn", None, 8, 20),
        ("leave", None, None, 18, 26),
    ]
    body = leave_docs.joinpath("13-separations/13-08-pay.md").read_text().split("---\n", 2)[2]
    assert [body[r.start : r.end] for r in refs] == [r.raw for r in refs]
    assert sorted(references.referenced_by("annual-leave")) == ["separation-pay"]


def test_rewrite_gives_relative_links_and_keeps_code_literal(leave_docs):
    handbook = load_handbook(leave_docs)
    references, _ = collect_references(handbook)
    section = handbook.by_id["separation-pay"]
    body = rewrite_references(section, handbook, references.outgoing[section.id])
    assert body == (
        "See [§6.03 Annual Leave Accrual](../06-leave/06-03-annual.md) and "
        "[the caps](../06-leave/06-03-annual.md#caps).\n"
        "Also [Chapter 6: Leave](../06-leave/index.md) and "
        "[§6.03 Annual Leave Accrual](../06-leave/06-03-annual.md#how-much-you-earn).\n"
        "\n"
        "Literal: `[[annual-leave]]` stays, as does\n"
        "\n"
        "```\n[[annual-leave]]\n```\n"
        "\n"
        "!!! note\n"
        "\n"
        "    Admonition text with [Chapter 6: Leave](../06-leave/index.md).\n\n"
    )


def test_heading_anchors_follow_toc_slugs_and_attr_list_ids(leave_docs):
    handbook = load_handbook(leave_docs)
    assert heading_anchors(handbook.by_id["annual-leave"]) == {"how-much-you-earn", "caps"}


def test_unknown_id_and_anchor_are_all_reported_with_suggestions(write_docs):
    docs = write_docs(
        {
            "a.md": page("annual-leave", "6.03", "Annual", "## Caps\n\nText."),
            "b.md": page("b", "6.04", "B", "Text [[anual-leave]].\n\nMore [[zzz-nothing]]."),
            "c.md": page("c", "6.05", "C", "One\ntwo [[annual-leave#cap]] and [[]]."),
        }
    )
    with pytest.raises(ContentError) as caught:
        load_checked(docs)
    assert [str(p) for p in caught.value.problems] == [
        "docs/b.md:7: unknown section 'anual-leave' — did you mean 'annual-leave'?",
        "docs/b.md:9: unknown section 'zzz-nothing' — check the id in that section's front-matter",
        "docs/c.md:8: [[]] names no section — write [[section-id]]",
        "docs/c.md:8: unknown anchor '#cap' in section 'annual-leave' — did you mean '#caps'?",
    ]


def test_escaped_brackets_are_not_references(write_docs):
    docs = write_docs({"a.md": page("a", "1.01", "A", r"Write \[[id]] to link.")})
    handbook = load_handbook(docs)
    references, problems = collect_references(handbook)
    assert problems == [] and references.outgoing["a"] == ()


def test_check_cli_reports_broken_references(write_docs):
    import subprocess
    import sys

    from tests.conftest import REPO

    docs = write_docs({"a.md": page("a", "1.01", "A", "See [[b]].")})
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks", "check", str(docs)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert "a.md:7: unknown section 'b'" in result.stdout


FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "xref").glob("*.in.md"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name.split(".")[0] for f in FIXTURES])
def test_fixture_input_rewrites_to_expected_output(fixture, write_docs):
    body = fixture.read_text()
    docs = write_docs(
        {
            "06-leave/index.md": page("leave", "6.00", "Leave", "About leave."),
            "06-leave/06-03-annual.md": page(
                "annual-leave",
                "6.03",
                "Annual Leave Accrual",
                "## How much you earn\n\nTiers.\n\n## Caps\n\nCaps.",
            ),
            "13-separations/13-08-pay.md": page("pay", "13.08", "Pay", body),
        }
    )
    handbook = load_handbook(docs)
    references, problems = collect_references(handbook)
    assert problems == []
    section = handbook.by_id["pay"]
    rewritten = rewrite_references(section, handbook, references.outgoing["pay"])
    expected = fixture.with_name(fixture.name.replace(".in.md", ".out.md")).read_text()
    assert rewritten.rstrip("\n") == expected.rstrip("\n")
