"""Faults: the receiver killed with SIGKILL in the middle of a burst and restarted loses no
receipt it answered 2xx for and stores none twice (real uvicorn process, both engines)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from receiver.store.chain import verify_chain
from receiver.store.db import make_engine
from receiver.store.records import RecordStore
from receiver.store.tables import signed_records
from tests.receiver.helpers import receipt
from tests.receiver.live import Receiver, free_port, post_receipt, write_config

SIGNERS = 90
CLIENTS = 6


def test_sigkill_mid_burst_loses_nothing_answered_and_stores_nothing_twice(
    tmp_path: Path, database_url: str, site: Path
):
    config = write_config(
        tmp_path, site / "revision.json", rate_limit_per_minute=100000, rate_limit_burst=100000
    )
    receiver = Receiver(config, database_url, free_port(), tmp_path / "receiver.log")
    receiver.start()
    receipts = [receipt(n) for n in range(1, SIGNERS + 1)]
    answered: dict[str, int] = {}  # receipt_id -> first 2xx status
    failed: list[str] = []
    lock = threading.Lock()
    queue = list(receipts)

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                item = queue.pop()
            try:
                status, _ = post_receipt(receiver.port, item, timeout=5)
            except OSError:
                status = 0
            with lock:
                if 200 <= status < 300:
                    answered.setdefault(item["receipt_id"], status)
                else:
                    failed.append(item["receipt_id"])

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    while len(answered) < SIGNERS // 3:  # kill once a third has been answered
        time.sleep(0.005)
    receiver.kill()
    killed_after = len(answered)
    for thread in threads:
        thread.join()
    assert failed, "the kill should have interrupted some submissions"
    receiver.start()  # restart on the same database and port
    try:
        for item in receipts:  # the page retries everything not answered 2xx, and a few that were
            if item["receipt_id"] not in answered or item is receipts[0]:
                status, _ = post_receipt(receiver.port, item)
                assert status in (200, 201)
                answered.setdefault(item["receipt_id"], status)
    finally:
        receiver.stop()
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            keys = [
                row.record_key for row in connection.execute(select(signed_records.c.record_key))
            ]
            count = connection.execute(select(func.count()).select_from(signed_records)).scalar()
        assert count == len(set(keys)) == SIGNERS  # none twice, none lost
        assert set(keys) == {item["receipt_id"] for item in receipts}
        report = verify_chain(RecordStore(engine))
        assert report.problem is None and report.rows == SIGNERS
    finally:
        engine.dispose()
    assert killed_after >= SIGNERS // 3
