"""The handbook's policy parameters: one merge shared by the build and the CLI, and a reader
that looks values up (effective-dated when needed) and remembers what it read for citations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from calculators.dates import is_iso_date
from calculators.errors import PolicyError

__all__ = [
    "PolicyConflict",
    "PolicyMergeError",
    "PolicyReader",
    "is_dated",
    "merge_policy",
    "number_key",
]


@dataclass(frozen=True)
class PolicyConflict:
    """One parameter defined by two sections.

    Attributes:
        path: Dotted path without the leading ``policy.``, e.g. ``"leave.sick.max_balance"``.
        first_source: The file that defined it first, e.g. ``"docs/06-leave/06-11-x.md"``.
        second_source: The file that defined it again.
    """

    path: str
    first_source: str
    second_source: str


class PolicyMergeError(ValueError):
    """Parameters defined more than once; ``conflicts`` lists every one of them."""

    def __init__(self, conflicts: list[PolicyConflict]) -> None:
        self.conflicts = conflicts
        lines = [
            f"policy.{c.path} is defined by {c.first_source} and again by {c.second_source}"
            for c in conflicts
        ]
        super().__init__("; ".join(lines))


def _plain(value: Any) -> Any:
    """``value`` as plain JSON: dates become ISO strings, tuples become lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {_plain_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _plain_key(key: Any) -> str:
    return key.isoformat() if isinstance(key, date) else str(key)


def is_dated(value: Any) -> bool:
    """True when ``value`` is an effective-dated map (non-empty, every key an ISO date)."""
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(is_iso_date(_plain_key(k)) for k in value)
    )


def _is_leaf(value: Any) -> bool:
    return not isinstance(value, Mapping) or is_dated(value) or not value


