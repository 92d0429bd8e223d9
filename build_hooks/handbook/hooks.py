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
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from build_hooks.content.checked import load_checked
from build_hooks.content.problems import ContentError
from build_hooks.content.references import reference_summary
from build_hooks.content.revision import revision_document
from build_hooks.content.settings import SettingsError, read_settings
from build_hooks.handbook import content_policy, history_pages, render, theme_patch
from build_hooks.handbook.history_files import history_files, remove_from_sitemap
from build_hooks.handbook.home import home_page
from build_hooks.handbook.links import rewrite_references
from build_hooks.handbook.navigation import order_navigation, page_title
from build_hooks.handbook.offline import SERVICE_WORKER, write_offline_files
from build_hooks.handbook.policy_tables import render_tables
from build_hooks.handbook.print_page import PAGE_URI as PRINT_URI
from build_hooks.handbook.print_page import print_link, print_page
from build_hooks.handbook.revisions_page import PAGE_URI as REVISIONS_URI
from build_hooks.handbook.revisions_page import revisions_link, revisions_page
from build_hooks.handbook.site_versions import (
    asset_digests,
    content_digest,
    is_versioned,
    stamp_page,
    stamp_site,
)
from build_hooks.state import BuildState, attach, current

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger("handbook")

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
ASSETS_URI = "assets/handbook"
STYLESHEET = f"{ASSETS_URI}/handbook.css"
HISTORY_STYLESHEET = f"{ASSETS_URI}/history.css"
STORAGE_SCRIPT = f"{ASSETS_URI}/storage.js"  # window.handbook.storage, shared by every feature
# On every page: the service worker's registration and the new-revision notice.
SCRIPTS = (f"{ASSETS_URI}/offline.js", f"{ASSETS_URI}/revision-notice.js")
SERVICE_WORKER_TEMPLATE = ASSETS_DIR / SERVICE_WORKER  # written to the site root after the build


# The Markdown the build generates uses these extensions (section headers, footers, forms).
REQUIRED_EXTENSIONS = {
    "attr_list": "heading ids and classes ({: #id .class })",
    "admonition": "notes (!!! note)",
    "pymdownx.details": "the collapsed history (??? info)",
    "pymdownx.superfences": "fenced blocks inside notes",
}


def check_markdown_extensions(extensions: list[object]) -> None:
    """Refuse a config that lacks a Markdown extension the generated pages need.

    Raises:
        PluginError: Naming each missing extension and the ``markdown_extensions:`` fix.
    """
    names = {ext if isinstance(ext, str) else type(ext).__module__ for ext in extensions}
    missing = [name for name in REQUIRED_EXTENSIONS if name not in names]
    if missing:
        needed = "; ".join(f"{name} for {REQUIRED_EXTENSIONS[name]}" for name in missing)
        raise PluginError(
            "Policy Handbook needs these Markdown extensions: "
            + needed
            + " — add them under 'markdown_extensions:' in mkdocs.yml: "
            + ", ".join(f"'- {name}'" for name in missing)
        )


# Material writes site_name and site_description into every page without escaping them: as text,
# in <title>, and inside double-quoted attributes (aria-label, the description's <meta>). There
# these characters would be markup (an element, or the end of the attribute and a new one).
MARKUP_CHARACTERS = '<>"'


