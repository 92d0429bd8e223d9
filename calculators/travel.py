"""The travel calculator: what a trip pays, line by line, with the rule and section for each.

Parameters read (under ``travel.``; optional ones may be left out and the rule then does not
apply):

- ``mileage_rate`` (dollars a mile, effective-dated; the rate in force on the first day of the
  trip) · ``home_start_distance`` (``lesser_of_home_and_office`` or ``office``: which one-way
  distance counts when you give both; the trip pays that distance there and back) ·
  optional ``fuel_miles_per_gallon`` (driving your own car when a rental was cheaper pays the
  rental plus fuel at miles × price ÷ this) · optional ``claim_deadline`` (``{days: N}`` after
  the end of the month of travel; mileage claimed later is not paid) · ``carpool_claimed_by``.
- ``paid_at_cost`` (list: ``rental_car``, ``rental_fuel``, ``tolls``, ``parking``,
  ``bus_or_train``, ``airfare``, ``registration_fees``) · ``rental_extras_paid`` (the rental
  extras paid, e.g. ``collision_damage_waiver``; the others are refused) · optional
  ``lesser_of.<mode>`` (``personal_car_overnight``, ``bus_or_train``, ``rental_car``: a list of
  ``mileage``/``airfare``; that way of travelling is paid at no more than the cheapest
  alternative entered, and one not entered is named in a warning).
- ``meals_need_overnight_stay`` · ``standard_mie`` (dated, when no rate for the place is
  entered) · ``first_last_day_mie_share`` · ``standard_rates_published_through`` (a day after it
  uses the last standard rate, with a warning).
- optional ``standard_lodging`` (dated cap a night when no rate for the place is entered; without
  it lodging is paid at cost) · ``lodging_taxes_outside_cap`` · ``lodging_taxes_paid_on``
  (``allowed_lodging``: taxes in proportion to the allowed share of the room rates, 41 CFR
  301-11.16(a); or ``all_lodging``).
- ``rideshare_tip_max_share`` / ``taxi_tip_max_share`` (share of the fare; 0 pays no tips).
- optional ``overnight.min_distance_miles`` / ``overnight.min_event_days`` (an overnight stay is
  paid only beyond that one-way distance from the office and for events of that many days, unless
  an exception is approved) · optional ``home_by_hour`` (no stay when home by that hour).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from calculators import travel_tables  # noqa: F401  (registers the travel tables)
from calculators.dates import add_period, last_day_of_month
from calculators.errors import InputError, PolicyError
from calculators.inputs import Choice, Field
from calculators.money import money_str, rate_str, to_money
from calculators.policy import PolicyReader, to_policy_decimal
from calculators.registry import Calculator, register
from calculators.travel_terms import (
    ALTERNATIVES,
    LESSER_OF_MODES,
    RENTAL_EXTRAS,
    RIDES,
    TIP_SHARE,
)

__all__ = ["FIELDS", "TRAVEL", "compute"]

ZERO = Decimal("0")
VEHICLES = (
    Choice("personal", "My own car"),
    Choice("personal_instead_of_rental", "My own car, though a rental would have been cheaper"),
    Choice("rental", "A rental car"),
    Choice("bus_or_train", "Bus or train"),
    Choice("air", "By air"),
    Choice("none", "No car of my own (rode with a colleague, local transport only)"),
)
_MONEY_MAX = "100000"

FIELDS = (
    Field(
        "trip_type",
        "choice",
        "Kind of trip",
        required=True,
        choices=(Choice("day", "Day trip"), Choice("overnight", "Overnight trip")),
        group="The trip",
    ),
    Field(
        "start_date",
        "date",
        "First day",
        required=True,
        minimum="2000-01-01",
        maximum="2100-12-31",
        group="The trip",
    ),
    Field(
        "end_date",
        "date",
        "Last day",
        "The day you return; a day trip ends the day it starts.",
        minimum="2000-01-01",
        maximum="2100-12-31",
        group="The trip",
    ),
    Field(
        "event_days",
        "integer",
        "Days of the training or event",
        "Some handbooks pay an overnight stay only for events of several days.",
        minimum="1",
        maximum="60",
        group="The trip",
    ),
    Field(
        "exception_approved",
        "boolean",
        "An exception for an overnight stay was approved in advance",
        group="The trip",
        default=False,
    ),
    Field(
        "vehicle",
        "choice",
        "How you travelled",
        required=True,
        choices=VEHICLES,
        group="Getting there",
    ),
    Field(
        "miles",
        "decimal",
        "Miles driven on business",
        "The reimbursable miles for the whole trip — or enter the two one-way distances below.",
        minimum="0",
        maximum="20000",
        group="Getting there",
        unit="miles",
    ),
    Field(
        "home_to_destination_miles",
        "decimal",
        "One way, home to destination",
        minimum="0",
        maximum="10000",
        group="Getting there",
        unit="miles",
    ),
    Field(
        "office_to_destination_miles",
        "decimal",
        "One way, office to destination",
        minimum="0",
        maximum="10000",
        group="Getting there",
        unit="miles",
    ),
    Field(
        "fuel_price",
        "money",
        "Fuel price on your receipts",
        "For your own car when a rental was cheaper.",
        minimum="0",
        maximum="100",
        group="Getting there",
        unit="USD per gallon",
    ),
    Field(
        "airfare",
        "money",
        "Most economical airfare",
        "The round-trip fare you paid if you flew; otherwise the fare you could have flown at. "
        "Some handbooks pay a car, bus, train or rental no more than this.",
        minimum="0",
        maximum=_MONEY_MAX,
        group="Getting there",
        unit="USD",
    ),
    Field(
        "bus_train_fare",
        "money",
        "Bus or train fare",
        "The tickets for the whole trip.",
        minimum="0",
        maximum=_MONEY_MAX,
        group="Getting there",
        unit="USD",
    ),
    Field(
        "rental_cost",
        "money",
        "Rental car cost",
        "What the rental costs or would have cost, with taxes and required fees.",
        minimum="0",
        maximum=_MONEY_MAX,
        group="Getting there",
        unit="USD",
    ),
    Field(
        "rental_extras",
        "list",
        "Rental car extras",
        "Waivers, insurance and extra drivers charged on the rental, one row each.",
        item_fields=(
            Field("kind", "choice", "Extra", required=True, choices=RENTAL_EXTRAS),
            Field(
                "amount", "money", "Amount", required=True, minimum="0", maximum="10000", unit="USD"
            ),
        ),
        maximum="6",
        group="Getting there",
    ),
    Field(
        "fuel_receipts",
        "money",
        "Fuel for the rental car",
        minimum="0",
        maximum=_MONEY_MAX,
        group="Getting there",
        unit="USD",
    ),
    Field(
        "tolls",
        "money",
        "Tolls",
        minimum="0",
        maximum=_MONEY_MAX,
        group="Getting there",
        unit="USD",
    ),
    Field(
        "parking",
        "money",
        "Parking",
        minimum="0",
        maximum=_MONEY_MAX,
        group="Getting there",
        unit="USD",
    ),
    Field(
        "tnc",
        "list",
        "Rideshare and taxi rides",
        "One row a ride: its kind, the fare and any tip.",
        item_fields=(
            Field("kind", "choice", "Kind of ride", required=True, choices=RIDES),
            Field("fare", "money", "Fare", required=True, minimum="0", maximum="10000", unit="USD"),
            Field("tip", "money", "Tip", minimum="0", maximum="10000", default=ZERO, unit="USD"),
        ),
        maximum="100",
        group="Getting there",
    ),
    Field(
        "lodging",
        "list",
        "Nightly room rates",
        "One rate a night, before taxes.",
        item_type="money",
        maximum="60",
        item_minimum="0",
        item_maximum="10000",
        group="Lodging and meals",
        unit="USD",
    ),
    Field(
        "lodging_cap",
        "money",
        "Lodging rate for the place",
        "The federal (GSA) lodging rate for the destination; empty uses the standard rate.",
        minimum="0",
        maximum="10000",
        group="Lodging and meals",
        unit="USD per night",
    ),
    Field(
        "lodging_taxes",
        "money",
        "Hotel taxes",
        minimum="0",
        maximum=_MONEY_MAX,
        group="Lodging and meals",
        unit="USD",
    ),
    Field(
        "mie_rate",
        "money",
        "Meals and incidentals rate for the place",
        "The federal (GSA) M&IE rate for the destination; empty uses the standard rate.",
        minimum="0",
        maximum="1000",
        group="Lodging and meals",
        unit="USD per day",
    ),
    Field(
        "registration_fees",
        "money",
        "Registration fees",
        "For the conference or training, when you paid them yourself.",
        minimum="0",
        maximum=_MONEY_MAX,
        group="The trip",
        unit="USD",
    ),
    Field(
        "claim_date",
        "date",
        "Date you submit the claim",
        "Some handbooks do not pay mileage claimed late.",
        minimum="2000-01-01",
        maximum="2100-12-31",
        group="The claim",
    ),
)


@dataclass
class Claim:
    """The lines of a claim as it is worked out."""

    reader: PolicyReader
    items: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def pay(self, category: str, amount: Decimal, rule: str, parameter: str) -> None:
        """Add a reimbursed line (rounded half-up to cents)."""
        self.items.append(
            {
                "category": category,
                "amount": money_str(to_money(amount)),
                "rule": rule,
                "citation": self.reader.source(parameter),
            }
        )
        self.steps.append(f"{category.capitalize()}: {rule} = ${money_str(to_money(amount))}.")

    def refuse(self, category: str, amount: Decimal | None, reason: str, parameter: str) -> None:
        """Add a warning: an amount (or a kind of expense) not reimbursed, and why."""
        self.warnings.append(
            {
                "category": category,
                "amount": None if amount is None else money_str(to_money(amount)),
                "reason": reason,
                "citation": self.reader.source(parameter),
                "kind": "not_paid",
            }
        )
        shown = "" if amount is None else f" (${money_str(to_money(amount))})"
        self.steps.append(f"Not reimbursed{shown}: {reason}")

    def warn(self, category: str, reason: str, parameter: str) -> None:
        """Add a warning that is not a refusal (no amount): a figure to check."""
        self.warnings.append(
            {
                "category": category,
                "amount": None,
                "reason": reason,
                "citation": self.reader.source(parameter),
                "kind": "check",
            }
        )
        self.steps.append(f"Note: {reason}")

    def pay_lines(self, lines: list[Line]) -> None:
        """Pay each line."""
        for line in lines:
            self.pay(*line)


Line = tuple[str, Decimal, str, str]  # category, amount, rule, parameter (for Claim.pay)


def _dated(reader: PolicyReader, path: str, on: date, field_name: str, what: str) -> Any:
    """A dated parameter on a date the user chose; a date before the first value is their
    input's fault, so it becomes an ``InputError`` on that field."""
    try:
        return reader.get(path, on)
    except PolicyError:
        if not reader.has(path):
            raise
        first = min(day for day, _ in reader.history(path))
        raise InputError(
            field_name,
            f"this handbook has no {what} in force on {on.isoformat()} (its first takes effect "
            f"{first.isoformat()})",
        ) from None


