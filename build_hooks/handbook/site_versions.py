"""One revision per page view: the built pages name their revision and load assets by content.

After a deploy, a browser may hold the previous revision's files in its HTTP cache (GitHub Pages
sends ``Cache-Control: max-age=600``). Two things keep a page from mixing revisions:

- every ``src``/``href`` of a page that points to one of the site's own scripts or stylesheets
  gets ``?v=<sha256 prefix>`` of that file, so a changed file has a new URL;
- every page names its revision twice: ``<meta name="policy-handbook-revision">`` in its head
  (what the tab loaded) and ``data-ph-revision`` on a hidden marker at the top of its article
  (what Material's instant navigation swapped in) — ``revision-notice.js`` reloads the tab when
  they differ and tells the reader when ``revision.json`` names a newer revision.

Pure functions, no MkDocs import. The hook (:mod:`build_hooks.handbook.hooks`) stamps each page
as MkDocs writes it (:func:`stamp_page`, with the digests of the files MkDocs is about to copy)
and, after the build, checks the written assets against those digests; a build whose assets
changed on the way is stamped again from the folder (:func:`stamp_site`).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Collection, Mapping
from pathlib import Path

__all__ = [
    "REVISION_META",
    "UNVERSIONED",
    "asset_digests",
    "content_digest",
    "is_versioned",
    "stamp_page",
    "stamp_site",
    "version_asset_urls",
]

REVISION_META = "policy-handbook-revision"
VERSIONED_SUFFIXES = (".js", ".css")
# The service worker's URL must never change (a new URL would be a second worker).
UNVERSIONED = frozenset({"service-worker.js"})
DIGEST_LENGTH = 12
# a quoted URL ending in .js or .css without query or fragment, as an attribute value (the
# attribute's name is checked in code: a literal first character keeps the scan fast)
_ASSET_VALUE = re.compile(r'="([^"?#<>]*\.(?:js|css))"')
_ATTRIBUTE_NAMES = ("src", "href")
_ARTICLE = re.compile(r"<article\b[^>]*>")
_HEAD_END = "</head>"


def content_digest(data: bytes) -> str:
    """The first 12 hex digits of the sha256 of ``data`` (what ``?v=`` carries)."""
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def is_versioned(relative: str) -> bool:
    """Whether the site file at ``relative`` (from the site root) gets ``?v=`` URLs: scripts
    and stylesheets, the service worker excepted (its URL must stay the same)."""
    return relative.endswith(VERSIONED_SUFFIXES) and relative not in UNVERSIONED


def asset_digests(site_dir: Path) -> dict[str, str]:
    """Every versioned file (:func:`is_versioned`) of the built site, by path from the site
    root, with its :func:`content_digest`."""
    digests = {}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if is_versioned(relative) and path.is_file():
            digests[relative] = content_digest(path.read_bytes())
    return digests


def version_asset_urls(page: str, page_path: str, digests: Mapping[str, str]) -> str:
    """``page`` with ``?v=<digest>`` added to each ``src``/``href`` naming a file of ``digests``.

    Args:
        page: The page's HTML.
        page_path: The page's file from the site root (e.g. ``06-leave/index.html``), against
            which its relative URLs resolve.
        digests: :func:`asset_digests` of the site.

    Returns:
        The HTML; URLs to other sites, absolute paths and URLs that already carry a query or a
        fragment are left alone.
    """
    base = posixpath.dirname(page_path)
    parts: list[str] = []
    done = 0
    for match in _ASSET_VALUE.finditer(page):
        url = match.group(1)
        before = page[max(0, match.start() - 5) : match.start()]
        name = next((n for n in _ATTRIBUTE_NAMES if before.endswith(n)), None)
        if name is None or _word_character(before[-len(name) - 1 : -len(name)]):
            continue  # another attribute (data-src=…, xhref=…)
        if url.startswith(("/", "//")) or ":" in url:
            continue
        digest = digests.get(posixpath.normpath(posixpath.join(base, url)))
        if digest is None:
            continue
        parts.append(page[done : match.end(1)])
        parts.append(f"?v={digest}")
        done = match.end(1)
    parts.append(page[done:])
    return "".join(parts)


def _word_character(text: str) -> bool:
    return bool(text) and (text.isalnum() or text in "_-")


def stamp_page(page: str, page_path: str, digests: Mapping[str, str], revision: str) -> str:
    """One page: asset URLs versioned (:func:`version_asset_urls`), the revision named in the
    head and at the top of the article (pages without an article, e.g. redirects, only get
    the head's)."""
    page = version_asset_urls(page, page_path, digests)
    value = html.escape(revision)
    if _HEAD_END in page:
        meta = f'<meta name="{REVISION_META}" content="{value}">'
        page = page.replace(_HEAD_END, meta + _HEAD_END, 1)
    match = _ARTICLE.search(page)
    if match:
        marker = f'<span class="ph-revision-marker" data-ph-revision="{value}" hidden></span>'
        page = page[: match.end()] + marker + page[match.end() :]
    return page


def stamp_site(
    site_dir: Path,
    revision: str,
    digests: Mapping[str, str] | None = None,
    stamped: Collection[str] = (),
) -> dict[str, str]:
    """Stamp in place every HTML page of the built site that is not stamped yet
    (:func:`stamp_page`).

    Args:
        site_dir: The built site.
        revision: The revision every page names.
        digests: The site's asset digests, when already taken (default: :func:`asset_digests`).
        stamped: Pages (paths from the site root) stamped as they were written; they, and any
            page already naming a revision (kept from an earlier ``--dirty`` build), are left
            as they are.

    Returns:
        The asset digests used.
    """
    digests = dict(digests) if digests is not None else asset_digests(site_dir)
    marker = f'name="{REVISION_META}"'
    for path in sorted(site_dir.rglob("*.html")):
        page_path = path.relative_to(site_dir).as_posix()
        if page_path in stamped:
            continue
        text = path.read_text(encoding="utf-8")
        if marker not in text:
            path.write_text(stamp_page(text, page_path, digests, revision), encoding="utf-8")
    return digests
