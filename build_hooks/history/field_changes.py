"""Front-matter changes of one section as table rows: "mileage rate: 0.70 → 0.725 from 2026-01-01".

Values are shown as the author typed them (``0.70`` stays ``0.70``). Effective-dated parameters
(a mapping whose keys are all dates) are compared date by date: a new date reads "from that
date, the value in force before it → the new value". ``history`` and ``revised`` are left out:
the history note already says what changed and when.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from build_hooks.content.frontmatter import FieldPath, ParsedFile

__all__ = ["FieldChange", "field_changes", "field_label"]

_DATE_KEY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SKIPPED = frozenset({"history", "revised", "id"})
_ABSENT = "—"


@dataclass(frozen=True)
class FieldChange:
    """One changed value: which field, its text before and after, and from when (if dated)."""

    field: str
    before: str
    after: str
    effective: str = ""


def field_label(path: FieldPath) -> str:
    """``("policy", "travel", "mileage_rate")`` → ``travel › mileage rate``."""
    parts = list(path[1:] if path and path[0] == "policy" else path)
    return " › ".join(
        str(part + 1) if isinstance(part, int) else str(part).replace("_", " ") for part in parts
    )


def _is_dated(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(key, str) and _DATE_KEY.match(key) for key in value)
    )


def _text(parsed: ParsedFile, path: FieldPath, value: Any) -> str:
    if path in parsed.raw and not isinstance(value, Mapping | list):
        return parsed.raw[path]
    if isinstance(value, list) and all(not isinstance(v, Mapping | list) for v in value):
        return ", ".join(_text(parsed, (*path, i), v) for i, v in enumerate(value))
    return json.dumps(value, ensure_ascii=False, default=str)


def _leaves(parsed: ParsedFile, value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, Any]]:
    """Comparable values: scalars, lists of scalars and dated mappings, by path."""
    if isinstance(value, Mapping) and not _is_dated(value):
        for key, child in value.items():
            if path or key not in _SKIPPED:
                yield from _leaves(parsed, child, (*path, str(key)))
    elif isinstance(value, list) and any(isinstance(v, Mapping | list) for v in value):
        for index, child in enumerate(value):
            yield from _leaves(parsed, child, (*path, index))
    else:
        yield path, value


def _dated_changes(
    label: str, old: ParsedFile, new: ParsedFile, path: FieldPath, before: Any, after: Any
) -> list[FieldChange]:
    before = before if _is_dated(before) else {}
    after = after if _is_dated(after) else {}
    rows = []
    for day in sorted(set(before) | set(after)):
        if day in after and day in before:
            old_text = _text(old, (*path, day), before[day])
            new_text = _text(new, (*path, day), after[day])
            if old_text != new_text:
                rows.append(FieldChange(label, old_text, new_text, day))
        elif day in after:
            earlier = [d for d in sorted(before) if d < day]
            old_text = _text(old, (*path, earlier[-1]), before[earlier[-1]]) if earlier else _ABSENT
            rows.append(FieldChange(label, old_text, _text(new, (*path, day), after[day]), day))
        else:
            rows.append(FieldChange(label, _text(old, (*path, day), before[day]), _ABSENT, day))
    return rows


def field_changes(old: ParsedFile, new: ParsedFile) -> list[FieldChange]:
    """What changed in the front-matter between two versions of a section, in field order.

    Args:
        old: The earlier version's parsed front-matter.
        new: The later version's.

    Returns:
        One row per changed value (dated parameters: one row per changed date); ``—`` stands
        for a value that is absent on one side.
    """
    old_leaves = dict(_leaves(old, old.meta, ()))
    new_leaves = dict(_leaves(new, new.meta, ()))
    rows: list[FieldChange] = []
    for path in [*new_leaves, *(p for p in old_leaves if p not in new_leaves)]:
        before, after = old_leaves.get(path), new_leaves.get(path)
        label = field_label(path)
        if _is_dated(before) or _is_dated(after):
            rows.extend(_dated_changes(label, old, new, path, before, after))
            continue
        old_text = _text(old, path, before) if path in old_leaves else _ABSENT
        new_text = _text(new, path, after) if path in new_leaves else _ABSENT
        if old_text != new_text:
            rows.append(FieldChange(label, old_text, new_text))
    return rows
