"""Dated events inside a leave calculation: leave taken or planned (hours of annual or sick
leave on a day) and spells of unpaid leave (leave without pay, unpaid family and medical leave).

Parameters read (optional; a handbook without them accepts no unpaid spells):

- ``leave.unpaid.period_minimum_paid_share``: a pay period touched by unpaid leave is credited
  only when at least this share of its days were in pay status.
- ``leave.unpaid.moves_anniversary``: the service-year anniversary moves later by every unpaid
  day (service years then count paid time only).
- ``leave.unpaid.max_consecutive_days``: the longest unpaid spell the handbook allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from calculators.errors import InputError
from calculators.inputs import Choice, Field
from calculators.money import hours_str, to_hours
from calculators.policy import PolicyReader

__all__ = [
    "LEAVE_KINDS",
    "TAKEN_FIELDS",
    "UNPAID_FIELDS",
    "UNPAID_KINDS",
    "Taken",
    "Unpaid",
    "describe_taken",
    "read_taken",
    "read_unpaid",
    "unpaid_days_through",
    "unpaid_days_within",
]

LEAVE_KINDS = (Choice("annual", "Annual leave"), Choice("sick", "Sick leave"))
UNPAID_KINDS = (
    Choice("leave_without_pay", "Leave without pay"),
    Choice("family_medical", "Unpaid family and medical leave"),
)

TAKEN_FIELDS = (
    Field(
        "date",
        "date",
        "Day",
        required=True,
        minimum="1950-01-01",
        maximum="2100-12-31",
    ),
    Field("kind", "choice", "Kind of leave", required=True, choices=LEAVE_KINDS),
    Field(
        "hours",
        "decimal",
        "Hours",
        required=True,
        minimum="0.01",
        maximum="2000",
        unit="hours",
    ),
)

UNPAID_FIELDS = (
    Field(
        "start",
        "date",
        "First unpaid day",
        required=True,
        minimum="1950-01-01",
        maximum="2100-12-31",
    ),
    Field(
        "end",
        "date",
        "Last unpaid day",
        required=True,
        minimum="1950-01-01",
        maximum="2100-12-31",
    ),
    Field("kind", "choice", "Kind of unpaid leave", required=True, choices=UNPAID_KINDS),
)


@dataclass(frozen=True)
class Taken:
    """Hours of one kind of leave taken (or planned) on one day; ``index`` is its input item."""

    day: date
    kind: str
    hours: Decimal
    index: int


@dataclass(frozen=True)
class Unpaid:
    """One spell of unpaid leave, first to last day inclusive."""

    start: date
    end: date
    kind: str

    @property
    def days(self) -> int:
        """Calendar days in the spell."""
        return (self.end - self.start).days + 1

    def days_through(self, day: date) -> int:
        """Unpaid days of this spell on or before ``day``."""
        if day < self.start:
            return 0
        return (min(day, self.end) - self.start).days + 1

    def days_within(self, first: date, last: date) -> int:
        """Unpaid days of this spell from ``first`` to ``last`` inclusive."""
        low, high = max(first, self.start), min(last, self.end)
        return max(0, (high - low).days + 1)


def read_taken(inputs: dict[str, Any], last_day: date | None) -> list[Taken]:
    """The leave-taken items, checked against the calculation's dates.

    Items dated on or before the 'as of' date are allowed only for a balance that is counted
    from the hire date (a balance entered for that date already includes them).

    Raises:
        InputError: On ``leave_taken[i].date`` for a day before the hire date, after the last
            day of the calculation, or already inside an entered balance; on ``leave_taken``
            when there is no later date to project to.
    """
    items = inputs["leave_taken"] or []
    if not items:
        return []
    hire, as_of = inputs["hire_date"], inputs["as_of"]
    out = []
    for index, item in enumerate(items):
        day, kind = item["date"], item["kind"]
        where = f"leave_taken[{index}].date"
        if day < hire:
            raise InputError(where, f"{day} is before your hire date {hire}")
        if day <= as_of and inputs[f"{kind}_balance"] is not None:
            raise InputError(
                where,
                f"{day} is on or before the 'as of' date {as_of}: the {kind} balance you entered "
                "already includes it; list only leave after that date",
            )
        if day > as_of and last_day is None:
            raise InputError(
                "leave_taken",
                "leave after the 'as of' date needs a 'project to' date or a last day of work "
                "on or after it",
            )
        if last_day is not None and day > last_day:
            raise InputError(where, f"{day} is after the last date of the calculation, {last_day}")
        out.append(Taken(day, kind, to_hours(item["hours"]), index))
    return sorted(out, key=lambda t: (t.day, t.index))


def read_unpaid(inputs: dict[str, Any], reader: PolicyReader) -> list[Unpaid]:
    """The unpaid spells, checked: in order, not overlapping, within the handbook's limit.

    Raises:
        InputError: On ``unpaid_leave[i].end`` or ``.start`` naming what is wrong, or on
            ``unpaid_leave`` when the handbook states no rule for unpaid leave.
    """
    items = inputs["unpaid_leave"] or []
    if not items:
        return []
    hire = inputs["hire_date"]
    if not reader.has("leave.unpaid"):
        raise InputError(
            "unpaid_leave", "this handbook states no rule for leave accrual during unpaid leave"
        )
    most = reader.integer("leave.unpaid.max_consecutive_days", hire)
    spells: list[tuple[Unpaid, int]] = []
    for index, item in enumerate(items):
        spell = Unpaid(item["start"], item["end"], item["kind"])
        if spell.end < spell.start:
            raise InputError(
                f"unpaid_leave[{index}].end", f"{spell.end} is before the first day {spell.start}"
            )
        if spell.start < hire:
            raise InputError(
                f"unpaid_leave[{index}].start", f"{spell.start} is before your hire date {hire}"
            )
        if spell.days > most:
            raise InputError(
                f"unpaid_leave[{index}].end",
                f"{spell.days} consecutive days of unpaid leave: the handbook allows at most "
                f"{most}; employment ends after day {most}",
            )
        spells.append((spell, index))
    spells.sort(key=lambda pair: pair[0].start)
    for (before, _), (after, where) in pairwise(spells):
        if after.start <= before.end:
            raise InputError(
                f"unpaid_leave[{where}].start",
                f"{after.start} overlaps the unpaid leave from {before.start} to {before.end}",
            )
    return [spell for spell, _ in spells]


def unpaid_days_through(spells: list[Unpaid], day: date) -> int:
    """Unpaid days on or before ``day`` over all spells."""
    return sum(spell.days_through(day) for spell in spells)


def unpaid_days_within(spells: list[Unpaid], first: date, last: date) -> int:
    """Unpaid days from ``first`` to ``last`` inclusive over all spells."""
    return sum(spell.days_within(first, last) for spell in spells)


def describe_taken(taken: Taken) -> str:
    """``"annual leave taken: 16.00 hours"`` for events."""
    return f"{taken.kind} leave taken: {hours_str(taken.hours)} hours"
