"""The handbook's own settings: ``extra.handbook`` in ``mkdocs.yml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from build_hooks.content.receipt_schema import receipt_limits

__all__ = [
    "DEFAULT_STATEMENT",
    "AcknowledgementSettings",
    "HandbookSettings",
    "SettingsError",
    "read_settings",
]

DEFAULT_STATEMENT = (
    "I confirm that I have received the employee handbook of {organization}, that I have read "
    "and understood it, and that I will follow it and the revisions issued to it. I understand "
    "that the handbook summarizes important information about my employment and that I should "
    "ask my supervisor or Human Resources about anything that is unclear. I understand that "
    "its policies may change, that a revision may replace any policy, and that revisions are "
    "announced by official notice. I understand that the handbook is not a contract of "
    "employment or any other legal agreement."
)


class SettingsError(ValueError):
    """A setting under ``extra.handbook`` is missing or malformed; the message says which."""


@dataclass(frozen=True)
class AcknowledgementSettings:
    """How new hires acknowledge the current revision."""

    statement: str
    endpoint: str | None
    hr_email: str | None


@dataclass(frozen=True)
class HandbookSettings:
    """Settings that apply to the whole handbook."""

    organization: str
    modeled_on: str | None
    revision: date
    previous_revision: date | None
    acknowledgement: AcknowledgementSettings


def _date(value: Any, key: str, *, required: bool) -> date | None:
    if value is None and not required:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise SettingsError(
        f"mkdocs.yml: extra.handbook.{key}: expected a date as YYYY-MM-DD, got {value!r}"
    )


def read_settings(extra: Mapping[str, Any]) -> HandbookSettings:
    """Read and check ``extra.handbook``.

    Args:
        extra: The ``extra`` mapping of the MkDocs config.

    Returns:
        The settings.

    Raises:
        SettingsError: Naming the setting and what to write instead.
    """
    raw = extra.get("handbook")
    if not isinstance(raw, Mapping):
        raise SettingsError(
            "mkdocs.yml: extra.handbook is missing — add it with at least 'organization:' and "
            "'revision:' (see the README)"
        )
    organization = raw.get("organization")
    if not isinstance(organization, str) or not organization.strip():
        raise SettingsError(
            "mkdocs.yml: extra.handbook.organization: missing — give the organization's name"
        )
    revision = _date(raw.get("revision"), "revision", required=True)
    assert revision is not None
    previous = _date(raw.get("previous_revision"), "previous_revision", required=False)
    if previous is not None and previous >= revision:
        raise SettingsError(
            f"mkdocs.yml: extra.handbook.previous_revision: {previous} is not before revision "
            f"{revision} — it must be the date of the revision before the current one"
        )
    ack = raw.get("acknowledgement") or {}
    if not isinstance(ack, Mapping):
        raise SettingsError(
            "mkdocs.yml: extra.handbook.acknowledgement: expected named settings "
            "(statement, endpoint, hr_email)"
        )
    statement = ack.get("statement") or DEFAULT_STATEMENT
    endpoint = ack.get("endpoint")
    if endpoint is not None and not (
        isinstance(endpoint, str) and endpoint.startswith(("https://", "http://", "/"))
    ):
        raise SettingsError(
            "mkdocs.yml: extra.handbook.acknowledgement.endpoint: expected an https:// URL or a "
            f"site path, got {endpoint!r}"
        )
    hr_email = ack.get("hr_email")
    if hr_email is not None and (not isinstance(hr_email, str) or "@" not in hr_email):
        raise SettingsError(
            "mkdocs.yml: extra.handbook.acknowledgement.hr_email: expected an e-mail address, "
            f"got {hr_email!r}"
        )
    statement = str(statement).replace("{organization}", organization.strip())
    limit = receipt_limits().statement
    if len(statement) > limit:
        raise SettingsError(
            f"mkdocs.yml: extra.handbook.acknowledgement.statement: {len(statement)} characters "
            f"(with the organization's name filled in) — a receipt holds at most {limit} "
            "(schema/receipt.schema.json); shorten the statement"
        )
    modeled_on = raw.get("modeled_on")
    return HandbookSettings(
        organization=organization.strip(),
        modeled_on=str(modeled_on).strip() if modeled_on else None,
        revision=revision,
        previous_revision=previous,
        acknowledgement=AcknowledgementSettings(
            statement=statement,
            endpoint=endpoint,
            hr_email=hr_email,
        ),
    )
