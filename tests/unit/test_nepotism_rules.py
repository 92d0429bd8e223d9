"""Employment-of-relatives rules added in issue 12: audits and other conflicts, employees who
marry, step-relatives under a household rule — tables and the parameters' absence."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from build_hooks.content.index import load_sections
from calculators import calculate, merge_policy
from calculators.tables import render

REPO = Path(__file__).resolve().parents[2]


@cache
def _merged(handbook: str) -> dict[str, Any]:
    return merge_policy(load_sections(REPO / handbook))


def policy(handbook: str) -> dict[str, Any]:
    return copy.deepcopy(_merged(handbook))


def test_restrictions_table_by_position() -> None:
    county = render("relatives-restrictions", policy("examples/county/docs"))
    assert county.rows[0] == ("A member of the Board", "no restriction")
    assert county.rows[3] == (
        "A co-worker",
        "audit the work of, hold a position in another conflict of interest with",
    )
    assert "60 days after the marriage" in county.note
    council = render("relatives-restrictions", policy("docs"))
    assert council.rows[2] == ("A supervisor", "hire, supervise")
    assert council.note == ""


def test_covered_relatives_note_names_step_relatives_only_when_counted() -> None:
    county = policy("examples/county/docs")
    assert "step-relatives too" in render("covered-relatives", county).note
    del county["parameters"]["relatives"]["household_counts_step_relations"]
    note = render("covered-relatives", county).note
    assert note == "Also any relative living in the same household."


def test_household_rule_without_step_relations_leaves_a_stepbrother_out() -> None:
    county = policy("examples/county/docs")
    county["parameters"]["relatives"]["household_counts_step_relations"] = False
    result = calculate(
        "nepotism",
        {"relation": "stepbrother", "lives_in_household": True, "official_role": "supervisor"},
        county,
    )
    assert result["household_relative"] is False
    assert result["within_prohibited_degree"] is False
    assert "not a relative" in " ".join(result["explanation"])


def test_stepbrother_in_the_household_is_explained() -> None:
    result = calculate(
        "nepotism",
        {"relation": "stepbrother", "lives_in_household": True},
        policy("examples/county/docs"),
    )
    assert result["within_prohibited_degree"] is True
    assert any("counts no degrees" in step for step in result["explanation"])


def test_marriage_rule_explained_with_its_date() -> None:
    result = calculate(
        "nepotism",
        {"relation": "spouse", "married_on": "2025-03-01"},
        policy("examples/county/docs"),
    )
    assert result["marriage"] == {
        "married_on": "2025-03-01",
        "may_require_leaving_from": "2025-04-30",
        "window": "60 days",
    }
    assert any("from 2025-04-30" in step for step in result["explanation"])
