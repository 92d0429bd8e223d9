"""Whole builds: the sample handbooks build strictly, pages carry their header, references,
backlinks, history and tables, and a second build in the same process keeps no stale state."""

from __future__ import annotations

import json
import re

import pytest
from mkdocs.exceptions import Abort, PluginError

from tests.build.handbooks import build_site, html_of, section_text, write_handbook
from tests.conftest import REPO


@pytest.mark.slow
@pytest.mark.parametrize(
    "config", ["mkdocs.yml", "examples/county/mkdocs.yml"], ids=["sample", "county"]
)
def test_sample_handbooks_build_strictly_with_headers(config, tmp_path):
    site = build_site(REPO / config, tmp_path / "site")
    revision = json.loads(html_of(site, "revision.json"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[0-9a-f]{12}", revision["revision"])
    pages = [p for p in site.rglob("index.html") if p.parent != site]
    section_pages = [p for p in pages if 'class="ph-section-meta"' in p.read_text("utf-8")]
    assert len(section_pages) == len(revision["sections"])
    for page in section_pages:
        text = page.read_text("utf-8")
        assert "<dt>Effective</dt>" in text, page
        assert "<dt>Owner</dt>" in text, page
    assert "Current revision" in html_of(site, "index.html")
    assert 'href="revisions/"' in html_of(site, "index.html")
    assert_stamped_as_written(site, revision["revision"])


def assert_stamped_as_written(site, revision: str) -> None:
    """Pages are stamped as MkDocs writes them: each names its revision once, loads every
    script and stylesheet of the site by its current digest, and offline.json lists each file
    with the digest of its bytes as written."""
    import posixpath

    from build_hooks.handbook.site_versions import asset_digests, content_digest

    digests = asset_digests(site)
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix()
        text = page.read_text("utf-8")
        assert text.count(f'<meta name="policy-handbook-revision" content="{revision}">') == 1
        for url in re.findall(r'\b(?:src|href)="([^"#]+\.(?:js|css)(?:\?[^"#]*)?)"', text):
            if url.startswith(("/", "//")) or ":" in url:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), url.split("?")[0]))
            if target in digests:
                assert url.endswith(f"?v={digests[target]}"), (path, url)
    listing = json.loads(html_of(site, "offline.json"))
    for url, digest in listing["files"].items():
        relative = url.split("?")[0]
        file = site / (relative + "index.html" if relative.endswith("/") else relative)
        if relative == "./":
            file = site / "index.html"
        assert content_digest(file.read_bytes()) == digest, url


@pytest.fixture
def small_handbook(tmp_path):
    return write_handbook(
        tmp_path,
        {
            "index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "01-general/index.md": section_text("general", "1.00", "General", "Intro."),
            "01-general/01-01-purpose.md": section_text(
                "purpose", "1.01", "Purpose", "See [[leave-rules]] & <b>bold</b>."
            ),
            "02-leave/02-01-leave.md": section_text(
                "leave-rules", "2.01", "Leave Rules", "## Caps\n\nText.", revised="2026-01-01"
            ),
        },
    )


def test_pages_show_header_links_backlinks_history_and_revisions(small_handbook, tmp_path):
    site = build_site(small_handbook, tmp_path / "out")
    purpose = html_of(site, "01-general/01-01-purpose/index.html")
    assert re.findall(r"<h1[^>]*>.*?</h1>", purpose) == ['<h1 id="101-purpose">1.01 Purpose</h1>']
    assert (
        '<dl><div><dt>Effective</dt><dd><time datetime="2020-01-01">January 1, 2020</time></dd>'
        '</div><div><dt>Last revised</dt><dd><time datetime="2020-01-01">January 1, 2020</time>'
        "</dd></div><div><dt>Owner</dt><dd>Human Resources</dd></div><div><dt>Legal references"
        "</dt><dd><ul><li>Tex. Gov&#x27;t Code ch. 573</li></ul></dd></div></dl>"
    ) in purpose
    # the reference became a link; author HTML is Markdown's business (left as written)
    assert (
        '<p>See <a href="../../02-leave/02-01-leave/">§2.01 Leave Rules</a> &amp; <b>bold</b>.</p>'
    ) in purpose
    leave = html_of(site, "02-leave/02-01-leave/index.html")
    assert 'id="referenced-by"' in leave
    assert '<a href="../../01-general/01-01-purpose/">§1.01 Purpose</a>' in leave
    assert "History of this section (2 changes)" in leave
    revisions = html_of(site, "revisions/index.html")
    current = revisions.split('id="current"')[1].split('id="all"')[0]
    assert re.findall(r"<li>.*?</li>", current) == [
        '<li><a href="../02-leave/02-01-leave/">§2.01 Leave Rules</a> — Change to Leave Rules.</li>'
    ]
    document = json.loads(html_of(site, "revision.json"))
    assert [c["id"] for c in document["changed"]] == ["leave-rules"]
    assert document["sections"]["purpose"]["url"] == "01-general/01-01-purpose/"


