"""Reminders: e-mail each employee who has not signed the current revision their personal link.

Dry run by default (prints who would get a message); ``--send`` sends through the configured
SMTP server, at most ``remind_per_minute`` messages a minute.
"""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TextIO

from receiver.config import Settings
from receiver.employees import Employee
from receiver.invites import invite_link, make_token
from receiver.roster import Department

__all__ = ["compose", "pending", "send_reminders"]


def pending(departments: Iterable[Department]) -> list[Employee]:
    """Employees who have not signed the current revision (older-only signers included)."""
    return [
        line.employee
        for department in departments
        for line in department.lines
        if line.status != "current"
    ]


def compose(
    settings: Settings,
    person: Employee,
    link: str,
    due: date,
    current: Mapping[str, Any],
) -> EmailMessage:
    """The reminder to one employee."""
    organization = current.get("organization") or "your employer"
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = person.email
    message["Subject"] = f"Please acknowledge the employee handbook by {due.isoformat()}"
    message.set_content(
        f"Hello {person.full_name},\n\n"
        f"{organization} published revision {current['revision']} of the employee handbook. "
        f"Please read it and sign the acknowledgement by {due.isoformat()}.\n\n"
        f"Your personal signing link (it fills in your name and employee ID):\n{link}\n\n"
        "If you have questions, reply to this message.\n\nHuman Resources\n"
    )
    return message


def _smtp_password(settings: Settings) -> str:
    if not settings.smtp_password_file:
        return ""
    return Path(settings.smtp_password_file).read_text(encoding="utf-8").strip()


def send_reminders(
    settings: Settings,
    people: list[Employee],
    current: Mapping[str, Any],
    secret: bytes,
    *,
    due: date,
    today: date,
    send: bool,
    out: TextIO,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Remind ``people``; returns how many messages were sent (or would be, in a dry run)."""
    expires = max(due, today) + timedelta(days=settings.invite_days)
    messages = [
        compose(
            settings,
            person,
            invite_link(settings.site_url, make_token(secret, person.employee_id, expires)),
            due,
            current,
        )
        for person in people
    ]
    if not send:
        for person in people:
            print(f"WOULD SEND {person.employee_id} {person.email} ({person.department})", file=out)
        print(f"dry run: {len(people)} reminder(s); add --send to send them", file=out)
        return len(people)
    interval = 60.0 / max(settings.remind_per_minute, 1)
    sent = 0
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, _smtp_password(settings))
        for index, (person, message) in enumerate(zip(people, messages, strict=True)):
            if index:
                sleep(interval)
            smtp.send_message(message)
            sent += 1
            print(f"SENT {person.employee_id} {person.email}", file=out)
    print(f"{sent} reminder(s) sent", file=out)
    return sent
