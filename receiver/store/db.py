"""Engines for SQLite (default, WAL) and PostgreSQL (``DATABASE_URL``), and migrations.

SQLite: the file's folder is made, WAL journal, ``synchronous=FULL`` (a stored receipt is on
disk before the 2xx answer), a busy timeout, and every transaction starts ``BEGIN IMMEDIATE`` so
that the read-then-append of the hash chain is serialised across processes. PostgreSQL: URLs
``postgresql://`` are mapped to the psycopg 3 driver.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

__all__ = ["MIGRATIONS_DIR", "default_url", "make_engine", "migrate"]

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


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
        connection.exec_driver_sql("BEGIN IMMEDIATE")


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
        return create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)
    raise ValueError(
        f"DATABASE_URL: {parsed.get_backend_name()!r} is not supported — use sqlite:///PATH or "
        "postgresql://USER@HOST/DATABASE"
    )


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema to ``revision`` (Alembic ``upgrade``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
