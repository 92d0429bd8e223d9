"""Cross-references in pages: each ``[[...]]`` markdown-it recognised becomes a Markdown link.

The references themselves are found and checked by :mod:`build_hooks.content.references`; this
module only writes them back into a section body, for the section pages and the print page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from build_hooks.content.references import XREF, Reference, link_label
from build_hooks.handbook.render import escape_md, relative_link

if TYPE_CHECKING:
    from build_hooks.content.index import Handbook, Section

__all__ = ["HrefFor", "rewrite_references"]

HrefFor = Callable[["Section", "str | None"], str]


def _code_span_ranges(line: str) -> list[tuple[int, int]]:
    """Character ranges of backtick code spans on one line (CommonMark's matching run rule)."""
    ranges = []
    pos = 0
    while True:
        start = line.find("`", pos)
        if start < 0:
            return ranges
        run = len(line[start:]) - len(line[start:].lstrip("`"))
        fence = "`" * run
        end = start + run
        while True:
            close = line.find(fence, end)
            if close < 0:
                return ranges
            after = close + run
            if after < len(line) and line[after] == "`":
                end = after + len(line[after:]) - len(line[after:].lstrip("`"))
                continue
            ranges.append((start, after))
            pos = after
            break


def _markdown_link(
    ref: Reference, section: Section, handbook: Handbook, href_for: HrefFor | None
) -> str:
    target = handbook.by_id[ref.target]
    text = escape_md(ref.text) if ref.text else escape_md(link_label(target))
    if href_for is not None:
        href = href_for(target, ref.anchor)
    else:
        href = relative_link(section.src_uri, target.src_uri, ref.anchor)
    return f"[{text}]({href})"


def rewrite_references(
    section: Section,
    handbook: Handbook,
    refs: Iterable[Reference],
    href_for: HrefFor | None = None,
) -> str:
    """The section body with each reference replaced by an ordinary relative Markdown link.

    Only the occurrences markdown-it recognised are replaced (matched line by line, in order,
    skipping ``[[...]]`` inside code spans), so literal text in code stays as written.

    Args:
        section: The section whose body is rewritten.
        handbook: The index.
        refs: The section's references (from :func:`collect_references`).
        href_for: Link target for ``(target section, anchor)``; default: the relative ``.md``
            link to the target's own page (the whole-handbook print page links in-page).
    """
    by_line: dict[int, list[Reference]] = defaultdict(list)
    for ref in refs:
        if ref.target in handbook.by_id:
            by_line[ref.line - section.body_line].append(ref)
    if not by_line:
        return section.body
    lines = section.body.split("\n")
    for index, wanted in by_line.items():
        line = lines[index]
        in_code = _code_span_ranges(line)
        pieces: list[str] = []
        last = 0
        queue = list(wanted)
        for match in XREF.finditer(line):
            if not queue:
                break
            if any(a <= match.start() < b for a, b in in_code):
                continue
            if match.group(0) != queue[0].raw:
                continue
            ref = queue.pop(0)
            pieces.append(line[last : match.start()])
            pieces.append(_markdown_link(ref, section, handbook, href_for))
            last = match.end()
        pieces.append(line[last:])
        lines[index] = "".join(pieces)
    return "\n".join(lines)
