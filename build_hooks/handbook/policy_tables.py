"""Policy tables in pages: each ``policy-table`` fence becomes an HTML table.

Which fences exist and whether they name a known table is checked in
:mod:`build_hooks.content.tables`; the figures come from ``calculators.tables.render``, so what a
reader sees and what the calculators use cannot disagree.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from build_hooks.content.tables import find_tables, table_data

if TYPE_CHECKING:
    from build_hooks.content.index import Section

__all__ = ["UNDRAWABLE_NOTE", "render_tables", "table_html"]


def table_html(name: str, table: Any) -> str:
    """One table as an HTML block (every cell escaped)."""
    head = "".join(f'<th scope="col">{html.escape(str(h))}</th>' for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    note = f'<p class="ph-table-note">{html.escape(table.note)}</p>' if table.note else ""
    return (
        f'<div class="ph-policy-table" data-policy-table="{html.escape(name)}">'
        f"<table><caption>{html.escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</div>"
    )


UNDRAWABLE_NOTE = (
    '<p class="ph-table-note">This table cannot be drawn from this revision\'s policy '
    "parameters with today's calculators; the current section shows it.</p>"
)


def render_tables(
    section: Section, body: str, policy: Mapping[str, Any], *, lenient: bool = False
) -> str:
    """``body`` (the section's body, same lines) with every table fence replaced by its table.

    Args:
        section: The section the body belongs to.
        body: Its Markdown.
        policy: The merged policy the tables are drawn from.
        lenient: A past revision's page: a table its parameters cannot draw any more becomes
            :data:`UNDRAWABLE_NOTE` instead of an error (the build checked the tables of
            the current handbook already).
    """
    blocks = find_tables(body)
    if not blocks:
        return body
    lines = body.split("\n")
    for block in reversed(blocks):
        try:
            rendered = table_html(block.name, table_data(block.name, policy))
        except (LookupError, ValueError, TypeError):  # KeyError, PolicyError, bad values
            if not lenient:
                raise
            rendered = UNDRAWABLE_NOTE
        lines[block.start : block.end] = ["", rendered, ""]
    return "\n".join(lines)
