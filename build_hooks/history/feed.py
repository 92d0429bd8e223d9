"""The Atom feed of revisions (``/revisions.atom``), written with feedgen.

Why feedgen: the maintained Python feed writer (lkiesow/python-feedgen, 1.0.0), producing valid
Atom through lxml, which escapes every text it is given for XML. One entry per revision, newest
first, listing the sections that changed with their history notes; entry ids and times are
derived from the revision date only, so the feed of a rebuild is byte-identical.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from build_hooks.history.compare import RevisionChanges
from build_hooks.history.snapshot import Snapshot

__all__ = ["FEED_URI", "FeedRevision", "revisions_feed"]

FEED_URI = "revisions.atom"


@dataclass(frozen=True)
class FeedRevision:
    """One revision for the feed: its snapshot and what changed since the one before."""

    snapshot: Snapshot
    changes: RevisionChanges | None  # None for the first recorded revision


def _human(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _entry_html(revision: FeedRevision, url_of: Callable[[str], str]) -> str:
    if revision.changes is None:
        count = len(revision.snapshot)
        return f"<p>The first recorded revision: {count} section{'s' if count != 1 else ''}.</p>"
    if not revision.changes.sections:
        return "<p>No section changed in this revision.</p>"
    items = []
    for change in revision.changes.sections:
        label = html.escape(change.summary())
        href = url_of(change.id) if change.new is not None else ""
        line = f'<a href="{html.escape(href)}">{label}</a>' if href else label
        notes = "".join(f" — {html.escape(note)}" for _, note in change.notes)
        items.append(f"<li>{line}{notes}</li>")
    return f"<ul>{''.join(items)}</ul>"


def revisions_feed(
    organization: str,
    site_url: str,
    revisions: Sequence[FeedRevision],
    url_of: Callable[[str], str],
) -> bytes:
    """The Atom document.

    Args:
        organization: The feed's title and author.
        site_url: The site's absolute URL, ending with ``/``.
        revisions: Oldest first; the feed lists them newest first.
        url_of: Section id → absolute URL of its current page.

    Returns:
        UTF-8 XML.
    """
    revisions_url = f"{site_url}revisions/"
    generator = FeedGenerator()
    generator.id(f"{site_url}{FEED_URI}")
    generator.title(f"{organization} — Employee Handbook revisions")
    generator.author({"name": organization})
    generator.link(href=f"{site_url}{FEED_URI}", rel="self", type="application/atom+xml")
    generator.link(href=revisions_url, rel="alternate", type="text/html")
    generator.language("en")
    newest = max((r.snapshot.date for r in revisions), default=date(1970, 1, 1))
    generator.updated(_midnight(newest))
    for revision in revisions:  # feedgen puts each new entry first
        day = revision.snapshot.date
        entry = generator.add_entry()
        entry.id(f"{revisions_url}#r{day.isoformat()}")
        entry.title(f"Revision of {_human(day)}")
        entry.link(href=f"{revisions_url}#r{day.isoformat()}", rel="alternate", type="text/html")
        entry.updated(_midnight(day))
        entry.published(_midnight(day))
        entry.content(_entry_html(revision, url_of), type="html")
    return generator.atom_str(pretty=True, encoding="UTF-8")
