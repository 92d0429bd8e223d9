"""The whole handbook offline after a first visit: the list the service worker precaches.

``offline.json`` at the site root names every file a reader needs without the network — each
page (by its directory URL), the search index, ``revision.json``, the acknowledgement page, the
scripts and stylesheets (by the ``?v=`` URLs the pages use) — with a content digest, so a new
service worker only downloads what changed. The calculators' runtime bundle is left to the
calculators (it is large and cached when a calculator first runs). ``service-worker.js`` is
written from its template with the list's version, so every deploy that changes a file
installs a new worker.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from build_hooks.handbook.site_versions import content_digest

__all__ = [
    "OFFLINE_LIST",
    "SERVICE_WORKER",
    "VERSION_PLACEHOLDER",
    "offline_list",
    "service_worker",
    "write_offline_files",
]

OFFLINE_LIST = "offline.json"
SERVICE_WORKER = "service-worker.js"
VERSION_PLACEHOLDER = "__SITE_VERSION__"
FORMAT = "policy-handbook-offline/1"
# Not kept offline: the calculators bundle (its own cache), search languages other than
# English, source maps, sitemaps, the two files of the offline machinery itself, and the
# hosts' own configuration files, which hosts do not serve (one missing file would stop the
# worker from installing).
SKIPPED_FOLDERS = ("assets/calculators/", "assets/javascripts/lunr/")
SKIPPED_FILES = frozenset(
    {
        OFFLINE_LIST,
        SERVICE_WORKER,
        "sitemap.xml",
        "sitemap.xml.gz",
        "_headers",
        "_redirects",
        "CNAME",
        ".nojekyll",
    }
)
SKIPPED_SUFFIXES = (".map",)


def _url(relative: str, digest: str, digests: Mapping[str, str]) -> str:
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    if relative in digests:
        return f"{relative}?v={digests[relative]}"
    return relative


def offline_list(
    site_dir: Path, digests: Mapping[str, str], known: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The ``offline.json`` document of a built (and stamped) site.

    Args:
        site_dir: The built site.
        digests: Its versioned assets (:func:`build_hooks.handbook.site_versions.stamp_site`).
        known: Digests already taken of other files as written (the pages), by path from the
            site root: those files are not read again.

    Returns:
        ``{format, version, files: {url relative to the site root: content digest}}``;
        ``version`` is the digest of ``files``.
    """
    files: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if (
            not path.is_file()
            or relative in SKIPPED_FILES
            or relative.startswith(SKIPPED_FOLDERS)
            or relative.endswith(SKIPPED_SUFFIXES)
        ):
            continue
        digest = (
            digests.get(relative)
            or (known or {}).get(relative)
            or content_digest(path.read_bytes())
        )
        files[_url(relative, digest, digests)] = digest
    version = content_digest(json.dumps(files, sort_keys=True).encode())
    return {"format": FORMAT, "version": version, "files": files}


def service_worker(template: str, version: str) -> str:
    """The service worker's source with this site's version filled in.

    Raises:
        ValueError: The template lacks the placeholder.
    """
    if VERSION_PLACEHOLDER not in template:
        raise ValueError(f"service worker template: no {VERSION_PLACEHOLDER} to fill in")
    return template.replace(VERSION_PLACEHOLDER, version)


def write_offline_files(
    site_dir: Path,
    digests: Mapping[str, str],
    template: str,
    known: Mapping[str, str] | None = None,
) -> str:
    """Write ``offline.json`` and ``service-worker.js`` into the site (``known``: see
    :func:`offline_list`); return the version."""
    listing = offline_list(site_dir, digests, known)
    (site_dir / OFFLINE_LIST).write_text(json.dumps(listing, indent=1) + "\n", encoding="utf-8")
    (site_dir / SERVICE_WORKER).write_text(
        service_worker(template, listing["version"]), encoding="utf-8"
    )
    return str(listing["version"])
