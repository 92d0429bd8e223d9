"""Table definitions (SQLAlchemy Core) the queries use; Alembic migrations create them.

``signed_records`` is generic: one row per signed record of any ``kind`` (``acknowledgement``
today, ``telework-agreement`` later), append-only (triggers refuse UPDATE and DELETE) and
hash-chained (``row_hash`` covers the row and ``prev_hash``, the previous row's ``row_hash``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["employees", "metadata", "signed_records", "site_revisions"]

metadata = MetaData()

signed_records = Table(
    "signed_records",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(40), nullable=False),
    Column("record_key", String(100), nullable=False),  # the Idempotency-Key
    Column("body", Text, nullable=False),  # canonical JSON of the record as received
    Column("body_sha256", String(64), nullable=False),
    Column("revision", String(40)),  # the handbook revision the record is about, if any
    Column("subject", String(100)),  # the employee ID the record names (as typed)
    Column("attributed_to", String(100)),  # employee ID bound by a personal link, else NULL
    Column("received_at", String(32), nullable=False),  # receiver's UTC clock, ISO 8601 Z
    Column("countersignature", Text, nullable=False),  # canonical JSON
    Column("client_hash", String(64)),  # keyed hash of client IP + user agent, if configured
    Column("prev_hash", String(64), nullable=False),
    Column("row_hash", String(64), nullable=False),
    UniqueConstraint("kind", "record_key", name="uq_signed_records_kind_key"),
)

employees = Table(
    "employees",
    metadata,
    Column("employee_id", String(100), primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("department", String(200), nullable=False),
    Column("hire_date", String(10), nullable=False),  # ISO date; a rehire has a new one
    Column("active", Boolean, nullable=False),
    Column("updated_at", String(32), nullable=False),
)

site_revisions = Table(
    "site_revisions",
    metadata,
    Column("revision", String(40), primary_key=True),
    Column("revision_date", String(10), nullable=False),
    Column("document", Text, nullable=False),  # the revision.json as first seen (canonical)
    Column("first_seen_at", String(32), nullable=False),
)
