"""The calculators in a real browser: forms by keyboard, the headline first, the leave chart,
the travel claim printed to PDF, the share link, field errors, parity with CPython, instant
navigation, offline after one visit, a browser without WebAssembly, accessibility (light and
dark, phone width), and no Pyodide on pages without a calculator."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import WCAG_22_AA, axe_violations
from tests.case_data import all_cases, cpython_answer

LEAVE_PAGE = "06-leave/06-03-annual-leave-accrual/"
TRAVEL_PAGE = "17-travel/17-06-travel-expense-provisions/"
RELATIVES_PAGE = "04-employment-practices/04-10-employment-of-relatives/"
PLAIN_PAGE = "10-health-and-safety/10-05-on-the-job-injuries/"
BOOT_MS = 60_000  # a cold Pyodide boot takes ~2 s here; generous for a loaded CI machine


def _ready(page: Any) -> None:
    page.wait_for_function("() => window.handbook && window.handbook.ready", timeout=BOOT_MS)
    page.evaluate("() => window.handbook.ready")


def _form(page: Any, name: str) -> Any:
    return page.locator(f"form.ph-calc[data-calculator='{name}']").first


def _result(page: Any, name: str) -> Any:
    return _form(page, name).locator(".ph-calc-result")


def _wait_result(page: Any, name: str, text: str) -> None:
    page.wait_for_function(
        "([name, text]) => { const r = document.querySelector("
        "`form.ph-calc[data-calculator='${name}'] .ph-calc-result`);"
        " return r && r.textContent.includes(text); }",
        arg=[name, text],
        timeout=BOOT_MS,
    )


def _fill_leave(form: Any, hire: str, as_of: str) -> None:
    """Hire date, 'as of' date and a regular full-time job."""
    form.get_by_label("Hire date").fill(hire)
    form.get_by_label("As of").fill(as_of)
    form.get_by_label("Employment type").select_option("regular_full_time")


def _type(page: Any, locator: Any, text: str) -> None:
    """Focus a control and type into it key by key."""
    locator.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_leave_form_by_keyboard_shows_result_and_citations(page: Any, site_url: str) -> None:
    page.goto(site_url + LEAVE_PAGE)
    form = _form(page, "leave")
    assert form.count() == 1
    form.get_by_label("Hire date").fill("2020-03-03")
    form.get_by_label("As of").fill("2025-03-03")
    employment = form.get_by_label("Employment type")
    employment.focus()
    employment.select_option("regular_full_time")
    page.keyboard.press("Tab")
    _wait_result(page, "leave", "3.85")
    result = _result(page, "leave")
    assert result.get_attribute("aria-live") == "polite" or result.get_attribute("role") == "status"
    text = result.inner_text()
    assert "6" in text and "100.00" in text  # service year 6: 100 h a year
    cited = result.locator("a[href*='06-03-annual-leave-accrual']")
    assert cited.count() >= 1
    assert page.console_errors == []


def test_travel_form_totals_the_trip(page: Any, site_url: str) -> None:
    page.goto(site_url + TRAVEL_PAGE)
    form = _form(page, "travel")
    form.get_by_label("Kind of trip").select_option("overnight")
    form.get_by_label("First day").fill("2026-02-10")
    form.get_by_label("Last day").fill("2026-02-11")
    form.get_by_label("How you travelled").select_option("personal")
    _type(page, form.get_by_label("Miles driven on business"), "120")
    form.locator("[data-action='add']").first.wait_for()
    add_night = form.locator("fieldset", has_text="Nightly room rates").locator(
        "[data-action='add']"
    )
    add_night.click()
    _type(
        page, form.locator("fieldset", has_text="Nightly room rates").locator("input").first, "104"
    )
    _wait_result(page, "travel", "293.00")
    assert _result(page, "travel").locator("a[href*='17-06-travel-expense-provisions']").count()


def test_nepotism_form_names_the_degree(page: Any, site_url: str) -> None:
    page.goto(site_url + RELATIVES_PAGE)
    form = _form(page, "nepotism")
    form.get_by_label("Relation", exact=True).select_option("sister-in-law")
    form.get_by_label("You are").select_option("supervisor")
    form.get_by_label("Question").select_option("hire")
    _wait_result(page, "nepotism", "second degree")
    text = _result(page, "nepotism").inner_text().lower()
    assert "affinity" in text or "marriage" in text


def test_bad_input_shows_the_error_next_to_the_field(page: Any, site_url: str) -> None:
    page.goto(site_url + TRAVEL_PAGE)
    form = _form(page, "travel")
    form.get_by_label("Kind of trip").select_option("overnight")
    form.get_by_label("First day").fill("2026-06-05")
    form.get_by_label("Last day").fill("2026-06-01")
    form.get_by_label("How you travelled").select_option("none")
    end = form.get_by_label("Last day")
    page.wait_for_function(
        "el => el.getAttribute('aria-invalid') === 'true'",
        arg=end.element_handle(),
        timeout=BOOT_MS,
    )
    described = (end.get_attribute("aria-describedby") or "").split()
    messages = [page.locator(f"#{ident}").inner_text() for ident in described]
    assert any("before" in message for message in messages), messages


def test_browser_results_equal_cpython_for_every_case(page: Any, site_url: str) -> None:
    jobs = [
        {"name": case.calculator, "label": case.id, "inputs": case.inputs}
        for case in all_cases("docs")
    ]
    expected = [cpython_answer(case) for case in all_cases("docs")]
    page.goto(site_url + LEAVE_PAGE)
    _ready(page)
    got = page.evaluate(
        "async jobs => { const out = []; for (const j of jobs) {"
        " out.push(await window.handbook.calculate(j.name, j.inputs)); } return out; }",
        jobs,
    )
    mismatched = [j["label"] for j, g, want in zip(jobs, got, expected, strict=True) if g != want]
    assert len(jobs) > 100
    assert mismatched == []


def test_pages_without_a_calculator_load_no_pyodide(page: Any, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + PLAIN_PAGE)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "pyodide" in url or url.endswith(".whl")]
    assert page.evaluate("() => (window.handbook && window.handbook.workers) || 0") == 0


def test_instant_navigation_keeps_one_worker(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator("article a[href*='06-03-annual-leave-accrual']").first.click()
    page.wait_for_url(lambda url: url.split("#")[0].endswith(LEAVE_PAGE))  # tracking sets #…
    form = _form(page, "leave")
    form.wait_for()
    _fill_leave(form, "2020-03-03", "2025-03-03")
    _wait_result(page, "leave", "3.85")
    page.locator("a.md-logo").first.click()  # instant navigation home, then back
    page.wait_for_url(site_url)
    page.go_back()
    page.wait_for_url(lambda url: url.split("#")[0].endswith(LEAVE_PAGE))  # tracking sets #…
    _form(page, "leave").wait_for()
    _ready(page)
    assert page.evaluate("() => window.handbook.workers") == 1
    answer = page.evaluate("() => window.handbook.calculate('nepotism', {relation: 'niece'})")
    assert answer["degree"] == 3


def test_calculator_page_works_offline_after_one_visit(context: Any, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + TRAVEL_PAGE)
    _ready(page)
    page.wait_for_function("() => window.handbook.offlineReady", timeout=BOOT_MS)
    page.evaluate("() => window.handbook.offlineReady")
    context.set_offline(True)
    try:
        page.reload()
        _ready(page)
        result = page.evaluate(
            "() => window.handbook.calculate('travel', {trip_type: 'day',"
            " start_date: '2026-02-10', vehicle: 'personal', miles: 120})"
        )
        assert result["total"] == "87.00"
    finally:
        context.set_offline(False)


def test_without_webassembly_the_page_points_to_its_tables(context: Any, site_url: str) -> None:
    context.add_init_script("delete window.WebAssembly;")
    page = context.new_page()
    page.goto(site_url + LEAVE_PAGE)
    message = page.locator(".ph-calc-nowasm").first
    message.wait_for(state="visible")
    assert "tables" in message.inner_text()
    assert page.evaluate("() => window.handbook.workers || 0") == 0
    refused = page.evaluate("() => window.handbook.ready.then(() => 'resolved', e => e.message)")
    assert refused == (
        "This browser cannot run the calculator (it needs WebAssembly and Web Workers)."
    )


def test_calculator_page_fits_a_phone_and_prints_its_result(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + RELATIVES_PAGE)
    form = _form(page, "nepotism")
    form.get_by_label("Relation", exact=True).select_option("niece")
    _wait_result(page, "nepotism", "third degree")
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('form.ph-calc, form.ph-calc *')]"
        ".filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(el => el.tagName + '.' + el.className)"
    )
    assert overflow == []
    page.emulate_media(media="print")
    assert _result(page, "nepotism").is_visible()
    assert form.get_by_label("Relation", exact=True).is_visible()


def test_ready_rejects_when_the_site_refuses_webassembly(context: Any, site_url: str) -> None:
    """A Content-Security-Policy without 'wasm-unsafe-eval' (on the page and the worker): the
    worker fails at once instead of waiting for Pyodide, ready rejects, the tables are named."""

    def refuse_wasm(route: Any) -> None:
        url = route.request.url.split("?")[0]
        if not url.startswith(site_url) or not (url.endswith("/") or url.endswith(".js")):
            route.fallback()
            return
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "script-src 'self'"}
        route.fulfill(response=response, headers=headers)

    context.route("**/*", refuse_wasm)
    page = context.new_page()
    page.goto(site_url + LEAVE_PAGE)
    # (no wait_for_function: it evaluates a string, which this policy forbids)
    for _ in range(BOOT_MS // 100):
        if page.evaluate("() => !!(window.handbook && window.handbook.ready)"):
            break
        page.wait_for_timeout(100)
    outcome = page.evaluate(
        "() => window.handbook.ready.then(() => 'resolved', e => [e.message, performance.now()])"
    )
    assert outcome != "resolved"
    message, settled = outcome
    assert message.startswith("this site or browser does not allow WebAssembly"), message
    assert settled < 15_000  # ms since the page opened: seconds, not a boot's worth of waiting
    assert page.locator(".ph-calc-nowasm").first.is_visible()
    assert "tables on this page" in page.locator(".ph-calc-nowasm").first.inner_text()
    status = _result(page, "leave").inner_text()
    assert status.startswith("The calculator could not start: this site or browser does not")
    # instant navigation may still be prefetching pages through the handler: stop it quietly,
    # or a late fulfil fails in the next test's set-up ("Fetch response has been disposed")
    context.unroute_all(behavior="ignoreErrors")
    page.close()


CAPPED = {  # annual leave reaches its 80-hour cap on 2025-03-18; sick leave never reaches 480
    "Hire date": "2021-01-04",
    "As of": "2025-02-18",
    "Annual leave balance": "75",
    "Sick leave balance": "0",
    "Project to": "2025-04-01",
}
CAPPED_HEADLINE = (
    "On February 18, 2025 you have 75.00 hours of annual leave and 0.00 hours of sick leave. "
    "You earn 3.08 hours of annual leave and 2.77 hours of sick leave each pay period. "
    "By April 1, 2025 you will have 80.00 hours of annual leave and 8.31 hours of sick leave if "
    "you take none. Annual leave is at its cap of 80.00 hours from March 18, 2025 and stops "
    "growing: unless you take some, you miss 4.24 hours of it by April 1, 2025."
)


def _capped_leave(page: Any) -> Any:
    form = _form(page, "leave")
    _fill_leave(form, CAPPED["Hire date"], CAPPED["As of"])
    for label in ("Annual leave balance", "Sick leave balance", "Project to"):
        form.get_by_label(label).fill(CAPPED[label])
    _wait_result(page, "leave", "April 1, 2025 you will have")
    return _result(page, "leave")


def test_leave_headline_comes_first_then_the_chart(page: Any, site_url: str) -> None:
    page.goto(site_url + LEAVE_PAGE)
    result = _capped_leave(page)
    children = result.evaluate("r => [...r.children].map(c => c.className || c.tagName)")
    assert children[:3] == ["ph-calc-result-title", "ph-calc-headline", "ph-calc-chart-figure"]
    assert result.locator(".ph-calc-headline").inner_text() == CAPPED_HEADLINE
    chart = result.locator("svg.ph-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("title").text_content() == "Leave balances to April 1, 2025"
    assert chart.locator("desc").text_content().startswith("Annual leave goes from 78.08 hours")
    # one point per projected pay period, per balance
    for series in ("annual", "sick"):
        points = chart.locator(f"g[data-series='{series}'] circle.ph-chart-point")
        assert points.count() == 3
    # a cap line for annual leave (80 h); the sick cap (480 h) is far above: named instead
    assert chart.locator("path.ph-chart-cap[data-series='annual']").count() == 1
    assert chart.locator("path.ph-chart-cap[data-series='sick']").count() == 0
    assert "Sick leave cap: 480.00 hours (above this chart)" in result.inner_text()
    # at a cap only where that balance is at its cap
    flags = chart.evaluate(
        "svg => Object.fromEntries(['annual', 'sick'].map(s => [s,"
        " [...svg.querySelectorAll(`g[data-series='${s}'] circle`)]"
        ".map(c => c.dataset.atCap === 'true')]))"
    )
    assert flags == {"annual": [False, True, True], "sick": [False, False, False]}
    # the period table, collapsed, is the chart's text alternative
    table = result.get_by_role("table", name="Each pay period (hours)")
    assert not table.is_visible()
    result.locator(".ph-calc-periods > summary").click()
    assert table.locator("tbody tr").count() == 3
    marked = table.evaluate(
        "t => [...t.querySelectorAll('tbody tr')].map(tr => [...tr.children]"
        ".map((c, i) => c.querySelector('.ph-calc-cap') ? i : -1).filter(i => i >= 0))"
    )
    assert marked == [[], [2], [2]]  # column 2 is the annual balance; sick (4) never marked
    assert page.console_errors == []


def test_travel_claim_prints_with_items_total_and_both_signatures(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install poppler-utils (scripts/ensure-chromium.sh)"
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(site_url + TRAVEL_PAGE)
    form = _form(page, "travel")
    form.get_by_label("Kind of trip").select_option("overnight")
    form.get_by_label("First day").fill("2025-09-29")
    form.get_by_label("Last day").fill("2025-09-30")
    form.get_by_label("How you travelled").select_option("none")
    nights = form.locator("fieldset", has_text="Nightly room rates")
    nights.locator("[data-action='add']").click()
    nights.locator("input").first.fill("150")
    _wait_result(page, "travel", "Claim $212.00")
    result = _result(page, "travel")
    assert result.locator(".ph-calc-headline").inner_text() == (
        "Claim $212.00 for this trip. Not paid: lodging ($40.00). Night of 2025-09-29 is above "
        "the $110.00 cap; a higher rate needs an approved exception."
    )
    unpaid = result.get_by_role("table", name="Not paid, and why")
    assert "$40.00" in unpaid.inner_text()
    result.locator(".ph-calc-claim-box > summary").click()
    result.get_by_label("Your name (printed on the claim only)").fill("Dana Example")
    with page.expect_download() as download:
        result.get_by_role("button", name="Download the claim (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["traveller"] == "Dana Example" and data["total"] == "212.00"
    assert [item["amount"] for item in data["items"]] == ["110.00", "51.00", "51.00"]
    assert data["signatures"] == ["Employee", "Approving supervisor"]
    result.get_by_role("button", name="Print the claim").click()
    assert page.evaluate("() => window.printed") == 1
    assert page.evaluate("() => document.documentElement.dataset.phPrint") == "claim"
    pdf = tmp_path / "claim.pdf"
    page.pdf(path=str(pdf), format="Letter")
    raw = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert raw.count("\f") == 1, "the claim prints on one page"
    text = " ".join(raw.split())
    for expected in (
        "Travel expense claim",
        "Dana Example",
        "September 29, 2025",
        "Lodging",
        "$110.00",
        "Meals and incidentals",
        "$51.00",
        "Total to claim",
        "$212.00",
        "Employee",
        "Approving supervisor",
    ):
        assert expected in text, (expected, text)
    assert text.count("Signature") == 2 and text.count("Date") >= 2
    assert "How this was worked out" not in text and "Your answer" not in text  # the claim alone


def _personal_day_trip(page: Any, miles: int, headline: str) -> Any:
    """Fill the travel form for a day trip in one's own car; wait for ``headline``; the form."""
    form = _form(page, "travel")
    form.get_by_label("Kind of trip").select_option("day")
    form.get_by_label("First day").fill("2026-02-10")
    form.get_by_label("How you travelled").select_option("personal")
    form.get_by_label("Miles driven on business").fill(str(miles))
    _wait_result(page, "travel", headline)
    return form