def _place_or_standard(
    claim: Claim, inputs: dict[str, Any], field_name: str, path: str, on: date, what: str
) -> tuple[Decimal, str]:
    """The rate for the place if the user entered one, else the standard rate in force on
    ``on``; with the words saying which. A day after the last fiscal year whose standard rate
    the handbook publishes uses that year's rate and says so in a warning (once per rate)."""
    if inputs[field_name] is not None:
        return inputs[field_name], "the rate for the place you entered"
    reader = claim.reader
    value = _dated(reader, path, on, field_name, what)
    standard = to_money(to_policy_decimal(path, value))
    through = reader.date("travel.standard_rates_published_through")
    if on <= through:
        return standard, f"the standard rate in force on {on.isoformat()}"
    reason = (
        f"no {what} is published in this handbook after {through.isoformat()}; "
        f"${money_str(standard)}, the last published rate, is used from {on.isoformat()} "
        "— check it against the federal (GSA) rate for that fiscal year before you claim."
    )
    if not any(w["category"] == what and w["amount"] is None for w in claim.warnings):
        claim.warn(what, reason, "travel.standard_rates_published_through")
    return standard, f"the last published standard rate (none published for {on.isoformat()})"


def _dates(inputs: dict[str, Any]) -> tuple[date, date, int]:
    start, end, kind = inputs["start_date"], inputs["end_date"], inputs["trip_type"]
    if end is None:
        if kind == "overnight":
            raise InputError("end_date", "an overnight trip needs the day you return")
        end = start
    if end < start:
        raise InputError(
            "end_date",
            f"the last day ({end.isoformat()}) is before the first ({start.isoformat()})",
        )
    nights = (end - start).days
    if kind == "day" and nights:
        raise InputError(
            "end_date", "a day trip starts and ends on the same day; choose an overnight trip"
        )
    if kind == "overnight" and not nights:
        raise InputError("end_date", "an overnight trip ends at least one day after it starts")
    if kind == "day" and inputs["lodging"]:
        raise InputError("lodging", "a day trip has no nights; choose an overnight trip")
    if inputs["lodging_taxes"] and kind == "day":
        raise InputError("lodging_taxes", "a day trip has no hotel; choose an overnight trip")
    if inputs["lodging_taxes"] and not sum(inputs["lodging"] or [], ZERO):
        raise InputError(
            "lodging_taxes", "hotel taxes are charged on the nightly rates: enter those too"
        )
    claimed = inputs["claim_date"]
    if claimed is not None and claimed < end:
        raise InputError(
            "claim_date",
            f"the claim date ({claimed.isoformat()}) is before the trip ended "
            f"({end.isoformat()}); a claim is made after the trip",
        )
    if len(inputs["lodging"] or []) > nights:
        raise InputError(
            "lodging",
            f"the trip has {nights} night(s) but {len(inputs['lodging'])} nightly rates were "
            "entered; enter one rate a night",
        )
    return start, end, nights


