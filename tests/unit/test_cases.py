"""Cases as data: every ``tests/cases/<calculator>/*.yaml`` run against its handbook.

A case file names its ``handbook`` (``docs`` or ``examples/county/docs``) and lists ``cases``;
each case has ``name``, ``note`` (the rule it checks), ``inputs`` and either ``expected`` (a
subset of the result: dicts compare the keys listed, lists compare item by item) or ``error``
(``{field, message?}``: an ``InputError`` on exactly that field, whose message contains the
given text). A case with ``expected`` also states its ``headline`` (the plain-language answer,
asserted exactly; ``python -m tests.record_headlines`` records missing ones). The calculator is the folder's name unless a case says ``calculator:``.
Unquoted YAML dates are read as ISO strings, as JSON would carry them.
"""

from __future__ import annotations

from typing import Any

import pytest

from calculators import InputError, calculate
from tests.case_data import HANDBOOKS, all_cases, case_files, load_case_file, policy_of


def _collect() -> list[Any]:
    return [pytest.param(case.folder, case.handbook, case.data, id=case.id) for case in all_cases()]


def assert_subset(expected: Any, actual: Any, where: str = "result") -> None:
    """``expected`` is contained in ``actual`` (dict keys listed; lists item by item)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}: no key {key!r} (keys: {sorted(actual)})"
            assert_subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        assert len(expected) == len(actual), (
            f"{where}: {len(actual)} items, expected {len(expected)}: {actual!r}"
        )
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            assert_subset(want, got, f"{where}[{index}]")
    else:
        assert expected == actual, f"{where}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize(("folder", "handbook", "case"), _collect())
def test_case(folder: str, handbook: str, case: dict[str, Any]) -> None:
    assert case.get("note"), "every case cites the rule it checks in `note`"
    name = case.get("calculator", folder)
    policy = policy_of(handbook)
    if "error" in case:
        with pytest.raises(InputError) as caught:
            calculate(name, case.get("inputs"), policy)
        assert caught.value.field == case["error"]["field"], caught.value.message
        assert case["error"].get("message", "") in caught.value.message
        return
    result = calculate(name, case["inputs"], policy)
    assert result["explanation"], "every result explains itself"
    assert result["citations"], "every result cites its sections"
    assert "headline" in case, (
        "every case with `expected` states its `headline` exactly — record the missing ones "
        "with `python -m tests.record_headlines`, then read and check each"
    )
    assert result["headline"] == case["headline"]
    assert_subset(case["expected"], result)


def test_enough_cases_per_calculator() -> None:
    counts: dict[str, int] = {}
    handbooks: dict[str, set[str]] = {}
    for path in case_files():
        data = load_case_file(path)
        counts[path.parent.name] = counts.get(path.parent.name, 0) + len(data["cases"])
        handbooks.setdefault(path.parent.name, set()).add(data["handbook"])
    assert counts.get("leave", 0) >= 40, counts
    assert handbooks.get("leave") == set(HANDBOOKS), handbooks
    for folder, count in counts.items():
        assert count >= 40, f"{folder}: {count} cases, at least 40 are required"
        assert handbooks[folder] == set(HANDBOOKS), f"{folder}: cases for both handbooks needed"


def test_assert_subset_reports_differences() -> None:
    assert_subset({"a": [1, {"b": "2"}]}, {"a": [1, {"b": "2", "c": 3}], "d": 4})
    for expected, actual in (
        ({"a": 1}, {"a": 2}),
        ({"a": 1}, {}),
        ({"a": 1}, []),
        ([1], [1, 2]),
        ([1], {"a": 1}),
    ):
        with pytest.raises(AssertionError):
            assert_subset(expected, actual)
