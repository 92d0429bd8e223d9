"""POST /receipts per the endpoint contract, on SQLite and PostgreSQL (in-process ASGI)."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from receiver.app import create_app
from receiver.config import Settings
from receiver.employees import Employee, import_employees
from receiver.invites import load_secret, make_token
from receiver.signing import check_countersignature, load_public_keys
from receiver.store.tables import signed_records
from tests.receiver.helpers import RECEIPT, SITE_REVISION, call, post_receipt, receipt

ORIGIN = "https://handbook.example"


@pytest.fixture
def app(settings: Settings):
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


def rows(app) -> list:
    with app.state.engine.connect() as connection:
        return list(connection.execute(select(signed_records).order_by(signed_records.c.seq)))


def test_a_new_receipt_is_stored_and_countersigned(app, settings):
    reply = post_receipt(app, RECEIPT)
    assert reply.status == 201
    body = reply.json
    assert body["status"] == "stored"
    assert body["receipt_id"] == RECEIPT["receipt_id"]
    assert body["attributed_to"] is None
    mark = body["countersignature"]
    assert mark["received_at"] == body["received_at"] and mark["received_at"].endswith("Z")
    keys = load_public_keys(settings.keys_dir / "public-keys.json")
    assert check_countersignature({**RECEIPT, "countersignature": mark}, keys) is None
    changed = {**RECEIPT, "statement": "I do NOT accept.", "countersignature": mark}
    assert "does not match" in check_countersignature(changed, keys)
    [row] = rows(app)
    assert (row.seq, row.kind, row.record_key, row.subject) == (
        1,
        "acknowledgement",
        RECEIPT["receipt_id"],
        "E-1042",
    )
    assert row.client_hash is None  # not configured: nothing about the client is kept
    published = call(app, "GET", "/public-keys.json")
    assert published.status == 200 and published.json["keys"][0]["key_id"] == mark["key_id"]


def test_same_key_same_body_answers_200_with_the_stored_record(app):
    first = post_receipt(app, RECEIPT).json
    again = post_receipt(app, RECEIPT)
    assert again.status == 200
    assert again.json == {**first, "status": "already-stored"}
    # a resend of the countersigned receipt (the page stored the countersignature) is the same
    resent = post_receipt(app, {**RECEIPT, "countersignature": first["countersignature"]})
    assert resent.status == 200
    assert len(rows(app)) == 1


def test_same_key_different_body_is_409(app):
    post_receipt(app, RECEIPT)
    other = receipt(employee={"full_name": "Bo Lee", "signature": "Bo Lee"})
    reply = post_receipt(app, other)
    assert reply.status == 409
    assert reply.json["status"] == "refused"
    assert reply.json["problems"][0].startswith(
        f"Idempotency-Key {RECEIPT['receipt_id']} already holds a different receipt"
    )
    assert len(rows(app)) == 1


def test_idempotency_key_is_required_and_must_be_the_receipt_id(app):
    missing = post_receipt(app, RECEIPT, key=None)
    assert missing.status == 400
    assert missing.json["problems"] == [
        "Idempotency-Key header is required (the receipt's receipt_id)"
    ]
    wrong = post_receipt(app, RECEIPT, key="00000000-0000-4000-8000-000000000009")
    assert wrong.status == 422 and "is not the receipt_id" in wrong.json["problems"][0]
    assert rows(app) == []


def test_a_revision_the_site_never_published_is_422_naming_it(app):
    reply = post_receipt(app, receipt(1, revision="2026-01-01-ffffffffffff"))
    assert reply.status == 422
    assert reply.json["problems"] == [
        "revision: 2026-01-01-ffffffffffff was never published by this site — reload the "
        "handbook and sign the revision it shows"
    ]


def test_an_older_revision_the_site_published_is_still_accepted(app, site):
    assert post_receipt(app, receipt(1)).status == 201  # the receiver has seen 0123456789ab
    newer = {**SITE_REVISION, "revision": "2026-06-01-abcdefabcdef", "date": "2026-06-01"}
    (site / "revision.json").write_text(json.dumps(newer))
    app.state.revisions.refresh(max_age=0)
    late = receipt(2)  # signed on the old page before the deploy, sent afterwards
    assert post_receipt(app, late).status == 201
    assert set(app.state.revisions.all()) == {SITE_REVISION["revision"], newer["revision"]}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"statement": "I do NOT accept the handbook."}, "statement: not the statement revision"),
        ({"employee": {"signature": "Somebody Else"}}, "employee.signature: 'Somebody Else'"),
        ({"signed_at": "2099-01-01T00:00:00Z"}, "signed_at: 2099-01-01T00:00:00Z is in the future"),
        ({"signed_at": "2024-06-01T00:00:00Z"}, "signed_at: 2024-06-01T00:00:00Z is before"),
        ({"revision_date": "2026-01-02"}, "revision_date: 2026-01-02 contradicts the revision id"),
        (
            {"employee": {"full_name": "Ana \u202eztiD", "signature": "Ana \u202eztiD"}},
            "employee.full_name: contains invisible or text-direction control characters (U+202E)",
        ),
        ({"sections": {"payday": "c" * 64, "travel": "b" * 64}}, "sections: the section digests"),
        ({"organization": "Cedar Point County"}, "organization: 'Cedar Point County' is not"),
    ],
    ids=["statement", "signature", "future", "before", "revision-date", "bidi", "digests", "org"],
)
def test_dishonest_receipts_are_refused_with_the_reason(app, change, problem):
    reply = post_receipt(app, receipt(3, **change))
    assert reply.status == 422
    assert any(p.startswith(problem) for p in reply.json["problems"]), reply.json
    assert rows(app) == []


def test_schema_problems_are_listed(app):
    bad = receipt(4, read_and_understood=False)
    reply = post_receipt(app, bad)
    assert reply.status == 422
    assert reply.json["problems"] == ["read_and_understood: True was expected"]
    assert post_receipt(app, b"{not json", key="k").status == 400


def test_content_type_body_limit_and_method(app, settings):
    raw = json.dumps(RECEIPT).encode()
    wrong_type = post_receipt(
        app, raw, key=RECEIPT["receipt_id"], extra={"Content-Type": "text/plain"}
    )
    assert wrong_type.status == 415
    huge = b'{"x": "' + b"a" * settings.max_body_bytes + b'"}'
    assert post_receipt(app, huge, key="k").status == 413
    assert call(app, "PUT", "/receipts").status == 405


def test_rate_limit_per_client(settings):
    limited = create_app(
        Settings(**{**settings.__dict__, "rate_limit_per_minute": 1, "rate_limit_burst": 2})
    )
    try:
        codes = [post_receipt(limited, receipt(10 + i)).status for i in range(3)]
        assert codes == [201, 201, 429]
        other_client = post_receipt(limited, receipt(20), client="10.0.0.7")
        assert other_client.status == 201
        busy = post_receipt(limited, receipt(21))
        assert busy.status == 429 and int(busy.headers["retry-after"]) >= 1
    finally:
        limited.state.engine.dispose()


def test_cors_allows_the_site_origin_only(app):
    preflight = {
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,idempotency-key,x-invite-token",
    }
    allowed = call(app, "OPTIONS", "/receipts", headers=preflight)
    assert allowed.status == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    refused = call(
        app, "OPTIONS", "/receipts", headers={**preflight, "Origin": "https://evil.example"}
    )
    assert refused.status == 400
    assert "access-control-allow-origin" not in refused.headers
    posted = post_receipt(app, RECEIPT, extra={"Origin": ORIGIN})
    assert posted.headers["access-control-allow-origin"] == ORIGIN


def test_logs_hold_no_personal_data(app, caplog):
    caplog.set_level(logging.DEBUG)
    post_receipt(app, RECEIPT, client="203.0.113.9", extra={"User-Agent": "Secret-Browser/1"})
    post_receipt(app, receipt(5, revision="2026-01-01-ffffffffffff"))
    text = caplog.text
    assert "POST /receipts 201" in text and "POST /receipts 422" in text
    for personal in ("Ana", "Díaz", "E-1042", "Finance", "203.0.113.9", "Secret-Browser"):
        assert personal not in text


def test_client_hash_is_stored_only_when_configured(settings):
    configured = create_app(Settings(**{**settings.__dict__, "store_client_hash": True}))
    try:
        post_receipt(configured, RECEIPT, client="203.0.113.9", extra={"User-Agent": "UA/1"})
        [row] = rows(configured)
        assert len(row.client_hash) == 64
        assert "203.0.113.9" not in row.client_hash
    finally:
        configured.state.engine.dispose()


def _staff(app) -> None:
    import_employees(
        app.state.engine,
        [
            Employee("E-1042", "Ana Díaz", "ana@example.org", "Finance", date(2020, 3, 1)),
            Employee("E-2000", "Bo Lee", "bo@example.org", "Transport", date(2021, 5, 1)),
        ],
    )


def test_a_personal_link_binds_the_receipt_to_the_employee(app, settings):
    _staff(app)
    secret = load_secret(settings.keys_dir)
    token = make_token(secret, "E-1042", date.today() + timedelta(days=30))
    reply = post_receipt(app, RECEIPT, token=token)
    assert reply.status == 201
    assert reply.json["attributed_to"] == "E-1042"
    assert reply.json["countersignature"]["attributed_to"] == "E-1042"
    assert rows(app)[0].attributed_to == "E-1042"


def test_an_employee_id_that_does_not_match_the_link_is_refused(app, settings):
    _staff(app)
    token = make_token(load_secret(settings.keys_dir), "E-2000", date.today() + timedelta(days=1))
    reply = post_receipt(app, RECEIPT, token=token)
    assert reply.status == 422
    assert reply.json["problems"] == [
        "employee.employee_id: E-1042 does not match your personal signing link (issued for "
        "E-2000). Check the employee ID, or open your own link."
    ]
    expired = make_token(load_secret(settings.keys_dir), "E-1042", date(2026, 1, 1))
    assert "expired on 2026-01-01" in post_receipt(app, RECEIPT, token=expired).json["problems"][0]
    forged = make_token(b"x" * 32, "E-1042", date.today() + timedelta(days=1))
    assert "not valid" in post_receipt(app, RECEIPT, token=forged).json["problems"][0]
    assert rows(app) == []


def test_links_required_refuses_a_receipt_without_one(settings):
    strict = create_app(Settings(**{**settings.__dict__, "invites_required": True}))
    try:
        reply = post_receipt(strict, RECEIPT)
        assert reply.status == 403
        assert reply.json["problems"][0].startswith("A personal signing link is required")
    finally:
        strict.state.engine.dispose()


def test_health(app):
    assert call(app, "GET", "/healthz").json == {"status": "ok"}


def test_the_page_learns_whom_a_personal_link_is_for(app, settings):
    _staff(app)
    token = make_token(load_secret(settings.keys_dir), "E-1042", date(2099, 1, 1))
    reply = call(app, "GET", "/receipts", headers={"X-Invite-Token": token})
    assert reply.status == 200
    assert reply.json == {
        "employee_id": "E-1042",
        "full_name": "Ana Díaz",
        "department": "Finance",
        "expires": "2099-01-01",
    }
    assert reply.headers["cache-control"] == "no-store"
    missing = call(app, "GET", "/receipts")
    assert missing.status == 422 and "not valid" in missing.json["problems"][0]
    gone = make_token(load_secret(settings.keys_dir), "E-5555", date(2099, 1, 1))
    left = call(app, "GET", "/receipts", headers={"X-Invite-Token": gone})
    assert left.json["problems"] == [
        "This signing link belongs to no current employee. Ask Human Resources."
    ]


def test_an_unreadable_site_revision_is_a_retryable_503(settings, tmp_path):
    lost = create_app(
        Settings(**{**settings.__dict__, "site_revision": str(tmp_path / "nope.json")})
    )
    try:
        reply = post_receipt(lost, RECEIPT)
        assert reply.status == 503
        assert reply.json["problems"] == [
            "the handbook's revision.json cannot be read right now; try again"
        ]
    finally:
        lost.state.engine.dispose()
