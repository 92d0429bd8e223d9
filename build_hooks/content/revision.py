"""Revisions: the revision id, per-section digests and what changed in a revision.

A revision id binds an acknowledgement to the exact text an employee read: the revision date
from ``mkdocs.yml`` plus a short digest over every section's source. Editing any section, even a
comma, gives a new id; the per-section digests say which sections differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from build_hooks.content.index import Handbook, Section
    from build_hooks.content.settings import HandbookSettings

__all__ = [
    "DIGEST_LENGTH",
    "Change",
    "changes_between",
    "revision_document",
    "revision_id",
]

DIGEST_LENGTH = 12  # hex characters of sha256 kept in the revision id


@dataclass(frozen=True)
class Change:
    """One history entry of one section: what changed, when."""

    section: Section
    date: date
    note: str


def revision_id(handbook: Handbook, revision: date) -> str:
    """``<revision date>-<first 12 hex of sha256 over all sources in src_uri order>``.

    Each source contributes its ``src_uri``, a NUL, its own sha256 and a newline, so renaming or
    moving a section changes the id as much as editing it does.
    """
    digest = hashlib.sha256()
    for section in sorted(handbook, key=lambda s: s.src_uri):
        digest.update(f"{section.src_uri}\0{section.digest}\n".encode())
    return f"{revision.isoformat()}-{digest.hexdigest()[:DIGEST_LENGTH]}"


def changes_between(handbook: Handbook, after: date | None, upto: date) -> list[Change]:
    """History entries dated after ``after`` (exclusive) and up to ``upto`` (inclusive).

    Ordered newest first, then by section number.
    """
    changes = [
        Change(section, entry.date, entry.note)
        for section in handbook
        for entry in section.history
        if (after is None or entry.date > after) and entry.date <= upto
    ]
    return sorted(changes, key=lambda c: (-c.date.toordinal(), c.section.sort_key))


def revision_document(
    handbook: Handbook, settings: HandbookSettings, site_urls: Mapping[str, str]
) -> dict[str, Any]:
    """The published ``revision.json``: revision id, statement and section digests, changes.

    Args:
        handbook: This build's index.
        settings: ``extra.handbook`` (revision date, previous revision, organization).
        site_urls: Section id → page URL relative to the site root (``06-leave/06-03-x/``).
    """
    changed = changes_between(handbook, settings.previous_revision, settings.revision)
    return {
        "organization": settings.organization,
        "revision": revision_id(handbook, settings.revision),
        "date": settings.revision.isoformat(),
        "previous_revision": (
            settings.previous_revision.isoformat() if settings.previous_revision else None
        ),
        # sha256 of the acknowledgement statement, so `verify` can tell a changed statement
        "statement_sha256": hashlib.sha256(
            settings.acknowledgement.statement.strip().encode("utf-8")  # as the page sends it
        ).hexdigest(),
        "sections": {
            section.id: {
                "number": section.number,
                "title": section.title,
                "url": site_urls.get(section.id, ""),
                "digest": section.digest,
            }
            for section in handbook
        },
        "changed": [
            {
                "id": change.section.id,
                "number": change.section.number,
                "title": change.section.title,
                "url": site_urls.get(change.section.id, ""),
                "date": change.date.isoformat(),
                "note": change.note,
            }
            for change in changed
        ],
    }
