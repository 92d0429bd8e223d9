"""Run axe-core (from node_modules, never a CDN) in a Playwright page."""

from __future__ import annotations

import functools
from typing import Any

from tests.conftest import REPO

AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
WCAG_22_AA = (*WCAG_21_AA, "wcag22aa")
# Material fades parts of the header while a page settles; colours sampled mid-transition
# give false contrast failures, so every transition is ended before checking.
NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)


@functools.cache
def axe_script() -> str:
    """axe-core's source, for ``context.add_init_script`` (parsed once per page load)."""
    if not AXE_SCRIPT.is_file():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing — run `make setup` (npm ci)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Any, tags: tuple[str, ...] = WCAG_22_AA) -> list[dict[str, Any]]:
    """WCAG violations on the current page: ``[{id, impact, help, targets}]``.

    Args:
        page: A Playwright page, already navigated. axe is injected unless the page's context
            already loads it (``context.add_init_script(axe_script())``).
        tags: axe rule tags to run (default: WCAG 2.0, 2.1 and 2.2, levels A and AA).
    """
    # Both through the DevTools protocol, not as <style>/<script> tags, which the site's own
    # Content-Security-Policy (style-src/script-src 'self') blocks.
    page.evaluate(
        "(css) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];"
        " return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }",
        NO_TRANSITIONS,
    )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    # resultTypes: only violations keep every node; passes are cut to one node each, which
    # makes a run on a large page (the print page, ~5,000 elements) several times faster.
    result = page.evaluate(
        "async (tags) => await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
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
