"""The leave calculator: pay calendars, rules, tables, properties and fuzzed input."""

from __future__ import annotations

import copy
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
from calculators.leave_rules import ordinal, tiers
from calculators.payroll import PayCalendar, pay_calendar
from calculators.policy import PolicyReader
from calculators.tables import render

REPO = Path(__file__).resolve().parents[2]


@cache
def _policy(handbook: str) -> str:
    return json.dumps(merge_policy(load_sections(REPO / handbook)))


def trcog() -> dict[str, Any]:
    return json.loads(_policy("docs"))


def county() -> dict[str, Any]:
    return json.loads(_policy("examples/county/docs"))


def params(policy: dict[str, Any]) -> dict[str, Any]:
    return policy["parameters"]


FT = {"employment": "regular_full_time"}
#: What the County's payout rules ask about a departure (ignored where a handbook does not ask).
COUNTY_LEAVING = {
    "separation_reason": "retirement",
    "notice_waived": True,
    "sick_payout_group": True,
}


def leave(policy: dict[str, Any], **inputs: Any) -> dict[str, Any]:
    return calculate("leave", {**FT, **inputs}, policy)


# -- pay calendars ------------------------------------------------------------------------------


def test_biweekly_calendar_from_anchor() -> None:
    cal = PayCalendar("week", 2, date(2014, 1, 7))
    assert cal.end_on_or_after(date(2014, 1, 7)) == date(2014, 1, 7)
    assert cal.end_on_or_after(date(2014, 1, 8)) == date(2014, 1, 21)
    assert cal.end_on_or_after(date(2013, 12, 25)) == date(2014, 1, 7)
    assert cal.start_of(date(2014, 1, 7)) == date(2013, 12, 25)
    assert cal.next_end(date(2025, 3, 4)) == date(2025, 3, 18)
    assert list(cal.ends_between(date(2025, 3, 4), date(2025, 4, 1))) == [
        date(2025, 3, 18),
        date(2025, 4, 1),
    ]
    assert "2-week pay periods" in cal.describe()


def test_monthly_calendars() -> None:
    monthly = PayCalendar("month", 1)
    assert monthly.end_on_or_after(date(2024, 2, 1)) == date(2024, 2, 29)
    assert monthly.start_of(date(2024, 3, 31)) == date(2024, 3, 1)
    assert monthly.describe().startswith("monthly pay periods")
    quarterly = PayCalendar("month", 3, date(2024, 3, 31))
    assert quarterly.end_on_or_after(date(2024, 4, 1)) == date(2024, 6, 30)
    assert quarterly.end_on_or_after(date(2024, 3, 31)) == date(2024, 3, 31)
    assert quarterly.start_of(date(2024, 6, 30)) == date(2024, 4, 1)
    assert "3-month pay periods" in quarterly.describe()


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)))
def test_every_day_is_in_exactly_one_period(day: date) -> None:
    for cal in (PayCalendar("week", 2, date(2014, 1, 7)), PayCalendar("month", 1)):
        end = cal.end_on_or_after(day)
        assert cal.start_of(end) <= day <= end
        assert cal.end_on_or_after(cal.start_of(end)) == end


def _calendar_policy(pay_period: dict[str, Any]) -> PolicyReader:
    return PolicyReader(
        merge_policy(
            [
                {
                    "id": "p",
                    "number": "1.01",
                    "title": "P",
                    "source": "x",
                    "policy": {"payroll": {"pay_period": pay_period}},
                }
            ]
        )
    )


