"""The leave rules a handbook states, read from its parameters: who earns leave and at what
share, the accrual tier for a service year, caps, carry-over and the introductory period.

Parameters the leave calculator reads (each in the ``policy:`` of the section stating the rule;
optional ones may be left out and the rule then does not apply):

- ``payroll.pay_period.unit`` (``week``/``month``), ``.length`` (weeks or months), ``.ends_on``
  (a known period end; needed for weeks) · ``payroll.hours_per_week`` (the full-time week) ·
  ``payroll.hours_per_day`` (only for a sick-leave payout per day).
- ``introductory_period.months`` · optional ``introductory_period.max_months`` (the longest an
  extended period may last; without it no extension is accepted).
- ``leave.eligible_employment`` (list of employment types that earn leave) ·
  ``leave.part_time_minimum_weekly_hours`` (needed when a part-time type is eligible; part-time
  earns weekly hours / full-time week of each rate and cap) · ``leave.first_period_minimum_share``
  (share of the first pay period's days you must be employed for it to be credited).
- ``leave.annual.tiers`` (``[{from_year, hours_per_pay_period, hours_per_year}]``, first at
  service year 1) · ``leave.annual.usable_after_introductory_period`` · optional caps:
  ``leave.annual.max_balance_years_of_accrual`` or ``leave.annual.max_balance`` · optional
  ``leave.annual.carryover.{max_hours, on: "MM-DD", excess_to: sick|forfeit}``.
- ``leave.sick.{hours_per_pay_period, hours_per_year, usable_after_introductory_period}``,
  optional ``leave.sick.max_balance``.
- optional ``longevity.{amount_per_month_of_service, minimum_months, measured_on: "MM-DD",
  eligible_employment}``.
- optional ``leave.reduction_in_force_keeps_prorated_accrual`` (part-time after a reduction in
  force earns a prorated share even under the part-time minimum) · optional
  ``employment.temporary_full_time_above_yearly_hours`` with ``payroll.hours_per_year``
  (temporary full-time or part-time is decided by annualized hours, not by the full-time week).
- optional ``leave.unpaid.{period_minimum_paid_share, moves_anniversary, max_consecutive_days}``
  (unpaid leave earns nothing; a pay period is credited only with enough paid days; the
  anniversary may move later by the unpaid days).
- ``separation.annual.{paid, requires_introductory_period}`` with ``max_hours`` or
  ``up_to_max_balance``, optional ``paid_on`` (separation reasons) · ``separation.sick.paid``
  (if true: ``amount_per_day``, ``max_amount``, ``partial_days_paid``,
  ``requires_introductory_period``, optional ``paid_only_to``) · optional
  ``separation.payment_within_days``, ``separation.one_payout_per_lifetime``,
  ``separation.notice.{calendar_days, applies_to, forfeits}``,
  ``separation.comp_time.{paid_for, max_hours}`` (see :mod:`calculators.leave_separation`).

Tiers, sick rates, caps and payout values may be effective-dated (a map of ISO dates): the value
in force at each pay period's end, on the "as of" date or on the separation date is used.
Eligibility, the full-time week, the introductory period, the pay calendar and the carry-over
rule are taken as in force on the hire date.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from calculators.dates import add_months, years_completed
from calculators.errors import PolicyError
from calculators.money import hours_str, to_hours
from calculators.policy import PolicyReader, to_policy_decimal

__all__ = [
    "Carryover",
    "Tier",
    "annual_cap",
    "annual_tier",
    "carryover_rule",
    "introductory_end",
    "month_day",
    "ordinal",
    "service_year",
    "sick_cap",
    "sick_rate",
    "tier_span",
    "tiers",
]


@dataclass(frozen=True)
class Tier:
    """One row of an accrual schedule: from which service year, and how much."""

    from_year: int
    hours_per_pay_period: Decimal
    hours_per_year: Decimal


@dataclass(frozen=True)
class Carryover:
    """A yearly carry-over limit: on ``month``/``day`` a balance above ``max_hours`` is cut to it
    and the excess goes to ``excess_to`` (``"sick"`` or ``"forfeit"``)."""

    max_hours: Decimal
    month: int
    day: int
    excess_to: str

    def describe(self) -> str:
        """The rule in words, e.g. ``"on June 30 each year, hours above 224.00 are moved to sick
        leave"``."""
        fate = "moved to sick leave hour for hour" if self.excess_to == "sick" else "forfeited"
        return (
            f"on {month_day(self.month, self.day)} each year, annual leave above "
            f"{hours_str(self.max_hours)} hours is {fate}"
        )

    def dates_between(self, after: date, until: date) -> list[date]:
        """Carry-over dates after ``after`` and on or before ``until`` (skipping a February 29
        in common years)."""
        found = []
        for year in range(after.year, until.year + 1):
            try:
                day = date(year, self.month, self.day)
            except ValueError:
                continue
            if after < day <= until:
                found.append(day)
        return found


def month_day(month: int, day: int) -> str:
    """``6, 30`` -> ``"June 30"``."""
    return f"{calendar.month_name[month]} {day}"


