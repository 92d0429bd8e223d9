"""Countersignatures: Ed25519 over the canonical JSON of a received receipt.

The receiver signs ``{"format", "key_id", "received_at", "attributed_to", "receipt"}`` (the
receipt without its ``countersignature``) and returns the signature with those fields; the page
stores it in the receipt as ``countersignature``. Anyone holding the published public keys
(``public-keys.json``) checks it offline: a receipt that was changed after the receiver saw it,
or that never reached the receiver, fails.

Keys live in a folder (``keys_dir``): ``signing-<key_id>.pem`` (private, mode 0600) per key,
``current`` naming the key in use, and ``public-keys.json`` listing every public key ever used,
so receipts signed before a rotation still verify.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from receiver.canonical import canonical_bytes, sha256_hex

__all__ = [
    "COUNTERSIGNATURE_FORMAT",
    "KEYS_FORMAT",
    "KeyMaterialError",
    "SigningKey",
    "check_countersignature",
    "countersign",
    "load_public_keys",
    "load_signing_key",
    "rotate_signing_key",
]

COUNTERSIGNATURE_FORMAT = "policy-handbook-countersignature/1"
KEYS_FORMAT = "policy-handbook-receiver-keys/1"
PUBLIC_KEYS_FILE = "public-keys.json"


class KeyMaterialError(ValueError):
    """Key material cannot be read or is not what it should be; the message says what to do."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(public: Ed25519PublicKey) -> str:
    """A key's id: ``ed25519-`` and the first 16 hex digits of sha256 over the raw public key."""
    return "ed25519-" + sha256_hex(_raw_public(public))[:16]


@dataclass(frozen=True)
class SigningKey:
    """The receiver's current private key and its id."""

    key_id: str
    private: Ed25519PrivateKey

    def sign(self, data: bytes) -> str:
        """base64url (unpadded) Ed25519 signature of ``data``."""
        return _b64(self.private.sign(data))


def _signed_payload(receipt: Mapping[str, Any], countersignature: Mapping[str, Any]) -> bytes:
    body = {key: value for key, value in receipt.items() if key != "countersignature"}
    return canonical_bytes(
        {
            "format": countersignature["format"],
            "key_id": countersignature["key_id"],
            "received_at": countersignature["received_at"],
            "attributed_to": countersignature["attributed_to"],
            "receipt": body,
        }
    )


def countersign(
    key: SigningKey, receipt: Mapping[str, Any], received_at: str, attributed_to: str | None
) -> dict[str, Any]:
    """The countersignature the page stores in the receipt.

    Args:
        key: The receiver's current signing key.
        receipt: The receipt as received (a ``countersignature`` in it is ignored).
        received_at: The receiver's own UTC time (``2026-02-03T14:05:06.123456Z``).
        attributed_to: The employee ID bound by a personal signing link, or ``None``.
    """
    fields: dict[str, Any] = {
        "format": COUNTERSIGNATURE_FORMAT,
        "key_id": key.key_id,
        "received_at": received_at,
        "attributed_to": attributed_to,
    }
    return {**fields, "signature": key.sign(_signed_payload(receipt, fields))}


def check_countersignature(
    receipt: Mapping[str, Any], public_keys: Mapping[str, Ed25519PublicKey]
) -> str | None:
    """``None`` when the receipt carries a valid countersignature, else what is wrong."""
    mark = receipt.get("countersignature")
    if not isinstance(mark, Mapping):
        return "not countersigned: the receiver never acknowledged this receipt"
    fields = ("format", "key_id", "received_at", "attributed_to", "signature")
    if mark.get("format") != COUNTERSIGNATURE_FORMAT or any(f not in mark for f in fields):
        return f"countersignature: not a {COUNTERSIGNATURE_FORMAT} countersignature"
    public = public_keys.get(str(mark["key_id"]))
    if public is None:
        return (
            f"countersignature: key {mark['key_id']!r} is not among the receiver's published "
            "keys — pass the current public-keys.json (--keys)"
        )
    try:
        public.verify(_unb64(str(mark["signature"])), _signed_payload(receipt, mark))
    except (InvalidSignature, ValueError):
        return (
            "countersignature does not match: the receipt was changed after the receiver "
            "signed it, or the signature was not made by the receiver"
        )
    return None


def _current_path(keys_dir: Path) -> Path:
    return keys_dir / "current"


def load_signing_key(keys_dir: Path, *, create: bool = True) -> SigningKey:
    """The current signing key of ``keys_dir``; the first one is made when ``create``.

    Raises:
        KeyMaterialError: No key yet and ``create`` is false, or a key file is unreadable.
    """
    current = _current_path(keys_dir)
    if not current.exists():
        if not create:
            raise KeyMaterialError(
                f"{keys_dir}: no signing key — run `python -m receiver keys` to make one"
            )
        return rotate_signing_key(keys_dir)
    key_id = current.read_text(encoding="ascii").strip()
    path = keys_dir / f"signing-{key_id}.pem"
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise KeyMaterialError(f"{path}: cannot read the signing key ({exc})") from exc
    if not isinstance(private, Ed25519PrivateKey) or key_id_of(private.public_key()) != key_id:
        raise KeyMaterialError(f"{path}: not the Ed25519 key {key_id} named in {current}")
    return SigningKey(key_id, private)


def rotate_signing_key(keys_dir: Path) -> SigningKey:
    """Make a new signing key, make it current and add its public key to ``public-keys.json``.

    Old private keys stay (they sign nothing more; delete them once retired if you like); old
    public keys stay published so earlier receipts still verify.
    """
    keys_dir.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    key_id = key_id_of(private.public_key())
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = keys_dir / f"signing-{key_id}.pem"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    published = keys_dir / PUBLIC_KEYS_FILE
    document = (
        json.loads(published.read_text(encoding="utf-8"))
        if published.exists()
        else {"format": KEYS_FORMAT, "keys": []}
    )
    document["keys"].append(
        {
            "key_id": key_id,
            "algorithm": "Ed25519",
            "public_key": _b64(_raw_public(private.public_key())),
        }
    )
    published.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    _current_path(keys_dir).write_text(key_id + "\n", encoding="ascii")
    return SigningKey(key_id, private)


def public_keys_document(keys_dir: Path) -> dict[str, Any]:
    """The published ``public-keys.json`` of ``keys_dir`` (every key ever used)."""
    return json.loads((keys_dir / PUBLIC_KEYS_FILE).read_text(encoding="utf-8"))


def load_public_keys(path: Path) -> dict[str, Ed25519PublicKey]:
    """Public keys by key id from a published ``public-keys.json``.

    Raises:
        KeyMaterialError: The file is unreadable or not a keys document.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != KEYS_FORMAT:
            raise ValueError(f"format is not {KEYS_FORMAT}")
        keys = {}
        for entry in document["keys"]:
            public = Ed25519PublicKey.from_public_bytes(_unb64(entry["public_key"]))
            if key_id_of(public) != entry["key_id"]:
                raise ValueError(f"key {entry['key_id']} does not match its public key")
            keys[entry["key_id"]] = public
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyMaterialError(
            f"{path}: not the receiver's published keys ({exc}) — use the public-keys.json "
            "the receiver serves at /public-keys.json"
        ) from exc
    return keys
