"""Receiver fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL tests create and drop their own database on 127.0.0.1:5432 (trust auth; override
with ``RECEIVER_TEST_POSTGRES=postgresql://user@host:port/maintenance-db``). Without a server
they fail under CI (``CI=true``) and are skipped elsewhere, with a message saying how to run
them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from receiver.config import Settings
from tests.receiver.helpers import SITE_REVISION
from tests.receiver.live import POSTGRES, postgres_database


def _postgres_database() -> Iterator[str]:
    try:
        with postgres_database() as url:
            yield url
    except psycopg.OperationalError as exc:
        admin = make_url(POSTGRES)
        message = (
            f"PostgreSQL is not reachable at {admin.host}:{admin.port} ({exc.__class__.__name__}). "
            "Start it (trust auth for 127.0.0.1) or point RECEIVER_TEST_POSTGRES at a server to "
            "run the PostgreSQL half of the receiver tests: "
            "RECEIVER_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB .venv/bin/python -m pytest "
            "tests/receiver"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL database made for the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'receiver.sqlite3'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site's folder holding only revision.json."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "revision.json").write_text(json.dumps(SITE_REVISION), encoding="utf-8")
    return folder


@pytest.fixture
def settings(tmp_path: Path, database_url: str, site: Path) -> Settings:
    """Receiver settings on the test database and site."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        site_revision=str(site / "revision.json"),
        site_url="https://handbook.example/",
        rate_limit_per_minute=6000,
        rate_limit_burst=1000,
    )
