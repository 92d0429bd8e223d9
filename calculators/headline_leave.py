"""The leave result's headline and display (see :mod:`calculators.display`).

Headline: the balances now, what you earn a pay period, the date a balance reaches its cap
(accrual stops) and the hours not earned because of it by the date you asked about, and the
pay-out on your last day when you gave one.

Display: the groups "Your balance", "What you earn", "On <date>", "Your pay-out when you leave",
"Longevity"; the ``chart`` of the projection::

    {"title", "description",
     "series": [{"key": "annual"|"sick", "label", "cap_text",
                 "points": [{"date", "label", "value", "cap", "at_cap", "not_earned"}]}],
     "marks":  [{"date", "text"}],               # events: tier changes, caps reached, carry-over
     "table":  {"caption", "columns": [...],
                "rows": [{"cells": [{"text", "at_cap"?}]}]}}   # the chart's text alternative
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calculators.display import date_text, figure, group, hours_text, money_text

__all__ = ["present"]

_KINDS = (("annual", "Annual leave"), ("sick", "Sick leave"))


def _cap_reached(periods: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    """The first period in which the balance's accrual was cut by its cap."""
    for row in periods:
        if Decimal(row.get(f"{kind}_forgone") or "0") > 0:
            return row
    return None


def _not_earned(periods: list[dict[str, Any]], kind: str) -> Decimal:
    return sum((Decimal(row.get(f"{kind}_forgone") or "0") for row in periods), Decimal("0"))


def _headline(inputs: dict[str, Any], result: dict[str, Any]) -> str:
    annual, sick = result["annual"], result["sick"]
    as_of = date_text(inputs["as_of"])
    if not result["accrues_leave"]:
        sentences = [
            f"You do not earn leave in this job. On {as_of} you have "
            f"{hours_text(annual['balance'])} of annual leave and "
            f"{hours_text(sick['balance'])} of sick leave."
        ]
    else:
        sentences = [
            f"On {as_of} you have {hours_text(annual['balance'])} of annual leave and "
            f"{hours_text(sick['balance'])} of sick leave.",
            f"You earn {hours_text(annual['hours_per_pay_period'])} of annual leave and "
            f"{hours_text(sick['hours_per_pay_period'])} of sick leave each pay period.",
        ]
        if not annual["usable"]:
            sentences.append(f"You may use annual leave from {date_text(annual['usable_from'])}.")
    projection = result.get("projection")
    if projection:
        periods = projection["periods"]
        to = date_text(projection["to"])
        planned = _planned(projection)
        sentences.append(
            f"By {to} you will have {hours_text(projection['annual_balance'])} of annual leave "
            f"and {hours_text(projection['sick_balance'])} of sick leave "
            + (f"after the {planned} you plan to take." if planned else "if you take none.")
        )
        for kind, label in _KINDS:
            row = _cap_reached(periods, kind)
            if row is None:
                continue
            lost = _not_earned(periods, kind)
            sentences.append(
                f"{label} is at its cap of {hours_text(row[f'{kind}_cap'])} from "
                f"{date_text(row['period_end'])} and stops growing: unless you take some, you "
                f"miss {hours_text(lost)} of it by {to}."
            )
    moved = _moved_anniversary(inputs, result)
    if moved:
        sentences.append(f"Your unpaid leave moves your anniversary date to {moved}.")
    if result.get("separation_payout") is not None:
        sentences.append(
            f"If your last day is {date_text(inputs['separation_date'])}, you are paid "
            f"{money_text(result['separation_payout'])} for your unused leave."
        )
        sentences.extend(_separation_details(result["separation"] or {}))
    return " ".join(sentences)


def _planned(projection: dict[str, Any]) -> str:
    """The leave planned before the projection's date, in words ("" when none)."""
    parts = [
        f"{hours_text(projection[f'{kind}_taken'])} of {label.lower()}"
        for kind, label in _KINDS
        if Decimal(projection.get(f"{kind}_taken") or "0") > 0
    ]
    return " and ".join(parts)


def _moved_anniversary(inputs: dict[str, Any], result: dict[str, Any]) -> str | None:
    """The anniversary date when unpaid leave moved it from the hire date, in words."""
    base = result.get("anniversary_base")
    if not inputs.get("unpaid_leave") or not base or base == inputs.get("hire_date"):
        return None
    return date_text(base)


def _separation_details(separation: dict[str, Any]) -> list[str]:
    """What the pay-out leaves out and why, and the compensatory time it includes."""
    out = []
    for kind, label in _KINDS:
        why = (separation.get(f"{kind}_not_paid") or "").rstrip(".")
        if why.lower().startswith(label.lower()):  # "sick leave is never paid out"
            out.append(f"{why[:1].upper()}{why[1:]}.")
        elif why:
            out.append(f"{label} is not paid: {why}.")
    if Decimal(separation.get("comp_amount") or "0") > 0:
        out.append(
            f"That includes {money_text(separation['comp_amount'])} for "
            f"{hours_text(separation['comp_hours'])} of compensatory time."
        )
    return out


