"""The acknowledgement page in Chromium: keyboard-only, errors announced, draft kept, receipt
printable and downloaded and verified by the HR CLI, POST retried with one idempotency key,
nothing lost on network failure or reload, changes since an earlier receipt flagged, axe clean."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import unquote

from tests.browser.axe import axe_violations
from tests.conftest import REPO

ACK = "acknowledgement/"
RECEIPTS = "policy-handbook:receipts"


def fill_by_keyboard(page, values):
    """Type name, employee ID, department and signature, then tick the box — keys only."""
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


def sign_by_keyboard(page, values):
    fill_by_keyboard(page, values)
    page.keyboard.press("Tab")  # the submit button
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.locator("#ph-ack-receipt").wait_for(state="visible")


def stored_receipts(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{RECEIPTS}'))")


def verify_cli(path, site):
    return subprocess.run(
        [sys.executable, "-m", "receiver", "verify", str(path), "--site", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_page_shows_revision_changes_and_no_wcag_violations(page, site_url, built_site):
    page.goto(site_url + ACK)
    revision = json.loads((built_site / "revision.json").read_text())
    form = page.locator("#ph-ack-form")
    assert form.get_attribute("data-revision") == revision["revision"]
    article = page.inner_text("article")
    assert "Changed in this revision" in article
    first = revision["changed"][0]
    assert f"{first['number']} {first['title']}" in article
    assert page.locator("article script").count() == 0
    assert axe_violations(page) == []
    # with every error shown, still clean
    page.locator("#ph-ack-form button[type=submit]").click()
    page.locator("#ph-ack-errors").wait_for(state="visible")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_errors_are_listed_focused_and_tied_to_fields(page, site_url):
    page.goto(site_url + ACK)
    page.locator("#ph-ack-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    summary = page.locator("#ph-ack-errors")
    summary.wait_for(state="visible")
    assert summary.get_attribute("role") == "alert"  # announced
    assert page.evaluate("document.activeElement.id") == "ph-ack-errors"
    assert "Enter your full name." in summary.inner_text()
    name = page.locator("#ph-ack-full-name")
    assert name.get_attribute("aria-invalid") == "true"
    assert "ph-ack-full-name-error" in name.get_attribute("aria-describedby")
    assert page.inner_text("#ph-ack-full-name-error") == "Enter your full name."
    assert "Tick the box" in page.inner_text("#ph-ack-read-error")
    # a summary link takes the keyboard to its field
    summary.locator("a", has_text="Enter your department.").focus()
    page.evaluate("window.phForm = document.getElementById('ph-ack-form')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ph-ack-department"
    page.wait_for_timeout(500)  # instant navigation would swap the page asynchronously
    assert page.evaluate("window.phForm === document.getElementById('ph-ack-form')")
    assert summary.is_visible()
    # a signature that is not the name is refused next to the signature field
    page.fill("#ph-ack-full-name", "Ana Díaz")
    page.fill("#ph-ack-signature", "Someone Else")
    page.locator("#ph-ack-form button[type=submit]").click()
    assert "exactly as in the Full name field" in page.inner_text("#ph-ack-signature-error")
    assert page.inner_text("#ph-ack-full-name-error") == ""


def test_draft_survives_a_reload(page, site_url):
    page.goto(site_url + ACK)
    page.fill("#ph-ack-full-name", "Ana Díaz")
    page.fill("#ph-ack-department", "Finance")
    page.check("#ph-ack-read")
    page.reload()
    assert page.input_value("#ph-ack-full-name") == "Ana Díaz"
    assert page.input_value("#ph-ack-department") == "Finance"
    assert page.is_checked("#ph-ack-read")
    assert "restored" in page.inner_text("#ph-ack-status")


def test_keyboard_submission_posts_once_after_a_503_and_receipt_verifies(
    page, site_url, built_site, ack_endpoint, tmp_path
):
    ack_endpoint.fail_next = 1  # the first POST gets a 503
    page.goto(site_url + ACK)
    statement = page.inner_text("#ph-ack-statement")
    sign_by_keyboard(page, ["Ana Díaz", "E-1042", "Finance", "Ana Díaz"])
    assert page.evaluate("document.activeElement.id") == "ph-receipt-title"
    assert page.is_hidden("#ph-ack-form")
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.startsWith('Sent')",
        timeout=10000,
    )
    assert len(ack_endpoint.attempts) == 2 and len(set(ack_endpoint.attempts)) == 1
    (key,) = ack_endpoint.stored
    stored = ack_endpoint.stored[key]
    assert stored["receipt_id"] == key
    assert stored["employee"] == {
        "full_name": "Ana Díaz",
        "employee_id": "E-1042",
        "department": "Finance",
        "signature": "Ana Díaz",
        "date": stored["employee"]["date"],
    }
    assert stored["statement"] == statement
    revision = json.loads((built_site / "revision.json").read_text())
    assert stored["revision"] == revision["revision"]
    assert stored["sections"] == {i: s["digest"] for i, s in revision["sections"].items()}

    with page.expect_download() as download:
        page.click("#ph-receipt-download")
    assert download.value.suggested_filename == f"acknowledgement-{key}.json"
    path = tmp_path / "receipt.json"
    download.value.save_as(path)
    assert json.loads(path.read_text()) == stored
    result = verify_cli(path, built_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("CURRENT: Ana Díaz")

    mail = unquote(page.locator("#ph-receipt-mail").get_attribute("href"))
    assert mail.startswith("mailto:hr@twinrivers.example?subject=Handbook acknowledgement ")
    assert f"Receipt number: {key}" in mail and len(mail) < 2000  # short enough for mail apps
    assert stored_receipts(page)[-1]["delivery"]["state"] == "sent"
    assert axe_violations(page) == []
    # the only console error is Chromium's note about the 503 the test endpoint sent
    unexpected = [e for e in page.console_errors if "status of 503" not in e]
    assert unexpected == [], page.console_errors


def test_the_receipt_prints_alone(page, site_url, ack_endpoint):
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Cy Doe", "E-3", "Roads", "cy doe"])
    page.emulate_media(media="print")
    assert page.is_visible("#ph-ack-receipt")
    assert page.is_visible(".ph-receipt-statement")
    assert page.is_visible(".ph-receipt-table")
    for hidden in ("article h1", "#ph-ack-form", ".ph-receipt-actions", ".md-header"):
        assert page.is_hidden(hidden), hidden
    table = page.inner_text(".ph-receipt-table")
    assert "Cy Doe" in table and "Roads" in table and "Receipt number" in table


def test_network_failure_keeps_the_receipt_across_a_reload_and_sends_it_later(
    page, context, site_url, ack_endpoint
):
    page.route("**/api/acknowledgements", lambda route: route.abort("connectionrefused"))
    page.clock.install()
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Bo Lee", "E-7", "Parks", "Bo Lee"])
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.includes('Trying again')"
    )
    for _ in range(5):
        page.clock.run_for(10_000)
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.includes('Could not reach')"
    )
    saved = stored_receipts(page)
    assert saved[-1]["delivery"]["state"] == "failed"
    assert saved[-1]["delivery"]["attempts"] == 5
    assert saved[-1]["receipt"]["employee"]["full_name"] == "Bo Lee"
    key = saved[-1]["receipt"]["receipt_id"]
    assert ack_endpoint.stored == {}

    page.reload()  # the receipt is still there, with what happened
    page.locator("#ph-ack-receipt").wait_for(state="visible")
    assert "Bo Lee" in page.inner_text(".ph-receipt-table")
    assert "Could not reach" in page.inner_text("#ph-receipt-status")
    resend = page.locator("#ph-receipt-resend")
    assert resend.is_visible()

    page.unroute("**/api/acknowledgements")
    resend.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.startsWith('Sent')"
    )
    assert list(ack_endpoint.stored) == [key]
    assert resend.is_hidden()


def test_a_receipt_left_sending_by_a_crash_is_sent_on_the_next_visit(
    page, site_url, built_site, ack_endpoint
):
    revision = json.loads((built_site / "revision.json").read_text())
    receipt = {
        "format": "policy-handbook-receipt/1",
        "receipt_id": "0b7d3a52-8c1e-4f6a-9d2b-5e4f3a2b1c0d",
        "organization": revision["organization"],
        "revision": revision["revision"],
        "revision_date": revision["date"],
        "signed_at": "2026-02-03T10:00:00Z",
        "statement": "I confirm.",
        "employee": {
            "full_name": "Di Fox",
            "employee_id": "E-9",
            "department": "IT",
            "signature": "Di Fox",
            "date": "2026-02-03",
        },
        "read_and_understood": True,
        "sections": {i: s["digest"] for i, s in revision["sections"].items()},
    }
    page.goto(site_url + ACK)
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, JSON.stringify(v))",
        [RECEIPTS, [{"receipt": receipt, "delivery": {"state": "sending", "attempts": 2}}]],
    )
    page.reload()
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.startsWith('Sent')"
    )
    assert ack_endpoint.attempts == [receipt["receipt_id"]]
    assert ack_endpoint.stored == {receipt["receipt_id"]: receipt}
    assert stored_receipts(page)[0]["delivery"]["state"] == "sent"


def test_a_receipt_from_an_older_build_shows_what_changed(page, site_url, built_site, tmp_path):
    revision = json.loads((built_site / "revision.json").read_text())
    changed_id = revision["changed"][0]["id"]
    info = revision["sections"][changed_id]
    sections = {sid: s["digest"] for sid, s in revision["sections"].items()}
    sections[changed_id] = "0" * 64
    sections["retired-rule"] = "1" * 64
    old = {
        "format": "policy-handbook-receipt/1",
        "receipt_id": "6f1c2a9e-3b4d-4c5e-8f70-112233445566",
        "organization": revision["organization"],
        "revision": "2025-01-01-aaaaaaaaaaaa",
        "revision_date": "2025-01-01",
        "signed_at": "2025-02-03T10:00:00Z",
        "statement": "I confirm.",
        "employee": {
            "full_name": "Ana Díaz",
            "employee_id": "E-1042",
            "department": "Finance",
            "signature": "Ana Díaz",
            "date": "2025-02-03",
        },
        "read_and_understood": True,
        "sections": sections,
    }
    page.goto(site_url + ACK)
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, JSON.stringify(v))",
        [RECEIPTS, [{"receipt": old, "delivery": {"state": "sent"}}]],
    )
    page.reload()
    box = page.locator("#ph-ack-changed")
    box.wait_for(state="visible")
    assert "Changed since you signed on February 3, 2025" in box.inner_text()
    assert box.locator("time").get_attribute("datetime") == "2025-02-03T10:00:00Z"
    assert "retired-rule (removed from the handbook)" in box.inner_text()
    assert page.is_visible("#ph-ack-form")  # sign the new revision below
    assert axe_violations(page) == []
    link = box.locator("a")
    assert link.count() == 1
    assert link.inner_text() == f"§{info['number']} {info['title']}"

    # the HR CLI agrees with the page
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    result = verify_cli(path, built_site)
    assert result.returncode == 1
    assert f"§{info['number']} {info['title']} ({changed_id})" in result.stdout

    link.click()
    page.wait_for_url("**/" + info["url"])


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


def test_remove_my_details_clears_this_browser(page, site_url, ack_endpoint):
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Ed Ng", "E-5", "Library", "Ed Ng"])
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.startsWith('Sent')"
    )
    page.click("#ph-receipt-forget")
    assert page.is_visible("#ph-ack-form") and page.is_hidden("#ph-ack-receipt")
    assert page.input_value("#ph-ack-full-name") == ""
    assert "removed from this browser" in page.inner_text("#ph-ack-status")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-handbook'))")
    assert keys == []
    page.reload()
    assert page.is_hidden("#ph-ack-receipt") and page.input_value("#ph-ack-full-name") == ""


def test_start_a_new_acknowledgement_keeps_the_first_receipt(page, site_url, ack_endpoint):
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Fay Orr", "E-11", "Clerk", "Fay Orr"])
    page.click("#ph-receipt-new")
    assert page.is_visible("#ph-ack-form") and page.is_hidden("#ph-ack-receipt")
    assert page.evaluate("document.activeElement.id") == "ph-ack-full-name"
    assert page.input_value("#ph-ack-full-name") == ""
    assert page.input_value("#ph-ack-date") != ""  # today again
    sign_by_keyboard(page, ["Gus Pike", "E-12", "Clerk", "Gus Pike"])
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.startsWith('Sent')"
    )
    names = [item["receipt"]["employee"]["full_name"] for item in stored_receipts(page)]
    assert names == ["Fay Orr", "Gus Pike"]
    assert len(ack_endpoint.stored) == 2


def test_without_an_endpoint_the_receipt_is_for_download_and_e_mail(page, site_url, ack_endpoint):
    def without_endpoint(route):
        response = route.fetch()
        body = response.text()
        start = body.index('data-endpoint="') + len('data-endpoint="')
        body = body[:start] + body[body.index('"', start) :]
        route.fulfill(response=response, body=body)

    page.route("**/acknowledgement/", without_endpoint)
    page.goto(site_url + ACK)
    assert page.get_attribute("#ph-ack-form", "data-endpoint") == ""
    sign_by_keyboard(page, ["Hal Roe", "E-13", "Fleet", "Hal Roe"])
    status = page.inner_text("#ph-receipt-status")
    assert status == (
        "Your receipt is ready: download it and e-mail it to Human Resources "
        "(hr@twinrivers.example)."
    )
    assert page.locator("#ph-receipt-resend").count() == 0
    assert page.is_visible("#ph-receipt-mail") and page.is_visible("#ph-receipt-download")
    assert ack_endpoint.attempts == []
    assert stored_receipts(page)[-1]["delivery"] == {"state": "not-configured"}


def test_dark_scheme_form_with_errors_is_axe_clean(page, site_url):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + ACK)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.locator("#ph-ack-form button[type=submit]").click()
    page.locator("#ph-ack-errors").wait_for(state="visible")
    assert axe_violations(page) == []


def test_when_revision_json_cannot_be_fetched_nothing_is_lost(page, site_url, ack_endpoint):
    page.route("**/revision.json", lambda route: route.abort("internetdisconnected"))
    page.goto(site_url + ACK)
    sign = ["Ivy Tan", "E-14", "Water", "Ivy Tan"]
    fill_by_keyboard(page, sign)
    page.locator("#ph-ack-form button[type=submit]").click()
    page.wait_for_function(
        "() => document.getElementById('ph-ack-status').textContent.startsWith('Could not prepare')"
    )
    assert page.is_hidden("#ph-ack-receipt") and page.is_visible("#ph-ack-form")
    assert page.input_value("#ph-ack-full-name") == "Ivy Tan"
    page.unroute("**/revision.json")
    page.locator("#ph-ack-form button[type=submit]").click()  # fetched again on submit
    page.locator("#ph-ack-receipt").wait_for(state="visible")
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.startsWith('Sent')"
    )
    assert len(ack_endpoint.stored) == 1


def test_a_page_older_than_the_published_revision_is_not_signed(page, site_url, built_site):
    # e.g. the page came from a cache while revision.json is already the next revision's
    newer = json.loads((built_site / "revision.json").read_text())
    newer["revision"] = "2027-01-01-bbbbbbbbbbbb"
    page.route("**/revision.json", lambda route: route.fulfill(json=newer))
    page.goto(site_url + ACK)
    sign = ["Jo Wu", "E-15", "Parks", "Jo Wu"]
    fill_by_keyboard(page, sign)
    page.locator("#ph-ack-form button[type=submit]").click()
    page.wait_for_function(
        "() => document.getElementById('ph-ack-status').textContent.includes('has changed since')"
    )
    assert "reload the page; your answers are kept" in page.inner_text("#ph-ack-status")
    assert page.is_hidden("#ph-ack-receipt")
    assert stored_receipts(page) is None
    page.reload()
    assert page.input_value("#ph-ack-full-name") == "Jo Wu"


def test_details_removed_while_sending_are_not_stored_again(page, site_url, ack_endpoint):
    page.route("**/api/acknowledgements", lambda route: route.abort("connectionrefused"))
    page.clock.install()
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Kim Lo", "E-16", "Roads", "Kim Lo"])
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.includes('Trying again')"
    )
    page.click("#ph-receipt-forget")
    for _ in range(5):
        page.clock.run_for(10_000)
    page.wait_for_timeout(200)
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-handbook'))")
    assert keys == []