@pytest.mark.parametrize(
    ("pay_period", "message"),
    [
        ({"unit": "day", "length": 1}, "must be week or month"),
        ({"unit": "week", "length": 0, "ends_on": "2014-01-07"}, "1 or more"),
        ({"unit": "week", "length": 2}, "ends_on"),
        ({"unit": "month", "length": 1, "ends_on": "2024-03-30"}, "last day of a month"),
    ],
)
def test_bad_pay_period_parameters(pay_period: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        pay_calendar(_calendar_policy(pay_period))


def test_monthly_calendar_with_anchor() -> None:
    reader = _calendar_policy({"unit": "month", "length": 2, "ends_on": "2024-02-29"})
    assert pay_calendar(reader) == PayCalendar("month", 2, date(2024, 2, 29))


# -- rules and parameters -------------------------------------------------------------------------


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "must be a list of tiers"),
        ("3.08", "must be a list of tiers"),
        ([5], r"tiers\[0\]' must be a map"),
        ([{"from_year": 2, "hours_per_pay_period": 1, "hours_per_year": 26}], "from_year 1"),
        ([{"from_year": 0, "hours_per_pay_period": 1, "hours_per_year": 26}], "1 or more"),
        ([{"from_year": 1, "hours_per_year": 26}], "hours_per_pay_period' must be a number"),
    ],
)
def test_bad_tiers(value: Any, message: str) -> None:
    policy = trcog()
    params(policy)["leave"]["annual"]["tiers"] = value
    with pytest.raises(PolicyError, match=message):
        tiers(PolicyReader(policy), "leave.annual.tiers", date(2025, 1, 1))


@pytest.mark.parametrize(
    ("carryover", "message"),
    [
        ({"max_hours": 224, "on": "June 30", "excess_to": "sick"}, "MM-DD"),
        ({"max_hours": 224, "on": "02-30", "excess_to": "sick"}, "MM-DD"),
        ({"max_hours": 224, "on": "06-30", "excess_to": "cash"}, "sick or forfeit"),
    ],
)
def test_bad_carryover(carryover: dict[str, Any], message: str) -> None:
    policy = county()
    params(policy)["leave"]["annual"]["carryover"] = carryover
    with pytest.raises(PolicyError, match=message):
        leave(policy, hire_date="2020-01-06", as_of="2025-01-06")


def test_forfeited_carryover_and_leap_day_carryover_date() -> None:
    policy = county()
    params(policy)["leave"]["annual"]["carryover"]["excess_to"] = "forfeit"
    result = leave(
        policy,
        hire_date="2015-01-10",
        as_of="2024-06-01",
        annual_balance=220,
        sick_balance=0,
        project_to="2024-06-30",
    )
    assert result["projection"]["annual_balance"] == "224.00"
    assert result["projection"]["sick_balance"] == "7.00"
    assert "forfeited" in result["projection"]["events"][0]["event"]
    params(policy)["leave"]["annual"]["carryover"]["on"] = "02-29"
    result = leave(
        policy,
        hire_date="2015-01-10",
        as_of="2023-01-01",
        annual_balance=220,
        project_to="2024-03-01",
    )
    assert [e["date"] for e in result["projection"]["events"] if "carry" in e["event"]] == [
        "2024-02-29"
    ]


def test_carryover_into_a_capped_sick_balance() -> None:
    policy = county()
    params(policy)["leave"]["sick"]["max_balance"] = 310
    result = leave(
        policy,
        hire_date="2015-01-10",
        as_of="2024-06-01",
        annual_balance=220,
        sick_balance=300,
        project_to="2024-06-30",
    )
    assert result["projection"]["sick_balance"] == "310.00"
    assert result["sick"]["max_balance"] == "310.00"


def test_effective_dated_tiers_change_the_rate_on_their_date() -> None:
    policy = trcog()
    annual = params(policy)["leave"]["annual"]
    old = annual["tiers"]
    new = copy.deepcopy(old)
    new[0]["hours_per_pay_period"] = 4
    new[0]["hours_per_year"] = 104
    annual["tiers"] = {"2002-03-28": old, "2025-07-01": new}
    result = leave(
        policy,
        hire_date="2024-01-08",
        as_of="2025-06-10",
        annual_balance=0,
        project_to="2025-07-22",
    )
    # periods end 2025-06-24 (3.08, old schedule), 2025-07-08 and 2025-07-22 (4.00 each)
    assert result["projection"]["annual_balance"] == "11.08"
    table = render("annual-accrual", policy)
    assert table.rows[0][1] == "4.00"


