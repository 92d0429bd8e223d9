"""WCAG 2.2 AA across the whole built site, in a real browser: axe on every page in the light
and the dark scheme (and on the calculators with a result showing), the focused control never
hidden under Material's sticky header (2.4.11), and no horizontal scrolling on a 360 px phone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.axe import axe_script, axe_violations
from tests.browser.conftest import LOCAL_HOSTS

# Material's palette: the scheme each colour-scheme preference selects (mkdocs.yml, palette).
SCHEMES = {"light": "default", "dark": "slate"}
LEAVE_PAGE = "06-leave/06-03-annual-leave-accrual/"
TRAVEL_PAGE = "17-travel/17-06-travel-expense-provisions/"
RELATIVES_PAGE = "04-employment-practices/04-10-employment-of-relatives/"
BOOT_MS = 60_000  # a cold Pyodide boot takes ~2 s here; generous for a loaded CI machine
PHONE = {"width": 360, "height": 640}


def built_pages(site: Path) -> list[str]:
    """The URL path of every page of the built site: each ``index.html``, then ``404.html``."""
    pages = sorted(
        "" if index.parent == site else index.parent.relative_to(site).as_posix() + "/"
        for index in site.rglob("index.html")
    )
    if (site / "404.html").is_file():
        pages.append("404.html")
    return pages


def describe(path: str, violations: list[dict[str, Any]]) -> list[str]:
    """One line per violation and element: ``/path: rule (impact) — help — target``."""
    return [
        f"/{path}: {v['id']} ({v['impact']}) — {v['help']} — {' '.join(map(str, target))}"
        for v in violations
        for target in v["targets"]
    ]


def open_in_scheme(page: Any, url: str, scheme: str) -> None:
    """Go to ``url`` and check that Material really shows the ``scheme`` palette."""
    page.goto(url)
    shown = page.evaluate("() => document.body.dataset.mdColorScheme")
    assert shown == SCHEMES[scheme], f"{url}: palette {shown!r}, expected {SCHEMES[scheme]!r}"


@pytest.fixture
def cached_context(browser: Any) -> Iterator[Any]:
    """A browser profile that keeps its HTTP cache, for visiting many pages: the ``context``
    fixture routes every request, and Playwright turns the cache off for routed requests (each
    page would fetch Material's scripts and styles again). Requests leaving localhost are
    recorded here instead of aborted, and fail the test. Service workers are off: their
    background download of the Pyodide runtime on calculator pages only slows the run (the
    calculator checks below keep them)."""
    ctx = browser.new_context(service_workers="block")
    outside: list[str] = []

    def record(request: Any) -> None:
        url = request.url
        if not url.startswith(("data:", "blob:")) and urlsplit(url).hostname not in LOCAL_HOSTS:
            outside.append(url)

    ctx.on("request", record)
    yield ctx
    ctx.close()
    assert outside == [], f"requests left localhost: {outside}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_meets_wcag_22_aa(
    cached_context: Any, built_site: Path, site_url: str, scheme: str
) -> None:
    """One context per scheme, one page visiting every built page in turn; axe comes from an
    init script, evaluated as each page starts (never injected twice, and not subject to the
    site's Content-Security-Policy)."""
    context = cached_context
    pages = built_pages(built_site)
    assert {"", "acknowledgement/", "calculators/", "print/", "revisions/", LEAVE_PAGE} <= set(
        pages
    )
    assert len(pages) > 150
    context.add_init_script(axe_script())
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    started = time.monotonic()
    found: list[str] = []
    for path in pages:
        open_in_scheme(page, site_url + path, scheme)
        found += describe(path, axe_violations(page))
    elapsed = time.monotonic() - started
    print(f"axe WCAG 2.2 AA, {scheme}: {len(pages)} pages in {elapsed:.1f} s")
    assert found == [], f"{len(found)} violations ({scheme} scheme):\n" + "\n".join(found)


def _form(page: Any, name: str) -> Any:
    return page.locator(f"form.ph-calc[data-calculator='{name}']").first


def _wait_result(page: Any, name: str, text: str) -> None:
    page.wait_for_function(
        "([name, text]) => [...document.querySelectorAll("
        "`form.ph-calc[data-calculator='${name}'] .ph-calc-result`)]"
        ".some(r => r.textContent.includes(text))",
        arg=[name, text],
        timeout=BOOT_MS,
    )


def show_leave_result(page: Any) -> None:
    """A full-time employee hired 2020-03-03, as of 2025-03-03: 3.85 hours a pay period."""
    form = _form(page, "leave")
    form.get_by_label("Hire date").fill("2020-03-03")
    form.get_by_label("As of").fill("2025-03-03")
    form.get_by_label("Employment type").select_option("regular_full_time")
    _wait_result(page, "leave", "3.85")


def show_travel_result(page: Any) -> None:
    """A day trip by personal car, 120 miles: 87.00 to claim."""
    form = _form(page, "travel")
    form.get_by_label("Kind of trip").select_option("day")
    form.get_by_label("First day").fill("2026-02-10")
    form.get_by_label("How you travelled").select_option("personal")
    form.get_by_label("Miles driven on business").fill("120")
    _wait_result(page, "travel", "87.00")


def show_nepotism_result(page: Any) -> None:
    """A supervisor asking to hire a sister-in-law: second degree by affinity."""
    form = _form(page, "nepotism")
    form.get_by_label("Relation", exact=True).select_option("sister-in-law")
    form.get_by_label("You are").select_option("supervisor")
    form.get_by_label("Question").select_option("hire")
    _wait_result(page, "nepotism", "second degree")


RESULTS = {
    "leave": show_leave_result,
    "travel": show_travel_result,
    "nepotism": show_nepotism_result,
}
CALCULATOR_PAGES = {
    LEAVE_PAGE: ["leave"],
    TRAVEL_PAGE: ["travel"],
    RELATIVES_PAGE: ["nepotism"],
    "calculators/": ["leave", "travel", "nepotism"],
}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_calculators_with_results_meet_wcag_22_aa(context: Any, site_url: str, scheme: str) -> None:
    context.add_init_script(axe_script())
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    found: list[str] = []
    for path, calculators in CALCULATOR_PAGES.items():
        open_in_scheme(page, site_url + path, scheme)
        for name in calculators:
            RESULTS[name](page)
        found += describe(path + " (with results)", axe_violations(page))
    assert found == [], f"{len(found)} violations ({scheme} scheme):\n" + "\n".join(found)


def _focus_state(page: Any, selector: str) -> dict[str, Any]:
    """Where ``selector`` is on screen, whether it has focus, and what is on top of its centre."""
    return page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          const box = el.getBoundingClientRect();
          const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return {
            focused: document.activeElement === el,
            top: box.top, bottom: box.bottom,
            header: document.querySelector('.md-header').getBoundingClientRect().bottom,
            viewport: window.innerHeight,
            uncovered: top !== null && (top === el || el.contains(top)),
          };
        }""",
        selector,
    )


@pytest.mark.parametrize(
    ("path", "before", "field", "after", "viewport"),
    [
        (
            "acknowledgement/",
            "#ph-ack-department",
            "#ph-ack-signature",
            "#ph-ack-date",
            {"width": 1280, "height": 400},
        ),
        (
            LEAVE_PAGE,
            "#calc-leave-reduced_in_force",
            "#calc-leave-annual_balance",
            "#calc-leave-sick_balance",
            {"width": 1280, "height": 720},
        ),
        (
            LEAVE_PAGE,
            "#calc-leave-reduced_in_force",
            "#calc-leave-annual_balance",
            "#calc-leave-sick_balance",
            PHONE,
        ),
    ],
)
@pytest.mark.parametrize("key", ["Tab", "Shift+Tab"])
def test_focused_field_is_never_under_the_sticky_header(
    page: Any,
    site_url: str,
    path: str,
    before: str,
    field: str,
    after: str,
    viewport: dict[str, int],
    key: str,
) -> None:
    """The page is scrolled so that ``field`` sits just under the header's bottom edge; the
    keyboard then moves focus onto it (Tab from the field before, Shift+Tab from the one after).
    The browser must scroll it out from under the header."""
    page.set_viewport_size(viewport)
    page.goto(site_url + path)
    page.locator(field).wait_for()
    start = before if key == "Tab" else after
    page.evaluate(
        """([start, field]) => {
          document.querySelector(start).focus({preventScroll: true});
          const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
          const box = document.querySelector(field).getBoundingClientRect();
          window.scrollBy(0, box.top - (header - 10));
        }""",
        [start, field],
    )
    hidden = _focus_state(page, field)
    assert hidden["top"] < hidden["header"], "set-up: the field should start under the header"
    page.keyboard.press(key)
    shown = _focus_state(page, field)
    assert shown["focused"], f"{key} from {start} did not reach {field}"
    assert shown["top"] >= shown["header"], shown
    assert shown["bottom"] <= shown["viewport"], shown
    assert shown["uncovered"], f"something covers the focused {field}: {shown}"


OVERFLOW = """() => {
  // Every visible element whose right edge passes the viewport, unless a box that fits the
  // viewport scrolls or clips it (Material's table wrappers, code blocks).
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    let up = el.parentElement, contained = false;
    while (up && up !== document.body) {
      if (getComputedStyle(up).overflowX !== 'visible'
          && up.getBoundingClientRect().right <= width + 0.5) { contained = true; break; }
      up = up.parentElement;
    }
    if (!contained) wide.push(`${el.tagName.toLowerCase()}.${el.className} (right ${Math.round(box.right)})`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize(
    ("path", "result"),
    [
        ("", None),
        ("06-leave/", None),
        ("10-health-and-safety/10-05-on-the-job-injuries/", None),
        ("revisions/", None),
        ("print/", None),
        ("acknowledgement/", None),
        ("calculators/", None),
        (LEAVE_PAGE, "leave"),
        (TRAVEL_PAGE, "travel"),
        (RELATIVES_PAGE, "nepotism"),
    ],
)
def test_no_horizontal_scrolling_on_a_360px_phone(
    page: Any, site_url: str, path: str, result: str | None
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + path)
    if result:
        RESULTS[result](page)
    layout = page.evaluate(OVERFLOW)
    assert layout["scrollWidth"] <= layout["width"], layout
    assert layout["wide"] == [], layout
