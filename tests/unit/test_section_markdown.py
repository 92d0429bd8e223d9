"""The shared section parser: one cached instance per option, exact places of ``[[...]]``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_hooks.content.markdown import section_parser


def xrefs(body: str) -> list[dict]:
    """The meta of every top-level ``xref`` token of ``body``, in order."""
    return [
        child.meta
        for token in section_parser().parse(body)
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "xref"
    ]


def test_one_cached_parser_per_option():
    assert section_parser() is section_parser()
    assert section_parser(every_link=True) is section_parser(every_link=True)
    assert section_parser(every_link=True) is not section_parser()


def test_every_link_keeps_links_markdown_it_would_drop():
    body = "[click](javascript:alert(1))"

    def link_hrefs(every_link: bool) -> list[str]:
        tokens = section_parser(every_link=every_link).parse(body)[1].children or []
        return [str(t.attrs["href"]) for t in tokens if t.type == "link_open"]

    assert link_hrefs(False) == []
    assert link_hrefs(True) == ["javascript:alert(1)"]


def test_places_are_line_column_and_offsets_in_the_body():
    body = (
        "Intro `[[a]]` then [[a]].\n"  # the code span's copy is text, the second is the token
        "\n"
        "| x | y |\n"
        "| --- | --- |\n"
        "| [[b\\|label]] | [[c#h]] |\n"
        "\n"
        "!!! note\n"
        "\n"
        "\t> [[d]]\n"
    )
    found = [(m["id"], m["line"], m["column"], m["start"], m["end"], m["raw"]) for m in xrefs(body)]
    assert found == [
        ("a", 0, 19, 19, 24, "[[a]]"),
        ("b", 4, 2, 53, 65, "[[b\\|label]]"),
        ("c", 4, 17, 68, 75, "[[c#h]]"),
        ("d", 8, 3, 92, 97, "[[d]]"),
    ]
    assert xrefs(body)[1]["text"] == "label"


PIECES = [
    "[[a]]", "[[b|t]]", "[[c\\|u]]", "`[[d]]`", "\\[[e]]", "``x[[f]]``", "*", "**", " ", "\t",
    "|", "\\|", ">", "- ", "1. ", "#", "## ", "\n", "\n\n", "    ", "text", "[l](u)",
    "!!! note\n", '=== "Tab"\n', "| --- |", "```", "~~~", "<b>", "&amp;", "  \n", "-----",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join))
def test_every_reference_is_placed_on_its_own_source_text(body):
    spans = []
    for meta in xrefs(body):
        start, end = meta["start"], meta["end"]
        assert start is not None, meta
        assert body[start:end] == meta["raw"]
        assert body.split("\n")[meta["line"]][meta["column"] :].startswith(meta["raw"])
        spans.append((start, end))
    # Replacing exactly those spans leaves no reference behind (the right copy was found, not
    # one inside a code span); "Q" joins surrounding brackets into new references, ignored.
    pieces, last = [], 0
    for start, end in sorted(spans):
        pieces += [body[last:start], "Q"]
        last = end
    pieces.append(body[last:])
    assert [m["raw"] for m in xrefs("".join(pieces)) if "Q" not in m["raw"]] == []


def test_no_module_makes_a_parser_of_its_own():
    """Every check reads section Markdown the same way: through :func:`section_parser`."""
    from tests.conftest import REPO

    factory = REPO / "build_hooks" / "content" / "markdown.py"
    others = [
        path.relative_to(REPO).as_posix()
        for path in sorted((REPO / "build_hooks").rglob("*.py"))
        if path != factory and "MarkdownIt(" in path.read_text(encoding="utf-8")
    ]
    assert others == [], (
        "use build_hooks.content.markdown.section_parser() (every_link=True to see every link) "
        "instead of MarkdownIt(...)"
    )
