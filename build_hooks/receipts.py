"""HR's side of acknowledgements: check receipts and turn a folder of them into a roster.

    python -m build_hooks.receipts verify RECEIPT.json --site SITE_DIR
    python -m build_hooks.receipts roster DIR [--site SITE_DIR] > roster.csv

``verify`` exits 0 when the receipt matches the site's current revision, 1 when the handbook has
changed since it was signed (the changed sections are listed), 2 when the receipt or the site is
unreadable. ``roster`` writes CSV (name, employee ID, department, revision, signed at, current) to
standard output; every malformed file is reported on standard error with its name and what is
wrong, and then the exit status is 1 — no file is skipped silently.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    changed: list[dict[str, str]]  # {id, number, title} of sections whose text differs


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
    return data


def load_site_revision(site: Path) -> dict[str, Any]:
    """The site's ``revision.json``.

    Raises:
        ReceiptError: The site has no readable ``revision.json``.
    """
    path = site / "revision.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ReceiptError(
            f"{path}: cannot read the site's revision — pass --site the built site folder "
            "(make build writes site/)"
        ) from exc


def verdict(receipt: Mapping[str, Any], site_revision: Mapping[str, Any]) -> Verdict:
    """Compare a receipt's section digests with the site's current ones."""
    signed = receipt["sections"]
    sections = site_revision["sections"]
    changed = [
        {"id": sid, "number": info["number"], "title": info["title"]}
        for sid, info in sections.items()
        if signed.get(sid) != info["digest"]
    ]
    changed += [
        {"id": sid, "number": "", "title": "(section since removed)"}
        for sid in signed
        if sid not in sections
    ]
    return Verdict(
        current=receipt["revision"] == site_revision["revision"] and not changed,
        signed_revision=receipt["revision"],
        site_revision=site_revision["revision"],
        changed=changed,
    )


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
    print(
        f"OUT OF DATE: {who} signed revision {result.signed_revision} on "
        f"{receipt['signed_at']}; the site is at {result.site_revision}. "
        f"{len(result.changed)} section(s) changed since:",
        file=out,
    )
    for section in result.changed:
        print(f"  §{section['number']} {section['title']} ({section['id']})", file=out)
    return 1


def _roster(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{folder}: no such folder — pass the folder holding the receipts", file=err)
        return 2
    site = None
    if args.site is None and Path("site/revision.json").is_file():
        args.site = "site"  # the default build output, when it is there
    if args.site:
        try:
            site = load_site_revision(Path(args.site))
        except ReceiptError as exc:
            print(exc, file=err)
            return 2
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    writer = csv.writer(out)
    writer.writerow(
        ["name", "employee_id", "department", "revision", "signed_at", "current", "file"]
    )
    bad = 0
    for path in files:
        try:
            receipt = load_receipt(path)
        except ReceiptError as exc:
            print(f"REJECTED {exc}", file=err)
            bad += 1
            continue
        employee = receipt["employee"]
        current = "unknown" if site is None else ("yes" if verdict(receipt, site).current else "no")
        writer.writerow(
            [
                employee["full_name"],
                employee["employee_id"],
                employee["department"],
                receipt["revision"],
                receipt["signed_at"],
                current,
                path.name,
            ]
        )
    if bad:
        print(f"{bad} of {len(files)} file(s) rejected; fix or remove them.", file=err)
        return 1
    return 0


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Command line; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(prog="python -m build_hooks.receipts")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="does a receipt match the current revision?")
    check.add_argument("receipt")
    check.add_argument("--site", default="site", help="the built site (default: site)")
    roster = commands.add_parser("roster", help="CSV of a folder of receipts")
    roster.add_argument("folder")
    roster.add_argument("--site", help="the built site, to fill the 'current' column")
    args = parser.parse_args(argv)
    out = out or sys.stdout
    err = err or sys.stderr
    if args.command == "verify":
        return _verify(args, out, err)
    return _roster(args, out, err)


if __name__ == "__main__":
    sys.exit(main())
