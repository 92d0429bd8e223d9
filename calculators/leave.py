"""The leave calculator: accrual rates by service year, caps, the introductory period, a
projection pay period by pay period (with leave taken and unpaid leave on the way), longevity
pay and the payout on separation.

Every figure comes from the handbook's parameters (see :mod:`calculators.leave_rules`); the
code knows no tier, rate, cap or date of any organization.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from calculators import leave_tables  # noqa: F401  (registers the leave tables)
from calculators.dates import full_months_between
from calculators.errors import InputError, PolicyError
from calculators.inputs import Field
from calculators.leave_person import EMPLOYMENT, Balances, Person, person_of
from calculators.leave_rules import (
    annual_cap,
    annual_tier,
    carryover_rule,
    describe_cap,
    ordinal,
    sick_cap,
    sick_rate,
    tier_span,
)
from calculators.leave_separation import FLSA_STATUSES, REASONS, separation_payout
from calculators.leave_timeline import (
    TAKEN_FIELDS,
    UNPAID_FIELDS,
    Taken,
    Unpaid,
    describe_taken,
    read_taken,
    read_unpaid,
    unpaid_days_within,
)
from calculators.money import hours_str, money_str, to_hours, to_money
from calculators.payroll import PayCalendar, pay_calendar
from calculators.policy import PolicyReader
from calculators.registry import Calculator, register

__all__ = ["EMPLOYMENT", "FIELDS", "LEAVE", "compute"]

ZERO = Decimal("0")

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
        "introductory_extension_months",
        "integer",
        "Introductory period extended by",
        "Months added to your introductory (probationary) period, if it was extended.",
        minimum="0",
        maximum="24",
        group="Employment",
        unit="months",
    ),
    Field(
        "reduced_in_force",
        "boolean",
        "My hours were cut to part-time in a reduction in force",
        "Some handbooks keep a prorated accrual for staff cut to part-time in a layoff.",
        group="Employment",
        default=False,
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
        "leave_taken",
        "list",
        "Leave taken or planned",
        "Hours of annual or sick leave on a day: after the 'as of' date (or before it when your "
        "balance is counted from your hire date).",
        item_fields=TAKEN_FIELDS,
        minimum="0",
        maximum="200",
        group="Leave taken or planned",
    ),
    Field(
        "unpaid_leave",
        "list",
        "Unpaid leave",
        "Spells of leave without pay or unpaid family and medical leave, first and last day.",
        item_fields=UNPAID_FIELDS,
        minimum="0",
        maximum="50",
        group="Unpaid leave",
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
    Field(
        "separation_reason",
        "choice",
        "Why employment ends",
        "Some handbooks pay leave only for some reasons (e.g. resignation or retirement).",
        choices=REASONS,
        group="Separation",
    ),
    Field(
        "notice_date",
        "date",
        "Date of your written notice",
        "Where the handbook requires notice before the last day.",
        minimum="1950-01-01",
        maximum="2100-12-31",
        group="Separation",
    ),
    Field(
        "notice_waived",
        "boolean",
        "The notice requirement was waived",
        group="Separation",
        default=False,
    ),
    Field(
        "prior_leave_payout",
        "boolean",
        "I was paid out for leave before (an earlier separation)",
        "Some handbooks pay leave out only once in a lifetime.",
        group="Separation",
        default=False,
    ),
    Field(
        "sick_payout_group",
        "boolean",
        "I am in the group of employees paid for unused sick leave",
        "Some handbooks pay unused sick leave only to a named group; see the sick leave section.",
        group="Separation",
        default=False,
    ),
    Field(
        "comp_balance",
        "decimal",
        "Compensatory time balance",
        "Hours on record on your last day (already weighted at time and a half where earned so).",
        minimum="0",
        maximum="10000",
        group="Separation",
        unit="hours",
    ),
    Field(
        "flsa_status",
        "choice",
        "Overtime status",
        "Needed with a compensatory time balance.",
        choices=FLSA_STATUSES,
        group="Separation",
    ),
)


# -- one pay period ---------------------------------------------------------------------------


def _credit(rate: Decimal, balance: Decimal, cap: Decimal | None) -> Decimal:
    if cap is None:
        return rate
    return max(ZERO, min(rate, cap - balance))


def _period_counts(
    reader: PolicyReader, calendar: PayCalendar, person: Person, end: date
) -> tuple[bool, str]:
    """Whether the pay period ending ``end`` is credited, and why not."""
    start = calendar.start_of(end)
    first = max(start, person.hire)
    total = (end - start).days + 1
    unpaid = unpaid_days_within(list(person.unpaid), first, end)
    if first == start and not unpaid:
        return True, ""
    paid = (end - first).days + 1 - unpaid
    needed = Decimal(0)
    if first > start:
        needed = reader.decimal("leave.first_period_minimum_share", person.hire)
    if unpaid:
        needed = max(needed, reader.decimal("leave.unpaid.period_minimum_paid_share", end))
    if Decimal(paid) >= needed * total:
        return True, ""
    if unpaid:
        return False, (
            f"pay period not credited: in pay status {paid} of its {total} days "
            f"({unpaid} days of unpaid leave)"
        )
    return False, f"first pay period not credited: employed {paid} of its {total} days"


def _usable_from(reader: PolicyReader, person: Person, kind: str) -> date:
    if reader.boolean(f"leave.{kind}.usable_after_introductory_period", person.hire):
        return person.introductory_end(reader)
    return person.hire


def _take(reader: PolicyReader, person: Person, balances: Balances, taken: Taken) -> None:
    usable = _usable_from(reader, person, taken.kind)
    if taken.day < usable:
        raise InputError(
            f"leave_taken[{taken.index}].date",
            f"{taken.kind} leave can be used from {usable}; {taken.day} is before that",
        )
    have = getattr(balances, taken.kind)
    if taken.hours > have:
        raise InputError(
            f"leave_taken[{taken.index}].hours",
            f"on {taken.day} you would have {hours_str(have)} hours of {taken.kind} leave; "
            f"{hours_str(taken.hours)} hours cannot be taken",
        )
    setattr(balances, taken.kind, have - taken.hours)
    balances.taken[taken.kind] += taken.hours
    balances.events.append({"date": taken.day.isoformat(), "event": describe_taken(taken)})


def _carry(reader: PolicyReader, balances: Balances, day: date, person: Person) -> None:
    carry = carryover_rule(reader, person.hire)
    assert carry is not None
    excess = balances.annual - carry.max_hours
    if excess <= 0:
        return
    balances.annual = carry.max_hours
    moved = "moved to sick leave" if carry.excess_to == "sick" else "forfeited"
    if carry.excess_to == "sick":
        limit = sick_cap(reader, day)
        balances.sick += excess if limit is None else _credit(excess, balances.sick, limit)
    balances.events.append(
        {
            "date": day.isoformat(),
            "event": f"carry-over limit of {hours_str(carry.max_hours)} hours: "
            f"{hours_str(excess)} hours of annual leave {moved}",
        }
    )


def _advance(
    reader: PolicyReader,
    calendar: PayCalendar,
    person: Person,
    balances: Balances,
    after: date,
    until: date,
    taken: list[Taken],
) -> Balances:
    """Credit every pay period ending after ``after`` up to ``until``; deduct leave taken and
    apply carry-over dates on the way (on one day: leave taken, then the credit, then the
    carry-over)."""
    hire = person.hire
    carry = carryover_rule(reader, hire)
    ends = [(end, 1, None) for end in calendar.ends_between(after, until) if end >= hire]
    marks = [(day, 2, None) for day in carry.dates_between(after, until)] if carry else []
    uses = [(t.day, 0, t) for t in taken if after < t.day <= until]
    last_rate: Decimal | None = None
    if person.eligible and after >= hire:
        before, _ = annual_tier(reader, person.service_year(after), after)
        last_rate = to_hours(before.hours_per_pay_period * person.share)
    capped = {"annual": False, "sick": False}
    since = {"annual": ZERO, "sick": ZERO}
    for day, kind, used in sorted(ends + marks + uses, key=lambda e: (e[0], e[1])):
        if used is not None:
            _take(reader, person, balances, used)
            since[used.kind] += used.hours
            continue
        if kind == 2:
            _carry(reader, balances, day, person)
            continue
        if not person.eligible:
            continue
        counts, why = _period_counts(reader, calendar, person, day)
        if not counts:
            balances.events.append({"date": day.isoformat(), "event": why})
            continue
        year = person.service_year(day)
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
        balances.forgone["annual"] += rate - gained
        capped["annual"] = _note_cap(balances, "annual", day, gained < rate, cap, capped["annual"])
        s_rate = to_hours(sick_rate(reader, day)[0] * person.share)
        s_cap = sick_cap(reader, day)
        s_gained = _credit(s_rate, balances.sick, s_cap)
        balances.sick += s_gained
        balances.forgone["sick"] += s_rate - s_gained
        capped["sick"] = _note_cap(balances, "sick", day, s_gained < s_rate, s_cap, capped["sick"])
        balances.periods += 1
        balances.rows.append(
            {
                "period_end": day.isoformat(),
                "annual_taken": hours_str(since["annual"]),
                "annual_earned": hours_str(gained),
                "annual_forgone": hours_str(rate - gained),
                "annual_balance": hours_str(balances.annual),
                "annual_at_cap": cap is not None and balances.annual >= cap,
                "annual_cap": None if cap is None else hours_str(cap),
                "sick_taken": hours_str(since["sick"]),
                "sick_earned": hours_str(s_gained),
                "sick_balance": hours_str(balances.sick),
                "sick_at_cap": s_cap is not None and balances.sick >= s_cap,
                "sick_cap": None if s_cap is None else hours_str(s_cap),
                "sick_forgone": hours_str(s_rate - s_gained),  # lost to the cap
            }
        )
        since = {"annual": ZERO, "sick": ZERO}
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
    year = person.service_year(as_of)
    base = person.anniversary_base(as_of)
    tier, following = annual_tier(reader, year, as_of)
    share = person.share if person.eligible else ZERO
    per_period = to_hours(tier.hours_per_pay_period * share)
    per_year = to_hours(tier.hours_per_year * share)
    cap = annual_cap(reader, tier, person.share, as_of) if person.eligible else None
    usable_from = _usable_from(reader, person, "annual")
    if base != person.hire:
        steps.append(
            f"Your anniversary moves later by the {(base - person.hire).days} days of unpaid "
            f"leave up to {as_of}: service years are counted from {base}."
        )
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
    usable_from = _usable_from(reader, person, "sick")
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
    reader: PolicyReader, person: Person, inputs: dict[str, Any], steps: list[str]
) -> tuple[str | None, dict[str, Any] | None]:
    if not reader.has("longevity"):
        return None, None
    as_of = inputs["as_of"]
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
    months = full_months_between(person.anniversary_base(measured), measured + timedelta(days=1))
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


def _starting_balances(
    reader: PolicyReader,
    calendar: PayCalendar,
    person: Person,
    inputs: dict[str, Any],
    taken: list[Taken],
    steps: list[str],
) -> Balances:
    as_of = inputs["as_of"]
    computed = _advance(
        reader,
        calendar,
        person,
        Balances(ZERO, ZERO),
        person.hire - timedelta(days=1),
        as_of,
        taken,
    )
    given_annual, given_sick = inputs["annual_balance"], inputs["sick_balance"]
    start = Balances(
        to_hours(given_annual) if given_annual is not None else computed.annual,
        to_hours(given_sick) if given_sick is not None else computed.sick,
    )
    carry = carryover_rule(reader, person.hire)
    if (
        given_annual is not None
        and carry is not None
        and carry.dates_between(as_of - timedelta(days=1), as_of)
    ):
        steps.append(
            f"The annual balance you entered is for {as_of}, a carry-over day: it is taken as "
            "the balance before that day's carry-over."
        )
        _carry(reader, start, as_of, person)
        for event in start.events:
            steps.append(f"{event['date']}: {event['event']}.")
    for kind, given, value in (
        ("annual", given_annual, start.annual),
        ("sick", given_sick, start.sick),
    ):
        if given is None:
            used = computed.taken[kind]
            steps.append(
                f"{kind.capitalize()} balance on {as_of}: {hours_str(value)} hours, counted from "
                f"your hire date over {computed.periods} credited pay periods, "
                + (f"less {hours_str(used)} hours taken." if used else "with no leave taken.")
            )
        else:
            steps.append(
                f"{kind.capitalize()} balance on {as_of}: {hours_str(value)} hours (given)."
            )
    return start


def _projection(
    reader: PolicyReader,
    calendar: PayCalendar,
    person: Person,
    start: Balances,
    inputs: dict[str, Any],
    taken: list[Taken],
    steps: list[str],
) -> dict[str, Any]:
    as_of, target = inputs["as_of"], inputs["project_to"]
    ahead = _advance(
        reader, calendar, person, Balances(start.annual, start.sick), as_of, target, taken
    )
    for event in ahead.events:
        steps.append(f"{event['date']}: {event['event']}.")
    taken_text = (
        "no leave taken"
        if not any(ahead.taken.values())
        else f"after {hours_str(ahead.taken['annual'])} hours of annual and "
        f"{hours_str(ahead.taken['sick'])} hours of sick leave taken"
    )
    steps.append(
        f"Projected to {target} over {ahead.periods} credited pay periods: "
        f"{hours_str(ahead.annual)} hours of annual leave and {hours_str(ahead.sick)} hours "
        f"of sick leave ({taken_text})."
    )
    if ahead.forgone["annual"]:
        steps.append(
            f"{hours_str(ahead.forgone['annual'])} hours of annual leave are not earned on the "
            "way because the balance is at its cap: take leave earlier to keep them."
        )
    return {
        "to": target,
        "pay_periods": ahead.periods,
        "annual_balance": hours_str(ahead.annual),
        "sick_balance": hours_str(ahead.sick),
        "annual_taken": hours_str(ahead.taken["annual"]),
        "sick_taken": hours_str(ahead.taken["sick"]),
        "annual_forgone": hours_str(ahead.forgone["annual"]),
        "sick_forgone": hours_str(ahead.forgone["sick"]),
        "events": ahead.events,
        "periods": ahead.rows,
    }


def compute(inputs: dict[str, Any], reader: PolicyReader) -> dict[str, Any]:
    """Leave figures for one employee (see the module docstring).

    Args:
        inputs: Validated inputs (:data:`FIELDS`).
        reader: The handbook's policy.

    Returns:
        The result (figures, ``explanation``).

    Raises:
        InputError: For inconsistent dates, hours, leave taken or a missing input a rule needs.
    """
    _validate_dates(inputs)
    steps: list[str] = []
    last_day = max(
        (d for d in (inputs["project_to"], inputs["separation_date"]) if d is not None),
        default=None,
    )
    taken = read_taken(inputs, last_day)
    unpaid: list[Unpaid] = read_unpaid(inputs, reader)
    person = person_of(inputs, reader, unpaid, steps)
    as_of = inputs["as_of"]
    calendar = pay_calendar(reader, person.hire)
    steps.append(f"Leave is credited at the end of each pay period: {calendar.describe()}.")
    if unpaid:
        days = sum(spell.days for spell in unpaid)
        steps.append(
            f"Unpaid leave ({days} days in all) earns no leave: a pay period touched by it is "
            "credited only with enough days in pay status."
        )
    annual = _annual_summary(reader, person, as_of, steps)
    sick = _sick_summary(reader, person, as_of, steps)
    start = _starting_balances(reader, calendar, person, inputs, taken, steps)
    cap_now = annual["max_balance"]
    if cap_now is not None and start.annual > Decimal(cap_now):
        steps.append(
            f"Your annual balance is above the {cap_now}-hour maximum: no annual leave is "
            "credited until it is below the maximum again."
        )
    annual["balance"] = hours_str(start.annual)
    sick["balance"] = hours_str(start.sick)

    projection = None
    if inputs["project_to"] is not None:
        projection = _projection(reader, calendar, person, start, inputs, taken, steps)

    longevity_pay, longevity = _longevity(reader, person, inputs, steps)
    payout, separation = None, None
    if inputs["separation_date"] is not None:
        at_leaving = _advance(
            reader,
            calendar,
            person,
            Balances(start.annual, start.sick),
            as_of,
            inputs["separation_date"],
            taken,
        )
        payout, separation = separation_payout(reader, person, inputs, at_leaving, steps)
    return {
        "service_year": annual.pop("service_year"),
        "employment": person.employment,
        "accrues_leave": person.eligible,
        "accrual_share": f"{(person.share if person.eligible else ZERO):.4f}",
        "introductory_period_ends": person.introductory_end(reader) - timedelta(days=1),
        "anniversary_base": person.anniversary_base(as_of),
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
