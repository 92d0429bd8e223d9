"""The shared core of calculators/: errors, money, dates, policy merge and reader, inputs,
registry and tables."""

from __future__ import annotations

import importlib
import json
import sys
from datetime import date
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import calculators
from calculators import registry, tables
from calculators.dates import (
    add_months,
    add_years,
    full_months_between,
    is_iso_date,
    last_day_of_month,
    parse_iso_date,
    years_completed,
)
from calculators.errors import InputError, PolicyError
from calculators.inputs import Choice, Field, describe_fields, validate_inputs
from calculators.money import hours_str, money_str, to_decimal, to_hours, to_money
from calculators.policy import (
    PolicyMergeError,
    PolicyReader,
    is_dated,
    merge_policy,
    number_key,
    to_policy_decimal,
)


def sec(id: str, number: str, policy: Any, source: str | None = None) -> dict[str, Any]:
    return {
        "id": id,
        "number": number,
        "title": id.title(),
        "source": source or f"docs/{id}.md",
        "policy": policy,
    }


# -- errors and money -----------------------------------------------------------------------


def test_input_error_to_json() -> None:
    err = InputError("hire_date", "is required")
    assert err.field == "hire_date" and err.message == "is required"
    assert err.to_json() == {"error": {"field": "hire_date", "message": "is required"}}
    assert str(err) == "hire_date: is required"
    assert isinstance(PolicyError("x"), LookupError)


def test_money_and_hours_round_half_up() -> None:
    assert to_money("2.345") == Decimal("2.35")
    assert to_money(Decimal("2.344")) == Decimal("2.34")
    assert to_money(3) == Decimal("3.00")
    assert money_str(Decimal("1234.5")) == "1234.50"
    assert hours_str(Decimal("3.465")) == "3.47"
    assert to_hours("0.005") == Decimal("0.01")
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(Decimal("2")) == Decimal("2")


# -- dates ------------------------------------------------------------------------------------


def test_iso_dates_are_strict() -> None:
    assert is_iso_date("2024-02-29")
    for bad in ("2023-02-29", "20240101", "2024-1-01", 20240101, None, "2024-13-01"):
        assert not is_iso_date(bad)
    assert parse_iso_date("2025-01-31") == date(2025, 1, 31)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso_date("2025-02-30")


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
    assert add_years(date(2020, 2, 29), 1) == date(2021, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert last_day_of_month(2023, 2) == date(2023, 2, 28)


def test_years_and_months_completed() -> None:
    assert years_completed(date(2020, 3, 3), date(2025, 3, 2)) == 4
    assert years_completed(date(2020, 3, 3), date(2025, 3, 3)) == 5
    assert years_completed(date(2020, 2, 29), date(2021, 2, 28)) == 1
    assert years_completed(date(2020, 3, 3), date(2020, 1, 1)) == 0
    assert full_months_between(date(2015, 1, 1), date(2026, 1, 1)) == 132
    assert full_months_between(date(2023, 1, 2), date(2026, 1, 1)) == 35
    assert full_months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert full_months_between(date(2025, 1, 31), date(2025, 2, 27)) == 0
    assert full_months_between(date(2025, 5, 1), date(2025, 5, 1)) == 0


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 600))
def test_full_months_inverts_add_months(start: date, months: int) -> None:
    assert full_months_between(start, add_months(start, months)) == months


# -- merge_policy -------------------------------------------------------------------------------


def test_merge_deep_and_sources() -> None:
    merged = merge_policy(
        [
            sec("b", "6.10", {"leave": {"sick": {"max": 480}}}),
            sec(
                "a",
                "6.03",
                {"leave": {"annual": {"tiers": [1, 2]}}, "payroll": {"d": date(2014, 1, 7)}},
            ),
            sec("c", "7.06", {}),
        ]
    )
    assert merged["parameters"] == {
        "leave": {"sick": {"max": 480}, "annual": {"tiers": [1, 2]}},
        "payroll": {"d": "2014-01-07"},
    }
    assert merged["sources"]["leave.annual.tiers"] == {"id": "a", "number": "6.03", "title": "A"}
    assert set(merged["sources"]) == {"leave.sick.max", "leave.annual.tiers", "payroll.d"}


