"""The calculators in a real browser: forms by keyboard, results and citations, field errors,
parity with CPython, instant navigation, offline after one visit, accessibility, and no Pyodide
on pages without a calculator."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.axe import axe_violations
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
    page.wait_for_url("**/" + LEAVE_PAGE + "*")  # the home page links its #example
    form = _form(page, "leave")
    form.wait_for()
    _fill_leave(form, "2020-03-03", "2025-03-03")
    _wait_result(page, "leave", "3.85")
    page.locator("a.md-logo").first.click()  # instant navigation home, then back
    page.wait_for_url(site_url)
    page.go_back()
    page.wait_for_url("**/" + LEAVE_PAGE + "*")  # the home page links its #example
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


@pytest.mark.parametrize("path", [LEAVE_PAGE, TRAVEL_PAGE, RELATIVES_PAGE, "calculators/"])
def test_calculator_pages_have_no_wcag_violations(page: Any, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    _ready(page)
    assert axe_violations(page) == []


def test_without_webassembly_the_page_points_to_its_tables(context: Any, site_url: str) -> None:
    context.add_init_script("delete window.WebAssembly;")
    page = context.new_page()
    page.goto(site_url + LEAVE_PAGE)
    message = page.locator(".ph-calc-nowasm").first
    message.wait_for(state="visible")
    assert "tables" in message.inner_text()
    assert page.evaluate("() => window.handbook.workers || 0") == 0


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


def test_leave_projection_table_marks_the_cap(page: Any, site_url: str) -> None:
    page.goto(site_url + LEAVE_PAGE)
    form = _form(page, "leave")
    _fill_leave(form, "2021-01-04", "2025-02-18")
    _type(page, form.get_by_label("Annual leave balance"), "75")
    _type(page, form.get_by_label("Sick leave balance"), "0")
    form.get_by_label("Project to").fill("2025-04-01")
    _wait_result(page, "leave", "2025-04-01")
    table = _result(page, "leave").get_by_role("table", name="Projection: Periods")
    table.wait_for()
    assert table.locator("tbody tr").count() == 3
    assert table.locator(".ph-calc-cap").count() >= 2
