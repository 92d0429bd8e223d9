"""Run axe-core (from node_modules, never a CDN) in a Playwright page."""

from __future__ import annotations

from typing import Any

from tests.conftest import REPO

AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
WCAG_22_AA = (*WCAG_21_AA, "wcag22a", "wcag22aa")


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
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; animation: none !important; }"
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.add_script_tag(path=str(AXE_SCRIPT))
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
