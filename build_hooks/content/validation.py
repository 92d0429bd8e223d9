"""Check section front-matter: one file at a time, then the rules that span files.

Every problem is collected (never the first only) and worded as
``docs/path.md:LINE: field: what is wrong — what to do``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from build_hooks.content.frontmatter import FieldPath, ParsedFile, format_path
from build_hooks.content.policy_values import check_policy_values
from build_hooks.content.problems import Problem

__all__ = [
    "SCHEMA_PATH",
    "check_policy",
    "check_related",
    "check_unique",
    "load_schema",
    "validate_front_matter",
]

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "section.schema.json"
_DATE_KEY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NAME_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a group of fields",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}


@cache
def load_schema() -> dict[str, Any]:
    """Return the section front-matter JSON Schema (``schema/section.schema.json``)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a group of fields"


def parse_date(text: Any) -> date | None:
    """Return ``text`` as a date when it is a valid ``YYYY-MM-DD`` string, else None."""
    if not isinstance(text, str) or not _DATE_KEY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _schema_message(error: ValidationError, parsed: ParsedFile) -> tuple[FieldPath, str] | None:
    """Translate one jsonschema error into (field path, author-facing message)."""
    path: FieldPath = tuple(error.absolute_path)
    raw = parsed.raw.get(path)
    shown = raw if raw is not None else error.instance
    properties = load_schema()["properties"]
    if path and path[0] == "policy" and error.validator not in ("type", "minProperties"):
        return None  # check_policy words these far better than anyOf can
    if error.validator == "required":
        missing = re.search(r"'([^']+)'", error.message)
        name = missing.group(1) if missing else "field"
        example = {"id": "annual-leave", "title": "Annual Leave", "effective": "2025-01-01"}.get(
            name, "..."
        )
        return (name,), f"required field is missing — add '{name}: {example}'"
    if error.validator == "additionalProperties":
        return None  # reported key by key in validate_front_matter, each at its own line
    if error.validator == "format" and error.validator_value == "date":
        return path, (f"'{shown}' is not a real date — write it as YYYY-MM-DD, e.g. 2025-01-31")
    if (
        path == ("number",)
        and error.validator == "type"
        and isinstance(error.instance, int | float)
    ):
        text = raw if raw is not None else str(error.instance)
        quoted = text if "." in text else f"{text}.00"
        return path, (
            f"{text} is read as a number (so 6.10 would become 6.1) — put it in quotes: "
            f'number: "{quoted}"'
        )
    if path == ("number",) and error.validator == "pattern":
        return path, (
            f"'{shown}' is not a section number — use the chapter, a point and two digits, "
            'e.g. "6.03" (chapters are "6.00")'
        )
    if error.validator == "pattern" and (path == ("id",) or path[:1] == ("related",)):
        example = re.sub(r"[^a-z0-9]+", "-", shown.lower()).strip("-") or "annual-leave"
        return path, (
            f"'{shown}' is not a valid id — use lowercase letters, digits and single hyphens, "
            f"e.g. '{example}'"
        )
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return path, f"'{shown}' is not a known value — use one of: {allowed}"
    if error.validator == "type":
        expected = error.validator_value
        wanted = _TYPE_WORDS.get(expected, str(expected)) if isinstance(expected, str) else "..."
        hint = ""
        if expected == "array":
            hint = " — write a list, e.g. [first, second] or one '- item' per line"
        elif expected == "string":
            hint = " — write it as text (put it in quotes if it looks like a number or date)"
        elif expected == "object":
            hint = " — write 'name: value' lines indented under it"
        return path, f"expected {wanted}, got {_describe(error.instance)}{hint}"
    if error.validator in ("minLength", "minProperties"):
        return path, "is empty — give it a value or delete the line"
    if error.validator == "uniqueItems":
        return path, "lists the same id twice — keep one"
    top = path[0] if path else ""
    description = properties.get(top, {}).get("description", "")
    return path, f"{error.message}" + (f" — {description}" if description else "")


def validate_front_matter(parsed: ParsedFile, source: str) -> list[Problem]:
    """Check one section's front-matter against the schema and the date rules.

    Args:
        parsed: The strictly parsed file.
        source: The file's name as shown to the author.

    Returns:
        All problems found in this file.
    """
    meta = parsed.meta
    if not meta and parsed.front_matter_lines == 0:
        return [
            Problem(
                source,
                1,
                "front-matter",
                "missing — start the file with a line '---', then at least 'id:', 'title:' and "
                "'effective:', then another '---'",
            )
        ]
    problems: list[Problem] = []
    allowed = list(load_schema()["properties"])
    for key in meta:
        if key not in allowed:
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = (
                f"did you mean '{guess[0]}'?" if guess else "allowed fields: " + ", ".join(allowed)
            )
            problems.append(Problem(source, parsed.line_of((key,)), key, f"unknown field — {hint}"))
    for error in _validator().iter_errors(meta):
        translated = _schema_message(error, parsed)
        if translated is None:
            continue
        path, message = translated
        problems.append(Problem(source, parsed.line_of(path), format_path(path), message))
    problems.extend(_check_title(parsed, source))
    problems.extend(_check_dates(parsed, source))
    problems.extend(check_policy(parsed, source))
    problems.extend(check_policy_values(parsed, source))
    return problems


