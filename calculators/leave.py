"""The leave calculator: accrual rates by service year, caps, the introductory period, a
projection pay period by pay period, longevity pay and the payout on separation.

Every figure comes from the handbook's parameters (see :mod:`calculators.leave_rules`); the
code knows no tier, rate, cap or date of any organization.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from calculators import leave_tables  # noqa: F401  (registers the leave tables)
from calculators.dates import full_months_between
from calculators.errors import InputError, PolicyError
from calculators.inputs import Choice, Field
from calculators.leave_rules import (
    annual_cap,
    annual_tier,
    carryover_rule,
    describe_cap,
    introductory_end,
    ordinal,
    service_year,
    sick_cap,
    sick_rate,
    tier_span,
)
from calculators.money import hours_str, money_str, to_hours, to_money
from calculators.payroll import PayCalendar, pay_calendar
from calculators.policy import PolicyReader
from calculators.registry import Calculator, register

__all__ = ["EMPLOYMENT", "FIELDS", "LEAVE", "compute"]

ZERO = Decimal("0")

EMPLOYMENT = (
    Choice("regular_full_time", "Regular full-time"),
    Choice("regular_part_time", "Regular part-time"),
    Choice("temporary_full_time", "Temporary full-time"),
    Choice("temporary_part_time", "Temporary part-time"),
)

FIELDS = (
    Field(
        "hire_date",
        "date",
        "Hire date",
        "Your first day of continuous service.",
        required=True,
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="Employment",
    ),
    Field(
        "as_of",
        "date",
        "As of",
        "The date your balances below are for (e.g. your last pay stub).",
        required=True,
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="Employment",
    ),
    Field(
        "employment",
        "choice",
        "Employment type",
        required=True,
        choices=EMPLOYMENT,
        group="Employment",
    ),
    Field(
        "weekly_hours",
        "decimal",
        "Scheduled hours a week",
        "Needed for part-time schedules; full-time defaults to the standard week.",
        minimum="1",
        maximum="80",
        group="Employment",
        unit="hours",
    ),
    Field(
        "annual_balance",
        "decimal",
        "Annual leave balance",
        "Hours on record on the "
        "'as of' date. Leave it empty to count from your hire date with no leave taken.",
        minimum="0",
        maximum="10000",
        group="Balances",
        unit="hours",
    ),
    Field(
        "sick_balance",
        "decimal",
        "Sick leave balance",
        "Hours on record on the 'as of' "
        "date. Leave it empty to count from your hire date with no leave taken.",
        minimum="0",
        maximum="10000",
        group="Balances",
        unit="hours",
    ),
    Field(
        "project_to",
        "date",
        "Project to",
        "Show your balances on this later date.",
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="Projection",
    ),
    Field(
        "separation_date",
        "date",
        "Last day of work",
        "To estimate the payout when you leave.",
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="Separation",
    ),
    Field(
        "hourly_rate",
        "money",
        "Final hourly rate",
        "Needed with a last day of work.",
        minimum="0.01",
        maximum="10000",
        group="Separation",
        unit="USD per hour",
    ),
)


@dataclass
class Balances:
    """Annual and sick hours at a point in time, with what happened on the way."""

    annual: Decimal
    sick: Decimal
    periods: int = 0
    events: list[dict[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Person:
    """The validated inputs the rules need."""

    hire: date
    employment: str
    weekly_hours: Decimal
    eligible: bool
    share: Decimal


# -- who earns leave ------------------------------------------------------------------------


def _person(inputs: dict[str, Any], reader: PolicyReader, steps: list[str]) -> Person:
    hire: date = inputs["hire_date"]
    employment: str = inputs["employment"]
    standard = reader.decimal("payroll.hours_per_week", hire)
    weekly = inputs["weekly_hours"]
    full_time = employment.endswith("full_time")
    if weekly is None:
        if not full_time:
            raise InputError("weekly_hours", "enter the scheduled hours a week for a part-time job")
        weekly = standard
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
    allowed = reader.get("leave.eligible_employment", hire)
    eligible = employment in allowed
    share = Decimal(1)
    label = {c.value: c.label for c in EMPLOYMENT}[employment]
    if eligible and not full_time:
        minimum = reader.decimal("leave.part_time_minimum_weekly_hours", hire)
        if weekly < minimum:
            eligible = False
            steps.append(
                f"{label} employees scheduled for fewer than {hours_str(minimum)} hours a week "
                f"earn no annual or sick leave; you are scheduled for {hours_str(weekly)}."
            )
        else:
            share = weekly / standard
            steps.append(
                f"{label}, {hours_str(weekly)} of {hours_str(standard)} hours a week: you earn "
                f"{hours_str(weekly)}/{hours_str(standard)} = {share:.4f} of the full-time "
                "rates and caps (each rate rounded to hundredths of an hour)."
            )
    elif not eligible:
        steps.append(f"{label} employees earn no annual or sick leave.")
    else:
        steps.append(f"{label} employees earn the full rates.")
    return Person(hire, employment, weekly, eligible, share)


# -- one pay period ---------------------------------------------------------------------------


def _first_period_counts(
    reader: PolicyReader, calendar: PayCalendar, hire: date, end: date
) -> tuple[bool, int, int]:
    start = calendar.start_of(end)
    total = (end - start).days + 1
    if start >= hire:
        return True, total, total
    employed = (end - hire).days + 1
    minimum = reader.decimal("leave.first_period_minimum_share", hire)
    return Decimal(employed) >= minimum * total, employed, total


def _credit(rate: Decimal, balance: Decimal, cap: Decimal | None) -> Decimal:
    if cap is None:
        return rate
    return max(ZERO, min(rate, cap - balance))


def _advance(
    reader: PolicyReader,
    calendar: PayCalendar,
    person: Person,
    balances: Balances,
    after: date,
    until: date,
) -> Balances:
    """Credit every pay period ending after ``after`` up to ``until``; apply carry-over dates."""
    hire = person.hire
    carry = carryover_rule(reader, hire)
    ends = [(end, 0) for end in calendar.ends_between(after, until) if end >= hire]
    marks = [(day, 1) for day in carry.dates_between(after, until)] if carry else []
    last_rate: Decimal | None = None
    if person.eligible and after >= hire:
        before, _ = annual_tier(reader, service_year(hire, after), after)
        last_rate = to_hours(before.hours_per_pay_period * person.share)
    capped = {"annual": False, "sick": False}
    first_end = calendar.end_on_or_after(hire)
    for day, kind in sorted(ends + marks):
        if kind == 1:
            assert carry is not None
            excess = balances.annual - carry.max_hours
            if excess > 0:
                balances.annual = carry.max_hours
                moved = "moved to sick leave" if carry.excess_to == "sick" else "forfeited"
                if carry.excess_to == "sick":
                    limit = sick_cap(reader, day)
                    balances.sick += (
                        excess if limit is None else _credit(excess, balances.sick, limit)
                    )
                balances.events.append(
                    {
                        "date": day.isoformat(),
                        "event": f"carry-over limit of {hours_str(carry.max_hours)} hours: "
                        f"{hours_str(excess)} hours of annual leave {moved}",
                    }
                )
            continue
        if not person.eligible:
            continue
        if day == first_end:
            counts, employed, total = _first_period_counts(reader, calendar, hire, day)
            if not counts:
                balances.events.append(
                    {
                        "date": day.isoformat(),
                        "event": f"first pay period not credited: employed {employed} of its "
                        f"{total} days",
                    }
                )
                continue
        year = service_year(hire, day)
        tier, _ = annual_tier(reader, year, day)
        rate = to_hours(tier.hours_per_pay_period * person.share)
        if last_rate is not None and rate != last_rate:
            balances.events.append(
                {
                    "date": day.isoformat(),
                    "event": f"service year {year}: annual leave rate {hours_str(rate)} hours "
                    "a pay period",
                }
            )
        last_rate = rate
        cap = annual_cap(reader, tier, person.share, day)
        gained = _credit(rate, balances.annual, cap)
        balances.annual += gained
        capped["annual"] = _note_cap(balances, "annual", day, gained < rate, cap, capped["annual"])
        s_rate = to_hours(sick_rate(reader, day)[0] * person.share)
        s_cap = sick_cap(reader, day)
        s_gained = _credit(s_rate, balances.sick, s_cap)
        balances.sick += s_gained
        capped["sick"] = _note_cap(balances, "sick", day, s_gained < s_rate, s_cap, capped["sick"])
        balances.periods += 1
        balances.rows.append(
            {
                "period_end": day.isoformat(),
                "annual_earned": hours_str(gained),
                "annual_balance": hours_str(balances.annual),
                "annual_at_cap": cap is not None and balances.annual >= cap,
                "annual_cap": None if cap is None else hours_str(cap),
                "annual_not_earned": hours_str(rate - gained),  # lost to the cap
                "sick_earned": hours_str(s_gained),
                "sick_balance": hours_str(balances.sick),
                "sick_at_cap": s_cap is not None and balances.sick >= s_cap,
                "sick_cap": None if s_cap is None else hours_str(s_cap),
                "sick_not_earned": hours_str(s_rate - s_gained),
            }
        )
    return balances


def _note_cap(
    balances: Balances, kind: str, day: date, limited: bool, cap: Decimal | None, was: bool
) -> bool:
    if limited and not was:
        balances.events.append(
            {
                "date": day.isoformat(),
                "event": f"{kind} leave reached its {describe_cap(cap)} cap; accrual stops "
                "while the balance is at the cap",
            }
        )
    return limited


# -- the result -------------------------------------------------------------------------------


def _validate_dates(inputs: dict[str, Any]) -> None:
    hire, as_of = inputs["hire_date"], inputs["as_of"]
    if hire > as_of:
        raise InputError(
            "hire_date", f"{hire} is after the 'as of' date {as_of}; the hire date must come first"
        )
    project_to, leaving = inputs["project_to"], inputs["separation_date"]
    if project_to is not None and project_to < as_of:
        raise InputError("project_to", f"{project_to} is before the 'as of' date {as_of}")
    if leaving is not None:
        if leaving < as_of:
            raise InputError(
                "separation_date",
                f"{leaving} is before the 'as of' date {as_of}; give balances as of a date on "
                "or before your last day",
            )
        if project_to is not None and project_to > leaving:
            raise InputError("project_to", f"{project_to} is after your last day of work {leaving}")
        if inputs["hourly_rate"] is None:
            raise InputError("hourly_rate", "enter your final hourly rate to estimate the payout")


def _annual_summary(
    reader: PolicyReader, person: Person, as_of: date, steps: list[str]
) -> dict[str, Any]:
    year = service_year(person.hire, as_of)
    tier, following = annual_tier(reader, year, as_of)
    share = person.share if person.eligible else ZERO
    per_period = to_hours(tier.hours_per_pay_period * share)
    per_year = to_hours(tier.hours_per_year * share)
    cap = annual_cap(reader, tier, person.share, as_of) if person.eligible else None
    usable_from = person.hire
    if reader.boolean("leave.annual.usable_after_introductory_period", as_of):
        usable_from = introductory_end(reader, person.hire)
    steps.append(
        f"On {as_of} you are in your {ordinal(year)} service year (hired {person.hire}; each "
        f"anniversary starts the next). The {tier_span(tier, following)} service-year tier "
        f"earns {hours_str(tier.hours_per_pay_period)} hours a pay period "
        f"({hours_str(tier.hours_per_year)} a year) full-time; you earn "
        f"{hours_str(per_period)} a pay period ({hours_str(per_year)} a year)."
    )
    if following is not None:
        steps.append(
            f"From the {ordinal(following.from_year)} service year the rate is "
            f"{hours_str(following.hours_per_pay_period)} hours a pay period, starting with "
            "the first pay period that ends on or after that anniversary."
        )
    carry = carryover_rule(reader, as_of)
    if person.eligible and (cap is not None or carry is None):
        steps.append(f"The most annual leave you may hold: {describe_cap(cap)}.")
    if carry is not None:
        steps.append(f"Carry-over: {carry.describe()}.")
    if usable_from > person.hire:
        steps.append(
            f"Annual leave accrues from your hire date but may be used only after the "
            f"introductory period, from {usable_from}."
        )
    return {
        "service_year": year,
        "hours_per_pay_period": hours_str(per_period),
        "hours_per_year": hours_str(per_year),
        "max_balance": None if cap is None else hours_str(cap),
        "carryover_max": None if carry is None else hours_str(carry.max_hours),
        "carryover_date": None if carry is None else f"{carry.month:02d}-{carry.day:02d}",
        "usable": as_of >= usable_from,
        "usable_from": usable_from,
    }


def _sick_summary(
    reader: PolicyReader, person: Person, as_of: date, steps: list[str]
) -> dict[str, Any]:
    per_period, per_year = sick_rate(reader, as_of)
    share = person.share if person.eligible else ZERO
    cap = sick_cap(reader, as_of)
    usable_from = person.hire
    if reader.boolean("leave.sick.usable_after_introductory_period", as_of):
        usable_from = introductory_end(reader, person.hire)
    steps.append(
        f"Sick leave: {hours_str(per_period)} hours a pay period ({hours_str(per_year)} a year) "
        f"full-time; you earn {hours_str(to_hours(per_period * share))} a pay period; the most "
        f"you may hold: {describe_cap(cap)}; usable from {usable_from}."
    )
    return {
        "hours_per_pay_period": hours_str(to_hours(per_period * share)),
        "hours_per_year": hours_str(to_hours(per_year * share)),
        "max_balance": None if cap is None else hours_str(cap),
        "usable": as_of >= usable_from,
        "usable_from": usable_from,
    }


def _longevity(
    reader: PolicyReader, inputs: dict[str, Any], steps: list[str]
) -> tuple[str | None, dict[str, Any] | None]:
    if not reader.has("longevity"):
        return None, None
    as_of, hire = inputs["as_of"], inputs["hire_date"]
    month_day = str(reader.get("longevity.measured_on", as_of))
    try:
        month, day = (int(part) for part in month_day.split("-"))
        measured = date(as_of.year, month, day)
    except ValueError:
        raise PolicyError(
            f"policy parameter 'longevity.measured_on' must be MM-DD, got {month_day!r}"
        ) from None
    per_month = reader.decimal("longevity.amount_per_month_of_service", measured)
    minimum = reader.integer("longevity.minimum_months", measured)
    allowed = reader.get("longevity.eligible_employment", measured)
    months = full_months_between(hire, measured + timedelta(days=1))
    leaving = inputs["separation_date"]
    detail = {"measured_on": measured, "months": months, "eligible": False}
    if inputs["employment"] not in allowed:
        steps.append(f"Longevity pay is for {', '.join(allowed)} employees only: $0.00.")
        return money_str(ZERO), detail
    if leaving is not None and leaving < measured:
        steps.append(f"Longevity pay needs you employed on {measured}; your last day is {leaving}.")
        return money_str(ZERO), detail
    if months < minimum:
        steps.append(
            f"Longevity pay on {measured}: {months} whole months of service, fewer than the "
            f"{minimum} required: $0.00."
        )
        return money_str(ZERO), detail
    amount = to_money(per_month * months)
    detail["eligible"] = True
    steps.append(
        f"Longevity pay on {measured}: {months} whole months of service × "
        f"${money_str(per_month)} = ${money_str(amount)}."
    )
    return money_str(amount), detail


def _separation(
    reader: PolicyReader,
    person: Person,
    inputs: dict[str, Any],
    at_leaving: Balances,
    steps: list[str],
) -> tuple[str, dict[str, Any]]:
    leaving: date = inputs["separation_date"]
    rate: Decimal = inputs["hourly_rate"]
    intro_done = leaving >= introductory_end(reader, person.hire)
    steps.append(
        f"On your last day, {leaving}, your balances are {hours_str(at_leaving.annual)} hours of "
        f"annual leave and {hours_str(at_leaving.sick)} hours of sick leave (pay periods ending "
        "after your last day earn nothing)."
    )
    annual_hours = ZERO
    if not reader.boolean("separation.annual.paid", leaving):
        steps.append("Unused annual leave is not paid on separation.")
    elif (
        reader.boolean("separation.annual.requires_introductory_period", leaving) and not intro_done
    ):
        steps.append(
            "You leave before the end of the introductory period, so annual leave is not paid."
        )
    else:
        limit = None
        if reader.has("separation.annual.max_hours"):
            limit = to_hours(reader.decimal("separation.annual.max_hours", leaving))
        elif reader.boolean("separation.annual.up_to_max_balance", leaving) and person.eligible:
            tier, _ = annual_tier(reader, service_year(person.hire, leaving), leaving)
            limit = annual_cap(reader, tier, person.share, leaving)
        annual_hours = at_leaving.annual if limit is None else min(at_leaving.annual, limit)
        steps.append(
            f"Annual leave paid: {hours_str(annual_hours)} hours (limit {describe_cap(limit)}) "
            f"× ${money_str(rate)} an hour = ${money_str(to_money(annual_hours * rate))}."
        )
    annual_amount = to_money(annual_hours * rate)
    sick_amount, sick_days = _sick_payout(reader, person, leaving, at_leaving, intro_done, steps)
    total = annual_amount + sick_amount
    if reader.has("separation.payment_within_days"):
        days = reader.integer("separation.payment_within_days", leaving)
        steps.append(f"Leave is paid within {days} days of your last day.")
    steps.append(f"Total leave payout: ${money_str(total)}.")
    return money_str(total), {
        "annual_hours": hours_str(annual_hours),
        "annual_amount": money_str(annual_amount),
        "sick_days": None if sick_days is None else hours_str(sick_days),
        "sick_amount": money_str(sick_amount),
    }


def _sick_payout(
    reader: PolicyReader,
    person: Person,
    leaving: date,
    at_leaving: Balances,
    intro_done: bool,
    steps: list[str],
) -> tuple[Decimal, Decimal | None]:
    if not reader.boolean("separation.sick.paid", leaving):
        steps.append("Sick leave is never paid out.")
        return ZERO, None
    if reader.boolean("separation.sick.requires_introductory_period", leaving) and not intro_done:
        steps.append(
            "You leave before the end of the probationary period, so sick leave is not paid."
        )
        return ZERO, None
    per_day = reader.decimal("separation.sick.amount_per_day", leaving)
    most = reader.decimal("separation.sick.max_amount", leaving)
    day_hours = reader.decimal("payroll.hours_per_day", leaving)
    days = at_leaving.sick / day_hours
    if not reader.boolean("separation.sick.partial_days_paid", leaving):
        days = days.to_integral_value(rounding=ROUND_DOWN)
    amount = min(to_money(days * per_day), to_money(most))
    steps.append(
        f"Sick leave paid: {hours_str(at_leaving.sick)} hours ÷ {hours_str(day_hours)} hours a "
        f"day = {hours_str(days)} days × ${money_str(per_day)} = "
        f"${money_str(to_money(days * per_day))}, at most ${money_str(most)}: "
        f"${money_str(amount)}."
    )
    return amount, days


def compute(inputs: dict[str, Any], reader: PolicyReader) -> dict[str, Any]:
    """Leave figures for one employee (see the module docstring).

    Args:
        inputs: Validated inputs (:data:`FIELDS`).
        reader: The handbook's policy.

    Returns:
        The result (figures, ``explanation``).

    Raises:
        InputError: For inconsistent dates, hours or a missing hourly rate.
    """
    _validate_dates(inputs)
    steps: list[str] = []
    person = _person(inputs, reader, steps)
    hire, as_of = person.hire, inputs["as_of"]
    calendar = pay_calendar(reader, hire)
    steps.append(f"Leave is credited at the end of each pay period: {calendar.describe()}.")
    annual = _annual_summary(reader, person, as_of, steps)
    sick = _sick_summary(reader, person, as_of, steps)

    computed = _advance(
        reader, calendar, person, Balances(ZERO, ZERO), hire - timedelta(days=1), as_of
    )
    given_annual, given_sick = inputs["annual_balance"], inputs["sick_balance"]
    start = Balances(
        to_hours(given_annual) if given_annual is not None else computed.annual,
        to_hours(given_sick) if given_sick is not None else computed.sick,
    )
    for kind, given, value in (
        ("annual", given_annual, start.annual),
        ("sick", given_sick, start.sick),
    ):
        if given is None:
            steps.append(
                f"{kind.capitalize()} balance on {as_of}: {hours_str(value)} hours, counted from "
                f"your hire date over {computed.periods} credited pay periods with no leave taken."
            )
        else:
            steps.append(
                f"{kind.capitalize()} balance on {as_of}: {hours_str(value)} hours (given)."
            )
    cap_now = annual["max_balance"]
    if cap_now is not None and start.annual > Decimal(cap_now):
        steps.append(
            f"Your annual balance is above the {cap_now}-hour maximum: no annual leave is "
            "credited until it is below the maximum again."
        )
    annual["balance"] = hours_str(start.annual)
    sick["balance"] = hours_str(start.sick)

    projection = None
    target = inputs["project_to"]
    if target is not None:
        ahead = _advance(
            reader, calendar, person, Balances(start.annual, start.sick), as_of, target
        )
        for event in ahead.events:
            steps.append(f"{event['date']}: {event['event']}.")
        steps.append(
            f"Projected to {target} over {ahead.periods} credited pay periods: "
            f"{hours_str(ahead.annual)} hours of annual leave and {hours_str(ahead.sick)} hours "
            "of sick leave (no leave taken)."
        )
        projection = {
            "to": target,
            "pay_periods": ahead.periods,
            "annual_balance": hours_str(ahead.annual),
            "sick_balance": hours_str(ahead.sick),
            "events": ahead.events,
            "periods": ahead.rows,
        }

    longevity_pay, longevity = _longevity(reader, inputs, steps)
    payout, separation = None, None
    if inputs["separation_date"] is not None:
        at_leaving = _advance(
            reader,
            calendar,
            person,
            Balances(start.annual, start.sick),
            as_of,
            inputs["separation_date"],
        )
        payout, separation = _separation(reader, person, inputs, at_leaving, steps)
    return {
        "service_year": annual.pop("service_year"),
        "employment": person.employment,
        "accrues_leave": person.eligible,
        "accrual_share": f"{(person.share if person.eligible else ZERO):.4f}",
        "annual": annual,
        "sick": sick,
        "projection": projection,
        "longevity_pay": longevity_pay,
        "longevity": longevity,
        "separation_payout": payout,
        "separation": separation,
        "explanation": steps,
    }


LEAVE = register(
    Calculator(
        name="leave",
        title="Leave accrual",
        summary="How much annual and sick leave you earn, what you will have on a later date, "
        "your longevity pay and what is paid when you leave.",
        fields=FIELDS,
        compute=compute,
    )
)