def _miles(claim: Claim, inputs: dict[str, Any]) -> Decimal | None:
    """Reimbursable miles for the trip (None when none were given)."""
    miles, home, office = (
        inputs["miles"],
        inputs["home_to_destination_miles"],
        inputs["office_to_destination_miles"],
    )
    if miles is not None and (home is not None or office is not None):
        raise InputError(
            "miles", "give either the miles driven or the two one-way distances, not both"
        )
    if miles is not None:
        return miles
    if home is None and office is None:
        return None
    rule = claim.reader.get("travel.home_start_distance")
    if rule == "lesser_of_home_and_office" and home is None:
        one_way = office
        claim.steps.append(
            f"Starting from the office: {office} mi each way, {2 * office} mi in all."
        )
    elif rule == "lesser_of_home_and_office":
        if office is None:
            raise InputError(
                "office_to_destination_miles",
                "starting from home, both one-way distances are needed to take the lesser",
            )
        one_way = min(home, office)
        claim.steps.append(
            f"Starting from home you are paid the lesser of home → destination ({home} mi) and "
            f"office → destination ({office} mi): {one_way} mi each way, {2 * one_way} mi in all; "
            "driving between home and the office is commuting."
        )
    elif rule == "office":
        if office is None:
            raise InputError(
                "office_to_destination_miles", "miles are measured from your office; enter it"
            )
        one_way = office
        claim.steps.append(
            f"Miles are measured from your office: {office} mi each way, {2 * office} mi in all."
        )
    else:
        raise PolicyError(
            "policy parameter 'travel.home_start_distance' must be lesser_of_home_and_office or "
            f"office, got {rule!r}"
        )
    return 2 * one_way