def number_key(number: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for section numbers: ``"6.10"`` after ``"6.09"``, ``"13.08"`` after ``"9.03"``."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in str(number).split("."))


def merge_policy(sections: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge the ``policy:`` blocks of a handbook's sections into one document.

    Args:
        sections: ``{"id", "number", "title", "source", "policy"}`` for each section that
            states parameters.

    Returns:
        ``{"parameters": <merged tree>, "sources": {dotted leaf path: {id, number, title}}}``,
        plain JSON (dates stay ISO strings).

    Raises:
        PolicyMergeError: When a leaf path is defined by two sections (all conflicts listed).
        ValueError: When a section's ``policy`` is not a mapping.
    """
    parameters: dict[str, Any] = {}
    sources: dict[str, dict[str, str]] = {}
    files: dict[str, str] = {}
    conflicts: list[PolicyConflict] = []

    def add(tree: dict[str, Any], block: Mapping[str, Any], prefix: str, section: Mapping) -> None:
        for raw_key, value in block.items():
            key = _plain_key(raw_key)
            path = f"{prefix}{key}"
            if _is_leaf(value):
                if key in tree:
                    conflicts.append(_conflict(path, tree[key], files, section))
                    continue
                tree[key] = _plain(value)
                files[path] = str(section.get("source", ""))
                sources[path] = {
                    "id": str(section.get("id", "")),
                    "number": str(section.get("number", "")),
                    "title": str(section.get("title", "")),
                }
                continue
            existing = tree.get(key)
            if key in tree and (not isinstance(existing, dict) or path in files):
                conflicts.append(_conflict(path, existing, files, section))
                continue
            add(tree.setdefault(key, {}), value, path + ".", section)

    for section in sections:
        block = section.get("policy") or {}
        if not isinstance(block, Mapping):
            raise ValueError(f"{section.get('source', '?')}: policy must be a mapping of names")
        add(parameters, block, "", section)
    if conflicts:
        raise PolicyMergeError(conflicts)
    return {"parameters": parameters, "sources": sources}


def _conflict(
    path: str, existing: Any, files: Mapping[str, str], section: Mapping
) -> PolicyConflict:
    """The conflict for ``path``; when a whole subtree clashes, name a file inside it."""
    first = files.get(path)
    if first is None:
        inner = sorted(p for p in files if p.startswith(path + "."))
        first = files[inner[0]] if inner else "?"
    return PolicyConflict(path, first, str(section.get("source", "")))


class PolicyReader:
    """Reads parameters from a :func:`merge_policy` document and records every read.

    Every calculator gets a fresh reader, so ``citations`` and ``trace`` describe one result.
    """

    def __init__(self, policy: Mapping[str, Any]) -> None:
        """Wrap a merged policy document.

        Args:
            policy: The :func:`merge_policy` result.
        """
        self._parameters: Mapping[str, Any] = policy.get("parameters", {}) or {}
        self._sources: Mapping[str, Mapping[str, str]] = policy.get("sources", {}) or {}
        self._trace: list[dict[str, Any]] = []
        self._seen: set[tuple[str, str | None]] = set()
        self._cited: dict[str, Mapping[str, str]] = {}

    # -- lookups -------------------------------------------------------------------------

    def _node(self, path: str) -> Any:
        node: Any = self._parameters
        walked = []
        for part in path.split("."):
            walked.append(part)
            if not isinstance(node, Mapping) or is_dated(node) or part not in node:
                raise PolicyError(
                    f"policy parameter '{path}' is not defined in this handbook "
                    f"(no '{'.'.join(walked)}')"
                )
            node = node[part]
        return node

    def has(self, path: str) -> bool:
        """True when the parameter (or a group of parameters) is defined; records nothing."""
        try:
            self._node(path)
        except PolicyError:
            return False
        return True

    def get(self, path: str, on: date | None = None) -> Any:
        """The value of a parameter, the one in force on ``on`` if it is effective-dated.

        Args:
            path: Dotted path, e.g. ``"travel.mileage_rate"``. A group (a map of names) is
                returned whole, with every leaf under it cited.
            on: The date the value must be in force on (needed for effective-dated values;
                ignored for the others).

        Returns:
            The plain JSON value (numbers as int/float: use :meth:`decimal`).

        Raises:
            PolicyError: When the parameter is missing, or dated and nothing is in force on ``on``.
        """
        node = self._node(path)
        if is_dated(node):
            value, effective = self._in_force(path, node, on)
            self._record(path, value, effective)
            return value
        if isinstance(node, Mapping) and node:
            return self._resolve_group(node, on, path)
        self._record(path, node, None)
        return node

    def _resolve_group(self, node: Mapping[str, Any], on: date | None, path: str) -> dict:
        out: dict[str, Any] = {}
        for key, value in node.items():
            leaf = f"{path}.{key}"
            if is_dated(value):
                out[key], effective = self._in_force(leaf, value, on)
                self._record(leaf, out[key], effective)
            elif isinstance(value, Mapping) and value:
                out[key] = self._resolve_group(value, on, leaf)
            else:
                out[key] = value
                self._record(leaf, value, None)
        return out

    @staticmethod
    def _in_force(path: str, node: Mapping[str, Any], on: date | None) -> tuple[Any, str]:
        if on is None:
            raise PolicyError(
                f"policy parameter '{path}' changes over time; a date is needed to pick its value"
            )
        keys = sorted(k for k in node if k <= on.isoformat())
        if not keys:
            first = min(node)
            raise PolicyError(
                f"policy parameter '{path}' has no value in force on {on.isoformat()} "
                f"(its first value takes effect {first})"
            )
        return node[keys[-1]], keys[-1]

    def history(self, path: str) -> list[tuple[date, Any]]:
        """Every value of an effective-dated parameter, oldest first (each read is recorded).

        A parameter that is not dated gives one entry dated ``date.min``.

        Args:
            path: Dotted path.

        Returns:
            ``[(effective date, value), ...]``.

        Raises:
            PolicyError: When the parameter is missing.
        """
        node = self._node(path)
        if not is_dated(node):
            self._record(path, node, None)
            return [(date.min, node)]
        out = []
        for key in sorted(node):
            self._record(path, node[key], key)
            out.append((date.fromisoformat(key), node[key]))
        return out

    # -- typed helpers ---------------------------------------------------------------------

    def decimal(self, path: str, on: date | None = None) -> Decimal:
        """:meth:`get` as a ``Decimal``.

        Raises:
            PolicyError: When missing or not a number.
        """
        return to_policy_decimal(path, self.get(path, on))

    def integer(self, path: str, on: date | None = None) -> int:
        """:meth:`get` as an ``int``.

        Raises:
            PolicyError: When missing or not a whole number.
        """
        value = self.get(path, on)
        if isinstance(value, bool) or not isinstance(value, int):
            raise PolicyError(f"policy parameter '{path}' must be a whole number, got {value!r}")
        return value

    def boolean(self, path: str, on: date | None = None) -> bool:
        """:meth:`get` as a ``bool`` (only ``true``/``false``).

        Raises:
            PolicyError: When missing or not true/false.
        """
        value = self.get(path, on)
        if not isinstance(value, bool):
            raise PolicyError(f"policy parameter '{path}' must be true or false, got {value!r}")
        return value

    def date(self, path: str, on: date | None = None) -> date:
        """:meth:`get` as a ``datetime.date`` (the value is written ``YYYY-MM-DD``).

        Raises:
            PolicyError: When missing or not a date.
        """
        value = self.get(path, on)
        if not is_iso_date(value):
            raise PolicyError(f"policy parameter '{path}' must be a date YYYY-MM-DD, got {value!r}")
        return date.fromisoformat(value)

    # -- what was read -----------------------------------------------------------------------

    def _record(self, path: str, value: Any, effective: str | None) -> None:
        source = self._source_of(path)
        if source is not None:
            self._cited.setdefault(source["id"], source)
        if (path, effective) in self._seen:
            return
        self._seen.add((path, effective))
        self._trace.append(
            {
                "parameter": path,
                "value": value,
                "effective": effective,
                "section": dict(source) if source is not None else None,
            }
        )

    def source(self, path: str) -> dict[str, str] | None:
        """``{id, number, title}`` of the section stating a parameter (``None`` if unknown).

        Args:
            path: Dotted parameter path.

        Returns:
            The citing section, for per-line citations (reading is recorded by :meth:`get`).
        """
        found = self._source_of(path)
        if found is None:  # a group: the section stating its first parameter
            under = sorted(key for key in self._sources if key.startswith(path + "."))
            if not under:
                return None
            found = self._sources[under[0]]
        return {"id": found["id"], "number": found["number"], "title": found["title"]}

    def _source_of(self, path: str) -> Mapping[str, str] | None:
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            found = self._sources.get(".".join(parts[:end]))
            if found is not None:
                return found
        return None

    @property
    def citations(self) -> list[dict[str, str]]:
        """``[{id, number, title}]`` of every section read from, in section-number order."""
        cited = sorted(self._cited.values(), key=lambda s: (number_key(s["number"]), s["id"]))
        return [{"id": s["id"], "number": s["number"], "title": s["title"]} for s in cited]

    @property
    def trace(self) -> list[dict[str, Any]]:
        """``[{parameter, value, effective, section}]`` in the order first read."""
        return [dict(entry) for entry in self._trace]


def to_policy_decimal(path: str, value: Any) -> Decimal:
    """A policy number as ``Decimal``; ``PolicyError`` naming ``path`` when it is not one.

    Args:
        path: The parameter path, for the message.
        value: The value read.

    Returns:
        The number.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PolicyError(f"policy parameter '{path}' must be a number, got {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise PolicyError(f"policy parameter '{path}' must be a number, got {value!r}") from None
    if not number.is_finite():
        raise PolicyError(f"policy parameter '{path}' must be a finite number, got {value!r}")
    return number
