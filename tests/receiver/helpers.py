"""Helpers for the receiver tests: a site revision, receipts, an in-process ASGI caller."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import anyio

STATEMENT = (
    "I confirm that I have received the employee handbook of Twin Rivers Council of Governments."
)
DIGEST_A = "a" * 64
DIGEST_B = "b" * 64
ORGANIZATION = "Twin Rivers Council of Governments"
REVISION_ID = "2026-01-01-0123456789ab"
SITE_REVISION: dict[str, Any] = {
    "organization": ORGANIZATION,
    "revision": REVISION_ID,
    "date": "2026-01-01",
    "previous_revision": "2025-01-01",
    "statement_sha256": hashlib.sha256(STATEMENT.encode()).hexdigest(),
    "sections": {
        "payday": {"number": "5.05", "title": "Payday", "url": "05/payday/", "digest": DIGEST_A},
        "travel": {"number": "17.06", "title": "Travel", "url": "17/t/", "digest": DIGEST_B},
    },
    "changed": [],
}
RECEIPT: dict[str, Any] = {
    "format": "policy-handbook-receipt/1",
    "receipt_id": "6f1c2a9e-3b4d-4c5e-8f70-112233445566",
    "organization": ORGANIZATION,
    "revision": REVISION_ID,
    "revision_date": "2026-01-01",
    "signed_at": "2026-02-03T14:05:06Z",
    "statement": STATEMENT,
    "employee": {
        "full_name": "Ana Díaz",
        "employee_id": "E-1042",
        "department": "Finance",
        "signature": "Ana Díaz",
        "date": "2026-02-03",
    },
    "read_and_understood": True,
    "sections": {"payday": DIGEST_A, "travel": DIGEST_B},
}


def receipt(n: int = 0, **changes: Any) -> dict[str, Any]:
    """A valid receipt; ``n`` makes its receipt_id unique; ``employee=...`` updates fields."""
    made = copy.deepcopy(RECEIPT)
    made["receipt_id"] = f"00000000-0000-4000-8000-{n:012d}" if n else made["receipt_id"]
    employee = changes.pop("employee", {})
    made.update(changes)
    made["employee"].update(employee)
    return made


@dataclass(frozen=True)
class Reply:
    """An HTTP answer from the app."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(
    app: Any,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    client: str = "127.0.0.1",
) -> Reply:
    """One request through the ASGI app, in process (the same app uvicorn serves)."""
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": (client, 50000),
        "server": ("127.0.0.1", 8765),
        "state": {},
    }
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    anyio.run(app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Reply(
        start["status"],
        {k.decode().lower(): v.decode() for k, v in start.get("headers", [])},
        content,
    )


def post_receipt(
    app: Any,
    data: Any,
    *,
    key: str | None = "",
    token: str | None = None,
    client: str = "127.0.0.1",
    extra: dict[str, str] | None = None,
) -> Reply:
    """POST a receipt the way the page does (key defaults to its receipt_id)."""
    headers = {"Content-Type": "application/json"}
    if key == "" and isinstance(data, dict):
        key = data.get("receipt_id")
    if key:
        headers["Idempotency-Key"] = key
    if token:
        headers["X-Invite-Token"] = token
    headers.update(extra or {})
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return call(app, "POST", "/receipts", headers=headers, body=raw, client=client)
