"""Per-build state, kept on the MkDocs config object of that build.

MkDocs loads hook modules once per process, so module globals would survive from one
``mkdocs serve`` rebuild to the next. A fresh config object is created for every build, so state
attached to it cannot leak between builds.

How a feature adds a generated page (the revisions, print, acknowledgement and calculators pages
all do it this way)::

    state = current(config)
    state.add_page(
        config, files, uri="revisions.md", content=markdown, feature="revisions",
        home_link=HomeLink(uri="revisions.md", label="Revisions", text="What changed, by date"),
    )

The page joins ``files``, is recorded in :attr:`BuildState.generated` (so a second feature that
tries to make the same page is refused) and, with ``home_link``, is listed under "Quick links"
on the home page. A feature that links several pages from the home page (the calculators) calls
:meth:`BuildState.add_home_link` for the others. Links appear in the order features add them,
which is the order ``mkdocs.yml`` lists the hooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from build_hooks.content.checked import CheckedHandbook
    from build_hooks.content.index import Handbook
    from build_hooks.content.settings import HandbookSettings
    from build_hooks.history.history import History

__all__ = ["BuildState", "CalculatorSite", "HomeLink", "attach", "current"]

_ATTRIBUTE = "_policy_handbook_state"


@dataclass(frozen=True)
class HomeLink:
    """One line under "Quick links" on the home page: ``[label](uri) — text``.

    Attributes:
        uri: ``src_uri`` of the page linked (e.g. ``revisions.md``).
        label: The link text (plain text; escaped when rendered).
        text: What the page is for (plain text; escaped when rendered).
    """

    uri: str
    label: str
    text: str


@dataclass(frozen=True)
class CalculatorSite:
    """What the calculator feature made in this build (``None`` on the state when it made none).

    Attributes:
        descriptions: ``calculators.registry.describe(name)`` of every calculator, by name.
        hosts: Calculator name -> ``src_uri`` of the sections that show its form.
    """

    descriptions: dict[str, dict[str, Any]]
    hosts: dict[str, list[str]]


@dataclass
class BuildState:
    """What one build knows about the handbook.

    Attributes:
        settings: ``extra.handbook`` as read in ``on_config``.
        checked: The checked handbook (index, merged policy, references), built in ``on_files``.
        revision: The revision document (``revision.json``), built in ``on_files``.
        generated: ``src_uri`` -> feature name of every page the build generates.
        home_links: The home page's "Quick links", in the order features added them.
        calculator_site: The calculator feature's product, or ``None`` (no calculator hook, or
            no calculator registered).
        csp_script_hashes: Hash sources of every inline script in the pages written so far.
        asset_digests: The site's scripts and stylesheets by path, with the digest their
            ``?v=`` URLs carry (taken in ``on_env`` from the files MkDocs is about to copy).
        stamped_pages: Every HTML file stamped as it was written (path from the site root)
            with the digest of the bytes written (for the offline list).
        history: Past revisions read from git and what changed in each (``None`` before the
            handbook hook's ``on_files``).
    """

    settings: HandbookSettings
    checked: CheckedHandbook | None = None
    revision: dict[str, Any] | None = None
    generated: dict[str, str] = field(default_factory=dict)
    home_links: list[HomeLink] = field(default_factory=list)
    calculator_site: CalculatorSite | None = None
    csp_script_hashes: set[str] = field(default_factory=set)
    asset_digests: dict[str, str] | None = None
    stamped_pages: dict[str, str] = field(default_factory=dict)
    history: History | None = None

    @property
    def handbook(self) -> Handbook | None:
        """The validated index (``None`` before the handbook hook's ``on_files``)."""
        return self.checked.handbook if self.checked is not None else None

    def add_home_link(self, link: HomeLink) -> None:
        """List ``link`` under "Quick links" on the home page."""
        self.home_links.append(link)

    def add_page(
        self,
        config: MkDocsConfig,
        files: Files,
        *,
        uri: str,
        content: str,
        feature: str,
        home_link: HomeLink | None = None,
    ) -> None:
        """Add a generated page to this build (see the module docstring).

        Args:
            config: This build's config.
            files: This build's files (the page is appended).
            uri: The page's ``src_uri`` (e.g. ``acknowledgement.md``).
            content: The page's Markdown.
            feature: Which feature made it (recorded in :attr:`generated`).
            home_link: Its line under "Quick links" on the home page, if any.

        Raises:
            PluginError: Another feature, or a file in ``docs/``, already provides ``uri``.
        """
        owner = self.generated.get(uri)
        if owner is not None or files.get_file_from_path(uri) is not None:
            made_by = f"the {owner} feature" if owner else "a file in docs/"
            raise PluginError(
                f"{feature}: '{uri}' already exists ({made_by}) — remove it, the page is "
                f"generated by the {feature} feature"
            )
        files.append(File.generated(config, uri, content=content))
        self.generated[uri] = feature
        if home_link is not None:
            self.add_home_link(home_link)


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
