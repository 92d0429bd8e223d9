"""Run axe-core (from node_modules, never a CDN) in a Playwright page."""

from __future__ import annotations

from functools import cache
from typing import Any

from tests.conftest import REPO

AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Any, tags: tuple[str, ...] = WCAG_21_AA) -> list[dict[str, Any]]:
    """WCAG violations on the current page: ``[{id, impact, help, targets}]``.

    Args:
        page: A Playwright page, already navigated.
        tags: axe rule tags to run (default: WCAG 2.1 A and AA).
    """
    if not AXE_SCRIPT.is_file():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing — run `make setup` (npm ci)")
    # Material fades parts of the header while a page settles; colours sampled mid-transition
    # give false contrast failures, so end every transition before checking.
    # Both are injected through the DevTools protocol (evaluate, a constructed stylesheet), not
    # as <style>/<script> elements, which the site's own Content-Security-Policy blocks.
    page.evaluate(
        "() => { const sheet = new CSSStyleSheet(); sheet.replaceSync('*, *::before, *::after "
        "{ transition: none !important; animation: none !important; }');"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }"
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]],
        }
        for v in result["violations"]
    ]
