"""HR's offline commands: verify one receipt (honest? countersigned? current?) and make a
roster of a folder of receipts, refusing malformed files and formula cells loudly."""

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

from receiver.cli import main
from receiver.receipts import SCHEMA_FILE
from receiver.spreadsheet import csv_cell
from tests.conftest import REPO
from tests.receiver.helpers import DIGEST_A, RECEIPT

HEADER = '"name","employee_id","department","revision","signed_at","current","file"'


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
    assert code == 0
    assert err == (
        "note: countersignature not checked — pass --keys public-keys.json (from the receiver) "
        "to prove the receiver received this receipt\n"
    )
    assert out == (
        "CURRENT: Ana Díaz acknowledged revision 2026-01-01-0123456789ab, the one published.\n"
    )


def test_verify_names_changed_new_and_removed_sections(site, tmp_path):
    old = receipt_with(revision="2025-01-01-ffffffffffff", revision_date="2025-01-01")
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


def test_verify_same_revision_id_with_a_tampered_digest_is_refused(site, tmp_path):
    tampered = copy.deepcopy(RECEIPT)
    tampered["sections"]["payday"] = "e" * 64
    code, out, _ = run("verify", str(write(tmp_path / "r.json", tampered)), "--site", str(site))
    assert code == 3
    assert out.splitlines() == [
        "REFUSED: the receipt of 'Ana Díaz' does not prove what it says:",
        "  sections: the section digests are not the ones revision 2026-01-01-0123456789ab "
        "published",
    ]


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
        '"Ana Díaz","E-1042","Finance","2026-01-01-0123456789ab","2026-02-03T14:05:06Z","yes",'
        '"1.json"',
        '"Bo, Lee","E-1042","Finance","2026-01-01-0123456789ab","2026-02-03T14:05:06Z","no",'
        '"2.json"',
    ]
    lines = err.splitlines()
    assert lines[0].startswith(f"REJECTED {folder / '3.json'}: not a valid receipt")
    assert lines[1].startswith(f"REJECTED {folder / '4.json'}: not a JSON receipt")
    assert lines[2] == (
        f"2 receipt(s) listed, 2 rejected, 0 duplicate(s), 0 conflict(s), 0 ignored, in {folder}"
    )
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
        '"Ana Díaz","E-1042","Finance","2026-01-01-0123456789ab","2026-02-03T14:05:06Z","yes",'
        '"a.json"'
    ]
    assert err.splitlines() == [
        f"IGNORED {folder / '.DS_Store'}: not a .json file — receipts are .json files",
        f"IGNORED {folder / 'archive'}: a folder — receipts are .json files",
        f"DUPLICATE {folder / 'b.JSON'}: the same receipt "
        "(6f1c2a9e-3b4d-4c5e-8f70-112233445566) as a.json; listed once",
        f"IGNORED {folder / 'notes.txt'}: not a .json file — receipts are .json files",
        f"1 receipt(s) listed, 0 rejected, 1 duplicate(s), 0 conflict(s), 3 ignored, in {folder}",
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


# Every way a cell (or a piece of it, for a spreadsheet splitting on another separator) can
# start a formula, and what the CSV holds instead.
FORMULA_CORPUS = [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\tx", "'\tx"),
    ("\r=1", "'\r=1"),
    (" =1+1", "' =1+1"),
    ("  @x", "'  @x"),
    ("\n=cmd", "'\n=cmd"),
    ("\r\n+1", "'\r\n+1"),
    ("\u3000=1", "'\u3000=1"),  # ideographic space
    ("\uff1d1+1", "'\uff1d1+1"),  # full-width =
    ("\uff0b1", "'\uff0b1"),  # full-width +
    ("\uff0d1", "'\uff0d1"),  # full-width -
    ("\uff20x", "'\uff20x"),  # full-width @
    ("Finance;=cmd|' /C calc'!A0", "Finance;'=cmd|' /C calc'!A0"),
    ("a,=1", "a,'=1"),
    ("a; -1", "a;' -1"),
    ("a|@x", "a|'@x"),
    ("a\t+1", "a\t'+1"),
    ("Ana Díaz", "Ana Díaz"),
    ("O'Brien-Smith", "O'Brien-Smith"),
    ("E-1042", "E-1042"),
    ("Bo, Lee", "Bo, Lee"),
]


@pytest.mark.parametrize(("value", "expected"), FORMULA_CORPUS)
def test_csv_cell_neutralises_every_formula_trigger(value, expected):
    assert csv_cell(value) == expected


def test_roster_reports_two_people_under_one_receipt_id_both(site, tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    write(folder / "a.json", RECEIPT)
    other = copy.deepcopy(RECEIPT)  # same receipt_id, someone else
    other["employee"].update(full_name="Bo Lee", signature="Bo Lee", employee_id="E-2000")
    write(folder / "b.json", other)
    code, out, err = run("roster", str(folder), "--site", str(site))
    assert code == 0
    assert [row[0] for row in csv.reader(io.StringIO(out))] == ["name", "Ana Díaz", "Bo Lee"]
    assert err.splitlines() == [
        f"CONFLICT {folder / 'b.json'}: receipt_id 6f1c2a9e-3b4d-4c5e-8f70-112233445566 is also "
        "used by a.json for a different receipt ('Ana Díaz' vs 'Bo Lee'); both are listed — check "
        "them",
        f"2 receipt(s) listed, 0 rejected, 0 duplicate(s), 1 conflict(s), 0 ignored, in {folder}",
    ]


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
        [sys.executable, "-m", "receiver", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "Exit status" in result.stdout and "roster" in result.stdout


@pytest.fixture
def keys(tmp_path):
    from receiver.signing import load_signing_key

    folder = tmp_path / "keys"
    return load_signing_key(folder), folder / "public-keys.json"


def countersigned(key, receipt: dict, received_at: str = "2026-02-03T14:05:09.000001Z") -> dict:
    from receiver.signing import countersign

    return {**receipt, "countersignature": countersign(key, receipt, received_at, "E-1042")}


def test_verify_a_countersigned_receipt_with_the_public_keys(site, tmp_path, keys):
    key, published = keys
    path = write(tmp_path / "r.json", countersigned(key, RECEIPT))
    code, out, err = run("verify", str(path), "--site", str(site), "--keys", str(published))
    assert (code, err) == (0, "")
    assert out.startswith("CURRENT: Ana Díaz acknowledged revision 2026-01-01-0123456789ab")


@pytest.mark.parametrize(
    ("make", "reasons"),
    [
        (
            lambda key: RECEIPT,  # made from the public revision.json; never reached HR
            ["  not countersigned: the receiver never acknowledged this receipt"],
        ),
        (
            lambda key: {
                **countersigned(key, RECEIPT),
                "statement": "I do NOT accept the employee handbook.",
            },
            [
                "  countersignature does not match: the receipt was changed after the receiver "
                "signed it, or the signature was not made by the receiver",
                "  statement: not the statement revision 2026-01-01-0123456789ab published (its "
                "sha256 differs from revision.json statement_sha256) — the text was changed",
            ],
        ),
        (
            lambda key: countersigned(
                __import__("receiver.signing", fromlist=["x"]).rotate_signing_key(
                    __import__("pathlib").Path(__import__("tempfile").mkdtemp())
                ),
                RECEIPT,
            ),
            None,  # signed by a key the receiver never published
        ),
    ],
    ids=["never-sent", "statement-changed-after", "foreign-key"],
)
def test_verify_refuses_forged_receipts(site, tmp_path, keys, make, reasons):
    key, published = keys
    path = write(tmp_path / "r.json", make(key))
    code, out, _ = run("verify", str(path), "--site", str(site), "--keys", str(published))
    assert code == 3
    lines = out.splitlines()
    assert lines[0] == "REFUSED: the receipt of 'Ana Díaz' does not prove what it says:"
    if reasons is None:
        assert lines[1].startswith("  countersignature: key 'ed25519-")
        assert lines[1].endswith(
            "is not among the receiver's published keys — pass the current "
            "public-keys.json (--keys)"
        )
    else:
        assert lines[1:] == reasons


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"employee": {"signature": "A. Díaz"}},
            "  employee.signature: 'A. Díaz' is not the full name 'Ana Díaz' (the typed signature "
            "must be the name)",
        ),
        (
            {"signed_at": "2099-01-01T00:00:00Z"},
            "  signed_at: 2099-01-01T00:00:00Z is in the future (latest believable: "
            "2026-03-01T00:00:00+00:00 plus 12:00:00)",
        ),
        (
            {"signed_at": "2024-12-30T00:00:00Z", "employee": {"date": "2024-12-31"}},
            "  signed_at: 2024-12-30T00:00:00Z is before revision 2026-01-01-0123456789ab "
            "existed (its previous revision is dated 2025-01-01)",
        ),
        (
            {"employee": {"date": "2024-11-01"}},
            "  employee.date: 2024-11-01 is before revision 2026-01-01-0123456789ab existed "
            "(its previous revision is dated 2025-01-01)",
        ),
        (
            {"employee": {"date": "2026-02-10"}},
            "  employee.date: 2026-02-10 is after the signing time 2026-02-03T14:05:06Z",
        ),
        (
            {"revision_date": "2025-06-01"},
            "  revision_date: 2025-06-01 contradicts the revision id 2026-01-01-0123456789ab "
            "(dated 2026-01-01)",
        ),
        (
            {"employee": {"full_name": "Ana \u202eDíaz", "signature": "Ana Díaz"}},
            "  employee.full_name: contains invisible or text-direction control characters "
            "(U+202E) that can make it read as something else",
        ),
        (
            {"employee": {"department": "Fin\u200bance\u2066"}},
            "  employee.department: contains invisible or text-direction control characters "
            "(U+200B, U+2066) that can make it read as something else",
        ),
    ],
    ids=[
        "signature",
        "future",
        "before-revision",
        "typed-date-early",
        "typed-date-late",
        "revision-date",
        "bidi-name",
        "zero-width",
    ],
)
def test_verify_refuses_dishonest_fields_with_the_reason(site, tmp_path, changes, reason):
    made = copy.deepcopy(RECEIPT)
    made["employee"].update(changes.pop("employee", {}))
    made.update(changes)
    path = write(tmp_path / "r.json", made)
    code, out, _ = run("verify", str(path), "--site", str(site), "--now", "2026-03-01T00:00:00Z")
    assert code == 3
    assert out.splitlines()[1] == reason  # the first reason; a bidi name also fails the rule


