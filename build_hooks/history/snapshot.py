"""One revision's sections: their text, front-matter and digest, from git or from disk.

A past revision's files are read from git once and kept under the cache folder
(``.cache/handbook-history/<commit>/``, as ordinary files plus a ``.complete`` marker): commits
never change, so the next build reads them from disk without touching history, and the archive
page can load them like any docs folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from build_hooks.content.frontmatter import FrontMatterError, ParsedFile, parse_text

__all__ = [
    "SectionText",
    "Snapshot",
    "snapshot_from_files",
    "snapshot_from_folder",
    "write_snapshot_folder",
]

COMPLETE_MARKER = ".complete"


@dataclass(frozen=True)
class SectionText:
    """A section as one revision holds it (read leniently: old revisions are not re-validated).

    Attributes:
        id: ``id`` from the front-matter.
        number: ``number`` ("" when absent).
        title: ``title`` (the id when absent).
        src_uri: Path inside the docs folder.
        digest: sha256 (hex) of the file's bytes — what a receipt records.
        body: The Markdown after the front-matter.
        parsed: The front-matter with each scalar's exact text (for the change table).
    """

    id: str
    number: str
    title: str
    src_uri: str
    digest: str
    body: str
    parsed: ParsedFile

    @property
    def meta(self) -> Mapping[str, Any]:
        """The front-matter mapping."""
        return self.parsed.meta

    @property
    def label(self) -> str:
        """``§6.03 Annual Leave Accrual`` (as references show sections)."""
        return f"§{self.number} {self.title}" if self.number else self.title

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Numeric order of section numbers (no number or a malformed one sorts last)."""
        try:
            return tuple(int(part) for part in self.number.split("."))
        except ValueError:
            return (10**6,)

    def notes_between(self, after: date | None, upto: date) -> list[tuple[date, str]]:
        """``history`` entries dated after ``after`` (exclusive) up to ``upto`` (inclusive)."""
        notes = []
        for entry in self.meta.get("history") or []:
            if not isinstance(entry, Mapping):
                continue
            try:
                when = date.fromisoformat(str(entry.get("date")))
            except ValueError:
                continue
            if (after is None or when > after) and when <= upto:
                notes.append((when, str(entry.get("note", ""))))
        return sorted(notes, reverse=True)


@dataclass(frozen=True)
class Snapshot:
    """All sections of one revision, by id.

    Attributes:
        date: The revision date.
        commit: The commit it was read from (``None``: the working tree, the current revision).
        sections: Section id → section.
        skipped: Files that could not be read as sections (unreadable front-matter, no id).
    """

    date: date
    commit: str | None
    sections: Mapping[str, SectionText]
    skipped: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[SectionText]:
        return iter(sorted(self.sections.values(), key=lambda s: (s.sort_key, s.src_uri)))

    def __len__(self) -> int:
        return len(self.sections)

    @property
    def digests(self) -> dict[str, str]:
        """Section id → digest."""
        return {section.id: section.digest for section in self.sections.values()}


def _section(src_uri: str, data: bytes) -> SectionText | None:
    try:
        text = data.decode("utf-8")
        parsed = parse_text(text)
    except (UnicodeDecodeError, FrontMatterError):
        return None
    ident = parsed.meta.get("id")
    if not isinstance(ident, str) or not ident:
        return None
    return SectionText(
        id=ident,
        number=str(parsed.meta.get("number") or ""),
        title=str(parsed.meta.get("title") or ident),
        src_uri=src_uri,
        digest=hashlib.sha256(data).hexdigest(),
        body=parsed.body,
        parsed=parsed,
    )


def snapshot_from_files(revision: date, commit: str | None, files: Mapping[str, bytes]) -> Snapshot:
    """A snapshot from ``{src_uri: bytes}`` (the home page ``index.md`` is not a section)."""
    sections: dict[str, SectionText] = {}
    skipped = []
    for src_uri, data in sorted(files.items()):
        if src_uri == "index.md" or not src_uri.endswith(".md"):
            continue
        section = _section(src_uri, data)
        if section is None or section.id in sections:
            skipped.append(src_uri)
            continue
        sections[section.id] = section
    return Snapshot(revision, commit, sections, tuple(skipped))


def read_folder(folder: Path) -> dict[str, bytes]:
    """Every ``.md`` file under ``folder``: ``src_uri`` → bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.md"))
        if path.is_file()
    }


def snapshot_from_folder(revision: date, commit: str | None, folder: Path) -> Snapshot:
    """A snapshot of a docs folder on disk (the working tree, or a cached past revision)."""
    return snapshot_from_files(revision, commit, read_folder(folder))


def write_snapshot_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Store a past revision's files under ``folder``; the marker is written last.

    A build interrupted half-way leaves no marker, so the next build reads the commit again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for src_uri, data in files.items():
        target = folder / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / COMPLETE_MARKER).write_text("", encoding="utf-8")


def is_complete(folder: Path) -> bool:
    """True when ``folder`` holds a fully written past revision."""
    return (folder / COMPLETE_MARKER).is_file()
