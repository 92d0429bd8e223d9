"""The limits of an acknowledgement receipt, read from ``schema/receipt.schema.json``.

The schema is the one contract between the acknowledgement page, the receiver and
``receipts verify``; the form's field limits and the settings' statement limit are read from it
here so no copy of a number can drift from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_FILE", "ReceiptLimits", "receipt_limits"]

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "receipt.schema.json"


@dataclass(frozen=True)
class ReceiptLimits:
    """Longest values a receipt may hold (characters, as JSON Schema counts them)."""

    statement: int
    employee: dict[str, int]  # employee field name -> maxLength (fields without one: absent)


def _max_length(node: Any, where: str) -> int:
    value = node.get("maxLength") if isinstance(node, dict) else None
    if not isinstance(value, int) or value < 1:
        raise ValueError(f"{SCHEMA_FILE.name}: {where}: expected a positive maxLength")
    return value


@cache
def receipt_limits() -> ReceiptLimits:
    """The statement's and each employee field's ``maxLength`` in the receipt schema.

    Raises:
        ValueError: The schema has no ``maxLength`` for the statement.
    """
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    properties = schema["properties"]
    employee = properties["employee"]["properties"]
    return ReceiptLimits(
        statement=_max_length(properties["statement"], "properties.statement"),
        employee={
            name: spec["maxLength"]
            for name, spec in employee.items()
            if isinstance(spec.get("maxLength"), int)
        },
    )
