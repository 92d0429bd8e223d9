"""The build's files made from the revision history: archive pages, feed, ``revision-changes.json``.

A thin MkDocs adapter over :mod:`build_hooks.history` (reading git, comparing) and
:mod:`build_hooks.handbook.history_pages` (what the pages say). Called from the handbook hook's
``on_files``; what it learns is kept on the build state (:attr:`BuildState.history`) for the
acknowledgement hook.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from build_hooks.handbook import history_pages
from build_hooks.history.feed import FEED_URI, FeedRevision, revisions_feed
from build_hooks.history.history import load_history

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from build_hooks.state import BuildState

__all__ = ["history_files", "remove_from_sitemap"]

log = get_plugin_logger("handbook.history")

_URL_ENTRY = re.compile(r"[ \t]*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>\n?", re.S)


def history_files(
    config: MkDocsConfig, files: Files, state: BuildState, site_urls: dict[str, str]
) -> bool:
    """Read the past revisions (from git, or the cache) and add their files to ``files``.

    Archive pages are added with :meth:`BuildState.add_page` and left out of the navigation
    (and, by their front-matter, of search; :func:`remove_from_sitemap` takes them out of the
    sitemap). The feed needs ``site_url`` (Atom ids are absolute) and is skipped, with a
    message, without it.

    Returns:
        Whether ``revisions.atom`` was added.

    Args:
        config: This build's config.
        files: This build's files.
        state: This build's state (``settings``; receives ``history``).
        site_urls: Section id → its page's address from the site root.
    """
    history = load_history(
        Path(config.config_file_path), Path(config.docs_dir), state.settings.revision
    )
    state.history = history
    timeline = history.timeline
    if history.note:
        log.info("Revision differences: %s", history.note)
    for snapshot in history.past:
        uri = history_pages.archive_uri(snapshot.date)
        content = history_pages.archive_page(
            snapshot, history.folders[snapshot.date], state.settings.organization, site_urls
        )
        state.add_page(config, files, uri=uri, content=content, feature="archive")
        page = files.get_file_from_path(uri)
        assert page is not None
        page.inclusion = InclusionLevel.NOT_IN_NAV
    if history.past:
        document = history_pages.changes_since_document(history, site_urls)
        files.append(
            File.generated(
                config, history_pages.CHANGES_JSON, content=json.dumps(document, indent=1) + "\n"
            )
        )
    if timeline and config.site_url:
        site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        feed = revisions_feed(
            state.settings.organization,
            site_url,
            [FeedRevision(snapshot, changes) for snapshot, changes in timeline],
            lambda section_id: site_url + site_urls.get(section_id, ""),
        )
        files.append(File.generated(config, FEED_URI, content=feed))
        return True
    if timeline:
        log.info("No revisions feed: set site_url in mkdocs.yml (feed addresses are absolute)")
    return False


def remove_from_sitemap(site: Path, folder: str) -> None:
    """Drop every ``<url>`` under ``/<folder>/`` from ``sitemap.xml`` and rewrite the ``.gz``."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    kept = _URL_ENTRY.sub(lambda m: "" if f"/{folder}/" in m["loc"] else m.group(), text)
    if kept == text:
        return
    sitemap.write_text(kept, encoding="utf-8")
    packed = site / "sitemap.xml.gz"
    with gzip.GzipFile(packed, mode="wb", mtime=0) as out:
        out.write(kept.encode("utf-8"))