def test_fixed_annual_cap_and_no_cap() -> None:
    policy = trcog()
    del params(policy)["leave"]["annual"]["max_balance_years_of_accrual"]
    params(policy)["leave"]["annual"]["max_balance"] = 150
    result = leave(policy, hire_date="2010-01-04", as_of="2025-01-06")
    assert result["annual"]["max_balance"] == "150.00"
    assert render("annual-accrual", policy).rows[0][-1] == "150.00"
    del params(policy)["leave"]["annual"]["max_balance"]
    result = leave(
        policy,
        hire_date="2010-01-04",
        as_of="2025-01-06",
        annual_balance=500,
        project_to="2025-02-17",
    )
    assert result["annual"]["max_balance"] is None
    assert (
        result["projection"]["annual_balance"] == "513.86"
    )  # periods end 2025-01-07, 01-21 and 02-04: 3 × 4.62
    assert len(render("annual-accrual", policy).headers) == 3


def test_longevity_parameter_errors() -> None:
    policy = trcog()
    params(policy)["longevity"]["measured_on"] = "31 December"
    assert "counted on 31 December each year" in render("longevity-pay", policy).note
    assert "counted on December 31 each year" in render("longevity-pay", trcog()).note
    with pytest.raises(PolicyError, match="MM-DD"):
        leave(policy, hire_date="2010-01-04", as_of="2025-01-06")


_DROP = object()  # a parameter edit that removes the parameter (when the handbook has it)
_LEAVING_2025 = {"separation_date": "2025-01-06", "hourly_rate": 20}


@pytest.mark.parametrize(
    ("handbook", "edits", "inputs", "expected", "explained"),
    [
        pytest.param(
            "docs",
            {"separation.annual.paid": False},
            {"hire_date": "2010-01-04", "as_of": "2025-01-06", "annual_balance": 50},
            {"separation_payout": "0.00"},
            "not paid on separation",
            id="annual-leave-not-paid",
        ),
        pytest.param(
            "docs",
            {"separation.annual.up_to_max_balance": False},
            {"hire_date": "2010-01-04", "as_of": "2025-01-06", "annual_balance": 150},
            {"separation.annual_hours": "150.00"},
            None,
            id="annual-leave-without-a-limit",
        ),
        pytest.param(
            "examples/county/docs",
            {"separation.sick.partial_days_paid": True},
            {
                "hire_date": "2010-01-04",
                "as_of": "2025-01-06",
                "annual_balance": 0,
                "sick_balance": 20,
                **COUNTY_LEAVING,
            },
            {"separation.sick_amount": "57.14"},
            None,
            id="sick-leave-partial-days-paid",
        ),
        pytest.param(
            "examples/county/docs",
            {
                "separation.sick.requires_introductory_period": True,
                "separation.annual.requires_introductory_period": False,
            },
            {
                "hire_date": "2024-10-01",
                "as_of": "2024-10-01",
                "separation_date": "2024-12-31",
                **COUNTY_LEAVING,
            },
            {
                "separation": {
                    "annual_hours": "21.00",
                    "annual_amount": "420.00",
                    "annual_limit": "224.00",
                    "annual_not_paid": None,
                    "sick_days": None,
                    "sick_amount": "0.00",
                    "sick_not_paid": "you leave before completing the probationary period",
                    "comp_hours": "0.00",
                    "comp_amount": "0.00",
                    "introductory_completed": False,
                    "reason": "retirement",
                }
            },
            None,
            id="only-sick-leave-needs-the-introductory-period",
        ),
        *(
            pytest.param(
                handbook,
                {
                    "separation.annual.max_hours": _DROP,
                    "separation.annual.up_to_max_balance": False,
                },
                {
                    "employment": "temporary_full_time",
                    "hire_date": "2020-01-06",
                    "as_of": "2025-01-06",
                    "annual_balance": 10,
                    "sick_balance": 70,
                    **COUNTY_LEAVING,
                },
                {"separation_payout": "0.00", "separation.annual_limit": "0.00"},
                None,
                id=f"ineligible-employee-paid-nothing-whatever-the-limit-rule-{name}",
            )
            for name, handbook in (("trcog", "docs"), ("county", "examples/county/docs"))
        ),
    ],
)
def test_separation_variants(
    handbook: str,
    edits: dict[str, Any],
    inputs: dict[str, Any],
    expected: dict[str, Any],
    explained: str | None,
) -> None:
    """A handbook's payout rule, changed by ``edits`` (dotted parameter paths), decides the
    payout: each ``expected`` value (a dotted path into the result) and the explanation."""
    policy = trcog() if handbook == "docs" else county()
    for dotted, value in edits.items():
        *parents, name = dotted.split(".")
        node = params(policy)
        for parent in parents:
            node = node[parent]
        if value is _DROP:
            node.pop(name, None)
        else:
            node[name] = value
    result = leave(policy, **{**_LEAVING_2025, **inputs})
    for dotted, value in expected.items():
        got: Any = result
        for key in dotted.split("."):
            got = got[key]
        assert got == value, dotted
    if explained:
        assert explained in " ".join(result["explanation"])


