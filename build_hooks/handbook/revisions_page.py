"""The generated revisions page (``/revisions/``): every change, grouped by date, newest first."""

from __future__ import annotations

import html
from itertools import groupby
from typing import TYPE_CHECKING

from build_hooks.content.references import link_label
from build_hooks.content.revision import changes_between
from build_hooks.handbook.render import escape_md, human_date, relative_link, time_tag
from build_hooks.state import HomeLink

if TYPE_CHECKING:
    from datetime import date

    from build_hooks.content.index import Handbook, Section
    from build_hooks.content.settings import HandbookSettings

__all__ = ["PAGE_URI", "revisions_page"]

PAGE_URI = "revisions/index.md"


def revisions_page(handbook: Handbook, settings: HandbookSettings, revision_id: str) -> str:
    """Markdown of the revisions page.

    The current revision comes first with its id and the sections it changed; then every dated
    change in the handbook's history, grouped by date, newest first, each linking to its section.

    Args:
        handbook: This build's index.
        settings: ``extra.handbook`` (current and previous revision dates).
        revision_id: The current revision id (:func:`build_hooks.content.revision.revision_id`).
    """
    current = changes_between(handbook, settings.previous_revision, settings.revision)
    since = (
        f" since the revision of {human_date(settings.previous_revision)}"
        if settings.previous_revision
        else ""
    )
    parts = [
        # every line here repeats a section's own history: searching it would only send readers
        # to this page instead of the section (and double the search index Material loads)
        "---\ntitle: Revisions\nsearch:\n  exclude: true\n---\n",
        "# Revisions\n",
        '<div class="ph-current-revision">\n'
        f"<p>Current revision: {time_tag(settings.revision)} — revision id "
        f"<code>{html.escape(revision_id)}</code></p>\n</div>\n",
        "The revision id changes whenever any section's text changes; an acknowledgement "
        "records the id of the revision the employee read.\n",
        f"## Changed in this revision{since} {{: #current }}\n",
    ]
    if current:
        parts.extend(_change_line(c.section, c.note) for c in current)
        parts.append("")
    else:
        parts.append("No section records a change in this revision.\n")
    parts.append("## All changes, newest first {: #all }\n")
    changes = changes_between(handbook, None, _latest(handbook, settings.revision))
    for day, group in groupby(changes, key=lambda c: c.date):
        entries = list(group)
        upcoming = " (not yet in force)" if day > settings.revision else ""
        parts.append(f"### {human_date(day)}{upcoming} {{: #d{day:%Y-%m-%d} }}\n")
        parts.extend(_change_line(c.section, c.note) for c in entries)
        parts.append("")
    return "\n".join(parts) + "\n"


def _change_line(section: Section, note: str) -> str:
    link = relative_link(PAGE_URI, section.src_uri)
    return f"- [{escape_md(link_label(section))}]({link}) — {escape_md(note)}"


def _latest(handbook: Handbook, default: date) -> date:
    return max((entry.date for section in handbook for entry in section.history), default=default)


def revisions_link() -> HomeLink:
    """The home page quick link to this page."""
    return HomeLink(PAGE_URI, "Revisions", "What changed in each revision of the handbook")
