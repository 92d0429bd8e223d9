"""The policy parameters the calculators read, declared: type, format, bounds and an example.

A section states a rule's figures under ``policy:``; a calculator reads them through
:class:`calculators.policy.PolicyReader`. If a figure has the wrong type or format the
calculator can only fail when a reader uses it ("must be MM-DD"), long after the pull request
was merged. These declarations let the build refuse such a value at its own front-matter line
instead (``docs/…md:LINE: policy.longevity.measured_on: …``).

Each declaration is a JSON Schema fragment for ONE value — for an effective-dated parameter,
each dated value is checked against it. The build (``build_hooks.content.policy_values``)
validates with ``jsonschema``; this module stays standard-library only because it ships to the
browser with the calculators. ``tests/unit/test_parameters.py`` keeps the list complete: every
parameter path a calculator reads by name must be declared here.

A path segment ``*`` matches any name (``relatives.restricted_actions.*``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from calculators.leave import EMPLOYMENT
from calculators.leave_separation import FLSA_STATUSES, REASONS
from calculators.nepotism import ACTIONS
from calculators.travel_terms import ALTERNATIVES, LESSER_OF_MODES, RENTAL_EXTRAS

__all__ = ["PARAMETERS", "declaration_for"]

_NUMBER = {"type": "number", "minimum": 0}
_MONTH_DAY = {
    "type": "string",
    "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    "format_words": "a month and day written MM-DD",
    "examples": ["12-31"],
}
_DATE = {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "format_words": "a date written YYYY-MM-DD",
    "examples": ["2025-01-07"],
}
_SHARE = {"type": "number", "minimum": 0, "maximum": 1, "examples": [0.75]}


def _list_of(choices: Iterable[Any], *, extra: Iterable[str] = ()) -> dict[str, Any]:
    """A list of the values the calculator offers as choices (its own constants, never copied)."""
    return {
        "type": "array",
        "items": {"enum": [*(c.value for c in choices), *extra]},
        "uniqueItems": True,
    }


_EMPLOYMENT = _list_of(EMPLOYMENT)
_ACTIONS = _list_of(ACTIONS)
_REASONS = _list_of(REASONS)
_WINDOW = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {
        "days": {"type": "integer", "minimum": 0, "maximum": 3660},
        "months": {"type": "integer", "minimum": 0, "maximum": 120},
        "years": {"type": "integer", "minimum": 0, "maximum": 10},
    },
    "additionalProperties": False,
    "format_words": "one of days, months or years with a whole number, e.g. {days: 30}",
}


def _hours(maximum: int) -> dict[str, Any]:
    return {"type": "number", "minimum": 0, "maximum": maximum, "examples": [8]}


def _whole(minimum: int, maximum: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


def _money(maximum: int) -> dict[str, Any]:
    return {"type": "number", "minimum": 0, "maximum": maximum, "examples": [3.08]}


PARAMETERS: Mapping[str, Mapping[str, Any]] = {
    # payroll
    "payroll.hours_per_week": _hours(168),
    "payroll.hours_per_day": _hours(24),
    "payroll.pay_period.unit": {"enum": ["week", "month"]},
    "payroll.pay_period.length": _whole(1, 12),
    "payroll.pay_period.ends_on": _DATE,
    "payroll.hours_per_year": _hours(8784),
    "introductory_period.months": _whole(0, 24),
    "introductory_period.max_months": _whole(0, 24),
    "employment.temporary_full_time_above_yearly_hours": _hours(8784),
    # leave
    "leave.eligible_employment": _EMPLOYMENT,
    "leave.part_time_minimum_weekly_hours": _hours(168),
    "leave.first_period_minimum_share": _SHARE,
    "leave.annual.tiers": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["from_year"],
            "properties": {
                "from_year": _whole(0, 80),
                "hours_per_pay_period": _hours(200),
                "hours_per_year": _hours(2080),
            },
        },
    },
    "leave.annual.max_balance": _hours(10_000),
    "leave.annual.max_balance_years_of_accrual": _NUMBER,
    "leave.annual.usable_after_introductory_period": {"type": "boolean"},
    "leave.annual.carryover.max_hours": _hours(10_000),
    "leave.annual.carryover.on": _MONTH_DAY,
    "leave.annual.carryover.excess_to": {"enum": ["sick", "forfeit"]},
    "leave.sick.hours_per_pay_period": _hours(200),
    "leave.sick.hours_per_year": _hours(2080),
    "leave.sick.max_balance": _hours(10_000),
    "leave.sick.usable_after_introductory_period": {"type": "boolean"},
    "leave.reduction_in_force_keeps_prorated_accrual": {"type": "boolean"},
    "leave.unpaid.period_minimum_paid_share": _SHARE,
    "leave.unpaid.moves_anniversary": {"type": "boolean"},
    "leave.unpaid.max_consecutive_days": _whole(0, 3660),
    # longevity
    "longevity.measured_on": _MONTH_DAY,
    "longevity.amount_per_month_of_service": _money(1_000),
    "longevity.minimum_months": _whole(0, 600),
    "longevity.eligible_employment": _EMPLOYMENT,
    # separation
    "separation.annual.paid": {"type": "boolean"},
    "separation.annual.requires_introductory_period": {"type": "boolean"},
    "separation.annual.up_to_max_balance": {"type": "boolean"},
    "separation.annual.max_hours": _hours(10_000),
    "separation.payment_within_days": _whole(0, 365),
    "separation.sick.paid": {"type": "boolean"},
    "separation.sick.requires_introductory_period": {"type": "boolean"},
    "separation.sick.partial_days_paid": {"type": "boolean"},
    "separation.sick.amount_per_day": _money(10_000),
    "separation.sick.max_amount": _money(1_000_000),
    "separation.sick.paid_only_to": {"type": "string", "minLength": 1},
    "separation.annual.paid_on": _REASONS,
    "separation.notice.calendar_days": _whole(0, 365),
    "separation.notice.applies_to": _REASONS,
    "separation.notice.forfeits": {
        "type": "array",
        "items": {"enum": ["annual", "sick"]},
        "uniqueItems": True,
    },
    "separation.one_payout_per_lifetime": {"type": "boolean"},
    "separation.comp_time.paid_for": _list_of(FLSA_STATUSES),
    "separation.comp_time.max_hours": _hours(10_000),
    # relatives
    "relatives.consanguinity_limit": _whole(0, 10),
    "relatives.affinity_limit": _whole(0, 10),
    "relatives.affinity_ends_with_marriage": {"type": "boolean"},
    "relatives.living_child_keeps_affinity": {"type": "boolean"},
    "relatives.household_members_covered": {"type": "boolean"},
    "relatives.household_counts_step_relations": {"type": "boolean"},
    "relatives.covered_relations": {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "uniqueItems": True,
    },
    "relatives.restricted_actions.*": _ACTIONS,
    "relatives.continuation.*": _WINDOW,
    # travel
    "travel.mileage_rate": {"type": "number", "minimum": 0, "maximum": 10, "examples": [0.725]},
    "travel.standard_lodging": _money(10_000),
    "travel.standard_mie": _money(1_000),
    "travel.first_last_day_mie_share": _SHARE,
    "travel.fuel_miles_per_gallon": {"type": "number", "exclusiveMinimum": 0, "maximum": 200},
    "travel.rideshare_tip_max_share": _SHARE,
    "travel.taxi_tip_max_share": _SHARE,
    "travel.rental_extras_paid": _list_of(RENTAL_EXTRAS),
    "travel.lodging_taxes_paid_on": {"enum": ["allowed_lodging", "all_lodging"]},
    "travel.standard_rates_published_through": _DATE,
    "travel.lesser_of": {
        "type": "object",
        "propertyNames": {"enum": list(LESSER_OF_MODES)},
    },
    "travel.lesser_of.*": {
        "type": "array",
        "items": {"enum": list(ALTERNATIVES)},
        "uniqueItems": True,
        "examples": [["mileage", "airfare"]],
    },
    "travel.home_start_distance": {"enum": ["lesser_of_home_and_office", "office"]},
    "travel.carpool_claimed_by": {"enum": ["driver", "owner"]},
    "travel.paid_at_cost": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    "travel.claim_deadline": _WINDOW,
    "travel.home_by_hour": _whole(0, 24),
    "travel.lodging_at_cost": {"type": "boolean"},
    "travel.lodging_taxes_outside_cap": {"type": "boolean"},
    "travel.meals_need_overnight_stay": {"type": "boolean"},
    "travel.overnight.min_distance_miles": {"type": "number", "minimum": 0, "maximum": 10_000},
    "travel.overnight.min_event_days": _whole(0, 365),
}
"""Dotted parameter path -> JSON Schema of one value (with ``format_words``/``examples`` used
in messages)."""


def declaration_for(path: str) -> Mapping[str, Any] | None:
    """The declaration of ``path`` (exact, or through a ``*`` segment), or None."""
    if path in PARAMETERS:
        return PARAMETERS[path]
    parts = path.split(".")
    for pattern, schema in PARAMETERS.items():
        wanted = pattern.split(".")
        if len(wanted) != len(parts):
            continue
        if all(w in ("*", p) for w, p in zip(wanted, parts, strict=True)):
            return schema
    return None