def test_rules_without_their_parameters() -> None:
    policy = county()
    del params(policy)["leave"]["unpaid"]
    with pytest.raises(InputError, match="no rule for leave accrual during unpaid leave"):
        leave(
            policy,
            hire_date="2020-01-06",
            as_of="2025-01-06",
            unpaid_leave=[{"start": "2024-01-02", "end": "2024-01-05", "kind": "family_medical"}],
        )
    del params(policy)["introductory_period"]["max_months"]
    with pytest.raises(InputError, match="no longer introductory period"):
        leave(policy, hire_date="2020-01-06", as_of="2025-01-06", introductory_extension_months=1)
    del params(policy)["separation"]["comp_time"]
    result = leave(
        policy,
        hire_date="2020-01-06",
        as_of="2025-01-06",
        separation_date="2025-01-06",
        hourly_rate=20,
        comp_balance=10,
        flsa_status="nonexempt",
        **COUNTY_LEAVING,
    )
    assert result["separation"]["comp_amount"] == "0.00"
    assert "no payment for compensatory time" in " ".join(result["explanation"])


def test_reduction_in_force_in_a_handbook_without_the_exception() -> None:
    policy = trcog()
    del params(policy)["leave"]["reduction_in_force_keeps_prorated_accrual"]
    result = leave(
        policy,
        hire_date="2020-01-06",
        as_of="2025-01-06",
        employment="regular_part_time",
        weekly_hours=20,
        reduced_in_force=True,
    )
    assert result["accrues_leave"] is False
    assert "keeps no accrual after a reduction in force" in " ".join(result["explanation"])


# -- tables -----------------------------------------------------------------------------------------


def test_trcog_tables() -> None:
    annual = render("annual-accrual", trcog())
    assert annual.rows == (
        ("1st to 5th", "3.08", "80.00", "80.00"),
        ("6th to 9th", "3.85", "100.00", "100.00"),
        ("10th and later", "4.62", "120.00", "120.00"),
    )
    assert "30.00 hours a week" in annual.note
    assert render("sick-accrual", trcog()).rows == (("2.77", "72.00", "480.00 hours"),)
    longevity = render("longevity-pay", trcog())
    assert longevity.rows[0] == ("37 months (the minimum)", "37", "111.00")
    assert ("10 years", "120", "360.00") in longevity.rows
    payout = render("leave-payout", trcog())
    assert payout.rows[1] == ("Sick leave", "not paid", "—")


