"""The acknowledgement page against the real receiver (``python -m receiver serve``, SQLite):
a personal signing link pre-fills the form, the receipt is stored, countersigned and attributed,
``verify --keys`` accepts the downloaded receipt, and a refusal says why."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import QuietHandler, free_port
from tests.conftest import REPO
from tests.receiver.live import Receiver, write_config

ACK = "acknowledgement/"
STAFF = (
    "employee_id,full_name,email,department,hire_date\n"
    "E-3001,Rosa Núñez,rosa@example.org,Planning,2020-05-01\n"
    "E-3002,Tom Baker,tom@example.org,Roads,2021-09-13\n"
)
RECEIVED_JS = (
    "() => document.getElementById('ph-receipt-status').textContent.startsWith('Received by')"
)


def _cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": ""}  # the SQLite file under the config's data_dir
    return subprocess.run(
        [sys.executable, "-m", "receiver", "--config", str(config), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The sample site built for a receiver on another port, served, and that receiver."""
    folder = tmp_path_factory.mktemp("end-to-end")
    site_port, receiver_port = free_port(), free_port()
    site = folder / "site"
    env = {
        **os.environ,
        "SITE_URL": f"http://127.0.0.1:{site_port}/",
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
    assert built.returncode == 0, built.stderr
    server = ThreadingHTTPServer(
        ("127.0.0.1", site_port), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = write_config(folder, site / "revision.json", site_url=f"http://127.0.0.1:{site_port}/")
    staff = folder / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    receiver = Receiver(config, "", receiver_port, folder / "receiver.log")  # "": SQLite
    receiver.start()
    try:
        imported = _cli(config, "import-employees", str(staff))
        assert imported.returncode == 0, imported.stderr
        links = _cli(config, "invite", "--employee", "E-3001")
        assert links.returncode == 0, links.stderr
        link = next(csv.DictReader(io.StringIO(links.stdout)))["link"]
        yield {"site": site, "config": config, "link": link, "folder": folder}
    finally:
        receiver.stop()
        server.shutdown()
        server.server_close()


def test_a_personal_link_signs_through_the_receiver_and_the_receipt_verifies(page, live):
    token = parse_qs(urlsplit(live["link"]).query)["invite"][0]
    page.goto(live["link"])
    page.wait_for_function(
        "() => document.getElementById('ph-ack-status').textContent.startsWith('Filled in')"
    )
    assert "invite=" not in page.url  # the personal token leaves the address bar
    assert page.input_value("#ph-ack-full-name") == "Rosa Núñez"
    assert page.input_value("#ph-ack-employee-id") == "E-3001"
    assert page.input_value("#ph-ack-department") == "Planning"
    page.fill("#ph-ack-signature", "Rosa Núñez")
    page.check("#ph-ack-read")
    page.locator("#ph-ack-form button[type=submit]").click()
    page.wait_for_function(RECEIVED_JS, timeout=20000)
    saved = page.evaluate("JSON.parse(localStorage.getItem('policy-handbook:receipts'))")[-1]
    assert saved["invite"] == token
    assert saved["delivery"]["state"] == "sent"
    mark = saved["receipt"]["countersignature"]
    assert mark["format"] == "policy-handbook-countersignature/1"
    assert mark["attributed_to"] == "E-3001"
    assert saved["delivery"]["received_at"] == mark["received_at"]
    table = page.inner_text(".ph-receipt-table")
    assert "Received by Human Resources" in table
    assert mark["key_id"] in table
    with page.expect_download() as download:
        page.click("#ph-receipt-download")
    path = live["folder"] / "receipt.json"
    download.value.save_as(path)
    assert json.loads(path.read_text(encoding="utf-8")) == saved["receipt"]
    keys = live["folder"] / "data" / "keys" / "public-keys.json"
    verified = _cli(
        live["config"], "verify", str(path), "--site", str(live["site"]), "--keys", str(keys)
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert page.console_errors == []


def test_the_receiver_refuses_an_id_that_is_not_the_links_and_the_page_says_why(page, live):
    page.goto(live["link"])
    page.wait_for_function(
        "() => document.getElementById('ph-ack-status').textContent.startsWith('Filled in')"
    )
    page.fill("#ph-ack-employee-id", "E-3002")
    page.fill("#ph-ack-signature", "Rosa Núñez")
    page.check("#ph-ack-read")
    page.locator("#ph-ack-form button[type=submit]").click()
    page.wait_for_function(
        "() => document.getElementById('ph-receipt-status').textContent.includes('refused')",
        timeout=20000,
    )
    status = page.inner_text("#ph-receipt-status")
    assert status.startswith(
        "Human Resources' system refused the acknowledgement (HTTP 422: employee.employee_id: "
        "E-3002 does not match your personal signing link (issued for E-3001)."
    )
    saved = page.evaluate("JSON.parse(localStorage.getItem('policy-handbook:receipts'))")[-1]
    assert saved["delivery"] == {
        "state": "refused",
        "attempts": 1,
        "status": 422,
        "problems": [
            "employee.employee_id: E-3002 does not match your personal signing link (issued "
            "for E-3001). Check the employee ID, or open your own link."
        ],
    }
    assert "countersignature" not in saved["receipt"]


def test_a_link_the_receiver_does_not_accept_says_so_and_is_forgotten(page, live):
    page.goto(live["link"].split("?")[0] + "?invite=forged.token")
    page.wait_for_function("() => document.getElementById('ph-ack-status').textContent.length > 0")
    assert page.input_value("#ph-ack-full-name") == ""
    assert page.evaluate("localStorage.getItem('policy-handbook:invite')") is None
    assert page.is_visible("#ph-ack-form")
