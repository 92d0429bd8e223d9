"""Leave tables shown in the handbook's pages, from the same parameters the calculator reads."""

from __future__ import annotations

from datetime import date

from calculators.leave_rules import (
    carryover_rule,
    describe_cap,
    month_day,
    sick_cap,
    tier_span,
    tiers,
)
from calculators.money import hours_str, money_str, to_hours
from calculators.policy import PolicyReader
from calculators.tables import Table, register_table

__all__ = ["annual_accrual", "leave_payout", "longevity_pay", "sick_accrual"]


def _today(reader: PolicyReader) -> date:
    """Tables show the latest rules (the values with the latest effective date)."""
    del reader
    return date.max


def _share_note(reader: PolicyReader, on: date) -> str:
    """Who the figures are for: full-time, and part-time in proportion where part-time earns."""
    allowed = reader.get("leave.eligible_employment", on)
    if not any(kind.endswith("part_time") for kind in allowed):
        return "Full-time figures; part-time schedules earn no leave."
    minimum = reader.decimal("leave.part_time_minimum_weekly_hours", on)
    return (
        f"Full-time figures; part-time schedules of {hours_str(minimum)} hours a week or more "
        "earn a share in proportion to their hours."
    )


@register_table("annual-accrual")
def annual_accrual(reader: PolicyReader) -> Table:
    """Annual leave tiers: service years, hours a pay period and a year, the cap."""
    on = _today(reader)
    schedule = tiers(reader, "leave.annual.tiers", on)
    by_years = reader.has("leave.annual.max_balance_years_of_accrual")
    fixed = reader.has("leave.annual.max_balance")
    headers = ["Service year", "Hours each pay period", "Hours a year"]
    if by_years or fixed:
        headers.append("Most you may hold (hours)")
    rows = []
    for index, tier in enumerate(schedule):
        following = schedule[index + 1] if index + 1 < len(schedule) else None
        row = [
            tier_span(tier, following),
            hours_str(tier.hours_per_pay_period),
            hours_str(tier.hours_per_year),
        ]
        if by_years:
            years = reader.decimal("leave.annual.max_balance_years_of_accrual", on)
            row.append(hours_str(to_hours(years * tier.hours_per_year)))
        elif fixed:
            row.append(hours_str(reader.decimal("leave.annual.max_balance", on)))
        rows.append(tuple(row))
    carry = carryover_rule(reader, on)
    note = _share_note(reader, on)
    if carry is not None:
        note += f" Carry-over: {carry.describe()}."
    return Table(
        caption="Annual leave earned by service year",
        headers=tuple(headers),
        rows=tuple(rows),
        note=note,
    )


@register_table("sick-accrual")
def sick_accrual(reader: PolicyReader) -> Table:
    """Sick leave: hours a pay period and a year, and the cap."""
    on = _today(reader)
    per_period = reader.decimal("leave.sick.hours_per_pay_period", on)
    per_year = reader.decimal("leave.sick.hours_per_year", on)
    cap = sick_cap(reader, on)
    return Table(
        caption="Sick leave earned",
        headers=("Hours each pay period", "Hours a year", "Most you may hold"),
        rows=((hours_str(per_period), hours_str(per_year), describe_cap(cap)),),
        note=_share_note(reader, on),
    )


@register_table("longevity-pay")
def longevity_pay(reader: PolicyReader) -> Table:
    """Longevity pay: amount per month, minimum service, and worked examples by years."""
    on = _today(reader)
    per_month = reader.decimal("longevity.amount_per_month_of_service", on)
    minimum = reader.integer("longevity.minimum_months", on)
    measured = str(reader.get("longevity.measured_on", on))
    rows = [(f"{minimum} months (the minimum)", str(minimum), money_str(per_month * minimum))]
    for years in (5, 10, 15, 20, 25, 30):
        months = years * 12
        if months > minimum:
            rows.append((f"{years} years", str(months), money_str(per_month * months)))
    return Table(
        caption="Longevity pay by length of service",
        headers=("Continuous service", "Whole months", "Yearly payment (USD)"),
        rows=tuple(rows),
        note=f"${money_str(per_month)} for each whole month of continuous service, counted on "
        f"{_month_day_text(measured)} each year.",
    )


def _month_day_text(text: str) -> str:
    try:
        month, day = (int(part) for part in text.split("-"))
        return month_day(month, day)
    except ValueError:
        return text


def _conditions(reader: PolicyReader, on: date, kind: str) -> str:
    """When a kind of leave is paid, in words: reasons, introductory period, notice, group."""
    parts = []
    if kind == "annual" and reader.has("separation.annual.paid_on"):
        reasons = reader.get("separation.annual.paid_on", on)
        parts.append("on " + " or ".join(str(r).replace("_", " ") for r in reasons))
    if reader.boolean(f"separation.{kind}.requires_introductory_period", on):
        parts.append("after the introductory period")
    if kind == "sick" and reader.has("separation.sick.paid_only_to"):
        parts.append(f"to {reader.get('separation.sick.paid_only_to', on)}")
    if reader.has("separation.notice") and kind in reader.get("separation.notice.forfeits", on):
        days = reader.integer("separation.notice.calendar_days", on)
        parts.append(f"with {days} calendar days' written notice (unless waived)")
    if reader.has("separation.one_payout_per_lifetime") and reader.boolean(
        "separation.one_payout_per_lifetime", on
    ):
        parts.append("once in a lifetime")
    return ", ".join(parts) if parts else "always"


@register_table("leave-payout")
def leave_payout(reader: PolicyReader) -> Table:
    """What is paid for unused leave on separation."""
    on = _today(reader)
    rows = []
    if reader.boolean("separation.annual.paid", on):
        if reader.has("separation.annual.max_hours"):
            limit = f"up to {hours_str(reader.decimal('separation.annual.max_hours', on))} hours"
        elif reader.boolean("separation.annual.up_to_max_balance", on):
            limit = "up to the most you may hold in your service year"
        else:
            limit = "all unused hours"
        rows.append(
            (
                "Annual leave",
                f"{limit}, at your final hourly rate",
                _conditions(reader, on, "annual"),
            )
        )
    else:
        rows.append(("Annual leave", "not paid", "—"))
    if reader.boolean("separation.sick.paid", on):
        per_day = reader.decimal("separation.sick.amount_per_day", on)
        most = reader.decimal("separation.sick.max_amount", on)
        rows.append(
            (
                "Sick leave",
                f"${money_str(per_day)} a day, at most ${money_str(most)}",
                _conditions(reader, on, "sick"),
            )
        )
    else:
        rows.append(("Sick leave", "not paid", "—"))
    if reader.has("separation.comp_time"):
        paid_for = reader.get("separation.comp_time.paid_for", on)
        limit = "all hours on record"
        if reader.has("separation.comp_time.max_hours"):
            limit = f"up to {hours_str(reader.decimal('separation.comp_time.max_hours', on))} hours"
        rows.append(
            (
                "Compensatory time",
                f"{limit}, at your final hourly rate",
                " or ".join(str(s).replace("nonexempt", "non-exempt") for s in paid_for)
                + " employees, always",
            )
        )
    return Table(
        caption="Payment for unused leave when you leave",
        headers=("Leave", "Paid", "When"),
        rows=tuple(rows),
        note="Leave is paid only to employees whose employment type earns it.",
    )
