"""The receipts CLI: verify one receipt, make a roster, refuse malformed files loudly."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

from build_hooks.receipts import main

DIGEST_A = "a" * 64
DIGEST_B = "b" * 64
SITE_REVISION = {
    "revision": "2026-01-01-0123456789ab",
    "sections": {
        "payday": {"number": "5.05", "title": "Payday", "url": "05/payday/", "digest": DIGEST_A},
        "travel": {"number": "17.06", "title": "Travel", "url": "17/t/", "digest": DIGEST_B},
    },
}
RECEIPT = {
    "format": "policy-handbook-receipt/1",
    "receipt_id": "6f1c2a9e-3b4d-4c5e-8f70-112233445566",
    "organization": "Twin Rivers Council of Governments",
    "revision": "2026-01-01-0123456789ab",
    "revision_date": "2026-01-01",
    "signed_at": "2026-02-03T14:05:06Z",
    "employee": {
        "full_name": "Ana Díaz",
        "employee_id": "E-1042",
        "department": "Finance",
        "signature": "Ana Díaz",
        "date": "2026-02-03",
    },
    "read_and_understood": True,
    "sections": {"payday": DIGEST_A, "travel": DIGEST_B},
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "revision.json").write_text(json.dumps(SITE_REVISION))
    return folder


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_verify_current_receipt(site, tmp_path):
    receipt = write(tmp_path / "r.json", RECEIPT)
    code, out, _ = run("verify", str(receipt), "--site", str(site))
    assert code == 0
    assert out == (
        "CURRENT: Ana Díaz acknowledged revision 2026-01-01-0123456789ab, the one published.\n"
    )


def test_verify_names_the_sections_changed_since_signing(site, tmp_path):
    old = copy.deepcopy(RECEIPT)
    old["revision"] = "2025-01-01-ffffffffffff"
    old["sections"]["travel"] = "c" * 64
    code, out, _ = run("verify", str(write(tmp_path / "r.json", old)), "--site", str(site))
    assert code == 1
    assert out.splitlines() == [
        "OUT OF DATE: Ana Díaz signed revision 2025-01-01-ffffffffffff on 2026-02-03T14:05:06Z; "
        "the site is at 2026-01-01-0123456789ab. 1 section(s) changed since:",
        "  §17.06 Travel (travel)",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON receipt"),
        ({**RECEIPT, "read_and_understood": False}, "read_and_understood: True was expected"),
        ({**RECEIPT, "employee": {**RECEIPT["employee"], "date": "2026-02-30"}}, "employee.date"),
        ({k: v for k, v in RECEIPT.items() if k != "revision"}, "'revision' is a required"),
    ],
    ids=["not-json", "not-read", "bad-date", "missing-revision"],
)
def test_verify_rejects_malformed_receipts(site, tmp_path, content, message):
    receipt = write(tmp_path / "bad.json", content)
    code, out, err = run("verify", str(receipt), "--site", str(site))
    assert code == 2 and out == ""
    assert err.startswith(f"{receipt}: ") and message in err


def test_verify_without_a_built_site(tmp_path):
    receipt = write(tmp_path / "r.json", RECEIPT)
    code, _, err = run("verify", str(receipt), "--site", str(tmp_path / "nope"))
    assert code == 2 and "cannot read the site's revision" in err


def test_roster_lists_every_receipt_and_reports_every_bad_file(site, tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    write(folder / "1.json", RECEIPT)
    old = copy.deepcopy(RECEIPT)
    old["employee"]["full_name"] = "Bo, Lee"
    old["sections"]["payday"] = "d" * 64
    write(folder / "2.json", old)
    write(folder / "3.json", "[]")
    code, out, err = run("roster", str(folder), "--site", str(site))
    assert code == 1
    assert out.splitlines() == [
        "name,employee_id,department,revision,signed_at,current,file",
        "Ana Díaz,E-1042,Finance,2026-01-01-0123456789ab,2026-02-03T14:05:06Z,yes,1.json",
        '"Bo, Lee",E-1042,Finance,2026-01-01-0123456789ab,2026-02-03T14:05:06Z,no,2.json',
    ]
    assert "REJECTED " in err and "3.json: not a valid receipt" in err
    assert "1 of 3 file(s) rejected" in err


def test_roster_of_a_missing_folder(tmp_path):
    code, _, err = run("roster", str(tmp_path / "nope"))
    assert code == 2 and "no such folder" in err
