"""Reminders through a real SMTP server on 127.0.0.1 (aiosmtpd); the JSON Lines export; the
command line end to end (import, invite, roster, export) on both engines."""

from __future__ import annotations

import csv
import io
import json
import socket
from datetime import date
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from receiver.app import create_app
from receiver.cli import main
from receiver.config import Settings
from receiver.invites import load_secret, read_token
from tests.receiver.helpers import post_receipt, receipt

STAFF = """\
employee_id,full_name,email,department,hire_date
E-1042,Ana Díaz,ana@example.org,Finance,2020-03-01
E-2000,Bo Lee,bo@example.org,Transport,2021-05-01
E-3000,Cy Park,cy@example.org,Finance,2022-01-10
"""


class Inbox:
    """aiosmtpd handler keeping every message."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def cli(
    settings: Settings, tmp_path: Path, monkeypatch, *argv: str, extra: str = ""
) -> tuple[int, str, str]:
    config = tmp_path / "receiver.toml"
    config.write_text(
        f'data_dir = "{settings.data_dir}"\nsite_revision = "{settings.site_revision}"\n'
        f'site_url = "https://handbook.example/"\n{extra}',
        encoding="utf-8",
    )
    monkeypatch.setenv("DATABASE_URL", settings.url)
    out, err = io.StringIO(), io.StringIO()
    code = main(["--config", str(config), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def staffed(settings, tmp_path, monkeypatch):
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    code, out, _ = cli(settings, tmp_path, monkeypatch, "import-employees", str(staff))
    assert code == 0
    assert out == (
        "3 employee(s) in " + str(staff) + ": 3 added, 0 updated, 0 unchanged; 0 no longer "
        "listed (marked as left)\n"
    )
    app = create_app(settings)
    post_receipt(app, receipt(1))  # Ana signs (typed ID, no link)
    app.state.engine.dispose()
    return settings


def test_remind_is_a_dry_run_until_send_then_mails_each_non_signer_their_personal_link(
    staffed, tmp_path, monkeypatch, smtp
):
    port, inbox = smtp
    due = ("remind", "--due", "2027-01-15")
    code, out, _ = cli(staffed, tmp_path, monkeypatch, *due, extra=f"smtp_port = {port}\n")
    assert code == 0
    assert out.splitlines() == [
        "WOULD SEND E-3000 cy@example.org (Finance)",
        "WOULD SEND E-2000 bo@example.org (Transport)",
        "dry run: 2 reminder(s); add --send to send them",
    ]
    assert inbox.messages == []

    code, out, _ = cli(
        staffed,
        tmp_path,
        monkeypatch,
        *due,
        "--send",
        "--today",
        "2026-12-01",
        extra=f'smtp_port = {port}\nremind_per_minute = 6000\nmail_from = "HR <hr@example.org>"\n',
    )
    assert code == 0, out
    assert out.splitlines()[-1] == "2 reminder(s) sent"
    # --send mails exactly whom the dry run listed, in the same order
    assert [to for to, _ in inbox.messages] == [["cy@example.org"], ["bo@example.org"]]
    _, message = inbox.messages[1]
    assert message["Subject"] == "Please acknowledge the employee handbook by 2027-01-15"
    assert message["From"] == "HR <hr@example.org>"
    body = message.get_content()
    assert body.startswith("Hello Bo Lee,")
    link = next(line for line in body.splitlines() if "?invite=" in line)
    assert link.startswith("https://handbook.example/acknowledgement/?invite=")
    token = link.split("?invite=")[1]
    invite = read_token(load_secret(staffed.keys_dir), token, date(2027, 1, 15))
    assert (invite.employee_id, invite.expires) == ("E-2000", date(2027, 2, 14))


def test_remind_keeps_to_the_rate(staffed, smtp):
    from receiver.employees import active_employees
    from receiver.remind import send_reminders
    from receiver.store.db import make_engine

    port, inbox = smtp
    engine = make_engine(staffed.url)
    people = active_employees(engine)
    engine.dispose()
    pauses: list[float] = []
    limited = Settings(**{**staffed.__dict__, "smtp_port": port, "remind_per_minute": 20})
    sent = send_reminders(
        limited,
        people,
        {"revision": "2026-01-01-0123456789ab", "organization": "Twin Rivers"},
        b"k" * 32,
        due=date(2027, 1, 15),
        today=date(2026, 12, 1),
        send=True,
        out=io.StringIO(),
        sleep=pauses.append,
    )
    assert sent == 3 and len(inbox.messages) == 3
    assert pauses == [3.0, 3.0]  # 20 a minute: one every 3 s, none before the first


def test_invite_writes_one_link_per_employee(staffed, tmp_path, monkeypatch):
    code, out, _ = cli(
        staffed, tmp_path, monkeypatch, "invite", "--today", "2026-12-01", "--days", "10"
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["employee_id", "full_name", "email", "department", "expires", "link"]
    assert [(r[0], r[4]) for r in rows[1:]] == [
        ("E-1042", "2026-12-11"),
        ("E-3000", "2026-12-11"),
        ("E-2000", "2026-12-11"),
    ]
    code, _, err = cli(staffed, tmp_path, monkeypatch, "invite", "--employee", "E-9")
    assert code == 2 and err == "no current employee with ID E-9\n"


def test_roster_and_export_from_the_command_line(staffed, tmp_path, monkeypatch):
    code, out, _ = cli(staffed, tmp_path, monkeypatch, "roster")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert [(r[1], r[3], r[6]) for r in rows[1:]] == [
        ("E-1042", "Signed the current revision", "typed ID"),
        ("E-3000", "Not signed", ""),
        ("E-2000", "Not signed", ""),
    ]
    code, out, err = cli(staffed, tmp_path, monkeypatch, "export")
    assert code == 0 and err == "1 record(s) exported\n"
    [line] = [json.loads(text) for text in out.splitlines()]
    assert (line["seq"], line["kind"], line["record_key"]) == (
        1,
        "acknowledgement",
        receipt(1)["receipt_id"],
    )
    assert line["record"]["employee"]["full_name"] == "Ana Díaz"
    assert line["record"]["countersignature"]["received_at"] == line["received_at"]
    exported = tmp_path / "receipt.json"
    exported.write_text(json.dumps(line["record"]), encoding="utf-8")
    code, out, _ = cli(
        staffed,
        tmp_path,
        monkeypatch,
        "verify",
        str(exported),
        "--site",
        str(Path(staffed.site_revision).parent),
        "--keys",
        str(staffed.keys_dir / "public-keys.json"),
    )
    assert code == 0, out
    code, out, _ = cli(staffed, tmp_path, monkeypatch, "verify-log")
    assert code == 0 and out.startswith("INTACT: 1 row(s), hashes and countersignatures checked")
