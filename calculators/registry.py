"""The calculators by name: register, describe, and calculate (validate -> compute -> JSON)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from calculators.display import present
from calculators.errors import InputError
from calculators.inputs import Field, describe_fields, validate_inputs
from calculators.policy import PolicyReader

__all__ = [
    "Calculator",
    "calculate",
    "calculator_names",
    "describe",
    "describe_all",
    "get_calculator",
    "register",
    "to_json",
]

_CALCULATORS: dict[str, Calculator] = {}


@dataclass(frozen=True)
class Calculator:
    """A calculator: its inputs and the function that computes a result from typed inputs.

    ``compute(inputs, reader)`` returns the figures and ``explanation``; ``calculate`` adds
    ``citations`` from the reader.
    """

    name: str
    title: str
    summary: str
    fields: tuple[Field, ...]
    compute: Callable[[dict[str, Any], PolicyReader], dict[str, Any]]


def register(calc: Calculator) -> Calculator:
    """Add a calculator to the registry (registering the same name again replaces it).

    Args:
        calc: The calculator.

    Returns:
        The same calculator, so modules can write ``LEAVE = register(Calculator(...))``.
    """
    _CALCULATORS[calc.name] = calc
    return calc


def get_calculator(name: str) -> Calculator:
    """The calculator called ``name``.

    Raises:
        InputError: On field ``calculator`` when there is none by that name.
    """
    try:
        return _CALCULATORS[name]
    except (KeyError, TypeError):
        known = ", ".join(calculator_names()) or "none"
        raise InputError(
            "calculator", f"no calculator named {name!r}; the calculators are {known}"
        ) from None


def calculator_names() -> list[str]:
    """The registered calculator names, sorted."""
    return sorted(_CALCULATORS)


_PLAIN = (str, int, float, bool, type(None))


def to_json(value: Any) -> Any:
    """``value`` as plain JSON: dates ISO, Decimals as strings, tuples as lists."""
    kind = type(value)
    if kind in _PLAIN:  # the common cases first, without abstract-class checks (every result)
        return value
    if kind is dict:
        return {str(k): to_json(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def calculate(name: str, inputs: Mapping[str, Any], policy: Mapping[str, Any]) -> dict[str, Any]:
    """Run a calculator: validate the inputs, compute with the policy, add citations.

    Args:
        name: The calculator's name.
        inputs: The input object as parsed from JSON.
        policy: The handbook's :func:`calculators.policy.merge_policy` document.

    Returns:
        The result as plain JSON, with ``explanation``, ``citations``, ``headline`` and
        ``display`` (:mod:`calculators.display`).

    Raises:
        InputError: Bad or inconsistent input (naming the field).
        PolicyError: The handbook lacks a parameter the calculation needs.
    """
    calc = get_calculator(name)
    typed = validate_inputs(calc.fields, inputs)
    reader = PolicyReader(policy)
    result = dict(calc.compute(typed, reader))
    result.setdefault("explanation", [])
    result["citations"] = reader.citations
    plain = to_json(result)
    plain.update(present(name, to_json(typed), plain))  # headline and display (display.py)
    return plain


def describe(name: str) -> dict[str, Any]:
    """A calculator's name, title, summary and fields, for the browser's form generator.

    Raises:
        InputError: When there is no calculator by that name.
    """
    calc = get_calculator(name)
    return {
        "name": calc.name,
        "title": calc.title,
        "summary": calc.summary,
        "fields": describe_fields(calc.fields),
    }


def describe_all() -> list[dict[str, Any]]:
    """:func:`describe` for every registered calculator, by name."""
    return [describe(name) for name in calculator_names()]
