"""A real receiver process (``python -m receiver serve`` under uvicorn) on a free localhost port,
and a plain HTTP client for it. Shared by the fault tests and ``benchmarks/receiver_load.py``
(plain module, no pytest)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("RECEIVER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def postgres_database(prefix: str = "receiver_test") -> Iterator[str]:
    """A PostgreSQL database made for the caller and dropped afterwards; yields its URL.

    Raises:
        psycopg.OperationalError: The server is not reachable.
    """
    admin = make_url(POSTGRES)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def write_config(folder: Path, site_revision: Path, **settings: Any) -> Path:
    """A receiver.toml in ``folder`` (data under ``folder/data``)."""
    lines = [f'data_dir = "{folder / "data"}"', f'site_revision = "{site_revision}"']
    for key, value in settings.items():
        lines.append(f"{key} = {json.dumps(value)}")
    path = folder / "receiver.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Receiver:
    """One ``python -m receiver serve`` process."""

    def __init__(
        self, config: Path, database_url: str, port: int, log: Path, workers: int = 1
    ) -> None:
        self.config, self.database_url, self.port, self.log = config, database_url, port, log
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        """Start and wait until ``/healthz`` answers."""
        env = {**os.environ, "DATABASE_URL": self.database_url, "PYTHONUNBUFFERED": "1"}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "receiver",
                    "--config",
                    str(self.config),
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the receiver exited: {self.log.read_text()[-2000:]}")
            try:
                if request(self.port, "GET", "/healthz", timeout=1)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the receiver did not answer in {timeout} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush — what a crash or the OOM killer does."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        """Terminate gracefully (SIGTERM)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def running(config: Path, database_url: str, log: Path) -> Iterator[Receiver]:
    """A started receiver, stopped afterwards."""
    receiver = Receiver(config, database_url, free_port(), log)
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, bytes]:
    """One request; (status, body). Raises OSError when the server does not answer."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if connection is None:
            conn.close()


def post_receipt(
    port: int,
    receipt: dict[str, Any],
    connection: http.client.HTTPConnection | None = None,
    timeout: float = 10.0,
) -> tuple[int, bytes]:
    """POST a receipt as the page does."""
    return request(
        port,
        "POST",
        "/receipts",
        json.dumps(receipt).encode(),
        {"Content-Type": "application/json", "Idempotency-Key": receipt["receipt_id"]},
        timeout,
        connection,
    )
