"""The one boundary between the calculators and whatever calls them with JSON text: the browser
worker (Pyodide), the Node parity runner (``tests/pyodide/run_cases.mjs``) and the command line.

:func:`run_json` never raises. It answers one JSON object:

- ``{"result": {...}}`` — the calculator's result (with ``headline``, ``display``,
  ``explanation`` and ``citations``);
- ``{"error": {"field": "...", "message": "..."}}`` — bad input, ``field`` naming the input at
  fault (``"input"`` for text that is not JSON, ``"calculator"`` for an unknown name);
  ``field`` is ``"policy"`` when the handbook lacks or garbles a parameter, and ``null`` for an
  unexpected failure (a bug), whose message still says what happened.

So the callers never guess from an exception's class or message what kind of failure it was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from calculators.errors import InputError, PolicyError
from calculators.policy import PolicyMergeError
from calculators.registry import calculate

__all__ = ["POLICY_FIELD", "run", "run_json"]

POLICY_FIELD = "policy"  # the error field of a fault in the handbook (not in the input)

_policy_cache: tuple[str, Any] | None = None  # the last policy text parsed, and its value


def _error(field: str | None, message: str) -> dict[str, Any]:
    return {"error": {"field": field, "message": message}}


def _parse_inputs(text: str) -> Any:
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            "input",
            f"the input is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
        ) from None


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
        inputs_json: The input object as JSON text (empty text is ``{}``).
        policy: The merged policy, as a mapping or as JSON text (``policy.json``).

    Returns:
        ``{"result": ...}`` or ``{"error": {"field", "message"}}``; never raises for a
        calculator's failure.
    """
    try:
        doc = _parse_policy(policy) if isinstance(policy, str) else policy
        return {"result": calculate(str(name), _parse_inputs(str(inputs_json)), doc)}
    except InputError as exc:
        return exc.to_json()
    except (PolicyError, PolicyMergeError) as exc:
        return _error(POLICY_FIELD, str(exc))
    except Exception as exc:  # a bug: still an answer, so one failure never breaks the page
        return _error(None, f"The calculator failed: {type(exc).__name__}: {exc}")


def run_json(name: str, inputs_json: str, policy_json: str) -> str:
    """Run a calculator: JSON text in, JSON text out, never raising.

    Args:
        name: The calculator's name.
        inputs_json: The input object as JSON text.
        policy_json: The merged policy as JSON text (``policy.json`` of the site bundle).

    Returns:
        ``{"result": ...}`` or ``{"error": {"field", "message"}}`` as JSON text.
    """
    return json.dumps(run(name, inputs_json, policy_json), ensure_ascii=False, sort_keys=False)
