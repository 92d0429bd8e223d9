"""The whole handbook on one page (``/print/``), for printing or saving as PDF.

Every section in number order, each with its header (number, title, dates, owner), its body with
headings demoted one level, its policy tables, and cross-references turned into links within the
page. Chapters start on a new sheet of paper. The page is left out of search results, which
already cover each section's own page.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from build_hooks.content.markdown import section_tokens
from build_hooks.content.references import References
from build_hooks.handbook.links import rewrite_references
from build_hooks.handbook.policy_tables import render_tables
from build_hooks.handbook.render import escape_md, time_tag
from build_hooks.state import HomeLink

if TYPE_CHECKING:
    from build_hooks.content.index import Handbook, Section
    from build_hooks.content.settings import HandbookSettings

__all__ = ["PAGE_URI", "print_link", "print_page", "sections_markdown"]

PAGE_URI = "print/index.md"


def _anchor(section: Section) -> str:
    return f"s-{section.id}"


def demote_headings(body: str) -> str:
    """Add one ``#`` to every ATX heading (code blocks untouched), so ``##`` becomes ``###``."""
    lines = body.split("\n")
    for token in section_tokens(body):
        if token.type == "heading_open" and token.markup.startswith("#") and token.map:
            index = token.map[0]
            stripped = lines[index].lstrip()
            indent = lines[index][: len(lines[index]) - len(stripped)]
            if len(token.markup) < 6:
                lines[index] = f"{indent}#{stripped}"
    return "\n".join(lines)


def _meta(section: Section) -> str:
    parts = [f"Effective {time_tag(section.effective)}"]
    if section.revised:
        parts.append(f"last revised {time_tag(section.revised)}")
    if section.owner:
        parts.append(f"owner: {html.escape(section.owner)}")
    return f'<p class="ph-print-meta">{" · ".join(parts)}</p>\n'


def print_page(
    handbook: Handbook,
    settings: HandbookSettings,
    references: References,
    policy: Mapping[str, Any],
) -> str:
    """Markdown of the whole-handbook page."""
    parts = [
        "---\ntitle: Whole handbook\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n",
        f"# {escape_md(settings.organization)} Employee Handbook\n",
        f'<p class="ph-revision">Revision of {time_tag(settings.revision)}</p>\n',
        '<p class="ph-print-intro">Every section on one page: use your browser\'s Print command '
        "to print the whole handbook or save it as PDF. Each chapter starts on a new page.</p>\n",
    ]
    parts.extend(sections_markdown(handbook, references, policy))
    return "\n".join(parts)


def sections_markdown(
    handbook: Handbook,
    references: References,
    policy: Mapping[str, Any] | None,
    after_heading: Callable[[Section], str] | None = None,
    *,
    archive: bool = False,
) -> list[str]:
    """Every section as ``##`` heading (anchor ``s-<id>``), meta line and body, in order.

    Shared with the archive pages; ``after_heading`` adds HTML under each heading, ``archive``
    draws tables leniently (:func:`~build_hooks.handbook.policy_tables.render_tables`).
    """

    def href_for(target: Section, anchor: str | None) -> str:
        return f"#{_anchor(target)}"

    parts = []
    for section in handbook:
        heading = f"{section.number} {section.title}" if section.number else section.title
        classes = " .ph-print-chapter" if section.is_chapter else ""
        parts.append(f"## {escape_md(heading)} {{: #{_anchor(section)}{classes} }}\n")
        parts.append(_meta(section))
        if after_heading is not None:
            parts.append(after_heading(section))
        body = rewrite_references(
            section, handbook, references.outgoing.get(section.id, ()), href_for
        )
        body = render_tables(section, body, policy, lenient=archive)
        parts.append(demote_headings(body).strip() + "\n")
    return parts


def print_link() -> HomeLink:
    """The home page quick link to this page."""
    return HomeLink(
        PAGE_URI, "Whole handbook", "Every section on one page, to print or save as PDF"
    )
