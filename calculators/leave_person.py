"""Who earns leave, and at what share: the employee the leave rules are applied to.

Reads ``payroll.hours_per_week``, ``leave.eligible_employment``,
``leave.part_time_minimum_weekly_hours`` and the optional
``leave.reduction_in_force_keeps_prorated_accrual``,
``employment.temporary_full_time_above_yearly_hours`` (with ``payroll.hours_per_year``),
``introductory_period.max_months`` and ``leave.unpaid.moves_anniversary``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from calculators.errors import InputError
from calculators.inputs import Choice
from calculators.leave_rules import introductory_end, service_year
from calculators.leave_timeline import Unpaid, unpaid_days_through
from calculators.money import hours_str
from calculators.policy import PolicyReader

__all__ = ["EMPLOYMENT", "Balances", "Person", "person_of"]

EMPLOYMENT = (
    Choice("regular_full_time", "Regular full-time"),
    Choice("regular_part_time", "Regular part-time"),
    Choice("temporary_full_time", "Temporary full-time"),
    Choice("temporary_part_time", "Temporary part-time"),
)
_LABELS = {c.value: c.label for c in EMPLOYMENT}


@dataclass
class Balances:
    """Annual and sick hours at a point in time, with what happened on the way."""

    annual: Decimal
    sick: Decimal
    periods: int = 0
    events: list[dict[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    taken: dict[str, Decimal] = field(
        default_factory=lambda: {"annual": Decimal(0), "sick": Decimal(0)}
    )
    forgone: dict[str, Decimal] = field(
        default_factory=lambda: {"annual": Decimal(0), "sick": Decimal(0)}
    )


@dataclass(frozen=True)
class Person:
    """The validated inputs the rules need."""

    hire: date
    employment: str
    weekly_hours: Decimal
    eligible: bool
    share: Decimal
    extension_months: int = 0
    unpaid: tuple[Unpaid, ...] = ()
    moves_anniversary: bool = False

    def anniversary_base(self, on: date) -> date:
        """The hire date service years are counted from on ``on``: later by every unpaid day
        up to ``on`` when the handbook moves the anniversary."""
        if not self.moves_anniversary:
            return self.hire
        return self.hire + timedelta(days=unpaid_days_through(list(self.unpaid), on))

    def service_year(self, on: date) -> int:
        """The service year ``on`` falls in (see :func:`calculators.leave_rules.service_year`)."""
        return service_year(self.anniversary_base(on), on)

    def introductory_end(self, reader: PolicyReader) -> date:
        """The first day after the (possibly extended) introductory period."""
        return introductory_end(reader, self.hire, self.extension_months)


def _schedule(
    inputs: dict[str, Any], reader: PolicyReader, standard: Decimal, steps: list[str]
) -> Decimal:
    """The weekly hours, checked against the employment type."""
    employment: str = inputs["employment"]
    hire: date = inputs["hire_date"]
    weekly = inputs["weekly_hours"]
    full_time = employment.endswith("full_time")
    if weekly is None:
        if not full_time:
            raise InputError("weekly_hours", "enter the scheduled hours a week for a part-time job")
        weekly = standard
    by_year = employment.startswith("temporary") and reader.has(
        "employment.temporary_full_time_above_yearly_hours"
    )
    if by_year:
        threshold = reader.decimal("employment.temporary_full_time_above_yearly_hours", hire)
        year_hours = reader.decimal("payroll.hours_per_year", hire)
        yearly = weekly * year_hours / standard
        is_full = yearly > threshold
        steps.append(
            f"A temporary schedule is full-time when it comes to more than "
            f"{hours_str(threshold)} hours a year: {hours_str(weekly)} hours a week is "
            f"{hours_str(yearly)} hours a year ({hours_str(weekly)} × "
            f"{hours_str(year_hours)} ÷ {hours_str(standard)}), so it is "
            f"{'full-time' if is_full else 'part-time'}."
        )
        if is_full != full_time:
            other = "temporary_full_time" if is_full else "temporary_part_time"
            raise InputError(
                "weekly_hours",
                f"{hours_str(weekly)} hours a week is {hours_str(yearly)} hours a year, "
                f"{'more' if is_full else 'not more'} than {hours_str(threshold)}: choose "
                f"{_LABELS[other].lower()}",
            )
        return weekly
    if full_time and weekly < standard:
        raise InputError(
            "weekly_hours",
            f"a full-time schedule is {hours_str(standard)} hours a week or more; "
            f"for {hours_str(weekly)} hours choose a part-time employment type",
        )
    if not full_time and weekly >= standard:
        raise InputError(
            "weekly_hours",
            f"a part-time schedule is under {hours_str(standard)} hours a week; "
            f"for {hours_str(weekly)} hours choose a full-time employment type",
        )
    return weekly


def _extension(inputs: dict[str, Any], reader: PolicyReader, steps: list[str]) -> int:
    extra = inputs["introductory_extension_months"] or 0
    if not extra:
        return 0
    hire = inputs["hire_date"]
    months = reader.integer("introductory_period.months", hire)
    if not reader.has("introductory_period.max_months"):
        raise InputError(
            "introductory_extension_months",
            "this handbook states no longer introductory period; leave this empty",
        )
    most = reader.integer("introductory_period.max_months", hire)
    if months + extra > most:
        raise InputError(
            "introductory_extension_months",
            f"the introductory period is {months} months and may last at most {most}: an "
            f"extension of {most - months} months or fewer",
        )
    steps.append(
        f"Your introductory period was extended by {extra} months to {months + extra} months "
        f"(at most {most})."
    )
    return int(extra)


def person_of(
    inputs: dict[str, Any], reader: PolicyReader, unpaid: list[Unpaid], steps: list[str]
) -> Person:
    """The employee: schedule, whether they earn leave and at what share.

    Raises:
        InputError: For a schedule that does not fit the employment type, or an extension
            beyond the handbook's longest introductory period.
    """
    hire: date = inputs["hire_date"]
    employment: str = inputs["employment"]
    standard = reader.decimal("payroll.hours_per_week", hire)
    weekly = _schedule(inputs, reader, standard, steps)
    full_time = employment.endswith("full_time")
    allowed = reader.get("leave.eligible_employment", hire)
    eligible = employment in allowed
    share = Decimal(1)
    label = _LABELS[employment]
    rif = bool(inputs["reduced_in_force"])
    if rif and employment != "regular_part_time":
        raise InputError(
            "reduced_in_force",
            "a reduction in force to part-time applies to regular part-time employees only",
        )
    if eligible and not full_time:
        minimum = reader.decimal("leave.part_time_minimum_weekly_hours", hire)
        keeps = reader.has("leave.reduction_in_force_keeps_prorated_accrual") and reader.boolean(
            "leave.reduction_in_force_keeps_prorated_accrual", hire
        )
        if weekly < minimum and not (rif and keeps):
            eligible = False
            steps.append(
                f"{label} employees scheduled for fewer than {hours_str(minimum)} hours a week "
                f"earn no annual or sick leave; you are scheduled for {hours_str(weekly)}."
                + (" This handbook keeps no accrual after a reduction in force." if rif else "")
            )
        else:
            share = weekly / standard
            if weekly < minimum:
                steps.append(
                    f"Cut to part-time in a reduction in force, you keep earning leave in "
                    f"proportion to your hours even under {hours_str(minimum)} hours a week."
                )
            steps.append(
                f"{label}, {hours_str(weekly)} of {hours_str(standard)} hours a week: you earn "
                f"{hours_str(weekly)}/{hours_str(standard)} = {share:.4f} of the full-time "
                "rates and caps (each rate rounded to hundredths of an hour)."
            )
    elif not eligible:
        steps.append(f"{label} employees earn no annual or sick leave.")
        if rif:
            steps.append("This handbook keeps no accrual for them after a reduction in force.")
    else:
        steps.append(f"{label} employees earn the full rates.")
    extension = _extension(inputs, reader, steps)
    moves = bool(unpaid) and reader.boolean("leave.unpaid.moves_anniversary", hire)
    return Person(hire, employment, weekly, eligible, share, extension, tuple(unpaid), moves)
