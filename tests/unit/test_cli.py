"""``python -m calculators``: JSON in, JSON out, exit 2 with a field error for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calculators.cli import load_policy, main

REPO = Path(__file__).resolve().parents[2]
DOCS = str(REPO / "docs")
COUNTY = str(REPO / "examples" / "county" / "docs")
GOOD = {"hire_date": "2020-03-03", "as_of": "2025-03-03", "employment": "regular_full_time"}


def run(argv: list[str], stdin: str = "") -> tuple[int, Any]:
    out = io.StringIO()
    status = main(argv, io.StringIO(stdin), out)
    text = out.getvalue()
    try:
        return status, json.loads(text)
    except json.JSONDecodeError:
        return status, text


@pytest.mark.parametrize("docs", [DOCS, COUNTY])
def test_leave_result_on_stdout(docs: str) -> None:
    status, result = run(["leave", "--docs", docs], json.dumps(GOOD))
    assert status == 0
    assert result["service_year"] == 6
    assert result["citations"] and result["explanation"]


def test_list_and_describe() -> None:
    status, text = run(["--list"])
    assert status == 0 and "leave\tLeave accrual" in text
    status, described = run(["leave", "--describe"])
    assert status == 0 and described["fields"][0]["name"] == "hire_date"


@pytest.mark.parametrize(
    ("argv", "stdin", "field"),
    [
        (["leave", "--docs", DOCS], "{not json", "input"),
        (["leave", "--docs", DOCS], "[1, 2]", "input"),
        (["leave", "--docs", DOCS], "", "hire_date"),
        (["leave", "--docs", DOCS], json.dumps({**GOOD, "as_of": "2019-01-01"}), "hire_date"),
        (["leave", "--docs", DOCS], json.dumps({**GOOD, "extra": 1}), "extra"),
        (["mortgage", "--docs", DOCS], "{}", "calculator"),
        (["mortgage", "--describe"], "", "calculator"),
        ([], "", "calculator"),
        (["leave", "--docs", "/nonexistent/docs"], json.dumps(GOOD), "docs"),
    ],
)
def test_bad_input_exits_2_with_field(argv: list[str], stdin: str, field: str) -> None:
    status, result = run(argv, stdin)
    assert status == 2
    assert result["error"]["field"] == field
    assert result["error"]["message"]


def test_handbook_without_a_parameter_exits_1(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "a.md").write_text(
        '---\nid: a\nnumber: "1.01"\ntitle: A\neffective: 2020-01-01\n'
        "history:\n  - date: 2020-01-01\n    note: Adopted.\n"
        "policy:\n  payroll:\n    hours_per_week: 40\n---\nBody.\n",
        encoding="utf-8",
    )
    status, result = run(["leave", "--docs", str(docs)], json.dumps(GOOD))
    assert status == 1
    assert result["error"]["field"] == "policy"
    assert "leave.eligible_employment" in result["error"]["message"]


def test_handbook_with_content_problems_exits_1(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bad.md").write_text("---\nid: Bad Id\n---\n", encoding="utf-8")
    status, result = run(["leave", "--docs", str(docs)], json.dumps(GOOD))
    assert status == 1 and result["error"]["field"] == "docs"


def test_policy_conflict_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def conflicting(docs_dir: Any) -> list[dict[str, Any]]:
        return [
            {"id": "a", "number": "1.01", "title": "A", "source": "docs/a.md", "policy": {"x": 1}},
            {"id": "b", "number": "1.02", "title": "B", "source": "docs/b.md", "policy": {"x": 2}},
        ]

    monkeypatch.setattr("build_hooks.content.index.load_sections", conflicting)
    status, result = run(["leave", "--docs", DOCS], json.dumps(GOOD))
    assert status == 1 and "docs/a.md" in result["error"]["message"]


def test_unexpected_errors_are_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(docs_dir: Any) -> list[dict[str, Any]]:
        raise RuntimeError("bug")

    monkeypatch.setattr("build_hooks.content.index.load_sections", broken)
    with pytest.raises(RuntimeError):
        run(["leave", "--docs", DOCS], json.dumps(GOOD))


def test_load_policy_has_both_handbooks_parameters() -> None:
    trcog = load_policy(DOCS)["parameters"]
    county = load_policy(COUNTY)["parameters"]
    assert trcog["leave"]["sick"]["max_balance"] == 480
    assert "max_balance" not in county["leave"]["sick"]


def test_module_entry_point_prints_json_without_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "calculators", "leave", "--docs", COUNTY],
        input=json.dumps({**GOOD, "weekly_hours": "lots"}),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert json.loads(proc.stdout)["error"]["field"] == "weekly_hours"
    assert "Traceback" not in proc.stderr


class _Bytes(io.StringIO):
    """A text stdin whose bytes are read through ``.buffer``, as ``sys.stdin``'s are."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)


def test_unknown_option_is_a_json_error() -> None:
    status, result = run(["travel", "--docs", DOCS, "--bogus"], "{}")
    assert status == 2
    assert result["error"]["field"] == "option"
    assert "unrecognized arguments: --bogus" in result["error"]["message"]


def test_stdin_is_read_as_utf8_bytes_within_the_size_limit() -> None:
    trip = {"trip_type": "day", "start_date": "2026-02-10", "vehicle": "personal", "miles": 10}
    out = io.StringIO()
    assert main(["travel", "--docs", DOCS], _Bytes(json.dumps(trip).encode()), out) == 0
    assert json.loads(out.getvalue())["total"] == "7.25"
    for data, text in (
        (b'{"trip_type": "day\xff"}', "not UTF-8 text (byte 19 "),
        (b" " * 500_000, "too large"),
        (b" " * 100_001 + b"{}", "too large"),
    ):
        out = io.StringIO()
        assert main(["travel", "--docs", DOCS], _Bytes(data), out) == 2
        assert text in json.loads(out.getvalue())["error"]["message"]


def test_a_lone_surrogate_is_printed_escaped() -> None:
    status, result = run(["travel", "--docs", DOCS], '{"\\ud800x": 1}')
    assert status == 2
    assert result["error"]["field"] == "\\ud800x"
