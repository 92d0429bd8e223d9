"""The travel result's headline and display (see :mod:`calculators.display`).

Headline: the total to claim, the mileage deadline, and each expense not paid with its reason.

Display: the group "Your trip"; ``items``, the receipt-like table::

    {"caption", "rows": [{"category", "rule", "section", "amount", "text"}], "total", "total_text",
     "unpaid": [{"category", "amount", "text", "reason", "section"}],
     "checks": [{"category", "reason", "section"}]}

(``unpaid``: the warnings of kind ``not_paid``, an amount or a kind of expense refused;
``checks``: those of kind ``check``, a figure paid but to be checked before claiming.)

and ``claim``, the printable expense claim (the same rows plus the trip as entered, the
deadline and the two signature blocks)::

    {"title", "trip": [{"label", "text"}], "items": [...], "total", "total_text",
     "unpaid": [...], "checks": [...], "deadline": str | None,
     "signatures": ["Employee", "Approving supervisor"],
     "statement"}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calculators.display import date_text, figure, group, money_text

__all__ = ["SIGNATURES", "present"]

SIGNATURES = ("Employee", "Approving supervisor")
STATEMENT = (
    "I certify that these expenses were incurred on official business and that the receipts "
    "required by the handbook are attached."
)


def _section(citation: dict[str, Any] | None) -> str:
    if not citation:
        return ""
    return " ".join(part for part in (citation.get("number"), citation.get("title")) if part)


def _what(category: str) -> str:
    return category[:1].upper() + category[1:]


def _unpaid(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "category": _what(w["category"]),
            "amount": w.get("amount"),
            "text": money_text(w["amount"]) if w.get("amount") is not None else "—",
            "reason": w["reason"],
            "section": _section(w.get("citation")),
        }
        for w in result.get("warnings", [])
        if w.get("kind", "not_paid") == "not_paid"
    ]


def _checks(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "category": _what(w["category"]),
            "reason": w["reason"],
            "section": _section(w.get("citation")),
        }
        for w in result.get("warnings", [])
        if w.get("kind") == "check"
    ]


def _sentence(text: str) -> str:
    text = text.rstrip(".")
    return f"{text[:1].upper()}{text[1:]}."


def _headline(result: dict[str, Any]) -> str:
    total = money_text(result["total"])
    if Decimal(result["total"]) == 0:
        sentences = ["Nothing can be claimed for this trip."]
    else:
        sentences = [f"Claim {total} for this trip."]
    if result.get("claim_deadline"):
        sentences.append(f"Claim mileage by {date_text(result['claim_deadline'])}.")
    for item in _unpaid(result):
        amount = f" ({item['text']})" if item["amount"] is not None else ""
        what = item["category"].lower()
        sentences.append(f"Not paid: {what}{amount}. {_sentence(item['reason'])}")
    for item in _checks(result):
        sentences.append(f"Check the {item['category'].lower()}: {item['reason'].rstrip('.')}.")
    return " ".join(sentences)


def _trip(inputs: dict[str, Any]) -> list[dict[str, str]]:
    """The trip as entered, by the form's own labels (scalar fields only)."""
    from calculators.registry import get_calculator  # the registry imports this module's caller

    rows = []
    for spec in get_calculator("travel").fields:
        value = inputs.get(spec.name)
        if value is None or isinstance(value, list | dict) or value is False:
            continue
        choices = {c.value: c.label for c in spec.choices}
        if value in choices:
            text = choices[value]
        elif spec.type == "date":
            text = date_text(value)
        elif spec.type == "money":
            text = money_text(value)
        elif value is True:
            text = "Yes"
        else:
            text = f"{value} {spec.unit}".strip() if getattr(spec, "unit", None) else str(value)
        rows.append({"label": spec.label, "text": text})
    return rows


def present(inputs: dict[str, Any], result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The travel result's headline and display parts.

    Args:
        inputs: The validated inputs in JSON form.
        result: The travel result in JSON form.

    Returns:
        ``(headline, {"groups", "items", "claim"})``.
    """
    rows = [
        {
            "category": _what(item["category"]),
            "rule": item["rule"],
            "section": _section(item.get("citation")),
            "amount": item["amount"],
            "text": money_text(item["amount"]),
        }
        for item in result["items"]
    ]
    unpaid = _unpaid(result)
    checks = _checks(result)
    figures = [
        figure("Days", result["days"], "count"),
        figure("Nights", result["nights"], "count"),
    ]
    if result.get("claim_deadline"):
        figures.append(figure("Claim mileage by", result["claim_deadline"], "date"))
    figures.append(figure("Total to claim", result["total"], "money"))
    items = {
        "caption": "What you can claim",
        "rows": rows,
        "total": result["total"],
        "total_text": money_text(result["total"]),
        "unpaid": unpaid,
        "checks": checks,
    }
    claim = {
        "title": "Travel expense claim",
        "trip": _trip(inputs),
        "items": rows,
        "total": result["total"],
        "total_text": money_text(result["total"]),
        "unpaid": unpaid,
        "checks": checks,
        "deadline": date_text(result["claim_deadline"]) if result.get("claim_deadline") else None,
        "signatures": list(SIGNATURES),
        "statement": STATEMENT,
    }
    return _headline(result), {
        "groups": [group("Your trip", figures)],
        "items": items,
        "claim": claim,
    }