def test_merge_keeps_dated_maps_whole_and_date_keys_as_strings() -> None:
    merged = merge_policy(
        [sec("t", "17.06", {"travel": {"rate": {date(2024, 1, 1): 0.67, "2025-01-01": 0.7}}})]
    )
    assert merged["parameters"]["travel"]["rate"] == {"2024-01-01": 0.67, "2025-01-01": 0.7}
    assert "travel.rate" in merged["sources"]


def test_merge_reports_every_conflict_with_both_files() -> None:
    with pytest.raises(PolicyMergeError) as caught:
        merge_policy(
            [
                sec("a", "6.03", {"leave": {"x": 1, "y": {"z": 1}, "w": 1}}),
                sec("b", "6.04", {"leave": {"x": 2, "y": 5, "w": {"deep": 1}}}),
            ]
        )
    conflicts = {c.path: c for c in caught.value.conflicts}
    assert set(conflicts) == {"leave.x", "leave.y", "leave.w"}
    assert conflicts["leave.x"].first_source == "docs/a.md"
    assert conflicts["leave.x"].second_source == "docs/b.md"
    assert conflicts["leave.y"].first_source == "docs/a.md"  # a subtree clashes with a leaf
    assert "policy.leave.x is defined by docs/a.md and again by docs/b.md" in str(caught.value)


def test_merge_dated_value_twice_is_a_conflict() -> None:
    with pytest.raises(PolicyMergeError) as caught:
        merge_policy(
            [
                sec("a", "17.02", {"travel": {"rate": {"2024-01-01": 1}}}),
                sec("b", "17.06", {"travel": {"rate": {"2025-01-01": 2}}}),
            ]
        )
    assert [c.path for c in caught.value.conflicts] == ["travel.rate"]


def test_merge_rejects_policy_that_is_not_a_mapping() -> None:
    with pytest.raises(ValueError, match=r"docs/a\.md: policy must be a mapping"):
        merge_policy([sec("a", "1.01", [1, 2])])


def test_is_dated_and_number_key() -> None:
    assert is_dated({"2024-01-01": 1})
    assert not is_dated({})
    assert not is_dated({"2024-01-01": 1, "note": 2})
    assert not is_dated([1])
    assert sorted(["13.08", "6.10", "6.03", "9.03", "A.1"], key=number_key) == [
        "6.03",
        "6.10",
        "9.03",
        "13.08",
        "A.1",
    ]


# -- PolicyReader -------------------------------------------------------------------------------

POLICY = merge_policy(
    [
        sec("travel", "17.06", {"travel": {"rate": {"2024-01-01": 0.67, "2025-01-01": 0.70}}}),
        sec(
            "acc",
            "6.03",
            {"leave": {"tiers": [{"from_year": 1}], "flag": True, "day": "2014-01-07"}},
        ),
        sec("cap", "6.10", {"leave": {"cap": 480, "name": "x", "huge": "1e999999", "nan": "NaN"}}),
    ]
)


def test_reader_dated_values_and_trace() -> None:
    reader = PolicyReader(POLICY)
    assert reader.get("travel.rate", date(2024, 12, 31)) == 0.67
    assert reader.get("travel.rate", date(2025, 1, 1)) == 0.70
    assert reader.decimal("travel.rate", date(2025, 6, 1)) == Decimal("0.7")
    assert reader.trace == [
        {
            "parameter": "travel.rate",
            "value": 0.67,
            "effective": "2024-01-01",
            "section": {"id": "travel", "number": "17.06", "title": "Travel"},
        },
        {
            "parameter": "travel.rate",
            "value": 0.70,
            "effective": "2025-01-01",
            "section": {"id": "travel", "number": "17.06", "title": "Travel"},
        },
    ]
    with pytest.raises(PolicyError, match=r"'travel.rate' changes over time"):
        reader.get("travel.rate")
    with pytest.raises(
        PolicyError,
        match=r"no value in force on 2023-12-31 \(its first value takes effect 2024-01-01\)",
    ):
        reader.get("travel.rate", date(2023, 12, 31))


