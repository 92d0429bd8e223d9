"""Signed records (append-only, hash-chained), employees, the site revisions seen.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER signed_records_no_update BEFORE UPDATE ON signed_records
       BEGIN SELECT RAISE(ABORT, 'signed_records is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER signed_records_no_delete BEFORE DELETE ON signed_records
       BEGIN SELECT RAISE(ABORT, 'signed_records is append-only: DELETE refused'); END""",
]
POSTGRESQL_TRIGGERS = [
    """CREATE FUNCTION signed_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'signed_records is append-only: % refused', TG_OP; END $$""",
    """CREATE TRIGGER signed_records_no_change BEFORE UPDATE OR DELETE ON signed_records
       FOR EACH ROW EXECUTE FUNCTION signed_records_append_only()""",
    """CREATE TRIGGER signed_records_no_truncate BEFORE TRUNCATE ON signed_records
       FOR EACH STATEMENT EXECUTE FUNCTION signed_records_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "signed_records",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("record_key", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("revision", sa.String(40)),
        sa.Column("subject", sa.String(100)),
        sa.Column("attributed_to", sa.String(100)),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("countersignature", sa.Text, nullable=False),
        sa.Column("client_hash", sa.String(64)),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("kind", "record_key", name="uq_signed_records_kind_key"),
    )
    op.create_index("ix_signed_records_subject", "signed_records", ["kind", "subject"])
    op.create_index("ix_signed_records_attributed", "signed_records", ["kind", "attributed_to"])
    op.create_table(
        "employees",
        sa.Column("employee_id", sa.String(100), primary_key=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("hire_date", sa.String(10), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "site_revisions",
        sa.Column("revision", sa.String(40), primary_key=True),
        sa.Column("revision_date", sa.String(10), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("first_seen_at", sa.String(32), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER signed_records_no_truncate ON signed_records")
        op.execute("DROP TRIGGER signed_records_no_change ON signed_records")
        op.execute("DROP FUNCTION signed_records_append_only()")
    op.drop_table("site_revisions")
    op.drop_table("employees")
    op.drop_table("signed_records")