def check_site_texts(site_name: str | None, site_description: str | None) -> None:
    """Refuse a ``site_name`` or ``site_description`` that would be markup in the theme's pages.

    Raises:
        PluginError: Naming ``mkdocs.yml``, each field, the characters found and the fix.
    """
    problems = []
    for field, value in (("site_name", site_name), ("site_description", site_description)):
        found = [char for char in MARKUP_CHARACTERS if char in (value or "")]
        if found:
            problems.append(
                f"mkdocs.yml: {field}: contains {' '.join(found)} — the theme writes the "
                f"{field} into every page as HTML, unescaped, so these would be markup there; "
                'write it as plain text without < > or " (use “ ” for quotation marks)'
            )
    if problems:
        raise PluginError("\n".join(problems))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check the Markdown extensions and the site's name and description, read
    ``extra.handbook``, start this build's state and register the stylesheet and the shared
    storage helper (``assets/storage.js``).

    Runs first, once per build (so once per ``serve`` rebuild).
    """
    check_markdown_extensions(list(config.markdown_extensions))
    check_site_texts(config.site_name, config.site_description)
    try:
        settings = read_settings(config.extra)
    except SettingsError as exc:
        raise PluginError(str(exc)) from exc
    attach(config, BuildState(settings=settings))
    for stylesheet in (STYLESHEET, HISTORY_STYLESHEET):
        if stylesheet not in [str(css) for css in config.extra_css]:
            config.extra_css.append(stylesheet)
    if STORAGE_SCRIPT not in [str(js) for js in config.extra_javascript]:
        config.extra_javascript.insert(0, STORAGE_SCRIPT)  # before the scripts that use it
    for script in SCRIPTS:
        if script not in [str(js) for js in config.extra_javascript]:
            config.extra_javascript.append(script)
    use_linear_navigation(config)
    return config


def use_linear_navigation(config: MkDocsConfig) -> None:
    """Put the patched navigation template (:mod:`build_hooks.handbook.theme_patch`) between the
    site's own ``custom_dir`` and Material's templates; with another theme or another Material
    template, leave the theme as it is."""
    if config.theme.name != "material":
        return
    import material  # the theme's package: its templates folder is one of the theme's dirs

    templates = str(Path(material.__file__).resolve().parent / "templates")
    theme_dirs = [str(Path(d).resolve()) for d in config.theme.dirs]
    if templates not in theme_dirs:
        return
    cache = Path(config.config_file_path).resolve().parent / ".cache" / "theme-patch"
    folder = theme_patch.patched_templates(Path(templates), cache)
    if folder is None:
        log.info("Navigation: this Material's nav-item.html is not the one patched; left as is")
        return
    if str(folder) not in config.theme.dirs:
        config.theme.dirs.insert(theme_dirs.index(templates), str(folder))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Build this build's checked handbook; add the revisions and print pages, revision.json and
    the stylesheet.

    Every problem in every file (front-matter, policy conflicts, cross-references, policy
    tables) is reported at once, and the build fails, strict or not.
    """
    state = current(config)
    config_dir = Path(config.config_file_path).resolve().parent
    try:
        checked = load_checked(Path(config.docs_dir), display_root=config_dir)
    except ContentError as exc:
        raise PluginError("Handbook content has problems:\n" + str(exc)) from exc
    state.checked = checked
    handbook = checked.handbook

    site_urls = {}
    for section in handbook:
        file = files.get_file_from_path(section.src_uri)
        site_urls[section.id] = file.url if file is not None else ""
    document = state.revision = revision_document(handbook, state.settings, site_urls)
    feed = history_files(config, files, state, site_urls)  # archive pages, feed, changes since
    assert state.history is not None
    document["changes_since"] = history_pages.CHANGES_JSON if state.history.past else None
    files.append(
        File.generated(config, "revision.json", content=json.dumps(document, indent=1) + "\n")
    )
    state.add_page(
        config,
        files,
        uri=REVISIONS_URI,
        content=revisions_page(handbook, state.settings, document["revision"])
        + history_pages.revisions_history(
            state.history,
            site_urls,
            feed=feed,
            page_uri=REVISIONS_URI,
        ),
        feature="revisions",
        home_link=revisions_link(),
    )
    state.add_page(
        config,
        files,
        uri=PRINT_URI,
        content=print_page(handbook, state.settings, checked.references, checked.policy),
        feature="print",
        home_link=print_link(),
    )

    for asset in sorted(ASSETS_DIR.glob("*")):
        if asset.is_file() and asset != SERVICE_WORKER_TEMPLATE:
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


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Order the navigation by section number and title it with the numbers."""
    handbook = current(config).handbook
    assert handbook is not None
    return order_navigation(nav, handbook)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render the section header (and the home page) from the index instead of the raw text."""
    state = current(config)
    checked = state.checked
    assert checked is not None
    handbook = checked.handbook
    uri = page.file.src_uri
    if uri == "index.md":
        return home_page(
            handbook,
            state.settings,
            page_uri=uri,
            author_text=markdown,
            extra_links=state.home_links,
        )
    section = handbook.by_uri.get(uri)
    if section is None:
        return markdown
    page.title = page_title(section)
    # Material prints page.meta.title raw in <title>: give it the same escaped text
    page.meta["title"] = page.title
    references = checked.references
    body = rewrite_references(section, handbook, references.outgoing.get(section.id, ()))
    body = render_tables(section, body, checked.policy)
    footer = render.section_footer(section, handbook, references.referenced_by(section.id))
    return render.section_header(section) + body.rstrip("\n") + "\n" + footer


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves (live reload) or builds; see :func:`on_post_page`."""
    content_policy.remember_command(command)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Take the digest of every script and stylesheet MkDocs is about to copy: pages are
    stamped with them as they are written (:func:`on_post_page`)."""
    state = current(config)
    state.asset_digests = {
        file.dest_uri: content_digest(file.content_bytes)
        for file in files
        if is_versioned(file.dest_uri)
    }
    state.stamped_pages = {}
    env.globals["ph_memo"] = theme_patch.memo({})  # the patched navigation's, for this build
    return env


