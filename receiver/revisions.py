"""The site's revisions: read ``revision.json`` (a file or a URL) and remember every one seen.

The receiver refuses a receipt for a revision the site never published. It re-reads
``revision.json`` at most every ``REFRESH_SECONDS`` (and at once, throttled, when a receipt names
a revision it does not know yet, so a deploy is picked up without a restart), and keeps every
revision it has seen in ``site_revisions``: receipts for an older revision, signed before a
deploy, are still accepted and checked against that revision's own digests.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from receiver.canonical import canonical_bytes
from receiver.receipts import ReceiptError, check_revision_document
from receiver.store.db import write_transaction
from receiver.store.records import utc_now
from receiver.store.tables import site_revisions

__all__ = ["SiteRevisions", "read_revision_document"]

REFRESH_SECONDS = 30.0
MIN_FORCED_REFRESH_SECONDS = 2.0


def read_revision_document(source: str, timeout: float = 5.0) -> dict[str, Any]:
    """The ``revision.json`` at ``source`` (a path or an http(s) URL).

    Raises:
        ReceiptError: It cannot be read or is not a revision document.
    """
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=timeout) as response:
                raw = response.read()
        else:
            raw = Path(source).read_bytes()
        document = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReceiptError(
            f"{source}: cannot read the site's revision.json ({exc}) — set site_revision in "
            "the receiver configuration to the built site's revision.json (path or URL)"
        ) from exc
    return check_revision_document(document, source)


class SiteRevisions:
    """The current revision (cached) and every revision seen (in the database)."""

    def __init__(self, engine: Engine, source: str) -> None:
        self.engine = engine
        self.source = source
        self._lock = threading.Lock()
        self._current: dict[str, Any] | None = None
        self._read_at = 0.0
        self._known: dict[str, dict[str, Any]] = {}  # revisions never change once published

    def _remember(self, document: dict[str, Any]) -> None:
        with self.engine.connect() as connection:
            seen = connection.execute(
                select(site_revisions.c.revision).where(
                    site_revisions.c.revision == document["revision"]
                )
            ).first()
        if seen:
            return
        try:
            with write_transaction(self.engine) as connection:
                connection.execute(
                    site_revisions.insert().values(
                        revision=document["revision"],
                        revision_date=str(document.get("date") or document["revision"][:10]),
                        document=canonical_bytes(document).decode("utf-8"),
                        first_seen_at=utc_now(),
                    )
                )
        except IntegrityError:  # another process remembered it first
            pass

    def refresh(self, max_age: float = REFRESH_SECONDS) -> dict[str, Any]:
        """Re-read ``revision.json`` if what was read is older than ``max_age`` seconds.

        Raises:
            ReceiptError: It cannot be read and nothing was read before.
        """
        with self._lock:
            age = time.monotonic() - self._read_at
            if self._current is None or age >= max_age:
                try:
                    document = read_revision_document(self.source)
                except ReceiptError:
                    if self._current is None:
                        raise
                else:
                    self._remember(document)
                    self._current = document
                self._read_at = time.monotonic()
            return self._current

    def current(self) -> dict[str, Any]:
        """The revision the site publishes now."""
        return self.refresh()

    def known(self, revision: str) -> dict[str, Any] | None:
        """The document of ``revision`` if the site ever published it, else ``None``."""
        document = self._lookup(revision)
        if document is None:
            self.refresh(MIN_FORCED_REFRESH_SECONDS)
            document = self._lookup(revision)
        return document

    def _lookup(self, revision: str) -> dict[str, Any] | None:
        if revision in self._known:
            return self._known[revision]
        with self.engine.connect() as connection:
            row = connection.execute(
                select(site_revisions.c.document).where(site_revisions.c.revision == revision)
            ).first()
        if row is None:
            return None
        return self._known.setdefault(revision, json.loads(row.document))

    def all(self) -> dict[str, dict[str, Any]]:
        """Every revision seen, by id."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(site_revisions.c.revision, site_revisions.c.document))
            return {row.revision: json.loads(row.document) for row in rows}
