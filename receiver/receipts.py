"""Reading receipts and comparing them with a site's ``revision.json``; honesty checks.

Used offline by ``python -m receiver verify|roster`` and online by the receiver before it
stores a receipt, so both refuse the same things for the same reasons.

:func:`honesty_problems` checks what the JSON Schema cannot: the statement is the one the
revision published (``revision.json`` ``statement_sha256``), the typed signature is the name,
``revision_date`` agrees with the revision id, dates are neither before the revision could
exist (its previous revision's date: a revision is published ahead of its own date) nor in the
future, and names carry no invisible or direction-changing characters.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from receiver.canonical import sha256_hex

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "receipt.schema.json"

__all__ = [
    "CLOCK_SKEW",
    "ReceiptError",
    "Verdict",
    "honesty_problems",
    "load_receipt",
    "load_site_revision",
    "receipt_problems",
    "verdict",
]

# How far a browser clock may be ahead of the verifier's (or the receiver's) clock.
CLOCK_SKEW = timedelta(hours=12)
# The earliest moment of a calendar day anywhere (UTC+14).
EARLIEST_OFFSET = timedelta(hours=14)
# How long before its date a revision without a known predecessor may be published.
PUBLISHED_AHEAD = timedelta(days=366)
# Characters that reorder or hide text (bidi controls, zero-width space, BOM). Zero-width
# joiners (U+200C, U+200D) are left alone: several scripts need them in names.
HIDDEN = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
NAME_FIELDS = ("full_name", "employee_id", "department", "signature")


class ReceiptError(ValueError):
    """A receipt or a site cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Verdict:
    """How a receipt compares with a site's current revision."""

    current: bool
    signed_revision: str
    site_revision: str
    changed: list[dict[str, str]]  # {id, number, title, change} of sections whose text differs
    organization_matches: bool = True


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def receipt_problems(data: Any) -> list[str]:
    """Everything that makes ``data`` not a valid receipt (schema and calendar), or ``[]``."""
    problems = [
        f"{'.'.join(str(p) for p in e.absolute_path) or 'receipt'}: {e.message}"
        for e in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if not problems:  # the schema's pattern checks the shape; this checks the calendar
        try:
            datetime.fromisoformat(data["signed_at"])
        except ValueError:
            problems.append(f"signed_at: {data['signed_at']!r} is not a real date and time")
    return problems


def load_receipt(path: Path) -> dict[str, Any]:
    """Read and validate one receipt against ``schema/receipt.schema.json``.

    Raises:
        ReceiptError: Unreadable, not JSON, or not a valid receipt (every problem listed).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReceiptError(f"{path}: cannot be read ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReceiptError(f"{path}: not a JSON receipt ({exc})") from exc
    problems = receipt_problems(data)
    if problems:
        raise ReceiptError(f"{path}: not a valid receipt — {'; '.join(problems)}")
    return data


def check_revision_document(document: Any, where: str) -> dict[str, Any]:
    """``document`` when it is a handbook ``revision.json``.

    Raises:
        ReceiptError: It is not one (the message names ``where``).
    """
    sections = document.get("sections") if isinstance(document, dict) else None
    if not (
        isinstance(document, dict)
        and isinstance(document.get("revision"), str)
        and isinstance(sections, dict)
        and all(isinstance(info, dict) and "digest" in info for info in sections.values())
    ):
        raise ReceiptError(
            f"{where}: not a handbook revision document (expected 'revision' and 'sections' with "
            "a 'digest' each) — rebuild the site with `make build`"
        )
    return document


def load_site_revision(site: Path) -> dict[str, Any]:
    """The site's ``revision.json``.

    Raises:
        ReceiptError: The site has no readable ``revision.json``.
    """
    path = site / "revision.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReceiptError(
            f"{path}: cannot read the site's revision — pass --site the built site folder "
            "(make build writes site/)"
        ) from exc
    return check_revision_document(document, str(path))


def verdict(receipt: Mapping[str, Any], site_revision: Mapping[str, Any]) -> Verdict:
    """Compare a receipt's section digests with the site's current ones.

    Returns:
        The verdict; ``changed`` lists sections whose text differs (``change``: ``changed``),
        that are new since signing (``new``) or that were removed (``removed``), in the site's
        section order, removed ones last.
    """
    signed = receipt["sections"]
    sections = site_revision["sections"]
    changed = [
        {
            "id": sid,
            "number": info["number"],
            "title": info["title"],
            "change": "changed" if sid in signed else "new",
        }
        for sid, info in sections.items()
        if signed.get(sid) != info["digest"]
    ]
    changed += [
        {"id": sid, "number": "", "title": "", "change": "removed"}
        for sid in signed
        if sid not in sections
    ]
    organization = site_revision.get("organization")
    organization_matches = organization is None or organization == receipt["organization"]
    return Verdict(
        current=receipt["revision"] == site_revision["revision"]
        and not changed
        and organization_matches,
        signed_revision=receipt["revision"],
        site_revision=site_revision["revision"],
        changed=changed,
        organization_matches=organization_matches,
    )


def _hidden_characters(text: str) -> list[str]:
    return sorted(
        {f"U+{ord(ch):04X}" for ch in text if ch in HIDDEN or unicodedata.category(ch) == "Cc"}
    )


def _utc(moment: str) -> datetime:
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _earliest_signing_day(
    receipt: Mapping[str, Any], revision: Mapping[str, Any] | None, revision_day: date
) -> tuple[date, str]:
    """The first day a receipt for this revision can have been signed, and why.

    A revision is usually published before its date (it takes effect on it), so its own date is
    not the bound: the revision before it was in force until then, so this revision's text did
    not exist before the previous revision's date. Without the revision's document, revisions
    are taken to be published at most ``PUBLISHED_AHEAD`` before their date.
    """
    previous = revision.get("previous_revision") if revision is not None else None
    if revision is not None and revision.get("revision") == receipt["revision"] and previous:
        day = date.fromisoformat(str(previous))
        return day, f"its previous revision is dated {day.isoformat()}"
    day = revision_day - PUBLISHED_AHEAD
    return day, f"dated {revision_day.isoformat()}, published at most a year ahead"


def honesty_problems(
    receipt: Mapping[str, Any],
    revision: Mapping[str, Any] | None,
    now: datetime,
) -> list[str]:
    """What in a schema-valid receipt contradicts itself, its revision or the clock.

    Args:
        receipt: A schema-valid receipt.
        revision: The ``revision.json`` of the revision the receipt names, when known (its
            statement digest and section digests are then checked), else ``None``.
        now: The latest believable signing time: the verifier's clock, or the receiver's
            countersigned ``received_at``. ``CLOCK_SKEW`` is allowed on top.

    Returns:
        One message per problem, naming the field; ``[]`` when the receipt is consistent.
    """
    problems: list[str] = []
    employee = receipt["employee"]
    for field in NAME_FIELDS:
        hidden = _hidden_characters(employee[field])
        if hidden:
            problems.append(
                f"employee.{field}: contains invisible or text-direction control characters "
                f"({', '.join(hidden)}) that can make it read as something else"
            )
    if employee["signature"].strip().lower() != employee["full_name"].strip().lower():
        problems.append(
            f"employee.signature: {employee['signature']!r} is not the full name "
            f"{employee['full_name']!r} (the typed signature must be the name)"
        )
    revision_day = date.fromisoformat(receipt["revision"][:10])
    if receipt["revision_date"] != revision_day.isoformat():
        problems.append(
            f"revision_date: {receipt['revision_date']} contradicts the revision id "
            f"{receipt['revision']} (dated {revision_day.isoformat()})"
        )
    signed_at = _utc(receipt["signed_at"])
    earliest, why = _earliest_signing_day(receipt, revision, revision_day)
    exists_from = datetime.combine(earliest, datetime.min.time(), UTC) - EARLIEST_OFFSET
    latest = now.astimezone(UTC) + CLOCK_SKEW
    if signed_at < exists_from:
        problems.append(
            f"signed_at: {receipt['signed_at']} is before revision {receipt['revision']} "
            f"existed ({why})"
        )
    if signed_at > latest:
        problems.append(
            f"signed_at: {receipt['signed_at']} is in the future (latest believable: "
            f"{now.astimezone(UTC).isoformat(timespec='seconds')} plus {CLOCK_SKEW})"
        )
    typed = date.fromisoformat(employee["date"])
    if typed < earliest - timedelta(days=1):
        problems.append(
            f"employee.date: {employee['date']} is before revision {receipt['revision']} "
            f"existed ({why})"
        )
    if typed > (signed_at + timedelta(days=1)).date():
        problems.append(
            f"employee.date: {employee['date']} is after the signing time {receipt['signed_at']}"
        )
    if revision is not None and revision.get("revision") == receipt["revision"]:
        expected = revision.get("statement_sha256")
        if expected is not None and sha256_hex(receipt["statement"]) != expected:
            problems.append(
                "statement: not the statement revision "
                f"{receipt['revision']} published (its sha256 differs from revision.json "
                "statement_sha256) — the text was changed"
            )
        published = {sid: info["digest"] for sid, info in revision["sections"].items()}
        if dict(receipt["sections"]) != published:
            problems.append(
                f"sections: the section digests are not the ones revision {receipt['revision']} "
                "published"
            )
    return problems
