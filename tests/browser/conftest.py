"""Browser-test fixtures: one strict build of the sample handbook, served on localhost, and
Chromium through Playwright with every request that would leave localhost blocked and recorded.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.local_site import StaticHandler, find_chromium, launch_args
from tests.conftest import REPO

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ACK_PATH = "/api/acknowledgements"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    """The Chromium to drive (see :func:`tests.browser.local_site.find_chromium`)."""
    found = find_chromium()
    if found is None:
        pytest.fail(
            "Chromium not found — run `make setup` (it installs Chromium) or set CHROMIUM_PATH"
        )
    return found


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class QuietHandler(StaticHandler):
    """The site's static files, plus the stand-in acknowledgement endpoint."""

    def do_POST(self) -> None:  # noqa: N802 — the name http.server dispatches to
        """A stand-in acknowledgement endpoint (``ACK_PATH``): fails on demand, dedups by key."""
        endpoint: AckEndpoint = self.server.ack  # type: ignore[attr-defined]
        if self.path != ACK_PATH:
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.headers.get("Idempotency-Key", "")
        endpoint.attempts.append(key)
        if endpoint.fail_next > 0:
            endpoint.fail_next -= 1
            self.send_error(503, "try again")
            return
        endpoint.stored.setdefault(key, json.loads(body))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


@dataclass
class AckEndpoint:
    """What the test endpoint saw: every attempt's Idempotency-Key, receipts stored by key."""

    attempts: list[str] = field(default_factory=list)
    stored: dict[str, dict] = field(default_factory=dict)
    fail_next: int = 0


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the built site is served on (known before the build, for SITE_URL)."""
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The sample handbook built once with ``mkdocs build --strict``."""
    site = tmp_path_factory.mktemp("browser-site") / "site"
    env = {
        **os.environ,
        "SITE_URL": f"http://127.0.0.1:{site_port}/",
        "ACK_ENDPOINT": f"http://127.0.0.1:{site_port}{ACK_PATH}",
        "NO_MKDOCS_2_WARNING": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml", "-d", site],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture(scope="session")
def ack_server_state() -> AckEndpoint:
    """The state of the test acknowledgement endpoint served next to the site."""
    return AckEndpoint()


@pytest.fixture
def ack_endpoint(ack_server_state: AckEndpoint) -> AckEndpoint:
    """The endpoint's state, emptied for this test."""
    ack_server_state.attempts.clear()
    ack_server_state.stored.clear()
    ack_server_state.fail_next = 0
    return ack_server_state


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int, ack_server_state: AckEndpoint) -> Iterator[str]:
    """``http://127.0.0.1:<port>/`` serving the built site."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    server.ack = ack_server_state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's or Playwright's), kept off the internet."""
    from playwright.sync_api import sync_playwright

    args = launch_args()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=args
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    """A fresh browser profile; requests to anything but localhost are aborted and recorded."""
    ctx = browser.new_context(service_workers="allow")  # type: ignore[attr-defined]
    outside: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    ctx.route("**/*", guard)
    ctx.outside = outside  # type: ignore[attr-defined]
    yield ctx
    ctx.close()
    assert outside == [], f"requests left localhost: {outside}"


@pytest.fixture
def page(context: object) -> Iterator[object]:
    """A page of ``context``; console errors are collected in ``page.console_errors``."""
    pg = context.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.console_errors = errors
    yield pg
    pg.close()
