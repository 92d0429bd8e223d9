"""Receiving one receipt: the endpoint contract, without HTTP.

``Intake.receive`` takes the request body, the ``Idempotency-Key`` and the invite token, and
answers a status code and a JSON document:

- 201 stored (new), 200 already stored (same key, same receipt) — both with the
  countersignature the page stores in the receipt;
- 409 the key holds a different receipt; 400 not JSON; 422 refused (every reason listed: schema,
  a revision the site never published, dishonest fields, a signing link that does not match);
- 403 no personal link when the agency requires one.

Nothing personal is logged here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from receiver.employees import find_employee
from receiver.invites import InviteError, read_token
from receiver.receipts import ReceiptError, honesty_problems, receipt_problems
from receiver.revisions import SiteRevisions
from receiver.signing import SigningKey, countersign
from receiver.store.records import RecordStore, StoredRecord

__all__ = ["Answer", "Intake"]


@dataclass(frozen=True)
class Answer:
    """An HTTP status and a JSON body."""

    status: int
    body: dict[str, Any]


def _stored(record: StoredRecord, status: int) -> Answer:
    return Answer(
        status,
        {
            "status": "stored" if status == 201 else "already-stored",
            "receipt_id": record.record_key,
            "received_at": record.received_at,
            "attributed_to": record.attributed_to,
            "countersignature": record.mark,
        },
    )


def _refused(status: int, problems: list[str]) -> Answer:
    return Answer(status, {"status": "refused", "problems": problems})


class Intake:
    """The receiving logic, bound to a store, the site's revisions and the keys."""

    def __init__(
        self,
        store: RecordStore,
        revisions: SiteRevisions,
        signing_key: SigningKey,
        invite_secret: bytes,
        *,
        kind: str = "acknowledgement",
        invites_required: bool = False,
        store_client_hash: bool = False,
    ) -> None:
        self.store = store
        self.revisions = revisions
        self.signing_key = signing_key
        self.invite_secret = invite_secret
        self.kind = kind
        self.invites_required = invites_required
        self.store_client_hash = store_client_hash

    def client_hash(self, ip: str, user_agent: str) -> str | None:
        """Keyed hash of the client's IP and user agent (``None`` unless configured)."""
        if not self.store_client_hash:
            return None
        key = hmac.new(self.invite_secret, b"client-hash", hashlib.sha256).digest()
        return hmac.new(key, f"{ip}\n{user_agent}".encode(), hashlib.sha256).hexdigest()

    def _attribution(
        self, receipt: dict[str, Any], token: str | None, today: date
    ) -> tuple[str | None, Answer | None]:
        typed = receipt["employee"]["employee_id"]
        if not token:
            if self.invites_required:
                return None, _refused(
                    403,
                    [
                        "A personal signing link is required: open the link Human Resources "
                        "sent you and sign from there."
                    ],
                )
            return None, None
        try:
            invite = read_token(self.invite_secret, token, today)
        except InviteError as exc:
            return None, _refused(422, [str(exc)])
        if find_employee(self.store.engine, invite.employee_id) is None:
            return None, _refused(
                422, ["This signing link belongs to no current employee. Ask Human Resources."]
            )
        if typed != invite.employee_id:
            return None, _refused(
                422,
                [
                    f"employee.employee_id: {typed} does not match your personal signing link "
                    f"(issued for {invite.employee_id}). Check the employee ID, or open your "
                    "own link."
                ],
            )
        return invite.employee_id, None

    def invitee(self, token: str | None, now: datetime | None = None) -> Answer:
        """Who a personal link is for, so the page can fill in their name, ID and department.

        Answers 200 ``{employee_id, full_name, department, expires}``, or 422 with a message
        for the employee (link not valid, expired, or for nobody on the staff list).
        """
        today = (now or datetime.now(UTC)).date()
        try:
            invite = read_token(self.invite_secret, token or "", today)
        except InviteError as exc:
            return _refused(422, [str(exc)])
        person = find_employee(self.store.engine, invite.employee_id)
        if person is None:
            return _refused(
                422, ["This signing link belongs to no current employee. Ask Human Resources."]
            )
        return Answer(
            200,
            {
                "employee_id": person.employee_id,
                "full_name": person.full_name,
                "department": person.department,
                "expires": invite.expires.isoformat(),
            },
        )

    def receive(
        self,
        raw: bytes,
        idempotency_key: str | None,
        token: str | None,
        client: tuple[str, str] = ("", ""),
        now: datetime | None = None,
    ) -> Answer:
        """Check and store one receipt; see the module docstring for the answers."""
        now = now or datetime.now(UTC)
        if not idempotency_key:
            return _refused(400, ["Idempotency-Key header is required (the receipt's receipt_id)"])
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return _refused(400, [f"the body is not JSON ({exc})"])
        if isinstance(data, dict):
            data.pop("countersignature", None)  # a resend of a countersigned receipt
        problems = receipt_problems(data)
        if problems:
            return _refused(422, problems)
        if idempotency_key != data["receipt_id"]:
            return _refused(
                422,
                [
                    f"Idempotency-Key {idempotency_key!r} is not the receipt_id "
                    f"{data['receipt_id']!r}"
                ],
            )
        existing = self.store.find(self.kind, idempotency_key)
        if existing is not None:
            return self._answer_existing(existing, data)
        try:
            revision = self.revisions.known(data["revision"])
        except ReceiptError:  # the site is not reachable yet: the page retries a 503
            return _refused(
                503, ["the handbook's revision.json cannot be read right now; try again"]
            )
        if revision is None:
            return _refused(
                422,
                [
                    f"revision: {data['revision']} was never published by this site — reload "
                    "the handbook and sign the revision it shows"
                ],
            )
        problems = honesty_problems(data, revision, now)
        organization = revision.get("organization")
        if organization is not None and organization != data["organization"]:
            problems.insert(
                0, f"organization: {data['organization']!r} is not this site's {organization!r}"
            )
        if problems:
            return _refused(422, problems)
        attributed_to, refusal = self._attribution(data, token, now.date())
        if refusal is not None:
            return refusal
        result = self.store.append(
            self.kind,
            idempotency_key,
            data,
            revision=data["revision"],
            subject=data["employee"]["employee_id"],
            attributed_to=attributed_to,
            client_hash=self.client_hash(*client),
            countersign=lambda received_at: countersign(
                self.signing_key, data, received_at, attributed_to
            ),
        )
        if result.status == "stored":
            return _stored(result.record, 201)
        return self._answer_existing(result.record, data)

    @staticmethod
    def _answer_existing(existing: StoredRecord, data: dict[str, Any]) -> Answer:
        if existing.record == data:
            return _stored(existing, 200)
        return _refused(
            409,
            [
                f"Idempotency-Key {existing.record_key} already holds a different receipt "
                f"(stored {existing.received_at}); a new receipt needs a new receipt_id"
            ],
        )
