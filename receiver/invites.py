"""Personal signing links: an HMAC-signed, expiring token per employee.

Token: ``base64url(payload) "." base64url(HMAC-SHA256(secret, "policy-handbook-invite/1." +
payload))`` with payload ``{"e": employee ID, "x": last valid day}``. The standard library's
``hmac`` (constant-time comparison) is all this needs, so no dependency is added (itsdangerous
would do the same in more code we do not use). The secret is 32 random bytes in
``keys_dir/invite.key`` (made on first use, mode 0600); replacing it voids every link sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urljoin

__all__ = ["Invite", "InviteError", "invite_link", "load_secret", "make_token", "read_token"]

PREFIX = b"policy-handbook-invite/1."
SECRET_FILE = "invite.key"


class InviteError(ValueError):
    """A token is malformed, forged or expired; the message is safe to show the employee."""


@dataclass(frozen=True)
class Invite:
    """What a valid token says."""

    employee_id: str
    expires: date


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(keys_dir: Path) -> bytes:
    """The invite secret of ``keys_dir``, made on first use."""
    path = keys_dir / SECRET_FILE
    if not path.exists():
        keys_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def make_token(secret: bytes, employee_id: str, expires: date) -> str:
    """A token for ``employee_id`` valid up to and including ``expires``."""
    payload = _b64(
        json.dumps({"e": employee_id, "x": expires.isoformat()}, separators=(",", ":")).encode()
    )
    mac = hmac.new(secret, PREFIX + payload.encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


def read_token(secret: bytes, token: str, today: date) -> Invite:
    """The invite a token carries.

    Raises:
        InviteError: Not a token of this receiver, or expired.
    """
    payload, _, mac = token.partition(".")
    try:
        expected = hmac.new(secret, PREFIX + payload.encode("ascii"), hashlib.sha256).digest()
        valid = hmac.compare_digest(expected, _unb64(mac))
        data = json.loads(_unb64(payload)) if valid else None
        invite = Invite(str(data["e"]), date.fromisoformat(data["x"])) if data else None
    except (ValueError, KeyError, TypeError, UnicodeEncodeError):
        invite = None
    if invite is None:
        raise InviteError(
            "This signing link is not valid. Open the link from your e-mail again, or ask "
            "Human Resources for a new one."
        )
    if invite.expires < today:
        raise InviteError(
            f"This signing link expired on {invite.expires.isoformat()}. Ask Human Resources "
            "for a new one."
        )
    return invite


def invite_link(site_url: str, token: str) -> str:
    """The personal link: the site's acknowledgement page with ``?invite=TOKEN``."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, "acknowledgement/") + "?invite=" + quote(token, safe="")
