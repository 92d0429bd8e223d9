"""The employee list HR imports (CSV from the HR system) and reads back.

Columns (header row, any order, extra columns ignored): ``employee_id``, ``full_name``,
``email``, ``department``, ``hire_date`` (YYYY-MM-DD). An import is the whole current staff:
employees missing from it are marked inactive (they left) and leave the roster; a changed
``hire_date`` is a rehire, who appears as not signed until they sign again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select, update

from receiver.store.db import write_transaction
from receiver.store.records import utc_now
from receiver.store.tables import employees

__all__ = ["COLUMNS", "Employee", "EmployeeImportError", "active_employees", "import_employees"]

COLUMNS = ("employee_id", "full_name", "email", "department", "hire_date")


class EmployeeImportError(ValueError):
    """The CSV cannot be imported; the message names the line and the field."""


@dataclass(frozen=True)
class Employee:
    """One employee as imported."""

    employee_id: str
    full_name: str
    email: str
    department: str
    hire_date: date


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed."""

    added: int
    updated: int
    unchanged: int
    deactivated: int


def parse_employees(text: str, source: str) -> list[Employee]:
    """Every employee of a CSV export, checked.

    Raises:
        EmployeeImportError: A column is missing, a value is empty or malformed, or an ID
            appears twice (every problem is listed, with its line).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise EmployeeImportError(
            f"{source}: line 1: missing column(s) {', '.join(missing)} — the header must name "
            f"{', '.join(COLUMNS)}"
        )
    problems: list[str] = []
    people: list[Employee] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {column: (row.get(column) or "").strip() for column in COLUMNS}
        empty = [column for column, value in values.items() if not value]
        if empty:
            problems.append(f"{source}: line {line}: empty {', '.join(empty)}")
            continue
        try:
            hired = date.fromisoformat(values["hire_date"])
        except ValueError:
            problems.append(
                f"{source}: line {line}: hire_date {values['hire_date']!r} is not YYYY-MM-DD"
            )
            continue
        if "@" not in values["email"]:
            problems.append(f"{source}: line {line}: email {values['email']!r} has no @")
            continue
        if values["employee_id"] in seen:
            problems.append(
                f"{source}: line {line}: employee_id {values['employee_id']!r} already on line "
                f"{seen[values['employee_id']]}"
            )
            continue
        seen[values["employee_id"]] = line
        people.append(
            Employee(
                values["employee_id"],
                values["full_name"],
                values["email"],
                values["department"],
                hired,
            )
        )
    if problems:
        raise EmployeeImportError("\n".join(problems))
    return people


def import_employees(engine: Engine, people: list[Employee]) -> ImportSummary:
    """Make the stored list equal ``people`` (others are marked inactive)."""
    added = updated = unchanged = 0
    now = utc_now()
    with write_transaction(engine) as connection:
        stored = {row.employee_id: row for row in connection.execute(select(employees))}
        for person in people:
            values = {
                "full_name": person.full_name,
                "email": person.email,
                "department": person.department,
                "hire_date": person.hire_date.isoformat(),
                "active": True,
            }
            old = stored.get(person.employee_id)
            if old is None:
                connection.execute(
                    employees.insert().values(
                        employee_id=person.employee_id, updated_at=now, **values
                    )
                )
                added += 1
            elif any(getattr(old, key) != value for key, value in values.items()):
                connection.execute(
                    update(employees)
                    .where(employees.c.employee_id == person.employee_id)
                    .values(updated_at=now, **values)
                )
                updated += 1
            else:
                unchanged += 1
        leaving = [
            eid
            for eid, row in stored.items()
            if row.active and eid not in {p.employee_id for p in people}
        ]
        for eid in leaving:
            connection.execute(
                update(employees)
                .where(employees.c.employee_id == eid)
                .values(active=False, updated_at=now)
            )
    return ImportSummary(added, updated, unchanged, len(leaving))


def active_employees(engine: Engine) -> list[Employee]:
    """Everyone on the current staff list, by department then name."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(employees)
            .where(employees.c.active.is_(True))
            .order_by(employees.c.department, employees.c.full_name, employees.c.employee_id)
        )
        return [
            Employee(
                row.employee_id,
                row.full_name,
                row.email,
                row.department,
                date.fromisoformat(row.hire_date),
            )
            for row in rows
        ]


def find_employee(engine: Engine, employee_id: str) -> Employee | None:
    """An active employee by ID."""
    with engine.connect() as connection:
        row = connection.execute(
            select(employees).where(
                employees.c.employee_id == employee_id, employees.c.active.is_(True)
            )
        ).first()
    if row is None:
        return None
    return Employee(
        row.employee_id, row.full_name, row.email, row.department, date.fromisoformat(row.hire_date)
    )
