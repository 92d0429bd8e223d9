"""``benchmarks/browser_calculators.py`` runs at a tiny size in the suite (one browser start,
one run), so a change to the page's scripts that breaks the benchmark fails ``make test``. The
figures are not asserted: they are for people (``make bench-browser``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.build.test_benchmarks import load_benchmark

browser_calculators = load_benchmark("browser_calculators")


def test_browser_benchmark_runs_tiny(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"  # a copy: the benchmark adds its bare-boot page to the site
    shutil.copytree(built_site, site)
    figures = browser_calculators.measure({"site": site}, runs=1)["site"]
    assert set(figures) == set(browser_calculators.ORDER)
    for label in ("bare_cold_ms", "first_result_cold_ms", "first_result_warm_ms", "recalc_ms"):
        assert figures[label] > 0, label
    assert figures["first_visit_kb"] > 9_000  # at least the WebAssembly runtime was fetched
    lines = browser_calculators.table({"site": figures}, 1).splitlines()
    assert [line.split()[0] for line in lines[2:-1]] == list(browser_calculators.ORDER)
