"""The handbook as data: front-matter, validation, index, references, tables, revision.

No MkDocs import anywhere in this package: the build hooks, the HR commands and the calculators'
command line all read the handbook through it. Its public entry point for other packages is
:func:`load_policy`; the build itself uses :func:`build_hooks.content.checked.load_checked`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_hooks.content.problems import ContentError

__all__ = ["ContentError", "load_policy"]


def load_policy(docs_dir: str | Path) -> dict[str, Any]:
    """The merged ``policy:`` document of the handbook in ``docs_dir``.

    Every section's front-matter is validated first, as the build does (cross-references and
    policy tables are not checked: they do not change the parameters).

    Args:
        docs_dir: The handbook's docs folder.

    Returns:
        The :func:`calculators.policy.merge_policy` document.

    Raises:
        ContentError: The handbook has content problems; ``str(error)`` is the report, one
            ``file:line: field: what is wrong — what to do`` line per problem.
    """
    from build_hooks.content import index
    from calculators.policy import merge_policy

    return merge_policy(index.load_sections(Path(docs_dir)))