def test_a_second_build_in_the_same_process_reflects_edits(small_handbook, tmp_path):
    first = build_site(small_handbook, tmp_path / "one")
    assert "Referenced by" in html_of(first, "02-leave/02-01-leave/index.html")
    old_revision = json.loads(html_of(first, "revision.json"))["revision"]

    purpose = small_handbook.parent / "docs/01-general/01-01-purpose.md"
    purpose.write_text(section_text("purpose", "1.01", "Purpose", "No links any more."))
    second = build_site(small_handbook, tmp_path / "two")
    assert "Referenced by" not in html_of(second, "02-leave/02-01-leave/index.html")
    assert "No links any more." in html_of(second, "01-general/01-01-purpose/index.html")
    assert json.loads(html_of(second, "revision.json"))["revision"] != old_revision


def test_a_broken_reference_fails_the_build_with_its_file_and_line(
    small_handbook, tmp_path, caplog
):
    purpose = small_handbook.parent / "docs/01-general/01-01-purpose.md"
    purpose.write_text(section_text("purpose", "1.01", "Purpose", "See [[leave-rule]]."))
    with pytest.raises((PluginError, Abort)):
        build_site(small_handbook, tmp_path / "out")
    assert (
        "docs/01-general/01-01-purpose.md:13: unknown section 'leave-rule' — "
        "did you mean 'leave-rules'?" in caplog.text
    )


def test_whole_handbook_page_has_every_section_with_in_page_links(small_handbook, tmp_path):
    site = build_site(small_handbook, tmp_path / "out")
    whole = html_of(site, "print/index.html")
    article = whole[whole.index("<article") : whole.index("</article>")]
    assert re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", article) == [
        '<h1 id="test-agency-employee-handbook">Test Agency Employee Handbook</h1>',
        '<h2 class="ph-print-chapter" id="s-general">1.00 General</h2>',
        '<h2 id="s-purpose">1.01 Purpose</h2>',
        '<h2 id="s-leave-rules">2.01 Leave Rules</h2>',
        '<h3 id="caps">Caps</h3>',  # the section's ## heading, demoted
    ]
    assert '<a href="#s-leave-rules">§2.01 Leave Rules</a>' in whole
    assert 'href="print/"' in html_of(site, "index.html")


def test_acknowledgement_page_carries_the_revision_and_escapes_settings(small_handbook, tmp_path):
    config = small_handbook.read_text().replace(
        "organization: Test Agency", 'organization: "Test <script>alert(1)</script> & Co"'
    )
    small_handbook.write_text(config)
    site = build_site(small_handbook, tmp_path / "out")
    page = html_of(site, "acknowledgement/index.html")
    revision = json.loads(html_of(site, "revision.json"))["revision"]
    assert f'data-revision="{revision}"' in page
    assert "<script>alert(1)</script>" not in page
    assert "Test &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    article = page.split("<article")[1].split("</article>")[0]
    changed = article.split("Changed in this revision")[1].split("Your acknowledgement")[0]
    assert "§2.01 Leave Rules" in changed and "Change to Leave Rules." in changed
    assert "§1.01 Purpose" not in changed
    for field in ("full_name", "employee_id", "department", "signature", "date", "read"):
        assert f'name="{field}"' in page
    assert 'aria-live="polite"' in page
    assert "<script" not in article
    assert 'href="acknowledgement/"' in html_of(site, "index.html")
