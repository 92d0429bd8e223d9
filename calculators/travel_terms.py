"""The travel calculator's vocabulary, shared by its inputs and its tables: the rental extras,
the kinds of ride, and the names used under ``travel.lesser_of``."""

from __future__ import annotations

from calculators.inputs import Choice

__all__ = ["ALTERNATIVES", "LESSER_OF_MODES", "RENTAL_EXTRAS", "RIDES", "TIP_SHARE"]

RENTAL_EXTRAS = (
    Choice("collision_damage_waiver", "Collision damage waiver"),
    Choice("loss_damage_waiver", "Loss damage waiver"),
    Choice("additional_driver", "Additional driver (for business)"),
    Choice("liability_insurance", "Supplemental liability insurance"),
    Choice("personal_accident_insurance", "Personal accident insurance"),
    Choice("personal_effects_insurance", "Personal effects insurance"),
)
RIDES = (Choice("rideshare", "Rideshare (Uber, Lyft…)"), Choice("taxi", "Taxi"))
# the parameter giving the most of the fare paid as the driver's tip, by kind of ride
TIP_SHARE = {"rideshare": "travel.rideshare_tip_max_share", "taxi": "travel.taxi_tip_max_share"}
# the transport each lesser-of rule limits, by the name used under travel.lesser_of
LESSER_OF_MODES = {
    "personal_car_overnight": "own car",
    "bus_or_train": "bus or train fare",
    "rental_car": "rental car",
}
ALTERNATIVES = {"mileage": "mileage", "airfare": "the most economical airfare"}
