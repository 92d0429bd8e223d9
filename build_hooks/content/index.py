"""The handbook index: every section's validated front-matter, built once per build.

Data flows one way: section files -> :func:`load_handbook` -> :class:`Handbook` -> pages,
calculators, forms. Nothing here is cached between builds: ``mkdocs serve`` gets a new index on
every rebuild.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from build_hooks.content.frontmatter import FrontMatterError, ParsedFile, parse_file
from build_hooks.content.problems import ContentError, Problem
from build_hooks.content.validation import (
    check_related,
    check_unique,
    parse_date,
    validate_front_matter,
)
from calculators.policy import PolicyMergeError, merge_policy

_NUMBER = re.compile(r"^[0-9]+\.[0-9]{2}$")

__all__ = [
    "Handbook",
    "HistoryEntry",
    "Section",
    "display_name",
    "load_handbook",
    "load_sections",
    "read_handbook",
    "section_files",
]


@dataclass(frozen=True)
class HistoryEntry:
    """One dated change of a section."""

    date: date
    note: str


@dataclass(frozen=True)
class Section:
    """A validated handbook section.

    Attributes:
        src_uri: Path inside the docs folder, with ``/`` separators (MkDocs' ``src_uri``).
        source: The file as shown to authors, e.g. ``docs/06-leave/06-03-annual.md``.
        body_line: Line of the first body line in the file (front-matter lines before it).
        digest: sha256 of the file's bytes: what the reader of this revision saw.
    """

    id: str
    number: str
    title: str
    effective: date
    revised: date | None
    owner: str
    audience: tuple[str, ...]
    summary: str
    legal_refs: tuple[str, ...]
    related: tuple[str, ...]
    history: tuple[HistoryEntry, ...]
    calculator: str | None
    policy: Mapping[str, Any]
    src_uri: str
    source: str
    body: str
    body_line: int
    digest: str

    @property
    def chapter(self) -> str:
        """The chapter number, e.g. ``"6"`` for ``"6.03"``."""
        return self.number.split(".", 1)[0]

    @property
    def is_chapter(self) -> bool:
        """True for a chapter's own page (number ``N.00``)."""
        return self.number.endswith(".00")

    @property
    def label(self) -> str:
        """How references show the section: ``§6.03 Annual Leave Accrual``."""
        return f"§{self.number} {self.title}" if self.number else self.title

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Numeric order of section numbers (``6.10`` after ``6.09``; no number sorts last)."""
        if not self.number:
            return (10**6,)
        return tuple(int(part) for part in self.number.split("."))

    def citation(self) -> dict[str, str]:
        """The ``{id, number, title}`` form used by calculator results and policy sources."""
        return {"id": self.id, "number": self.number, "title": self.title}


@dataclass(frozen=True)
class Handbook:
    """All sections of one build, with lookups. Created by :func:`load_handbook`."""

    sections: tuple[Section, ...]
    by_id: Mapping[str, Section] = field(repr=False)
    by_uri: Mapping[str, Section] = field(repr=False)

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections)

    def __len__(self) -> int:
        return len(self.sections)

    def chapters(self) -> list[Section]:
        """Chapter pages (``N.00``) in number order."""
        return [s for s in self.sections if s.is_chapter]

    def in_chapter(self, chapter: str) -> list[Section]:
        """The sections of one chapter (not the chapter page itself), in number order."""
        return [s for s in self.sections if s.chapter == chapter and not s.is_chapter]

    def policy_sources(self) -> list[dict[str, Any]]:
        """Input for ``calculators.policy.merge_policy``: sections that state parameters."""
        return [
            {**s.citation(), "source": s.source, "policy": s.policy}
            for s in self.sections
            if s.policy
        ]


def display_name(path: Path, root: Path | None = None) -> str:
    """Name a file as authors see it: relative to ``root`` (default: the working directory)."""
    base = (root or Path.cwd()).resolve()
    resolved = path.resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return os.path.relpath(resolved, base).replace(os.sep, "/")


def section_files(docs_dir: Path) -> list[Path]:
    """Every Markdown file under ``docs_dir`` that is a section (all but the home page)."""
    files = sorted(p for p in docs_dir.rglob("*.md") if p.is_file())
    return [p for p in files if p.relative_to(docs_dir).as_posix() != "index.md"]


def _tuple_of_str(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _section_from(parsed: ParsedFile, src_uri: str, source: str, digest: str) -> Section:
    meta = parsed.meta
    history = tuple(
        HistoryEntry(date=when, note=str(entry.get("note", "")))
        for entry in meta.get("history") or []
        if isinstance(entry, Mapping) and (when := parse_date(entry.get("date"))) is not None
    )
    # Only a valid file reaches a page; an invalid one is indexed for the checks of the same
    # run (references, tables, text), so what could not be read gets a neutral stand-in.
    effective = parse_date(meta.get("effective")) or date.min
    number = meta.get("number")
    return Section(
        id=str(meta["id"]),
        number=number if isinstance(number, str) and _NUMBER.match(number) else "",
        title=str(meta.get("title") or meta["id"]),
        effective=effective,
        revised=parse_date(meta.get("revised")),
        owner=str(meta.get("owner", "")),
        audience=_tuple_of_str(meta.get("audience")),
        summary=str(meta.get("summary", "")),
        legal_refs=_tuple_of_str(meta.get("legal_refs")),
        related=_tuple_of_str(meta.get("related")),
        history=history,
        calculator=calculator if isinstance(calculator := meta.get("calculator"), str) else None,
        policy=policy if isinstance(policy := meta.get("policy"), Mapping) else {},
        src_uri=src_uri,
        source=source,
        body=parsed.body,
        body_line=parsed.body_line,
        digest=digest,
    )


def load_handbook(docs_dir: Path, *, display_root: Path | None = None) -> Handbook:
    """Read, validate and index every section under ``docs_dir``.

    Args:
        docs_dir: The handbook's docs folder.
        display_root: Folder that file names in messages are relative to (default: the
            working directory).

    Returns:
        The index, sections in number order.

    Raises:
        ContentError: With every problem in every file, when there is any.
    """
    handbook, problems = read_handbook(docs_dir, display_root=display_root)
    if problems:
        raise ContentError(problems)
    return handbook


def read_handbook(
    docs_dir: Path, *, display_root: Path | None = None
) -> tuple[Handbook, list[Problem]]:
    """Index every section that can be indexed, and list every front-matter problem.

    A file with a bad date or an unknown field is still indexed (with what could be read), so
    the checks that need the index — cross-references, tables, section text — run in the same
    pass and HR sees every problem of every kind at once, not one kind per CI round-trip. Only
    a file whose front-matter cannot be read at all, has no text ``id`` or repeats another
    file's id stays out of the index.

    Args:
        docs_dir: The handbook's docs folder.
        display_root: Folder that file names in messages are relative to.

    Returns:
        The (possibly partial) index, and every problem found in the front-matter.
    """
    problems: list[Problem] = []
    parsed_files: list[tuple[ParsedFile, str, str, str]] = []
    for path in section_files(docs_dir):
        source = display_name(path, display_root)
        src_uri = path.relative_to(docs_dir).as_posix()
        try:
            parsed = parse_file(path)
        except FrontMatterError as exc:
            problems.append(Problem(source, exc.line, exc.field, exc.message))
            continue
        problems.extend(validate_front_matter(parsed, source))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        parsed_files.append((parsed, src_uri, source, digest))

    # Rules across files run on every readable file, so one run reports everything.
    ids = [
        (src, p.line_of(("id",)), p.meta["id"])
        for p, _, src, _ in parsed_files
        if isinstance(p.meta.get("id"), str)
    ]
    numbers = [
        (src, p.line_of(("number",)), p.meta["number"])
        for p, _, src, _ in parsed_files
        if isinstance(p.meta.get("number"), str)
    ]
    problems.extend(check_unique(ids, "id", "give this section its own id"))
    problems.extend(check_unique(numbers, "number", "give this section its own number"))
    related = [
        (src, p.line_of(("related", i)), i, target)
        for p, _, src, _ in parsed_files
        if isinstance(p.meta.get("related"), list)
        for i, target in enumerate(p.meta["related"])
        if isinstance(target, str)
    ]
    problems.extend(check_related(related, (entry[2] for entry in ids)))
    problems.extend(_check_policy_merge(parsed_files))

    indexed: dict[str, Section] = {}
    for parsed, uri, src, digest in sorted(parsed_files, key=lambda f: f[2]):
        section_id = parsed.meta.get("id")
        if isinstance(section_id, str) and section_id not in indexed:
            indexed[section_id] = _section_from(parsed, uri, src, digest)
    sections = sorted(indexed.values(), key=lambda s: (s.sort_key, s.src_uri))
    return (
        Handbook(
            sections=tuple(sections),
            by_id={s.id: s for s in sections},
            by_uri={s.src_uri: s for s in sections},
        ),
        problems,
    )


def _check_policy_merge(parsed_files: list[tuple[ParsedFile, str, str, str]]) -> list[Problem]:
    """Report parameters defined by two sections, at the second file's line, naming the first."""
    by_source = {src: parsed for parsed, _, src, _ in parsed_files}
    sections = [
        {
            "id": str(p.meta["id"]),
            "number": str(p.meta.get("number", "")),
            "title": str(p.meta.get("title") or p.meta["id"]),
            "source": src,
            "policy": p.meta["policy"],
        }
        for p, _, src, _ in parsed_files
        if isinstance(p.meta.get("id"), str) and isinstance(p.meta.get("policy"), Mapping)
    ]
    try:
        merge_policy(sections)
    except PolicyMergeError as exc:
        problems = []
        for conflict in exc.conflicts:
            parsed = by_source.get(conflict.second_source)
            path = ("policy", *conflict.path.split("."))
            line = parsed.line_of(path) if parsed else 1
            problems.append(
                Problem(
                    conflict.second_source,
                    line,
                    "policy." + conflict.path,
                    f"is already defined by {conflict.first_source} — state each parameter in "
                    "one section only and cross-reference it from the other",
                )
            )
        return problems
    return []


def load_sections(docs_dir: str | Path) -> list[dict[str, Any]]:
    """The sections that state policy parameters, ready for ``merge_policy`` (used by the CLI).

    Args:
        docs_dir: The handbook's docs folder.

    Returns:
        ``[{id, number, title, source, policy}]`` in section-number order.

    Raises:
        ContentError: When the handbook has content problems.
    """
    return load_handbook(Path(docs_dir)).policy_sources()