def _groups(inputs: dict[str, Any], result: dict[str, Any]) -> list[dict[str, Any]]:
    annual, sick = result["annual"], result["sick"]
    groups = [
        group(
            "Your balance",
            [
                figure(f"Annual leave on {date_text(inputs['as_of'])}", annual["balance"], "hours"),
                figure(f"Sick leave on {date_text(inputs['as_of'])}", sick["balance"], "hours"),
                figure("You may use annual leave from", annual["usable_from"], "date"),
                figure("You may use sick leave from", sick["usable_from"], "date"),
            ],
        )
    ]
    earn = [
        figure("Service year", result["service_year"], "count"),
        figure("Annual leave each pay period", annual["hours_per_pay_period"], "hours"),
        figure("Annual leave a year", annual["hours_per_year"], "hours"),
        figure(
            "Most annual leave you may hold",
            annual["max_balance"],
            "hours",
            None if annual["max_balance"] is not None else "no limit",
        ),
        figure("Sick leave each pay period", sick["hours_per_pay_period"], "hours"),
        figure("Sick leave a year", sick["hours_per_year"], "hours"),
        figure(
            "Most sick leave you may hold",
            sick["max_balance"],
            "hours",
            None if sick["max_balance"] is not None else "no limit",
        ),
    ]
    if annual.get("carryover_max") is not None:
        earn.append(figure("Annual leave kept each year", annual["carryover_max"], "hours"))
    groups.append(group("What you earn", earn))
    projection = result.get("projection")
    if projection:
        groups.append(
            group(
                f"On {date_text(projection['to'])}",
                [
                    figure("Annual leave", projection["annual_balance"], "hours"),
                    figure("Sick leave", projection["sick_balance"], "hours"),
                    figure("Pay periods credited", projection["pay_periods"], "count"),
                ],
                (
                    f"After the {_planned(projection)} you plan to take."
                    if _planned(projection)
                    else "If you take no leave until then."
                ),
            )
        )
    separation = result.get("separation")
    if separation:
        figures = [
            figure("Annual leave paid", separation["annual_hours"], "hours"),
            figure("For annual leave", separation["annual_amount"], "money"),
        ]
        if separation.get("sick_days") is not None:
            figures.append(
                figure(
                    "Sick leave paid",
                    separation["sick_days"],
                    "text",
                    f"{Decimal(separation['sick_days']):,.2f} days",
                )
            )
        figures.append(figure("For sick leave", separation["sick_amount"], "money"))
        if Decimal(separation.get("comp_amount") or "0") > 0:
            figures.append(figure("Compensatory time paid", separation["comp_hours"], "hours"))
            figures.append(figure("For compensatory time", separation["comp_amount"], "money"))
        for kind, label in _KINDS:
            why = separation.get(f"{kind}_not_paid")
            if why:
                figures.append(figure(f"Why {label.lower()} is not paid", why, "text"))
        figures.append(figure("Total pay-out", result["separation_payout"], "money"))
        groups.append(
            group(
                "Your pay-out when you leave",
                figures,
                f"Last day {date_text(inputs['separation_date'])}.",
            )
        )
    longevity = result.get("longevity")
    if longevity:
        groups.append(
            group(
                "Longevity",
                [
                    figure("Longevity pay", result["longevity_pay"], "money"),
                    figure("Measured on", longevity["measured_on"], "date"),
                    figure("Whole months of service", longevity["months"], "count"),
                ],
            )
        )
    return groups


def _hours_cell(value: str | None, at_cap: bool = False) -> dict[str, Any]:
    cell: dict[str, Any] = {"text": "—" if value is None else f"{Decimal(value):,.2f}"}
    if at_cap:
        cell["at_cap"] = True
    return cell


def _chart(result: dict[str, Any]) -> dict[str, Any] | None:
    projection = result.get("projection")
    if not projection or not projection["periods"]:
        return None
    periods = projection["periods"]
    series = []
    for kind, label in _KINDS:
        series.append(
            {
                "key": kind,
                "label": label,
                "cap_text": None
                if periods[-1].get(f"{kind}_cap") is None
                else f"{label} cap: {hours_text(periods[-1][f'{kind}_cap'])}",
                "points": [
                    {
                        "date": row["period_end"],
                        "label": date_text(row["period_end"]),
                        "value": row[f"{kind}_balance"],
                        "cap": row.get(f"{kind}_cap"),
                        "at_cap": bool(row[f"{kind}_at_cap"]),
                        "not_earned": row.get(f"{kind}_forgone", "0.00"),
                    }
                    for row in periods
                ],
            }
        )
    marks = [
        {"date": e["date"], "text": f"{date_text(e['date'])}: {e['event']}"}
        for e in projection["events"]
    ]
    first, last = periods[0]["period_end"], periods[-1]["period_end"]
    parts = [
        f"Annual leave goes from {hours_text(periods[0]['annual_balance'])} to "
        f"{hours_text(projection['annual_balance'])} and sick leave from "
        f"{hours_text(periods[0]['sick_balance'])} to {hours_text(projection['sick_balance'])} "
        f"over {len(periods)} pay period{'' if len(periods) == 1 else 's'}, "
        f"{date_text(first)} to {date_text(last)}."
    ]
    for kind, label in _KINDS:
        row = _cap_reached(periods, kind)
        if row is not None:
            parts.append(f"{label} is at its cap from {date_text(row['period_end'])}.")
    rows = [
        {
            "cells": [
                {"text": date_text(row["period_end"])},
                _hours_cell(row["annual_earned"]),
                _hours_cell(row["annual_balance"], bool(row["annual_at_cap"])),
                _hours_cell(row["sick_earned"]),
                _hours_cell(row["sick_balance"], bool(row["sick_at_cap"])),
            ]
        }
        for row in periods
    ]
    return {
        "title": f"Leave balances to {date_text(projection['to'])}",
        "description": " ".join(parts),
        "series": series,
        "marks": marks,
        "table": {
            "caption": "Each pay period (hours)",
            "columns": [
                "Pay period ends",
                "Annual earned",
                "Annual balance",
                "Sick earned",
                "Sick balance",
            ],
            "rows": rows,
        },
    }


def present(inputs: dict[str, Any], result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The leave result's headline and display parts.

    Args:
        inputs: The validated inputs in JSON form.
        result: The leave result in JSON form.

    Returns:
        ``(headline, {"groups", "chart"})``.
    """
    return _headline(inputs, result), {"groups": _groups(inputs, result), "chart": _chart(result)}
