"""Validate a handbook's sections without building: ``python -m build_hooks check docs/``.

Exit status 0 when every section is valid, 1 when there are problems (all listed, sorted by file
and line), 2 when the folder does not exist. ``--github`` (default when ``GITHUB_ACTIONS=true``)
also prints each problem as a workflow annotation on the pull-request diff and adds a table to the
job summary.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from build_hooks.content.checked import load_checked
from build_hooks.content.problems import ContentError, Problem, format_report

__all__ = ["main", "summary_table"]


def summary_table(problems: Sequence[Problem]) -> str:
    """A Markdown table of problems for the GitHub job summary."""
    rows = ["| File | Line | Field | Problem and fix |", "| --- | --- | --- | --- |"]
    for p in problems:
        cells = [p.source, str(p.line), p.field, p.message]
        rows.append("| " + " | ".join(html.escape(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(
        prog="python -m build_hooks check",
        description="Validate a handbook: front-matter, policy, cross-references, tables.",
    )
    parser.add_argument("docs", nargs="?", default="docs", help="the docs folder (default: docs)")
    parser.add_argument(
        "--github",
        action=argparse.BooleanOptionalAction,
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="also emit GitHub Actions annotations and a job-summary table",
    )
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    if not docs.is_dir():
        print(f"{docs}: no such folder — pass the handbook's docs folder", file=sys.stderr)
        return 2
    try:
        checked = load_checked(docs)
    except ContentError as exc:
        print(format_report(exc.problems))
        if args.github:
            for problem in exc.problems:
                print(problem.github_annotation())
            summary = os.environ.get("GITHUB_STEP_SUMMARY")
            if summary:
                with Path(summary).open("a", encoding="utf-8") as out:
                    out.write("## Handbook content problems\n\n" + summary_table(exc.problems))
        return 1
    print(
        f"OK: {len(checked.handbook)} sections in {docs} are valid, with "
        f"{sum(len(r) for r in checked.references.outgoing.values())} cross-references."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