def test_reader_citations_by_number_without_duplicates() -> None:
    reader = PolicyReader(POLICY)
    reader.get("leave.cap")
    reader.get("travel.rate", date(2025, 2, 1))
    reader.get("leave.flag")
    reader.get("leave.cap")
    assert [c["number"] for c in reader.citations] == ["6.03", "6.10", "17.06"]
    assert len(reader.trace) == 3


def test_reader_missing_and_has() -> None:
    reader = PolicyReader(POLICY)
    assert reader.has("leave.cap") and reader.has("leave")
    assert not reader.has("leave.nope") and not reader.has("leave.cap.deeper")
    assert not reader.has("travel.rate.2024-01-01")
    with pytest.raises(
        PolicyError, match=r"'leave.nope' is not defined in this handbook \(no 'leave.nope'\)"
    ):
        reader.get("leave.nope")
    assert reader.citations == []


def test_reader_group_resolves_dates_and_cites_leaves() -> None:
    reader = PolicyReader(POLICY)
    assert reader.get("travel", date(2025, 3, 1)) == {"rate": 0.70}
    group = reader.get("leave")
    assert group["cap"] == 480 and group["tiers"] == [{"from_year": 1}]
    assert [c["id"] for c in reader.citations] == ["acc", "cap", "travel"]
    nested = PolicyReader(merge_policy([sec("n", "1.01", {"a": {"b": {"c": 1}}})]))
    assert nested.get("a") == {"b": {"c": 1}}
    assert nested.trace[0]["parameter"] == "a.b.c"


def test_reader_history() -> None:
    reader = PolicyReader(POLICY)
    assert reader.history("travel.rate") == [(date(2024, 1, 1), 0.67), (date(2025, 1, 1), 0.70)]
    assert reader.history("leave.cap") == [(date.min, 480)]
    assert len(reader.trace) == 3


def test_reader_typed_helpers() -> None:
    reader = PolicyReader(POLICY)
    assert reader.integer("leave.cap") == 480
    assert reader.boolean("leave.flag") is True
    assert reader.date("leave.day") == date(2014, 1, 7)
    with pytest.raises(PolicyError, match="whole number"):
        reader.integer("leave.flag")
    with pytest.raises(PolicyError, match="true or false"):
        reader.boolean("leave.cap")
    with pytest.raises(PolicyError, match="date YYYY-MM-DD"):
        reader.date("leave.cap")
    with pytest.raises(PolicyError, match="must be a number"):
        reader.decimal("leave.name")
    with pytest.raises(PolicyError, match="must be a number"):
        reader.decimal("leave.tiers")
    with pytest.raises(PolicyError, match="finite"):
        reader.decimal("leave.nan")
    assert to_policy_decimal("p", "2.5") == Decimal("2.5")


def test_reader_without_sources_records_no_citation() -> None:
    reader = PolicyReader({"parameters": {"a": 1}})
    assert reader.get("a") == 1
    assert reader.citations == [] and reader.trace[0]["section"] is None
    assert PolicyReader({}).has("a") is False


# -- inputs -----------------------------------------------------------------------------------

FIELDS = (
    Field("start", "date", "Start", required=True, minimum="2000-01-01", maximum="2099-12-31"),
    Field("count", "integer", "Count", minimum="0", maximum="10"),
    Field("amount", "money", "Amount", minimum="0"),
    Field("ratio", "decimal", "Ratio", default=Decimal("1")),
    Field("kind", "choice", "Kind", choices=(Choice("a", "A"), Choice("b", "B"))),
    Field("flag", "boolean", "Flag", default=False),
    Field("rates", "list", "Rates", item_type="money", maximum="3", item_minimum="0"),
    Field(
        "tnc",
        "list",
        "Rides",
        minimum="1",
        item_fields=(Field("fare", "money", "Fare", required=True), Field("tip", "money", "Tip")),
    ),
)


