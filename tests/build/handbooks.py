"""Small handbooks for whole-build tests: their ``mkdocs.yml``, their sections, and building
them in this process (shared by the build tests; not a test module itself)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from tests.conftest import REPO

HOOKS = REPO / "build_hooks" / "handbook" / "hooks.py"
ACK_HOOKS = REPO / "build_hooks" / "acknowledgement" / "hooks.py"
CALC_HOOKS = REPO / "build_hooks" / "calculator_site" / "hooks.py"
ALL_HOOKS = (HOOKS, ACK_HOOKS, CALC_HOOKS)


def write_config(
    root: Path,
    hooks: tuple[Path, ...] | list[Path] = ALL_HOOKS,
    *,
    instant: bool = False,
    acknowledgement: dict[str, str] | None = None,
) -> Path:
    """``root/mkdocs.yml`` for a test handbook in ``root/docs`` with the given hooks, in order."""
    hook_lines = "".join(f"\n  - {hook}" for hook in hooks)
    features = "\n  features: [navigation.instant]" if instant else ""
    ack = ""
    if acknowledgement is not None:
        ack = "\n    acknowledgement:" + "".join(
            f"\n      {key}: {json.dumps(value)}" for key, value in acknowledgement.items()
        )
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Test Handbook\n"
        "site_url: http://127.0.0.1:8000/\n"
        f"theme:\n  name: material\n  font: false{features}\n"
        f"hooks:{hook_lines}\n"
        "markdown_extensions: [attr_list, admonition, pymdownx.details, pymdownx.superfences, toc]\n"
        "validation:\n  links: {not_found: warn, anchors: warn}\n"
        "extra:\n  handbook:\n    organization: Test Agency\n    revision: 2026-01-01\n"
        f"    previous_revision: 2025-01-01{ack}\n",
        encoding="utf-8",
    )
    return config


def write_handbook(root: Path, files: dict[str, str]) -> Path:
    """A handbook with every hook and the given ``docs/`` files (dedented); its config path."""
    for relative, text in files.items():
        path = root / "docs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return write_config(root)


def section_text(id: str, number: str, title: str, body: str, revised: str = "2020-01-01") -> str:
    """A valid section file with the given body."""
    history = f"history:\n  - date: {revised}\n    note: Change to {title}.\n"
    if revised != "2020-01-01":
        history += "  - date: 2020-01-01\n    note: Adopted.\n"
    return (
        f'---\nid: {id}\nnumber: "{number}"\ntitle: {title}\neffective: 2020-01-01\n'
        f"revised: {revised}\nowner: Human Resources\nlegal_refs: [Tex. Gov't Code ch. 573]\n"
        f"{history}---\n{body}\n"
    )


def build_site(config_file: Path, site_dir: Path) -> Path:
    """Build like ``mkdocs build --strict`` does, in this process."""
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


def failed_build(config_file: Path, site_dir: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Build a handbook that must fail; the error and the log as one text to search."""
    with pytest.raises((PluginError, Abort)) as caught:
        build_site(config_file, site_dir)
    return str(caught.value) + caplog.text


def html_of(site: Path, uri: str) -> str:
    """A built file's text."""
    return (site / uri).read_text(encoding="utf-8")
