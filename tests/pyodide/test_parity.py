"""Every data case gives the same JSON under Pyodide (Node, the compiled ``.pyc`` wheel, the
self-hosted runtime from ``node_modules/pyodide``) as under CPython.

Node boots Pyodide once for all cases (``run_cases.mjs``) and runs each through
``calculators.run_json``, the boundary the browser's worker calls; each case is then compared as
its own test. The results are compared exactly, not as the subset ``tests/unit/test_cases.py`` checks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from typing import Any

import pytest

from build_hooks.calculator_site.bundle import compiled_wheel
from calculators import run_json
from tests.case_data import REPO, Case, all_cases, policy_of

RUNTIME = REPO / "node_modules" / "pyodide"
RUNNER = REPO / "tests" / "pyodide" / "run_cases.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None, reason="`node` is not on PATH: the Pyodide parity tests need Node.js"
)


CASES = all_cases()
JOBS = [
    {"id": case.id, "name": case.calculator, "inputs": case.inputs, "policy_key": case.handbook}
    for case in CASES
]


def _cpython(case: Case) -> Any:
    """The case's answer under CPython through the same boundary ``run_cases.mjs`` calls."""
    policy = json.dumps(policy_of(case.handbook))
    return json.loads(run_json(case.calculator, json.dumps(case.inputs), policy))


def _tail(text: str, limit: int = 3000) -> str:
    return text if len(text) <= limit else f"…[{len(text) - limit} characters cut]…{text[-limit:]}"


@pytest.fixture(scope="session")
def pyodide_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """All cases through Pyodide in one Node process (one boot)."""
    work = tmp_path_factory.mktemp("pyodide")
    wheel = compiled_wheel(REPO, work / "cache")
    policies = {key: policy_of(key) for key in sorted({job["policy_key"] for job in JOBS})}
    spec = {"wheel": str(wheel), "index_url": f"{RUNTIME}/", "jobs": JOBS, "policies": policies}
    jobs_file, out_file, log = work / "jobs.json", work / "out.json", work / "node.log"
    jobs_file.write_text(json.dumps(spec), encoding="utf-8")
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:  # Pyodide can print megabytes on a crash
        done = subprocess.run(
            [str(NODE), str(RUNNER), str(jobs_file), str(out_file)],
            cwd=work,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not out_file.is_file():
        pytest.fail(
            f"node {RUNNER.name} failed (exit {done.returncode}); the end of {log}:\n"
            + _tail(log.read_text(encoding="utf-8", errors="replace"))
        )
    result = json.loads(out_file.read_text(encoding="utf-8"))
    return {**result, "seconds": seconds, "wheel": wheel}


def test_the_cases_are_there() -> None:
    names = {job["name"] for job in JOBS}
    assert {"leave", "travel", "nepotism"} <= names, names
    assert len({job["id"] for job in JOBS}) == len(JOBS), "case ids must be unique"


def test_pyodide_runs_the_compiled_wheel_under_python_311(pyodide_run: dict[str, Any]) -> None:
    assert pyodide_run["python"].startswith("3.11."), pyodide_run["python"]
    assert pyodide_run["module_file"].endswith("calculators/__init__.pyc"), pyodide_run[
        "module_file"
    ]
    assert pyodide_run["wheel"].name.endswith("-cp311-none-any.whl")
    assert set(pyodide_run["results"]) == {job["id"] for job in JOBS}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case_matches_cpython(case: Case, pyodide_run: dict[str, Any]) -> None:
    assert pyodide_run["results"][case.id] == _cpython(case)