def test_a_recalculation_keeps_the_open_claim_and_the_name_typed_in_it(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + TRAVEL_PAGE)
    form = _personal_day_trip(page, 120, "Claim $87.00")
    result = _result(page, "travel")
    assert result.locator(".ph-calc-claim").count() == 0  # drawn when first opened
    result.locator(".ph-calc-claim-box > summary").click()
    result.get_by_label("Your name (printed on the claim only)").fill("Dana Example")
    form.get_by_label("Miles driven on business").fill("200")
    _wait_result(page, "travel", "Claim $145.00")
    box = _result(page, "travel").locator(".ph-calc-claim-box")
    assert box.evaluate("(node) => node.open") is True
    assert box.get_by_label("Your name (printed on the claim only)").input_value() == "Dana Example"
    claim = box.locator(".ph-calc-claim")
    assert "$145.00" in claim.inner_text() and "Dana Example" in claim.inner_text()
    assert page.console_errors == []


def test_link_to_these_inputs_round_trips(page: Any, context: Any, site_url: str) -> None:
    page.goto(site_url + LEAVE_PAGE)
    _capped_leave(page)
    _form(page, "leave").get_by_role("button", name="Link to these inputs").click()
    link = _form(page, "leave").locator(".ph-calc-share input").input_value()
    assert link.startswith(site_url + LEAVE_PAGE + "#calc=leave&inputs=")
    other = context.new_page()
    other.add_init_script("localStorage.clear();")  # no local draft: the link alone
    other.goto(link)
    _wait_result(other, "leave", "April 1, 2025 you will have")
    assert other.locator(".ph-calc-headline").first.inner_text() == CAPPED_HEADLINE
    assert _form(other, "leave").get_by_label("Annual leave balance").input_value() == "75"
    other.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [LEAVE_PAGE, TRAVEL_PAGE, RELATIVES_PAGE, "calculators/"])
