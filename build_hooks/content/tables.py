"""Policy tables in pages, rendered from the same parameters the calculators use.

A section embeds a table with a fenced block naming it::

    ```policy-table
    annual-accrual
    ```

The build replaces the block with an HTML table (caption, header row, note) produced by
``calculators.tables.render``, so the figures a reader sees and the figures the calculators use
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from build_hooks.content.markdown import section_tokens
from build_hooks.content.problems import Problem
from calculators import tables

if TYPE_CHECKING:
    from build_hooks.content.index import Handbook

__all__ = ["FENCE_INFO", "TableBlock", "check_tables", "find_tables", "table_data"]

FENCE_INFO = "policy-table"


@dataclass(frozen=True)
class TableBlock:
    """One ``policy-table`` fence: the table name and the body lines it spans (0-based, end
    exclusive)."""

    name: str
    start: int
    end: int


def find_tables(body: str) -> list[TableBlock]:
    """Every ``policy-table`` fence in a section body (fences in other code stay literal)."""
    if FENCE_INFO not in body:
        return []
    blocks = []
    for token in section_tokens(body):
        if token.type == "fence" and token.info.strip() == FENCE_INFO and token.map:
            blocks.append(TableBlock(token.content.strip(), token.map[0], token.map[1]))
    return blocks


def table_data(name: str, policy: Mapping[str, Any]) -> Any:
    """The table ``name`` (``calculators.tables.render``) from the merged policy."""
    return tables.render(name, policy)


def check_tables(
    handbook: Handbook, policy: Mapping[str, Any], *, values_checked: bool = True
) -> list[Problem]:
    """A problem for each table that names no known table or lacks its parameters.

    Args:
        handbook: The index.
        policy: The merged policy.
        values_checked: False when some ``policy:`` value was already reported as wrong: a
            table that cannot be drawn from it is then a consequence, reported at the value.
    """
    problems = []
    for section in handbook:
        for block in find_tables(section.body):
            line = section.body_line + block.start
            try:
                table_data(block.name, policy)
            except KeyError as exc:
                message = exc.args[0] if exc.args else str(exc)
                problems.append(
                    Problem(section.source, line, "", f"policy-table '{block.name}': {message}")
                )
            except (LookupError, ValueError, TypeError) as exc:  # PolicyError and bad values
                if not values_checked:
                    continue
                problems.append(
                    Problem(
                        section.source,
                        line,
                        "",
                        f"policy-table '{block.name}': {exc} — add the parameter to the "
                        "section's policy: block",
                    )
                )
    return problems