def _deadline(claim: Claim, inputs: dict[str, Any], end: date) -> tuple[date | None, bool]:
    """The mileage claim deadline (if the handbook sets one) and whether the claim is late."""
    if not claim.reader.has("travel.claim_deadline"):
        return None, False
    month_end = last_day_of_month(end.year, end.month)
    deadline, words = add_period(
        month_end, claim.reader.get("travel.claim_deadline"), "travel.claim_deadline"
    )
    claimed = inputs["claim_date"]
    if claimed is None:
        claim.steps.append(
            f"Mileage must be claimed within {words} after the end of the month of travel: by "
            f"{deadline.isoformat()}."
        )
        return deadline, False
    late = claimed > deadline
    claim.steps.append(
        f"Claimed on {claimed.isoformat()}; the deadline is {deadline.isoformat()} ({words} after "
        f"the end of the month of travel){' — late' if late else ''}."
    )
    return deadline, late


_ONLY_FOR = {
    # input: (the vehicles it belongs to, what to say otherwise)
    "bus_train_fare": (("bus_or_train",), "a bus or train fare is for a trip by bus or train"),
    "rental_extras": (("rental",), "rental extras are for a trip in a rental car"),
    "fuel_receipts": (
        ("rental",),
        "fuel receipts are paid for a rental car; your own car's fuel is in the mileage rate",
    ),
    "rental_cost": (
        ("rental", "personal_instead_of_rental"),
        "a rental cost is for a rental car, or for your own car when a rental was cheaper",
    ),
    "fuel_price": (
        ("personal_instead_of_rental",),
        "the fuel price is for your own car when a rental would have been cheaper",
    ),
    "airfare": (
        ("personal", "personal_instead_of_rental", "rental", "bus_or_train", "air"),
        "airfare is paid when you flew, or compared with the way you travelled",
    ),
}


def _check_combinations(inputs: dict[str, Any]) -> None:
    """Inputs that make no sense with the way of travelling chosen are field errors."""
    vehicle = inputs["vehicle"]
    for name, (vehicles, words) in _ONLY_FOR.items():
        if inputs[name] not in (None, []) and vehicle not in vehicles:
            raise InputError(name, f"{words}; change how you travelled, or clear this field")
    needed = {"bus_or_train": "bus_train_fare", "air": "airfare", "rental": "rental_cost"}
    if vehicle in needed and inputs[needed[vehicle]] is None:
        raise InputError(needed[vehicle], "enter what you paid for the way you travelled")


def _mileage(
    claim: Claim, inputs: dict[str, Any], start: date, miles: Decimal | None
) -> Line | None:
    """Miles × the rate in force on the first day, as a line (None without miles)."""
    if miles is None:
        return None
    value = _dated(claim.reader, "travel.mileage_rate", start, "start_date", "mileage rate")
    rate = to_policy_decimal("travel.mileage_rate", value)
    rule = f"{miles} mi × ${rate_str(rate)} a mile (rate in force on {start.isoformat()})"
    return ("mileage", to_money(miles * rate), rule, "travel.mileage_rate")


