"""The checked handbook: index + merged policy + cross-references, built once per build.

Both the build (``on_files``) and ``python -m build_hooks check`` call :func:`load_checked`, so
the command-line check reports exactly what the build would refuse: front-matter problems,
policy conflicts, broken cross-references, plain-text references to sections ("see Leave
Records") and unknown policy tables, all in one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_hooks.content.body_safety import check_body
from build_hooks.content.index import Handbook, read_handbook
from build_hooks.content.plain_references import check_plain_references
from build_hooks.content.problems import ContentError
from build_hooks.content.references import References, collect_references
from build_hooks.content.tables import check_tables
from calculators.policy import PolicyMergeError, merge_policy

__all__ = ["CheckedHandbook", "load_checked", "merged_policy"]


@dataclass(frozen=True)
class CheckedHandbook:
    """Everything later hooks read: the index, the merged policy and the references."""

    handbook: Handbook
    policy: Mapping[str, Any]
    references: References


def merged_policy(handbook: Handbook) -> Mapping[str, Any]:
    """The merged ``policy:`` document (:func:`calculators.policy.merge_policy`)."""
    return merge_policy(handbook.policy_sources())


def load_checked(
    docs_dir: Path, *, display_root: Path | None = None, archive: bool = False
) -> CheckedHandbook:
    """Load, validate and cross-check a handbook.

    Every check runs in one pass, even when some front-matter is wrong: a bad date in one file
    does not hide a broken cross-reference or a table problem found in the same run.

    Args:
        docs_dir: The docs folder.
        display_root: File names in problems are shown relative to it.
        archive: A past revision, published once and never edited again: the rules added
            for authors since (plain-text references, tables a later calculator draws from
            other parameters) do not apply; front-matter, cross-references and the safety of
            the text still do. Tables that cannot be drawn are the renderer's to explain.

    Raises:
        ContentError: With every problem found, sorted by file and line.
    """
    handbook, problems = read_handbook(docs_dir, display_root=display_root)
    try:
        policy: Mapping[str, Any] | None = merged_policy(handbook)
    except PolicyMergeError:
        policy = None  # the conflicts are already among the problems, at their lines
    references, reference_problems = collect_references(handbook)
    problems.extend(reference_problems)
    if not archive:
        problems.extend(check_plain_references(handbook))
    if policy is not None and not archive:
        values_ok = not any(p.field.startswith("policy.") for p in problems)
        problems.extend(check_tables(handbook, policy, values_checked=values_ok))
    for section in handbook:
        problems.extend(check_body(section.body, section.source, section.body_line))
    if problems:
        raise ContentError(problems)
    assert policy is not None  # a merge conflict is a problem, raised above
    return CheckedHandbook(handbook=handbook, policy=policy, references=references)
