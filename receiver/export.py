"""Retention export: every signed record as JSON Lines (one self-contained record per line).

Each line holds the row's chain fields and the record with its countersignature, so an archive
can be checked later with ``verify`` and compared with ``verify-log``'s head.
"""

from __future__ import annotations

import json
from typing import TextIO

from receiver.store.records import RecordStore

__all__ = ["export_jsonl"]


def export_jsonl(store: RecordStore, out: TextIO, kind: str | None = None) -> int:
    """Write the rows (of ``kind``, or all) in ``seq`` order; returns how many."""
    count = 0
    for row in store.rows(kind):
        record = {**row.record, "countersignature": row.mark}
        line = {
            "seq": row.seq,
            "kind": row.kind,
            "record_key": row.record_key,
            "received_at": row.received_at,
            "revision": row.revision,
            "attributed_to": row.attributed_to,
            "record": record,
            "prev_hash": row.prev_hash,
            "row_hash": row.row_hash,
        }
        out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
