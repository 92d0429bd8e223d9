"""Calculator inputs: declared once (name, type, label, bounds…), validated here, described for
the browser's form generator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from calculators.dates import is_iso_date
from calculators.errors import InputError

__all__ = ["TYPES", "Choice", "Field", "describe_fields", "validate_inputs"]

LARGEST = Decimal("1e12")  # no input to a handbook calculator is this large
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

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type!r}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"{value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _date(name: str, value: Any) -> date:
    if not is_iso_date(value):
        raise InputError(name, f"expected a date as YYYY-MM-DD, got {_kind(value)}")
    return date.fromisoformat(value)


def _number(name: str, value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(name, f"expected {what}, got {_kind(value)}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(name, f"expected {what}, got {_kind(value)}") from None
    if not number.is_finite():
        raise InputError(name, f"expected {what}, got {_kind(value)}")
    if abs(number) >= LARGEST:
        raise InputError(name, f"is too large ({value!r}); enter a realistic figure")
    return number


def _integer(name: str, value: Any) -> int:
    number = _number(name, value, "a whole number")
    if number != number.to_integral_value():
        raise InputError(name, f"expected a whole number, got {_kind(value)}")
    return int(number)


def _money(name: str, value: Any) -> Decimal:
    number = _number(name, value, "an amount in dollars and cents, e.g. 12.50")
    if number != number.quantize(Decimal("0.01")):
        raise InputError(
            name, f"expected an amount in dollars and cents (two decimals at most), got {value!r}"
        )
    return number


def _choice(field: Field, name: str, value: Any) -> str:
    allowed = [c.value for c in field.choices]
    if not isinstance(value, str) or value not in allowed:
        raise InputError(name, f"expected one of {', '.join(allowed)}; got {_kind(value)}")
    return value


def _bound(field: Field, text: str) -> Any:
    if field.type == "date":
        return date.fromisoformat(text)
    if field.type == "list":
        return int(text)
    return Decimal(text)


def _check_bounds(field: Field, name: str, value: Any) -> None:
    measured = len(value) if field.type == "list" else value
    what = "items" if field.type == "list" else ""
    if field.minimum is not None and measured < _bound(field, field.minimum):
        if field.type == "list":
            raise InputError(name, f"needs at least {field.minimum} {what}")
        raise InputError(name, f"must be {field.minimum} or more, got {_show(value)}")
    if field.maximum is not None and measured > _bound(field, field.maximum):
        if field.type == "list":
            raise InputError(name, f"takes at most {field.maximum} {what}")
        raise InputError(name, f"must be {field.maximum} or less, got {_show(value)}")


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
    else:
        if not isinstance(value, list):
            raise InputError(name, f"expected a list, got {_kind(value)}")
        typed = []
        for index, item in enumerate(value):
            item_name = f"{name}[{index}]"
            if field.item_fields:
                typed.append(_validate(field.item_fields, item, item_name + "."))
            elif item is None:
                raise InputError(item_name, "expected a value, got null")
            else:
                typed.append(_scalar(field, field.item_type or "decimal", item_name, item))
    if field.type not in ("choice", "boolean"):
        _check_bounds(field, name, typed)
    return typed


def _validate(fields: Sequence[Field], raw: Any, prefix: str) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        where = prefix.rstrip(".") or "input"
        raise InputError(where, f"expected a JSON object of named values, got {_kind(raw)}")
    known = {f.name: f for f in fields}
    for key in raw:
        if key not in known:
            named = f"{prefix}{key}" if str(key).strip() else prefix.rstrip(".") or "input"
            raise InputError(
                named,
                f"unknown field {key!r}; the fields are {', '.join(known)}",
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
            }
        )
    return described
