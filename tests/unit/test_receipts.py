"""The receipts CLI: verify one receipt, make a roster, refuse malformed files loudly."""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from build_hooks.receipts import SCHEMA_FILE, csv_cell, main
from tests.conftest import REPO

DIGEST_A = "a" * 64
DIGEST_B = "b" * 64
SITE_REVISION = {
    "organization": "Twin Rivers Council of Governments",
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
    "statement": "I confirm that I have received the employee handbook.",
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
HEADER = "name,employee_id,department,revision,signed_at,current,file"


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
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def receipt_with(**changes: object) -> dict:
    receipt = copy.deepcopy(RECEIPT)
    receipt.update(changes)
    return receipt


def test_the_schema_is_valid_2020_12_and_accepts_the_example():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "Idempotency-Key" in schema["description"]  # the endpoint contract is documented
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(RECEIPT)) == []


def test_verify_current_receipt(site, tmp_path):
    receipt = write(tmp_path / "r.json", RECEIPT)
    code, out, err = run("verify", str(receipt), "--site", str(site))
    assert (code, err) == (0, "")
    assert out == (
        "CURRENT: Ana Díaz acknowledged revision 2026-01-01-0123456789ab, the one published.\n"
    )


def test_verify_names_changed_new_and_removed_sections(site, tmp_path):
    old = receipt_with(revision="2025-01-01-ffffffffffff")
    old["sections"] = {"travel": "c" * 64, "old-rule": DIGEST_A}  # payday is new since
    code, out, _ = run("verify", str(write(tmp_path / "r.json", old)), "--site", str(site))
    assert code == 1
    assert out.splitlines() == [
        "OUT OF DATE: Ana Díaz signed revision 2025-01-01-ffffffffffff on 2026-02-03T14:05:06Z; "
        "the site is at 2026-01-01-0123456789ab. 3 section(s) changed since:",
        "  §5.05 Payday (payday) — new section",
        "  §17.06 Travel (travel)",
        "  old-rule (removed from the handbook)",
    ]


def test_verify_same_revision_id_with_a_tampered_digest_is_not_current(site, tmp_path):
    tampered = copy.deepcopy(RECEIPT)
    tampered["sections"]["payday"] = "e" * 64
    code, out, _ = run("verify", str(write(tmp_path / "r.json", tampered)), "--site", str(site))
    assert code == 1
    assert out.splitlines()[1:] == ["  §5.05 Payday (payday)"]


def test_verify_a_receipt_of_another_handbook(site, tmp_path):
    other = receipt_with(organization="Cedar Point County")
    code, out, _ = run("verify", str(write(tmp_path / "r.json", other)), "--site", str(site))
    assert code == 1
    assert out.startswith("OTHER HANDBOOK: the receipt of Ana Díaz acknowledges the handbook of ")
    assert "Cedar Point County" in out and "Twin Rivers Council of Governments" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON receipt"),
        (b"\xff\xfe", "not a JSON receipt"),
        ({**RECEIPT, "read_and_understood": False}, "read_and_understood: True was expected"),
        ({**RECEIPT, "employee": {**RECEIPT["employee"], "date": "2026-02-30"}}, "employee.date"),
        ({k: v for k, v in RECEIPT.items() if k != "revision"}, "'revision' is a required"),
        ({k: v for k, v in RECEIPT.items() if k != "statement"}, "'statement' is a required"),
        ({**RECEIPT, "signed_at": "yesterday"}, "signed_at: 'yesterday' does not match"),
        ({**RECEIPT, "signed_at": "2026-02-30T10:00:00Z"}, "is not a real date and time"),
        ({**RECEIPT, "sections": {"payday": "short"}}, "sections.payday: 'short' does not match"),
        ({**RECEIPT, "extra": 1}, "Additional properties are not allowed ('extra'"),
    ],
    ids=[
        "not-json",
        "not-utf8",
        "not-read",
        "bad-date",
        "missing-revision",
        "missing-statement",
        "bad-timestamp",
        "impossible-timestamp",
        "bad-digest",
        "unknown-key",
    ],
)
def test_verify_rejects_malformed_receipts_naming_file_and_field(site, tmp_path, content, message):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write(path, content)
    code, out, err = run("verify", str(path), "--site", str(site))
    assert code == 2 and out == ""
    assert err.startswith(f"{path}: ") and message in err


def test_verify_without_a_built_site(tmp_path):
    receipt = write(tmp_path / "r.json", RECEIPT)
    code, _, err = run("verify", str(receipt), "--site", str(tmp_path / "nope"))
    assert code == 2 and "cannot read the site's revision" in err


