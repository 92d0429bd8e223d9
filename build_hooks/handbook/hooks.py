"""MkDocs hooks of Policy Handbook: thin adapters from MkDocs events to plain modules.

List this file under ``hooks:`` in ``mkdocs.yml``. It keeps no module-level state: everything a
build learns lives on that build's config object (:mod:`build_hooks.state`), so a rebuild under
``mkdocs serve`` starts from nothing. MkDocs never reloads hook code during ``serve``: restart it
after changing ``build_hooks/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from build_hooks.content.checked import load_checked
from build_hooks.content.problems import ContentError
from build_hooks.content.references import reference_summary
from build_hooks.content.revision import revision_document
from build_hooks.content.settings import SettingsError, read_settings
from build_hooks.handbook import history_pages, render
from build_hooks.handbook.history_files import history_files, remove_from_sitemap
from build_hooks.handbook.links import rewrite_references
from build_hooks.handbook.navigation import order_navigation
from build_hooks.handbook.policy_tables import render_tables
from build_hooks.handbook.print_page import PAGE_URI as PRINT_URI
from build_hooks.handbook.print_page import print_link, print_page
from build_hooks.handbook.revisions_page import PAGE_URI as REVISIONS_URI
from build_hooks.handbook.revisions_page import revisions_link, revisions_page
from build_hooks.history.feed import FEED_URI
from build_hooks.state import BuildState, attach, current

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook")

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
ASSETS_URI = "assets/handbook"
STYLESHEET = f"{ASSETS_URI}/handbook.css"
HISTORY_STYLESHEET = f"{ASSETS_URI}/history.css"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read ``extra.handbook``, start this build's state and register the stylesheet.

    Runs first, once per build (so once per ``serve`` rebuild).
    """
    try:
        settings = read_settings(config.extra)
    except SettingsError as exc:
        raise PluginError(str(exc)) from exc
    attach(config, BuildState(settings=settings))
    for stylesheet in (STYLESHEET, HISTORY_STYLESHEET):
        if stylesheet not in [str(css) for css in config.extra_css]:
            config.extra_css.append(stylesheet)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Build this build's checked handbook; add the revisions page, revision.json and assets.

    Every problem in every file (front-matter, policy conflicts, cross-references, policy
    tables) is reported at once, and the build fails, strict or not.
    """
    state = current(config)
    config_dir = Path(config.config_file_path).resolve().parent
    try:
        checked = load_checked(Path(config.docs_dir), display_root=config_dir)
    except ContentError as exc:
        raise PluginError("Handbook content has problems:\n" + str(exc)) from exc
    handbook = state.handbook = checked.handbook
    state.extras["policy"] = checked.policy
    state.extras["references"] = checked.references

    site_urls = {}
    for section in handbook:
        file = files.get_file_from_path(section.src_uri)
        site_urls[section.id] = file.url if file is not None else ""
    document = revision_document(handbook, state.settings, site_urls)
    state.extras["revision"] = document
    made = history_files(config, state, site_urls)  # archive pages, feed, changes since
    document["changes_since"] = history_pages.CHANGES_JSON if state.extras["history"].past else None
    for file in made:
        files.append(file)
    files.append(
        File.generated(config, "revision.json", content=json.dumps(document, indent=1) + "\n")
    )
    files.append(
        File.generated(
            config,
            REVISIONS_URI,
            content=revisions_page(handbook, state.settings, document["revision"])
            + history_pages.revisions_history(
                state.extras["history"],
                state.extras["revision_timeline"],
                site_urls,
                feed=any(f.src_uri == FEED_URI for f in made),
                page_uri=REVISIONS_URI,
            ),
        )
    )
    state.generated[REVISIONS_URI] = "revisions"
    state.extras.setdefault("home_links", {})[REVISIONS_URI] = revisions_link()
    files.append(
        File.generated(
            config,
            PRINT_URI,
            content=print_page(handbook, state.settings, checked.references, checked.policy),
        )
    )
    state.generated[PRINT_URI] = "print"
    state.extras["home_links"][PRINT_URI] = print_link()

    for asset in sorted(ASSETS_DIR.glob("*")):
        if asset.is_file():  # sub-folders belong to feature hooks (acknowledgement/)
            uri = f"{ASSETS_URI}/{asset.relative_to(ASSETS_DIR).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(asset)))
    counts = reference_summary(checked.references)
    log.info(
        "Handbook index: %d sections, %d cross-references, revision %s",
        len(handbook),
        counts["references"],
        document["revision"],
    )
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """Leave the archive pages out of ``sitemap.xml`` (and its ``.gz``)."""
    remove_from_sitemap(Path(config.site_dir), history_pages.ARCHIVE_FOLDER)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Order the navigation by section number and title it with the numbers."""
    handbook = current(config).handbook
    assert handbook is not None
    return order_navigation(nav, handbook)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render the section header (and the home page) from the index instead of the raw text."""
    state = current(config)
    handbook = state.handbook
    assert handbook is not None
    uri = page.file.src_uri
    if uri == "index.md":
        return render.home_page(
            handbook,
            state.settings,
            page_uri=uri,
            author_text=markdown,
            extra_links=[
                (label, target, text)
                for target, (label, text) in state.extras.get("home_links", {}).items()
            ],
            # calculator pages are linked once the browser calculators hook adds their forms
            show_calculators=bool(state.extras.get("calculator_forms")),
        )
    section = handbook.by_uri.get(uri)
    if section is None:
        return markdown
    page.title = f"{section.number} {section.title}" if section.number else section.title
    references = state.extras["references"]
    body = rewrite_references(section, handbook, references.outgoing.get(section.id, ()))
    body = render_tables(section, body, state.extras["policy"])
    footer = render.section_footer(section, handbook, references.referenced_by(section.id))
    return render.section_header(section) + body.rstrip("\n") + "\n" + footer
