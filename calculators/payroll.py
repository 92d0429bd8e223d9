"""The pay-period calendar a handbook states: periods of N weeks from a known period end, or of
N calendar months ending on a month's last day."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from calculators.dates import add_months, last_day_of_month
from calculators.errors import PolicyError
from calculators.policy import PolicyReader

__all__ = ["PayCalendar", "pay_calendar"]

UNITS = ("week", "month")


@dataclass(frozen=True)
class PayCalendar:
    """Pay periods: ``length`` weeks ending on ``anchor_end`` and every ``length`` weeks before
    and after it, or ``length`` months each ending on a month's last day."""

    unit: str
    length: int
    anchor_end: date | None = None

    def describe(self) -> str:
        """The calendar in words, e.g. ``"2-week pay periods, one ending 2014-01-07"``."""
        if self.unit == "week":
            return f"{self.length}-week pay periods, one of them ending {self.anchor_end}"
        if self.length == 1:
            return "monthly pay periods, each ending on the last day of the month"
        return f"{self.length}-month pay periods, each ending on the last day of a month"

    def end_on_or_after(self, day: date) -> date:
        """The last day of the pay period that contains ``day``."""
        if self.unit == "week":
            assert self.anchor_end is not None
            span = 7 * self.length
            periods = -((self.anchor_end - day).days // span)
            return self.anchor_end + timedelta(days=span * periods)
        anchor = self.anchor_end or date(day.year, 1, 31)
        offset = (day.year * 12 + day.month) - (anchor.year * 12 + anchor.month)
        end_month = add_months(date(day.year, day.month, 1), (-offset) % self.length)
        return last_day_of_month(end_month.year, end_month.month)

    def start_of(self, end: date) -> date:
        """The first day of the pay period ending on ``end``."""
        if self.unit == "week":
            return end - timedelta(days=7 * self.length - 1)
        before = add_months(date(end.year, end.month, 1), -self.length)
        return last_day_of_month(before.year, before.month) + timedelta(days=1)

    def next_end(self, end: date) -> date:
        """The end of the pay period after the one ending on ``end``."""
        return self.end_on_or_after(end + timedelta(days=1))

    def ends_between(self, after: date, until: date) -> Iterator[date]:
        """Ends of pay periods that end after ``after`` and on or before ``until``."""
        end = self.end_on_or_after(after + timedelta(days=1))
        while end <= until:
            yield end
            end = self.next_end(end)


def pay_calendar(reader: PolicyReader, on: date | None = None) -> PayCalendar:
    """The handbook's pay calendar from ``payroll.pay_period.{unit, length, ends_on}``.

    Args:
        reader: The policy reader.
        on: The date the calendar must be in force on (for effective-dated parameters).

    Returns:
        The calendar.

    Raises:
        PolicyError: When the parameters are missing or inconsistent.
    """
    unit = reader.get("payroll.pay_period.unit", on)
    if unit not in UNITS:
        raise PolicyError(
            f"policy parameter 'payroll.pay_period.unit' must be week or month, got {unit!r}"
        )
    length = reader.integer("payroll.pay_period.length", on)
    if length < 1:
        raise PolicyError("policy parameter 'payroll.pay_period.length' must be 1 or more")
    anchor = None
    if unit == "week" or reader.has("payroll.pay_period.ends_on"):
        anchor = reader.date("payroll.pay_period.ends_on", on)
    if (
        unit == "month"
        and anchor is not None
        and anchor != last_day_of_month(anchor.year, anchor.month)
    ):
        raise PolicyError(
            "policy parameter 'payroll.pay_period.ends_on' must be the last day of a month "
            "for monthly pay periods"
        )
    return PayCalendar(unit, length, anchor)