def test_verify_with_a_site_whose_revision_json_is_not_one(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "revision.json").write_text('{"revision": "x"}')
    receipt = write(tmp_path / "r.json", RECEIPT)
    code, _, err = run("verify", str(receipt), "--site", str(site))
    assert code == 2 and "not a handbook revision document" in err and "make build" in err


def test_roster_lists_every_receipt_and_reports_every_bad_file(site, tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    write(folder / "1.json", RECEIPT)
    old = copy.deepcopy(RECEIPT)
    old["receipt_id"] = "00000000-0000-4000-8000-000000000002"
    old["employee"]["full_name"] = "Bo, Lee"
    old["sections"]["payday"] = "d" * 64
    write(folder / "2.json", old)
    write(folder / "3.json", "[]")
    write(folder / "4.json", "")
    code, out, err = run("roster", str(folder), "--site", str(site))
    assert code == 1
    assert out.splitlines() == [
        HEADER,
        "Ana Díaz,E-1042,Finance,2026-01-01-0123456789ab,2026-02-03T14:05:06Z,yes,1.json",
        '"Bo, Lee",E-1042,Finance,2026-01-01-0123456789ab,2026-02-03T14:05:06Z,no,2.json',
    ]
    lines = err.splitlines()
    assert lines[0].startswith(f"REJECTED {folder / '3.json'}: not a valid receipt")
    assert lines[1].startswith(f"REJECTED {folder / '4.json'}: not a JSON receipt")
    assert lines[2] == (f"2 receipt(s) listed, 2 rejected, 0 duplicate(s), 0 ignored, in {folder}")
    assert lines[3] == "Fix or remove the 2 rejected file(s) and run again."


def test_roster_reports_ignored_entries_and_duplicates_never_silently(site, tmp_path):
    folder = tmp_path / "receipts"
    (folder / "archive").mkdir(parents=True)
    write(folder / "a.json", RECEIPT)
    write(folder / "b.JSON", RECEIPT)  # the same receipt saved twice
    write(folder / ".DS_Store", "junk")
    write(folder / "notes.txt", "call Ana")
    code, out, err = run("roster", str(folder), "--site", str(site))
    assert code == 0
    assert out.splitlines()[1:] == [
        "Ana Díaz,E-1042,Finance,2026-01-01-0123456789ab,2026-02-03T14:05:06Z,yes,a.json"
    ]
    assert err.splitlines() == [
        f"IGNORED {folder / '.DS_Store'}: not a .json file — receipts are .json files",
        f"IGNORED {folder / 'archive'}: a folder — receipts are .json files",
        f"DUPLICATE {folder / 'b.JSON'}: the same receipt "
        "(6f1c2a9e-3b4d-4c5e-8f70-112233445566) as a.json; listed once",
        f"IGNORED {folder / 'notes.txt'}: not a .json file — receipts are .json files",
        f"1 receipt(s) listed, 0 rejected, 1 duplicate(s), 3 ignored, in {folder}",
    ]


def test_roster_neutralises_spreadsheet_formulas(site, tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    evil = copy.deepcopy(RECEIPT)
    evil["employee"].update(
        full_name='=HYPERLINK("http://x","y")', signature='=HYPERLINK("http://x","y")'
    )
    evil["employee"]["department"] = "@SUM(A1)"
    write(folder / "r.json", evil)
    code, out, _ = run("roster", str(folder), "--site", str(site))
    assert code == 0
    row = list(csv.reader(io.StringIO(out)))[1]
    assert row[:3] == ['\'=HYPERLINK("http://x","y")', "E-1042", "'@SUM(A1)"]
    assert [csv_cell(v) for v in ("-1", "+1", "\tx", "Ana")] == ["'-1", "'+1", "'\tx", "Ana"]


def test_roster_of_an_empty_folder_writes_the_header(site, tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    code, out, err = run("roster", str(folder), "--site", str(site))
    assert (code, out.splitlines()) == (0, [HEADER])
    assert "0 receipt(s) listed" in err


def test_roster_of_a_missing_folder(tmp_path):
    code, _, err = run("roster", str(tmp_path / "nope"))
    assert code == 2 and "no such folder" in err


def test_roster_needs_the_site_for_the_current_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no site/ here
    (tmp_path / "receipts").mkdir()
    code, out, err = run("roster", "receipts")
    assert code == 2 and out == ""
    assert err.startswith("site/revision.json: cannot read the site's revision")


def test_module_runs_as_a_command_and_documents_exit_codes():
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks.receipts", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Exit status" in result.stdout and "roster" in result.stdout