def test_county_tables() -> None:
    annual = render("annual-accrual", county())
    assert annual.headers == ("Service year", "Hours each pay period", "Hours a year")
    assert annual.rows[1] == ("6th to 10th", "10.50", "126.00")
    assert (
        "on June 30 each year, annual leave above 224.00 hours is moved to sick leave"
        in annual.note
    )
    assert "part-time schedules earn no leave" in annual.note
    assert render("sick-accrual", county()).rows == (("7.00", "84.00", "no limit"),)
    assert render("leave-payout", county()).rows == (
        (
            "Annual leave",
            "up to 224.00 hours, at your final hourly rate",
            "on resignation or retirement, after the introductory period, with 14 calendar "
            "days' written notice (unless waived), once in a lifetime",
        ),
        (
            "Sick leave",
            "$20.00 a day, at most $5000.00",
            "after the introductory period, to employees under the Board of Supervisors, with "
            "14 calendar days' written notice (unless waived), once in a lifetime",
        ),
        (
            "Compensatory time",
            "up to 200.00 hours, at your final hourly rate",
            "non-exempt employees, always",
        ),
    )
    with pytest.raises(PolicyError, match="longevity"):
        render("longevity-pay", county())


def test_payout_table_variants() -> None:
    policy = trcog()
    params(policy)["separation"]["annual"]["paid"] = False
    assert render("leave-payout", policy).rows[0] == ("Annual leave", "not paid", "—")
    policy = trcog()
    params(policy)["separation"]["annual"]["up_to_max_balance"] = False
    params(policy)["separation"]["annual"]["requires_introductory_period"] = False
    assert render("leave-payout", policy).rows[0][1:] == (
        "all unused hours, at your final hourly rate",
        "always",
    )
    policy = county()
    params(policy)["separation"]["sick"]["requires_introductory_period"] = False
    del params(policy)["separation"]["sick"]["paid_only_to"]
    del params(policy)["separation"]["notice"]
    params(policy)["separation"]["one_payout_per_lifetime"] = False
    assert render("leave-payout", policy).rows[1][2] == "always"
    del params(policy)["separation"]["comp_time"]["max_hours"]
    assert render("leave-payout", policy).rows[2][1].startswith("all hours on record")
    params(policy)["leave"]["single_tier"] = 1
    params(policy)["leave"]["annual"]["tiers"] = params(policy)["leave"]["annual"]["tiers"][:1]
    params(policy)["leave"]["annual"]["tiers"].append(
        {"from_year": 2, "hours_per_pay_period": 8, "hours_per_year": 96}
    )
    assert render("annual-accrual", policy).rows[0][0] == "1st"


# -- the explanation cites its numbers --------------------------------------------------------------


def test_explanation_and_citations() -> None:
    result = leave(
        trcog(),
        hire_date="2020-03-03",
        as_of="2025-01-01",
        project_to="2025-12-31",
        separation_date="2026-01-15",
        hourly_rate="25",
    )
    text = "\n".join(result["explanation"])
    for needle in (
        "5th service year",
        "3.08",
        "80.00 hours",
        "480.00 hours",
        "2014-01-07",
        "$207.00",
        "100.00 hours",
        "$2500.00",
        "within 15 days",
    ):
        assert needle in text
    assert [c["number"] for c in result["citations"]] == [
        "5.04",
        "5.12",
        "6.03",
        "6.04",
        "6.05",
        "6.08",
        "6.11",
        "7.06",
        "9.03",
        "13.08",
    ]


# -- properties ---------------------------------------------------------------------------------------

HIRES = st.dates(min_value=date(1980, 1, 1), max_value=date(2030, 12, 31))
HANDBOOKS = st.sampled_from(["docs", "examples/county/docs"])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _policy_of(handbook: str) -> dict[str, Any]:
    return trcog() if handbook == "docs" else county()


@SETTINGS
@given(HANDBOOKS, HIRES, st.integers(0, 12000), st.integers(0, 4000))
def test_more_service_never_earns_less(handbook: str, hire: date, a: int, b: int) -> None:
    policy = _policy_of(handbook)
    early, late = sorted((hire + timedelta(days=a), hire + timedelta(days=b)))
    late = late + timedelta(days=a)
    first = leave(policy, hire_date=hire.isoformat(), as_of=early.isoformat())
    second = leave(policy, hire_date=hire.isoformat(), as_of=late.isoformat())
    assert second["service_year"] >= first["service_year"]
    assert Decimal(second["annual"]["hours_per_pay_period"]) >= Decimal(
        first["annual"]["hours_per_pay_period"]
    )


