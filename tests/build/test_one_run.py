"""Every problem comes in one run: a bad front-matter value in one file does not hide a broken
cross-reference, an unknown policy table or unsafe text found in the same run (issue 14) — each
hidden kind used to cost HR one CI round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_hooks.commands.check import main as check_main
from calculators.tables import TABLES
from tests.build.handbooks import section_text

BAD_DATE = (
    '---\nid: leave\nnumber: "2.01"\ntitle: Leave\neffective: 2020-13-01\n---\n'
    "See [[no-such-section]].\n"
)
TABLE = "Text.\n\n```policy-table\nno-such-table\n```\n"


def test_front_matter_problems_do_not_hide_reference_table_and_text_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    files = {
        "index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "01-general/index.md": section_text("general", "1.00", "General", "See [[leave]]."),
        "01-general/01-01-purpose.md": section_text("purpose", "1.01", "Purpose", TABLE),
        "02-leave/02-01-leave.md": BAD_DATE,
        "02-leave/02-02-sick.md": section_text(
            "sick", "2.02", "Sick", "[Form](javascript:alert(1)) and [[purpose#nowhere]]."
        ),
    }
    for relative, text in files.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    assert check_main([str(docs)]) == 1
    report = capsys.readouterr().out.splitlines()
    shown = [line[line.find("docs/") :] if "docs/" in line else line for line in report]
    assert shown == [
        "docs/01-general/01-01-purpose.md:15: policy-table 'no-such-table': no policy table "
        f"named 'no-such-table'; the tables are {', '.join(sorted(TABLES))}",
        "docs/02-leave/02-01-leave.md:5: effective: '2020-13-01' is not a real date — write it "
        "as YYYY-MM-DD, e.g. 2025-01-31",
        "docs/02-leave/02-01-leave.md:7: unknown section 'no-such-section' — check the id in "
        "that section's front-matter",
        "docs/02-leave/02-02-sick.md:13: link target 'javascript:alert(1)' uses 'javascript:', "
        "which can run code or hide content — link to a web page (https://…), an e-mail "
        "address (mailto:…) or a section ([[id]])",
        "docs/02-leave/02-02-sick.md:13: unknown anchor '#nowhere' in section 'purpose' — that "
        "section has no headings to link to",
        "5 problems in 3 files. Fix them and build again (or run `make check-content`).",
    ]
