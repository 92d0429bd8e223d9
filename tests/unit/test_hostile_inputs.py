"""Hostile input (issue 12): a generated corpus (tests/hostile_corpus.py) through the JSON
boundary in process (hypothesis draws the items) and through the command line in subprocesses.
Every item must give an error object naming a field — never a result, a traceback or a hang.
The worker path under Pyodide runs the same corpus in tests/pyodide/test_hostile_worker.py."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import run_json
from tests.case_data import REPO, policy_of
from tests.hostile_corpus import corpus, hostile_item

SECONDS_IN_PROCESS = 2.0  # per item, generous for a loaded 2-core machine
SECONDS_CLI = 20.0  # per process, including Python start-up and reading the handbook


@cache
def _policy_text(handbook: str) -> str:
    return json.dumps(policy_of(handbook))


def _assert_error(answer: Any, where: str) -> None:
    assert isinstance(answer, dict) and set(answer) == {"error"}, f"{where}: {str(answer)[:300]}"
    error = answer["error"]
    assert set(error) == {"field", "message"}, f"{where}: {error}"
    assert isinstance(error["field"], str) and error["field"], f"{where}: no field: {error}"
    assert isinstance(error["message"], str) and error["message"], f"{where}: {error}"
    assert "Traceback" not in error["message"], where


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.randoms(use_true_random=False))
def test_generated_hostile_input_is_refused_in_process(rnd: random.Random) -> None:
    item = hostile_item(rnd)
    started = time.perf_counter()
    text = run_json(item.calculator, item.text, _policy_text(item.handbook))
    seconds = time.perf_counter() - started
    where = f"{item.calculator} {item.handbook} {item.mutations}"
    _assert_error(json.loads(text), where)
    assert text.isascii(), where  # no lone surrogate can reach the page
    assert seconds < SECONDS_IN_PROCESS, f"{where}: {seconds:.2f} s"


CLI_ITEMS = corpus(seed=12, count=24)


@pytest.mark.parametrize(
    "index",
    range(len(CLI_ITEMS)),
    ids=[f"{i}-{'+'.join(m.mutations)[:40]}" for i, m in enumerate(CLI_ITEMS)],
)
def test_generated_hostile_input_is_refused_by_the_cli(index: int) -> None:
    item = CLI_ITEMS[index]
    rnd = random.Random(index)
    data = item.text.encode("utf-8", "surrogatepass")  # a raw surrogate is bytes no UTF-8 allows
    argv = [
        sys.executable,
        "-m",
        "calculators",
        item.calculator,
        "--docs",
        str(REPO / item.handbook),
    ]
    if index % 4 == 1:
        argv.append(f"--{''.join(rnd.choice('abcxyz-') for _ in range(rnd.randint(1, 12)))}z")
    if index % 5 == 2:
        cut = rnd.randrange(len(data) + 1)
        data = data[:cut] + bytes([rnd.choice([0xFF, 0xC0, 0x80, 0xED])]) + data[cut:]
    started = time.perf_counter()
    done = subprocess.run(argv, input=data, capture_output=True, timeout=60, cwd=REPO, check=False)
    seconds = time.perf_counter() - started
    where = f"{item.calculator} {item.mutations} {argv[5:]}"
    assert b"Traceback" not in done.stderr, f"{where}: {done.stderr[-2000:]!r}"
    assert done.returncode == 2, f"{where}: exit {done.returncode}: {done.stdout[:300]!r}"
    _assert_error(json.loads(done.stdout.decode("utf-8")), where)
    assert seconds < SECONDS_CLI, f"{where}: {seconds:.2f} s"


def test_the_corpus_covers_every_kind_of_hostility() -> None:
    names = " ".join(" ".join(item.mutations) for item in corpus(seed=12, count=400))
    for kind in (
        "digits",
        "exponent",
        "constant",
        "deep-array",
        "deep-object",
        "surrogate-escaped",
        "surrogate-raw",
        "million-list",
        "million-string",
        "duplicate",
        "surrogate key",
        "truncated",
        "not-an-object",
        "size",
    ):
        assert kind in names, kind