def _total(lines: list[Line]) -> Decimal:
    return sum((to_money(line[1]) for line in lines), ZERO)


def _lesser_of(
    claim: Claim,
    mode: str,
    lines: list[Line],
    alternatives: dict[str, Line | Decimal | None],
) -> list[Line]:
    """The lines paid for a way of travelling that the handbook limits to the lesser of its
    cost and some alternatives (``travel.lesser_of.<mode>``): the lines themselves, or one line
    at the cheapest alternative. Alternatives not entered are not compared (said in a step)."""
    path = f"travel.lesser_of.{mode}"
    if not claim.reader.has(path):
        return lines
    listed = claim.reader.get(path)
    if not isinstance(listed, list) or not set(listed) <= set(ALTERNATIVES):
        raise PolicyError(
            f"policy parameter '{path}' must be a list of {', '.join(ALTERNATIVES)}, got {listed!r}"
        )
    own, what = _total(lines), LESSER_OF_MODES[mode]
    compared: dict[str, Decimal] = {}
    for name in listed:
        given = alternatives.get(name)
        if given is None:
            claim.steps.append(
                f"The {what} is paid at no more than {ALTERNATIVES[name]}; none was entered, "
                "so it was not compared (Finance may limit the claim to it)."
            )
        else:
            compared[name] = to_money(given[1] if isinstance(given, tuple) else given)
    if not compared:
        return lines
    cheapest = min(compared, key=lambda name: compared[name])
    named = [f"{ALTERNATIVES[n]} (${money_str(a)})" for n, a in compared.items()]
    words = " and ".join(named) if len(named) < 3 else ", ".join(named[:-1]) + " and " + named[-1]
    if own <= compared[cheapest]:
        claim.steps.append(
            f"The {what} (${money_str(own)}) is not more than {words}: it is paid as it is."
        )
        return lines
    limit = words if len(named) == 1 else f"the least of {words}"
    claim.refuse(
        what,
        own - compared[cheapest],
        f"the {what} (${money_str(own)}) is paid at no more than {limit}.",
        path,
    )
    return [
        (
            f"{what} (limited to {ALTERNATIVES[cheapest]})",
            compared[cheapest],
            f"the lesser of the {what} (${money_str(own)}) and {words}",
            path,
        )
    ]


def _car(claim: Claim, inputs: dict[str, Any], start: date, miles: Decimal | None, late: bool):
    reader, vehicle = claim.reader, inputs["vehicle"]
    _check_combinations(inputs)
    if vehicle == "none":
        if inputs["miles"]:  # one-way distances alone may be given for the overnight rule
            claim.refuse(
                "mileage",
                None,
                f"without a car of your own no mileage is paid; in a shared car the "
                f"{reader.get('travel.carpool_claimed_by')} of the car claims it.",
                "travel.carpool_claimed_by",
            )
        for name in ("tolls", "parking"):
            if inputs[name]:
                claim.refuse(
                    name,
                    inputs[name],
                    f"{name} are paid to whoever claims the car; without a car, the "
                    f"{reader.get('travel.carpool_claimed_by')} claims them.",
                    "travel.carpool_claimed_by",
                )
        return
    mileage = _mileage(claim, inputs, start, miles)
    alternatives: dict[str, Line | Decimal | None] = {
        "mileage": mileage,
        "airfare": inputs["airfare"],
    }
    if vehicle == "rental":
        lines = _rental_lines(claim, inputs)
        if mileage and not reader.has("travel.lesser_of.rental_car"):
            claim.refuse(
                "mileage",
                None,
                "a rental car is paid at cost, so no mileage is paid for it.",
                "travel.paid_at_cost",
            )
        claim.pay_lines(_lesser_of(claim, "rental_car", lines, alternatives))
    elif vehicle == "bus_or_train":
        lines = _at_cost_lines(claim, "bus_or_train", "bus or train", inputs["bus_train_fare"])
        claim.pay_lines(_lesser_of(claim, "bus_or_train", lines, alternatives))
    elif vehicle == "air":
        claim.pay_lines(_at_cost_lines(claim, "airfare", "airfare", inputs["airfare"]))
    else:
        if mileage is None:
            raise InputError(
                "miles", "enter the miles driven (or the one-way distances from home and office)"
            )
        lines = [mileage]
        if vehicle == "personal_instead_of_rental":
            lines = _cheaper_rental(claim, inputs, miles, mileage)
        if inputs["trip_type"] == "overnight":
            only_air = {"airfare": inputs["airfare"]}
            lines = _lesser_of(claim, "personal_car_overnight", lines, only_air)
        if late and _total(lines):
            claim.refuse(
                "mileage",
                _total(lines),
                "mileage claimed after the deadline is not paid.",
                "travel.claim_deadline",
            )
        else:
            claim.pay_lines(lines)
    for name in ("tolls", "parking"):
        if inputs[name]:
            _at_cost(claim, name, name, inputs[name])


