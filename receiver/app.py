"""The receiver's web application (Starlette): the receipts endpoint and HR's roster.

Routes: ``POST /receipts`` (the endpoint of ``schema/receipt.schema.json``; ``GET`` on the same
URL with ``X-Invite-Token`` says whom a personal link is for, so the page pre-fills), ``GET
/public-keys.json`` (the countersignature keys, for ``verify``), ``GET /healthz``, and behind HR
credentials ``GET /hr/`` (roster page) and ``GET /hr/roster.csv``.

Protections on ``POST /receipts``: CORS for the site's origin only, ``Content-Type:
application/json``, a body limit (413), a per-client rate limit (429 with ``Retry-After``).
Logs carry method, path, status and duration only — no IP, no query string, no body.
"""

from __future__ import annotations

import base64
import io
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from receiver.config import Settings
from receiver.employees import active_employees
from receiver.intake import Intake
from receiver.invites import load_secret
from receiver.passwords import check_password
from receiver.ratelimit import RateLimiter
from receiver.revisions import SiteRevisions
from receiver.roster import STATUS_LABELS, build_roster
from receiver.roster_csv import roster_rows
from receiver.signing import load_signing_key, public_keys_document
from receiver.spreadsheet import write_csv
from receiver.store.db import make_engine, migrate
from receiver.store.records import RecordStore

__all__ = ["create_app", "worker_app"]

log = logging.getLogger("receiver")
TEMPLATES = Path(__file__).resolve().parent / "templates"
INVITE_HEADER = "X-Invite-Token"
HR_FAILURES_PER_MINUTE = 10  # failed HR sign-ins per client before 429
HR_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_jinja = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
)


