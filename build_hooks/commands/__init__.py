"""HR and CI commands, run as ``python -m build_hooks check|revision|gate|announce …``.

- ``check`` (:mod:`.check`): validate every section's front-matter and body without building.
- ``revision`` (:mod:`.revision`): cut a revision (checks, then updates ``mkdocs.yml``).
- ``gate`` (:mod:`.gate`): changed sections need a new ``history:`` entry (CI on pull requests).
- ``announce`` (:mod:`.announce`): an e-mail-ready summary of the current revision.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

__all__ = ["COMMANDS", "run"]

COMMANDS = ("check", "revision", "gate", "announce")


def run(name: str, argv: Sequence[str]) -> int:
    """Run the command ``name`` (one of :data:`COMMANDS`) with ``argv``; return its exit status."""
    if name not in COMMANDS:
        raise ValueError(f"unknown command {name!r}; use one of {', '.join(COMMANDS)}")
    module = importlib.import_module(f"build_hooks.commands.{name}")
    return int(module.main(list(argv)))
