"""Policy tables shown in pages, built from the same parameters the calculators use.

A calculator module registers a table function with :func:`register_table`; the build calls
:func:`render` for each ``policy-table`` fence. A table function reads only parameters (through
the :class:`~calculators.policy.PolicyReader`), so it works for any handbook that defines them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from calculators.policy import PolicyReader

__all__ = ["TABLES", "Table", "TableFunction", "register_table", "render", "table_names"]


@dataclass(frozen=True)
class Table:
    """A table as plain text cells (the build escapes them)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


TableFunction = Callable[[PolicyReader], Table]
TABLES: dict[str, TableFunction] = {}


def register_table(name: str) -> Callable[[TableFunction], TableFunction]:
    """Decorator registering ``fn(reader) -> Table`` under ``name``.

    Args:
        name: The name used in ``policy-table`` fences, e.g. ``"annual-accrual"``.

    Returns:
        The decorator (it returns the function unchanged).
    """

    def decorate(fn: TableFunction) -> TableFunction:
        TABLES[name] = fn
        return fn

    return decorate


def _load_calculators() -> None:
    """Import the calculator modules so their tables are registered."""
    import calculators  # noqa: F401  (the package imports every calculator module)


def table_names() -> list[str]:
    """The registered table names, sorted."""
    _load_calculators()
    return sorted(TABLES)


def render(name: str, policy: Mapping[str, Any]) -> Table:
    """Build one table from a handbook's merged policy.

    Args:
        name: The table's name.
        policy: The :func:`calculators.policy.merge_policy` document.

    Returns:
        The table.

    Raises:
        KeyError: When no table has that name (the message lists the known names).
        PolicyError: When the handbook lacks a parameter the table needs (named).
    """
    _load_calculators()
    fn = TABLES.get(name)
    if fn is None:
        raise KeyError(
            f"no policy table named {name!r}; the tables are {', '.join(sorted(TABLES))}"
        )
    return fn(PolicyReader(policy))