def test_validate_inputs_types_and_defaults() -> None:
    typed = validate_inputs(
        FIELDS,
        {
            "start": "2025-01-02",
            "count": "3",
            "amount": 12.5,
            "kind": "b",
            "flag": True,
            "rates": ["1.10", 2],
            "tnc": [{"fare": "10.00", "tip": None}],
            "ratio": "",
        },
    )
    assert typed == {
        "start": date(2025, 1, 2),
        "count": 3,
        "amount": Decimal("12.5"),
        "ratio": Decimal("1"),
        "kind": "b",
        "flag": True,
        "rates": [Decimal("1.10"), Decimal("2")],
        "tnc": [{"fare": Decimal("10.00"), "tip": None}],
    }
    assert validate_inputs(FIELDS, {"start": "2025-01-02", "count": 4.0})["count"] == 4


@pytest.mark.parametrize(
    ("raw", "field", "text"),
    [
        ([], "input", "expected a JSON object"),
        ({}, "start", "Start is required"),
        ({"start": "2025-02-30"}, "start", "expected a date as YYYY-MM-DD, got '2025-02-30'"),
        ({"start": 20250101}, "start", "got a number"),
        ({"start": "1999-12-31"}, "start", "must be 2000-01-01 or more"),
        ({"start": "2100-01-01"}, "start", "must be 2099-12-31 or less"),
        ({"start": "2025-01-01", "extra": 1}, "extra", "unknown field 'extra'"),
        ({"start": "2025-01-01", "count": 1.5}, "count", "whole number"),
        ({"start": "2025-01-01", "count": True}, "count", "got true/false"),
        ({"start": "2025-01-01", "count": 11}, "count", "10 or less"),
        ({"start": "2025-01-01", "count": -1}, "count", "0 or more"),
        ({"start": "2025-01-01", "count": "x"}, "count", "got 'x'"),
        ({"start": "2025-01-01", "count": [1]}, "count", "got a list"),
        ({"start": "2025-01-01", "count": {}}, "count", "got an object"),
        ({"start": "2025-01-01", "ratio": "NaN"}, "ratio", "is not a number"),
        ({"start": "2025-01-01", "ratio": float("nan")}, "ratio", "is not a number"),
        ({"start": "2025-01-01", "ratio": "Infinity"}, "ratio", "is too large"),
        ({"start": "2025-01-01", "ratio": "1e9999999999"}, "ratio", "is too large"),
        ({"start": "2025-01-01", "ratio": "1e-9999999999999999999999"}, "ratio", "decimal places"),
        ({"start": "2025-01-01", "ratio": "1" * 41}, "ratio", "too long"),
        ({"start": "2025-01-01", "ratio": 10**5000}, "ratio", "is too large"),
        ({"start": "2025-01-01", "count": "Two"}, "count", "expected a whole number, got 'Two'"),
        ({"start": "2025-01-01", "kind": " B "}, "", ""),
        ({"start": "2025-01-01", "ratio": 1e13}, "ratio", "too large"),
        ({"start": "2025-01-01", "amount": "1.234"}, "amount", "two decimals at most"),
        ({"start": "2025-01-01", "kind": "c"}, "kind", "expected one of a, b; got 'c'"),
        ({"start": "2025-01-01", "kind": 1}, "kind", "expected one of a, b"),
        ({"start": "2025-01-01", "flag": "yes"}, "flag", "expected true or false"),
        ({"start": "2025-01-01", "rates": "1"}, "rates", "expected a list"),
        ({"start": "2025-01-01", "rates": [1, 2, 3, 4]}, "rates", "at most 3 items"),
        ({"start": "2025-01-01", "rates": [object()] * 10**6}, "rates", "at most 3 items, got"),
        ({"start": "2025-01-01", "rates": [-1]}, "rates[0]", "must be 0 or more"),
        ({"start": "2025-01-01", "rates": [1, None]}, "rates[1]", "got null"),
        ({"start": "2025-01-01", "rates": [1, "x"]}, "rates[1]", "dollars and cents"),
        ({"start": "2025-01-01", "tnc": []}, "tnc", "at least 1 items"),
        ({"start": "2025-01-01", "tnc": [5]}, "tnc[0]", "expected a JSON object"),
        ({"start": "2025-01-01", "tnc": [None]}, "tnc[0]", "got null"),
        (
            {"start": "2025-01-01", "tnc": [{"fare": 1}, {"tip": 1}]},
            "tnc[1].fare",
            "Fare is required",
        ),
        ({"start": "2025-01-01", "tnc": [{"fare": 1, "tipp": 1}]}, "tnc[0].tipp", "unknown field"),
        ({"start": "2025-01-01", "tnc": [{"fare": 1, "tip": 0.001}]}, "tnc[0].tip", "dollars"),
        ({"start": "2025-01-01", "start2": object()}, "start2", "unknown field"),
    ],
)
def test_validate_inputs_errors(raw: Any, field: str, text: str) -> None:
    if not field:  # not an error: choices ignore case and surrounding spaces
        assert validate_inputs(FIELDS, raw)["kind"] == "b"
        return
    with pytest.raises(InputError) as caught:
        validate_inputs(FIELDS, raw)
    assert caught.value.field == field
    assert text in caught.value.message


