"""The generated hostile corpus (tests/hostile_corpus.py) through the worker's path under
Pyodide in Node: the compiled wheel's ``calculators.run_json``, which calculator-worker.js calls
for every request. Every item must answer an error object naming a field, within a time bound,
and Pyodide must survive all of them (one boot runs the whole corpus)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from build_hooks.calculator_site.bundle import compiled_wheel
from tests.case_data import REPO, policy_of
from tests.hostile_corpus import corpus

RUNTIME = REPO / "node_modules" / "pyodide"
RUNNER = REPO / "tests" / "pyodide" / "run_hostile.mjs"
NODE = shutil.which("node")
SECONDS_PER_ITEM = 5.0  # Pyodide is several times slower than CPython

pytestmark = pytest.mark.skipif(
    NODE is None, reason="`node` is not on PATH: the Pyodide tests need Node.js"
)

ITEMS = corpus(seed=2027, count=80)


@pytest.fixture(scope="module")
def worker_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("hostile")
    wheel = compiled_wheel(REPO, work / "cache")
    keys = sorted({item.handbook for item in ITEMS})
    spec = {
        "wheel": str(wheel),
        "index_url": f"{RUNTIME}/",
        "policies": {key: json.dumps(policy_of(key)) for key in keys},
        "jobs": [
            {"id": str(i), "name": item.calculator, "text": item.text, "policy_key": item.handbook}
            for i, item in enumerate(ITEMS)
        ],
    }
    jobs_file, out_file, log = work / "jobs.json", work / "out.json", work / "node.log"
    jobs_file.write_text(json.dumps(spec), encoding="utf-8")
    with log.open("w", encoding="utf-8") as output:
        done = subprocess.run(
            [str(NODE), str(RUNNER), str(jobs_file), str(out_file)],
            cwd=work,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    if done.returncode != 0 or not out_file.is_file():
        text = log.read_text(encoding="utf-8", errors="replace")
        pytest.fail(f"node {RUNNER.name} failed (exit {done.returncode}): {text[-3000:]}")
    return json.loads(out_file.read_text(encoding="utf-8"))


def test_worker_path_runs_under_pyodide(worker_run: dict[str, Any]) -> None:
    assert worker_run["python"].startswith("3.11.")
    assert set(worker_run["results"]) == {str(i) for i in range(len(ITEMS))}


@pytest.mark.parametrize(
    "index",
    range(len(ITEMS)),
    ids=[f"{i}-{'+'.join(m.mutations)[:40]}" for i, m in enumerate(ITEMS)],
)
def test_hostile_item_is_an_error_object_in_the_worker(
    index: int, worker_run: dict[str, Any]
) -> None:
    item, outcome = ITEMS[index], worker_run["results"][str(index)]
    where = f"{item.calculator} {item.mutations}"
    answer = json.loads(outcome["answer"])
    assert set(answer) == {"error"}, f"{where}: {outcome['answer'][:300]}"
    assert set(answer["error"]) == {"field", "message"}, where
    assert isinstance(answer["error"]["field"], str) and answer["error"]["field"], where
    assert outcome["answer"].isascii(), where
    assert outcome["seconds"] < SECONDS_PER_ITEM, f"{where}: {outcome['seconds']:.2f} s"
