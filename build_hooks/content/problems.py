"""Problems found in handbook content, and how they are reported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ContentError", "Problem", "format_report"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, worded for the HR author who must fix it.

    Attributes:
        source: The file as the author knows it, e.g. ``docs/06-leave/06-03-annual.md``.
        line: 1-based line in that file.
        field: The front-matter field, e.g. ``history[1].date``; empty for problems in the body
            (a broken cross-reference), which are then shown as ``file:line: message``.
        message: What is wrong, then " — " and what to do.
    """

    source: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.field:
            return f"{self.source}:{self.line}: {self.message}"
        return f"{self.source}:{self.line}: {self.field}: {self.message}"

    def github_annotation(self) -> str:
        """Render as a GitHub Actions workflow command that annotates the pull-request diff."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        for char, escaped in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A")):
            text = text.replace(char, escaped)
        source = self.source.replace(",", "%2C").replace(":", "%3A")
        return f"::error file={source},line={self.line},title=Handbook content::{text}"


class ContentError(Exception):
    """Raised when the handbook content has problems; carries all of them, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def format_report(problems: Iterable[Problem]) -> str:
    """Return every problem on its own line, sorted by file and line, with a count at the end.

    Args:
        problems: The problems to report.

    Returns:
        The report text.
    """
    ordered = sorted(set(problems))
    files = {p.source for p in ordered}
    lines = [str(p) for p in ordered]
    noun = "problem" if len(ordered) == 1 else "problems"
    lines.append(
        f"{len(ordered)} {noun} in {len(files)} file{'s' if len(files) != 1 else ''}. "
        "Fix them and build again (or run `make check-content`)."
    )
    return "\n".join(lines)
