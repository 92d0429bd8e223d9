"""Pages stamped with their revision and content-versioned asset URLs; the offline list and the
service worker written from a built site (pure functions over a folder)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from build_hooks.handbook.offline import offline_list, service_worker, write_offline_files
from build_hooks.handbook.site_versions import (
    asset_digests,
    content_digest,
    stamp_page,
    stamp_site,
    version_asset_urls,
)

PAGE = (
    '<html><head><link rel="stylesheet" href="../assets/site.css">'
    '<link rel="icon" href="../assets/icon.png"></head><body>'
    '<article class="md-content__inner md-typeset"><h1>Leave</h1>'
    '<a href="../other/">other</a><a href="https://example.org/x.js">x</a></article>'
    '<script src="../assets/app.js"></script><script src="/assets/app.js"></script>'
    '<script src="../assets/app.js?v=old"></script>'
    '<script src="../service-worker.js"></script></body></html>'
)


def write_site(root: Path) -> Path:
    files = {
        "index.html": PAGE.replace("../", ""),
        "06-leave/index.html": PAGE,
        "assets/app.js": "console.log(1);\n",
        "assets/site.css": "body{}\n",
        "assets/icon.png": "png",
        "assets/app.js.map": "{}",
        "assets/calculators/manifest.json": "{}",
        "assets/javascripts/lunr/min/lunr.de.min.js": "de",
        "search/search_index.json": '{"docs": []}',
        "revision.json": '{"revision": "2026-01-01-5b0d03f430e8"}',
        "service-worker.js": "old",
        "sitemap.xml": "<urlset/>",
        "_headers": "/*\n  Content-Security-Policy: default-src 'self'\n",
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_digest_is_the_sha256_prefix() -> None:
    assert content_digest(b"abc") == hashlib.sha256(b"abc").hexdigest()[:12]


def test_only_the_sites_own_scripts_and_stylesheets_get_a_version(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    digests = asset_digests(site)
    assert digests == {
        "assets/app.js": content_digest(b"console.log(1);\n"),
        "assets/site.css": content_digest(b"body{}\n"),
        "assets/javascripts/lunr/min/lunr.de.min.js": content_digest(b"de"),
    }
    out = version_asset_urls(PAGE, "06-leave/index.html", digests)
    js, css = digests["assets/app.js"], digests["assets/site.css"]
    assert f'href="../assets/site.css?v={css}"' in out
    assert f'<script src="../assets/app.js?v={js}"></script>' in out
    # absolute paths, other sites, URLs with a query, non-assets and the worker: unchanged
    for kept in (
        'src="/assets/app.js"',
        'href="https://example.org/x.js"',
        'src="../assets/app.js?v=old"',
        'href="../assets/icon.png"',
        'src="../service-worker.js"',
        'href="../other/"',
    ):
        assert kept in out


def test_a_page_names_its_revision_in_head_and_article() -> None:
    out = stamp_page(PAGE, "06-leave/index.html", {}, 'R"<1>')
    assert '<meta name="policy-handbook-revision" content="R&quot;&lt;1&gt;"></head>' in out
    assert (
        '<article class="md-content__inner md-typeset"><span class="ph-revision-marker" '
        'data-ph-revision="R&quot;&lt;1&gt;" hidden></span><h1>' in out
    )


def test_stamp_site_then_the_offline_list(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    digests = stamp_site(site, "2026-01-01-5b0d03f430e8")
    page = (site / "06-leave/index.html").read_text()
    assert f"app.js?v={digests['assets/app.js']}" in page
    listing = offline_list(site, digests)
    assert listing["format"] == "policy-handbook-offline/1"
    files = listing["files"]
    assert sorted(files) == sorted(
        [
            "./",
            "06-leave/",
            f"assets/app.js?v={digests['assets/app.js']}",
            f"assets/site.css?v={digests['assets/site.css']}",
            "assets/icon.png",
            "search/search_index.json",
            "revision.json",
        ]
    )
    assert files["06-leave/"] == content_digest(page.encode())
    assert listing["version"] == content_digest(json.dumps(files, sort_keys=True).encode())


def test_the_worker_carries_the_lists_version(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    digests = stamp_site(site, "2026-01-01-5b0d03f430e8")
    version = write_offline_files(site, digests, 'var VERSION = "__SITE_VERSION__";\n')
    assert (site / "service-worker.js").read_text() == f'var VERSION = "{version}";\n'
    assert json.loads((site / "offline.json").read_text())["version"] == version
    with pytest.raises(ValueError, match="__SITE_VERSION__"):
        service_worker("var VERSION = 1;", version)


def test_only_src_and_href_attributes_are_versioned() -> None:
    digests = {"assets/a.js": "aaaaaaaaaaaa", "assets/b.css": "bbbbbbbbbbbb"}
    page = (
        '<script src="assets/a.js"></script><link rel="stylesheet" href="assets/b.css">'
        '<img data-src="assets/a.js"><a xhref="assets/b.css">x</a>'
        '<a href="assets/b.css?x=1">q</a><a href="https://other.example/assets/a.js">o</a>'
        "<p>assets/a.js</p>"
    )
    assert version_asset_urls(page, "index.html", digests) == (
        '<script src="assets/a.js?v=aaaaaaaaaaaa"></script>'
        '<link rel="stylesheet" href="assets/b.css?v=bbbbbbbbbbbb">'
        '<img data-src="assets/a.js"><a xhref="assets/b.css">x</a>'
        '<a href="assets/b.css?x=1">q</a><a href="https://other.example/assets/a.js">o</a>'
        "<p>assets/a.js</p>"
    )


def test_stamp_site_leaves_pages_already_stamped(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    home, leave = site / "index.html", site / "06-leave/index.html"
    before = leave.read_text()
    stamp_site(site, "R1", stamped={"06-leave/index.html"})  # stamped as it was written
    assert leave.read_text() == before
    once = home.read_text()
    assert once.count('name="policy-handbook-revision"') == 1
    stamp_site(site, "R2")  # a page kept from an earlier build (--dirty) is not stamped twice
    assert home.read_text() == once
