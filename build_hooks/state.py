"""Per-build state, kept on the MkDocs config object of that build.

MkDocs loads hook modules once per process, so module globals would survive from one
``mkdocs serve`` rebuild to the next. A fresh config object is created for every build, so state
attached to it cannot leak between builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from build_hooks.content.index import Handbook
    from build_hooks.content.settings import HandbookSettings

__all__ = ["BuildState", "attach", "current"]

_ATTRIBUTE = "_policy_handbook_state"


@dataclass
class BuildState:
    """What one build knows about the handbook.

    Attributes:
        settings: ``extra.handbook`` as read in ``on_config``.
        handbook: The validated index, built in ``on_files``.
        generated: ``src_uri`` of the pages the build generates (revisions, acknowledgement, …).
        extras: Products of later hooks (policy document, references, …) by name.
    """

    settings: HandbookSettings
    handbook: Handbook | None = None
    generated: dict[str, str] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)


def attach(config: MkDocsConfig, state: BuildState) -> BuildState:
    """Store ``state`` on this build's config and return it."""
    setattr(config, _ATTRIBUTE, state)
    return state


def current(config: MkDocsConfig) -> BuildState:
    """Return the state of the build that owns ``config``.

    Raises:
        RuntimeError: ``on_config`` of the handbook hooks has not run for this config.
    """
    state = getattr(config, _ATTRIBUTE, None)
    if state is None:
        raise RuntimeError(
            "Policy Handbook hooks: no build state — list build_hooks/handbook/hooks.py under "
            "'hooks:' in mkdocs.yml"
        )
    return state
