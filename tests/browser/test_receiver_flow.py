"""End to end with the real receiver: a new hire opens a personal link, signs, sees the
countersigned receipt; HR's roster shows them signed; a second tab's duplicate submit and a
retry after a 503 store one record; an employee ID that does not match the link is refused
with a message. The site is built with its endpoint on the receiver (another origin: CORS)."""

from __future__ import annotations

import base64
import functools
import json
import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from receiver.employees import import_employees, parse_employees
from receiver.invites import load_secret, make_token
from receiver.passwords import hash_password
from receiver.store.db import make_engine, migrate
from receiver.store.tables import signed_records
from tests.browser.axe import WCAG_21_AA, axe_violations
from tests.browser.conftest import free_port
from tests.browser.local_site import StaticHandler
from tests.conftest import REPO
from tests.receiver.live import Receiver, write_config

ACK = "acknowledgement/"
HR_PASSWORD = "a long HR passphrase"
STAFF = """\
employee_id,full_name,email,department,hire_date
E-1042,Ana Díaz,ana@example.org,Finance,2020-03-01
E-2000,Bo Lee,bo@example.org,Transport,2021-05-01
E-3000,Cy Park,cy@example.org,Planning,2022-01-10
"""


@dataclass
class Stack:
    """The built site (served) and the receiver process on its database."""

    site_url: str
    site_dir: Path
    receiver: Receiver
    database_url: str
    keys_dir: Path

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.receiver.port}/receipts"

    def link(self, employee_id: str) -> str:
        token = make_token(load_secret(self.keys_dir), employee_id, date.today() + timedelta(30))
        return f"{self.site_url}{ACK}?invite={token}"

    def records(self) -> list:
        engine = make_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(select(signed_records)))
        finally:
            engine.dispose()

    def hr(self, path: str) -> str:
        request = urllib.request.Request(f"http://127.0.0.1:{self.receiver.port}{path}")
        basic = base64.b64encode(f"hr:{HR_PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {basic}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read().decode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("receiver-flow")
    site_port, receiver_port = free_port(), free_port()
    site_url = f"http://127.0.0.1:{site_port}/"
    site = root / "site"
    env = {
        **os.environ,
        "SITE_URL": site_url,
        "ACK_ENDPOINT": f"http://127.0.0.1:{receiver_port}/receipts",
        "NO_MKDOCS_2_WARNING": "1",
    }
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{built.stdout}\n{built.stderr}")
    server = ThreadingHTTPServer(
        ("127.0.0.1", site_port), functools.partial(StaticHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    database_url = f"sqlite:///{root / 'data' / 'receiver.sqlite3'}"
    config = write_config(
        root,
        site / "revision.json",
        site_url=site_url,
        hr_password_hash=hash_password(HR_PASSWORD),
    )
    engine = make_engine(database_url)
    migrate(engine)
    import_employees(engine, parse_employees(STAFF, "staff.csv"))
    engine.dispose()
    receiver = Receiver(config, database_url, receiver_port, root / "receiver.log")
    receiver.start()
    try:
        yield Stack(site_url, site, receiver, database_url, root / "data" / "keys")
    finally:
        receiver.stop()
        server.shutdown()
        server.server_close()


def sign(page) -> None:
    """Type the signature (the link filled in the rest), tick the box, submit."""
    name = page.input_value("#ph-ack-full-name")
    page.fill("#ph-ack-signature", name)
    page.check("#ph-ack-read")
    page.click("button[type=submit]")


def test_a_new_hire_signs_from_a_personal_link_and_hr_sees_it(stack, page, tmp_path):
    page.goto(stack.link("E-1042"))
    expect(page.locator("#ph-ack-full-name")).to_have_value("Ana Díaz")  # no eval: the CSP holds
    assert page.input_value("#ph-ack-employee-id") == "E-1042"
    assert page.input_value("#ph-ack-department") == "Finance"
    assert "invite=" not in page.url  # the token left the address bar
    sign(page)
    status = page.locator("#ph-receipt-status")
    status.filter(has_text="Received by Human Resources on").wait_for()
    table = page.locator(".ph-receipt-table").inner_text()
    assert "Received by Human Resources" in table
    stored = page.evaluate("JSON.parse(localStorage.getItem('policy-handbook:receipts'))")[-1]
    assert stored["delivery"]["state"] == "sent"
    receipt = stored["receipt"]
    assert receipt["countersignature"]["attributed_to"] == "E-1042"
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(receipt), encoding="utf-8")
    verified = subprocess.run(
        [
            sys.executable,
            "-m",
            "receiver",
            "verify",
            str(path),
            "--site",
            str(stack.site_dir),
            "--keys",
            str(stack.keys_dir / "public-keys.json"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("CURRENT: Ana Díaz acknowledged revision")
    roster = stack.hr("/hr/roster.csv")
    assert '"Finance","E-1042","Ana Díaz","Signed the current revision"' in roster
    assert '"Planning","E-3000","Cy Park","Not signed"' in roster
    assert [r.attributed_to for r in stack.records() if r.subject == "E-1042"] == ["E-1042"]


def test_an_employee_id_that_does_not_match_the_link_is_refused(stack, page):
    page.goto(stack.link("E-2000"))
    expect(page.locator("#ph-ack-employee-id")).to_have_value("E-2000")
    page.fill("#ph-ack-employee-id", "E-1042")
    sign(page)
    status = page.locator("#ph-receipt-status")
    status.filter(has_text="refused").wait_for()
    assert "does not match your personal signing link (issued for E-2000)" in status.inner_text()
    assert [r for r in stack.records() if r.subject == "E-1042" and r.attributed_to is None] == []


def test_a_link_the_receiver_does_not_accept_says_so_and_is_forgotten(stack, page):
    page.goto(stack.link("E-2000").split("?")[0] + "?invite=forged.token")
    status = page.locator("#ph-ack-status")
    status.filter(has_text="link").wait_for()
    assert status.inner_text() == (
        "This signing link is not valid. Open the link from your e-mail again, or ask Human "
        "Resources for a new one."
    )
    assert page.input_value("#ph-ack-full-name") == ""
    assert page.evaluate("localStorage.getItem('policy-handbook:invite')") is None
    assert page.is_visible("#ph-ack-form")


def test_a_retry_after_503_and_a_second_tab_store_one_record(stack, context, page):
    failures = {"left": 1}

    def first_fails(route) -> None:
        if route.request.method == "POST" and failures["left"]:
            failures["left"] -= 1
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()

    page.route(stack.endpoint, first_fails)
    page.goto(stack.link("E-3000"))
    expect(page.locator("#ph-ack-full-name")).to_have_value("Cy Park")
    sign(page)
    page.locator("#ph-receipt-status").filter(has_text="Trying again").wait_for()
    second = context.new_page()  # the same receipt, sent again from a second tab meanwhile
    second.goto(stack.site_url + ACK)
    second.locator("#ph-receipt-status").filter(has_text="Received by Human Resources").wait_for()
    page.locator("#ph-receipt-status").filter(has_text="Received by Human Resources").wait_for()
    second.close()
    mine = [r for r in stack.records() if r.subject == "E-3000"]
    assert len(mine) == 1 and mine[0].attributed_to == "E-3000"


def test_hr_roster_page_is_axe_clean_and_announces_the_counts(stack, browser):
    """The roster is server-rendered HTML (no script); axe runs with the page's CSP bypassed
    only so that the test can inject axe itself."""
    context = browser.new_context(
        bypass_csp=True, http_credentials={"username": "hr", "password": HR_PASSWORD}
    )
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{stack.receiver.port}/hr/")
        assert page.title().startswith("Acknowledgement roster — ")
        summary = page.locator("#summary-text").inner_text()
        assert "employees signed the current revision" in summary
        progress = page.locator("progress").first
        assert progress.get_attribute("aria-describedby") == "summary-text"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to the roster"
        assert axe_violations(page, (*WCAG_21_AA, "wcag22aa")) == []
    finally:
        context.close()
