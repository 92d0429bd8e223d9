"""Handbook calculators: leave accrual, travel reimbursement, employment of relatives.

Standard library only, so the same package runs under CPython and in the browser (Pyodide).
"""

from __future__ import annotations

import importlib

from calculators.boundary import run_json
from calculators.errors import InputError, PolicyError
from calculators.policy import PolicyMergeError, PolicyReader, merge_policy
from calculators.registry import calculate, calculator_names, describe, describe_all

__all__ = [
    "CALCULATOR_MODULES",
    "InputError",
    "PolicyError",
    "PolicyMergeError",
    "PolicyReader",
    "calculate",
    "calculator_names",
    "describe",
    "describe_all",
    "merge_policy",
    "run_json",
]

CALCULATOR_MODULES = ("calculators.leave", "calculators.travel", "calculators.nepotism")


def _register_all() -> None:
    """Import each calculator module (each registers itself); a module not written yet is
    skipped, any other import failure is raised."""
    for module in CALCULATOR_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


_register_all()
