"""Every benchmark runs at a tiny size inside the test suite, so a broken benchmark fails
``make test`` (issue 17). The figures themselves are not asserted: they are for people, printed
by ``make bench``."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


def load_benchmark(name: str) -> ModuleType:
    """A benchmark script as a module (benchmarks/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", REPO / "benchmarks" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def run_benchmark(name: str, *args: str) -> list[str]:
    """Run ``benchmarks/<name>.py`` in its own process (Playwright's sync API cannot start
    inside the browser tests' session); its output lines, after asserting it succeeded."""
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


build_scale = load_benchmark("build_scale")


@pytest.mark.slow
def test_build_scale_runs_tiny_with_every_hook(capsys: pytest.CaptureFixture[str]) -> None:
    assert build_scale.main(["--sizes", "4,8", "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [
        "sections=4",
        "sections=8",
        "per-section",
        "ratio=" + lines[-1].split(" ", 1)[0].removeprefix("ratio="),
    ]
    assert re.fullmatch(
        r"ratio=\d+\.\d\d sections=8 plain_s=\d+\.\d\d hooks_s=\d+\.\d\d", lines[-1]
    )
    assert build_scale.sample_config()["hooks"] == [
        "build_hooks/handbook/hooks.py",
        "build_hooks/acknowledgement/hooks.py",
        "build_hooks/calculator_site/hooks.py",
    ]


pyodide_versions = load_benchmark("pyodide_versions")


@pytest.mark.browser
def test_pyodide_versions_runs_tiny() -> None:
    """The installed runtime only (offline): the calculators compiled by Pyodide's own Python
    under Node, then bare boot, first result and the snapshot note in headless Chromium."""
    if pyodide_versions.find_chromium() is None:
        pytest.skip(
            "Chromium not found — run `make setup` (it installs Chromium) or set CHROMIUM_PATH"
        )
    if shutil.which("node") is None:
        pytest.skip("`node` is not on PATH: compiling under Pyodide needs Node.js")
    lines = run_benchmark(
        "pyodide_versions", "--versions", "installed", "--runs", "1", "--markdown"
    )
    header, row = lines[1].split(), lines[2].split()
    assert header[:3] == ["pyodide", "python", "worker"]
    assert row[:3] == ["0.25.1", "3.11.3", "classic"]
    raw, gz = (float(x) for x in row[3].split("/"))  # MB the bare boot downloaded
    assert 5 < raw < 40 and 1 < gz < raw
    bare_cold, bare_warm, first_cold, first_warm = (float(x) for x in row[5:9])
    assert min(bare_cold, bare_warm, first_cold, first_warm) > 0
    assert row[11:] == ["–", "–", "–"]  # 0.25.1 has no memory snapshot
    assert "snapshot 0.25.1: 0.25.1 has no makeMemorySnapshot" in lines
    markdown = [line for line in lines if line.startswith("| ")]
    assert markdown[1].startswith("| 0.25.1 | 3.11.3 | classic |")


@pytest.mark.slow
def test_browser_benchmark_builds_a_baseline_site_and_cleans_up(tmp_path: Path) -> None:
    """``browser_calculators.py --baseline REF``: the site of REF is built in a temporary
    worktree with this venv, and the worktree is gone afterwards."""
    browser_calculators = load_benchmark("browser_calculators")
    worktrees = subprocess.run(
        ["git", "worktree", "list"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    with browser_calculators.baseline_site("HEAD", tmp_path) as site:
        manifest = site / "assets" / "calculators" / "manifest.json"
        assert (
            manifest.is_file() and (site / browser_calculators.LEAVE_PAGE / "index.html").is_file()
        )
    assert not (tmp_path / "baseline-tree").exists()
    after = subprocess.run(
        ["git", "worktree", "list"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert after == worktrees
