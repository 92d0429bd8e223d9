"""Calculator inputs: declared once (name, type, label, bounds…), validated here, described for
the browser's form generator."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from calculators.dates import is_iso_date
from calculators.errors import InputError

__all__ = [
    "LARGEST",
    "MAX_NUMBER_CHARS",
    "TYPES",
    "BadNumber",
    "Choice",
    "Field",
    "describe_fields",
    "shown",
    "validate_inputs",
]

LARGEST = Decimal("1e12")  # no input to a handbook calculator is this large
MAX_NUMBER_CHARS = 40  # a number written with more characters is refused before it is read
MAX_DECIMAL_PLACES = 10  # finer than any mile, hour or rate a handbook uses
TYPES = ("date", "integer", "decimal", "money", "choice", "boolean", "list")


@dataclass(frozen=True)
class Choice:
    """One allowed value of a ``choice`` field."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One input of a calculator.

    ``minimum``/``maximum`` are strings in the field's own form (``"0"``, ``"2100-12-31"``);
    for a ``list`` they bound the number of items. ``money`` is a ``decimal`` with at most two
    decimal places. ``default`` is used (as given) when the field is absent or null.

    ``item_minimum``/``item_maximum`` bound each item of a list of scalars (a nightly rate).
    """

    name: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    choices: tuple[Choice, ...] = ()
    minimum: str | None = None
    maximum: str | None = None
    default: Any = None
    item_fields: tuple[Field, ...] = ()
    item_type: str | None = None
    group: str | None = None
    unit: str | None = None
    item_minimum: str | None = None
    item_maximum: str | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type!r}")


@dataclass(frozen=True)
class BadNumber:
    """A number in the input text that cannot be read (too many digits, an exponent beyond
    any figure, ``NaN``, ``Infinity``): kept in place of the value by the JSON reader so the
    field it was given for is named in the error."""

    text: str
    problem: str


def shown(text: str, limit: int = 40) -> str:
    """``text`` safe to put in a message: cut to ``limit`` characters, and characters that
    cannot be written as UTF-8 (lone surrogates) written as ``\\udXXX`` escapes."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return cut.encode("utf-8", "backslashreplace").decode("utf-8")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | Decimal | BadNumber):
        return "a number"
    if isinstance(value, str):
        return f"'{shown(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _date(name: str, value: Any) -> date:
    if not is_iso_date(value):
        raise InputError(name, f"expected a date as YYYY-MM-DD, got {_kind(value)}")
    return date.fromisoformat(value)


def _read_number(name: str, value: Any, what: str) -> Decimal:
    """``value`` as a Decimal, or an error that says what is wrong with it."""
    if isinstance(value, BadNumber):
        raise InputError(name, f"{value.problem} ({shown(value.text, 20)}); enter {what}")
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InputError(name, f"expected {what}, got {_kind(value)}")
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise InputError(name, f"is too long to be a figure ({len(text)} characters)")
        try:
            return Decimal(text)
        except ArithmeticError:  # InvalidOperation, or Overflow for an exponent like 1e99999999
            exponent = re.fullmatch(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE]([+-]?)\d+", text)
            if exponent and exponent.group(1) == "-":
                return Decimal("1e-999")  # refused below: too many decimal places
            if exponent:
                return Decimal("Infinity")
            raise InputError(name, f"expected {what}, got {_kind(value)}") from None
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value else Decimal("NaN")
    return Decimal(value)


def _number(name: str, value: Any, what: str) -> Decimal:
    number = _read_number(name, value, what)
    if number.is_nan():
        raise InputError(name, f"is not a number; enter {what}")
    # adjusted() reads the exponent without arithmetic: abs() of 1e9999999999 would overflow
    if not number.is_finite() or (number and number.adjusted() >= LARGEST.adjusted()):
        raise InputError(name, f"is too large; enter a realistic figure (below {LARGEST:,.0f})")
    if not number:
        return Decimal(0)  # 0E+99999999 and -0 are plain zero
    if number.as_tuple().exponent < -MAX_DECIMAL_PLACES:
        raise InputError(name, f"has more than {MAX_DECIMAL_PLACES} decimal places")
    return number


def _integer(name: str, value: Any) -> int:
    number = _number(name, value, "a whole number")
    if number != number.to_integral_value():
        raise InputError(name, f"expected a whole number, got {number}")
    return int(number)


def _money(name: str, value: Any) -> Decimal:
    number = _number(name, value, "an amount in dollars and cents, e.g. 12.50")
    if number != number.quantize(Decimal("0.01")):
        raise InputError(
            name, f"expected an amount in dollars and cents (two decimals at most), got {number}"
        )
    return number


def _choice(field: Field, name: str, value: Any) -> str:
    """The declared choice ``value`` names; case and surrounding spaces are ignored."""
    allowed = [c.value for c in field.choices]
    if isinstance(value, str):
        key = value.strip().casefold()
        for choice in allowed:
            if choice.casefold() == key:
                return choice
    raise InputError(name, f"expected one of {', '.join(allowed)}; got {_kind(value)}")