def _rental_lines(claim: Claim, inputs: dict[str, Any]) -> list[Line]:
    """A rental car's cost, the extras the handbook pays and its fuel (others refused)."""
    lines = _at_cost_lines(claim, "rental_car", "rental car", inputs["rental_cost"])
    paid = claim.reader.get("travel.rental_extras_paid") if inputs["rental_extras"] else []
    if not isinstance(paid, list):
        raise PolicyError("policy parameter 'travel.rental_extras_paid' must be a list")
    for extra in inputs["rental_extras"] or []:
        label = next(c.label for c in RENTAL_EXTRAS if c.value == extra["kind"])
        category = f"rental extra: {label.lower()}"
        if extra["kind"] in paid:
            lines.append((category, extra["amount"], "at cost", "travel.rental_extras_paid"))
        else:
            claim.refuse(
                category,
                extra["amount"],
                f"{label.lower()} on a rental car is not reimbursed.",
                "travel.rental_extras_paid",
            )
    if inputs["fuel_receipts"]:
        lines += _at_cost_lines(claim, "rental_fuel", "fuel", inputs["fuel_receipts"])
    return lines


def _paid_at_cost(claim: Claim, key: str) -> bool:
    listed = claim.reader.get("travel.paid_at_cost")
    if not isinstance(listed, list):
        raise PolicyError("policy parameter 'travel.paid_at_cost' must be a list")
    return key in listed


def _at_cost_lines(claim: Claim, key: str, category: str, amount: Decimal) -> list[Line]:
    """One line at cost if the handbook lists ``key`` in ``travel.paid_at_cost`` (else the
    amount is refused and no line is returned)."""
    if _paid_at_cost(claim, key):
        return [(category, amount, "at cost", "travel.paid_at_cost")]
    claim.refuse(
        category, amount, f"this handbook does not reimburse {category}.", "travel.paid_at_cost"
    )
    return []


def _at_cost(claim: Claim, key: str, category: str, amount: Decimal) -> None:
    """Pay an expense at cost if the handbook lists it in ``travel.paid_at_cost``."""
    claim.pay_lines(_at_cost_lines(claim, key, category, amount))


def _cheaper_rental(
    claim: Claim, inputs: dict[str, Any], miles: Decimal, mileage: Line
) -> list[Line]:
    """Own car when a rental was cheaper: the lesser of mileage and rental + fuel."""
    reader = claim.reader
    if not reader.has("travel.fuel_miles_per_gallon"):
        raise InputError(
            "vehicle",
            "this handbook has no rule for driving your own car instead of a cheaper rental; "
            "choose 'My own car'",
        )
    for name in ("rental_cost", "fuel_price"):
        if inputs[name] is None:
            raise InputError(name, "needed to compare your mileage with the cheaper rental")
    mpg = reader.decimal("travel.fuel_miles_per_gallon")
    fuel = to_money(miles * inputs["fuel_price"] / mpg)
    rental = to_money(inputs["rental_cost"])
    if rental + fuel >= mileage[1]:
        claim.steps.append(
            f"The rental (${money_str(rental)}) plus fuel (${money_str(fuel)}) would not have been "
            f"cheaper than mileage (${money_str(mileage[1])}), so mileage is paid."
        )
        return [mileage]
    claim.refuse(
        "mileage",
        mileage[1] - rental - fuel,
        f"mileage would be ${money_str(mileage[1])}; a cheaper rental was available, so the "
        "rental plus fuel is paid instead.",
        "travel.fuel_miles_per_gallon",
    )
    return [
        (
            "rental car (instead of mileage)",
            rental,
            "the rental's cost",
            "travel.fuel_miles_per_gallon",
        ),
        (
            "fuel",
            fuel,
            f"{miles} mi × ${inputs['fuel_price']} a gallon ÷ {mpg} mi a gallon",
            "travel.fuel_miles_per_gallon",
        ),
    ]


