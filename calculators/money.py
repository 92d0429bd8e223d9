"""Money and hours as ``Decimal``: cents rounded half-up, and their string forms."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["CENT", "hours_str", "money_str", "to_decimal", "to_hours", "to_money"]

CENT = Decimal("0.01")


def to_decimal(value: Decimal | int | float | str) -> Decimal:
    """A ``Decimal`` from a policy or input number (floats go through ``str`` to stay exact).

    Args:
        value: The number.

    Returns:
        The same number as a ``Decimal``.
    """
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def to_money(value: Decimal | int | str) -> Decimal:
    """Round an amount to cents, half-up (one line item).

    Args:
        value: The amount.

    Returns:
        The amount quantized to ``0.01``.
    """
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def to_hours(value: Decimal | int | str) -> Decimal:
    """Round hours to hundredths, half-up.

    Args:
        value: The hours.

    Returns:
        The hours quantized to ``0.01``.
    """
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    """An amount as a string with two decimals, e.g. ``"1234.50"``.

    Args:
        value: The amount (rounded here if it has more decimals).

    Returns:
        The string form.
    """
    return f"{to_money(value):f}"


def hours_str(value: Decimal) -> str:
    """Hours as a string with two decimals, e.g. ``"3.08"``.

    Args:
        value: The hours (rounded here if they have more decimals).

    Returns:
        The string form.
    """
    return f"{to_hours(value):f}"


def rate_str(value: Decimal) -> str:
    """A rate in dollars with at least two decimals and no rounding: ``0.7`` → ``"0.70"``,
    ``0.725`` → ``"0.725"``."""
    if value == value.quantize(CENT):
        return f"{value.quantize(CENT):f}"
    return f"{value.normalize():f}"
