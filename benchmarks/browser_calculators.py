"""Browser calculator timing: the handbook's calculators against a bare boot of the same
self-hosted Pyodide, measured side by side in one run, in headless Chromium on localhost.

    .venv/bin/python benchmarks/browser_calculators.py [--site DIR] [--runs 3]

Prints one ``name=value`` line per figure (medians over ``--runs``):

- ``bare_cold_ms`` / ``bare_warm_ms`` — a page that only loads Pyodide and runs ``1+1``, with an
  empty browser profile and then again in the same profile;
- ``first_result_cold_ms`` / ``first_result_warm_ms`` — from navigation to the first calculator
  result on the leave page (worker boot, wheel, policy, one calculation);
- ``cold_ratio`` = first_result_cold / bare_cold (target ≤ 1.35) and ``warm_ratio``;
- ``recalc_ms`` — median time from an input change to the updated result on the page, minus
  the form's debounce delay (target ≤ 50 ms), and ``roundtrip_ms`` — median
  ``handbook.calculate`` call;
- ``longest_task_ms`` — the longest main-thread task seen on the calculator page from
  navigation to a result (Long Tasks API; 0 means none over 50 ms; target ≤ 100 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the shared localhost server lives in tests/
from tests.browser.local_site import StaticHandler, find_chromium, launch_args  # noqa: E402

LEAVE_PAGE = "06-leave/06-03-annual-leave-accrual/"
BENCH_DIR = "__bench__"
BARE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<script src="../assets/calculators/INDEX_URLpyodide.js"></script>
<script src="bare.js"></script></head><body>bare Pyodide boot</body></html>
"""
BARE_JS = """(async function () {
  const indexURL = new URL("../assets/calculators/INDEX_URL", location.href).href;
  const py = await loadPyodide({indexURL: indexURL});
  window.__bare = {value: py.runPython("1+1"), ms: performance.now()};
})();
"""
LONG_TASKS_JS = """
window.__longest = 0;
try {
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({type: "longtask", buffered: true});
} catch (e) {}
"""
FIRST_RESULT_JS = """async () => {
  await window.handbook.ready;
  await window.handbook.calculate("leave",
    {hire_date: "2020-03-03", as_of: "2025-03-03", employment: "regular_full_time"});
  return performance.now();
}"""
ROUNDTRIP_JS = """async (n) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await window.handbook.calculate("travel", {trip_type: "day", start_date: "2026-02-10",
      vehicle: "personal", miles: 100 + i});
    times.push(performance.now() - t0);
  }
  return times;
}"""
RECALC_JS = """async ([n, debounce]) => {
  const form = document.querySelector("form.ph-calc[data-calculator='travel']");
  const input = form.querySelector("[name='miles']");
  const region = form.querySelector(".ph-calc-result");
  const times = [];
  for (let i = 0; i < n; i++) {
    const miles = 120 + 2 * i;  // even miles: an exact number of cents at 72.5 cents a mile
    const want = ((miles * 725) / 1000).toFixed(2);
    const done = new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error("no result showing " + want)), 30000);
      const obs = new MutationObserver(() => {
        if (region.textContent.includes(want)) { obs.disconnect(); resolve(performance.now()); }
      });
      obs.observe(region, {childList: true, subtree: true, characterData: true});
    });
    const t0 = performance.now();
    input.value = String(miles);
    input.dispatchEvent(new Event("input", {bubbles: true}));
    const t1 = await done;
    times.push(t1 - t0 - debounce);
  }
  return times;
}"""


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free localhost port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_site(out: Path) -> Path:
    """Build the sample handbook strictly into ``out``."""
    env = {**os.environ, "SITE_URL": "http://127.0.0.1/", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-q", "-d", str(out)],
        cwd=REPO,
        env=env,
        check=True,
    )
    return out


def chromium_path() -> str:
    """Chromium as the test suite finds it."""
    found = find_chromium()
    if found is None:
        raise SystemExit("Chromium not found — run `make setup` or set CHROMIUM_PATH")
    return found


def measure(site: Path, runs: int) -> dict[str, float]:
    """Run every measurement ``runs`` times; medians by name."""
    from playwright.sync_api import sync_playwright

    bench = site / BENCH_DIR
    bench.mkdir(exist_ok=True)
    manifest = json.loads((site / "assets" / "calculators" / "manifest.json").read_text("utf-8"))
    index_url = manifest["index_url"]  # the same self-hosted runtime the calculators use
    (bench / "bare.html").write_text(BARE_HTML.replace("INDEX_URL", index_url), encoding="utf-8")
    (bench / "bare.js").write_text(BARE_JS.replace("INDEX_URL", index_url), encoding="utf-8")
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    args = launch_args()
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=args
        )
        for _ in range(runs):
            ctx = browser.new_context()
            page = ctx.new_page()
            for label in ("bare_cold_ms", "bare_warm_ms"):
                page.goto(base + f"{BENCH_DIR}/bare.html")
                page.wait_for_function("() => window.__bare", timeout=120_000)
                bare = page.evaluate("() => window.__bare")
                assert bare["value"] == 2
                add(label, bare["ms"])
            ctx.close()

            ctx = browser.new_context(service_workers="allow")
            ctx.add_init_script(LONG_TASKS_JS)
            page = ctx.new_page()
            for label in ("first_result_cold_ms", "first_result_warm_ms"):
                page.goto(base + LEAVE_PAGE)
                page.wait_for_function("() => window.handbook && window.handbook.ready")
                add(label, page.evaluate(FIRST_RESULT_JS))
                if label == "first_result_cold_ms":
                    add("longest_task_ms", page.evaluate("() => window.__longest"))
                    page.evaluate("() => window.handbook.offlineReady")
            add("roundtrip_ms", statistics.median(page.evaluate(ROUNDTRIP_JS, 20)))
            page.goto(base + "17-travel/17-06-travel-expense-provisions/")
            page.wait_for_function("() => window.handbook && window.handbook.ready")
            page.evaluate("() => window.handbook.ready")
            form = page.locator("form.ph-calc[data-calculator='travel']")
            form.get_by_label("Kind of trip").select_option("day")
            form.get_by_label("First day").fill("2026-02-10")
            form.get_by_label("How you travelled").select_option("personal")
            debounce = page.evaluate("() => window.handbook.debounceMs || 0")
            add("recalc_ms", statistics.median(page.evaluate(RECALC_JS, [15, debounce])))
            ctx.close()
        browser.close()
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    """Build (or take) the site, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        figures = measure(site, args.runs)
    figures["cold_ratio"] = figures["first_result_cold_ms"] / figures["bare_cold_ms"]
    figures["warm_ratio"] = figures["first_result_warm_ms"] / figures["bare_warm_ms"]
    order = [
        "bare_cold_ms",
        "first_result_cold_ms",
        "cold_ratio",
        "bare_warm_ms",
        "first_result_warm_ms",
        "warm_ratio",
        "roundtrip_ms",
        "recalc_ms",
        "longest_task_ms",
    ]
    for name in order:
        value = figures[name]
        print(f"{name}={value:.2f}" if "ratio" in name else f"{name}={value:.1f}")
    print("targets: cold_ratio<=1.35 first_result_warm_ms<=1500 recalc_ms<=50 longest_task_ms<=100")
    return 0


if __name__ == "__main__":
    sys.exit(main())
