"""Travel tables shown in the handbook's pages, from the same parameters the travel calculator
reads: mileage rates by date, the per diem (lodging and meals) by date, the lesser-of
comparisons, rental extras and tips by kind of ride."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators.money import money_str, rate_str, to_money
from calculators.policy import PolicyError, PolicyReader, to_policy_decimal
from calculators.tables import Table, register_table
from calculators.travel_terms import ALTERNATIVES, LESSER_OF_MODES, RENTAL_EXTRAS, RIDES, TIP_SHARE

__all__ = ["lesser_of", "mileage_rates", "per_diem", "rental_extras", "ride_tips"]


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _rate(value: object, path: str) -> str:
    """A per-mile rate with at least two decimals and no rounding ($0.725 stays $0.725)."""
    return f"${rate_str(to_policy_decimal(path, value))}"


@register_table("mileage-rates")
def mileage_rates(reader: PolicyReader) -> Table:
    """Mileage rate per mile, by the date it took effect."""
    rows = tuple(
        (
            _long_date(day) if day != date.min else "Always",
            _rate(value, "travel.mileage_rate"),
        )
        for day, value in reader.history("travel.mileage_rate")
    )
    return Table(
        caption="Mileage rate",
        headers=("In force from", "Rate per mile"),
        rows=rows,
        note="The rate in force on the first day of the trip applies.",
    )


def _in_force(history: dict[date, object], day: date) -> object | None:
    """The value of a dated history in force on ``day`` (``None`` before the first)."""
    earlier = [d for d in history if d <= day]
    return history[max(earlier)] if earlier else None


def _dollars(value: object | None, path: str, share: Decimal = Decimal(1)) -> str:
    if value is None:
        return "—"
    return f"${money_str(to_money(to_policy_decimal(path, value) * share))}"


@register_table("per-diem")
def per_diem(reader: PolicyReader) -> Table:
    """Standard lodging cap and meals-and-incidentals rate by date, with the first/last day."""
    meals = dict(reader.history("travel.standard_mie"))
    has_lodging = reader.has("travel.standard_lodging")
    lodging = dict(reader.history("travel.standard_lodging")) if has_lodging else {}
    share = reader.decimal("travel.first_last_day_mie_share")
    headers = ["In force from", "Meals and incidentals a day", "First and last day"]
    if has_lodging:
        headers.insert(1, "Lodging a night (standard)")
    rows = []
    for day in sorted(set(meals) | set(lodging)):
        mie = _in_force(meals, day)
        row = [
            _long_date(day) if day != date.min else "Always",
            _dollars(mie, "travel.standard_mie"),
            _dollars(mie, "travel.standard_mie", share),
        ]
        if has_lodging:
            row.insert(1, _dollars(_in_force(lodging, day), "travel.standard_lodging"))
        rows.append(tuple(row))
    lodging_note = (
        "Lodging is paid up to the rate for the place (the standard rate where none is set); "
        if has_lodging
        else "Lodging is paid at cost; "
    )
    share_words = f"{share * 100:.0f}%"
    through = reader.date("travel.standard_rates_published_through")
    return Table(
        caption="Per diem (standard rates)",
        headers=tuple(headers),
        rows=tuple(rows),
        note=lodging_note
        + f"meals are paid at the rate for the place, {share_words} on the first and last day. "
        f"Standard rates are published here to {_long_date(through)}; a later day uses the last "
        "rate, with a warning to check it.",
    )


_MODE_NAMES = {
    "personal_car_overnight": "Your own car, overnight trip",
    "bus_or_train": "Bus or train",
    "rental_car": "Rental car as the main transport (with its paid extras and fuel)",
}


@register_table("lesser-of")
def lesser_of(reader: PolicyReader) -> Table:
    """Each way of travelling the handbook limits, and what it is compared with."""
    rows = []
    for mode in LESSER_OF_MODES:
        path = f"travel.lesser_of.{mode}"
        if not reader.has(path):
            continue
        listed = reader.get(path)
        if not isinstance(listed, list) or not set(listed) <= set(ALTERNATIVES):
            raise PolicyError(f"policy parameter '{path}' must be a list of mileage, airfare")
        rows.append((_MODE_NAMES[mode], ", ".join(ALTERNATIVES[name] for name in listed)))
    return Table(
        caption="Paid at no more than",
        headers=("Way of travelling", "Compared with (the lesser is paid)"),
        rows=tuple(rows),
        note="Mileage is the reimbursable miles at the rate in force on the first day of the "
        "trip. A figure not entered on the claim is not compared.",
    )


@register_table("rental-extras")
def rental_extras(reader: PolicyReader) -> Table:
    """Which extras charged on a rental car are paid."""
    paid = reader.get("travel.rental_extras_paid")
    if not isinstance(paid, list):
        raise PolicyError("policy parameter 'travel.rental_extras_paid' must be a list")
    return Table(
        caption="Rental car extras",
        headers=("Extra", "Reimbursed"),
        rows=tuple((c.label, "Yes, at cost" if c.value in paid else "No") for c in RENTAL_EXTRAS),
        note="Taxes and mandatory fees are part of the rental cost.",
    )


@register_table("ride-tips")
def ride_tips(reader: PolicyReader) -> Table:
    """The driver's tip paid for each kind of ride."""
    rows = []
    for ride in RIDES:
        share = reader.decimal(TIP_SHARE[ride.value])
        rows.append(
            (ride.label, f"Up to {share * 100:.0f}% of the fare" if share else "Not reimbursed")
        )
    return Table(
        caption="Drivers' tips",
        headers=("Kind of ride", "Tip"),
        rows=tuple(rows),
        note="Fares are paid at cost; the tip is worked out ride by ride, rounded to the cent.",
    )
