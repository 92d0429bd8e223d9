"""Command line: ``python -m calculators NAME --docs DIR`` reads input JSON on stdin and prints
the result JSON on stdout.

Exit status: 0 with the result; 2 with ``{"error": {"field", "message"}}`` for bad input (or an
unknown calculator, or a docs folder that does not exist); 1 with the same shape when the
handbook itself is at fault (content problems, a missing parameter) or the calculator failed.
The calculation goes through :func:`calculators.boundary.run`, as in the browser.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from calculators.boundary import POLICY_FIELD, run
from calculators.errors import InputError
from calculators.policy import PolicyMergeError
from calculators.registry import calculator_names, describe, get_calculator

__all__ = ["HandbookError", "load_policy", "main"]


class HandbookError(Exception):
    """The handbook in ``--docs`` has content problems (the message is the full report)."""


def load_policy(docs_dir: str | Path) -> dict[str, Any]:
    """The merged policy of the handbook in ``docs_dir``.

    Args:
        docs_dir: The handbook's docs folder.

    Returns:
        The :func:`calculators.policy.merge_policy` document.

    Raises:
        InputError: On field ``docs`` when the folder does not exist.
        HandbookError: The handbook has content problems (front-matter, policy conflicts).
    """
    folder = Path(docs_dir)
    if not folder.is_dir():
        raise InputError("docs", f"no docs folder at {docs_dir}; pass --docs DIR")
    # lazily: the package shipped to the browser imports only the standard library and itself
    from build_hooks.content import ContentError
    from build_hooks.content import load_policy as load_handbook_policy

    try:
        return load_handbook_policy(folder)
    except ContentError as exc:
        raise HandbookError(str(exc)) from exc


def _print(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def _error(field: str, message: str) -> dict[str, Any]:
    return {"error": {"field": field, "message": message}}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m calculators",
        description="Run a handbook calculator: input JSON on stdin, result JSON on stdout.",
    )
    parser.add_argument("name", nargs="?", help="calculator name (see --list)")
    parser.add_argument("--docs", default="docs", help="the handbook's docs folder (default: docs)")
    parser.add_argument("--list", action="store_true", help="list the calculators and exit")
    parser.add_argument(
        "--describe", action="store_true", help="print the calculator's input fields and exit"
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Run the command line.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).
        stdin: Where the input JSON is read (default: ``sys.stdin``).
        stdout: Where the JSON is written (default: ``sys.stdout``).

    Returns:
        The exit status.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    args = _parser().parse_args(argv)
    if args.list:
        for name in calculator_names():
            stdout.write(f"{name}\t{get_calculator(name).title}\n")
        return 0
    if not args.name:
        _print(
            _error(
                "calculator",
                "name a calculator, e.g. `python -m calculators leave`; `--list` lists them",
            ),
            stdout,
        )
        return 2
    try:
        if args.describe:
            _print(describe(args.name), stdout)
            return 0
        get_calculator(args.name)
        text = stdin.read()
        policy = load_policy(args.docs)
    except InputError as exc:
        _print(exc.to_json(), stdout)
        return 2
    except PolicyMergeError as exc:
        _print(_error("policy", str(exc)), stdout)
        return 1
    except HandbookError as exc:
        _print(_error("docs", str(exc)), stdout)
        return 1
    answer = run(args.name, text, policy)  # the same boundary the browser's worker calls
    error = answer.get("error")
    if error is not None:
        if error["field"] == POLICY_FIELD:
            _print(
                _error("policy", f"{error['message']} — fix the handbook in {args.docs}"), stdout
            )
            return 1
        _print(answer, stdout)
        return 2 if error["field"] is not None else 1
    _print(answer["result"], stdout)
    return 0
