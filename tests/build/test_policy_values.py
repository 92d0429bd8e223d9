"""A ``policy:`` value the calculators cannot read fails ``check-content`` and the build, at the
value's own line with the fix (issue 14) — not later, in every calculation, as "must be MM-DD",
and not at the policy table's line with the hint "add the parameter"."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_hooks.commands.check import main as check_main

HEAD = '---\nid: {id}\nnumber: "{number}"\ntitle: {title}\neffective: 2020-01-01\n'


def run_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], policy: str, body: str
) -> list[str]:
    docs = tmp_path / "docs"
    (docs / "01-pay").mkdir(parents=True)
    (docs / "index.md").write_text("---\ntitle: Home\n---\nHome.\n", encoding="utf-8")
    (docs / "01-pay" / "index.md").write_text(
        HEAD.format(id="pay", number="1.00", title="Pay") + "---\nPay.\n", encoding="utf-8"
    )
    (docs / "01-pay" / "01-01-leave.md").write_text(
        HEAD.format(id="leave", number="1.01", title="Leave")
        + "policy:\n"
        + policy
        + "---\n"
        + body,
        encoding="utf-8",
    )
    code = check_main([str(docs)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    return [line[line.find("docs/") :] for line in out[:-1]]


def test_a_month_day_in_the_wrong_format_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = '  longevity:\n    measured_on: "12/31"\n    minimum_months: 12\n'
    assert run_check(tmp_path, capsys, policy, "Text.\n") == [
        "docs/01-pay/01-01-leave.md:8: policy.longevity.measured_on: '12/31' is not a month and "
        "day written MM-DD — write it that way, e.g. 12-31"
    ]


def test_a_wrong_typed_tier_value_is_reported_at_the_value_not_at_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = (
        "  leave:\n    annual:\n      tiers:\n"
        "        - {from_year: 0, hours_per_pay_period: 3.08}\n"
        "        - from_year: 5\n          hours_per_pay_period: three\n"
    )
    body = "Text.\n\n```policy-table\nannual-accrual\n```\n"
    assert run_check(tmp_path, capsys, policy, body) == [
        "docs/01-pay/01-01-leave.md:12: policy.leave.annual.tiers[1].hours_per_pay_period: "
        "expected a number, got the text 'three' — write a number (without quotes), e.g. 8"
    ]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            "  travel:\n    mileage_rate:\n      2025-01-01: 0.70\n      2026-01-01: -0.725\n",
            "docs/01-pay/01-01-leave.md:10: policy.travel.mileage_rate.2026-01-01: -0.725 is too "
            "small — the least allowed is 0",
        ),
        (
            "  travel:\n    home_start_distance: home\n",
            "docs/01-pay/01-01-leave.md:8: policy.travel.home_start_distance: 'home' is not a "
            "value the calculators know — use one of: lesser_of_home_and_office, office",
        ),
        (
            "  separation:\n    annual:\n      paid: yes\n",
            "docs/01-pay/01-01-leave.md:9: policy.separation.annual.paid: expected true or false, "
            "got the text 'yes' — write true or false (without quotes)",
        ),
        (
            "  relatives:\n    continuation:\n      appointed: {weeks: 4}\n",
            "docs/01-pay/01-01-leave.md:9: policy.relatives.continuation.appointed: is not one "
            "of days, months or years with a whole number, e.g. {days: 30}",
        ),
    ],
    ids=["dated-value-bound", "choice", "boolean", "window"],
)
def test_each_kind_of_wrong_value_names_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], policy: str, expected: str
) -> None:
    assert run_check(tmp_path, capsys, policy, "Text.\n") == [expected]