@SETTINGS
@given(HIRES, st.integers(0, 6000), st.integers(0, 1500), st.data())
def test_balances_never_exceed_caps(hire: date, offset: int, ahead: int, data: Any) -> None:
    policy = trcog()
    as_of = hire + timedelta(days=offset)
    first = leave(policy, hire_date=hire.isoformat(), as_of=as_of.isoformat())
    cap = Decimal(first["annual"]["max_balance"])
    annual = data.draw(st.decimals(0, cap, places=2))
    sick = data.draw(st.decimals(0, 480, places=2))
    result = leave(
        policy,
        hire_date=hire.isoformat(),
        as_of=as_of.isoformat(),
        annual_balance=str(annual),
        sick_balance=str(sick),
        project_to=(as_of + timedelta(days=ahead)).isoformat(),
    )
    later = leave(policy, hire_date=hire.isoformat(), as_of=result["projection"]["to"])
    assert Decimal(result["projection"]["annual_balance"]) <= Decimal(
        later["annual"]["max_balance"]
    )
    assert Decimal(result["projection"]["sick_balance"]) <= Decimal("480")
    assert Decimal(result["projection"]["annual_balance"]) >= annual


@SETTINGS
@given(HIRES, st.integers(0, 6000), st.integers(0, 1500), st.decimals(0, 400, places=2))
def test_county_carryover_limit_holds_every_june_30(
    hire: date, offset: int, ahead: int, balance: Decimal
) -> None:
    as_of = hire + timedelta(days=offset)
    target = as_of + timedelta(days=ahead)
    june_30 = date(target.year if target >= date(target.year, 6, 30) else target.year - 1, 6, 30)
    if june_30 <= as_of:
        return
    result = leave(
        county(),
        hire_date=hire.isoformat(),
        as_of=as_of.isoformat(),
        annual_balance=str(balance),
        sick_balance="0",
        project_to=june_30.isoformat(),
    )
    projection = result["projection"]
    assert Decimal(projection["annual_balance"]) <= Decimal("224")
    earned = Decimal(projection["annual_balance"]) + Decimal(projection["sick_balance"])
    assert earned >= balance  # excess moves to sick leave, nothing is lost


@SETTINGS
@given(HANDBOOKS, HIRES, st.integers(0, 3000), st.integers(0, 800), st.integers(0, 800))
def test_projecting_further_never_lowers_the_total(
    handbook: str, hire: date, offset: int, a: int, b: int
) -> None:
    policy = _policy_of(handbook)
    as_of = hire + timedelta(days=offset)
    near, far = sorted((as_of + timedelta(days=a), as_of + timedelta(days=b)))
    totals = []
    for target in (near, far):
        projection = leave(
            policy,
            hire_date=hire.isoformat(),
            as_of=as_of.isoformat(),
            project_to=target.isoformat(),
        )["projection"]
        totals.append(Decimal(projection["annual_balance"]) + Decimal(projection["sick_balance"]))
    assert totals[1] >= totals[0]


