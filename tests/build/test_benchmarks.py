"""Every benchmark runs at a tiny size inside the test suite, so a broken benchmark fails
``make test`` (issue 17). The figures themselves are not asserted: they are for people, printed
by ``make bench``."""

from __future__ import annotations

import importlib.util
import re
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
    spec.loader.exec_module(module)
    return module


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
