"""The calculator cases as data (``tests/cases/<calculator>/*.yaml``), read one way for every
runner: CPython (tests/unit/test_cases.py), Pyodide under Node (tests/pyodide) and the browser
(tests/browser). Not a test module itself.

A case file names its ``handbook`` (``docs`` or ``examples/county/docs``) and lists ``cases``;
each case has ``name``, ``note``, ``inputs`` and ``expected`` or ``error``. Unquoted YAML dates
are read as ISO strings, as JSON would carry them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from build_hooks.content.index import load_sections
from calculators import InputError, calculate, merge_policy

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
HANDBOOKS = ("docs", "examples/county/docs")


@dataclass(frozen=True)
class Case:
    """One case of a case file."""

    folder: str  # the calculator's folder under tests/cases
    file: str  # the file's stem
    index: int
    handbook: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        """``travel/trcog[3] name`` — unique across all case files."""
        return f"{self.folder}/{self.file}[{self.index}] {self.data.get('name', '')}"

    @property
    def calculator(self) -> str:
        """The calculator: the folder's name unless the case names another."""
        return self.data.get("calculator", self.folder)

    @property
    def inputs(self) -> Any:
        """The input object as JSON would carry it."""
        return self.data.get("inputs")


def plain(value: Any) -> Any:
    """YAML values as JSON carries them: dates as ISO strings, keys as strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def load_case_file(path: Path) -> dict[str, Any]:
    """A case file, checked for ``handbook`` and a non-empty ``cases`` list."""
    data = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert isinstance(data, dict), f"{path}: expected a mapping with handbook and cases"
    assert data.get("handbook") in HANDBOOKS, f"{path}: handbook must be one of {HANDBOOKS}"
    assert isinstance(data.get("cases"), list) and data["cases"], f"{path}: no cases"
    return data


def case_files() -> list[Path]:
    """Every case file, in a stable order."""
    return sorted(CASES.glob("*/*.yaml"))


def all_cases(handbook: str | None = None) -> list[Case]:
    """Every case (of one handbook, if given)."""
    found = []
    for path in case_files():
        data = load_case_file(path)
        if handbook is not None and data["handbook"] != handbook:
            continue
        for index, case in enumerate(data["cases"]):
            found.append(Case(path.parent.name, path.stem, index, data["handbook"], case))
    return found


@cache
def policy_of(handbook: str) -> dict[str, Any]:
    """The merged policy of a handbook folder (relative to the repository)."""
    return merge_policy(load_sections(REPO / handbook))


def cpython_answer(case: Case) -> Any:
    """What CPython answers for a case, in the form every runner reports: the result, or
    ``{"error": {field, message}}`` for bad input."""
    try:
        return calculate(case.calculator, case.inputs, policy_of(case.handbook))
    except InputError as exc:
        return exc.to_json()
