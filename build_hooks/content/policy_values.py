"""Check every ``policy:`` value against what the calculators declare they read.

The declarations live with the calculators (:data:`calculators.parameters.PARAMETERS`, one JSON
Schema per value); this module applies them to one file's front-matter so a wrong value is
reported at its own line, with the fix — ``longevity.measured_on: "12/31"`` fails the build
instead of every later leave calculation. Values of effective-dated parameters are checked one
by one. Parameters no calculator reads are not checked here (their shape is, by
:func:`build_hooks.content.validation.check_policy`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from build_hooks.content.frontmatter import FieldPath, ParsedFile, format_path
from build_hooks.content.problems import Problem
from calculators.parameters import declaration_for
from calculators.policy import is_dated

__all__ = ["check_policy_values"]

_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "named values",
}


@cache
def _validator(parameter: str) -> Draft202012Validator:
    declaration = declaration_for(parameter)
    assert declaration is not None
    return Draft202012Validator(declaration)


def _described(value: Any, raw: str | None) -> str:
    shown = raw if raw is not None else repr(value)
    if isinstance(value, bool):
        return f"true/false ({shown})"
    if isinstance(value, int | float):
        return f"the number {shown}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return "named values"


def _example(schema: Mapping[str, Any]) -> str:
    examples = schema.get("examples")
    return f", e.g. {examples[0]}" if examples else ""


def _message(error: ValidationError, raw: str | None) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    value = error.instance
    kind = error.validator
    if kind == "type":
        wanted = _WORDS.get(str(error.validator_value), str(error.validator_value))
        hint = " (without quotes)" if isinstance(value, str) and wanted != "text" else ""
        return f"expected {wanted}, got {_described(value, raw)} — write {wanted}{hint}" + (
            _example(schema)
        )
    if kind == "pattern":
        words = schema.get("format_words", f"in the form {error.validator_value}")
        return f"'{value}' is not {words} — write it that way{_example(schema)}"
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"'{value}' is not a value the calculators know — use one of: {allowed}"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"{raw or value} is too small — the least allowed is {error.validator_value}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"{raw or value} is too large — the most allowed is {error.validator_value}"
    if kind == "required":
        return f"{error.message} — add it"
    if kind == "uniqueItems":
        return "lists the same value twice — keep one"
    if kind in ("minItems", "minProperties"):
        return "is empty — give it values"
    words = schema.get("format_words")
    if words:
        return f"is not {words}"
    return error.message


def _declared_values(
    block: Mapping[str, Any], prefix: tuple[str, ...]
) -> Iterator[tuple[FieldPath, str, Any]]:
    """(path of the value in the block, parameter path, value) of every declared value."""
    for key, value in block.items():
        path = (*prefix, str(key))
        parameter = ".".join(path)
        if declaration_for(parameter) is not None:
            if isinstance(value, Mapping) and value and is_dated(value):
                for when, dated_value in value.items():
                    yield (*path, when), parameter, dated_value
            else:
                yield path, parameter, value
        elif isinstance(value, Mapping) and not is_dated(value):
            yield from _declared_values(value, path)


def check_policy_values(parsed: ParsedFile, source: str) -> list[Problem]:
    """Every value in this file's ``policy:`` block that a calculator could not read.

    Args:
        parsed: The strictly parsed file.
        source: The file's name as shown to the author.

    Returns:
        One problem per wrong value, at the value's own line.
    """
    policy = parsed.meta.get("policy")
    if not isinstance(policy, Mapping):
        return []
    problems: list[Problem] = []
    for path, parameter, value in _declared_values(policy, ()):
        for error in _validator(parameter).iter_errors(value):
            where: FieldPath = ("policy", *path, *error.absolute_path)
            raw = parsed.raw.get(where)
            problems.append(
                Problem(source, parsed.line_of(where), format_path(where), _message(error, raw))
            )
    return problems
