"""The display contract: what the browser shows of a result, declared in Python.

:func:`present` gives every result two more keys, built from the result itself (JSON form) and
the validated inputs:

- ``headline``: the answer first, in plain language — a few short sentences with the figures
  that matter (text; the tests assert it exactly for every data case).
- ``display``: what the page shows, so JavaScript formats and guesses nothing::

    {"groups": [{"title": "Your balance",
                 "figures": [{"label", "kind", "value", "text"}, ...]}, ...],
     "chart":   {...} | None,   # leave: balances over time (see headline_leave)
     "items":   {...} | None,   # travel: the receipt-like table (see headline_travel)
     "claim":   {...} | None,   # travel: the printable expense claim
     "degrees": {...} | None}   # nepotism: the degree chart (see headline_nepotism)

  A figure's ``kind`` is one of :data:`KINDS`; ``value`` is the raw JSON value (``"80.00"``,
  ``"2026-04-14"``) and ``text`` what a person reads (``"80.00 hours"``,
  ``"April 14, 2026"``).

Each calculator's headline and display live in ``calculators/headline_<name>.py`` (a
``present(inputs, result) -> (headline, display)`` function); a calculator without one gets an
empty display and no headline.
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "KINDS",
    "date_text",
    "empty_display",
    "figure",
    "group",
    "hours_text",
    "money_text",
    "present",
]

KINDS = ("money", "hours", "date", "count", "text")

PRESENTERS = {
    "leave": "calculators.headline_leave",
    "travel": "calculators.headline_travel",
    "nepotism": "calculators.headline_nepotism",
}


def date_text(value: str | date | None) -> str:
    """A date as people write it: ``"2026-04-14"`` -> ``"April 14, 2026"``."""
    if value is None:
        return "—"
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day:%B} {day.day}, {day.year}"


def money_text(value: str | Decimal | None) -> str:
    """``"1234.5"`` -> ``"$1,234.50"`` (negative: ``"-$3.00"``)."""
    if value is None:
        return "—"
    amount = Decimal(str(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def hours_text(value: str | Decimal | None) -> str:
    """``"80.00"`` -> ``"80.00 hours"``; ``"1.00"`` -> ``"1.00 hour"``."""
    if value is None:
        return "—"
    amount = Decimal(str(value))
    return f"{amount:,.2f} hour{'' if amount == 1 else 's'}"


def _text(kind: str, value: Any) -> str:
    if value is None:
        return "—"
    if kind == "money":
        return money_text(value)
    if kind == "hours":
        return hours_text(value)
    if kind == "date":
        return date_text(value)
    if kind == "count":
        return f"{int(value):,}"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


def figure(label: str, value: Any, kind: str, text: str | None = None) -> dict[str, Any]:
    """One figure of a group.

    Args:
        label: What it is, in plain words ("Annual leave balance").
        value: The raw JSON value.
        kind: One of :data:`KINDS`.
        text: What to show instead of the standard formatting of ``value``.

    Raises:
        ValueError: An unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"figure kind must be one of {KINDS}, got {kind!r}")
    return {"label": label, "kind": kind, "value": value, "text": text or _text(kind, value)}


def group(title: str, figures: list[dict[str, Any]], note: str | None = None) -> dict[str, Any]:
    """A group of figures under the question a person asks ("Your balance")."""
    out: dict[str, Any] = {"title": title, "figures": figures}
    if note:
        out["note"] = note
    return out


def empty_display() -> dict[str, Any]:
    """A display with no groups and no chart, items, claim or degree chart."""
    return {"groups": [], "chart": None, "items": None, "claim": None, "degrees": None}


def present(name: str, inputs: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """``headline`` and ``display`` for a result.

    Args:
        name: The calculator's name.
        inputs: The validated inputs in JSON form (dates ISO, decimals as strings).
        result: The result in JSON form.

    Returns:
        ``{"headline": str | None, "display": {...}}``.
    """
    module = PRESENTERS.get(name)
    display = empty_display()
    if module is None:
        return {"headline": None, "display": display}
    headline, parts = importlib.import_module(module).present(inputs, result)
    display.update(parts)
    return {"headline": headline, "display": display}


def decimal_or_none(value: Any) -> Decimal | None:
    """``Decimal(value)``, or ``None`` for ``None`` or text that is no number."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
