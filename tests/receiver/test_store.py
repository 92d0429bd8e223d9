"""The record store on both engines: migrations, append-only triggers, the hash chain."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from receiver.cli import main
from receiver.config import Settings
from receiver.signing import countersign, load_signing_key
from receiver.store.chain import verify_chain
from receiver.store.db import make_engine, migrate
from receiver.store.records import GENESIS, RecordStore, row_hash
from tests.receiver.helpers import receipt


@pytest.fixture
def store(settings: Settings):
    engine = make_engine(settings.url)
    migrate(engine)
    yield RecordStore(engine)
    engine.dispose()


def fill(store: RecordStore, settings: Settings, count: int) -> None:
    key = load_signing_key(settings.keys_dir)
    for n in range(1, count + 1):
        body = receipt(n)
        store.append(
            "acknowledgement",
            body["receipt_id"],
            body,
            revision=body["revision"],
            subject=body["employee"]["employee_id"],
            attributed_to=None,
            client_hash=None,
            countersign=lambda at, body=body: countersign(key, body, at, None),
        )


def run_verify_log(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    config = settings.data_dir.parent / "receiver.toml"
    config.write_text(f'data_dir = "{settings.data_dir}"\n', encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", settings.url)
    out = io.StringIO()
    code = main(["--config", str(config), "verify-log"], out, io.StringIO())
    return code, out.getvalue()


def test_migrations_make_the_same_tables_on_both_engines(store):
    names = set(inspect(store.engine).get_table_names())
    assert {"signed_records", "employees", "site_revisions", "alembic_version"} <= names
    migrate(store.engine)  # running again changes nothing
    with store.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        )


def test_rows_are_chained_and_numbered(store, settings):
    fill(store, settings, 3)
    rows = list(store.rows())
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == GENESIS
    assert rows[1].prev_hash == rows[0].row_hash and rows[2].prev_hash == rows[1].row_hash
    assert all(row_hash(r.__dict__) == r.row_hash for r in rows)
    report = verify_chain(store)
    assert (report.rows, report.head_seq, report.head_hash, report.problem) == (
        3,
        3,
        rows[2].row_hash,
        None,
    )


def test_the_database_refuses_update_and_delete(store, settings):
    fill(store, settings, 2)
    for statement in (
        "UPDATE signed_records SET subject = 'E-9' WHERE seq = 1",
        "DELETE FROM signed_records WHERE seq = 2",
    ):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(text(statement))
    if store.engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(text("TRUNCATE signed_records"))
    assert [r.subject for r in store.rows()] == ["E-1042", "E-1042"]


def _as_attacker(store: RecordStore, statement: str, params: dict | None = None) -> None:
    """What someone with database access does: switch the trigger off, edit, switch it on."""
    with store.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE signed_records DISABLE TRIGGER USER"))
            connection.execute(text(statement), params or {})
            connection.execute(text("ALTER TABLE signed_records ENABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER signed_records_no_update"))
            connection.execute(text("DROP TRIGGER signed_records_no_delete"))
            connection.execute(text(statement), params or {})


def test_verify_log_names_an_altered_row(store, settings, monkeypatch):
    fill(store, settings, 4)
    assert run_verify_log(settings, monkeypatch)[0] == 0
    body = json.loads(next(r for r in store.rows() if r.seq == 3).body)
    body["employee"]["full_name"] = "Mallory"
    _as_attacker(
        store,
        "UPDATE signed_records SET body = :body WHERE seq = 3",
        {"body": json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)},
    )
    code, out = run_verify_log(settings, monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        "TAMPERED: row 3 altered: its body does not match its body_sha256",
        "2 row(s) before it are intact (up to row 2).",
    ]


def test_verify_log_names_a_removed_row(store, settings, monkeypatch):
    fill(store, settings, 4)
    _as_attacker(store, "DELETE FROM signed_records WHERE seq = 2")
    code, out = run_verify_log(settings, monkeypatch)
    assert code == 1
    assert out.splitlines()[0] == "TAMPERED: row 2 removed: the log goes from row 1 to row 3"


def test_verify_log_catches_a_rewrite_with_recomputed_hashes(store, settings, monkeypatch):
    """An attacker who recomputes body_sha256 and row_hash still cannot countersign."""
    fill(store, settings, 3)
    row = next(r for r in store.rows() if r.seq == 2)
    body = json.loads(row.body)
    body["employee"]["employee_id"] = "E-7777"
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    from receiver.canonical import sha256_hex

    forged = {**row.__dict__, "body": encoded, "body_sha256": sha256_hex(encoded)}
    forged["row_hash"] = row_hash(forged)
    _as_attacker(
        store,
        "UPDATE signed_records SET body = :body, body_sha256 = :sha, row_hash = :hash WHERE seq = 2",
        {"body": encoded, "sha": forged["body_sha256"], "hash": forged["row_hash"]},
    )
    code, out = run_verify_log(settings, monkeypatch)
    assert code == 1
    assert out.splitlines()[0].startswith(
        "TAMPERED: row 2 altered: countersignature does not match"
    )


def test_concurrent_appends_are_group_committed_once_each(store, settings):
    """40 threads at once: 30 receipts, 8 repeats of them, 2 different bodies under used keys."""
    import threading

    key = load_signing_key(settings.keys_dir)
    jobs = [receipt(n) for n in range(1, 31)]
    jobs += [receipt(n) for n in range(1, 9)]
    jobs += [receipt(n, statement=receipt(n)["statement"] + " Changed.") for n in (9, 10)]
    results: list[str] = []
    start = threading.Barrier(len(jobs))

    def run(body: dict) -> None:
        start.wait()
        outcome = store.append(
            "acknowledgement",
            body["receipt_id"],
            body,
            revision=body["revision"],
            subject="E-1042",
            attributed_to=None,
            client_hash=None,
            countersign=lambda at, body=body: countersign(key, body, at, None),
        )
        results.append(outcome.status)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # which copy of a key is stored first is a race; the counts are not
    assert sorted(results).count("stored") == 30
    assert results.count("repeat") + results.count("conflict") == 10
    assert results.count("conflict") == 2
    rows = list(store.rows())
    assert [r.seq for r in rows] == list(range(1, 31))
    assert verify_chain(store).problem is None
