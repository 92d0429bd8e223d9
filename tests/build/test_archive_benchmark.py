"""The archive benchmark runs, tiny: 2 past revisions of 12 synthetic sections."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


def test_archive_benchmark_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/archive_scale.py", "--synthetic", "12", "--revisions", "2"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("archive pages=2 (")
    assert re.fullmatch(
        r"revisions=2 sections=12 baseline_s=[\d.]+ cold_s=[\d.]+ warm_s=[\d.]+ "
        r"added_warm_s=-?[\d.]+ added_warm_cpu_s=-?[\d.]+",
        lines[-1],
    )
