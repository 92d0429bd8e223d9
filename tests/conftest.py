"""Shared fixtures: throwaway handbooks written into a temporary folder."""

from __future__ import annotations

import difflib
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the files in tests/golden/ from what the code produces now (review the "
        "diff before committing)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: ``text`` must equal ``tests/golden/NAME``.

    With ``pytest --update-golden`` the file is written instead, so an intended change to a
    generated page is one command and a reviewed diff.
    """
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(text, encoding="utf-8")
            return
        if not path.is_file():
            pytest.fail(f"{path} does not exist — run pytest --update-golden and review it")
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), text.splitlines(), f"golden/{name}", "now", lineterm=""
            )
            shown = "\n".join(list(diff)[:80])
            pytest.fail(
                f"{name} differs from its golden file — if the change is intended, run "
                f"pytest --update-golden and commit the reviewed diff:\n{shown}",
                pytrace=False,
            )

    return check


@pytest.fixture
def write_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write ``{relative path: text}`` under ``tmp_path/docs`` and chdir to ``tmp_path``.

    Texts are dedented; file names in messages are then ``docs/…`` as in the real repository.
    """
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str]) -> Path:
        docs = tmp_path / "docs"
        for relative, text in files.items():
            target = docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        return docs

    return write


def section(id: str, number: str, title: str | None = None, **extra: str) -> str:
    """A valid section file; ``extra`` adds raw front-matter lines ``key: value``."""
    lines = ["---", f"id: {id}", f'number: "{number}"', f"title: {title or id.title()}"]
    lines.append("effective: 2020-01-01")
    lines += [f"{key}: {value}" for key, value in extra.items()]
    lines += ["---", f"Body of {id}.", ""]
    return "\n".join(lines)
