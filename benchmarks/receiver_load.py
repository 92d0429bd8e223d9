"""Load on the acknowledgement receiver, SQLite and PostgreSQL in one run.

    python benchmarks/receiver_load.py [--signers 2000] [--clients 50] [--retry-share 0.1]

For each engine: a real ``python -m receiver serve`` process (uvicorn) on a free localhost port,
a fresh database (a SQLite file; a PostgreSQL database made and dropped on 127.0.0.1:5432), and
``--signers`` different receipts sent by ``--clients`` concurrent keep-alive clients. A share of
the signers (``--retry-share``) send their receipt a second time, as the page does when an
answer is lost. Printed per engine: receipts stored, duplicates (rows beyond one per receipt),
lost (answered 2xx but not in the database), non-2xx answers, p50/p95/max latency of a
submission, and throughput. Target on the 2-core development machine: 0 lost, 0 duplicated,
p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the shared process helpers live in tests/
from sqlalchemy import func, select  # noqa: E402

from receiver.store.db import make_engine  # noqa: E402
from receiver.store.tables import signed_records  # noqa: E402
from tests.receiver.helpers import SITE_REVISION, receipt  # noqa: E402
from tests.receiver.live import (  # noqa: E402
    Receiver,
    free_port,
    post_receipt,
    postgres_database,
    write_config,
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def measure(
    database_url: str,
    workdir: Path,
    *,
    signers: int,
    clients: int,
    retry_share: float,
    workers: int = 1,
) -> dict[str, Any]:
    """Run one load against a receiver on ``database_url``; returns the figures."""
    workdir.mkdir(parents=True, exist_ok=True)
    site = workdir / "revision.json"
    site.write_text(json.dumps(SITE_REVISION), encoding="utf-8")
    config = write_config(
        workdir, site, rate_limit_per_minute=10_000_000, rate_limit_burst=10_000_000
    )
    receipts = [receipt(n, employee={"employee_id": f"E-{n:05d}"}) for n in range(1, signers + 1)]
    retried = (
        {item["receipt_id"] for item in receipts[:: max(1, round(1 / retry_share))]}
        if (retry_share > 0)
        else set()
    )
    work = [(item, item["receipt_id"] in retried) for item in receipts]
    work.reverse()  # pop() takes them in order
    lock = threading.Lock()
    latencies: list[float] = []
    answered: set[str] = set()
    statuses: dict[int, int] = {}

    receiver = Receiver(config, database_url, free_port(), workdir / "receiver.log", workers)
    receiver.start(timeout=60)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=30)
        try:
            while True:
                with lock:
                    if not work:
                        return
                    item, again = work.pop()
                for _ in range(2 if again else 1):
                    started = time.perf_counter()
                    try:
                        status, _ = post_receipt(receiver.port, item, connection)
                    except OSError:
                        connection.close()
                        status = 0
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        statuses[status] = statuses.get(status, 0) + 1
                        if 200 <= status < 300:
                            answered.add(item["receipt_id"])
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    receiver.stop()
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            keys = [r.record_key for r in connection.execute(select(signed_records.c.record_key))]
            rows = connection.execute(select(func.count()).select_from(signed_records)).scalar()
    finally:
        engine.dispose()
    stored = set(keys)
    return {
        "signers": signers,
        "clients": clients,
        "requests": len(latencies),
        "retried": len(retried),
        "stored": len(stored),
        "duplicates": rows - len(stored),
        "lost": len(answered - stored),
        "not_2xx": sum(count for status, count in statuses.items() if not 200 <= status < 300),
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
        "seconds": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 1) if wall else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the load on each engine and print the figures (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signers", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--retry-share", type=float, default=0.10)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=1, help="receiver worker processes")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="receiver-load-") as tmp, ExitStack() as stack:
        for engine in args.engines.split(","):
            workdir = Path(tmp) / engine
            if engine == "sqlite":
                url = f"sqlite:///{workdir / 'data' / 'receiver.sqlite3'}"
            else:
                url = stack.enter_context(postgres_database("receiver_load"))
            results[engine] = measure(
                url,
                workdir,
                signers=args.signers,
                clients=args.clients,
                retry_share=args.retry_share,
                workers=args.workers,
            )
    print(
        f"{args.signers} signers, {args.clients} concurrent clients, "
        f"{args.retry_share:.0%} sent twice, {args.workers} receiver worker(s)"
    )
    header = (
        f"{'engine':<11}{'stored':>7}{'dup':>5}{'lost':>5}{'non2xx':>7}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'req/s':>8}{'s':>7}"
    )
    print(header)
    for engine, r in results.items():
        print(
            f"{engine:<11}{r['stored']:>7}{r['duplicates']:>5}{r['lost']:>5}{r['not_2xx']:>7}"
            f"{r['p50_ms']:>8}{r['p95_ms']:>8}{r['max_ms']:>8}{r['requests_per_s']:>8}"
            f"{r['seconds']:>7}"
        )
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
