"""The acknowledgement page in Chromium: keyboard-only, errors announced, draft kept, receipt
printable and downloaded and verified by the HR CLI, POST retried with one idempotency key,
nothing lost on network failure or reload, changes since an earlier receipt flagged, axe clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import unquote

import pytest

from tests.browser.axe import axe_violations
from tests.browser.conftest import countersignature_for
from tests.conftest import REPO

ACK = "acknowledgement/"
RECEIPTS = "policy-handbook:receipts"
DRAFT = "policy-handbook:ack-draft"
RECEIVED = "Received by Human Resources on February 3, 2026 at 10:05 UTC. Keep your receipt too."
# a function, never a bare expression: Playwright would eval() a string under the site's CSP
SENT_JS = "() => document.getElementById('ph-receipt-status').textContent.startsWith('Received by')"


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
    page.wait_for_function(SENT_JS, timeout=10000)
    assert page.inner_text("#ph-receipt-status") == RECEIVED
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
    assert json.loads(path.read_text()) == {**stored, "countersignature": countersignature_for(key)}
    assert "Received by Human Resources" in page.inner_text(".ph-receipt-table")
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


@pytest.mark.no_service_worker
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
    page.wait_for_function(SENT_JS)
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
    page.wait_for_function(SENT_JS)
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
    # Material's navigation.tracking may carry the heading anchor in view along
    page.wait_for_url(re.compile(re.escape(info["url"]) + r"(#.*)?$"))


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
    page.wait_for_function(SENT_JS)
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
    page.wait_for_function(SENT_JS)
    names = [item["receipt"]["employee"]["full_name"] for item in stored_receipts(page)]
    assert names == ["Fay Orr", "Gus Pike"]
    assert len(ack_endpoint.stored) == 2


@pytest.mark.no_service_worker
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


@pytest.mark.no_service_worker
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
    page.wait_for_function(SENT_JS)
    assert len(ack_endpoint.stored) == 1


@pytest.mark.no_service_worker
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


@pytest.mark.no_service_worker
def test_remove_with_an_unsent_receipt_asks_first_and_stops_the_retries(
    page, site_url, ack_endpoint
):
    page.route("**/api/acknowledgements", lambda route: route.abort("connectionrefused"))
    page.clock.install()
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Kim Lo", "E-16", "Roads", "Kim Lo"])
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.includes('Trying again')"
    )
    forget = page.locator("#ph-receipt-forget")
    forget.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#ph-forget-dialog")
    dialog.wait_for(state="visible")
    assert page.evaluate("document.getElementById('ph-forget-dialog').open") is True
    assert dialog.get_attribute("aria-labelledby") == "ph-forget-title"
    assert page.inner_text("#ph-forget-text") == (
        "One receipt in this browser has not reached Human Resources. Removing your details "
        "deletes it from this browser: download or print it first if Human Resources does not "
        "have it yet."
    )
    assert page.evaluate("document.activeElement.id") == "ph-forget-cancel"  # the safe choice
    assert axe_violations(page) == []
    page.keyboard.press("Escape")  # keeps everything
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "ph-receipt-forget"
    assert stored_receipts(page)[0]["receipt"]["employee"]["full_name"] == "Kim Lo"

    forget.click()
    page.click("#ph-forget-confirm")
    assert "removed from this browser" in page.inner_text("#ph-ack-status")
    attempts = len(ack_endpoint.attempts)
    page.unroute("**/api/acknowledgements")  # a retry now would succeed: none may happen
    for _ in range(5):
        page.clock.run_for(10_000)
    page.wait_for_timeout(300)
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-handbook'))")
    assert keys == []
    assert page.inner_text("#ph-ack-status") == (
        "Your details and receipts were removed from this browser."
    )
    assert len(ack_endpoint.attempts) == attempts and ack_endpoint.stored == {}


def old_revision_page(current: str, old: str):
    """A route handler serving the acknowledgement page as an HTTP cache kept it from before a
    deploy: the same page bound to the previous revision id."""

    def handler(route):
        response = route.fetch()
        body = response.text().replace(f'data-revision="{current}"', f'data-revision="{old}"')
        route.fulfill(response=response, body=body)

    return handler


@pytest.mark.no_service_worker
def test_a_draft_from_a_cached_older_page_follows_the_person_to_the_new_revision(
    page, site_url, built_site
):
    current = json.loads((built_site / "revision.json").read_text())["revision"]
    old = "2025-01-01-aaaaaaaaaaaa"
    page.route("**/acknowledgement/", old_revision_page(current, old))
    page.goto(site_url + ACK)
    assert page.get_attribute("#ph-ack-form", "data-revision") == old
    fill_by_keyboard(page, ["Jo Wu", "E-15", "Parks", "Jo Wu"])
    page.locator("#ph-ack-form button[type=submit]").click()
    page.wait_for_function(
        "() => document.getElementById('ph-ack-status').textContent.includes('reload the page')"
    )
    page.unroute("**/acknowledgement/")
    page.reload()  # now the page of the published revision
    assert page.get_attribute("#ph-ack-form", "data-revision") == current
    assert [
        page.input_value(f"#ph-ack-{n}") for n in ("full-name", "employee-id", "department")
    ] == [
        "Jo Wu",
        "E-15",
        "Parks",
    ]
    assert page.input_value("#ph-ack-signature") == "Jo Wu"
    assert not page.is_checked("#ph-ack-read")  # the text changed: read it again
    assert page.inner_text("#ph-ack-status") == (
        "Your unsent answers were restored. The handbook was updated since you typed them "
        f"(revision {old}, now {current}): read the sections listed under “Changed in this "
        "revision”, then tick the box again."
    )
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{DRAFT}')).revision") == current


def test_a_draft_kept_under_a_revisions_own_key_is_moved_to_the_person(page, site_url):
    page.goto(site_url + ACK)
    page.evaluate(
        "localStorage.setItem('policy-handbook:ack-draft:2025-01-01-aaaaaaaaaaaa', "
        "JSON.stringify({full_name: 'Mo Ray', department: 'Fleet', read: true}))"
    )
    page.reload()
    assert page.input_value("#ph-ack-full-name") == "Mo Ray"
    assert page.input_value("#ph-ack-department") == "Fleet"
    assert not page.is_checked("#ph-ack-read")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-handbook'))")
    assert keys == [DRAFT]


def test_the_form_holds_what_a_receipt_may_hold(page, site_url, ack_endpoint):
    page.goto(site_url + ACK)
    name = page.locator("#ph-ack-full-name")
    assert name.get_attribute("data-max-length") == "200"  # schema/receipt.schema.json
    assert page.get_attribute("#ph-ack-employee-id", "data-max-length") == "100"
    assert page.get_attribute("#ph-ack-date", "data-max-length") is None
    long_name = "Ñ" * 201
    page.fill("#ph-ack-full-name", long_name)  # said at once, next to the field
    message = "Full name: at most 200 characters — this has 201. Shorten it."
    assert page.inner_text("#ph-ack-full-name-error") == message
    assert name.get_attribute("aria-invalid") == "true"
    page.fill("#ph-ack-employee-id", "E-" + "9" * 99)
    page.fill("#ph-ack-department", "Parks")
    page.fill("#ph-ack-signature", long_name)
    page.check("#ph-ack-read")
    page.locator("#ph-ack-form button[type=submit]").click()
    summary = page.locator("#ph-ack-errors")
    summary.wait_for(state="visible")
    assert summary.locator("li").all_inner_texts() == [
        message,
        "Employee ID: at most 100 characters — this has 101. Shorten it.",
        "Signature: at most 200 characters — this has 201. Shorten it.",
    ]
    assert page.is_hidden("#ph-ack-receipt") and ack_endpoint.attempts == []
    page.fill("#ph-ack-full-name", "Ñ" * 200)
    assert page.inner_text("#ph-ack-full-name-error") == ""  # fits now
    page.fill("#ph-ack-employee-id", "E-1")
    page.fill("#ph-ack-signature", "ñ" * 200)
    page.locator("#ph-ack-form button[type=submit]").click()
    page.wait_for_function(SENT_JS)
    (stored,) = ack_endpoint.stored.values()
    assert stored["employee"]["full_name"] == "Ñ" * 200


def test_a_hung_endpoint_times_out_retries_and_offers_send_again(page, site_url, ack_endpoint):
    ack_endpoint.hang_next = 5  # every automatic attempt gets no answer
    page.clock.install()
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Nia Obi", "E-17", "Water", "Nia Obi"])
    for _ in range(12):
        page.clock.run_for(10_000)
        page.wait_for_timeout(50)
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.includes('Could not reach')"
    )
    assert page.inner_text("#ph-receipt-status").startswith(
        "Could not reach Human Resources' system after 5 attempts (no answer within 15 s)."
    )
    assert len(ack_endpoint.attempts) == 5 and len(set(ack_endpoint.attempts)) == 1
    saved = stored_receipts(page)[-1]
    assert saved["delivery"]["state"] == "failed"
    resend = page.locator("#ph-receipt-resend")
    assert resend.is_visible()
    resend.click()
    page.wait_for_function(SENT_JS)
    assert page.inner_text("#ph-receipt-status") == RECEIVED
    assert list(ack_endpoint.stored) == [saved["receipt"]["receipt_id"]]


@pytest.mark.no_service_worker
def test_a_409_that_returns_the_stored_record_is_received_not_refused(page, site_url, ack_endpoint):
    ack_endpoint.conflict_on_repeat = True  # a receiver answering 409 + the record for a repeat
    lost = []

    def lose_first_answer(route):
        if not lost:  # the receipt reaches the receiver, its answer never reaches the page
            lost.append(route.fetch().status)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/acknowledgements", lose_first_answer)
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Oz Park", "E-18", "Roads", "Oz Park"])
    page.wait_for_function(SENT_JS, timeout=10000)
    assert lost == [201]
    assert page.inner_text("#ph-receipt-status") == RECEIVED
    (key,) = ack_endpoint.stored
    assert ack_endpoint.attempts == [key, key]
    saved = stored_receipts(page)[-1]
    assert saved["delivery"] == {
        "state": "sent",
        "attempts": 2,
        "received_at": "2026-02-03T10:05:00Z",
    }
    assert saved["receipt"]["countersignature"] == countersignature_for(key)
    table = page.inner_text(".ph-receipt-table")
    assert "Received by Human Resources\tFebruary 3, 2026 at 10:05 UTC" in table
    assert "ed25519-0123456789abcdef" in table


def test_a_personal_signing_link_fills_the_form_and_travels_with_the_receipt(
    page, site_url, ack_endpoint
):
    token = "eyJlIjoiRS0yMDAxIn0.c2ln"
    ack_endpoint.invites[token] = {
        "employee_id": "E-2001",
        "full_name": "Lu Chen",
        "department": "Planning",
    }
    page.goto(site_url + ACK + "?invite=" + token)
    page.wait_for_function(
        "() => document.getElementById('ph-ack-status').textContent.startsWith('Filled in')"
    )
    assert page.inner_text("#ph-ack-status") == (
        "Filled in from your personal signing link: Full name, Employee ID, Department. "
        "Check them, then sign."
    )
    assert page.input_value("#ph-ack-full-name") == "Lu Chen"
    assert page.input_value("#ph-ack-employee-id") == "E-2001"
    assert page.input_value("#ph-ack-department") == "Planning"
    assert ack_endpoint.invite_reads == [token]
    page.fill("#ph-ack-signature", "Lu Chen")
    page.check("#ph-ack-read")
    page.locator("#ph-ack-form button[type=submit]").click()
    page.wait_for_function(SENT_JS)
    assert ack_endpoint.invite_tokens == [token]
    assert stored_receipts(page)[-1]["invite"] == token


def test_an_unknown_signing_link_says_so_and_the_form_still_works(page, site_url, ack_endpoint):
    page.goto(site_url + ACK + "?invite=forged")
    page.wait_for_function(
        "() => document.getElementById('ph-ack-status').textContent.includes('not valid')"
    )
    assert page.inner_text("#ph-ack-status") == (
        "This signing link is not valid. Ask Human Resources."
    )
    assert page.input_value("#ph-ack-full-name") == ""
    assert page.is_visible("#ph-ack-form")


def test_the_receivers_409_refusal_says_why_and_is_not_retried(page, site_url, ack_endpoint):
    """The receiver answers 409 ``{status: "refused", problems}`` when the key holds another
    receipt (receiver/intake.py): a refusal, shown with its reason, never retried."""
    posts = []
    problem = "Idempotency-Key k already holds a different receipt (stored 2026-02-03T10:05:00Z)"

    def refuse(route):
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request.headers.get("idempotency-key"))
        route.fulfill(
            status=409,
            content_type="application/json",
            body=json.dumps({"status": "refused", "problems": [problem]}),
        )

    page.route("**/api/acknowledgements", refuse)
    page.goto(site_url + ACK)
    sign_by_keyboard(page, ["Ana Díaz", "E-1042", "Finance", "Ana Díaz"])
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.includes('refused')"
    )
    assert page.inner_text("#ph-receipt-status").startswith(
        f"Human Resources' system refused the acknowledgement (HTTP 409: {problem}). "
        "Your receipt is kept: "
    )
    page.wait_for_timeout(1500)  # past the first retry delay: nothing more is sent
    receipt_id = stored_receipts(page)[-1]["receipt"]["receipt_id"]
    assert posts == [receipt_id]
    assert stored_receipts(page)[-1]["delivery"] == {
        "state": "refused",
        "attempts": 1,
        "status": 409,
        "problems": [problem],
    }
