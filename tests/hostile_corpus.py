"""A generated corpus of hostile calculator inputs (issue 12), for the CLI, the in-process
boundary and the worker path under Pyodide. Not a test module itself.

Each item starts from the inputs of a real case (``tests/cases``) and is made hostile by one or
more generated mutations, every one of which the calculators must refuse: a number beyond any
figure (thousands of digits, an exponent like ``1e9999999999``, ``NaN``, ``Infinity``), arrays or
objects nested deeper than the limit, a lone surrogate in a key or a value (escaped or raw),
a duplicate key, a list or a string of a million items, a value of the wrong type, a truncated
text, or a whole text that is not an object. Items are built from a ``random.Random``, so the
same seed gives the same corpus (hypothesis passes its own ``Random`` for shrinking).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from tests.case_data import Case, all_cases

__all__ = ["HostileItem", "corpus", "hostile_item"]


@dataclass(frozen=True)
class _Raw:
    """JSON text written as it is (a fragment JSON cannot produce from Python values)."""

    text: str


class _Pairs(list):
    """An object written from (key, value) pairs, so a key can appear twice."""


@dataclass(frozen=True)
class HostileItem:
    """One hostile input: the calculator, the handbook's case folder key, the text, and the
    mutations applied (for the failure message)."""

    calculator: str
    handbook: str
    text: str
    mutations: tuple[str, ...]


def _dump(value: Any) -> str:
    if isinstance(value, _Raw):
        return value.text
    if isinstance(value, dict):
        return _dump(_Pairs(value.items()))
    if isinstance(value, _Pairs):
        return "{" + ",".join(f"{json.dumps(k)}:{_dump(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dump(v) for v in value) + "]"
    return json.dumps(value)


def _surrogate(rnd: random.Random) -> str:
    return chr(rnd.randrange(0xD800, 0xE000))


def _hostile_value(rnd: random.Random) -> tuple[str, _Raw]:
    """A value no field accepts, and its name."""
    kind = rnd.choice(
        [
            "digits",
            "exponent",
            "tiny-exponent",
            "constant",
            "deep-array",
            "deep-object",
            "surrogate-escaped",
            "surrogate-raw",
            "million-list",
            "million-string",
            "number-as-long-text",
            "object",
        ]
    )
    if kind == "digits":
        sign = rnd.choice(["", "-"])
        return kind, _Raw(sign + "9" * rnd.randint(4301, 60_000))
    if kind == "exponent":
        return kind, _Raw(f"{rnd.choice(['1', '-2.5', '0.1'])}e{rnd.randint(400, 10**18)}")
    if kind == "tiny-exponent":
        return kind, _Raw(f"1.5E-{rnd.randint(400, 10**18)}")
    if kind == "constant":
        return kind, _Raw(rnd.choice(["NaN", "Infinity", "-Infinity"]))
    if kind == "deep-array":
        depth = rnd.choice([17, 100, 5_000, 49_000])
        return kind, _Raw("[" * depth + "1" + "]" * depth)
    if kind == "deep-object":
        depth = rnd.choice([17, 1_000, 20_000])
        return kind, _Raw('{"a":' * depth + "1" + "}" * depth)
    if kind == "surrogate-escaped":
        return kind, _Raw(json.dumps(f"x{_surrogate(rnd)}y"))
    if kind == "surrogate-raw":
        return kind, _Raw('"' + _surrogate(rnd) + '"')
    if kind == "million-list":
        return kind, _Raw("[" + ",".join(["0"] * 1_000_000) + "]")
    if kind == "million-string":
        return kind, _Raw('"' + "7" * 1_000_000 + '"')
    if kind == "number-as-long-text":
        return kind, _Raw(json.dumps("1" * rnd.randint(41, 5_000)))
    return kind, _Raw(json.dumps({"nested": [rnd.random()]}))


def _objects(value: Any) -> list[dict[str, Any]]:
    """Every object in a parsed input (the top level first)."""
    found = []
    if isinstance(value, dict):
        found.append(value)
        for child in value.values():
            found += _objects(child)
    elif isinstance(value, list):
        for child in value:
            found += _objects(child)
    return found


def _mutate(rnd: random.Random, inputs: dict[str, Any]) -> tuple[Any, str]:
    """Apply one mutation in place; return the (possibly replaced) top value and its name."""
    if isinstance(inputs, _Pairs):  # the top level already has a duplicate key
        inputs.append((_surrogate(rnd), 1))
        return inputs, "surrogate key"
    objects = [o for o in _objects(inputs) if o]
    kind = rnd.choice(["value", "value", "value", "duplicate", "surrogate-key"])
    if kind == "value" and objects:
        target = rnd.choice(objects)
        key = rnd.choice(list(target))
        name, value = _hostile_value(rnd)
        target[key] = value
        return inputs, f"{key}={name}"
    if kind == "duplicate" and objects:
        target = rnd.choice(objects)
        key = rnd.choice(list(target))
        pairs = _Pairs(target.items())
        pairs.insert(rnd.randrange(len(pairs) + 1), (key, target[key]))
        if target is inputs:
            return pairs, f"duplicate {key}"
        for parent in _objects(inputs):
            for name, child in parent.items():
                if child is target:
                    parent[name] = pairs
                elif isinstance(child, list) and any(item is target for item in child):
                    child[:] = [pairs if item is target else item for item in child]
        return inputs, f"duplicate {key}"
    key = rnd.choice(["", "x", "trip_type"]) + _surrogate(rnd)
    target = rnd.choice(objects) if objects else inputs
    target[key] = 1
    return inputs, "surrogate key"


def _whole_text(rnd: random.Random, text: str) -> tuple[str, str]:
    kind = rnd.choice(["truncated", "not-an-object", "size"])
    if kind == "truncated" and len(text) > 2:
        return text[: rnd.randrange(1, len(text) - 1)], kind
    if kind == "not-an-object":
        return rnd.choice(["null", "[]", "true", '"travel"', "1e9999999999", "[" * 40]), kind
    return " " * 100_001 + text, "size"


@cache
def _bases() -> list[Case]:
    return [case for case in all_cases() if isinstance(case.inputs, dict) and case.inputs]


def hostile_item(rnd: random.Random) -> HostileItem:
    """One generated hostile input."""
    case = rnd.choice(_bases())
    inputs: Any = json.loads(json.dumps(case.inputs))
    if rnd.random() < 0.15:
        text, name = _whole_text(rnd, json.dumps(inputs))
        return HostileItem(case.calculator, case.handbook, text, (name,))
    names = []
    for _ in range(rnd.randint(1, 3)):
        inputs, name = _mutate(rnd, inputs)
        names.append(name)
    return HostileItem(case.calculator, case.handbook, _dump(inputs), tuple(names))


def corpus(seed: int, count: int) -> list[HostileItem]:
    """``count`` hostile items generated from ``seed``."""
    rnd = random.Random(seed)
    return [hostile_item(rnd) for _ in range(count)]
