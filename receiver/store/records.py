"""Appending signed records (idempotent per kind and key) and reading them back.

Appends are serialised (one writer per process, group-committing what waits, plus ``BEGIN
IMMEDIATE`` on SQLite or a transaction advisory lock on PostgreSQL across processes), because
each row's hash covers the previous row's hash and ``seq`` is the previous ``seq`` + 1: a gap in
``seq`` is a removed row.
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


@dataclass
class _Append:
    """One append waiting for the writer (group commit)."""

    kind: str
    record_key: str
    encoded: str
    digest: str
    columns: dict[str, Any]
    countersign: Callable[[str], Mapping[str, Any]]
    result: AppendResult | None = None
    error: BaseException | None = None
    done: bool = False


class RecordStore:
    """The append-only record store on one engine.

    Appends are group-committed: the first caller that finds no write in progress becomes the
    writer and stores every append waiting at that moment (up to ``max_batch``) in one
    transaction, so one commit (one fsync) serves many receipts under load; the others wait for
    that commit. Nobody's append returns before the transaction holding it has committed.
    """

    def __init__(self, engine: Engine, max_batch: int = 64) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self._cond = threading.Condition()
        self._pending: list[_Append] = []
        self._writing = False

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

        Raises:
            Exception: Whatever the database raised for the transaction holding this append
                (nothing of it was stored).
        """
        encoded = canonical_bytes(body).decode("utf-8")
        request = _Append(
            kind,
            record_key,
            encoded,
            sha256_hex(encoded),
            {
                "revision": revision,
                "subject": subject,
                "attributed_to": attributed_to,
                "client_hash": client_hash,
            },
            countersign,
        )
        with self._cond:
            self._pending.append(request)
            while not request.done:
                if self._writing:
                    self._cond.wait()
                    continue
                self._writing = True
                batch = self._pending[: self.max_batch]
                del self._pending[: self.max_batch]
                self._cond.release()
                try:
                    self._write(batch)
                finally:
                    self._cond.acquire()
                    self._writing = False
                    self._cond.notify_all()
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result

    @staticmethod
    def _stored_among(
        connection: Connection, batch: list[_Append]
    ) -> dict[tuple[str, str], StoredRecord]:
        """The records already stored under the batch's keys (one query per kind)."""
        found: dict[tuple[str, str], StoredRecord] = {}
        for kind in {item.kind for item in batch}:
            keys = [item.record_key for item in batch if item.kind == kind]
            query = select(signed_records).where(
                signed_records.c.kind == kind, signed_records.c.record_key.in_(keys)
            )
            for row in connection.execute(query):
                found[(kind, row.record_key)] = StoredRecord(**row._mapping)
        return found

    def _write(self, batch: list[_Append]) -> None:
        """Store a batch in one transaction; mark each append done only after the commit."""
        outcomes: list[AppendResult] = []
        try:
            with write_transaction(self.engine) as connection:
                self._lock_chain(connection)
                last = connection.execute(
                    select(signed_records.c.seq, signed_records.c.row_hash)
                    .order_by(signed_records.c.seq.desc())
                    .limit(1)
                ).first()
                seq, prev = (last.seq, last.row_hash) if last else (0, GENESIS)
                in_batch = self._stored_among(connection, batch)
                rows: list[dict[str, Any]] = []
                for item in batch:
                    key = (item.kind, item.record_key)
                    existing = in_batch.get(key)
                    if existing is not None:
                        status = "repeat" if existing.body_sha256 == item.digest else "conflict"
                        outcomes.append(AppendResult(status, existing))
                        continue
                    received_at = utc_now()
                    mark = item.countersign(received_at)
                    seq += 1
                    row: dict[str, Any] = {
                        "seq": seq,
                        "kind": item.kind,
                        "record_key": item.record_key,
                        "body": item.encoded,
                        "body_sha256": item.digest,
                        **item.columns,
                        "received_at": received_at,
                        "countersignature": canonical_bytes(mark).decode("utf-8"),
                        "prev_hash": prev,
                    }
                    row["row_hash"] = prev = row_hash(row)
                    rows.append(row)
                    in_batch[key] = StoredRecord(**row)
                    outcomes.append(AppendResult("stored", in_batch[key]))
                if rows:
                    connection.execute(signed_records.insert(), rows)
        except Exception as exc:  # the transaction rolled back: nothing of the batch is stored
            for item in batch:
                item.error, item.done = exc, True
            return
        for item, outcome in zip(batch, outcomes, strict=True):
            item.result, item.done = outcome, True

    def rows(self, kind: str | None = None) -> Iterator[StoredRecord]:
        """Every row in ``seq`` order (of one ``kind`` when given)."""
        query = select(signed_records).order_by(signed_records.c.seq)
        if kind is not None:
            query = query.where(signed_records.c.kind == kind)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield StoredRecord(**row._mapping)
