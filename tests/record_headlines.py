"""Record the headline of every data case that has none yet: ``python -m tests.record_headlines``.

Each case with ``expected`` gets a ``headline:`` line (after its ``name:``) holding what CPython
answers now. Read every recorded headline before committing it: the tests then assert it
exactly (``tests/unit/test_cases.py``), so a wrong sentence becomes a wrong expectation.
Existing headlines are never changed (edit them by hand, or delete one to record it again).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from tests.case_data import all_cases, case_files, cpython_answer

WIDTH = 100


def _folded(text: str) -> list[str]:
    """``headline: >-`` and the text folded at :data:`WIDTH` (YAML joins the lines with spaces)."""
    lines = textwrap.wrap(text, WIDTH - 6, break_long_words=False, break_on_hyphens=False)
    return ["    headline: >-\n"] + [f"      {line}\n" for line in lines]


def record(path: Path) -> int:
    """Add the missing headlines of one case file; returns how many were added."""
    cases = [c for c in all_cases() if f"{c.folder}/{c.file}" == f"{path.parent.name}/{path.stem}"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("  - name:")]
    assert len(starts) == len(cases), f"{path}: {len(starts)} '  - name:' lines, {len(cases)} cases"
    added = 0
    for start, case in reversed(list(zip(starts, cases, strict=True))):
        if "expected" not in case.data or "headline" in case.data:
            continue
        answer = cpython_answer(case)
        headline = answer.get("headline") if isinstance(answer, dict) else None
        if not headline:
            continue
        lines[start + 1 : start + 1] = _folded(headline)
        added += 1
    path.write_text("".join(lines), encoding="utf-8")
    return added


def main() -> int:
    """Record every case file's missing headlines."""
    for path in case_files():
        count = record(path)
        if count:
            print(f"{path.relative_to(Path.cwd())}: {count} headlines recorded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