def test_calculator_pages_with_a_result_have_no_wcag_violations(
    page: Any, site_url: str, path: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    _ready(page)
    if path in (LEAVE_PAGE, "calculators/"):
        result = _capped_leave(page)
        result.locator(".ph-calc-periods > summary").click()
    elif path == TRAVEL_PAGE:
        _personal_day_trip(page, 120, "Claim $87.00")
        _result(page, "travel").locator(".ph-calc-claim-box > summary").click()
    else:
        _form(page, "nepotism").get_by_label("Relation", exact=True).select_option("niece")
        _wait_result(page, "nepotism", "third degree")
    assert axe_violations(page, WCAG_22_AA) == []


def test_leave_chart_fits_a_phone(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + LEAVE_PAGE)
    _capped_leave(page)
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.ph-calc-block, .ph-calc-block *')]"
        ".filter(el => !el.closest('.ph-calc-table-wrap'))"
        ".filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(el => el.tagName + '.' + el.className)"
    )
    assert overflow == []


def test_share_link_and_details_by_keyboard_only(page: Any, site_url: str) -> None:
    page.goto(site_url + LEAVE_PAGE)
    result = _capped_leave(page)
    form = _form(page, "leave")
    form.get_by_role("button", name="Clear").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Link to these inputs"
    page.keyboard.press("Enter")
    share = form.locator(".ph-calc-share input")
    assert page.evaluate("() => document.activeElement.id") == share.get_attribute("id")
    assert share.input_value().startswith(site_url + LEAVE_PAGE + "#calc=leave&inputs=")
    how = result.locator(".ph-calc-how")
    steps = how.locator(".ph-calc-explanation li")
    assert not steps.first.is_visible()
    how.locator("summary").focus()
    page.keyboard.press("Enter")
    assert how.evaluate("d => d.open") is True
    assert steps.count() > 5 and steps.first.is_visible()
    assert how.locator(".ph-calc-citations a").count() >= 1
    page.keyboard.press("Tab")  # the first citation link is next in the tab order
    assert page.evaluate("() => document.activeElement.closest('.ph-calc-citations') !== null")
