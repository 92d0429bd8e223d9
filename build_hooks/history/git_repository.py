"""The repository's git history, read with the ``git`` command itself.

Why ``git`` and not a library: every machine that builds the handbook from a clone already has
``git`` (CI checks out with it), its plumbing output (``rev-parse``, ``for-each-ref``, ``log``,
``ls-tree``, ``cat-file --batch``) is a stable interface, and one ``cat-file --batch`` process
reads any number of files. GitPython shells out to the same commands; dulwich and pygit2 would be
a new dependency (pygit2 a compiled one) for three plumbing calls.

A revision is the commit where ``extra.handbook.revision`` in ``mkdocs.yml`` took its value. A tag
``handbook/<date>`` (``make revision`` sets it) names that commit explicitly and wins over the
search, so HR can also point a revision at the right commit after the fact.

Every command run is recorded in :attr:`GitRepository.commands` (tests check that a rebuild
with nothing changed reads only references, no history).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

__all__ = [
    "TAG_PREFIX",
    "GitRepository",
    "NoHistoryError",
    "RevisionCommit",
    "open_repository",
    "revision_in_config",
]

TAG_PREFIX = "handbook/"
_REVISION_LINE = re.compile(
    r"^[ \t]+revision:[ \t]*['\"]?(\d{4}-\d{2}-\d{2})['\"]?[ \t]*(?:#.*)?$", re.M
)


class NoHistoryError(RuntimeError):
    """No usable history: the message is the note the site shows instead of differences."""


@dataclass(frozen=True)
class RevisionCommit:
    """A revision date and the commit that holds its text."""

    date: date
    commit: str


def revision_in_config(config_text: str) -> date | None:
    """The ``revision:`` date written under ``extra.handbook`` in a ``mkdocs.yml`` text."""
    match = _REVISION_LINE.search(config_text)
    if match is None:
        return None
    try:
        return date.fromisoformat(match[1])
    except ValueError:
        return None


@dataclass
class GitRepository:
    """A git work tree, with the commands run so far.

    Attributes:
        root: The work tree's top folder.
        head: The commit checked out.
        commands: Every ``git`` argument list run, in order (first argument only is enough to
            tell reading references from reading history).
    """

    root: Path
    head: str
    commands: list[list[str]] = field(default_factory=list)

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run ``git`` in the work tree and return its standard output.

        Raises:
            NoHistoryError: git failed.
        """
        self.commands.append(list(args))
        result = _run(self.root, args, stdin)
        if result.returncode != 0:
            raise NoHistoryError(
                f"git {args[0]} failed ({result.stderr.decode(errors='replace').strip()})"
            )
        return result.stdout

    def tags(self) -> dict[str, str]:
        """``handbook/<date>`` tags: tag name → the commit it names (annotated tags peeled)."""
        out = self.run(
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)",
            f"refs/tags/{TAG_PREFIX}",
        ).decode()
        tags = {}
        for line in out.splitlines():
            name, target, peeled = line.split("\0")
            tags[name] = peeled or target
        return tags

    def read_blobs(self, specs: list[str]) -> list[bytes | None]:
        """Contents of ``<commit>:<path>`` (or blob ids), ``None`` where missing; one process."""
        if not specs:
            return []
        out = self.run("cat-file", "--batch", stdin="".join(f"{s}\n" for s in specs).encode())
        contents: list[bytes | None] = []
        position = 0
        for _ in specs:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) == 2 and header[1] == b"missing":
                contents.append(None)
                continue
            size = int(header[2])
            contents.append(out[position : position + size])
            position += size + 1  # the newline after each object
        return contents

    def revision_commits(
        self, config_path: str, tags: dict[str, str] | None = None
    ) -> list[RevisionCommit]:
        """Every revision of the handbook configured by ``config_path``, oldest first.

        Reads history: ``git log -G`` for the commits that changed the ``revision:`` line, and
        the config file at each of them; then the ``handbook/<date>`` tags, which win.

        Args:
            config_path: ``mkdocs.yml`` relative to :attr:`root`, with ``/`` separators.
            tags: :meth:`tags` when already read.
        """
        log = self.run(
            "log", "--format=%H", "-G", r"^[[:space:]]+revision:", self.head, "--", config_path
        ).decode()
        commits = list(reversed(log.split()))  # oldest first
        texts = self.read_blobs([f"{commit}:{config_path}" for commit in commits])
        by_date: dict[date, str] = {}
        previous: date | None = None
        for commit, text in zip(commits, texts, strict=True):
            value = revision_in_config(text.decode("utf-8", "replace")) if text else None
            if value is not None and value != previous and value not in by_date:
                by_date[value] = commit
            previous = value
        for name, commit in (self.tags() if tags is None else tags).items():
            try:
                by_date[date.fromisoformat(name[len(TAG_PREFIX) :])] = commit
            except ValueError:
                continue  # handbook/<something else>: not a revision tag
        return [RevisionCommit(day, commit) for day, commit in sorted(by_date.items())]

    def files_at(self, commit: str, folder: str) -> dict[str, bytes]:
        """Every ``.md`` file under ``folder`` at ``commit``: path inside ``folder`` → bytes."""
        listing = self.run("ls-tree", "-r", "-z", commit, "--", folder).decode()
        entries = []
        for record in listing.split("\0"):
            if not record:
                continue
            meta, path = record.split("\t", 1)
            _, kind, blob = meta.split()
            if kind == "blob" and path.endswith(".md"):
                entries.append((path[len(folder) + 1 :] if folder else path, blob))
        blobs = self.read_blobs([blob for _, blob in entries])
        return {
            path: blob for (path, _), blob in zip(entries, blobs, strict=True) if blob is not None
        }


def _run(
    cwd: Path, args: tuple[str, ...] | list[str], stdin: bytes | None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(cwd), *args], input=stdin, capture_output=True, check=False
    )


def open_repository(folder: Path) -> GitRepository:
    """The git work tree holding ``folder``, with full history.

    Raises:
        NoHistoryError: ``git`` is not installed, ``folder`` is not in a git work tree
            (a zip download), the repository has no commit yet, or it is a shallow clone; the
            message says what to do.
    """
    args = ["rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"]
    try:
        result = _run(folder, args, None)
    except OSError as exc:
        raise NoHistoryError(
            "git is not installed here, so earlier revisions cannot be read — install git and "
            "build from a clone of the repository"
        ) from exc
    lines = result.stdout.decode().splitlines()
    if result.returncode != 0 or len(lines) != 3:
        raise NoHistoryError(
            "this copy of the handbook has no git history (it was not built from a clone, "
            "perhaps from a zip download), so earlier revisions cannot be compared — build "
            "from a clone of the repository to see them"
        )
    top, shallow, head = lines
    if shallow == "true":
        raise NoHistoryError(
            "this copy of the handbook is a shallow git clone, so earlier revisions cannot be "
            "read — fetch the whole history (git fetch --unshallow; in CI: fetch-depth: 0 or "
            "GIT_DEPTH: 0)"
        )
    repository = GitRepository(root=Path(top), head=head)
    repository.commands.append(args)
    return repository
