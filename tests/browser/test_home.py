"""The home page in a real browser: quick links, accessibility, nothing leaves localhost."""

from __future__ import annotations

from tests.browser.axe import axe_violations


def test_home_page_lists_chapters_and_has_no_wcag_violations(page, site_url):
    page.goto(site_url)
    assert "Twin Rivers Council of Governments" in page.inner_text("article")
    assert page.locator("article a[href*='06-leave']").count() >= 1
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_section_page_shows_its_header(page, site_url):
    page.goto(site_url + "10-health-and-safety/10-05-on-the-job-injuries/")
    header = page.locator(".ph-section-meta")
    assert header.count() == 1
    text = header.text_content()
    assert "Effective" in text and "Human Resources" in text
    assert page.locator("h1").inner_text().startswith("10.05")
