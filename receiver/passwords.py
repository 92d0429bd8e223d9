"""HR's password: stored as an scrypt hash, checked in constant time.

``hashlib.scrypt`` (OpenSSL's scrypt, in the standard library) is a memory-hard password hash
recommended by OWASP, so no dependency is needed. Format:
``scrypt$N$r$p$<salt base64>$<hash base64>`` (N=2**15, r=8, p=1).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["check_password", "hash_password"]

N, R, P = 2**15, 8, 1
MAXMEM = 64 * 1024 * 1024


def hash_password(password: str) -> str:
    """A new scrypt hash of ``password`` for ``hr_password_hash``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, maxmem=MAXMEM)
    encode = base64.b64encode
    return f"scrypt${N}${R}${P}${encode(salt).decode()}${encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (a malformed ``stored`` matches nothing)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=MAXMEM,
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)
