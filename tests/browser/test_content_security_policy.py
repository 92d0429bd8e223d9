"""The site under its own Content-Security-Policy, in Chromium: every page type loads with zero
violations, and search, the palette toggle, a calculator and the acknowledgement still work.

The policy is the ``<meta http-equiv>`` the build puts first in every page; Chromium reports
each blocked script, style or request as a ``securitypolicyviolation`` event, collected from the
first script the page runs (an init script) until the test ends.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_acknowledgement import sign_by_keyboard
from tests.browser.test_calculators import BOOT_MS, LEAVE_PAGE, _fill_leave, _form, _wait_result

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} (${(e.sample || "").slice(0, 60)})`);
});
"""

PAGE_TYPES = {
    "home": "",
    "chapter": "06-leave/",
    "section": "13-separations/",
    "calculator section": LEAVE_PAGE,
    "calculators": "calculators/",
    "acknowledgement": "acknowledgement/",
    "revisions": "revisions/",
    "print": "print/",
    "not found": "no-such-page/",
}


@pytest.fixture
def csp_page(page: Any) -> Any:
    """A page that records every CSP violation from its first script on."""
    page.add_init_script(COLLECT)
    return page


def violations(page: Any) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_every_page_carries_the_policy_first_in_head(built_site: Any) -> None:
    pages = sorted(built_site.rglob("*.html"))
    missing = [
        str(p.relative_to(built_site))
        for p in pages
        if '<meta http-equiv="Content-Security-Policy"'
        not in p.read_text(encoding="utf-8").split("<script", 1)[0]
    ]
    assert missing == []
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-" in headers
    assert "frame-ancestors 'self'" in headers


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_page_type_loads_without_violations(csp_page: Any, site_url: str, path: str) -> None:
    csp_page.goto(site_url + path)
    csp_page.wait_for_load_state("networkidle")
    if path == LEAVE_PAGE:
        csp_page.wait_for_function("() => window.handbook && window.handbook.ready", timeout=BOOT_MS)
        csp_page.evaluate("() => window.handbook.ready")
    assert violations(csp_page) == []
    assert [e for e in csp_page.console_errors if "Content Security Policy" in e] == []


def test_search_palette_and_instant_navigation_work_under_the_policy(
    csp_page: Any, site_url: str
) -> None:
    csp_page.goto(site_url)
    csp_page.wait_for_load_state("networkidle")  # the search index is loaded by then
    scheme = csp_page.evaluate("document.body.dataset.mdColorScheme")
    search = csp_page.locator("input.md-search__input")
    search.click()
    csp_page.keyboard.type("annual leave")
    results = csp_page.locator(".md-search-result__item")
    results.first.wait_for(timeout=30_000)
    assert results.count() > 0
    csp_page.keyboard.press("Escape")
    csp_page.locator("form[data-md-component='palette'] label:visible").first.click()
    csp_page.wait_for_function(
        "(before) => document.body.dataset.mdColorScheme !== before", arg=scheme
    )
    # instant navigation to a page two folders deep, whose inline scripts differ from the home's
    # (instant navigation makes every link absolute, hence $=)
    csp_page.locator(f".md-content a[href$='{LEAVE_PAGE}']").first.click()
    csp_page.wait_for_url("**/" + LEAVE_PAGE)
    csp_page.wait_for_function("() => window.handbook && window.handbook.ready", timeout=BOOT_MS)
    csp_page.evaluate("() => window.handbook.ready")
    assert violations(csp_page) == []


def test_calculator_and_acknowledgement_work_under_the_policy(
    csp_page: Any, site_url: str, ack_endpoint: Any
) -> None:
    csp_page.goto(site_url + LEAVE_PAGE)
    _fill_leave(_form(csp_page, "leave"), "2020-03-03", "2025-03-03")
    _wait_result(csp_page, "leave", "100.00")
    csp_page.goto(site_url + "acknowledgement/")
    sign_by_keyboard(csp_page, ["Ada Lovelace", "E-1001", "Finance", "Ada Lovelace"])
    csp_page.wait_for_function("() => document.querySelector('#ph-ack-status')")
    assert violations(csp_page) == []
