"""Travel and nepotism calculators: properties (hypothesis), fuzzed bad input, kinship
vocabulary, tables and the CLI. The rules themselves are checked by the data cases in
``tests/cases/``."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_hooks.content.index import load_sections
from calculators import InputError, PolicyError, calculate, merge_policy
from calculators.cli import main
from calculators.dates import add_period
from calculators.kinship import (
    RELATIONS,
    STEPS,
    blood_name,
    canonical,
    classify,
    name_of,
    names_by_degree,
    path_of,
)
from calculators.money import rate_str
from calculators.policy import PolicyReader
from calculators.tables import render

REPO = Path(__file__).resolve().parents[2]
HANDBOOKS = ("docs", "examples/county/docs")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def policy(handbook: str) -> dict[str, Any]:
    return merge_policy(load_sections(REPO / handbook))


# -- travel properties ---------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=500, places=2).map(lambda d: f"{d:.2f}")
trip_days = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 1))


@st.composite
def trips(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(trip_days)
    nights = draw(st.integers(0, 5))
    trip: dict[str, Any] = {
        "trip_type": "overnight" if nights else "day",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=nights)).isoformat(),
        "vehicle": draw(st.sampled_from(["personal", "rental", "none"])),
        "office_to_destination_miles": draw(st.integers(0, 400)),
        "event_days": draw(st.integers(1, 5)),
        "exception_approved": draw(st.booleans()),
        "tolls": draw(money),
        "parking": draw(money),
        "tnc": [
            {
                "kind": draw(st.sampled_from(["rideshare", "taxi"])),
                "fare": draw(money),
                "tip": draw(money),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
    }
    if trip["vehicle"] == "rental":
        trip["rental_cost"] = draw(money)
    if nights:
        trip["lodging"] = [draw(money) for _ in range(draw(st.integers(0, nights)))]
        if any(Decimal(rate) for rate in trip["lodging"]):
            trip["lodging_taxes"] = draw(money)
    return trip


@FAST
@given(st.sampled_from(HANDBOOKS), trips())
def test_total_is_the_sum_of_the_items(handbook: str, trip: dict[str, Any]) -> None:
    result = calculate("travel", trip, policy(handbook))
    assert Decimal(result["total"]) == sum((Decimal(i["amount"]) for i in result["items"]), 0)
    for line in result["items"] + result["warnings"]:
        assert line["citation"] is not None, line
        if line.get("amount") is not None:
            assert Decimal(line["amount"]) >= 0
            assert Decimal(line["amount"]) == Decimal(line["amount"]).quantize(Decimal("0.01"))
    assert result["citations"] and result["explanation"]


@FAST
@given(
    st.sampled_from(HANDBOOKS),
    st.dates(min_value=date(2025, 7, 1), max_value=date(2027, 12, 31)),
    st.integers(0, 2000),
    st.integers(0, 2000),
)
def test_more_miles_never_pay_less(handbook: str, day: date, fewer: int, extra: int) -> None:
    def paid(miles: int) -> Decimal:
        trip = {"trip_type": "day", "start_date": day.isoformat(), "vehicle": "personal"}
        result = calculate("travel", {**trip, "miles": miles}, policy(handbook))
        return Decimal(result["total"])

    assert paid(fewer + extra) >= paid(fewer)


@FAST
@given(st.integers(0, 400), st.integers(0, 400))
def test_lesser_distance_never_exceeds_either(home: int, office: int) -> None:
    trip = {
        "trip_type": "day",
        "start_date": "2026-05-05",
        "vehicle": "personal",
        "home_to_destination_miles": home,
        "office_to_destination_miles": office,
    }
    result = calculate("travel", trip, policy("docs"))
    rate = Decimal("0.725")
    assert Decimal(result["total"]) == (2 * min(home, office) * rate).quantize(Decimal("0.01"))


@FAST
@given(st.integers(1, 8), st.decimals(min_value=1, max_value=400, places=2))
def test_capped_lodging_never_pays_more_than_the_cap(nights: int, rate: Decimal) -> None:
    trip = {
        "trip_type": "overnight",
        "start_date": "2026-03-02",
        "end_date": (date(2026, 3, 2) + timedelta(days=nights)).isoformat(),
        "vehicle": "none",
        "lodging": [f"{rate:.2f}"] * nights,
    }
    result = calculate("travel", trip, policy("docs"))
    lodging = [Decimal(i["amount"]) for i in result["items"] if i["category"] == "lodging"]
    assert len(lodging) == nights
    assert all(amount == min(rate, Decimal(110)) for amount in lodging)
    refused = sum((Decimal(w["amount"]) for w in result["warnings"] if w["amount"]), Decimal(0))
    assert refused == max(rate - 110, 0) * nights


# -- nepotism properties ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RELATIONS))
@pytest.mark.parametrize("handbook", HANDBOOKS)
def test_naming_a_relation_and_giving_its_path_agree(handbook: str, name: str) -> None:
    question = {"official_role": "supervisor", "action": "hire"}
    named = calculate("nepotism", {"relation": name, **question}, policy(handbook))
    walked = calculate("nepotism", {"path": list(RELATIONS[name]), **question}, policy(handbook))
    for key in ("related", "kind", "degree", "within_prohibited_degree", "prohibited", "path"):
        assert named[key] == walked[key], (name, key)
    assert named["relation_name"] == name


valid_paths = st.lists(st.sampled_from(STEPS), min_size=1, max_size=6)


@FAST
@given(valid_paths)
def test_any_path_is_classified_or_refused_on_a_step(path: list[str]) -> None:
    try:
        kin = classify(path)
    except InputError as exc:
        assert exc.field.startswith("path[")
        return
    if kin.kind == "consanguinity":
        assert kin.degree == len(canonical(path))
    elif kin.kind == "affinity":
        assert path.count("spouse") == 1
        assert kin.degree == max(1, len(canonical(path)) - 1)
    else:
        assert path.count("spouse") >= 1 and kin.reason


@FAST
@given(st.integers(0, 3), st.integers(0, 3))
def test_ancestors_then_descendants_degree_is_the_sum(up: int, down: int) -> None:
    if up + down == 0:
        return
    path = ["parent"] * up + ["child"] * down
    kin = classify(path)
    assert (kin.kind, kin.degree) == ("consanguinity", up + down)
    assert classify(["spouse", *path]).degree == up + down
    assert classify([*path, "spouse"]).degree == up + down
    assert classify(["spouse", *path, "spouse"]).kind is None


@FAST
@given(
    st.sampled_from(["appointed", "elected_other", "elected_general"]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(-400, 400),
)
def test_continuation_is_decided_exactly_at_the_window(
    selection: str, since: date, offset: int
) -> None:
    reader = PolicyReader(policy("docs"))
    complete, _ = add_period(since, reader.get(f"relatives.continuation.{selection}"), "x")
    took_office = complete + timedelta(days=offset)
    result = calculate(
        "nepotism",
        {
            "relation": "niece",
            "official_role": "board_member",
            "action": "continue",
            "official_selection": selection,
            "employed_since": since.isoformat(),
            "official_since": took_office.isoformat(),
        },
        policy("docs"),
    )
    assert result["prohibited"] is (offset < 0)


# -- fuzzed bad input: a field error, never a traceback ----------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-13-01", "1.005", "-1", "NaN", "1e400", "spouse", "day"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _fields(name: str) -> list[str]:
    from calculators import describe

    return [f["name"] for f in describe(name)["fields"]]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["travel", "nepotism"]),
    st.sampled_from(HANDBOOKS),
    st.data(),
)
def test_fuzzed_input_gives_a_field_error_or_a_result(name: str, handbook: str, data: Any) -> None:
    keys = st.sampled_from([*_fields(name), "unknown"])
    raw = data.draw(st.one_of(json_values, st.dictionaries(keys, json_values, max_size=8)))
    try:
        result = calculate(name, raw, policy(handbook))
    except InputError as exc:
        assert exc.field and exc.message
        return
    assert result["explanation"] and result["citations"]


# -- kinship vocabulary, tables, CLI ----------------------------------------------------------------


def test_kinship_names_and_errors() -> None:
    assert name_of(["parent", "sibling", "child"]) == "first cousin"
    assert blood_name(3, 3) == "second cousin"
    assert blood_name(2, 4) == "first cousin, 2 times removed"
    assert blood_name(5, 0).startswith("blood relative")
    assert name_of(["spouse", "parent", "parent", "parent"]) == "spouse's great-grandparent"
    assert name_of(["parent", "parent", "parent", "spouse"]) == "great-grandparent's spouse"
    assert path_of(" Mother-In-Law ") == ("spouse", "parent")
    with pytest.raises(InputError) as caught:
        path_of("cousin-ish")
    assert caught.value.field == "relation"
    with pytest.raises(InputError):
        classify(["uncle"])


def test_names_by_degree_groups_each_named_relation_once() -> None:
    names = names_by_degree()
    assert names[("consanguinity", 1)] == ["parent", "child"]
    assert names[("affinity", 1)] == [
        "spouse",
        "parent-in-law",
        "child-in-law",
        "stepchild",
        "step-parent",
    ]
    assert "first cousin" in names[("consanguinity", 4)]
    listed = [name for group in names.values() for name in group]
    assert len(listed) == len(set(listed))
    assert "relative through two marriages" not in listed
    assert names_by_degree() is not names  # a fresh mapping each time: callers may not share it


def test_continuation_window_must_be_one_unit() -> None:
    assert add_period(date(2024, 1, 31), {"months": 1}, "x") == (date(2024, 2, 29), "1 month")
    for bad in ({"weeks": 2}, {"days": 1, "months": 1}, {"days": "30"}, 30, {"days": True}):
        with pytest.raises(PolicyError, match="x"):
            add_period(date(2024, 1, 1), bad, "x")


def test_rates_keep_their_precision() -> None:
    assert rate_str(Decimal("0.7")) == "0.70"
    assert rate_str(Decimal("0.725")) == "0.725"


def test_tables_come_from_the_parameters() -> None:
    chart = render("degree-chart", policy("docs"))
    assert chart.rows[2][2] == "covered" and chart.rows[2][4] == "not covered"
    assert "first cousin" in chart.rows[3][1]
    windows = render("continuation-windows", policy("docs"))
    assert [r[1] for r in windows.rows] == ["30 days", "6 months", "1 year"]
    rates = render("mileage-rates", policy("docs"))
    assert rates.rows[-1] == ("January 1, 2026", "$0.725")
    diem = render("per-diem", policy("docs"))
    assert diem.rows[-1] == ("October 1, 2025", "$110.00", "$68.00", "$51.00")
    county = render("per-diem", policy("examples/county/docs"))
    assert county.headers[1] == "Meals and incidentals a day" and "at cost" in county.note
    covered = render("covered-relatives", policy("examples/county/docs"))
    assert ("mother-in-law", "spouse, parent") in covered.rows and "household" in covered.note


def test_bad_policy_is_a_policy_error() -> None:
    broken = merge_policy(
        [
            {
                "id": "r",
                "number": "1.01",
                "title": "R",
                "source": "r.md",
                "policy": {
                    "relatives": {
                        "covered_relations": ["second aunt"],
                        "restricted_actions": {"supervisor": "hire"},
                    },
                    "travel": {"home_start_distance": "home", "mileage_rate": 0.5},
                },
            }
        ]
    )
    with pytest.raises(PolicyError, match="second aunt"):
        calculate("nepotism", {"relation": "niece"}, broken)
    trip = {"trip_type": "day", "start_date": "2026-01-01", "vehicle": "personal"}
    with pytest.raises(PolicyError, match="home_start_distance"):
        calculate("travel", {**trip, "office_to_destination_miles": 3}, broken)


@pytest.mark.parametrize(
    ("name", "stdin", "status", "key"),
    [
        (
            "travel",
            {"trip_type": "day", "start_date": "2026-02-10", "vehicle": "personal", "miles": 10},
            0,
            "total",
        ),
        ("nepotism", {"relation": "niece"}, 0, "degree"),
        (
            "travel",
            {"trip_type": "day", "start_date": "2026-02-10", "vehicle": "personal", "miles": -1},
            2,
            "error",
        ),
        ("nepotism", {"path": []}, 2, "error"),
        ("nepotism", {"relation": "niece", "employed_since": "2025-02-30"}, 2, "error"),
    ],
)
def test_cli(name: str, stdin: dict[str, Any], status: int, key: str) -> None:
    out = io.StringIO()
    code = main([name, "--docs", str(REPO / "docs")], io.StringIO(json.dumps(stdin)), out)
    result = json.loads(out.getvalue())
    assert code == status and key in result
    if status == 2:
        assert set(result["error"]) == {"field", "message"}
