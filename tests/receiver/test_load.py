"""A tiny run of ``benchmarks/receiver_load.py`` on both engines, with one and with two worker
processes (appends from two processes still make one intact chain): its figures add up."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from receiver.store.chain import verify_chain
from receiver.store.db import make_engine
from receiver.store.records import RecordStore
from tests.receiver.live import REPO

spec = importlib.util.spec_from_file_location(
    "receiver_load", REPO / "benchmarks" / "receiver_load.py"
)
receiver_load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(receiver_load)


@pytest.mark.parametrize("workers", [1, 2])
def test_tiny_load_run(database_url: str, tmp_path: Path, workers: int):
    figures = receiver_load.measure(
        database_url, tmp_path / "load", signers=20, clients=4, retry_share=0.1, workers=workers
    )
    assert (figures["stored"], figures["duplicates"], figures["lost"]) == (20, 0, 0)
    assert (figures["retried"], figures["requests"]) == (2, 22)
    assert figures["statuses"] == {200: 2, 201: 20}
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert figures["requests_per_s"] > 0
    engine = make_engine(database_url)
    try:
        report = verify_chain(RecordStore(engine))
    finally:
        engine.dispose()
    assert (report.rows, report.problem) == (20, None)
