"""The acknowledgement page in Chromium: keyboard-only, errors announced, draft kept, receipt
downloaded and verified by the HR CLI, POST retried with one idempotency key, changes flagged."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.browser.axe import axe_violations
from tests.conftest import REPO

ACK = "acknowledgement/"


def fill_by_keyboard(page, values):
    page.locator("#ph-ack-full-name").focus()
    for value in values:
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    # now on the date field (prefilled with today); Chromium tabs through its month, day and
    # year segments, then on to the checkbox
    for _ in range(5):
        if page.evaluate("document.activeElement.id") == "ph-ack-read":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ph-ack-read"
    page.keyboard.press("Space")


def test_page_shows_revision_changes_and_no_wcag_violations(page, site_url, built_site):
    page.goto(site_url + ACK)
    revision = json.loads((built_site / "revision.json").read_text())
    form = page.locator("#ph-ack-form")
    assert form.get_attribute("data-revision") == revision["revision"]
    article = page.inner_text("article")
    assert "Changed in this revision" in article
    assert "17.06 Travel Expense Provisions" in article
    assert axe_violations(page) == []


def test_errors_are_listed_focused_and_tied_to_fields(page, site_url):
    page.goto(site_url + ACK)
    page.locator("#ph-ack-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    summary = page.locator("#ph-ack-errors")
    summary.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "ph-ack-errors"
    assert "Enter your full name." in summary.inner_text()
    name = page.locator("#ph-ack-full-name")
    assert name.get_attribute("aria-invalid") == "true"
    assert "ph-ack-full-name-error" in name.get_attribute("aria-describedby")
    assert page.inner_text("#ph-ack-full-name-error") == "Enter your full name."
    assert "Tick the box" in page.inner_text("#ph-ack-read-error")


def test_draft_survives_a_reload(page, site_url):
    page.goto(site_url + ACK)
    page.fill("#ph-ack-full-name", "Ana Díaz")
    page.fill("#ph-ack-department", "Finance")
    page.reload()
    assert page.input_value("#ph-ack-full-name") == "Ana Díaz"
    assert page.input_value("#ph-ack-department") == "Finance"
    assert "restored" in page.inner_text("#ph-ack-status")


def test_keyboard_submission_posts_once_after_a_retry_and_receipt_verifies(
    page, site_url, built_site, ack_endpoint, tmp_path
):
    ack_endpoint.fail_next = 1  # the first POST gets a 503
    page.goto(site_url + ACK)
    fill_by_keyboard(page, ["Ana Díaz", "E-1042", "Finance", "Ana Díaz"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("#ph-ack-receipt").wait_for(state="visible")
    page.wait_for_function(
        "document.getElementById('ph-ack-status').textContent.startsWith('Sent')", timeout=10000
    )
    assert len(ack_endpoint.attempts) == 2 and len(set(ack_endpoint.attempts)) == 1
    (key,) = ack_endpoint.stored
    stored = ack_endpoint.stored[key]
    assert stored["receipt_id"] == key
    assert stored["employee"]["employee_id"] == "E-1042"

    with page.expect_download() as download:
        page.click("#ph-receipt-download")
    path = tmp_path / "receipt.json"
    download.value.save_as(path)
    receipt = json.loads(path.read_text())
    assert receipt == stored
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks.receipts", "verify", str(path), "--site", built_site],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("CURRENT: Ana Díaz")
    assert (
        page.locator("#ph-receipt-mail")
        .get_attribute("href")
        .startswith("mailto:hr%40twinrivers.example?subject=")
    )


def test_network_failure_keeps_the_receipt_and_says_so(page, context, site_url, ack_endpoint):
    page.route("**/api/acknowledgements", lambda route: route.abort("connectionrefused"))
    page.clock.install()
    page.goto(site_url + ACK)
    fill_by_keyboard(page, ["Bo Lee", "E-7", "Parks", "Bo Lee"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("#ph-ack-receipt").wait_for(state="visible")
    for _ in range(5):
        page.clock.run_for(10_000)
    page.wait_for_function(
        "document.getElementById('ph-ack-status').textContent.includes('Could not reach')"
    )
    saved = page.evaluate("JSON.parse(localStorage.getItem('policy-handbook:receipts'))")
    assert saved[-1]["delivery"]["state"] == "failed"
    assert saved[-1]["receipt"]["employee"]["full_name"] == "Bo Lee"
    assert ack_endpoint.stored == {}


@pytest.mark.parametrize("changed_id", ["travel-expense-provisions"])
def test_a_receipt_from_an_older_build_shows_what_changed(page, site_url, built_site, changed_id):
    revision = json.loads((built_site / "revision.json").read_text())
    sections = {sid: info["digest"] for sid, info in revision["sections"].items()}
    sections[changed_id] = "0" * 64
    old = {
        "receipt": {
            "format": "policy-handbook-receipt/1",
            "receipt_id": "6f1c2a9e-3b4d-4c5e-8f70-112233445566",
            "revision": "2025-01-01-aaaaaaaaaaaa",
            "signed_at": "2025-02-03T10:00:00Z",
            "sections": sections,
        },
        "delivery": {"state": "sent"},
    }
    page.goto(site_url + ACK)
    page.evaluate(
        "(v) => localStorage.setItem('policy-handbook:receipts', JSON.stringify([v]))", old
    )
    page.reload()
    box = page.locator("#ph-ack-changed")
    box.wait_for(state="visible")
    assert "Changed since you signed on 2025-02-03" in box.inner_text()
    link = box.locator("a")
    assert link.count() == 1
    assert link.inner_text() == "§17.06 Travel Expense Provisions"
    link.click()
    page.wait_for_url("**/17-travel/17-06-travel-expense-provisions/")


def test_form_initialises_once_under_instant_navigation(page, site_url):
    page.goto(site_url)
    page.click("article a[href$='/acknowledgement/']")
    page.wait_for_url("**/acknowledgement/")
    page.locator("#ph-ack-form[data-ph-ready='1']").wait_for()
    page.fill("#ph-ack-full-name", "Cy Doe")
    # leave through the navigation and come back: the draft is there, one submit handler only
    page.click("article a[href$='/revisions/']")
    page.wait_for_url("**/revisions/")
    page.go_back()
    page.locator("#ph-ack-form[data-ph-ready='1']").wait_for()
    assert page.input_value("#ph-ack-full-name") == "Cy Doe"
    page.locator("#ph-ack-form button[type=submit]").click()
    assert page.locator("#ph-ack-errors li").count() == 4  # employee id, department, signature, box
    assert page.console_errors == []
