"""The handbook hook refuses a ``site_name`` or ``site_description`` that would be markup: the
Material theme writes both into every page without escaping them."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from build_hooks.handbook.hooks import check_site_texts
from tests.build.handbooks import build_site, failed_build, html_of, section_text, write_handbook

HOSTILE_NAME = 'Agency<b>x</b>"><script>alert(1)</script>'
HOSTILE_DESCRIPTION = 'Policies" data-injected="1'


def _with_site_name(config, name: str) -> None:
    """Give the test handbook's ``mkdocs.yml`` this site name."""
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("site_name: Test Handbook\n", f"site_name: '{name}'\n"), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("Twin Rivers Council of Governments — Employee Handbook", None),
        ("St. Mary's Parks & Recreation", "Policies of the “Parks” department (R&D, 2026)."),
        ("Test", ""),
    ],
)
def test_plain_names_and_descriptions_pass(name, description):
    assert check_site_texts(name, description) is None


@pytest.mark.parametrize("char", ["<", ">", '"'])
def test_each_markup_character_is_refused(char):
    with pytest.raises(PluginError, match=f"mkdocs.yml: site_name: contains {char} "):
        check_site_texts(f"Agency {char} Handbook", None)


def test_both_fields_are_named_at_once_with_the_fix():
    with pytest.raises(PluginError) as caught:
        check_site_texts(HOSTILE_NAME, HOSTILE_DESCRIPTION)
    assert str(caught.value).splitlines() == [
        'mkdocs.yml: site_name: contains < > " — the theme writes the site_name into every page '
        "as HTML, unescaped, so these would be markup there; write it as plain text without "
        '< > or " (use “ ” for quotation marks)',
        'mkdocs.yml: site_description: contains " — the theme writes the site_description into '
        "every page as HTML, unescaped, so these would be markup there; write it as plain text "
        'without < > or " (use “ ” for quotation marks)',
    ]


def test_a_build_with_markup_in_the_site_name_fails_in_on_config(tmp_path, caplog):
    config = write_handbook(tmp_path, {"a.md": section_text("a", "1.01", "Alpha", "Text.")})
    _with_site_name(config, HOSTILE_NAME)
    message = failed_build(config, tmp_path / "site", caplog)
    assert 'mkdocs.yml: site_name: contains < > "' in message
    assert not (tmp_path / "site" / "index.html").exists()


def test_material_itself_writes_the_site_texts_unescaped(tmp_path):
    """Why the check exists: without the handbook's hooks the theme puts the site name in as
    markup and lets the description's quote end its attribute. Should a Material upgrade escape
    them, this fails, and the check can be relaxed."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: '{HOSTILE_NAME}'\nsite_description: '{HOSTILE_DESCRIPTION}'\n"
        "theme:\n  name: material\n  font: false\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    page = html_of(build_site(config, tmp_path / "site"), "index.html")
    assert "<script>alert(1)</script>" in page
    assert '<meta name="description" content="Policies" data-injected="1">' in page
