"""MkDocs hooks of the acknowledgement page (``/acknowledgement/``): a thin adapter.

List this file under ``hooks:`` in ``mkdocs.yml`` after ``build_hooks/handbook/hooks.py`` (which
builds the index and the revision document this page is bound to). What the page says lives in
:mod:`build_hooks.acknowledgement.page`; what it does in the browser lives in
``build_hooks/acknowledgement/assets/``. No module-level mutable state: everything per build is
kept on the build's config (:func:`build_hooks.state.current`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from build_hooks.acknowledgement.page import PAGE_URI, acknowledgement_link, acknowledgement_page
from build_hooks.history.diff_html import current_changes_html
from build_hooks.state import current

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

log = get_plugin_logger("handbook.acknowledgement")

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
ASSETS_URI = "assets/acknowledgement"
# The form's classic scripts, in load order: each shares its part through
# window.handbook.acknowledgement; acknowledgement.js, last, wires the page (issue 11: by job).
SCRIPTS = tuple(
    f"{ASSETS_URI}/{name}.js"
    for name in (
        "ack-store",  # localStorage keys, receipts kept, DOM and date helpers
        "ack-form",  # fields, limits, draft, errors
        "ack-receipt",  # the receipt and its view, removing everything from this browser
        "ack-send",  # the receiver: POST with timeout and retries, personal signing links
        "ack-changes",  # "changed since you signed"
        "acknowledgement",  # page wiring: init through Material's document$
    )
)
STYLESHEET = f"{ASSETS_URI}/acknowledgement.css"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Register the page's scripts, in order, and stylesheet (once, even if the config is reused).

    The scripts are loaded on every page (Material's instant navigation never reloads scripts);
    they do nothing unless the page holds the acknowledgement form.
    """
    for script in SCRIPTS:
        if script not in [str(js) for js in config.extra_javascript]:
            config.extra_javascript.append(script)
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.append(STYLESHEET)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated acknowledgement page and its assets; link the page from the home page.

    Runs after the core hook's ``on_files`` (hooks run in the order ``mkdocs.yml`` lists them),
    so this build's handbook index and revision document exist.

    Raises:
        PluginError: The core hooks did not run first, or another hook already made the page.
    """
    state = current(config)
    revision = state.revision
    if state.handbook is None or revision is None:
        raise PluginError(
            "acknowledgement hooks: no handbook index or revision document — list "
            "build_hooks/handbook/hooks.py before build_hooks/acknowledgement/hooks.py "
            "under 'hooks:'"
        )
    differences = ""
    if state.history is not None:  # the handbook hook read the revision history
        urls = {ident: info["url"] for ident, info in revision["sections"].items()}
        differences = current_changes_html(state.history, urls, PAGE_URI)
    state.add_page(
        config,
        files,
        uri=PAGE_URI,
        content=acknowledgement_page(state.handbook, state.settings, revision, differences),
        feature="acknowledgement",
        home_link=acknowledgement_link(),
    )
    for asset in sorted(ASSETS_DIR.rglob("*")):
        if asset.is_file():
            uri = f"{ASSETS_URI}/{asset.relative_to(ASSETS_DIR).as_posix()}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
    log.debug("Acknowledgement page for revision %s", revision["revision"])
    return files
