"""The past revisions of a handbook, read from git once and then from the cache.

:func:`load_history` is what the build calls. On a warm rebuild with nothing changed it runs two
``git`` commands that read references only (``rev-parse``, ``for-each-ref``): the list of
revision commits is cached under a key made of ``HEAD``, the ``handbook/*`` tags and the paths,
and each past revision's files are cached by commit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from build_hooks.history.compare import RevisionChanges, compare
from build_hooks.history.git_repository import (
    GitRepository,
    NoHistoryError,
    RevisionCommit,
    open_repository,
)
from build_hooks.history.snapshot import (
    Snapshot,
    is_complete,
    snapshot_from_folder,
    write_snapshot_folder,
)

__all__ = ["CACHE_FOLDER", "NO_EARLIER_REVISION", "History", "load_history"]

CACHE_FOLDER = Path(".cache") / "handbook-history"
NO_EARLIER_REVISION = (
    "no earlier revision is recorded in this repository's history, so there are no differences "
    "to show yet; they appear once the next revision is cut"
)


@dataclass(frozen=True)
class History:
    """The current revision and the past ones.

    Attributes:
        current: The working tree's sections (the current revision).
        past: Past revisions, oldest first (empty when there is no usable history).
        note: Why no differences can be shown, or ``None``.
        folders: Revision date → the cached folder holding that past revision's docs.
        commands: The ``git`` commands this load ran (empty without git).
    """

    current: Snapshot
    past: tuple[Snapshot, ...] = ()
    note: str | None = None
    folders: dict[date, Path] = field(default_factory=dict)
    commands: tuple[tuple[str, ...], ...] = ()

    @property
    def previous(self) -> Snapshot | None:
        """The latest past revision (what the current one is compared with)."""
        return self.past[-1] if self.past else None

    def revisions(self) -> list[Snapshot]:
        """Past revisions and the current one, oldest first."""
        return [*self.past, self.current]

    @cached_property
    def timeline(self) -> list[tuple[Snapshot, RevisionChanges | None]]:
        """Every revision, oldest first, with what changed since the one before.

        The first recorded revision has ``None``; without past revisions the list is empty.
        Computed once (the revisions page, the acknowledgement page and the feed share it).
        """
        if not self.past:
            return []
        revisions = self.revisions()
        return [(revisions[0], None)] + [
            (new, compare(old, new)) for old, new in pairwise(revisions)
        ]


def _revision_commits(
    repository: GitRepository, config_path: str, docs_path: str, cache: Path
) -> list[RevisionCommit]:
    tags = repository.tags()
    key_source = json.dumps([repository.head, sorted(tags.items()), config_path, docs_path])
    key = hashlib.sha256(key_source.encode()).hexdigest()[:24]
    cached = cache / "revisions" / f"{key}.json"
    if cached.is_file():
        return [
            RevisionCommit(date.fromisoformat(day), commit)
            for day, commit in json.loads(cached.read_text(encoding="utf-8"))
        ]
    commits = repository.revision_commits(config_path, tags)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(
        json.dumps([[c.date.isoformat(), c.commit] for c in commits]) + "\n", encoding="utf-8"
    )
    return commits


def load_history(
    config_file: Path, docs_dir: Path, revision: date, *, cache_dir: Path | None = None
) -> History:
    """Read the current revision from ``docs_dir`` and every past one from git (or the cache).

    Never fails for lack of history: without git, outside a clone, in a shallow clone or before
    the first earlier revision, the result has no past revisions and a ``note`` saying why.

    Args:
        config_file: The handbook's ``mkdocs.yml`` (its ``revision:`` line is searched).
        docs_dir: The handbook's docs folder.
        revision: The current revision date; earlier revisions are the past ones.
        cache_dir: Where to cache (default: ``.cache/handbook-history`` next to the config).
    """
    current = snapshot_from_folder(revision, None, docs_dir)
    cache = cache_dir or config_file.resolve().parent / CACHE_FOLDER
    try:
        repository = open_repository(config_file.resolve().parent)
    except NoHistoryError as exc:
        return History(current=current, note=str(exc))
    try:
        config_path = config_file.resolve().relative_to(repository.root.resolve()).as_posix()
        docs_path = docs_dir.resolve().relative_to(repository.root.resolve()).as_posix()
    except ValueError:
        return History(
            current=current,
            note="the docs folder is outside the git repository, so earlier revisions cannot "
            "be read",
        )
    try:
        commits = _revision_commits(repository, config_path, docs_path, cache)
        past: list[Snapshot] = []
        folders: dict[date, Path] = {}
        for found in commits:
            if found.date >= revision:
                continue
            folder = cache / found.commit / docs_path
            if not is_complete(folder):
                write_snapshot_folder(folder, repository.files_at(found.commit, docs_path))
            past.append(snapshot_from_folder(found.date, found.commit, folder))
            folders[found.date] = folder
    except NoHistoryError as exc:
        return History(
            current=current,
            note=f"earlier revisions could not be read from git: {exc}",
            commands=tuple(tuple(c) for c in repository.commands),
        )
    return History(
        current=current,
        past=tuple(past),
        note=None if past else NO_EARLIER_REVISION,
        folders=folders,
        commands=tuple(tuple(c) for c in repository.commands),
    )
