"""The Markdown of section bodies as the build's checks read it: one shared, cached parser.

Every module that reads a section body (references, plain-text references, policy tables, the
print page's headings, the body safety check) uses :func:`section_parser`, so they all agree on
what is code, what is a heading and what is a reference:

* CommonMark plus tables (the ``tables`` extension of the site);
* indented code switched off: in this handbook indentation means an admonition's or a tab's
  content (``!!! note``, ``=== "Tab"``, Python-Markdown extensions), never code;
* ``[[id]]``, ``[[id#anchor]]``, ``[[id|text]]`` become ``xref`` tokens. The inline rule records
  what it found in ``token.meta`` and a core rule run after inline parsing adds where it is in
  the source: ``line`` (0-based line of the body), ``column`` (0-based), ``start`` and ``end``
  (character offsets in the body), ``raw`` (the source text ``body[start:end]``). A reference in
  a code span or a fenced block is text, not a token, so it never gets rewritten.

The positions are exact for references inside blockquotes, lists, admonitions and tabs (the
block prefix a content line lost is found again), tables (cells left to right, ``\\|`` in a cell
is one ``|`` of the content), several per line, and after escapes and code spans. Bodies are
``\\n``-only text, as :func:`~build_hooks.content.frontmatter.parse_file` reads them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from collections.abc import Iterator

    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

__all__ = ["XREF", "inline_tokens", "section_parser", "section_tokens"]

# [[id]], [[id#anchor]], [[id|text]], [[id#anchor|text]] — no brackets or line breaks inside.
XREF = re.compile(
    r"\[\[(?P<id>[^\[\]\n|#]*)(?:#(?P<anchor>[^\[\]\n|]*))?(?:\|(?P<text>[^\[\]\n]*))?\]\]"
)


def _stripped(value: str | None) -> str | None:
    return value.strip() if value is not None else None


def _xref_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``[[...]]`` at the current position becomes one ``xref`` token."""
    if not state.src.startswith("[[", state.pos):
        return False
    match = XREF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("xref", "", 0)
        token.meta = {
            "id": match["id"].strip(),
            "anchor": _stripped(match["anchor"]),
            "text": _stripped(match["text"]),
            "raw": match.group(0),
            # where in the inline run (token.content of the parent): mapped to the body below
            "content_start": state.pos,
            "content_end": match.end(),
            "line": None,
            "column": None,
            "start": None,
            "end": None,
        }
    state.pos = match.end()
    return True


def _align(content: str, source: str, start: int) -> list[int] | None:
    """Source column of each character of one content line, plus its end column.

    markdown-it hands the inline rules each line without its block prefix (indentation,
    ``>``, list markers, table pipes; tabs there may come back as spaces) and, in table cells,
    with ``\\|`` unescaped to ``|``. The line's text after its leading whitespace is found in the
    source line at or after ``start``; leading whitespace characters map to -1.

    Returns:
        ``len(content) + 1`` columns, or None when the line cannot be found.
    """
    body = content.lstrip()
    lead = len(content) - len(body)
    if not body:
        return [-1] * lead + [start]
    candidate = source.find(body[0], start)
    while candidate >= 0:
        columns = [-1] * lead
        i, j = 0, candidate
        while i < len(body) and j < len(source):
            if body[i] == source[j]:
                columns.append(j)
                i, j = i + 1, j + 1
            elif body[i] == "|" and source.startswith("\\|", j):
                columns.append(j)
                i, j = i + 1, j + 2
            else:
                break
        if i == len(body):
            return [*columns, j]
        candidate = source.find(body[0], candidate + 1)
    return None


def _xref_positions(state: StateCore) -> None:
    """Core rule after ``inline``: give every top-level ``xref`` token its place in the body."""
    if "[[" not in state.src:
        return
    lines = state.src.split("\n")
    line_start = [0]
    for line in lines:
        line_start.append(line_start[-1] + len(line) + 1)
    cursor: dict[int, int] = {}  # per source line: where the previous inline run on it ended
    for token in state.tokens:
        if token.type != "inline" or token.map is None:
            continue
        content_lines = token.content.split("\n")
        columns: list[list[int] | None] = []
        for k, content in enumerate(content_lines):
            number = token.map[0] + k
            if number >= len(lines):
                columns.append(None)
                continue
            found = _align(content, lines[number], cursor.get(number, 0))
            columns.append(found)
            if found is not None:
                cursor[number] = found[-1]
        xrefs = [child for child in token.children or () if child.type == "xref"]
        if not xrefs:
            continue
        content_line_start = [0]
        for content in content_lines:
            content_line_start.append(content_line_start[-1] + len(content) + 1)
        for xref in xrefs:
            meta: dict[str, Any] = xref.meta
            k = token.content.count("\n", 0, meta["content_start"])
            number = token.map[0] + k
            meta["line"] = number
            found = columns[k]
            if found is None:
                continue
            first = found[meta["content_start"] - content_line_start[k]]
            last = found[meta["content_end"] - content_line_start[k]]
            meta["column"] = first
            meta["start"] = line_start[number] + first
            meta["end"] = line_start[number] + last
            meta["raw"] = state.src[meta["start"] : meta["end"]]


def _accept_every_link(url: str) -> bool:
    return True


@cache
def section_parser(*, every_link: bool = False) -> MarkdownIt:
    """The parser for section bodies (see the module docstring); one instance per option.

    Parsing is stateless (each call gets its own environment), so the instances are shared.

    Args:
        every_link: Keep every link and image, whatever its URL. By default markdown-it drops
            ``javascript:``, ``vbscript:``, ``file:`` and most ``data:`` links (they stay text);
            a check that must see every link Python-Markdown would render asks for all of them.
    """
    md = MarkdownIt("commonmark").enable("table").disable("code")
    md.inline.ruler.before("link", "xref", _xref_rule)
    md.core.ruler.after("inline", "xref_positions", _xref_positions)
    if every_link:
        md.validateLink = _accept_every_link  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=8192)
def section_tokens(body: str, *, every_link: bool = False) -> tuple[Token, ...]:
    """The tokens of ``body`` (:func:`section_parser`), parsed once for all the checks.

    Five readers look at each body in a build (references, anchors, plain references, body
    safety, the print page); a build parses each body once instead of five times. The cache is
    keyed by the text itself, so an edited section is parsed again and nothing stale survives
    a rebuild. The tokens are shared: readers must not change them.
    """
    return tuple(section_parser(every_link=every_link).parse(body))


def inline_tokens(body: str) -> Iterator[tuple[int, Token]]:
    """(0-based line of the block, inline token) for every inline run in ``body``."""
    for token in section_tokens(body):
        if token.type == "inline" and token.map is not None:
            yield token.map[0], token
