"""The declarations of the parameters the calculators read stay complete: every parameter a
calculator reads by name is declared (so the build can check its value), and every declaration
is a valid JSON Schema that the sample handbooks' values satisfy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from calculators.parameters import PARAMETERS, declaration_for
from tests.conftest import REPO

READS = {"get", "decimal", "integer", "boolean", "date", "history", "has"}


def read_paths() -> list[tuple[str, str, int]]:
    """(method, parameter path, line) of every reader call with a literal or f-string path."""
    found = []
    for path in sorted((REPO / "calculators").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in READS
                and node.args
            ):
                continue
            target = node.func.value
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name != "reader":
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.func.attr, first.value, node.lineno))
            elif isinstance(first, ast.JoinedStr):
                text = "".join(
                    part.value if isinstance(part, ast.Constant) else "*" for part in first.values
                )
                found.append((node.func.attr, text, node.lineno))
    return found


def _matches_a_pattern(path: str) -> bool:
    """An f-string path (``leave.*.usable_after_…``) is declared when a declaration fits it."""
    parts = path.split(".")
    return "*" in parts and any(
        len(p.split(".")) == len(parts)
        and all(a in ("*", b) or b == "*" for a, b in zip(p.split("."), parts, strict=True))
        for p in PARAMETERS
    )


def test_every_parameter_a_calculator_reads_is_declared() -> None:
    reads = read_paths()
    assert len(reads) > 60
    missing = []
    for method, path, line in reads:
        if declaration_for(path) is not None or _matches_a_pattern(path):
            continue
        # has("longevity") / get("relatives.continuation") read a group of declared parameters
        if method in ("has", "get") and any(p.startswith(path + ".") for p in PARAMETERS):
            continue
        missing.append(f"{method}({path!r}) line {line}")
    assert missing == [], "declare these in calculators/parameters.py"


@pytest.mark.parametrize("parameter", sorted(PARAMETERS))
def test_declaration_is_a_valid_schema(parameter: str) -> None:
    Draft202012Validator.check_schema(PARAMETERS[parameter])


def test_star_segment_matches_one_name_only() -> None:
    assert declaration_for("relatives.restricted_actions.supervisor") is not None
    assert declaration_for("relatives.restricted_actions") is None
    assert declaration_for("relatives.restricted_actions.supervisor.extra") is None
    assert declaration_for("travel.no_such_parameter") is None


def test_module_imports_only_the_standard_library_and_calculators() -> None:
    tree = ast.parse(Path(REPO / "calculators" / "parameters.py").read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert imported <= {"__future__", "collections", "typing", "calculators"}
