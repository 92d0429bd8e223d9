"""The one boundary between the calculators and whatever calls them with JSON text: the browser
worker (Pyodide), the Node parity runner (``tests/pyodide/run_cases.mjs``) and the command line.

The input is read with limits checked before the parts they protect: its size before it is
parsed, its nesting depth before the (recursive) parser sees it, every number by its text
before it becomes a number (no integer digit limit, no ``float('inf')``), duplicate keys
refused. A number that cannot be read stays in place as a :class:`~calculators.inputs.BadNumber`,
so the error names the field it was given for.

:func:`run` and :func:`run_json` never raise. They answer one JSON object:

- ``{"result": {...}}`` — the calculator's result (with ``headline``, ``display``,
  ``explanation`` and ``citations``);
- ``{"error": {"field": "...", "message": "..."}}`` — bad input, ``field`` naming the input at
  fault (``"input"`` for text that is not JSON or breaks a limit, ``"calculator"`` for an
  unknown name); ``field`` is ``"policy"`` when the handbook lacks or garbles a parameter, and
  ``null`` for an unexpected failure (a bug), whose message still says what happened.

So the callers never guess from an exception's class or message what kind of failure it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from calculators.errors import InputError, PolicyError
from calculators.inputs import MAX_NUMBER_CHARS, BadNumber, shown
from calculators.policy import PolicyMergeError
from calculators.registry import calculate

__all__ = [
    "MAX_DEPTH",
    "MAX_INPUT_CHARS",
    "POLICY_FIELD",
    "evaluate",
    "parse_inputs",
    "run",
    "run_json",
]

MAX_INPUT_CHARS = 100_000  # the largest real input (every list at its maximum) is under 20,000
MAX_DEPTH = 16  # an input is an object of lists of objects: depth 3
POLICY_FIELD = "policy"  # the error field of a fault in the handbook (not in the input)
# a string (to its closing quote, or to the end when it has none: one pass, no backtracking)
# or a bracket; only brackets are captured
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*+\\?(?:"|\Z)|([\[\]{}])', re.DOTALL)


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _int(text: str) -> Decimal | BadNumber:
    if len(text.lstrip("-")) > MAX_NUMBER_CHARS:
        return BadNumber(text, f"is too large: {len(text.lstrip('-'))} digits")
    return Decimal(text)


def _float(text: str) -> Decimal | BadNumber:
    if len(text) > MAX_NUMBER_CHARS:
        return BadNumber(text, f"is too long to be a figure: {len(text)} characters")
    try:
        return Decimal(text)
    except ArithmeticError:  # an exponent beyond what Decimal holds
        small = "e-" in text.lower()
        return BadNumber(text, "is too small to be a figure" if small else "is too large")


def _constant(text: str) -> BadNumber:
    return BadNumber(text, "is not a number" if text == "NaN" else "is too large (infinite)")


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (brackets inside strings
    do not count), found without recursion."""
    depth = deepest = 0
    for bracket in _TOKEN.findall(text):
        if not bracket:
            continue
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_inputs(text: str) -> Any:
    """The input JSON as Python values: numbers as ``Decimal`` (or ``BadNumber``), no
    duplicate keys, within :data:`MAX_INPUT_CHARS` and :data:`MAX_DEPTH`.

    An empty text is an empty object.

    Raises:
        InputError: On field ``input`` (or the duplicated key) saying what is wrong.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(
            "input",
            f"the input is too large ({len(text):,} characters; at most {MAX_INPUT_CHARS:,})",
        )
    if not text.strip():
        return {}
    if _depth(text) > MAX_DEPTH:
        raise InputError("input", f"the input is nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except _DuplicateKeyError as exc:
        raise InputError(
            shown(exc.key) or "input",
            f"'{shown(exc.key)}' is given twice; give each field once",
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            "input",
            f"the input is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
        ) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InputError("input", "the input is nested too deeply") from None


def evaluate(name: str, inputs_json: str, policy: Mapping[str, Any]) -> dict[str, Any]:
    """Parse ``inputs_json`` and run calculator ``name`` with the handbook's ``policy``.

    Raises:
        InputError: Bad input (naming the field).
        PolicyError: The handbook lacks a parameter the calculation needs.
    """
    return calculate(name, parse_inputs(inputs_json), policy)


_policy_cache: tuple[str, Any] | None = None  # the last policy text parsed, and its value


def _error(field: str | None, message: str) -> dict[str, Any]:
    return {"error": {"field": field, "message": message}}


def _parse_policy(text: str) -> Any:
    """The policy document; the last one is kept, as every call of a page sends the same text."""
    global _policy_cache
    if _policy_cache is not None and _policy_cache[0] == text:
        return _policy_cache[1]
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyError(f"policy.json is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(value, dict):
        raise PolicyError("policy.json must hold an object (the merged policy)")
    _policy_cache = (text, value)
    return value


def run(name: str, inputs_json: str, policy: Mapping[str, Any] | str) -> dict[str, Any]:
    """Run a calculator on input JSON text; the answer as a dict (see the module docstring).

    Args:
        name: The calculator's name.
        inputs_json: The input object as JSON text (empty text is ``{}``), read by
            :func:`parse_inputs` with its limits.
        policy: The merged policy, as a mapping or as JSON text (``policy.json``).

    Returns:
        ``{"result": ...}`` or ``{"error": {"field", "message"}}``; never raises for a
        calculator's failure.
    """
    try:
        doc = _parse_policy(policy) if isinstance(policy, str) else policy
        return {"result": evaluate(str(name), str(inputs_json), doc)}
    except InputError as exc:
        return exc.to_json()
    except (PolicyError, PolicyMergeError) as exc:
        return _error(POLICY_FIELD, str(exc))
    except Exception as exc:  # a bug: reported as data, never a traceback in the page
        return _error(None, f"the calculator failed ({type(exc).__name__}: {exc})")


def run_json(name: str, inputs_json: str, policy_json: str) -> str:
    """Run a calculator: JSON text in, JSON text out, never raising (the browser's worker).

    Args:
        name: The calculator's name.
        inputs_json: The input object as JSON text.
        policy_json: The merged policy as JSON text (``policy.json`` of the site bundle).

    Returns:
        ``{"result": ...}`` or ``{"error": {"field", "message"}}`` as JSON text (ASCII, so a
        lone surrogate in a message cannot break the encoding).
    """
    return json.dumps(run(name, inputs_json, policy_json))