_MARKUP = re.compile(r"[<>]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _check_title(parsed: ParsedFile, source: str) -> list[Problem]:
    """A title reaches the navigation, the browser tab and search as it is: no markup."""
    title = parsed.meta.get("title")
    if not isinstance(title, str):
        return []
    found = _MARKUP.search(title)
    if found is None:
        return []
    return [
        Problem(
            source,
            parsed.line_of(("title",)),
            "title",
            f"contains markup ('{found.group(0)}') — write the title as plain text, without "
            "HTML tags or character entities (the site adds all formatting)",
        )
    ]


def _check_dates(parsed: ParsedFile, source: str) -> list[Problem]:
    meta = parsed.meta
    problems: list[Problem] = []
    effective = parse_date(meta.get("effective"))
    revised = parse_date(meta.get("revised"))
    if effective and revised and revised < effective:
        problems.append(
            Problem(
                source,
                parsed.line_of(("revised",)),
                "revised",
                f"{revised} is before effective {effective} — a section cannot be revised "
                "before it takes effect; correct one of the two dates",
            )
        )
    history = meta.get("history")
    if not isinstance(history, list):
        return problems
    previous: date | None = None
    for index, entry in enumerate(history):
        if not isinstance(entry, Mapping):
            continue
        when = parse_date(entry.get("date"))
        if when is None:
            continue
        where = parsed.line_of(("history", index, "date"))
        if revised and when > revised:
            problems.append(
                Problem(
                    source,
                    where,
                    f"history[{index}].date",
                    f"{when} is after revised {revised} — set 'revised' to the newest history date",
                )
            )
        if previous and when > previous:
            problems.append(
                Problem(
                    source,
                    where,
                    f"history[{index}].date",
                    f"{when} is newer than the entry above it ({previous}) — list history "
                    "newest first",
                )
            )
        previous = when
    return problems


def check_policy(parsed: ParsedFile, source: str) -> list[Problem]:
    """Check the shape of a section's ``policy:`` block.

    A value is a number, text, true/false, a list, a group of named values (lowercase names
    with underscores) or an effective-dated map (every key a real ``YYYY-MM-DD`` date).

    Args:
        parsed: The strictly parsed file.
        source: The file's name as shown to the author.

    Returns:
        All problems in the block.
    """
    policy = parsed.meta.get("policy")
    if not isinstance(policy, Mapping):
        return []
    problems: list[Problem] = []

    def walk(value: Any, path: FieldPath) -> None:
        shown = format_path(path)
        where = parsed.line_of(path)
        if value is None:
            problems.append(
                Problem(
                    source,
                    where,
                    shown,
                    "has no value — give a number, text, a list, named values, or dated values",
                )
            )
            return
        if isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
            return
        if not isinstance(value, Mapping):
            return
        if not value:
            problems.append(Problem(source, where, shown, "is empty — give it values or delete it"))
            return
        keys = list(value)
        dated = [k for k in keys if _DATE_KEY.match(k)]
        if dated and len(dated) != len(keys):
            problems.append(
                Problem(
                    source,
                    where,
                    shown,
                    "mixes dates and names as keys — use only dates (a value that changes on "
                    "those dates) or only names (a group of values)",
                )
            )
        for key in keys:
            child = (*path, key)
            if _DATE_KEY.match(key):
                if parse_date(key) is None:
                    problems.append(
                        Problem(
                            source,
                            parsed.line_of(child),
                            format_path(child),
                            f"'{key}' is not a real date — write YYYY-MM-DD, e.g. 2025-01-01",
                        )
                    )
            elif not _NAME_KEY.match(key):
                problems.append(
                    Problem(
                        source,
                        parsed.line_of(child),
                        format_path(child),
                        f"'{key}' is not a valid parameter name — use lowercase letters, digits "
                        "and underscores, starting with a letter (e.g. max_balance), or a date",
                    )
                )
            walk(value[key], child)

    for key, value in policy.items():
        walk(value, ("policy", key))
    return problems


def check_unique(entries: Sequence[tuple[str, int, str]], field: str, what: str) -> list[Problem]:
    """Report values used by more than one file, naming both files.

    Args:
        entries: ``(source, line, value)`` for every file that sets the field.
        field: The front-matter field, e.g. ``id``.
        what: How to describe the fix, e.g. "give this section its own id".

    Returns:
        One problem per repeated use, at the later file, naming the first.
    """
    first_use: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    for source, line, value in sorted(entries):
        if value in first_use:
            other, other_line = first_use[value]
            problems.append(
                Problem(
                    source,
                    line,
                    field,
                    f"'{value}' is already used by {other}:{other_line} — {what}",
                )
            )
        else:
            first_use[value] = (source, line)
    return problems


def check_related(
    related: Iterable[tuple[str, int, int, str]], known_ids: Iterable[str]
) -> list[Problem]:
    """Report ``related:`` entries that name no section.

    Args:
        related: ``(source, line, index, id)`` for every related entry.
        known_ids: Every section id in the handbook.

    Returns:
        One problem per unknown id, suggesting the closest known id.
    """
    ids = sorted(set(known_ids))
    problems: list[Problem] = []
    for source, line, index, target in related:
        if target in ids:
            continue
        problems.append(Problem(source, line, f"related[{index}]", unknown_id_message(target, ids)))
    return problems


def unknown_id_message(target: str, ids: Sequence[str]) -> str:
    """Word "no such section" with the closest id as a suggestion."""
    guess = difflib.get_close_matches(target, ids, n=1, cutoff=0.5)
    hint = f"did you mean '{guess[0]}'?" if guess else "check the id in that section's front-matter"
    return f"unknown section '{target}' — {hint}"
