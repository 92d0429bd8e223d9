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


RECEIVED_AT = "2026-02-03T10:05:00Z"  # the stand-in receiver's clock
KEY_ID = "ed25519-0123456789abcdef"


class QuietHandler(StaticHandler):
    """The site's static files, plus a stand-in acknowledgement endpoint that answers as the
    receiver (``receiver/``) does: 201 with the stored record's ``received_at`` and
    countersignature, 200 with them again for the same key and body, 409 for the same key with
    another body, ``GET`` with ``X-Invite-Token`` for personal signing links."""

    def end_headers(self) -> None:
        """Add the ``Cache-Control`` the test asks for (GitHub Pages sends ``max-age=600``)."""
        cache_control = getattr(self.server, "cache_control", "")
        if cache_control:
            self.send_header("Cache-Control", cache_control)
        super().end_headers()

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 — the name http.server dispatches to
        """Static files; ``GET <endpoint>`` with ``X-Invite-Token`` answers, as the receiver
        does (``receiver/app.py``), from ``AckEndpoint.invites``: 200 with the person, 422 with
        the problem for a token it does not know."""
        endpoint: AckEndpoint | None = getattr(self.server, "ack", None)
        if endpoint is not None and self.path == ACK_PATH:
            token = self.headers.get("X-Invite-Token", "")
            endpoint.invite_reads.append(token)
            invite = endpoint.invites.get(token)
            if invite is None:
                self._json(
                    422,
                    {
                        "status": "refused",
                        "problems": ["This signing link is not valid. Ask Human Resources."],
                    },
                )
            else:
                self._json(200, {**invite, "expires": "2026-03-05"})
            return
        super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 — the name http.server dispatches to
        """The stand-in acknowledgement endpoint (``ACK_PATH``): fails, hangs or answers 409 on
        demand, stores by Idempotency-Key."""
        endpoint: AckEndpoint = self.server.ack  # type: ignore[attr-defined]
        if self.path != ACK_PATH:
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.headers.get("Idempotency-Key", "")
        endpoint.attempts.append(key)
        endpoint.invite_tokens.append(self.headers.get("X-Invite-Token"))
        if endpoint.hang_next > 0:
            endpoint.hang_next -= 1
            endpoint.release.wait(30)  # no answer until the test ends (or 30 s)
            return
        if endpoint.fail_next > 0:
            endpoint.fail_next -= 1
            self.send_error(503, "try again")
            return
        receipt = json.loads(body)
        if key in endpoint.stored:
            status = 409 if endpoint.conflict_on_repeat else 200
            if endpoint.stored[key] != receipt and not endpoint.conflict_on_repeat:
                self._json(409, {"status": "refused", "problems": [f"{key}: another receipt"]})
                return
        else:
            endpoint.stored[key] = receipt
            status = 201
        self._json(
            status,
            {
                "status": "stored" if status == 201 else "already-stored",
                "receipt_id": key,
                "received_at": RECEIVED_AT,
                "attributed_to": None,
                "countersignature": countersignature_for(key),
            },
        )


def countersignature_for(key: str) -> dict:
    """The stand-in's countersignature of receipt ``key`` (shaped as the receiver's)."""
    signature = (key.replace("-", "") * 3)[:86]
    return {
        "format": "policy-handbook-countersignature/1",
        "key_id": KEY_ID,
        "received_at": RECEIVED_AT,
        "attributed_to": None,
        "signature": signature,
    }


@dataclass
class AckEndpoint:
    """What the test endpoint saw: every attempt's Idempotency-Key (and invite token), receipts
    stored by key; what it is told to do next."""

    attempts: list[str] = field(default_factory=list)
    invite_tokens: list[str | None] = field(default_factory=list)
    invite_reads: list[str] = field(default_factory=list)
    stored: dict[str, dict] = field(default_factory=dict)
    invites: dict[str, dict] = field(default_factory=dict)
    fail_next: int = 0
    hang_next: int = 0
    conflict_on_repeat: bool = False
    release: threading.Event = field(default_factory=threading.Event)


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
    ack_server_state.release.set()  # answer (late) anything a previous test left hanging
    fresh = AckEndpoint()
    for name in ("invite_tokens", "invite_reads", "stored", "invites", "attempts"):
        getattr(ack_server_state, name).clear()
    ack_server_state.fail_next = fresh.fail_next
    ack_server_state.hang_next = fresh.hang_next
    ack_server_state.conflict_on_repeat = fresh.conflict_on_repeat
    ack_server_state.release = fresh.release
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
def context(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser profile; requests to anything but localhost are aborted and recorded.

    A test marked ``@pytest.mark.no_service_worker`` runs without the site's service worker:
    Playwright's ``page.route`` does not see requests a service worker answers.
    """
    workers = "block" if request.node.get_closest_marker("no_service_worker") else "allow"
    ctx = browser.new_context(service_workers=workers)  # type: ignore[attr-defined]
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
