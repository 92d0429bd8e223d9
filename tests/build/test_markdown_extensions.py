"""The handbook hook refuses a config without the Markdown extensions its generated pages need."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from build_hooks.handbook.hooks import REQUIRED_EXTENSIONS, check_markdown_extensions
from tests.build.handbooks import (
    failed_build,
    section_text,
    write_config,
    write_handbook,
)

ALL = ["toc", "attr_list", "admonition", "pymdownx.details", "pymdownx.superfences"]


def test_the_four_extensions_are_required():
    assert list(REQUIRED_EXTENSIONS) == [
        "attr_list",
        "admonition",
        "pymdownx.details",
        "pymdownx.superfences",
    ]


def test_a_config_with_every_extension_passes():
    assert check_markdown_extensions(ALL) is None


def test_a_missing_extension_is_named_with_the_fix():
    with pytest.raises(PluginError) as caught:
        check_markdown_extensions(["toc", "attr_list", "admonition", "pymdownx.details"])
    assert str(caught.value) == (
        "Policy Handbook needs these Markdown extensions: pymdownx.superfences for fenced "
        "blocks inside notes — add them under 'markdown_extensions:' in mkdocs.yml: "
        "'- pymdownx.superfences'"
    )


def test_every_missing_extension_is_named_at_once():
    with pytest.raises(PluginError) as caught:
        check_markdown_extensions(["toc"])
    message = str(caught.value)
    assert message.endswith(
        "in mkdocs.yml: '- attr_list', '- admonition', '- pymdownx.details', "
        "'- pymdownx.superfences'"
    )
    assert "attr_list for heading ids and classes ({: #id .class })" in message


def test_a_build_without_admonition_fails_in_on_config(tmp_path, caplog):
    config = write_handbook(tmp_path, {"a.md": section_text("a", "1.01", "Alpha", "Text.")})
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(" admonition,", ""), encoding="utf-8")
    assert "admonition" not in config.read_text(encoding="utf-8")
    message = failed_build(config, tmp_path / "site", caplog)
    assert "needs these Markdown extensions: admonition for notes (!!! note)" in message
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_test_handbooks_config_passes(tmp_path):
    config = write_config(tmp_path, [])
    assert "pymdownx.superfences" in config.read_text(encoding="utf-8")