def test_kind_names_unusual_types() -> None:
    with pytest.raises(InputError, match="got object"):
        validate_inputs((Field("d", "date", "D"),), {"d": object()})


def test_field_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown type 'text'"):
        Field("x", "text", "X")


def test_describe_fields_round_trip() -> None:
    described = describe_fields(FIELDS)
    assert [d["name"] for d in described] == [f.name for f in FIELDS]
    assert described[3]["default"] == "1"
    dated = describe_fields((Field("d", "date", "D", default=date(2025, 1, 2)),))
    assert dated[0]["default"] == "2025-01-02"
    kind = described[4]
    assert kind["choices"] == [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    assert described[7]["item_fields"][0]["name"] == "fare"
    assert set(described[0]) == {
        "name",
        "type",
        "label",
        "help",
        "required",
        "choices",
        "minimum",
        "maximum",
        "default",
        "item_fields",
        "item_type",
        "group",
        "unit",
        "item_minimum",
        "item_maximum",
    }


# -- registry -----------------------------------------------------------------------------------


@pytest.fixture
def echo_calculator() -> Any:
    def compute(inputs: dict[str, Any], reader: PolicyReader) -> dict[str, Any]:
        rate = reader.decimal("travel.rate", inputs["start"])
        return {"rate": rate, "when": inputs["start"], "items": (1, 2)}

    calc = registry.register(
        registry.Calculator("echo-test", "Echo", "Echoes.", (FIELDS[0],), compute)
    )
    yield calc
    registry._CALCULATORS.pop("echo-test")


def test_calculate_returns_plain_json_with_citations(echo_calculator: Any) -> None:
    result = registry.calculate("echo-test", {"start": "2025-02-01"}, POLICY)
    assert result == {
        "rate": "0.7",
        "when": "2025-02-01",
        "items": [1, 2],
        "explanation": [],
        "citations": [{"id": "travel", "number": "17.06", "title": "Travel"}],
        "headline": None,  # a calculator without a headline_<name> module shows no headline
        "display": {"groups": [], "chart": None, "items": None, "claim": None, "degrees": None},
    }
    assert "echo-test" in registry.calculator_names()
    assert registry.describe("echo-test")["fields"][0]["name"] == "start"
    assert any(d["name"] == "echo-test" for d in registry.describe_all())


def test_unknown_calculator_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        registry.get_calculator("mortgage")
    assert caught.value.field == "calculator"
    assert "leave" in caught.value.message
    with pytest.raises(InputError):
        registry.get_calculator(["not", "hashable"])  # type: ignore[arg-type]


def test_package_exports() -> None:
    assert "leave" in calculators.calculator_names()
    assert calculators.calculate is registry.calculate
    assert calculators.CALCULATOR_MODULES[0] == "calculators.leave"


def test_register_all_skips_only_missing_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = ModuleType("calculators.broken_test")
    monkeypatch.setattr(calculators, "CALCULATOR_MODULES", ("calculators.absent_test",))
    calculators._register_all()  # a module not written yet is skipped

    def bad_import(name: str) -> Any:
        raise ModuleNotFoundError("No module named 'yaml'", name="yaml")

    monkeypatch.setattr(importlib, "import_module", bad_import)
    monkeypatch.setitem(sys.modules, "calculators.broken_test", broken)
    with pytest.raises(ModuleNotFoundError):
        calculators._register_all()


# -- tables -------------------------------------------------------------------------------------


def test_tables_register_and_render() -> None:
    @tables.register_table("test-rates")
    def rates(reader: PolicyReader) -> tables.Table:
        rows = tuple((d.isoformat(), str(v)) for d, v in reader.history("travel.rate"))
        return tables.Table("Rates", ("From", "Rate"), rows)

    try:
        table = tables.render("test-rates", POLICY)
        assert table.rows == (("2024-01-01", "0.67"), ("2025-01-01", "0.7"))
        assert table.note == ""
        assert "test-rates" in tables.table_names()
    finally:
        tables.TABLES.pop("test-rates")


def test_unknown_table_lists_known_names() -> None:
    with pytest.raises(
        KeyError, match=r"no policy table named .nope.; the tables are .*annual-accrual"
    ):
        tables.render("nope", POLICY)


# -- the JSON boundary --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('{"a": 1, "a": 2}', "a", "'a' is given twice"),
        ('{"": 1, "": 2}', "input", "given twice"),
        ("[" * 17 + "]" * 17, "input", "nested more than 16 levels"),
        ('["[[[[[[[[[[[[[[[[[[[["]', "input", "expected a JSON object"),
        ("{" + " " * 100_000 + "}", "input", "too large"),
        ('{"start": "2025-01-01", "count": 1e9999999999}', "count", "is too large"),
        ('{"start": "2025-01-01", "count": 1e999999999999999999999}', "count", "is too large"),
        ('{"start": "2025-01-01", "ratio": 1.5e-999999999999999999999}', "ratio", "too small"),
        ('{"start": "2025-01-01", "ratio": 1.' + "5" * 50 + "}", "ratio", "too long"),
        ('{"start": "2025-01-01", "count": ' + "9" * 5000 + "}", "count", "5000 digits"),
        ('{"start": "2025-01-01", "count": -' + "9" * 50 + "}", "count", "50 digits"),
        ('{"start": "2025-01-01", "ratio": NaN}', "ratio", "is not a number (NaN)"),
        ('{"start": "2025-01-01", "ratio": -Infinity}', "ratio", "too large (infinite)"),
        ('{"start": "2025-01-01", "count": 1', "input", "not valid JSON"),
        ('{"start": "2025-01-01", "kind": "\\udc00"}', "kind", "got '\\udc00'"),
    ],
)
def test_parse_inputs_refuses_what_no_field_could_use(text: str, field: str, message: str) -> None:
    from calculators.boundary import parse_inputs

    with pytest.raises(InputError) as caught:
        validate_inputs(FIELDS, parse_inputs(text))
    assert caught.value.field == field
    assert message in caught.value.message