def _finish_page(html: str, path: str, state: BuildState) -> str:
    """The page as written: its Content-Security-Policy first in ``<head>``, then its revision
    and versioned asset URLs (:func:`build_hooks.handbook.site_versions.stamp_page`)."""
    html = content_policy.protect_page(html, state)
    if state.revision is None or state.asset_digests is None:
        return html
    html = stamp_page(html, path, state.asset_digests, str(state.revision["revision"]))
    # MkDocs writes pages as UTF-8 with unencodable characters as references: the same bytes
    state.stamped_pages[path] = content_digest(html.encode("utf-8", errors="xmlcharrefreplace"))
    return html


@event_priority(-100)  # last: the hashes must be of the page as every hook left it
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Finish the page (:func:`_finish_page`)."""
    return _finish_page(output, page.file.dest_uri, current(config))


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page is rendered from a template, not a page: finish it the same way."""
    if not template_name.endswith(".html"):
        return output_content
    return _finish_page(output_content, template_name, current(config))


def on_post_build(config: MkDocsConfig) -> None:
    """Write ``_headers`` (the same policy for hosts that can send it as a header); leave the
    archive pages out of ``sitemap.xml``; check that no script or stylesheet changed after the
    pages named its digest, stamp any page no hook saw, then write the offline list and the
    service worker (:mod:`build_hooks.handbook.site_versions`, :mod:`build_hooks.handbook.offline`).

    Raises:
        PluginError: A script or stylesheet was rewritten after the pages were written (a
            hook's bug: pages would load it under a stale ``?v=`` URL).
    """
    state = current(config)
    site_dir = Path(config.site_dir)
    content_policy.write_headers(config.site_dir, state)
    remove_from_sitemap(site_dir, history_pages.ARCHIVE_FOLDER)
    if state.revision is None:
        return
    revision = str(state.revision["revision"])
    digests = asset_digests(site_dir)  # also the files hooks wrote after the pages
    changed = sorted(p for p, d in (state.asset_digests or {}).items() if digests.get(p) != d)
    if changed:
        raise PluginError(
            f"{', '.join(changed)}: changed after the pages were written with its digest — "
            "a hook must add scripts and stylesheets in on_files, not rewrite them later"
        )
    # pages written by a plugin after the build, or kept from an earlier one (`--dirty`)
    stamp_site(site_dir, revision, digests, state.stamped_pages)
    template = SERVICE_WORKER_TEMPLATE.read_text(encoding="utf-8")
    version = write_offline_files(site_dir, digests, template, state.stamped_pages)
    log.info("Offline list %s: %d versioned assets", version, len(digests))
