"""Every data case gives the same JSON under Pyodide (Node, the compiled ``.pyc`` wheel, the
self-hosted runtime from ``node_modules/pyodide``) as under CPython.

Node boots Pyodide once for all cases (``run_cases.mjs``); each case is then compared as its own
test. The results are compared exactly, not as the subset ``tests/unit/test_cases.py`` checks.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_hooks.calculator_bundle import compiled_wheel
from build_hooks.index import load_sections
from calculators import InputError, calculate, merge_policy

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases"
RUNTIME = REPO / "node_modules" / "pyodide"
RUNNER = REPO / "tests" / "pyodide" / "run_cases.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None, reason="`node` is not on PATH: the Pyodide parity tests need Node.js"
)


def _plain(value: Any) -> Any:
    """YAML dates as ISO strings, as JSON would carry them (same as tests/unit/test_cases.py)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _jobs() -> list[dict[str, Any]]:
    """One job per case in ``tests/cases/<calculator>/*.yaml``."""
    jobs = []
    for path in sorted(CASES.glob("*/*.yaml")):
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        for index, case in enumerate(data["cases"]):
            jobs.append(
                {
                    "id": f"{path.parent.name}/{path.stem}[{index}] {case.get('name', '')}",
                    "name": case.get("calculator", path.parent.name),
                    "inputs": case.get("inputs"),
                    "policy_key": data["handbook"],
                }
            )
    return jobs


JOBS = _jobs()


@cache
def _policy(handbook: str) -> dict[str, Any]:
    return merge_policy(load_sections(REPO / handbook))


def _cpython(job: dict[str, Any]) -> Any:
    """The job's result under CPython, as ``run_cases.mjs`` reports it under Pyodide."""
    try:
        value = calculate(job["name"], job["inputs"], _policy(job["policy_key"]))
    except InputError as exc:
        value = exc.to_json()
    except Exception as exc:  # reported the same way on both sides
        value = {"exception": f"{type(exc).__name__}: {exc}"}
    return json.loads(json.dumps(value))  # tuples -> lists, as the Pyodide side returns them


def _tail(text: str, limit: int = 3000) -> str:
    return text if len(text) <= limit else f"…[{len(text) - limit} characters cut]…{text[-limit:]}"


@pytest.fixture(scope="session")
def pyodide_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """All cases through Pyodide in one Node process (one boot)."""
    work = tmp_path_factory.mktemp("pyodide")
    wheel = compiled_wheel(REPO, work / "cache")
    policies = {key: _policy(key) for key in sorted({job["policy_key"] for job in JOBS})}
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


@pytest.mark.parametrize("job", JOBS, ids=[job["id"] for job in JOBS])
def test_case_matches_cpython(job: dict[str, Any], pyodide_run: dict[str, Any]) -> None:
    assert pyodide_run["results"][job["id"]] == _cpython(job)
