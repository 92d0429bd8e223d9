"""Read a section file's YAML front-matter strictly, keeping line numbers.

MkDocs' own reader (``mkdocs/utils/meta.py``) swallows YAML errors and PyYAML's defaults turn
``2025-01-01`` into a ``date``, ``no`` into ``False`` and silently keep the last of two duplicate
keys. HR needs every such mistake reported with its line, so this module parses front-matter
itself:

* dates stay the strings the author wrote (the schema checks them, the index converts them);
* only ``true``/``false`` are booleans (``no``, ``off``, ``yes`` stay strings);
* a key given twice is an error naming both lines;
* every key and list item remembers the line it starts on, and every scalar the exact text the
  author typed (so ``number: 6.10`` can be reported as "quote it: \"6.10\"").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "FieldPath",
    "FrontMatterError",
    "ParsedFile",
    "format_path",
    "parse_file",
    "parse_text",
]

FieldPath = tuple[str | int, ...]
"""A location inside the front-matter: keys and list indexes, e.g. ``("history", 1, "date")``."""

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


class FrontMatterError(ValueError):
    """The front-matter block cannot be read at all (missing fence, YAML syntax, duplicate key).

    Attributes:
        line: 1-based line in the file where the problem is.
        field: Dotted field path the problem concerns ("" for the block as a whole).
        message: What is wrong and what to do.
    """

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(f"{line}: {field}: {message}")
        self.line = line
        self.field = field
        self.message = message


@dataclass
class ParsedFile:
    """The result of reading one Markdown file.

    Attributes:
        meta: The front-matter mapping (plain dict/list/str/int/float/bool/None values).
        body: The Markdown after the closing fence.
        body_line: 1-based line number of the first body line in the file.
        lines: Line of every key and list item, by field path.
        raw: The exact source text of every scalar, by field path.
        front_matter_lines: Number of lines the front-matter block occupies, fences included.
    """

    meta: dict[str, Any]
    body: str
    body_line: int
    lines: dict[FieldPath, int] = field(default_factory=dict)
    raw: dict[FieldPath, str] = field(default_factory=dict)
    front_matter_lines: int = 0

    def line_of(self, path: FieldPath) -> int:
        """Return the line of ``path``, or of its nearest enclosing field, or of the first line.

        Args:
            path: A field path such as ``("history", 0, "date")``.

        Returns:
            The 1-based line number in the file.
        """
        for cut in range(len(path), 0, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return 1


def format_path(path: FieldPath) -> str:
    """Render a field path the way authors read it: ``history[1].date``, ``policy.travel``.

    Args:
        path: Keys and list indexes.

    Returns:
        The dotted form; "front-matter" for the empty path.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "front-matter"


# libyaml's parser when PyYAML has it (several times faster); the rules below are the same.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as text and reads only true/false as booleans."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct(
    node: yaml.Node,
    loader: _StrictLoader,
    path: FieldPath,
    line_offset: int,
    parsed: ParsedFile,
) -> Any:
    """Turn a composed YAML node into plain data, recording lines and raw text."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + line_offset
            if not isinstance(key, str | int | float | bool):
                raise FrontMatterError(
                    key_line, format_path(path), "a key must be a plain word or date"
                )
            key = str(key)
            child = (*path, key)
            if key in first_lines:
                raise FrontMatterError(
                    key_line,
                    format_path(child),
                    f"'{key}' is given twice (first on line {first_lines[key]}) — "
                    "keep one and delete the other",
                )
            first_lines[key] = key_line
            parsed.lines[child] = key_line
            result[key] = _construct(value_node, loader, child, line_offset, parsed)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            child = (*path, index)
            parsed.lines[child] = item_node.start_mark.line + line_offset
            items.append(_construct(item_node, loader, child, line_offset, parsed))
        return items
    if isinstance(node, yaml.ScalarNode):
        parsed.raw[path] = node.value
    return loader.construct_object(node, deep=True)


def parse_text(text: str) -> ParsedFile:
    """Split a Markdown source into strict front-matter and body.

    Args:
        text: The whole file.

    Returns:
        The parsed file. A file without a front-matter block gets empty ``meta``.

    Raises:
        FrontMatterError: The block is not closed, is not valid YAML, is not a mapping, or
            repeats a key.
    """
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return ParsedFile(meta={}, body=text, body_line=1)
    end = next((i for i in range(1, len(lines)) if _END_FENCE.match(lines[i].rstrip("\r\n"))), None)
    if end is None:
        raise FrontMatterError(
            1,
            "front-matter",
            "the '---' block is never closed — add a line with just '---' after the last field",
        )
    yaml_text = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    parsed = ParsedFile(meta={}, body=body, body_line=end + 2, front_matter_lines=end + 1)
    loader = _StrictLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return parsed
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                2, "front-matter", "must be a list of 'field: value' lines, one per field"
            )
        parsed.meta = _construct(node, loader, (), 2, parsed)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        raise FrontMatterError(
            line,
            "front-matter",
            f"YAML syntax error: {problem} — check the indentation, colons and quotes on "
            "this line and the one before",
        ) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors in practice
        raise FrontMatterError(2, "front-matter", f"YAML error: {exc}") from exc
    finally:
        loader.dispose()
    return parsed


def parse_file(path: Path) -> ParsedFile:
    """Read and parse one Markdown file (UTF-8).

    Args:
        path: The file.

    Returns:
        The parsed file.

    Raises:
        FrontMatterError: As for :func:`parse_text`, or when the file is not UTF-8.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FrontMatterError(
            1, "file", f"is not UTF-8 text ({exc.reason}) — save it as UTF-8"
        ) from exc
    return parse_text(text)