def _overnight_allowed(claim: Claim, inputs: dict[str, Any]) -> bool:
    reader = claim.reader
    if reader.has("travel.home_by_hour"):
        hour = reader.integer("travel.home_by_hour")
        claim.steps.append(
            f"An overnight stay is paid only when you could not be home safely by {hour}:00 "
            "(counting meal and fuel stops); the figures assume that is so."
        )
    if not reader.has("travel.overnight"):
        return True
    reasons = []
    if reader.has("travel.overnight.min_distance_miles"):
        limit = reader.decimal("travel.overnight.min_distance_miles")
        distance = inputs["office_to_destination_miles"]
        if distance is None:
            raise InputError(
                "office_to_destination_miles",
                f"needed: an overnight stay is paid only more than {limit} miles from the office",
            )
        if distance <= limit:
            reasons.append(f"the destination is {distance} miles away, not more than {limit}")
    if reader.has("travel.overnight.min_event_days"):
        days = reader.integer("travel.overnight.min_event_days")
        event = inputs["event_days"]
        if event is None:
            raise InputError(
                "event_days", f"needed: an overnight stay is paid only for events of {days}+ days"
            )
        if event < days:
            reasons.append(f"the event lasts {event} day(s), fewer than {days}")
    if not reasons:
        claim.steps.append("The trip meets the conditions for an overnight stay.")
        return True
    if inputs["exception_approved"]:
        claim.steps.append(
            "The trip does not meet the conditions for an overnight stay ("
            + "; ".join(reasons)
            + "), but an exception was approved."
        )
        return True
    claim.refuse(
        "lodging and meals",
        None,
        "an overnight stay is not paid: " + "; ".join(reasons) + " (unless an exception is "
        "approved in advance).",
        "travel.overnight.min_distance_miles"
        if reader.has("travel.overnight.min_distance_miles")
        else "travel.overnight",
    )
    return False


def _lodging(claim: Claim, inputs: dict[str, Any], start: date, allowed: bool) -> None:
    reader, rates = claim.reader, inputs["lodging"] or []
    taxes = inputs["lodging_taxes"]
    if not allowed:
        total = sum(rates, ZERO) + (taxes or ZERO)
        if total:
            claim.refuse(
                "lodging", total, "no overnight stay is paid for this trip.", "travel.overnight"
            )
        return
    at_cost = reader.has("travel.lodging_at_cost") and reader.boolean("travel.lodging_at_cost")
    if at_cost and inputs["lodging_cap"] is not None and rates:
        claim.steps.append(
            "Lodging is paid at cost here, so the lodging rate you entered is not used."
        )
    allowed_total = ZERO
    for night, rate in enumerate(rates):
        on = start + timedelta(days=night)
        if at_cost:
            claim.pay(
                "lodging", rate, f"night of {on.isoformat()}, at cost", "travel.lodging_at_cost"
            )
            allowed_total += rate
            continue
        cap, where = _place_or_standard(
            claim, inputs, "lodging_cap", "travel.standard_lodging", on, "standard lodging rate"
        )
        allowed_total += min(rate, cap)
        claim.pay(
            "lodging",
            min(rate, cap),
            f"night of {on.isoformat()}: ${money_str(rate)}, up to ${money_str(cap)} ({where})",
            "travel.standard_lodging",
        )
        if rate > cap:
            claim.refuse(
                "lodging",
                rate - cap,
                f"night of {on.isoformat()} is above the ${money_str(cap)} cap; a higher "
                "rate needs an approved exception.",
                "travel.standard_lodging",
            )
    if taxes:
        _lodging_taxes(claim, taxes, sum(rates, ZERO), allowed_total)


def _lodging_taxes(claim: Claim, taxes: Decimal, charged: Decimal, allowed: Decimal) -> None:
    """Hotel taxes outside the cap, on the reimbursable part of the lodging only where the
    handbook says so (``travel.lodging_taxes_paid_on: allowed_lodging``): in proportion to the
    allowed share of what the rooms cost."""
    reader = claim.reader
    if not reader.boolean("travel.lodging_taxes_outside_cap"):
        claim.refuse(
            "hotel taxes",
            taxes,
            "hotel taxes are part of the lodging cap.",
            "travel.lodging_taxes_outside_cap",
        )
        return
    basis = reader.get("travel.lodging_taxes_paid_on")
    if basis not in ("allowed_lodging", "all_lodging"):
        raise PolicyError(
            "policy parameter 'travel.lodging_taxes_paid_on' must be allowed_lodging or "
            f"all_lodging, got {basis!r}"
        )
    if basis == "all_lodging" or allowed >= charged:
        claim.pay(
            "hotel taxes",
            taxes,
            "at cost, outside the lodging cap",
            "travel.lodging_taxes_paid_on",
        )
        return
    paid = to_money(taxes * allowed / charged)
    claim.pay(
        "hotel taxes",
        paid,
        f"${money_str(taxes)} × ${money_str(allowed)} allowed ÷ ${money_str(charged)} charged: "
        "taxes only on the reimbursable lodging",
        "travel.lodging_taxes_paid_on",
    )
    claim.refuse(
        "hotel taxes",
        taxes - paid,
        "taxes on the part of the room rate above the cap are not reimbursed.",
        "travel.lodging_taxes_paid_on",
    )


