"""``verify-log``: walk the hash chain and name the first row altered or removed.

Checked for every row, in ``seq`` order: ``seq`` follows the previous one (a gap is a removed
row), the body matches its ``body_sha256``, the row matches its ``row_hash``, ``prev_hash`` is the
previous row's ``row_hash``, and the countersignature verifies with the receiver's public keys
(someone who rewrites a row and recomputes the hashes still cannot sign it). Removing the last
rows leaves a shorter valid chain: compare the printed head with one noted earlier.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from receiver.canonical import sha256_hex
from receiver.signing import check_countersignature
from receiver.store.records import GENESIS, RecordStore, row_hash

__all__ = ["ChainReport", "verify_chain"]


@dataclass(frozen=True)
class ChainReport:
    """The walk's outcome: rows read, the head (last ``seq`` and hash), the first problem."""

    rows: int
    head_seq: int
    head_hash: str
    problem: str | None


def _row_problem(
    record: Any, expected_seq: int, prev: str, keys: Mapping[str, Ed25519PublicKey] | None
) -> str | None:
    if record.seq != expected_seq:
        missing = (
            f"row {expected_seq}"
            if record.seq == expected_seq + 1
            else f"rows {expected_seq}–{record.seq - 1}"
        )
        return f"{missing} removed: the log goes from row {expected_seq - 1} to row {record.seq}"
    if sha256_hex(record.body) != record.body_sha256:
        return f"row {record.seq} altered: its body does not match its body_sha256"
    if row_hash(record.__dict__) != record.row_hash:
        return f"row {record.seq} altered: its fields do not match its row_hash"
    if record.prev_hash != prev:
        return (
            f"row {record.seq}: prev_hash does not match row {record.seq - 1}'s hash — "
            f"row {record.seq - 1} was altered (and its hash recomputed) or replaced"
        )
    if keys is not None:
        receipt = {
            **json.loads(record.body),
            "countersignature": json.loads(record.countersignature),
        }
        problem = check_countersignature(receipt, keys)
        if problem is not None:
            return f"row {record.seq} altered: {problem}"
    return None


def verify_chain(
    store: RecordStore, keys: Mapping[str, Ed25519PublicKey] | None = None
) -> ChainReport:
    """Walk every row; stop at the first problem."""
    prev, expected, count = GENESIS, 1, 0
    for record in store.rows():
        problem = _row_problem(record, expected, prev, keys)
        if problem is not None:
            return ChainReport(count, expected - 1, prev, problem)
        prev, expected, count = record.row_hash, record.seq + 1, count + 1
    return ChainReport(count, expected - 1, prev, None)
