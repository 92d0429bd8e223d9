"""HR's roster: per department, who signed the current revision, who signed only an older one
(and which sections changed since), who has not signed.

A receipt counts for an employee when it was bound to them by their personal link, or, without
a link, when the employee ID typed on it is theirs (shown as "typed ID" so HR can tell the
evidence apart). Only receipts received on or after the employee's ``hire_date`` count: a rehire
or a new hire is "not signed" until they sign.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from receiver.employees import Employee
from receiver.receipts import verdict
from receiver.store.records import StoredRecord

__all__ = ["Department", "RosterLine", "build_roster", "changed_labels"]

Status = Literal["current", "older", "not-signed"]
STATUS_LABELS: dict[str, str] = {
    "current": "Signed the current revision",
    "older": "Signed an older revision only",
    "not-signed": "Not signed",
}


@dataclass(frozen=True)
class RosterLine:
    """One employee's standing."""

    employee: Employee
    status: Status
    revision: str = ""
    received_at: str = ""
    evidence: str = ""  # "personal link" or "typed ID"
    changed_since: tuple[str, ...] = ()  # "§5.05 Payday" of sections changed since they signed


@dataclass
class Department:
    """One department's lines and counts."""

    name: str
    lines: list[RosterLine] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many lines have ``status``."""
        return sum(1 for line in self.lines if line.status == status)

    @property
    def percent(self) -> int:
        """Share (0–100, rounded down) that signed the current revision."""
        return 100 * self.count("current") // len(self.lines) if self.lines else 0


def changed_labels(sections: Mapping[str, str], current: Mapping[str, Any]) -> tuple[str, ...]:
    """Labels of the sections that differ between signed digests and the current revision."""
    fake_receipt = {"sections": sections, "revision": "", "organization": ""}
    labels = []
    for change in verdict(fake_receipt, current).changed:
        if change["change"] == "removed":
            labels.append(f"{change['id']} (removed)")
        else:
            suffix = " (new)" if change["change"] == "new" else ""
            labels.append(f"§{change['number']} {change['title']}{suffix}")
    return tuple(labels)


def _line(person: Employee, records: list[StoredRecord], current: Mapping[str, Any]) -> RosterLine:
    counted = [r for r in records if r.received_at[:10] >= person.hire_date.isoformat()]
    if not counted:
        return RosterLine(person, "not-signed")
    on_current = [r for r in counted if r.revision == current["revision"]]
    best = max(on_current or counted, key=lambda r: r.received_at)
    evidence = "personal link" if best.attributed_to else "typed ID"
    if on_current:
        return RosterLine(person, "current", best.revision or "", best.received_at, evidence)
    return RosterLine(
        person,
        "older",
        best.revision or "",
        best.received_at,
        evidence,
        changed_labels(best.record["sections"], current),
    )


def build_roster(
    people: Iterable[Employee], records: Iterable[StoredRecord], current: Mapping[str, Any]
) -> list[Department]:
    """Departments (by name) with one line per active employee.

    Args:
        people: The active employees.
        records: Every stored acknowledgement.
        current: The ``revision.json`` the site publishes now.
    """
    by_employee: dict[str, list[StoredRecord]] = {}
    for record in records:
        if record.attributed_to:
            by_employee.setdefault(record.attributed_to, []).append(record)
        elif record.subject:
            by_employee.setdefault(record.subject, []).append(record)
    departments: dict[str, Department] = {}
    for person in people:
        line = _line(person, by_employee.get(person.employee_id, []), current)
        departments.setdefault(person.department, Department(person.department)).lines.append(line)
    return [departments[name] for name in sorted(departments)]
