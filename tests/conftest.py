"""Shared fixtures: throwaway handbooks written into a temporary folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

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
