"""Travel rules of issue 12 as properties: a lesser-of item never exceeds any alternative it
is compared with, hotel taxes never exceed the tax rate times the allowed lodging, and every
numeric input (and every item of a list) has bounds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import calculate, describe_all
from tests.case_data import policy_of

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CENT = Decimal("0.01")
money = st.decimals(min_value=0, max_value=3000, places=2)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 9, 20))
# the lines that pay for getting there (not tolls, parking, rides, lodging or meals)
TRANSPORT = ("mileage", "rental car", "fuel", "bus or train", "own car", "rental extra")


def _transport_paid(result: dict[str, Any]) -> Decimal:
    return sum(
        (Decimal(i["amount"]) for i in result["items"] if i["category"].startswith(TRANSPORT)),
        Decimal(0),
    )


@st.composite
def compared_trips(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(days)
    vehicle = draw(st.sampled_from(["rental", "bus_or_train", "personal"]))
    nights = draw(st.integers(1 if vehicle == "personal" else 0, 3))
    trip: dict[str, Any] = {
        "trip_type": "overnight" if nights else "day",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=nights)).isoformat(),
        "vehicle": vehicle,
    }
    if draw(st.booleans()) or vehicle == "personal":
        trip["miles"] = draw(st.integers(0, 3000))
    if draw(st.booleans()) or vehicle == "personal":
        trip["airfare"] = f"{draw(money):.2f}"
    if vehicle == "rental":
        trip["rental_cost"] = f"{draw(money):.2f}"
        trip["fuel_receipts"] = f"{draw(money):.2f}"
        extras = draw(st.lists(st.sampled_from(["collision_damage_waiver", "liability_insurance"])))
        trip["rental_extras"] = [{"kind": kind, "amount": "12.00"} for kind in extras[:6]]
    if vehicle == "bus_or_train":
        trip["bus_train_fare"] = f"{draw(money):.2f}"
    return trip


@FAST
@given(compared_trips())
def test_a_lesser_of_item_never_exceeds_any_alternative(trip: dict[str, Any]) -> None:
    result = calculate("travel", trip, policy_of("docs"))
    paid = _transport_paid(result)
    if "miles" in trip:
        rate = Decimal("0.67") if trip["start_date"] < "2025" else Decimal("0.70")
        rate = Decimal("0.725") if trip["start_date"] >= "2026" else rate
        mileage = (trip["miles"] * rate).quantize(CENT, ROUND_HALF_UP)
        assert paid <= mileage, (paid, mileage)
    if "airfare" in trip:
        assert paid <= Decimal(trip["airfare"]), (paid, trip["airfare"])
    own = {
        "rental": lambda: (
            Decimal(trip["rental_cost"])
            + Decimal(trip["fuel_receipts"])
            + 12 * sum(1 for e in trip["rental_extras"] if e["kind"] == "collision_damage_waiver")
        ),
        "bus_or_train": lambda: Decimal(trip.get("bus_train_fare", "0")),
        "personal": lambda: paid,
    }[trip["vehicle"]]()
    assert paid <= own
    limited = [w for w in result["warnings"] if w["amount"] and w["category"] != "rental extra"]
    refused = sum((Decimal(w["amount"]) for w in limited if "tip" not in w["category"]), Decimal(0))
    if trip["vehicle"] != "personal":
        assert (
            paid
            + refused
            - 12
            * sum(1 for e in trip.get("rental_extras", []) if e["kind"] == "liability_insurance")
            == own
        )


@FAST
@given(
    st.lists(st.decimals(min_value=0, max_value=600, places=2), min_size=1, max_size=4),
    st.decimals(min_value=Decimal("0.01"), max_value=400, places=2),
    st.sampled_from(["docs", "examples/county/docs"]),
)
def test_hotel_tax_never_exceeds_the_rate_times_the_allowed_cost(
    rates: list[Decimal], taxes: Decimal, handbook: str
) -> None:
    if not sum(rates):
        rates[0] = Decimal("1.00")
    start = date(2026, 3, 2)
    trip = {
        "trip_type": "overnight",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=len(rates))).isoformat(),
        "vehicle": "none",
        "lodging": [f"{r:.2f}" for r in rates],
        "lodging_taxes": f"{taxes:.2f}",
        "event_days": 2,
        "office_to_destination_miles": 100,
    }
    result = calculate("travel", trip, policy_of(handbook))
    allowed = sum(
        (Decimal(i["amount"]) for i in result["items"] if i["category"] == "lodging"), Decimal(0)
    )
    paid = sum(
        (Decimal(i["amount"]) for i in result["items"] if i["category"] == "hotel taxes"),
        Decimal(0),
    )
    rate = taxes / sum(rates)  # the tax rate the hotel charged
    assert paid <= taxes
    assert paid <= (rate * allowed).quantize(CENT, ROUND_HALF_UP)
    assert paid * sum(rates) <= taxes * allowed + CENT / 2 * sum(rates)  # rounding only
    refused = [w for w in result["warnings"] if w["category"] == "hotel taxes"]
    assert paid + sum((Decimal(w["amount"]) for w in refused), Decimal(0)) == taxes


def _numeric_fields(fields: list[dict[str, Any]], where: str) -> list[tuple[str, Any, Any]]:
    found = []
    for field in fields:
        name = f"{where}{field['name']}"
        if field["type"] in ("integer", "decimal", "money"):
            found.append((name, field["minimum"], field["maximum"]))
        if field["type"] == "list":
            found.append((f"{name} (items)", "0", field["maximum"]))
            if field["item_fields"]:
                found += _numeric_fields(field["item_fields"], f"{name}[].")
            elif field["item_type"] in ("integer", "decimal", "money"):
                found.append((f"{name}[]", field["item_minimum"], field["item_maximum"]))
    return found


def test_every_number_and_list_item_has_bounds() -> None:
    for calc in describe_all():
        for name, low, high in _numeric_fields(calc["fields"], f"{calc['name']}."):
            assert low is not None and high is not None, f"{name} has no bounds"


def test_tables_state_the_new_rules() -> None:
    from calculators.tables import render

    docs, county = policy_of("docs"), policy_of("examples/county/docs")
    assert render("lesser-of", docs).rows == (
        ("Your own car, overnight trip", "the most economical airfare"),
        ("Bus or train", "mileage, the most economical airfare"),
        (
            "Rental car as the main transport (with its paid extras and fuel)",
            "mileage, the most economical airfare",
        ),
    )
    assert render("lesser-of", county).rows == ()
    assert render("rental-extras", county).rows == (
        ("Collision damage waiver", "Yes, at cost"),
        ("Loss damage waiver", "Yes, at cost"),
        ("Additional driver (for business)", "No"),
        ("Supplemental liability insurance", "No"),
        ("Personal accident insurance", "No"),
        ("Personal effects insurance", "No"),
    )
    assert render("ride-tips", docs).rows == (
        ("Rideshare (Uber, Lyft…)", "Up to 15% of the fare"),
        ("Taxi", "Not reimbursed"),
    )
    assert render("ride-tips", county).rows[0] == ("Rideshare (Uber, Lyft…)", "Not reimbursed")
    per_diem = render("per-diem", docs)
    assert per_diem.rows[0] == ("October 1, 2023", "$107.00", "$59.00", "$44.25")
    assert "to September 30, 2026" in per_diem.note


def test_bad_travel_parameters_are_policy_errors() -> None:
    import pytest

    from calculators import PolicyError
    from calculators.tables import render

    docs = policy_of("docs")
    broken = {
        **docs,
        "parameters": {
            **docs["parameters"],
            "travel": {
                **docs["parameters"]["travel"],
                "lesser_of": {"rental_car": ["train"]},
                "rental_extras_paid": "all",
                "lodging_taxes_paid_on": "some",
            },
        },
    }
    with pytest.raises(PolicyError, match=r"lesser_of\.rental_car"):
        render("lesser-of", broken)
    with pytest.raises(PolicyError, match="rental_extras_paid"):
        render("rental-extras", broken)
    trip = {"trip_type": "day", "start_date": "2026-03-02", "vehicle": "rental", "miles": 10}
    with pytest.raises(PolicyError, match=r"lesser_of\.rental_car"):
        calculate("travel", {**trip, "rental_cost": "10.00"}, broken)
    extras = [{"kind": "collision_damage_waiver", "amount": "1.00"}]
    with pytest.raises(PolicyError, match="rental_extras_paid"):
        calculate("travel", {**trip, "rental_cost": "1.00", "rental_extras": extras}, broken)
    overnight = {
        "trip_type": "overnight",
        "start_date": "2026-03-02",
        "end_date": "2026-03-03",
        "vehicle": "none",
        "lodging": ["200.00"],
        "lodging_taxes": "10.00",
    }
    with pytest.raises(PolicyError, match="lodging_taxes_paid_on"):
        calculate("travel", overnight, broken)


def test_relation_names_ignore_case_and_spaces() -> None:
    policy = policy_of("docs")
    plain = calculate("nepotism", {"relation": "mother-in-law"}, policy)
    shouted = calculate("nepotism", {"relation": "  Mother-In-LAW "}, policy)
    assert shouted == plain and plain["degree"] == 1
