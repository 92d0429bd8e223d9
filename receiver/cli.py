"""``python -m receiver``: run the receiver and HR's commands.

    serve             run the receiver (uvicorn) — migrations run first
    migrate           bring the database schema up to date
    keys              show the signing key; --rotate makes a new one
    verify            check one receipt offline against the built site (and the public keys)
    verify-log        walk the database's hash chain; name the first row altered or removed
    roster            CSV roster: of the receiver's database, or of a folder of receipt files
    import-employees  load the staff list (CSV from the HR system)
    invite            personal signing links (CSV to standard output)
    remind            e-mail the personal link to everyone who has not signed (dry run default)
    export            every signed record as JSON Lines (retention archive)
    hash-password     make hr_password_hash from a password read on standard input

Exit status of ``verify``: 0 the receipt acknowledges the published revision; 1 it is for an
older revision (the changed sections are listed) or another handbook; 2 the receipt or the site
cannot be read (every problem named); 3 REFUSED: the receipt does not prove what it says
(forged or missing countersignature, changed statement, signature that is not the name, dates,
hidden characters). ``verify-log``: 0 intact, 1 a row altered or removed (named). ``roster`` of
a folder: 0 every file valid, 1 some rejected, 2 folder or site unreadable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from receiver.config import ConfigError, Settings, load_settings
from receiver.receipts import (
    ReceiptError,
    honesty_problems,
    load_receipt,
    load_site_revision,
    verdict,
)
from receiver.signing import KeyMaterialError, check_countersignature, load_public_keys

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from receiver.store.records import RecordStore

__all__ = ["main"]


def _describe(section: dict[str, str]) -> str:
    if section["change"] == "removed":
        return f"  {section['id']} (removed from the handbook)"
    suffix = " — new section" if section["change"] == "new" else ""
    return f"  §{section['number']} {section['title']} ({section['id']}){suffix}"


def _now(args: argparse.Namespace) -> datetime:
    if args.now:
        moment = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        receipt = load_receipt(Path(args.receipt))
        site = load_site_revision(Path(args.site))
        keys = load_public_keys(Path(args.keys)) if args.keys else None
    except (ReceiptError, KeyMaterialError) as exc:
        print(exc, file=err)
        return 2
    who = receipt["employee"]["full_name"]
    problems: list[str] = []
    now = _now(args)
    if keys is not None:
        problem = check_countersignature(receipt, keys)
        if problem is None:  # the receiver's clock is the latest believable signing time
            received = receipt["countersignature"]["received_at"].replace("Z", "+00:00")
            now = datetime.fromisoformat(received)
        else:
            problems.append(problem)
    problems += honesty_problems(receipt, site, now)
    if problems:
        print(f"REFUSED: the receipt of {who!r} does not prove what it says:", file=out)
        for problem in problems:
            print(f"  {problem}", file=out)
        return 3
    notes = []
    if keys is None:
        notes.append(
            "note: countersignature not checked — pass --keys public-keys.json (from the "
            "receiver) to prove the receiver received this receipt"
        )
    if site["revision"] == receipt["revision"] and "statement_sha256" not in site:
        notes.append(
            "note: statement not checked — the site's revision.json has no statement_sha256 "
            "(rebuild the site)"
        )
    result = verdict(receipt, site)
    if result.current:
        print(
            f"CURRENT: {who} acknowledged revision {result.site_revision}, the one published.",
            file=out,
        )
        code = 0
    elif not result.organization_matches:
        print(
            f"OTHER HANDBOOK: the receipt of {who} acknowledges the handbook of "
            f"{receipt['organization']}; {args.site} publishes the handbook of "
            f"{site.get('organization')}.",
            file=out,
        )
        code = 1
    else:
        print(
            f"OUT OF DATE: {who} signed revision {result.signed_revision} on "
            f"{receipt['signed_at']}; the site is at {result.site_revision}. "
            f"{len(result.changed)} section(s) changed since:",
            file=out,
        )
        for section in result.changed:
            print(_describe(section), file=out)
        code = 1
    for note in notes:
        print(note, file=err)
    return code


def _folder_roster(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from receiver.roster_csv import folder_roster

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{folder}: no such folder — pass the folder holding the receipts", file=err)
        return 2
    try:
        site = load_site_revision(Path(args.site))
    except ReceiptError as exc:
        print(exc, file=err)
        return 2
    _, rejected = folder_roster(folder, site, out, err)
    if rejected:
        print(f"Fix or remove the {rejected} rejected file(s) and run again.", file=err)
        return 1
    return 0


def _database_roster(settings: Settings, out: TextIO) -> int:
    from receiver.employees import active_employees
    from receiver.revisions import SiteRevisions
    from receiver.roster import build_roster
    from receiver.roster_csv import roster_rows
    from receiver.spreadsheet import write_csv

    engine, store = _open_store(settings)
    current = SiteRevisions(engine, settings.site_revision).current()
    departments = build_roster(active_employees(engine), store.rows(settings.kind), current)
    write_csv(out, roster_rows(departments))
    return 0


def _open_store(settings: Settings) -> tuple[Engine, RecordStore]:
    from receiver.store.db import make_engine, migrate
    from receiver.store.records import RecordStore

    engine = make_engine(settings.url)
    migrate(engine)
    return engine, RecordStore(engine)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import logging
    import os

    import uvicorn

    from receiver.app import create_app
    from receiver.invites import load_secret
    from receiver.signing import load_signing_key

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    common = {
        "host": args.host,
        "port": args.port,
        "access_log": False,  # the app logs its own lines, without client addresses
        "proxy_headers": False,
        "log_level": "info",
    }
    if args.workers <= 1:
        uvicorn.run(create_app(settings), **common)
        return 0
    # several processes: migrate and make the keys once here, before the workers start
    engine, _ = _open_store(settings)
    engine.dispose()
    load_signing_key(settings.keys_dir)
    load_secret(settings.keys_dir)
    if args.config:
        os.environ["RECEIVER_CONFIG"] = str(Path(args.config).resolve())
    if settings.database_url:
        os.environ["DATABASE_URL"] = settings.database_url
    uvicorn.run("receiver.app:worker_app", factory=True, workers=args.workers, **common)
    return 0


def _keys(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from receiver.signing import load_signing_key, public_keys_document, rotate_signing_key

    key = (
        rotate_signing_key(settings.keys_dir)
        if args.rotate
        else load_signing_key(settings.keys_dir)
    )
    document = public_keys_document(settings.keys_dir)
    if args.publish:
        Path(args.publish).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"current signing key: {key.key_id}", file=out)
    print(f"published keys: {', '.join(k['key_id'] for k in document['keys'])}", file=out)
    return 0


def _verify_log(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from receiver.store.chain import verify_chain

    own = settings.keys_dir / "public-keys.json"
    if args.keys:
        keys = load_public_keys(Path(args.keys))
    else:
        keys = load_public_keys(own) if own.exists() else None
    _, store = _open_store(settings)
    report = verify_chain(store, keys)
    if report.problem:
        print(f"TAMPERED: {report.problem}", file=out)
        print(f"{report.rows} row(s) before it are intact (up to row {report.head_seq}).", file=out)
        return 1
    checked = "hashes and countersignatures" if keys else "hashes"
    print(
        f"INTACT: {report.rows} row(s), {checked} checked; head row {report.head_seq}, "
        f"hash {report.head_hash}",
        file=out,
    )
    return 0


def _import_employees(
    args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO
) -> int:
    from receiver.employees import EmployeeImportError, import_employees, parse_employees

    path = Path(args.csv)
    try:
        people = parse_employees(path.read_text(encoding="utf-8-sig"), str(path))
    except OSError as exc:
        print(f"{path}: cannot be read ({exc.strerror})", file=err)
        return 2
    except EmployeeImportError as exc:
        print(exc, file=err)
        print("Nothing was imported: fix the file and run again.", file=err)
        return 1
    engine, _ = _open_store(settings)
    summary = import_employees(engine, people)
    print(
        f"{len(people)} employee(s) in {path}: {summary.added} added, {summary.updated} "
        f"updated, {summary.unchanged} unchanged; {summary.deactivated} no longer listed "
        "(marked as left)",
        file=out,
    )
    return 0


def _invite(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from datetime import timedelta

    from receiver.employees import active_employees
    from receiver.invites import invite_link, load_secret, make_token
    from receiver.spreadsheet import write_csv

    engine, _ = _open_store(settings)
    people = active_employees(engine)
    if args.employee:
        wanted = set(args.employee)
        unknown = wanted - {p.employee_id for p in people}
        if unknown:
            print(f"no current employee with ID {', '.join(sorted(unknown))}", file=err)
            return 2
        people = [p for p in people if p.employee_id in wanted]
    today = date.fromisoformat(args.today) if args.today else date.today()
    expires = today + timedelta(days=args.days or settings.invite_days)
    secret = load_secret(settings.keys_dir)
    rows = [("employee_id", "full_name", "email", "department", "expires", "link")]
    rows += [
        (
            p.employee_id,
            p.full_name,
            p.email,
            p.department,
            expires.isoformat(),
            invite_link(settings.site_url, make_token(secret, p.employee_id, expires)),
        )
        for p in people
    ]
    write_csv(out, rows)
    return 0


def _remind(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from receiver.employees import active_employees
    from receiver.invites import load_secret
    from receiver.remind import pending, send_reminders
    from receiver.revisions import SiteRevisions
    from receiver.roster import build_roster

    engine, store = _open_store(settings)
    current = SiteRevisions(engine, settings.site_revision).current()
    departments = build_roster(active_employees(engine), store.rows(settings.kind), current)
    today = date.fromisoformat(args.today) if args.today else date.today()
    send_reminders(
        settings,
        pending(departments),
        current,
        load_secret(settings.keys_dir),
        due=date.fromisoformat(args.due),
        today=today,
        send=args.send,
        out=out,
    )
    return 0


def _export(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from receiver.export import export_jsonl

    _, store = _open_store(settings)
    if args.out:
        with Path(args.out).open("w", encoding="utf-8") as handle:
            count = export_jsonl(store, handle, args.kind)
    else:
        count = export_jsonl(store, out, args.kind)
    print(f"{count} record(s) exported", file=err)
    return 0


def _hash_password(out: TextIO) -> int:
    from receiver.passwords import hash_password

    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 12:
        print("the password must have at least 12 characters", file=sys.stderr)
        return 2
    print(hash_password(password), file=out)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m receiver",
        description="The acknowledgement receiver and HR's commands.",
        epilog="Exit status — verify: 0 current, 1 out of date or another handbook, 2 "
        "unreadable receipt or site, 3 refused (forged or dishonest). verify-log: 0 intact, 1 "
        "tampered. roster FOLDER: 0 all files valid, 1 some rejected (listed on stderr), 2 "
        "unreadable folder or site.",
    )
    parser.add_argument("--config", help="receiver.toml (default: $RECEIVER_CONFIG, or none)")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the receiver")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (default 1; rate limits are then per worker)",
    )
    commands.add_parser("migrate", help="bring the database schema up to date")
    keys = commands.add_parser("keys", help="the countersignature keys")
    keys.add_argument("--rotate", action="store_true", help="make a new current signing key")
    keys.add_argument("--publish", help="also write public-keys.json to this path")
    verify = commands.add_parser(
        "verify", help="does a receipt prove what it says, and is it current?"
    )
    verify.add_argument("receipt", help="a receipt (.json) from the acknowledgement page")
    verify.add_argument("--site", default="site", help="the built site (default: site)")
    verify.add_argument(
        "--keys", help="the receiver's public-keys.json: checks the countersignature"
    )
    verify.add_argument("--now", help="the time to judge 'in the future' by (default: now)")
    log = commands.add_parser("verify-log", help="check the database's hash chain")
    log.add_argument("--keys", help="public-keys.json (default: the receiver's own)")
    roster = commands.add_parser("roster", help="CSV roster to standard output")
    roster.add_argument(
        "folder", nargs="?", help="a folder of receipt files (default: the database)"
    )
    roster.add_argument(
        "--site", default="site", help="the built site, for a folder (default: site)"
    )
    employees = commands.add_parser("import-employees", help="load the staff list (CSV)")
    employees.add_argument("csv", help="employee_id,full_name,email,department,hire_date")
    invite = commands.add_parser("invite", help="personal signing links (CSV)")
    invite.add_argument("--employee", action="append", help="only this employee ID (repeatable)")
    invite.add_argument("--days", type=int, help="valid for this many days (default: invite_days)")
    invite.add_argument("--today", help=argparse.SUPPRESS)
    remind = commands.add_parser("remind", help="e-mail personal links to who has not signed")
    remind.add_argument("--due", required=True, help="the date to sign by (YYYY-MM-DD)")
    remind.add_argument("--send", action="store_true", help="send (default: dry run)")
    remind.add_argument("--today", help=argparse.SUPPRESS)
    export = commands.add_parser("export", help="every signed record as JSON Lines")
    export.add_argument("--kind", help="only this kind (e.g. acknowledgement)")
    export.add_argument("--out", help="write to this file (default: standard output)")
    commands.add_parser("hash-password", help="hash a password read on standard input")
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Command line; see the module docstring."""
    args = _parser().parse_args(argv)
    out = out or sys.stdout
    err = err or sys.stderr
    if args.command == "verify":
        return _verify(args, out, err)
    if args.command == "roster" and args.folder:
        return _folder_roster(args, out, err)
    if args.command == "hash-password":
        return _hash_password(out)
    try:
        settings = load_settings(Path(args.config) if args.config else None)
    except ConfigError as exc:
        print(exc, file=err)
        return 2
    try:
        if args.command == "serve":
            return _serve(args, settings)
        if args.command == "migrate":
            _open_store(settings)
            print(f"database schema up to date ({settings.url.split('@')[-1]})", file=out)
            return 0
        if args.command == "keys":
            return _keys(args, settings, out)
        if args.command == "verify-log":
            return _verify_log(args, settings, out)
        if args.command == "roster":
            return _database_roster(settings, out)
        if args.command == "import-employees":
            return _import_employees(args, settings, out, err)
        if args.command == "invite":
            return _invite(args, settings, out, err)
        if args.command == "remind":
            return _remind(args, settings, out)
        return _export(args, settings, out, err)
    except (ReceiptError, KeyMaterialError) as exc:
        print(exc, file=err)
        return 2
