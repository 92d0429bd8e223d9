"""Calendar helpers: ISO parsing, adding months and years, anniversaries, whole months."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

__all__ = [
    "ISO_DATE",
    "add_months",
    "add_period",
    "add_years",
    "full_months_between",
    "is_iso_date",
    "last_day_of_month",
    "parse_iso_date",
    "years_completed",
]

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_iso_date(value: object) -> bool:
    """True when ``value`` is a string of the form ``YYYY-MM-DD`` naming a real date."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_iso_date(value: str) -> date:
    """Parse a strict ``YYYY-MM-DD`` string.

    Args:
        value: The string.

    Returns:
        The date.

    Raises:
        ValueError: When the string is not a real date in that form.
    """
    if not is_iso_date(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    return date.fromisoformat(value)


def last_day_of_month(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole months; a day that the target month lacks becomes its last day.

    Args:
        start: The date.
        months: Months to add (may be negative).

    Returns:
        The moved date (January 31 + 1 month = February 28 or 29).
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """``start`` moved by whole years; February 29 becomes February 28 in a common year."""
    return add_months(start, 12 * years)


def years_completed(start: date, on: date) -> int:
    """Whole years from ``start`` to ``on`` (anniversaries reached, counting ``on`` itself).

    Args:
        start: The first day (e.g. the hire date).
        on: The day asked about; must not be before ``start``.

    Returns:
        The number of anniversaries of ``start`` that fall on or before ``on``.
    """
    years = on.year - start.year
    if add_years(start, years) > on:
        years -= 1
    return max(years, 0)


def full_months_between(start: date, end_exclusive: date) -> int:
    """Whole months from ``start`` up to (not including) ``end_exclusive``.

    A month is complete when its monthly anniversary of ``start`` is on or before
    ``end_exclusive`` (January 31 -> February 28 counts as one month in a common year).

    Args:
        start: The first day counted.
        end_exclusive: The day after the last day counted.

    Returns:
        The count, 0 when ``end_exclusive`` is not after ``start``.
    """
    if end_exclusive <= start:
        return 0
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    while months > 0 and add_months(start, months) > end_exclusive:
        months -= 1
    return months


def add_period(start: date, period: object, where: str) -> tuple[date, str]:
    """``start`` moved by a policy period written ``{days: N}``, ``{months: N}`` or ``{years: N}``.

    Args:
        start: The first day.
        period: The parameter's value.
        where: The parameter path, for the message.

    Returns:
        The date the period is complete on, and the period in words ("6 months").

    Raises:
        PolicyError: When the value is not exactly one of those forms with a whole number.
    """
    from calculators.errors import PolicyError

    units = ("days", "months", "years")
    if not isinstance(period, dict) or len(period) != 1:
        raise PolicyError(f"policy parameter '{where}' must be one of days:, months: or years: N")
    ((unit, amount),) = period.items()
    if unit not in units or isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise PolicyError(f"policy parameter '{where}' must be days:, months: or years: N")
    words = f"{amount} {unit[:-1] if amount == 1 else unit}"
    if unit == "days":
        return start + timedelta(days=amount), words
    return add_months(start, amount * (12 if unit == "years" else 1)), words
