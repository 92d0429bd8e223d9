"""Browser calculator timing: the handbook's calculators against a bare boot of the same
self-hosted Pyodide, measured side by side in one run, in headless Chromium on localhost.

    .venv/bin/python benchmarks/browser_calculators.py [--site DIR] [--runs 3]
    .venv/bin/python benchmarks/browser_calculators.py --baseline 732ed94   # and an older tree

Prints a table, one row per figure (medians over ``--runs``), one column per site: this tree's
sample handbook (or ``--site``) and, with ``--baseline REF``, the same handbook built from the
commit REF (a temporary git worktree, built with this venv), measured in the same browser,
interleaved run by run, so the two columns are comparable.

- ``bare_cold_ms`` / ``bare_warm_ms`` — a page that only loads Pyodide and runs ``1+1``, with an
  empty browser profile and then again in the same profile;
- ``first_result_cold_ms`` / ``first_result_warm_ms`` — from navigation to the first calculator
  result on the leave page (worker boot, wheel, policy, one calculation);
- ``cold_ratio`` = first_result_cold / bare_cold and ``warm_ratio``;
- ``recalc_ms`` — median time from an input change to the updated result on the page, minus
  the form's debounce delay, and ``roundtrip_ms`` — median ``handbook.calculate`` call;
- ``longest_task_ms`` — the longest main-thread task seen on the calculator page from
  navigation to a result (Long Tasks API; 0 means none over 50 ms);
- ``first_visit_kb`` — what the cold visit to the leave page fetched up to its first result
  (page, scripts, styles, search index, runtime, wheel; the files' sizes as served,
  uncompressed; not the service worker's offline copy, which starts after the first result).

Targets (issue 17): cold_ratio <= 1.10, first_result_warm_ms <= 900, longest_task_ms <= 50;
recalc_ms <= 50 (issue 6).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


def build_site(out: Path, tree: Path = REPO) -> Path:
    """Build the sample handbook of ``tree`` (a checkout) strictly into ``out``."""
    env = {
        **os.environ,
        "SITE_URL": "http://127.0.0.1/",
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(tree),  # the tree's own build hooks and calculators
    }
    subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-q", "-d", str(out)],
        cwd=tree,
        env=env,
        check=True,
    )
    return out


@contextmanager
def baseline_site(ref: str, work: Path) -> Iterator[Path]:
    """The sample handbook as built from commit ``ref`` (a temporary git worktree)."""
    tree = work / "baseline-tree"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-q", str(tree), ref], cwd=REPO, check=True
    )
    try:
        (tree / "node_modules").symlink_to(REPO / "node_modules")  # the same Pyodide from npm
        yield build_site(work / "baseline-site", tree)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)


def chromium_path() -> str:
    """Chromium as the test suite finds it."""
    found = find_chromium()
    if found is None:
        raise SystemExit("Chromium not found — run `make setup` or set CHROMIUM_PATH")
    return found


def _write_bare_page(site: Path) -> None:
    bench = site / BENCH_DIR
    bench.mkdir(exist_ok=True)
    manifest = json.loads((site / "assets" / "calculators" / "manifest.json").read_text("utf-8"))
    index_url = manifest["index_url"]  # the same self-hosted runtime the calculators use
    (bench / "bare.html").write_text(BARE_HTML.replace("INDEX_URL", index_url), encoding="utf-8")
    (bench / "bare.js").write_text(BARE_JS.replace("INDEX_URL", index_url), encoding="utf-8")


def _served_bytes(site: Path, urls: list[str]) -> int:
    """The size on disk of each distinct file ``urls`` fetched from ``site``."""
    total = 0
    for path in {unquote(urlsplit(url).path) for url in urls}:
        target = site / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            total += target.stat().st_size
    return total


def _measure_once(
    browser: object, site: Path, base: str, add: Callable[[str, float], None]
) -> None:
    """One run of every measurement on one site."""
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
    fetched: list[str] = []
    # what the page and its workers fetched; the service worker's background downloads (the
    # offline copy, started once the calculator has booted) are not part of the first visit
    ctx.on(
        "request",
        lambda request: None if request.service_worker else fetched.append(request.url),
    )
    page = ctx.new_page()
    for label in ("first_result_cold_ms", "first_result_warm_ms"):
        page.goto(base + LEAVE_PAGE)
        page.wait_for_function("() => window.handbook && window.handbook.ready")
        add(label, page.evaluate(FIRST_RESULT_JS))
        if label == "first_result_cold_ms":
            add("longest_task_ms", page.evaluate("() => window.__longest"))
            add("first_visit_kb", _served_bytes(site, fetched) / 1024)
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


def measure(sites: dict[str, Path], runs: int) -> dict[str, dict[str, float]]:
    """Run every measurement ``runs`` times on each site, interleaved; medians by site, name."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, dict[str, list[float]]] = {name: {} for name in sites}
    for site in sites.values():
        _write_bare_page(site)
    with ExitStack() as stack:
        bases = {name: stack.enter_context(serve(site)) for name, site in sites.items()}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=launch_args()
        )
        for _ in range(runs):
            for name, site in sites.items():

                def add(label: str, value: float, name: str = name) -> None:
                    samples[name].setdefault(label, []).append(value)

                _measure_once(browser, site, bases[name], add)
        browser.close()
    figures = {}
    for name, values in samples.items():
        medians = {label: statistics.median(v) for label, v in values.items()}
        medians["cold_ratio"] = medians["first_result_cold_ms"] / medians["bare_cold_ms"]
        medians["warm_ratio"] = medians["first_result_warm_ms"] / medians["bare_warm_ms"]
        figures[name] = medians
    return figures


ORDER = (
    "bare_cold_ms",
    "first_result_cold_ms",
    "cold_ratio",
    "bare_warm_ms",
    "first_result_warm_ms",
    "warm_ratio",
    "roundtrip_ms",
    "recalc_ms",
    "longest_task_ms",
    "first_visit_kb",
)


def table(figures: dict[str, dict[str, float]], runs: int) -> str:
    """The figures as a text table: one row per figure, one column per site."""
    names = list(figures)
    width = max(12, *(len(n) for n in names))
    lines = [
        f"browser calculators: medians of {runs} run(s), headless Chromium on localhost",
        f"{'figure':<22}" + "".join(f"{n:>{width + 2}}" for n in names),
    ]
    for label in ORDER:
        cells = []
        for name in names:
            value = figures[name][label]
            cells.append(
                f"{value:>{width + 2}.2f}" if "ratio" in label else f"{value:>{width + 2}.1f}"
            )
        lines.append(f"{label:<22}" + "".join(cells))
    lines.append(
        "targets: cold_ratio<=1.10 first_result_warm_ms<=900 longest_task_ms<=50 recalc_ms<=50"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build (or take) the site(s), measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--baseline", metavar="REF", help="also measure the site built at REF")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="handbook-browser-bench-") as tmp:
        work = Path(tmp)
        with ExitStack() as stack:
            sites = {"site": args.site or build_site(work / "site")}
            if args.baseline:
                sites[args.baseline] = stack.enter_context(baseline_site(args.baseline, work))
            figures = measure(sites, args.runs)
            for site in sites.values():
                shutil.rmtree(site / BENCH_DIR, ignore_errors=True)
    print(table(figures, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
