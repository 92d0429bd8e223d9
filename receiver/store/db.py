"""Engines for SQLite (default, WAL) and PostgreSQL (``DATABASE_URL``), and migrations.

SQLite: the file's folder is made, WAL journal, ``synchronous=FULL`` (a stored receipt is on
disk before the 2xx answer), a busy timeout, and write transactions start ``BEGIN IMMEDIATE``
(:func:`write_transaction`) so that the read-then-append of the hash chain is serialised across
processes. PostgreSQL: URLs
``postgresql://`` are mapped to the psycopg 3 driver.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

__all__ = ["MIGRATIONS_DIR", "default_url", "make_engine", "migrate", "write_transaction"]

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
WRITE_OPTION = "receiver_write"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: ``BEGIN IMMEDIATE`` on SQLite (takes the write lock at
    once, so a read-then-write cannot be overtaken), a plain transaction on PostgreSQL. Reads
    elsewhere use deferred transactions and never wait for writers (WAL)."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection


def default_url(data_dir: Path) -> str:
    """The SQLite URL of the default database file under ``data_dir``."""
    return f"sqlite:///{(data_dir / 'receiver.sqlite3').as_posix()}"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below be the only one
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        writing = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql://…``).

    Raises:
        ValueError: Neither SQLite nor PostgreSQL.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        _sqlite_setup(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        # no pre-ping (a round trip per request): after a server restart the first request
        # fails, SQLAlchemy drops the stale pool, and the page retries that 5xx
        return create_engine(parsed, pool_size=20, max_overflow=20, pool_recycle=1800)
    raise ValueError(
        f"DATABASE_URL: {parsed.get_backend_name()!r} is not supported — use sqlite:///PATH or "
        "postgresql://USER@HOST/DATABASE"
    )


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema to ``revision`` (Alembic ``upgrade``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
