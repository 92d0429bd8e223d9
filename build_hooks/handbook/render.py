"""Markdown and HTML fragments the build adds to pages, all escaped.

Every string that comes from front-matter or settings passes through :func:`escape_md` (inside
Markdown) or :func:`html.escape` (inside HTML) before it reaches a page.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from datetime import date

from build_hooks.content.index import Handbook, Section

__all__ = [
    "escape_md",
    "human_date",
    "relative_link",
    "section_header",
    "time_tag",
]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape_md(text: str) -> str:
    """Escape author text for use inside Markdown: HTML-escaped and Markdown-inert."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def human_date(value: date) -> str:
    """``March 28, 2002``."""
    return f"{value:%B} {value.day}, {value.year}"


def time_tag(value: date) -> str:
    """A ``<time>`` element with a machine-readable date."""
    return f'<time datetime="{value.isoformat()}">{human_date(value)}</time>'


def relative_link(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A relative ``.md`` link from one docs page to another, as MkDocs expects.

    Args:
        from_uri: The linking page's ``src_uri`` (e.g. ``06-leave/06-03-annual.md``).
        to_uri: The target page's ``src_uri``.
        anchor: Optional heading anchor in the target.

    Returns:
        The link target, e.g. ``../13-separations/13-08-separation-pay.md#payout``.
    """
    target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{target}#{anchor}" if anchor else target


def _meta_row(term: str, definition: str) -> str:
    return f"<div><dt>{html.escape(term)}</dt><dd>{definition}</dd></div>"


def section_header(section: Section) -> str:
    """The header every section page starts with: number, title, dates, owner, legal references.

    Rendered from front-matter so authors never retype it and every page looks the same.

    Args:
        section: The section.

    Returns:
        Markdown (an H1 and an HTML block), ending with a blank line.
    """
    heading = f"{section.number} {section.title}" if section.number else section.title
    rows = [_meta_row("Effective", time_tag(section.effective))]
    if section.revised:
        rows.append(_meta_row("Last revised", time_tag(section.revised)))
    if section.owner:
        rows.append(_meta_row("Owner", html.escape(section.owner)))
    if section.audience:
        rows.append(_meta_row("Applies to", html.escape(", ".join(section.audience))))
    if section.legal_refs:
        items = "".join(f"<li>{html.escape(ref)}</li>" for ref in section.legal_refs)
        rows.append(_meta_row("Legal references", f"<ul>{items}</ul>"))
    summary = (
        f'<p class="ph-summary">{html.escape(section.summary)}</p>\n' if section.summary else ""
    )
    return (
        f"# {escape_md(heading)}\n\n"
        f'<div class="ph-section-meta" data-section-id="{html.escape(section.id)}">\n'
        f"<dl>{''.join(rows)}</dl>\n{summary}</div>\n\n"
    )


def link_list(from_uri: str, sections: Iterable[Section], *, with_summary: bool = False) -> str:
    """A Markdown bullet list of links to sections, labelled ``§6.03 Title``."""
    lines = []
    for target in sections:
        line = f"- [{escape_md(target.label)}]({relative_link(from_uri, target.src_uri)})"
        if with_summary and target.summary:
            line += f" — {escape_md(target.summary)}"
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def section_footer(section: Section, handbook: Handbook, referenced_by: Iterable[str]) -> str:
    """What every section page ends with: its history (collapsed), "Referenced by", "See also".

    Args:
        section: The page's section.
        handbook: The index (to resolve ids to numbers, titles and pages).
        referenced_by: Ids of the sections that link to this one (any order).

    Returns:
        Markdown starting with a blank line; empty parts are left out.
    """
    parts = [""]
    backlinks = sorted(
        (handbook.by_id[i] for i in set(referenced_by) if i in handbook.by_id),
        key=lambda s: (s.sort_key, s.id),
    )
    if backlinks:
        parts.append("## Referenced by {: #referenced-by .ph-backlinks }\n")
        parts.append(link_list(section.src_uri, backlinks))
    related = [handbook.by_id[i] for i in dict.fromkeys(section.related) if i in handbook.by_id]
    if related:
        parts.append("## See also {: #see-also .ph-related }\n")
        parts.append(link_list(section.src_uri, related))
    if section.history:
        noun = "change" if len(section.history) == 1 else "changes"
        parts.append(f'??? info "History of this section ({len(section.history)} {noun})"\n')
        for entry in section.history:
            parts.append(f"    - {time_tag(entry.date)} — {escape_md(entry.note)}")
        parts.append("")
    return "\n".join(parts) + "\n" if len(parts) > 1 else ""