@SETTINGS
@given(st.decimals(30, Decimal("39.99"), places=2), st.decimals(30, Decimal("39.99"), places=2))
def test_more_part_time_hours_never_earn_less(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    results = [
        leave(
            trcog(),
            employment="regular_part_time",
            weekly_hours=str(hours),
            hire_date="2015-01-05",
            as_of="2025-01-06",
        )
        for hours in (low, high)
    ]
    for kind in ("annual", "sick"):
        assert Decimal(results[1][kind]["hours_per_pay_period"]) >= Decimal(
            results[0][kind]["hours_per_pay_period"]
        )
    assert Decimal(results[1]["annual"]["max_balance"]) >= Decimal(
        results[0]["annual"]["max_balance"]
    )


@SETTINGS
@given(
    HANDBOOKS,
    HIRES,
    st.integers(0, 5000),
    st.decimals(0, 600, places=2),
    st.decimals(1, 200, places=2),
)
def test_payout_never_exceeds_limit_times_rate(
    handbook: str, hire: date, offset: int, balance: Decimal, rate: Decimal
) -> None:
    day = (hire + timedelta(days=offset)).isoformat()
    result = leave(
        _policy_of(handbook),
        hire_date=hire.isoformat(),
        as_of=day,
        annual_balance=str(balance),
        sick_balance="0",
        separation_date=day,
        hourly_rate=str(rate),
        **COUNTY_LEAVING,
    )
    limit = Decimal("120") if handbook == "docs" else Decimal("224")
    assert Decimal(result["separation"]["annual_amount"]) <= limit * rate
    assert Decimal(result["separation_payout"]) == Decimal(
        result["separation"]["annual_amount"]
    ) + Decimal(result["separation"]["sick_amount"])


SCHEDULES = st.sampled_from(
    [
        ("regular_full_time", None, False),
        ("regular_part_time", "30", False),
        ("regular_part_time", "29.5", False),
        ("regular_part_time", "20", True),
        ("regular_part_time", "12", False),
        ("temporary_full_time", None, False),
        ("temporary_full_time", "20", False),
        ("temporary_part_time", "10", False),
    ]
)


@SETTINGS
@given(
    HANDBOOKS,
    HIRES,
    st.integers(0, 5000),
    SCHEDULES,
    st.decimals(0, 2000, places=2),
    st.decimals(0, 5000, places=2),
    st.decimals(1, 200, places=2),
    st.sampled_from(["resignation", "retirement", "termination", "death"]),
)
def test_payout_never_exceeds_the_cap_for_any_employment_type(
    handbook: str,
    hire: date,
    offset: int,
    schedule: tuple[str, str | None, bool],
    balance: Decimal,
    sick: Decimal,
    rate: Decimal,
    reason: str,
) -> None:
    """Issue 12: nobody is paid more annual leave than they would normally accrue (their cap,
    or the handbook's fixed payout limit), and nobody who earns no leave is paid any."""
    employment, weekly, rif = schedule
    day = (hire + timedelta(days=offset)).isoformat()
    try:
        result = leave(
            _policy_of(handbook),
            hire_date=hire.isoformat(),
            as_of=day,
            employment=employment,
            weekly_hours=weekly,
            reduced_in_force=rif,
            annual_balance=str(balance),
            sick_balance=str(sick),
            separation_date=day,
            hourly_rate=str(rate),
            **{**COUNTY_LEAVING, "separation_reason": reason},
        )
    except InputError as exc:  # a schedule the handbook classes otherwise
        assert exc.field == "weekly_hours"
        return
    paid = result["separation"]
    if not result["accrues_leave"]:
        cap = Decimal(0)
    elif handbook == "docs":
        cap = Decimal(result["annual"]["max_balance"])
    else:
        cap = Decimal(params(county())["separation"]["annual"]["max_hours"])
    assert Decimal(paid["annual_hours"]) <= min(cap, balance)
    assert Decimal(paid["annual_amount"]) <= cap * rate
    if not result["accrues_leave"]:
        assert result["separation_payout"] == "0.00"


# -- fuzzed input -----------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELD_NAMES = [
    "hire_date",
    "as_of",
    "employment",
    "weekly_hours",
    "annual_balance",
    "sick_balance",
    "project_to",
    "separation_date",
    "hourly_rate",
    "introductory_extension_months",
    "reduced_in_force",
    "leave_taken",
    "unpaid_leave",
    "separation_reason",
    "notice_date",
    "notice_waived",
    "prior_leave_payout",
    "sick_payout_group",
    "comp_balance",
    "flsa_status",
]
PLAUSIBLE = {
    "hire_date": st.dates(min_value=date(1940, 1, 1), max_value=date(2110, 1, 1)).map(str),
    "as_of": st.dates(min_value=date(1940, 1, 1), max_value=date(2110, 1, 1)).map(str),
    "employment": st.sampled_from(
        [
            "regular_full_time",
            "regular_part_time",
            "temporary_full_time",
            "temporary_part_time",
            "x",
        ]
    ),
    "weekly_hours": st.decimals(-5, 100, places=2).map(str),
    "annual_balance": st.decimals(-5, 20000, places=2).map(str),
    "sick_balance": st.decimals(-5, 20000, places=2).map(str),
    "project_to": st.dates(min_value=date(1940, 1, 1), max_value=date(2110, 1, 1)).map(str),
    "separation_date": st.dates(min_value=date(1940, 1, 1), max_value=date(2110, 1, 1)).map(str),
    "hourly_rate": st.decimals(-5, 20000, places=3).map(str),
    "introductory_extension_months": st.integers(-1, 30),
    "reduced_in_force": st.booleans(),
    "leave_taken": st.lists(
        st.fixed_dictionaries(
            {
                "date": st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)).map(str),
                "kind": st.sampled_from(["annual", "sick", "x"]),
                "hours": st.decimals(-1, 300, places=2).map(str),
            }
        ),
        max_size=3,
    ),
    "unpaid_leave": st.lists(
        st.fixed_dictionaries(
            {
                "start": st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)).map(str),
                "end": st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)).map(str),
                "kind": st.sampled_from(["leave_without_pay", "family_medical"]),
            }
        ),
        max_size=3,
    ),
    "separation_reason": st.sampled_from(["resignation", "retirement", "termination", "x"]),
    "notice_date": st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)).map(str),
    "notice_waived": st.booleans(),
    "prior_leave_payout": st.booleans(),
    "sick_payout_group": st.booleans(),
    "comp_balance": st.decimals(-5, 500, places=2).map(str),
    "flsa_status": st.sampled_from(["exempt", "nonexempt", "x"]),
}


