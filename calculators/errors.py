"""Errors: bad input (the reader's fault) and missing policy (the handbook's)."""

from __future__ import annotations

from typing import Any

__all__ = ["InputError", "PolicyError"]


class InputError(ValueError):
    """An input value the calculator cannot use.

    Attributes:
        field: The input field at fault, e.g. ``"hire_date"`` or ``"tnc[0].tip"``.
        message: What is wrong and what to do, in plain language.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def to_json(self) -> dict[str, Any]:
        """The error as the CLI and the browser print it.

        Returns:
            ``{"error": {"field": ..., "message": ...}}``.
        """
        return {"error": {"field": self.field, "message": self.message}}


class PolicyError(LookupError):
    """A policy parameter that is missing, malformed, or not in force on the date asked for.

    The message names the parameter path (and the date, when one was asked for).
    """
