"""The browser calculators in the built site: forms where front-matter names a calculator and on
``/calculators/``, nothing of Pyodide elsewhere, no inline script, the bundle's manifest files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.build.handbooks import build_site, html_of, section_text, write_handbook
from tests.conftest import REPO

pytest.importorskip("calculators")

LEAVE_PAGE = "06-leave/06-03-annual-leave-accrual/index.html"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("calc") / "site")


def article(html: str) -> str:
    """The page's own content (Material's navigation lists every page; leave it out)."""
    start = html.index('<article class="md-content__inner')
    return html[start : html.index("</article>", start)]


def test_the_form_is_on_the_leave_section_page_before_the_footer(sample_site):
    html = html_of(sample_site, LEAVE_PAGE)
    body = article(html)
    assert body.count('<form class="ph-calc"') == 1
    assert 'data-calculator="leave"' in body
    assert 'id="calc-leave-hire_date"' in body
    assert 'role="status" aria-live="polite"' in body
    if 'id="referenced-by"' in body:
        assert body.index('class="ph-calc"') < body.index('id="referenced-by"')


def test_the_calculators_page_hosts_every_calculator(sample_site):
    import calculators

    html = html_of(sample_site, "calculators/index.html")
    body = article(html)
    for name in calculators.calculator_names():
        assert f'<form class="ph-calc" id="calc-{name}" data-calculator="{name}"' in body
    # the leave calculator links to the section that names it
    assert 'href="../06-leave/06-03-annual-leave-accrual/"' in body
    assert 'href="calculators/"' in html_of(sample_site, "index.html")


def test_pages_without_a_calculator_have_no_form_and_no_pyodide(sample_site):
    for page in sample_site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "pyodide" not in text.lower(), page  # only the worker ever names the runtime
    plain = html_of(sample_site, "06-leave/index.html")
    assert "ph-calc" not in article(plain)
    assert "calculator-worker" not in plain


def test_no_inline_script_in_forms_and_assets_are_copied(sample_site):
    for uri in (LEAVE_PAGE, "calculators/index.html"):
        body = article(html_of(sample_site, uri))
        assert "<script" not in body
        assert " on" + "input=" not in body and " onclick=" not in body
    html = html_of(sample_site, LEAVE_PAGE)
    assert "assets/calculator-ui/calculator-main.js" in html
    assert "assets/calculator-ui/calculators.css" in html
    ui = sample_site / "assets" / "calculator-ui"
    for name in (
        "calculator-main.js",
        "calculator-boot.js",
        "calculator-worker.js",
        "calculators.css",
    ):
        assert (ui / name).is_file(), name
    assert (sample_site / "service-worker.js").is_file()
    sections = json.loads((ui / "sections.json").read_text("utf-8"))
    assert sections["annual-leave-accrual"]["url"] == "06-leave/06-03-annual-leave-accrual/"


def test_the_bundle_manifest_lists_files_that_exist(sample_site):
    pytest.importorskip("build_hooks.calculator_site.bundle")
    bundle = sample_site / "assets" / "calculators"
    manifest = json.loads((bundle / "manifest.json").read_text("utf-8"))
    assert manifest["wheel"] in manifest["files"]
    assert manifest["policy"] in manifest["files"]
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["version"])
    for relpath in manifest["files"]:
        assert (bundle / relpath).is_file(), relpath
    for runtime in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (bundle / manifest["index_url"] / runtime).is_file(), runtime


def test_an_unknown_calculator_name_fails_the_build(tmp_path, caplog):
    from mkdocs.exceptions import Abort, PluginError

    config = write_handbook(
        tmp_path,
        {
            "index.md": "# Home\n",
            "01-general/index.md": section_text("general", "1.00", "General", "Chapter."),
            "01-general/01-01-a.md": section_text("a", "1.01", "A", "Text.").replace(
                "---\nText.", "calculator: nonesuch\n---\nText."
            ),
        },
    )
    assert "calculator: nonesuch" in (tmp_path / "docs/01-general/01-01-a.md").read_text()
    with pytest.raises((Abort, PluginError)):
        build_site(config, tmp_path / "site")
    assert "nonesuch" in caplog.text