def test_countersigned_time_bounds_the_signing_time(site, tmp_path, keys):
    """signed_at a day after the receiver received it is a lie, whatever --now says."""
    key, published = keys
    late = {**RECEIPT, "signed_at": "2026-02-05T14:05:06Z", "employee": {**RECEIPT["employee"]}}
    path = write(tmp_path / "r.json", countersigned(key, late, "2026-02-03T14:05:09.000001Z"))
    code, out, _ = run(
        "verify", str(path), "--site", str(site), "--keys", str(published), "--now", "2030-01-01"
    )
    assert code == 3
    assert out.splitlines()[1] == (
        "  signed_at: 2026-02-05T14:05:06Z is in the future (latest believable: "
        "2026-02-03T14:05:09+00:00 plus 12:00:00)"
    )


def test_a_zero_width_joiner_in_a_name_is_allowed(site, tmp_path):
    name = "Anu Menon\u200d"  # ZWJ is part of several scripts' spelling
    made = copy.deepcopy(RECEIPT)
    made["employee"].update(full_name=name, signature=name)
    code, _, _ = run("verify", str(write(tmp_path / "r.json", made)), "--site", str(site))
    assert code == 0


def test_a_receipt_signed_before_the_revision_date_is_honest(site, tmp_path):
    """Revisions are published ahead of their date: signing the 2026-01-01 revision in
    December 2025 is normal (its predecessor is dated 2025-01-01)."""
    early = copy.deepcopy(RECEIPT)
    early["signed_at"] = "2025-12-02T10:00:00Z"
    early["employee"]["date"] = "2025-12-02"
    path = write(tmp_path / "r.json", early)
    code, out, _ = run("verify", str(path), "--site", str(site), "--now", "2025-12-02T12:00:00Z")
    assert code == 0, out


def test_without_the_revision_document_a_year_ahead_is_the_bound():
    from datetime import UTC, datetime

    from receiver.receipts import honesty_problems

    made = copy.deepcopy(RECEIPT)
    made["signed_at"] = "2024-12-30T00:00:00Z"
    made["employee"]["date"] = "2024-12-29"  # the bound is 2024-12-31, less a day of time zones
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert honesty_problems(made, None, now) == [
        "signed_at: 2024-12-30T00:00:00Z is before revision 2026-01-01-0123456789ab existed "
        "(dated 2026-01-01, published at most a year ahead)",
        "employee.date: 2024-12-29 is before revision 2026-01-01-0123456789ab existed (dated "
        "2026-01-01, published at most a year ahead)",
    ]