def _bound(kind: str, text: str) -> Any:
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "list":
        return int(text)
    return Decimal(text)


def _check_bounds(
    kind: str, name: str, value: Any, minimum: str | None, maximum: str | None
) -> None:
    if kind == "list":
        if minimum is not None and len(value) < _bound(kind, minimum):
            raise InputError(name, f"needs at least {minimum} items")
        if maximum is not None and len(value) > _bound(kind, maximum):
            raise InputError(name, f"takes at most {maximum} items, got {len(value)}")
        return
    if minimum is not None and value < _bound(kind, minimum):
        raise InputError(name, f"must be {minimum} or more, got {_show(value)}")
    if maximum is not None and value > _bound(kind, maximum):
        raise InputError(name, f"must be {maximum} or less, got {_show(value)}")


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _scalar(field: Field, kind: str, name: str, value: Any) -> Any:
    if kind == "date":
        return _date(name, value)
    if kind == "integer":
        return _integer(name, value)
    if kind == "decimal":
        return _number(name, value, "a number")
    if kind == "money":
        return _money(name, value)
    if kind == "choice":
        return _choice(field, name, value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise InputError(name, f"expected true or false, got {_kind(value)}")
        return value
    raise InputError(name, f"fields of type {kind!r} cannot be read")  # pragma: no cover


def _value(field: Field, name: str, value: Any) -> Any:
    if field.type != "list":
        typed = _scalar(field, field.type, name, value)
        if field.type not in ("choice", "boolean"):
            _check_bounds(field.type, name, typed, field.minimum, field.maximum)
        return typed
    if not isinstance(value, list):
        raise InputError(name, f"expected a list, got {_kind(value)}")
    _check_bounds("list", name, value, field.minimum, field.maximum)  # by size, before any item
    typed = []
    kind = field.item_type or "decimal"
    for index, item in enumerate(value):
        item_name = f"{name}[{index}]"
        if field.item_fields:
            typed.append(_validate(field.item_fields, item, item_name + "."))
        elif item is None:
            raise InputError(item_name, "expected a value, got null")
        else:
            scalar = _scalar(field, kind, item_name, item)
            if kind not in ("choice", "boolean"):
                _check_bounds(kind, item_name, scalar, field.item_minimum, field.item_maximum)
            typed.append(scalar)
    return typed


def _validate(fields: Sequence[Field], raw: Any, prefix: str) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        where = prefix.rstrip(".") or "input"
        raise InputError(where, f"expected a JSON object of named values, got {_kind(raw)}")
    known = {f.name: f for f in fields}
    for key in raw:
        if key not in known:
            text = shown(str(key))
            named = f"{prefix}{text}" if text.strip() else prefix.rstrip(".") or "input"
            raise InputError(
                named,
                f"unknown field '{text}'; the fields are {', '.join(known)}",
            )
    out: dict[str, Any] = {}
    for field in fields:
        name = f"{prefix}{field.name}"
        value = raw.get(field.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                raise InputError(name, f"{field.label} is required")
            out[field.name] = field.default
            continue
        out[field.name] = _value(field, name, value)
    return out


def validate_inputs(fields: Sequence[Field], raw: Any) -> dict[str, Any]:
    """Check a JSON object against a calculator's fields and convert it to typed values.

    Args:
        fields: The calculator's declared fields.
        raw: The input as parsed from JSON.

    Returns:
        ``{name: value}`` for every declared field: ``date``, ``Decimal``, ``int``, ``bool``,
        ``str`` or ``list`` (of dicts for lists of objects); absent fields get their default.

    Raises:
        InputError: Naming the first field at fault (``tnc[0].tip`` inside lists; the index
            counts from 0) and the form expected.
    """
    return _validate(fields, raw, "")


def _json_default(value: Any) -> Any:
    """A default as JSON: dates ISO, Decimals as strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def describe_fields(fields: Sequence[Field]) -> list[dict[str, Any]]:
    """The fields as JSON for the browser's form generator.

    Args:
        fields: The calculator's declared fields.

    Returns:
        One dict per field with every attribute (choices as ``{value, label}``, item fields
        described recursively).
    """
    described = []
    for field in fields:
        described.append(
            {
                "name": field.name,
                "type": field.type,
                "label": field.label,
                "help": field.help,
                "required": field.required,
                "choices": [{"value": c.value, "label": c.label} for c in field.choices],
                "minimum": field.minimum,
                "maximum": field.maximum,
                "default": _json_default(field.default),
                "item_fields": describe_fields(field.item_fields),
                "item_type": field.item_type,
                "group": field.group,
                "unit": field.unit,
                "item_minimum": field.item_minimum,
                "item_maximum": field.item_maximum,
            }
        )
    return described