def test_parse_inputs_reads_numbers_as_decimals() -> None:
    from calculators.boundary import parse_inputs

    assert parse_inputs("  ") == {}
    assert parse_inputs('{"a": 1, "b": 2.50, "c": [0E+99999999]}') == {
        "a": Decimal(1),
        "b": Decimal("2.50"),
        "c": [Decimal("0E+99999999")],
    }
    typed = validate_inputs(FIELDS, parse_inputs('{"start": "2025-01-01", "amount": 0E+9999}'))
    assert typed["amount"] == 0 and str(typed["amount"]) == "0"


def test_run_json_answers_result_or_error_and_never_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from calculators import run_json

    policy = json.dumps({"parameters": {}, "sources": {}})
    answer = json.loads(run_json("nepotism", '{"relation": "Niece"}', policy))
    assert answer["error"]["field"] == "policy"
    answer = json.loads(run_json("nope", "{}", policy))
    assert (
        answer == {"error": {"field": "calculator", "message": answer["error"]["message"]}}
        and "no calculator named 'nope'" in answer["error"]["message"]
    )

    def broken(*args: Any) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr("calculators.boundary.calculate", broken)
    answer = json.loads(run_json("travel", "{}", policy))
    assert answer == {
        "error": {"field": None, "message": "the calculator failed (ZeroDivisionError: bug)"}
    }
