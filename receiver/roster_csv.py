"""Rosters as CSV: HR's roster from the receiver, and the offline roster of a receipts folder.

The folder roster (``python -m receiver roster DIR``) reads every ``*.json`` file; nothing is
skipped silently:

- a malformed file: ``REJECTED <file>: <what is wrong>`` on standard error;
- anything that is not a ``.json`` file: ``IGNORED <name>: ...``;
- a second copy of the same receipt (same ``receipt_id``, same content): ``DUPLICATE``, listed
  once;
- a different receipt under a ``receipt_id`` already seen (two people, or an edited copy):
  ``CONFLICT``, and *both* are listed;
- a summary line ends standard error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from receiver.receipts import ReceiptError, load_receipt, verdict
from receiver.roster import STATUS_LABELS, Department
from receiver.spreadsheet import write_csv

__all__ = ["FOLDER_HEADER", "ROSTER_HEADER", "folder_roster", "roster_rows"]

ROSTER_HEADER = (
    "department",
    "employee_id",
    "full_name",
    "status",
    "revision",
    "received_at",
    "evidence",
    "sections_changed_since",
)
FOLDER_HEADER = ("name", "employee_id", "department", "revision", "signed_at", "current", "file")


def roster_rows(departments: list[Department]) -> Iterator[tuple[str, ...]]:
    """HR's roster: the header, then one row per employee, by department."""
    yield ROSTER_HEADER
    for department in departments:
        for line in department.lines:
            yield (
                department.name,
                line.employee.employee_id,
                line.employee.full_name,
                STATUS_LABELS[line.status],
                line.revision,
                line.received_at,
                line.evidence,
                "; ".join(line.changed_since),
            )


def folder_roster(
    folder: Path, site: Mapping[str, Any], out: TextIO, err: TextIO
) -> tuple[int, int]:
    """Write the folder's roster to ``out`` and every finding to ``err``.

    Returns:
        (receipts listed, files rejected).
    """
    rows: list[tuple[str, ...]] = [FOLDER_HEADER]
    listed = rejected = ignored = duplicates = conflicts = 0
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in sorted(folder.iterdir()):
        if not (path.is_file() and path.suffix.lower() == ".json"):
            kind = "a folder" if path.is_dir() else "not a .json file"
            print(f"IGNORED {path}: {kind} — receipts are .json files", file=err)
            ignored += 1
            continue
        try:
            receipt = load_receipt(path)
        except ReceiptError as exc:
            print(f"REJECTED {exc}", file=err)
            rejected += 1
            continue
        body = {k: v for k, v in receipt.items() if k != "countersignature"}
        first = seen.setdefault(receipt["receipt_id"], (path.name, body))
        if first[0] != path.name:
            if first[1] == body:
                print(
                    f"DUPLICATE {path}: the same receipt ({receipt['receipt_id']}) as "
                    f"{first[0]}; listed once",
                    file=err,
                )
                duplicates += 1
                continue
            print(
                f"CONFLICT {path}: receipt_id {receipt['receipt_id']} is also used by "
                f"{first[0]} for a different receipt ({first[1]['employee']['full_name']!r} vs "
                f"{receipt['employee']['full_name']!r}); both are listed — check them",
                file=err,
            )
            conflicts += 1
        employee = receipt["employee"]
        rows.append(
            (
                employee["full_name"],
                employee["employee_id"],
                employee["department"],
                receipt["revision"],
                receipt["signed_at"],
                "yes" if verdict(receipt, site).current else "no",
                path.name,
            )
        )
        listed += 1
    write_csv(out, rows)
    print(
        f"{listed} receipt(s) listed, {rejected} rejected, {duplicates} duplicate(s), "
        f"{conflicts} conflict(s), {ignored} ignored, in {folder}",
        file=err,
    )
    return listed, rejected
