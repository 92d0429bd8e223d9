"""The published site never mixes two revisions, and works offline after one visit.

A test server sends ``Cache-Control: max-age=600`` (as GitHub Pages does), so the browser's HTTP
cache holds the first revision's files when the second is deployed into the same folder. The
service worker (registered on every page) must go past that cache, an open tab must notice the
new revision, and once the worker is installed the whole handbook — pages never opened, the
search index, ``revision.json``, the acknowledgement page — must open with the server gone.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.axe import axe_violations
from tests.browser.conftest import QuietHandler, free_port
from tests.conftest import REPO

TRAVEL = "17-travel/17-06-travel-expense-provisions/"
TRAVEL_SOURCE = "17-travel/17-06-travel-expense-provisions.md"
# The sample handbook's own revision dates (mkdocs.yml); a test deploys a later one on top.
REVISION = "2027-01-01"
PREVIOUS = "2026-01-01"
NEXT = "2027-06-01"
NEVER_VISITED = "13-separations/"
ACK = "acknowledgement/"
OFFLINE_MS = 120_000  # the worker downloads the whole handbook while it installs
BOOT_MS = 60_000
DAY_TRIP = (
    "() => window.handbook.calculate('travel', {trip_type: 'day', start_date: '2026-07-10',"
    " vehicle: 'personal', miles: 120})"
)


@contextmanager
def serve(site: Path, port: int, cache_control: str = "") -> Iterator[str]:
    """Serve ``site`` on ``port`` with ``cache_control`` on every answer, until the block ends."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.cache_control = cache_control  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def handbook_copy(root: Path, *, revision: str, previous: str, mileage: str) -> Path:
    """The sample handbook under ``root`` with its revision dates and 2026 mileage rate set;
    returns its config file."""
    docs = root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(REPO / "docs", docs)
    source = docs / TRAVEL_SOURCE
    text = source.read_text(encoding="utf-8")
    text = text.replace("      2026-01-01: 0.725\n", f"      2026-01-01: {mileage}\n", 1)
    if revision != REVISION:
        text = text.replace(f"revised: {REVISION}", f"revised: {revision}", 1).replace(
            "history:\n",
            f"history:\n  - date: {revision}\n    note: Mileage rate changed to {mileage}.\n",
            1,
        )
    source.write_text(text, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {docs}")
    config = config.replace("  - build_hooks/", f"  - {REPO}/build_hooks/")
    config = config.replace("watch:\n  - build_hooks\n  - calculators\n  - schema\n", "")
    config = config.replace(f"    revision: {REVISION}\n", f"    revision: {revision}\n")
    config = config.replace(
        f"    previous_revision: {PREVIOUS}\n", f"    previous_revision: {previous}\n"
    )
    path = root / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def build(config: Path, site: Path, site_url: str) -> str:
    """``mkdocs build --strict`` of ``config`` into ``site``; returns the revision id."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ACK_ENDPOINT", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", site],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return json.loads((site / "revision.json").read_text())["revision"]


def mileage_rows(page) -> list[str]:
    """The rows of the mileage-rate table (rendered from the section's ``policy:``)."""
    table = page.locator("table:has(th:text-is('Rate per mile'))")
    return table.locator("tbody tr").all_inner_texts()


def wait_offline_ready(page) -> None:
    page.wait_for_function(
        "() => document.documentElement.dataset.phOffline === 'ready'", timeout=OFFLINE_MS
    )


def test_a_deploy_under_max_age_caching_never_shows_the_old_revision(browser, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path / "site"
    config = handbook_copy(tmp_path, revision=REVISION, previous=PREVIOUS, mileage="0.725")
    first = build(config, site, url)
    context = browser.new_context(service_workers="allow")
    try:
        with serve(site, port, cache_control="max-age=600"):
            page = context.new_page()
            page.goto(url)
            wait_offline_ready(page)
            for path in (ACK, TRAVEL, ""):  # each in the HTTP cache now, for ten minutes
                page.goto(url + path)
            assert page.get_attribute("meta[name='policy-handbook-revision']", "content") == first

            config = handbook_copy(tmp_path, revision=NEXT, previous=REVISION, mileage="0.75")
            second = build(config, site, url)  # deployed into the same folder
            assert second != first

            # the open tab follows a link: the page it shows is the new revision's, whole
            page.click("article a[href$='acknowledgement/']")
            page.wait_for_function(
                "([r]) => document.querySelector(\"meta[name='policy-handbook-revision']\")"
                ".content === r",
                arg=[second],
                timeout=30_000,
            )
            page.locator("#ph-ack-form").wait_for()
            assert page.get_attribute("#ph-ack-form", "data-revision") == second
            assert second in page.inner_text("article .ph-revision")

            # pages opened before the deploy, by address and by link: the new revision
            page.goto(url + TRAVEL)
            assert mileage_rows(page)[-1] == "January 1, 2026\t$0.75"
            page.wait_for_function(
                "() => window.handbook && window.handbook.ready", timeout=BOOT_MS
            )
            assert page.evaluate(DAY_TRIP)["total"] == "90.00"  # 120 miles at the new rate

            other = context.new_page()
            other.goto(url + ACK)
            assert other.get_attribute("#ph-ack-form", "data-revision") == second
            assert (
                other.evaluate(
                    "fetch('../revision.json').then(r => r.json()).then(d => d.revision)"
                )
                == second
            )
    finally:
        context.close()


def test_an_open_tab_is_told_of_a_new_revision(browser, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path / "site"
    config = handbook_copy(tmp_path, revision=REVISION, previous=PREVIOUS, mileage="0.725")
    build(config, site, url)
    context = browser.new_context(service_workers="allow")
    try:
        with serve(site, port, cache_control="max-age=600"):
            page = context.new_page()
            page.goto(url + TRAVEL)
            region = page.locator("#ph-update")
            region.wait_for(state="attached")
            assert region.get_attribute("role") == "status"
            assert region.get_attribute("aria-live") == "polite"
            assert region.inner_text() == ""
            config = handbook_copy(tmp_path, revision=NEXT, previous=REVISION, mileage="0.75")
            second = build(config, site, url)
            # the reader comes back to the tab
            page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
            page.wait_for_function(
                "() => document.getElementById('ph-update').textContent.includes('updated')"
            )
            assert region.inner_text().startswith(
                "The handbook was updated — reload to read the current revision."
            )
            assert page.get_attribute("html", "data-ph-stale") == second
            assert axe_violations(page) == []
            page.click("#ph-update-reload")
            page.wait_for_function(
                "([r]) => document.querySelector(\"meta[name='policy-handbook-revision']\")"
                ".content === r",
                arg=[second],
            )
            assert mileage_rows(page)[-1] == "January 1, 2026\t$0.75"
    finally:
        context.close()


def test_the_whole_handbook_opens_offline_after_one_visit(browser, built_site):
    port = free_port()
    context = browser.new_context(service_workers="allow")
    revision = json.loads((built_site / "revision.json").read_text())["revision"]
    try:
        with serve(built_site, port) as url:
            page = context.new_page()
            page.goto(url)  # the home page only
            wait_offline_ready(page)
        # the server is gone: everything below comes from the service worker
        page.goto(url + NEVER_VISITED)
        assert page.inner_text("article h1").startswith("13")
        page.goto(url + ACK)
        assert page.get_attribute("#ph-ack-form", "data-revision") == revision
        assert (
            page.evaluate("fetch('../revision.json').then(r => r.json()).then(d => d.revision)")
            == revision
        )
        docs = page.evaluate(
            "fetch('../search/search_index.json').then(r => r.json()).then(d => d.docs.length)"
        )
        assert docs > 100
        page.goto(url + TRAVEL)
        assert "Travel Expense Provisions" in page.inner_text("article h1")
    finally:
        context.close()