def _meals(claim: Claim, inputs: dict[str, Any], start: date, end: date, allowed: bool) -> None:
    reader = claim.reader
    needs_stay = reader.boolean("travel.meals_need_overnight_stay")
    if inputs["trip_type"] == "day" and needs_stay:
        claim.steps.append("Meals are paid only with an overnight stay, so a day trip has none.")
        if inputs["mie_rate"] is not None:
            claim.refuse(
                "meals and incidentals",
                None,
                "meals are paid only with an overnight stay.",
                "travel.meals_need_overnight_stay",
            )
        return
    if inputs["trip_type"] == "overnight" and not allowed:
        return
    share = reader.decimal("travel.first_last_day_mie_share")
    days = (end - start).days + 1
    for offset in range(days):
        on = start + timedelta(days=offset)
        rate, where = _place_or_standard(
            claim, inputs, "mie_rate", "travel.standard_mie", on, "standard meals rate"
        )
        edge = offset in (0, days - 1) and days > 1
        if edge:
            label = "first day" if offset == 0 else "last day"
            claim.pay(
                "meals and incidentals",
                rate * share,
                f"{label} {on.isoformat()}: {share * 100:.0f}% of ${money_str(rate)} ({where})",
                "travel.first_last_day_mie_share",
            )
        else:
            claim.pay(
                "meals and incidentals",
                rate,
                f"{on.isoformat()}: ${money_str(rate)} ({where})",
                "travel.standard_mie"
                if inputs["mie_rate"] is None
                else "travel.meals_need_overnight_stay",
            )


def _rides(claim: Claim, inputs: dict[str, Any]) -> None:
    """Each ride's fare at cost and its tip up to the handbook's share for that kind of ride
    (``travel.rideshare_tip_max_share``, ``travel.taxi_tip_max_share``; 0 pays no tip)."""
    for number, ride in enumerate(inputs["tnc"] or [], 1):
        kind = ride["kind"]
        path = TIP_SHARE[kind]
        share = claim.reader.decimal(path)
        fare, tip = ride["fare"], ride["tip"] if ride["tip"] is not None else ZERO
        allowed = min(tip, to_money(fare * share))
        rule = f"ride {number}: fare ${money_str(fare)}"
        if allowed:
            rule += f" + tip ${money_str(allowed)} (up to {share * 100:.0f}% of the fare)"
        claim.pay(kind, fare + allowed, rule, path)
        if tip > allowed:
            why = (
                f"{kind} tips are paid up to {share * 100:.0f}% of the fare."
                if share
                else f"{kind} tips are not reimbursed."
            )
            claim.refuse(f"{kind} tip", tip - allowed, f"ride {number}: {why}", path)


def compute(inputs: dict[str, Any], reader: PolicyReader) -> dict[str, Any]:
    """Every reimbursable line of a trip, the total and what is not reimbursed.

    Args:
        inputs: Typed inputs (see :data:`FIELDS`).
        reader: The handbook's parameters.

    Returns:
        ``items``, ``total``, ``warnings``, ``days``, ``nights``, ``claim_deadline`` and
        ``explanation``.
    """
    start, end, nights = _dates(inputs)
    claim = Claim(reader)
    claim.steps.append(
        f"Overnight trip from {start.isoformat()} to {end.isoformat()}: "
        f"{nights + 1} days, {nights} night{'s' if nights > 1 else ''}."
        if nights
        else f"Day trip on {start.isoformat()}."
    )
    miles = _miles(claim, inputs)
    deadline, late = _deadline(claim, inputs, end)
    _car(claim, inputs, start, miles, late)
    _rides(claim, inputs)
    if inputs["registration_fees"]:
        _at_cost(claim, "registration_fees", "registration fees", inputs["registration_fees"])
    allowed = inputs["trip_type"] == "overnight" and _overnight_allowed(claim, inputs)
    if inputs["trip_type"] == "overnight":
        _lodging(claim, inputs, start, allowed)
    _meals(claim, inputs, start, end, allowed)
    total = sum((Decimal(item["amount"]) for item in claim.items), ZERO)
    claim.steps.append(f"Total: ${money_str(total)}.")
    return {
        "items": claim.items,
        "total": money_str(total),
        "warnings": claim.warnings,
        "days": (end - start).days + 1,
        "nights": nights,
        "claim_deadline": deadline,
        "explanation": claim.steps,
    }


TRAVEL = register(
    Calculator(
        name="travel",
        title="Travel reimbursement",
        summary="What a business trip pays — mileage, lodging, meals, rides, tolls and parking — "
        "line by line, with the rule and section for each and what is not paid.",
        fields=FIELDS,
        compute=compute,
    )
)
