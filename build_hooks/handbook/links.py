"""Cross-references in pages: each ``[[...]]`` markdown-it recognised becomes a Markdown link.

The references themselves are found and checked by :mod:`build_hooks.content.references`, each
with its exact character offsets in the section body (from the parser's tokens); this module
only splices the links into the body, for the section pages and the print page. Text markdown-it
did not read as a reference (code spans, fenced code, escaped brackets) is never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from build_hooks.content.references import Reference, link_label
from build_hooks.handbook.render import escape_md, relative_link

if TYPE_CHECKING:
    from build_hooks.content.index import Handbook, Section

__all__ = ["HrefFor", "rewrite_references"]

HrefFor = Callable[["Section", "str | None"], str]


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

    Args:
        section: The section whose body is rewritten.
        handbook: The index.
        refs: The section's references (from :func:`collect_references`); those naming an
            unknown section or without a place in the body are left as written.
        href_for: Link target for ``(target section, anchor)``; default: the relative ``.md``
            link to the target's own page (the whole-handbook print page links in-page).

    Raises:
        ValueError: A reference's offsets do not hold its text (the body is not the one the
            references were collected from).
    """
    body = section.body
    placed = sorted(
        (ref.start, ref.end, ref)
        for ref in refs
        if ref.start is not None and ref.end is not None and ref.target in handbook.by_id
    )
    pieces: list[str] = []
    last = 0
    for start, end, ref in placed:
        if body[start:end] != ref.raw or start < last:
            raise ValueError(
                f"{section.source}:{ref.line}: {ref.raw} is not at offset {start} of the "
                "body — rewrite the references of the body they were collected from"
            )
        pieces.append(body[last:start])
        pieces.append(_markdown_link(ref, section, handbook, href_for))
        last = end
    pieces.append(body[last:])
    return "".join(pieces)