def ordinal(number: int) -> str:
    """``1`` -> ``"1st"``, ``12`` -> ``"12th"``, ``22`` -> ``"22nd"``."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def service_year(hire: date, on: date) -> int:
    """The service year ``on`` falls in: 1 from the hire date, +1 on each anniversary."""
    return years_completed(hire, on) + 1


def introductory_end(reader: PolicyReader, hire: date, extra_months: int = 0) -> date:
    """The first day after the introductory period (``introductory_period.months`` after hire,
    plus ``extra_months`` when the period was extended)."""
    months = reader.integer("introductory_period.months", hire)
    return add_months(hire, months + extra_months)


def tiers(reader: PolicyReader, path: str, on: date) -> list[Tier]:
    """The accrual schedule at ``path`` in force on ``on``, sorted by ``from_year``.

    Raises:
        PolicyError: When the schedule is empty, does not start at service year 1, or a row
            lacks a figure.
    """
    rows = reader.get(path, on)
    if not isinstance(rows, list) or not rows:
        raise PolicyError(f"policy parameter '{path}' must be a list of tiers")
    parsed = []
    for index, row in enumerate(rows):
        where = f"{path}[{index}]"
        if not isinstance(row, Mapping):
            raise PolicyError(f"policy parameter '{where}' must be a map")
        parsed.append(
            Tier(
                from_year=_whole(where + ".from_year", row.get("from_year")),
                hours_per_pay_period=to_policy_decimal(
                    where + ".hours_per_pay_period", row.get("hours_per_pay_period")
                ),
                hours_per_year=to_policy_decimal(
                    where + ".hours_per_year", row.get("hours_per_year")
                ),
            )
        )
    parsed.sort(key=lambda t: t.from_year)
    if parsed[0].from_year != 1:
        raise PolicyError(f"policy parameter '{path}': the first tier must start at from_year 1")
    return parsed


def _whole(path: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PolicyError(f"policy parameter '{path}' must be a whole number of 1 or more")
    return value


def annual_tier(reader: PolicyReader, year: int, on: date) -> tuple[Tier, Tier | None]:
    """The annual-leave tier for service ``year`` and the next tier (``None`` for the last)."""
    schedule = tiers(reader, "leave.annual.tiers", on)
    current = [t for t in schedule if t.from_year <= year][-1]
    later = [t for t in schedule if t.from_year > year]
    return current, (later[0] if later else None)


def tier_span(tier: Tier, following: Tier | None) -> str:
    """The service years a tier covers, e.g. ``"1st to 5th"`` or ``"10th and later"``."""
    if following is None:
        return f"{ordinal(tier.from_year)} and later"
    if following.from_year - 1 == tier.from_year:
        return ordinal(tier.from_year)
    return f"{ordinal(tier.from_year)} to {ordinal(following.from_year - 1)}"


def annual_cap(reader: PolicyReader, tier: Tier, share: Decimal, on: date) -> Decimal | None:
    """The most annual leave that may be held: a number of years of accrual at the current
    (prorated) rate, or a fixed number of hours, or ``None`` when the handbook sets neither."""
    if reader.has("leave.annual.max_balance_years_of_accrual"):
        years = reader.decimal("leave.annual.max_balance_years_of_accrual", on)
        return to_hours(years * tier.hours_per_year * share)
    if reader.has("leave.annual.max_balance"):
        return to_hours(reader.decimal("leave.annual.max_balance", on))
    return None


def sick_rate(reader: PolicyReader, on: date) -> tuple[Decimal, Decimal]:
    """Sick leave per pay period and per year (full-time figures)."""
    return (
        reader.decimal("leave.sick.hours_per_pay_period", on),
        reader.decimal("leave.sick.hours_per_year", on),
    )


def sick_cap(reader: PolicyReader, on: date) -> Decimal | None:
    """The most sick leave that may be held, or ``None`` when there is no limit."""
    if reader.has("leave.sick.max_balance"):
        return to_hours(reader.decimal("leave.sick.max_balance", on))
    return None


def carryover_rule(reader: PolicyReader, on: date) -> Carryover | None:
    """The yearly annual-leave carry-over limit, or ``None`` when the handbook has none.

    Raises:
        PolicyError: When ``on`` is not ``MM-DD`` or ``excess_to`` is not sick/forfeit.
    """
    if not reader.has("leave.annual.carryover"):
        return None
    max_hours = to_hours(reader.decimal("leave.annual.carryover.max_hours", on))
    when = reader.get("leave.annual.carryover.on", on)
    excess_to = reader.get("leave.annual.carryover.excess_to", on)
    try:
        month, day = (int(part) for part in str(when).split("-"))
        date(2000, month, day)
    except ValueError:
        raise PolicyError(
            f"policy parameter 'leave.annual.carryover.on' must be a day of the year as MM-DD, "
            f"got {when!r}"
        ) from None
    if excess_to not in ("sick", "forfeit"):
        raise PolicyError(
            "policy parameter 'leave.annual.carryover.excess_to' must be sick or forfeit, "
            f"got {excess_to!r}"
        )
    return Carryover(max_hours, month, day, excess_to)


def describe_cap(cap: Decimal | None) -> str:
    """A cap in words for explanations."""
    return "no limit" if cap is None else f"{hours_str(cap)} hours"
