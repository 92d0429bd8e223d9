"""``extra.handbook`` settings: the acknowledgement statement and the messages for bad values."""

from __future__ import annotations

import pytest

from build_hooks.content.settings import SettingsError, read_settings


def _extra(**ack: object) -> dict[str, object]:
    return {
        "handbook": {
            "organization": "Example Council",
            "revision": "2026-01-01",
            "acknowledgement": ack,
        }
    }


def test_statement_names_the_organization() -> None:
    settings = read_settings(_extra())
    assert "Example Council" in settings.acknowledgement.statement


def test_custom_statement_may_contain_other_braces() -> None:
    statement = "I have read the {organization} handbook {2026 edition} and {name}."
    settings = read_settings(_extra(statement=statement))
    assert settings.acknowledgement.statement == (
        "I have read the Example Council handbook {2026 edition} and {name}."
    )


@pytest.mark.parametrize(
    ("extra", "names"),
    [
        ({}, "extra.handbook is missing"),
        ({"handbook": {"revision": "2026-01-01"}}, "extra.handbook.organization"),
        ({"handbook": {"organization": "X", "revision": "2026-13-01"}}, "extra.handbook.revision"),
        (
            {
                "handbook": {
                    "organization": "X",
                    "revision": "2026-01-01",
                    "previous_revision": "2026-01-01",
                }
            },
            "previous_revision",
        ),
        (_extra(endpoint="ftp://x"), "acknowledgement.endpoint"),
        (_extra(hr_email="nobody"), "acknowledgement.hr_email"),
    ],
)
def test_bad_settings_name_the_setting(extra: dict[str, object], names: str) -> None:
    with pytest.raises(SettingsError, match=names.replace(".", r"\.")):
        read_settings(extra)


def test_a_statement_longer_than_a_receipt_holds_is_refused() -> None:
    with pytest.raises(SettingsError) as caught:
        read_settings(_extra(statement="x" * 5999))
    assert str(caught.value) == (
        "mkdocs.yml: extra.handbook.acknowledgement.statement: 5999 characters (with the "
        "organization's name filled in) — a receipt holds at most 5000 "
        "(schema/receipt.schema.json); shorten the statement"
    )


def test_the_limit_counts_the_organization_filled_in() -> None:
    # 5,002 characters as written, 5,003 once "{organization}" becomes "Example Council"
    statement = "{organization}" + "x" * 4988
    assert len(statement.replace("{organization}", "Example Council")) == 5003
    with pytest.raises(SettingsError, match="5003 characters"):
        read_settings(_extra(statement=statement))
    exactly = "x" * 5000
    assert read_settings(_extra(statement=exactly)).acknowledgement.statement == exactly
