"""The nepotism result's headline and display (see :mod:`calculators.display`).

Headline: whether the action is allowed (when one was asked), the relationship's degree and
kind in words, and what the rule lets them do (the continuation window when it was checked).

Display: the groups "The relationship" and "The rule", and ``degrees``, the degree chart with
this person marked::

    {"caption", "columns": ["Degree", "By blood (consanguinity)", "By marriage (affinity)"],
     "rows": [{"degree", "cells": [{"text", "covered": bool | None, "this": bool}]}],
     "this_person": "this person: brother" | None}
"""

from __future__ import annotations

from typing import Any

from calculators.display import date_text, figure, group
from calculators.kinship import names_by_degree, ordinal_word
from calculators.nepotism import ROLES

__all__ = ["present"]

_CHART_DEGREES = 4
_ROLE_WORDS = {choice.value: choice.label for choice in ROLES}
_KIND_WORDS = {"consanguinity": "by blood", "affinity": "by marriage"}
_ACTION_WORDS = {
    "hire": "hiring this person",
    "continue": "keeping this person employed",
    "supervise": "placing this person under the official's supervision",
    "audit": "one of you auditing the other's work",
    "conflict": "this other conflict of interest between you",
}


def _relationship(result: dict[str, Any]) -> str:
    who = result.get("relation_name") or "this person"
    if not result["related"] and result.get("household_relative"):
        return (
            f"This person ({who}) is not your relative by degree, but lives in your household, "
            "and the rule counts them as a relative"
        )
    if not result["related"]:
        return f"Under the rule, this person ({who}) is not your relative"
    return (
        f"Your {who} is your relative {_KIND_WORDS[result['kind']]} in the "
        f"{ordinal_word(result['degree'])} degree"
    )


def _headline(inputs: dict[str, Any], result: dict[str, Any]) -> str:
    relationship = _relationship(result)
    action = inputs.get("action")
    prohibited = result.get("prohibited")
    covered = result.get("within_prohibited_degree")
    sentences = []
    if action is not None and prohibited is not None:
        noun = _ACTION_WORDS.get(action, action)
        if prohibited:
            sentences.append(f"No: the rule forbids {noun}.")
        else:
            sentences.append(f"Yes: the rule allows {noun}.")
    sentences.append(relationship + ".")
    role = _ROLE_WORDS.get(inputs.get("official_role") or "")
    household = bool(result.get("household_relative"))
    if household:
        sentences.append("The rule covers relatives living in the same household.")
    elif result["related"] and not covered:
        sentences.append("The rule does not cover this relationship.")
    elif result["related"] and prohibited is False and not result.get("continuation") and role:
        sentences.append(
            f"The rule covers this relationship, but not this question when you are {role}."
        )
    elif result["related"]:
        sentences.append("The rule covers this relationship.")
    marriage = result.get("marriage")
    if marriage and marriage.get("may_require_leaving_from"):
        sentences.append(
            f"As you married on {date_text(marriage['married_on'])}, if you do not agree which "
            "of you moves, one of you may be required to leave the position from "
            f"{date_text(marriage['may_require_leaving_from'])}."
        )
    continuation = result.get("continuation")
    if continuation:
        window, done = continuation["window"], date_text(continuation["complete_on"])
        took_office = date_text(continuation["official_since"])
        if continuation["meets"]:
            sentences.append(
                f"The person may stay: their {window} of employment were complete on {done}, "
                f"no later than the day the official took office ({took_office}). The official "
                "must take no part in decisions about their job."
            )
        else:
            sentences.append(
                f"The person may not stay: their {window} of employment were complete only on "
                f"{done}, after the official took office on {took_office}."
            )
    return " ".join(sentences)


def _degrees(result: dict[str, Any]) -> dict[str, Any]:
    limits = result.get("limits") or {}
    names = names_by_degree()
    degree = result.get("degree") if result["related"] else None
    kinds = ("consanguinity", "affinity")
    rows = []
    for number in range(1, max(_CHART_DEGREES, degree or 0) + 1):
        cells = []
        for kind in kinds:
            text = ", ".join(names.get((kind, number), [])) or "more distant relatives"
            limit = limits.get(kind)
            cells.append(
                {
                    "text": text,
                    "covered": None if limit is None else number <= limit,
                    "this": result.get("kind") == kind and degree == number,
                }
            )
        rows.append({"degree": number, "cells": cells})
    who = result.get("relation_name")
    return {
        "caption": "Degrees of relationship (this person highlighted)",
        "columns": ["Degree", "By blood (consanguinity)", "By marriage (affinity)"],
        "rows": rows,
        "this_person": (f"this person: {who}" if who else "this person") if degree else None,
    }


def present(inputs: dict[str, Any], result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The nepotism result's headline and display parts.

    Args:
        inputs: The validated inputs in JSON form.
        result: The nepotism result in JSON form.

    Returns:
        ``(headline, {"groups", "degrees"})``.
    """
    figures = [
        figure("Related", result["related"], "text"),
        figure(
            "Kind",
            result.get("kind"),
            "text",
            _KIND_WORDS.get(result.get("kind") or "", "—"),
        ),
        figure(
            "Degree",
            result.get("degree"),
            "text",
            ordinal_word(result["degree"]) if result.get("degree") else "—",
        ),
        figure("The path", " → ".join(result.get("path") or []), "text"),
    ]
    rule = [figure("Covered by the rule", bool(result.get("within_prohibited_degree")), "text")]
    limits = result.get("limits")
    if limits:
        rule.append(
            figure(
                "Covers relatives by blood to the",
                limits["consanguinity"],
                "text",
                f"{ordinal_word(limits['consanguinity'])} degree",
            )
        )
        rule.append(
            figure(
                "Covers relatives by marriage to the",
                limits["affinity"],
                "text",
                f"{ordinal_word(limits['affinity'])} degree",
            )
        )
    return _headline(inputs, result), {
        "groups": [group("The relationship", figures), group("The rule", rule)],
        "degrees": _degrees(result),
    }
