"""HR's side of acknowledgements: check receipts and turn a folder of them into a roster.

    python -m build_hooks.receipts verify RECEIPT.json --site SITE_DIR
    python -m build_hooks.receipts roster DIR [--site SITE_DIR] > roster.csv

``verify`` compares one receipt with the built site's ``revision.json``. Exit status:

- 0: the receipt acknowledges the revision the site publishes;
- 1: it does not — the handbook changed since it was signed (the changed, new and removed
  sections are listed) or it belongs to another organization's handbook;
- 2: the receipt is malformed (every problem is named) or the site has no ``revision.json``.

``roster`` writes CSV to standard output: name, employee ID, department, revision, signed at,
current (yes/no against ``--site``, default ``site``) and the file's name, one row per receipt
in file-name order. Every ``*.json`` file in the folder is read; nothing is skipped silently:

- a malformed file is reported on standard error as ``REJECTED <file>: <what is wrong>``;
- anything that is not a ``.json`` file is reported as ``IGNORED <name>: ...``;
- a second copy of a receipt (same ``receipt_id``) is reported as ``DUPLICATE`` and listed once;
- a summary line ends standard error.

Exit status: 0 when every ``.json`` file was a valid receipt, 1 when any was rejected (the CSV
still lists the valid ones), 2 when the folder or the site cannot be read. Cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) get a leading ``'``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import jsonschema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "receipt.schema.json"

__all__ = ["ReceiptError", "Verdict", "load_receipt", "main", "verdict"]


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
    problems = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if problems:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.absolute_path) or 'receipt'}: {e.message}"
            for e in problems
        )
        raise ReceiptError(f"{path}: not a valid receipt — {details}")
    try:  # the schema's pattern checks the shape; this checks the calendar (no 30 February)
        datetime.fromisoformat(data["signed_at"])
    except ValueError as exc:
        raise ReceiptError(
            f"{path}: not a valid receipt — signed_at: {data['signed_at']!r} is not a real "
            "date and time"
        ) from exc
    return data


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
    sections = document.get("sections") if isinstance(document, dict) else None
    if not (
        isinstance(document, dict)
        and isinstance(document.get("revision"), str)
        and isinstance(sections, dict)
        and all(isinstance(info, dict) and "digest" in info for info in sections.values())
    ):
        raise ReceiptError(
            f"{path}: not a handbook revision document (expected 'revision' and 'sections' with "
            "a 'digest' each) — rebuild the site with `make build`"
        )
    return document


def verdict(receipt: Mapping[str, Any], site_revision: Mapping[str, Any]) -> Verdict:
    """Compare a receipt's section digests with the site's current ones.

    Args:
        receipt: A valid receipt (:func:`load_receipt`).
        site_revision: The site's ``revision.json``.

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


def _describe(section: Mapping[str, str]) -> str:
    if section["change"] == "removed":
        return f"  {section['id']} (removed from the handbook)"
    suffix = " — new section" if section["change"] == "new" else ""
    return f"  §{section['number']} {section['title']} ({section['id']}){suffix}"


def _verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        receipt = load_receipt(Path(args.receipt))
        site = load_site_revision(Path(args.site))
    except ReceiptError as exc:
        print(exc, file=err)
        return 2
    result = verdict(receipt, site)
    who = receipt["employee"]["full_name"]
    if result.current:
        print(
            f"CURRENT: {who} acknowledged revision {result.site_revision}, the one published.",
            file=out,
        )
        return 0
    if not result.organization_matches:
        print(
            f"OTHER HANDBOOK: the receipt of {who} acknowledges the handbook of "
            f"{receipt['organization']}; {args.site} publishes the handbook of "
            f"{site.get('organization')}.",
            file=out,
        )
        return 1
    print(
        f"OUT OF DATE: {who} signed revision {result.signed_revision} on "
        f"{receipt['signed_at']}; the site is at {result.site_revision}. "
        f"{len(result.changed)} section(s) changed since:",
        file=out,
    )
    for section in result.changed:
        print(_describe(section), file=out)
    return 1


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP "CSV injection")."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _roster(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{folder}: no such folder — pass the folder holding the receipts", file=err)
        return 2
    try:
        site = load_site_revision(Path(args.site))
    except ReceiptError as exc:
        print(exc, file=err)
        return 2
    writer = csv.writer(out)
    writer.writerow(
        ["name", "employee_id", "department", "revision", "signed_at", "current", "file"]
    )
    listed = rejected = ignored = duplicates = 0
    seen: dict[str, str] = {}
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
        first = seen.setdefault(receipt["receipt_id"], path.name)
        if first != path.name:
            print(
                f"DUPLICATE {path}: the same receipt ({receipt['receipt_id']}) as {first}; "
                "listed once",
                file=err,
            )
            duplicates += 1
            continue
        employee = receipt["employee"]
        current = "yes" if verdict(receipt, site).current else "no"
        writer.writerow(
            [
                csv_cell(employee["full_name"]),
                csv_cell(employee["employee_id"]),
                csv_cell(employee["department"]),
                receipt["revision"],
                receipt["signed_at"],
                current,
                csv_cell(path.name),
            ]
        )
        listed += 1
    print(
        f"{listed} receipt(s) listed, {rejected} rejected, {duplicates} duplicate(s), "
        f"{ignored} ignored, in {folder}",
        file=err,
    )
    if rejected:
        print(f"Fix or remove the {rejected} rejected file(s) and run again.", file=err)
        return 1
    return 0


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Command line; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(
        prog="python -m build_hooks.receipts",
        description="Check acknowledgement receipts against the built handbook.",
        epilog="Exit status — verify: 0 current, 1 out of date or another handbook, 2 unreadable "
        "receipt or site. roster: 0 all files valid, 1 some rejected (listed on stderr), "
        "2 unreadable folder or site.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="does a receipt match the current revision?")
    check.add_argument("receipt", help="a receipt (.json) downloaded from the acknowledgement page")
    check.add_argument("--site", default="site", help="the built site (default: site)")
    roster = commands.add_parser("roster", help="CSV of a folder of receipts, to stdout")
    roster.add_argument("folder", help="folder holding the receipts (.json)")
    roster.add_argument("--site", default="site", help="the built site (default: site)")
    args = parser.parse_args(argv)
    out = out or sys.stdout
    err = err or sys.stderr
    if args.command == "verify":
        return _verify(args, out, err)
    return _roster(args, out, err)


if __name__ == "__main__":
    sys.exit(main())
