"""MkDocs side of the Content-Security-Policy: protect each written page, write ``_headers``.

The policy itself is computed by :mod:`build_hooks.handbook.csp` from the page HTML. Under
``mkdocs serve`` the dev server adds an inline live-reload script after the hooks run, which a
policy would block, so pages are left without the ``<meta>`` there (the log says so);
``mkdocs build`` (and so every deployed site, and the tests) always carries it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger

from build_hooks.handbook.csp import (
    HEADERS_FILE,
    build_policy,
    endpoint_origin,
    headers_file,
    inject_meta,
    inline_script_hashes,
    meta_tag,
)

if TYPE_CHECKING:
    from build_hooks.state import BuildState

__all__ = ["protect_page", "remember_command", "write_headers"]

log = get_plugin_logger("handbook")

_process = {"serving": False}  # set once per process by on_startup; never per build


def remember_command(command: str) -> None:
    """Record the MkDocs command this process runs (``build``, ``serve``, ``gh-deploy``)."""
    _process["serving"] = command == "serve"
    if _process["serving"]:
        log.info(
            "Content-Security-Policy: not added under `mkdocs serve` (live reload runs an "
            "inline script); `mkdocs build` adds it to every page"
        )


def _connect_origins(state: BuildState) -> list[str]:
    origin = endpoint_origin(state.settings.acknowledgement.endpoint)
    return [origin] if origin else []


def protect_page(html: str, state: BuildState) -> str:
    """The page with its policy ``<meta>`` first in ``<head>``; hashes remembered for the site."""
    hashes = inline_script_hashes(html)
    state.csp_script_hashes |= hashes
    if _process["serving"]:
        return html
    return inject_meta(html, meta_tag(build_policy(hashes, _connect_origins(state))))


def write_headers(site_dir: str, state: BuildState) -> None:
    """Write ``_headers`` with the site-wide policy (every page's inline scripts)."""
    policy = build_policy(state.csp_script_hashes, _connect_origins(state))
    Path(site_dir, HEADERS_FILE).write_text(headers_file(policy), encoding="utf-8")
