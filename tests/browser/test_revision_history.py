"""Revision differences in Chromium: a receipt signed on an older revision shows, word by word,
what changed since; the revisions page and an archive page are axe clean.

Uses its own site, built from the temporary three-revision repository (tests/history_repo.py).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.axe import axe_violations
from tests.browser.conftest import free_port
from tests.browser.local_site import StaticHandler
from tests.build.handbooks import ACK_HOOKS, HOOKS, build_site
from tests.history_repo import git, make_history_repo

RECEIPTS = "policy-handbook:receipts"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """(repository, URL) of the three-revision handbook, built and served on localhost."""
    root = tmp_path_factory.mktemp("history-browser") / "repo"
    config = make_history_repo(root, f"hooks:\n  - {HOOKS}\n  - {ACK_HOOKS}\n")
    port = free_port()
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("127.0.0.1:8000", f"127.0.0.1:{port}"), encoding="utf-8")
    site = build_site(config, root / "site")
    handler = functools.partial(StaticHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{port}/"
    server.shutdown()
    server.server_close()


def _receipt_of_2025(root: Path) -> dict:
    """A receipt as the 2025 revision's page made it: the digest of every section's file."""
    commit = git(root, "rev-list", "-n1", "--grep", "revision: 2025-01-01", "HEAD").strip()
    sections = {}
    for path in git(root, "ls-tree", "-r", "--name-only", commit, "--", "docs").split():
        if path.endswith(".md") and path != "docs/index.md":
            data = git(root, "show", f"{commit}:{path}").encode()
            ident = next(line[4:] for line in data.decode().splitlines() if line.startswith("id: "))
            sections[ident] = hashlib.sha256(data).hexdigest()
    return {
        "format": "policy-handbook-receipt/1",
        "receipt_id": "0a4f7c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
        "organization": "Test <Agency> & Co",
        "revision": "2025-01-01-bbbbbbbbbbbb",
        "revision_date": "2025-01-01",
        "signed_at": "2025-03-04T09:00:00Z",
        "statement": "I confirm.",
        "employee": {
            "full_name": "Lee Park",
            "employee_id": "E-7",
            "department": "Parks",
            "signature": "Lee Park",
            "date": "2025-03-04",
        },
        "read_and_understood": True,
        "sections": sections,
    }


def test_a_receipt_of_the_older_revision_shows_the_differences_since(page, history_site):
    root, url = history_site
    page.goto(url + "acknowledgement/")
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, JSON.stringify(v))",
        [RECEIPTS, [{"receipt": _receipt_of_2025(root), "delivery": {"state": "sent"}}]],
    )
    page.reload()
    box = page.locator("#ph-ack-changed")
    box.wait_for(state="visible")
    items = box.locator("li")
    assert items.count() == 2  # beta and epsilon changed since; nothing else
    beta = items.nth(0)
    assert beta.locator("a").first.inner_text() == "§1.02 Beta"
    summary = beta.locator("summary")
    assert (
        summary.inner_text()
        == "What changed since the text you signed (revision of January 1, 2025)"
    )
    summary.focus()
    page.keyboard.press("Enter")  # opens the details, keyboard only
    diff = beta.locator(".ph-diff-text")
    diff.wait_for(state="visible")
    # what a screen reader reads: the hidden markers are part of the text
    assert diff.locator("del").text_content() == "removed: stays the same"
    assert diff.locator("ins").text_content() == "inserted: now changes"
    assert diff.text_content() == "Beta text removed: stays the sameinserted: now changes."
    # the markers are there for screen readers, not shown
    hidden = diff.locator(".ph-visually-hidden").first.bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1
    signed = beta.get_by_role("link", name="The text you signed")
    assert signed.get_attribute("href") == url + "archive/2025-01-01/#s-beta"
    epsilon = items.nth(1)
    epsilon.locator("summary").click()
    row = epsilon.locator("table.ph-field-changes tbody tr")
    assert row.inner_text().split("\t") == ["title", "Epsilon", "Epsilon & Co", ""]
    signed.click()
    page.wait_for_url("**/archive/2025-01-01/#s-beta")
    assert "Archived text, not in force." in page.inner_text("article")
    assert page.console_errors == []


@pytest.fixture
def axe_page(browser) -> Iterator[object]:
    """A page whose context lets axe-core inject its script and style.

    The site's Content-Security-Policy (``script-src 'self'``, ``style-src 'self'``) refuses
    injected code, as it should; the test above runs under it, this one checks accessibility.
    """
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


def test_differences_revisions_and_archive_pages_are_axe_clean(axe_page, history_site):
    root, url = history_site
    page = axe_page
    page.goto(url + "acknowledgement/")
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, JSON.stringify(v))",
        [RECEIPTS, [{"receipt": _receipt_of_2025(root), "delivery": {"state": "sent"}}]],
    )
    page.reload()
    page.locator("#ph-ack-changed details").first.wait_for(state="visible")
    for details in page.locator("details.ph-change").all():
        details.locator("summary").click()
    assert page.locator("#ph-ack-changed details[open]").count() == 2
    assert axe_violations(page) == []
    page.goto(url + "revisions/")
    for details in page.locator("details.ph-change").all():
        details.locator("summary").click()
    assert page.locator("details.ph-change[open]").count() == 7
    assert axe_violations(page) == []
    page.goto(url + "archive/2024-01-01/")
    assert axe_violations(page) == []
    assert page.console_errors == []
