"""The navigation template the hook patches (build_hooks/handbook/theme_patch.py): it applies to
the installed Material, and pages built with it are the pages Material's own template makes."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from build_hooks.handbook import theme_patch
from tests.build.handbooks import ALL_HOOKS, build_site, section_text

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def test_the_installed_material_has_the_lookup_the_patch_replaces(tmp_path: Path) -> None:
    """A Material update that changes the template fails here: look at the new template, and
    update INDEX_LOOKUP or drop the patch (the build then logs and uses Material's own)."""
    original = (MATERIAL_TEMPLATES / theme_patch.TEMPLATE).read_text(encoding="utf-8")
    assert original.count(theme_patch.INDEX_LOOKUP) == 1
    assert original.count(theme_patch.PRUNED_ITEM) == 1
    folder = theme_patch.patched_templates(MATERIAL_TEMPLATES, tmp_path)
    assert folder is not None
    patched = (folder / theme_patch.TEMPLATE).read_text(encoding="utf-8")
    assert patched == original.replace(
        theme_patch.INDEX_LOOKUP, theme_patch.LINEAR_INDEX_LOOKUP
    ).replace(theme_patch.PRUNED_ITEM, theme_patch.MEMO_PRUNED_ITEM)
    assert theme_patch.patched_templates(MATERIAL_TEMPLATES, tmp_path) == folder  # reused


def test_another_template_is_left_alone(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "partials").mkdir(parents=True)
    (theme / theme_patch.TEMPLATE).write_text("{% macro render() %}{% endmacro %}", "utf-8")
    assert theme_patch.patched_templates(theme, tmp_path / "cache") is None
    assert theme_patch.patched_templates(tmp_path / "missing", tmp_path / "cache") is None


def _handbook(root: Path) -> Path:
    docs = root / "docs"
    files = {"index.md": "---\ntitle: Home\n---\nWelcome.\n"}
    for chapter in (1, 2, 3):
        folder = f"0{chapter}-chapter"
        files[f"{folder}/index.md"] = section_text(
            f"chapter-{chapter}", f"{chapter}.00", f"Chapter {chapter}", "Intro."
        )
        for number in (1, 2, 3):
            files[f"{folder}/0{chapter}-0{number}-s.md"] = section_text(
                f"s-{chapter}-{number}", f"{chapter}.0{number}", f"Rule {chapter}.{number}", "Text."
            )
    for relative, text in files.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    hooks = "".join(f"\n  - {hook}" for hook in ALL_HOOKS)
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Test Handbook\nsite_url: http://127.0.0.1:8000/\n"
        "theme:\n  name: material\n  font: false\n"
        "  features: [navigation.indexes, navigation.prune]\n"
        f"hooks:{hooks}\n"
        "markdown_extensions: [attr_list, admonition, pymdownx.details, pymdownx.superfences, toc]\n"
        "extra:\n  handbook:\n    organization: Test Agency\n    revision: 2026-01-01\n",
        encoding="utf-8",
    )
    return config


def _pages(site: Path) -> dict[str, list[str]]:
    """Every page's lines, blank ones left out (the patched lookup prints fewer of them)."""
    return {
        page.relative_to(site).as_posix(): [
            line for line in page.read_text("utf-8").splitlines() if line.strip()
        ]
        for page in site.rglob("*.html")
    }


@pytest.mark.slow
def test_pages_with_the_patched_navigation_are_materials_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _handbook(tmp_path)
    patched = _pages(build_site(config, tmp_path / "patched"))
    assert any((tmp_path / ".cache" / "theme-patch").rglob("nav-item.html"))
    monkeypatch.setattr(theme_patch, "patched_templates", lambda *args: None)
    original = _pages(build_site(config, tmp_path / "original"))
    assert patched == original
    page = "02-chapter/02-01-s/index.html"
    raw = [(tmp_path / kind / page).read_text("utf-8") for kind in ("patched", "original")]
    assert raw[0] != raw[1] and len(raw[0]) < len(raw[1])  # two templates: fewer blank lines
    chapter_page = patched[page]
    assert any('class="md-nav__item md-nav__item--pruned' in line for line in chapter_page)
