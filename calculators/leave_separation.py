"""What is paid for unused leave on separation: annual leave up to its limit, sick leave by the
day, compensatory time — and every rule that withholds a payment, each with its reason.

Parameters read (``separation.`` in the ``policy:`` of the sections stating them):

- ``annual.{paid, requires_introductory_period}`` with ``max_hours`` or ``up_to_max_balance``;
  optional ``annual.paid_on`` (the separation reasons annual leave is paid for).
- ``sick.paid``; if true ``sick.{amount_per_day, max_amount, partial_days_paid,
  requires_introductory_period}`` and optional ``sick.paid_only_to`` (the group of employees
  paid, in words; the employee says whether they belong to it).
- optional ``notice.{calendar_days, applies_to, forfeits}``: written notice needed before the
  last day, for which separation reasons, and which kinds of leave are forfeited without it.
- optional ``one_payout_per_lifetime``, ``payment_within_days``,
  ``comp_time.{paid_for, max_hours}`` (FLSA statuses whose compensatory time is paid at the
  final hourly rate, and the most hours paid).

Nobody is paid leave they do not earn: an employee whose employment type earns no annual or
sick leave is paid none, whatever balance is entered (the most paid is what the employee would
normally accrue, which for them is nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from calculators.errors import InputError
from calculators.inputs import Choice
from calculators.leave_person import Balances, Person
from calculators.leave_rules import annual_cap, annual_tier, describe_cap
from calculators.money import hours_str, money_str, to_hours, to_money
from calculators.policy import PolicyReader

__all__ = ["FLSA_STATUSES", "REASONS", "separation_payout"]

ZERO = Decimal("0")

REASONS = (
    Choice("resignation", "Resignation"),
    Choice("retirement", "Retirement"),
    Choice("reduction_in_force", "Reduction in force (layoff)"),
    Choice("termination", "Termination by the employer"),
    Choice("disability", "Disability"),
    Choice("death", "Death"),
)
_REASON_NAMES = {c.value: c.label.lower() for c in REASONS}

FLSA_STATUSES = (
    Choice("nonexempt", "Non-exempt (overtime rules apply)"),
    Choice("exempt", "Exempt"),
)


def _reason(inputs: dict[str, Any], why: str) -> str:
    reason = inputs["separation_reason"]
    if reason is None:
        raise InputError(
            "separation_reason", f"choose why employment ends: under this handbook {why}"
        )
    return str(reason)


def _names(values: list[str]) -> str:
    return " or ".join(_REASON_NAMES.get(v, v) for v in values)


def _notice_forfeits(
    reader: PolicyReader, inputs: dict[str, Any], leaving: date, kind: str, steps: list[str]
) -> str | None:
    """Why leave of ``kind`` is forfeited for want of notice, or ``None``."""
    if not reader.has("separation.notice"):
        return None
    if kind not in reader.get("separation.notice.forfeits", leaving):
        return None
    applies = reader.get("separation.notice.applies_to", leaving)
    days = reader.integer("separation.notice.calendar_days", leaving)
    reason = _reason(inputs, f"{_names(applies)} needs {days} calendar days' written notice")
    if reason not in applies:
        return None
    if inputs["notice_waived"]:
        steps.append(f"The notice requirement was waived, so your {kind} leave is not forfeited.")
        return None
    notice = inputs["notice_date"]
    if notice is None:
        raise InputError(
            "notice_date",
            f"enter the date of your written notice: {days} calendar days before the last day "
            "are required (or tick that the requirement was waived)",
        )
    given = (leaving - notice).days
    if given >= days:
        return None
    return (
        f"your written notice of {notice} came {given} calendar days before your last day; "
        f"{days} are required, so {kind} leave is forfeited"
    )


def _lifetime(reader: PolicyReader, inputs: dict[str, Any], leaving: date) -> str | None:
    if not reader.has("separation.one_payout_per_lifetime"):
        return None
    if (
        reader.boolean("separation.one_payout_per_lifetime", leaving)
        and inputs["prior_leave_payout"]
    ):
        return "leave is paid out only once in a lifetime and you have had that payout"
    return None


#: The order in which the rules that withhold each kind of leave are applied. The first that
#: applies is the reason given; the order also decides which missing input is asked for first.
_RULE_ORDER = {
    "annual": ("paid", "paid_on", "introductory", "eligible", "notice", "lifetime"),
    "sick": ("paid", "introductory", "eligible", "paid_only_to", "notice", "lifetime"),
}
_NOT_PAID = {
    "annual": "unused annual leave is not paid on separation",
    "sick": "sick leave is never paid out",
}
_INTRODUCTORY = {
    "annual": "you leave before completing the introductory period",
    "sick": "you leave before completing the probationary period",
}
_INELIGIBLE = {
    "annual": "your employment type earns no annual leave, so the most that can be paid — what "
    "you would normally accrue — is 0 hours, whatever balance is entered",
    "sick": "your employment type earns no sick leave, so none is paid",
}


def _paid_on(reader: PolicyReader, inputs: dict[str, Any], leaving: date) -> str | None:
    """Why annual leave is not paid for this separation reason, or ``None``."""
    if not reader.has("separation.annual.paid_on"):
        return None
    paid_on = reader.get("separation.annual.paid_on", leaving)
    reason = _reason(inputs, f"annual leave is paid only on {_names(paid_on)}")
    if reason in paid_on:
        return None
    return f"annual leave is paid only on {_names(paid_on)}, not on {_REASON_NAMES[reason]}"


def _paid_only_to(reader: PolicyReader, inputs: dict[str, Any], leaving: date) -> str | None:
    """Why sick leave is not paid to an employee outside the group it is paid to, or ``None``."""
    if not reader.has("separation.sick.paid_only_to"):
        return None
    group = str(reader.get("separation.sick.paid_only_to", leaving))
    if inputs["sick_payout_group"]:
        return None
    return f"sick leave is paid only to {group}, and you did not say you are one of them"


def _withheld(
    reader: PolicyReader,
    person: Person,
    inputs: dict[str, Any],
    kind: str,
    intro_done: bool,
    steps: list[str],
) -> tuple[str, str] | None:
    """The first rule that withholds the payout of ``kind`` leave (``annual`` or ``sick``).

    Returns:
        ``(rule, why)`` — the rule's name in :data:`_RULE_ORDER` and the reason in words — or
        ``None`` when the leave is paid.

    Raises:
        InputError: When a rule needs an input that is missing (reason, notice date).
    """
    leaving: date = inputs["separation_date"]
    checks: dict[str, Callable[[], str | None]] = {
        "paid": lambda: (
            None if reader.boolean(f"separation.{kind}.paid", leaving) else _NOT_PAID[kind]
        ),
        "paid_on": lambda: _paid_on(reader, inputs, leaving),
        "introductory": lambda: (
            _INTRODUCTORY[kind]
            if reader.boolean(f"separation.{kind}.requires_introductory_period", leaving)
            and not intro_done
            else None
        ),
        "eligible": lambda: None if person.eligible else _INELIGIBLE[kind],
        "paid_only_to": lambda: _paid_only_to(reader, inputs, leaving),
        "notice": lambda: _notice_forfeits(reader, inputs, leaving, kind, steps),
        "lifetime": lambda: _lifetime(reader, inputs, leaving),
    }
    for rule in _RULE_ORDER[kind]:
        why = checks[rule]()
        if why:
            return rule, why
    return None


def _annual(
    reader: PolicyReader,
    person: Person,
    inputs: dict[str, Any],
    at_leaving: Balances,
    intro_done: bool,
    steps: list[str],
) -> tuple[Decimal, Decimal | None, str | None]:
    """Annual hours paid, the limit applied, and why nothing is paid (or ``None``)."""
    leaving: date = inputs["separation_date"]
    withheld = _withheld(reader, person, inputs, "annual", intro_done, steps)
    if withheld:
        rule, why = withheld
        # An employee who earns no annual leave is limited to what they would accrue: 0 hours.
        return ZERO, ZERO if rule == "eligible" else None, why
    limit = None
    if reader.has("separation.annual.max_hours"):
        limit = to_hours(reader.decimal("separation.annual.max_hours", leaving))
    elif reader.boolean("separation.annual.up_to_max_balance", leaving):
        tier, _ = annual_tier(reader, person.service_year(leaving), leaving)
        limit = annual_cap(reader, tier, person.share, leaving)
    hours = at_leaving.annual if limit is None else min(at_leaving.annual, limit)
    return hours, limit, None


def _sick(
    reader: PolicyReader,
    person: Person,
    inputs: dict[str, Any],
    at_leaving: Balances,
    intro_done: bool,
    steps: list[str],
) -> tuple[Decimal, Decimal | None, str | None]:
    """Sick amount paid, the days counted, and why nothing is paid (or ``None``)."""
    leaving: date = inputs["separation_date"]
    withheld = _withheld(reader, person, inputs, "sick", intro_done, steps)
    if withheld:
        rule, why = withheld
        steps.append(
            "Sick leave is never paid out." if rule == "paid" else f"Sick leave is not paid: {why}."
        )
        return ZERO, None, why
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
    return amount, days, None


def _comp(reader: PolicyReader, inputs: dict[str, Any], rate: Decimal, steps: list[str]) -> Decimal:
    """Compensatory hours paid (their amount is hours × the final rate)."""
    balance = inputs["comp_balance"]
    leaving: date = inputs["separation_date"]
    if not balance:
        return ZERO
    if not reader.has("separation.comp_time"):
        steps.append("This handbook states no payment for compensatory time: $0.00.")
        return ZERO
    status = inputs["flsa_status"]
    if status is None:
        raise InputError(
            "flsa_status",
            "say whether your position is exempt or non-exempt: it decides whether "
            "compensatory time is paid",
        )
    paid_for = reader.get("separation.comp_time.paid_for", leaving)
    if status not in paid_for:
        steps.append(f"Compensatory time of {status} employees is not paid on separation.")
        return ZERO
    hours = to_hours(balance)
    if reader.has("separation.comp_time.max_hours"):
        most = to_hours(reader.decimal("separation.comp_time.max_hours", leaving))
        if hours > most:
            steps.append(
                f"Compensatory time is limited to {hours_str(most)} hours: {hours_str(hours)} "
                f"entered, {hours_str(most)} paid."
            )
            hours = most
    steps.append(
        f"Compensatory time paid: {hours_str(hours)} hours on record (already weighted) × "
        f"${money_str(rate)} an hour = ${money_str(to_money(hours * rate))}."
    )
    return hours


def separation_payout(
    reader: PolicyReader,
    person: Person,
    inputs: dict[str, Any],
    at_leaving: Balances,
    steps: list[str],
) -> tuple[str, dict[str, Any]]:
    """The payout for unused leave on the last day of work.

    Args:
        reader: The handbook's policy.
        person: The employee.
        inputs: The validated inputs (``separation_date`` and ``hourly_rate`` set).
        at_leaving: The balances on the last day.
        steps: The explanation, extended here.

    Returns:
        The total as a money string and the detail (hours, amounts, and why a kind of leave is
        not paid).

    Raises:
        InputError: When a rule needs an input that is missing (reason, notice date, FLSA
            status) or the notice date is after the last day.
    """
    leaving: date = inputs["separation_date"]
    rate: Decimal = inputs["hourly_rate"]
    notice = inputs["notice_date"]
    if notice is not None and notice > leaving:
        raise InputError("notice_date", f"{notice} is after your last day {leaving}")
    last_intro_day = person.introductory_end(reader) - timedelta(days=1)
    intro_done = leaving >= last_intro_day
    steps.append(
        f"On your last day, {leaving}, your balances are {hours_str(at_leaving.annual)} hours of "
        f"annual leave and {hours_str(at_leaving.sick)} hours of sick leave (pay periods ending "
        "after your last day earn nothing)."
    )
    steps.append(
        f"Your introductory period runs to {last_intro_day} inclusive; a last day on or after "
        f"it completes the period: {'completed' if intro_done else 'not completed'}."
    )
    annual_hours, limit, annual_why = _annual(reader, person, inputs, at_leaving, intro_done, steps)
    if annual_why:
        steps.append(f"Annual leave is not paid: {annual_why}.")
    else:
        steps.append(
            f"Annual leave paid: {hours_str(annual_hours)} hours (limit {describe_cap(limit)}) "
            f"× ${money_str(rate)} an hour = ${money_str(to_money(annual_hours * rate))}."
        )
    annual_amount = to_money(annual_hours * rate)
    sick_amount, sick_days, sick_why = _sick(reader, person, inputs, at_leaving, intro_done, steps)
    comp_hours = _comp(reader, inputs, rate, steps)
    comp_amount = to_money(comp_hours * rate)
    total = annual_amount + sick_amount + comp_amount
    if reader.has("separation.payment_within_days"):
        days = reader.integer("separation.payment_within_days", leaving)
        steps.append(f"Leave is paid within {days} days of your last day.")
    steps.append(f"Total leave payout: ${money_str(total)}.")
    return money_str(total), {
        "annual_hours": hours_str(annual_hours),
        "annual_amount": money_str(annual_amount),
        "annual_limit": None if limit is None else hours_str(limit),
        "annual_not_paid": annual_why,
        "sick_days": None if sick_days is None else hours_str(sick_days),
        "sick_amount": money_str(sick_amount),
        "sick_not_paid": sick_why,
        "comp_hours": hours_str(comp_hours),
        "comp_amount": money_str(comp_amount),
        "introductory_completed": intro_done,
        "reason": inputs["separation_reason"],
    }
