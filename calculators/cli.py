"""Command line: ``python -m calculators NAME --docs DIR`` reads input JSON on stdin and prints
the result JSON on stdout.

Exit status: 0 with the result; 2 with ``{"error": {"field", "message"}}`` for bad input (or an
unknown calculator or option, or a docs folder that does not exist); 1 with the same shape when
the handbook itself is at fault (content problems, a missing parameter) or the calculator failed.
The input is read and the calculation run by :func:`calculators.boundary.run`, the same
boundary (and the same limits) the browser's worker uses.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from calculators.boundary import MAX_INPUT_CHARS, POLICY_FIELD, run
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
    text = json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    out.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))  # no lone surrogates


class _Parser(argparse.ArgumentParser):
    """Argument errors (an unknown option, a missing value) as an ``InputError``, so they
    answer in the same JSON shape as every other error."""

    def error(self, message: str) -> NoReturn:
        raise InputError("option", f"{message}; see `python -m calculators --help`")


def _read(stdin: TextIO) -> str:
    """The input text, read only as far as the size limit (a huge input is refused by size
    without being read whole); bytes that are not UTF-8 are an error."""
    limit = MAX_INPUT_CHARS + 1
    raw = getattr(stdin, "buffer", None)
    if raw is None:
        return stdin.read(limit)
    data = raw.read(4 * limit)  # a character is at most 4 bytes
    if len(data) > 4 * MAX_INPUT_CHARS:
        raise InputError(
            "input", f"the input is too large (at most {MAX_INPUT_CHARS:,} characters)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "input", f"the input is not UTF-8 text (byte {exc.start + 1} cannot be read)"
        ) from None


def _error(field: str, message: str) -> dict[str, Any]:
    return {"error": {"field": field, "message": message}}


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    try:
        args = _parser().parse_args(argv)
    except InputError as exc:
        _print(exc.to_json(), stdout)
        return 2
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
        text = _read(stdin)
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
