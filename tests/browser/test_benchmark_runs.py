"""``benchmarks/browser_calculators.py`` runs at a tiny size in the suite (one browser start,
one run), so a change to the page's scripts that breaks the benchmark fails ``make test``. The
figures are not asserted: they are for people (``make bench-browser``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.build.test_benchmarks import load_benchmark, run_benchmark

browser_calculators = load_benchmark("browser_calculators")


def test_browser_benchmark_runs_tiny(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"  # a copy: the benchmark adds its bare-boot page to the site
    shutil.copytree(built_site, site)
    lines = run_benchmark("browser_calculators", "--site", str(site), "--runs", "1")
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:-1]}
    assert list(rows) == list(browser_calculators.ORDER)
    for label in ("bare_cold_ms", "first_result_cold_ms", "first_result_warm_ms", "recalc_ms"):
        assert float(rows[label][0]) > 0, label
    assert float(rows["first_visit_kb"][0]) > 9_000  # at least the WebAssembly runtime
    assert lines[-1].startswith("targets: ")