@SETTINGS
@given(HANDBOOKS, st.dictionaries(st.sampled_from([*FIELD_NAMES, "junk"]), JSON, max_size=6))
def test_fuzzed_json_gives_a_field_error_or_a_result(handbook: str, raw: dict[str, Any]) -> None:
    _result_or_field_error(handbook, raw)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HANDBOOKS, st.fixed_dictionaries({}, optional=PLAUSIBLE))
def test_fuzzed_plausible_input_gives_a_field_error_or_a_result(
    handbook: str, raw: dict[str, Any]
) -> None:
    _result_or_field_error(handbook, raw)


def _result_or_field_error(handbook: str, raw: Any) -> None:
    try:
        result = calculate("leave", raw, _policy_of(handbook))
    except InputError as exc:
        named = exc.field.split("[")[0].split(".")[0]
        assert named in [*FIELD_NAMES, "input", *(raw if isinstance(raw, dict) else [])]
        assert exc.message
    else:
        assert result["explanation"] and result["citations"]
        json.dumps(result)


def test_annual_leave_usable_from_hire_when_the_handbook_says_so() -> None:
    policy = trcog()
    params(policy)["leave"]["annual"]["usable_after_introductory_period"] = False
    result = leave(policy, hire_date="2025-01-06", as_of="2025-01-06")
    assert result["annual"]["usable"] is True
    assert not any("introductory period, from" in step for step in result["explanation"])


def test_longevity_table_skips_examples_below_the_minimum() -> None:
    policy = trcog()
    params(policy)["longevity"]["minimum_months"] = 70
    rows = render("longevity-pay", policy).rows
    assert rows[0][1] == "70" and rows[1][0] == "10 years"


def test_module_entry_point_in_process(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    import runpy
    import sys

    monkeypatch.setattr(sys, "argv", ["calculators", "--list"])
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("calculators", run_name="__main__")
    assert caught.value.code == 0
    assert "leave" in capsys.readouterr().out


def test_balance_above_the_cap_is_explained_and_not_increased() -> None:
    result = leave(
        trcog(),
        hire_date="2019-06-03",
        as_of="2025-06-17",
        annual_balance=112,
        project_to="2025-07-15",
    )
    assert result["projection"]["annual_balance"] == "112.00"
    assert any("above the 100.00-hour maximum" in step for step in result["explanation"])