class AccessLog:
    """ASGI middleware: one log line per request without personal data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def record(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            log.info(
                "%s %s %d %.1fms",
                scope["method"],
                scope["path"],
                status["code"],
                (time.perf_counter() - started) * 1000,
            )


def _client_ip(request: Request, settings: Settings) -> str:
    if settings.client_ip_header:
        forwarded = request.headers.get(settings.client_ip_header, "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.client.host if request.client else ""


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


async def _read_limited(request: Request, limit: int) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def receive_receipt(request: Request) -> Response:
    """``POST /receipts``."""
    state = request.app.state
    settings: Settings = state.settings
    wait = state.limiter.allow(_client_ip(request, settings))
    if wait:
        return _json(
            429,
            {"status": "busy", "problems": ["too many requests; try again shortly"]},
            {"Retry-After": str(int(wait) + 1)},
        )
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return _json(
            415, {"status": "refused", "problems": ["Content-Type must be application/json"]}
        )
    raw = await _read_limited(request, settings.max_body_bytes)
    if raw is None:
        return _json(
            413,
            {
                "status": "refused",
                "problems": [f"the receipt is larger than {settings.max_body_bytes} bytes"],
            },
        )
    client = (_client_ip(request, settings), request.headers.get("user-agent", ""))
    answer = await run_in_threadpool(
        state.intake.receive,
        raw,
        request.headers.get("idempotency-key"),
        request.headers.get(INVITE_HEADER.lower()),
        client,
    )
    return _json(answer.status, answer.body)


async def lookup_invite(request: Request) -> Response:
    """``GET /receipts`` with ``X-Invite-Token``: whom the personal link is for (pre-fill)."""
    state = request.app.state
    wait = state.limiter.allow(_client_ip(request, state.settings))
    if wait:
        return _json(
            429,
            {"status": "busy", "problems": ["too many requests; try again shortly"]},
            {"Retry-After": str(int(wait) + 1)},
        )
    answer = await run_in_threadpool(
        state.intake.invitee, request.headers.get(INVITE_HEADER.lower())
    )
    return _json(answer.status, answer.body, {"Cache-Control": "no-store"})


async def public_keys(request: Request) -> Response:
    """``GET /public-keys.json``: every countersignature key, current and retired."""
    document = public_keys_document(request.app.state.settings.keys_dir)
    return _json(200, document, {"Cache-Control": "max-age=300"})


async def health(request: Request) -> Response:
    """``GET /healthz``: the database answers."""
    await run_in_threadpool(request.app.state.store.find, "health", "-")
    return _json(200, {"status": "ok"})


def _hr_user(request: Request, settings: Settings) -> str | None:
    if settings.hr_identity_header:
        identity = request.headers.get(settings.hr_identity_header, "").strip()
        if identity and (not settings.hr_identities or identity in settings.hr_identities):
            return identity
        return None
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not settings.hr_password_hash:
        return None
    try:
        user, _, password = base64.b64decode(encoded).decode("utf-8").partition(":")
    except ValueError:
        return None
    if user == settings.hr_user and check_password(password, settings.hr_password_hash):
        return user
    return None


async def _hr_gate(request: Request) -> str | Response:
    settings: Settings = request.app.state.settings
    if not (settings.hr_identity_header or settings.hr_password_hash):
        return Response(
            "HR pages are off: set hr_password_hash or hr_identity_header in the receiver "
            "configuration (receiver/README.md).",
            503,
            media_type="text/plain",
        )
    failures = request.app.state.hr_failures
    client = _client_ip(request, settings)
    if failures.blocked(client):
        return Response(
            "Too many failed sign-ins; try again in a minute.",
            429,
            {"Retry-After": "60"},
            media_type="text/plain",
        )
    user = await run_in_threadpool(_hr_user, request, settings)
    if user is not None:
        return user
    failures.allow(client)
    return Response(
        "Human Resources sign-in required.",
        401,
        {"WWW-Authenticate": 'Basic realm="Handbook acknowledgements", charset="UTF-8"'},
        media_type="text/plain",
    )


def _roster(request: Request) -> tuple[dict[str, Any], list[Any]]:
    state = request.app.state
    current = state.revisions.current()
    departments = build_roster(
        active_employees(state.engine), state.store.rows(state.settings.kind), current
    )
    return current, departments


async def hr_roster(request: Request) -> Response:
    """``GET /hr/``: the roster page."""
    gate = await _hr_gate(request)
    if isinstance(gate, Response):
        return gate
    current, departments = await run_in_threadpool(_roster, request)
    lines = [line for department in departments for line in department.lines]
    total = len(lines)
    done = sum(1 for line in lines if line.status == "current")
    page = _jinja.get_template("roster.html").render(
        organization=current.get("organization", ""),
        revision=current["revision"],
        revision_date=current.get("date", current["revision"][:10]),
        hr_user=gate,
        departments=departments,
        labels=STATUS_LABELS,
        total=total,
        total_current=done,
        total_older=sum(1 for line in lines if line.status == "older"),
        total_missing=sum(1 for line in lines if line.status == "not-signed"),
        total_percent=100 * done // total if total else 0,
    )
    return Response(page, 200, HR_HEADERS, media_type="text/html")


async def hr_roster_csv(request: Request) -> Response:
    """``GET /hr/roster.csv``."""
    gate = await _hr_gate(request)
    if isinstance(gate, Response):
        return gate
    _, departments = await run_in_threadpool(_roster, request)
    out = io.StringIO()
    write_csv(out, roster_rows(departments))
    headers = {**HR_HEADERS, "Content-Disposition": 'attachment; filename="roster.csv"'}
    return Response(out.getvalue(), 200, headers, media_type="text/csv; charset=utf-8")


async def hr_css(request: Request) -> Response:
    """``GET /hr/roster.css``."""
    css = (TEMPLATES / "roster.css").read_text(encoding="utf-8")
    return Response(css, 200, {"Cache-Control": "max-age=300"}, media_type="text/css")


async def hr_redirect(request: Request) -> Response:
    """``GET /hr`` → ``/hr/``."""
    return Response(status_code=308, headers={"Location": "/hr/"})


def create_app(settings: Settings, *, run_migrations: bool = True) -> Starlette:
    """The application for ``settings``; migrations run first unless told otherwise."""
    engine = make_engine(settings.url)
    if run_migrations:
        migrate(engine)
    store = RecordStore(engine)
    revisions = SiteRevisions(engine, settings.site_revision)
    intake = Intake(
        store,
        revisions,
        load_signing_key(settings.keys_dir),
        load_secret(settings.keys_dir),
        kind=settings.kind,
        invites_required=settings.invites_required,
        store_client_hash=settings.store_client_hash,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        try:
            await run_in_threadpool(revisions.refresh)
        except ValueError as exc:  # not fatal: the site may be deployed after the receiver
            log.warning("%s", exc)
        yield
        engine.dispose()

    app = Starlette(
        routes=[
            Route("/receipts", receive_receipt, methods=["POST"]),
            Route("/receipts", lookup_invite, methods=["GET"]),
            Route("/public-keys.json", public_keys, methods=["GET"]),
            Route("/healthz", health, methods=["GET"]),
            Route("/hr", hr_redirect, methods=["GET"]),
            Route("/hr/", hr_roster, methods=["GET"]),
            Route("/hr/roster.csv", hr_roster_csv, methods=["GET"]),
            Route("/hr/roster.css", hr_css, methods=["GET"]),
        ],
        middleware=[
            Middleware(AccessLog),
            Middleware(
                CORSMiddleware,
                allow_origins=[settings.origin],
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Idempotency-Key", INVITE_HEADER],
                max_age=600,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.store = store
    app.state.revisions = revisions
    app.state.intake = intake
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.state.hr_failures = RateLimiter(HR_FAILURES_PER_MINUTE, HR_FAILURES_PER_MINUTE)
    return app


def worker_app() -> Starlette:
    """The application of one of several worker processes (``serve --workers N``): settings
    from ``RECEIVER_CONFIG`` and ``DATABASE_URL``; the parent ran the migrations."""
    from receiver.config import load_settings

    return create_app(load_settings(), run_migrations=False)
