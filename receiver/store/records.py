"""Appending signed records (idempotent per kind and key) and reading them back.

Appends are serialised (a process lock, plus ``BEGIN IMMEDIATE`` on SQLite or a transaction
advisory lock on PostgreSQL across processes), because each row's hash covers the previous
row's hash and ``seq`` is the previous ``seq`` + 1: a gap in ``seq`` is a removed row.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, select, text

from receiver.canonical import canonical_bytes, sha256_hex
from receiver.store.db import write_transaction
from receiver.store.tables import signed_records

__all__ = [
    "GENESIS",
    "AppendResult",
    "RecordStore",
    "StoredRecord",
    "row_hash",
    "utc_now",
]

GENESIS = "0" * 64
CHAIN_LOCK_ID = 0x50484B52  # "PHKR": the advisory lock of the chain on PostgreSQL
HASHED_FIELDS = (
    "seq",
    "kind",
    "record_key",
    "body_sha256",
    "revision",
    "subject",
    "attributed_to",
    "received_at",
    "countersignature",
    "client_hash",
    "prev_hash",
)


def utc_now() -> str:
    """The receiver's clock, UTC, microseconds, ``Z``: ``2026-02-03T14:05:06.123456Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(row: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of a row's hashed fields (``prev_hash`` included)."""
    return sha256_hex(canonical_bytes({name: row[name] for name in HASHED_FIELDS}))


@dataclass(frozen=True)
class StoredRecord:
    """One row of ``signed_records``."""

    seq: int
    kind: str
    record_key: str
    body: str
    body_sha256: str
    revision: str | None
    subject: str | None
    attributed_to: str | None
    received_at: str
    countersignature: str
    client_hash: str | None
    prev_hash: str
    row_hash: str

    @property
    def record(self) -> dict[str, Any]:
        """The record as received."""
        return json.loads(self.body)

    @property
    def mark(self) -> dict[str, Any]:
        """The countersignature."""
        return json.loads(self.countersignature)


@dataclass(frozen=True)
class AppendResult:
    """``stored``: a new row; ``repeat``: the same body under this key was stored before;
    ``conflict``: this key holds a different body (``record`` is the stored one)."""

    status: Literal["stored", "repeat", "conflict"]
    record: StoredRecord


class RecordStore:
    """The append-only record store on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()

    def _lock_chain(self, connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": CHAIN_LOCK_ID})
        # SQLite: the transaction began with BEGIN IMMEDIATE (store.db), which is the lock

    def find(self, kind: str, record_key: str) -> StoredRecord | None:
        """The record stored under ``kind`` and ``record_key``, if any."""
        with self.engine.connect() as connection:
            return self._find(connection, kind, record_key)

    @staticmethod
    def _find(connection: Connection, kind: str, record_key: str) -> StoredRecord | None:
        row = connection.execute(
            select(signed_records).where(
                signed_records.c.kind == kind, signed_records.c.record_key == record_key
            )
        ).first()
        return StoredRecord(**row._mapping) if row else None

    def append(
        self,
        kind: str,
        record_key: str,
        body: Mapping[str, Any],
        *,
        revision: str | None,
        subject: str | None,
        attributed_to: str | None,
        client_hash: str | None,
        countersign: Callable[[str], Mapping[str, Any]],
    ) -> AppendResult:
        """Store ``body`` once under (``kind``, ``record_key``).

        Args:
            countersign: Called with the receiver's ``received_at`` for a new row; returns the
                countersignature stored with it.

        Returns:
            ``stored`` (committed before this returns), ``repeat`` or ``conflict``.
        """
        encoded = canonical_bytes(body).decode("utf-8")
        digest = sha256_hex(encoded)
        with self._lock, write_transaction(self.engine) as connection:
            self._lock_chain(connection)
            existing = self._find(connection, kind, record_key)
            if existing is not None:
                status = "repeat" if existing.body_sha256 == digest else "conflict"
                return AppendResult(status, existing)
            last = connection.execute(
                select(signed_records.c.seq, signed_records.c.row_hash)
                .order_by(signed_records.c.seq.desc())
                .limit(1)
            ).first()
            received_at = utc_now()
            row: dict[str, Any] = {
                "seq": (last.seq + 1) if last else 1,
                "kind": kind,
                "record_key": record_key,
                "body": encoded,
                "body_sha256": digest,
                "revision": revision,
                "subject": subject,
                "attributed_to": attributed_to,
                "received_at": received_at,
                "countersignature": canonical_bytes(countersign(received_at)).decode("utf-8"),
                "client_hash": client_hash,
                "prev_hash": last.row_hash if last else GENESIS,
            }
            row["row_hash"] = row_hash(row)
            connection.execute(signed_records.insert().values(**row))
        return AppendResult("stored", StoredRecord(**row))

    def rows(self, kind: str | None = None) -> Iterator[StoredRecord]:
        """Every row in ``seq`` order (of one ``kind`` when given)."""
        query = select(signed_records).order_by(signed_records.c.seq)
        if kind is not None:
            query = query.where(signed_records.c.kind == kind)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield StoredRecord(**row._mapping)
