"""The display contract (calculators/display.py and headline_*.py): what the browser shows is
declared in Python, so the page formats and guesses nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from calculators import run_json
from calculators.display import KINDS, date_text, hours_text, money_text
from calculators.tables import render
from tests.case_data import policy_of

CAPPED = {  # trcog: annual reaches its 80-hour cap on 2025-03-18; sick never reaches 480
    "hire_date": "2021-01-04",
    "as_of": "2025-02-18",
    "employment": "regular_full_time",
    "annual_balance": 75,
    "sick_balance": 0,
    "project_to": "2025-04-01",
}


def _run(name: str, inputs: dict[str, Any], handbook: str = "docs") -> dict[str, Any]:
    answer = json.loads(run_json(name, json.dumps(inputs), json.dumps(policy_of(handbook))))
    assert "result" in answer, answer
    return answer["result"]


def test_formats_are_what_people_write() -> None:
    assert date_text("2026-04-14") == "April 14, 2026"
    assert date_text("2026-04-04") == "April 4, 2026"
    assert money_text("1234.5") == "$1,234.50"
    assert money_text("-3") == "-$3.00"
    assert hours_text("1.00") == "1.00 hour"
    assert hours_text("1480.5") == "1,480.50 hours"


def test_every_figure_has_a_label_kind_and_text() -> None:
    results = [
        _run("leave", {**CAPPED, "separation_date": "2025-04-01", "hourly_rate": "25.00"}),
        _run(
            "travel",
            {"trip_type": "day", "start_date": "2026-02-10", "miles": 40, "vehicle": "personal"},
        ),
        _run("nepotism", {"relation": "mother", "official_role": "supervisor", "action": "hire"}),
    ]
    for result in results:
        assert result["headline"]
        assert result["display"]["groups"]
        for group in result["display"]["groups"]:
            assert group["title"] and group["figures"]
            for figure in group["figures"]:
                assert set(figure) == {"label", "kind", "value", "text"}
                assert figure["kind"] in KINDS and figure["text"]


def test_leave_chart_one_point_per_period_and_cap_flags_per_balance() -> None:
    result = _run("leave", CAPPED)
    chart = result["display"]["chart"]
    periods = result["projection"]["periods"]
    assert [s["key"] for s in chart["series"]] == ["annual", "sick"]
    annual, sick = chart["series"]
    assert [p["date"] for p in annual["points"]] == [p["period_end"] for p in periods]
    assert [p["date"] for p in annual["points"]] == ["2025-03-04", "2025-03-18", "2025-04-01"]
    assert [p["at_cap"] for p in annual["points"]] == [False, True, True]
    assert [p["cap"] for p in annual["points"]] == ["80.00", "80.00", "80.00"]
    assert [p["at_cap"] for p in sick["points"]] == [False, False, False]
    assert [p["cap"] for p in sick["points"]] == ["480.00", "480.00", "480.00"]
    rows = chart["table"]["rows"]
    assert [r["cells"][0]["text"] for r in rows] == [
        "March 4, 2025",
        "March 18, 2025",
        "April 1, 2025",
    ]
    assert [bool(r["cells"][2].get("at_cap")) for r in rows] == [False, True, True]
    assert not any(r["cells"][4].get("at_cap") for r in rows)
    assert chart["description"] == (
        "Annual leave goes from 78.08 hours to 80.00 hours and sick leave from 2.77 hours to "
        "8.31 hours over 3 pay periods, March 4, 2025 to April 1, 2025. Annual leave is at its "
        "cap from March 18, 2025."
    )


def test_travel_claim_has_items_total_and_two_signatures() -> None:
    result = _run(
        "travel",
        {
            "trip_type": "overnight",
            "start_date": "2025-09-29",
            "end_date": "2025-09-30",
            "vehicle": "none",
            "lodging": ["150.00"],
        },
    )
    claim = result["display"]["claim"]
    assert claim["signatures"] == ["Employee", "Approving supervisor"]
    assert claim["total_text"] == "$212.00"
    assert [row["text"] for row in claim["items"]] == ["$110.00", "$51.00", "$51.00"]
    assert claim["unpaid"][0]["text"] == "$40.00"
    assert {"label": "Trip start date", "text": "September 29, 2025"} in claim["trip"] or any(
        row["text"] == "September 29, 2025" for row in claim["trip"]
    )


@pytest.mark.parametrize(
    ("relation", "row", "column"), [("mother", 0, 0), ("wife", 0, 1), ("niece", 2, 0)]
)
def test_degree_chart_marks_this_person(relation: str, row: int, column: int) -> None:
    degrees = _run("nepotism", {"relation": relation})["display"]["degrees"]
    marked = [
        (r, c)
        for r, line in enumerate(degrees["rows"])
        for c, cell in enumerate(line["cells"])
        if cell["this"]
    ]
    assert marked == [(row, column)]
    assert [line["cells"][0]["covered"] for line in degrees["rows"]] == [True, True, True, False]
    assert [line["cells"][1]["covered"] for line in degrees["rows"]] == [True, True, False, False]


def test_the_calculator_and_the_handbook_chart_give_the_same_examples() -> None:
    calculator = _run("nepotism", {"relation": "niece"})["display"]["degrees"]["rows"]
    handbook = render("degree-chart", policy_of("docs")).rows
    assert len(handbook) == len(calculator) == 4
    for line, row in zip(calculator, handbook, strict=True):
        assert str(line["degree"]) == row[0]
        assert line["cells"][0]["text"] == row[1]
        assert line["cells"][1]["text"].replace("more distant relatives", "—") == row[3]


def test_run_json_never_raises() -> None:
    policy = json.dumps(policy_of("docs"))
    assert json.loads(run_json("leave", "{not json", policy))["error"]["field"] == "input"
    assert json.loads(run_json("nope", "{}", policy))["error"]["field"] == "calculator"
    assert json.loads(run_json("leave", "{}", "[]"))["error"]["field"] == "policy"
    assert json.loads(run_json("leave", "{}", "{}"))["error"]["field"] in ("hire_date", "policy")


def test_a_rate_past_its_publication_is_a_check_not_an_unpaid_item() -> None:
    result = _run(
        "travel",
        {
            "trip_type": "overnight",
            "start_date": "2026-10-05",
            "end_date": "2026-10-06",
            "vehicle": "none",
            "lodging": ["100.00"],
        },
    )
    assert [w["kind"] for w in result["warnings"]] == ["check", "check"]
    items, claim = result["display"]["items"], result["display"]["claim"]
    assert items["unpaid"] == [] and claim["unpaid"] == []
    assert [c["category"] for c in claim["checks"]] == [
        "Standard lodging rate",
        "Standard meals rate",
    ]
    assert claim["checks"] == items["checks"] and claim["checks"][0]["section"].startswith("17.06")
    assert "Not paid" not in result["headline"]
    assert result["headline"].startswith("Claim $202.00 for this trip. Check the standard lodging")


def test_leave_payout_says_what_is_not_paid_and_the_compensatory_time() -> None:
    result = _run(
        "leave",
        {
            "hire_date": "2025-01-06",
            "as_of": "2025-03-01",
            "employment": "regular_full_time",
            "separation_date": "2025-03-01",
            "hourly_rate": 20,
            "comp_balance": 30,
            "flsa_status": "nonexempt",
        },
    )
    (payout,) = [g for g in result["display"]["groups"] if g["title"].startswith("Your pay-out")]
    shown = {f["label"]: f["text"] for f in payout["figures"]}
    assert shown["For compensatory time"] == "$600.00"
    assert shown["Compensatory time paid"] == "30.00 hours"
    assert (
        shown["Why annual leave is not paid"]
        == "you leave before completing the introductory period"
    )
    assert shown["Total pay-out"] == "$600.00"
    assert result["headline"].endswith(
        "Annual leave is not paid: you leave before completing the introductory period. "
        "Sick leave is never paid out. That includes $600.00 for 30.00 hours of compensatory time."
    )


def test_planned_leave_is_named_in_the_projection() -> None:
    result = _run(
        "leave",
        {**CAPPED, "leave_taken": [{"date": "2025-03-10", "kind": "annual", "hours": 16}]},
    )
    assert (
        "By April 1, 2025 you will have 68.24 hours of annual leave and 8.31 hours of sick leave "
        "after the 16.00 hours of annual leave you plan to take." in result["headline"]
    )
    (ahead,) = [g for g in result["display"]["groups"] if g["title"] == "On April 1, 2025"]
    assert ahead["note"] == "After the 16.00 hours of annual leave you plan to take."
