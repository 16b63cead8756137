"""Task state in columns: the 0002 migration of old rows, one active task per key enforced by the
database, single-flight submission under a race, and an atomic claim — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import inspect, text

from mididrumigen.errors import StorageError
from mididrumigen.storage import task_store
from mididrumigen.storage.engine import (
    current_revision,
    head_revision,
    make_engine,
    session_scope,
    upgrade,
)
from mididrumigen.storage.models import ACTIVE_KEY_INDEX

STARTED = 1_765_000_000.5  # a UNIX time as the old code stored it in params["_started_at"]
OLD_ROWS = [  # (id, kind, status, params, created second)
    ("t-run", "research", "running",
     {"artist": "Questlove", "_key": "questlove", "_owner": "host|42|r1", "_started_at": STARTED},
     1),
    ("t-dup", "research", "pending", {"artist": "questlove", "_key": "questlove",
                                      "_owner": "celery"}, 2),
    ("t-done", "research", "succeeded", {"artist": "Questlove", "_key": "questlove",
                                         "_owner": "host|41|r0", "_started_at": STARTED}, 0),
    ("t-nokey", "generate", "pending", {"artist": "Sting", "_key": None, "_owner": "celery"}, 3),
    ("t-long", "augment", "pending", {"artist": "X", "_key": "x|" + "u" * 300}, 4),
    ("t-plain", "generate", "failed", {"artist": "Plain"}, 5),
]


def _insert_old_rows(engine: Any) -> None:
    params_sql = "CAST(:params AS jsonb)" if engine.dialect.name == "postgresql" else ":params"
    with engine.begin() as conn:
        for task_id, kind, status, params, second in OLD_ROWS:
            created = datetime(2026, 1, 1, 12, 0, second)
            conn.execute(text(
                "INSERT INTO tasks (id, kind, status, progress, step, params, created_at, "
                f"updated_at) VALUES (:id, :kind, :status, 0.5, 'x', {params_sql}, :t, :t)"),
                {"id": task_id, "kind": kind, "status": status, "params": json.dumps(params),
                 "t": created})


def test_old_task_rows_move_into_columns(empty_url: str) -> None:
    eng = make_engine(empty_url)
    try:
        upgrade(eng, "0001")
        _insert_old_rows(eng)
        upgrade(eng)
        assert current_revision(eng) == head_revision()
        with session_scope(eng) as s:
            rows = {r.id: r for r in task_store.list_tasks(s, limit=100)}
        assert all(not any(k.startswith("_") for k in r.params) for r in rows.values())
        run = rows["t-run"]
        assert run.params == {"artist": "Questlove"}
        assert (run.dedupe_key, run.owner) == ("questlove", "host|42|r1")
        assert run.started_at == datetime.fromtimestamp(STARTED, UTC)
        # two active tasks held the same key: the oldest keeps it, the other runs on without
        assert rows["t-dup"].dedupe_key is None and rows["t-dup"].owner == "celery"
        assert rows["t-done"].dedupe_key == "questlove"  # finished: not in the unique index
        assert rows["t-nokey"].dedupe_key is None and rows["t-nokey"].owner == "celery"
        assert rows["t-long"].dedupe_key == task_store.stored_key("x|" + "u" * 300)
        assert rows["t-long"].dedupe_key.startswith("sha256:")  # type: ignore[union-attr]
        plain = rows["t-plain"]
        assert plain.params == {"artist": "Plain"} and plain.owner is None
        with session_scope(eng) as s:  # the migrated key is live: a duplicate joins t-run
            row, joined = task_store.submit_task(s, "research", {"artist": "QUESTLOVE"},
                                                 key="questlove", owner="celery")
            assert joined and row.id == "t-run"
    finally:
        eng.dispose()


def test_downgrade_puts_the_state_back_into_params(empty_url: str) -> None:
    from alembic import command

    from mididrumigen.storage.engine import _alembic_config

    eng = make_engine(empty_url)
    try:
        upgrade(eng)
        with session_scope(eng) as s:
            task_store.create_task(s, "research", {"artist": "A"}, task_id="a",
                                   dedupe_key="a", owner="host|1|r")
        cfg = _alembic_config()
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert "dedupe_key" not in {c["name"] for c in inspect(eng).get_columns("tasks")}
        with eng.connect() as conn:
            params = conn.execute(text("SELECT params FROM tasks WHERE id = 'a'")).scalar()
        params = params if isinstance(params, dict) else json.loads(params)
        assert params == {"artist": "A", "_key": "a", "_owner": "host|1|r"}
        upgrade(eng)  # and up again
        with session_scope(eng) as s:
            row = task_store.get_task(s, "a")
            assert row is not None and (row.dedupe_key, row.owner) == ("a", "host|1|r")
    finally:
        eng.dispose()


def test_the_active_key_index_is_partial_and_unique(engine: Any, backend: str) -> None:
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("tasks")}
    assert indexes[ACTIVE_KEY_INDEX]["unique"]
    assert indexes[ACTIVE_KEY_INDEX]["column_names"] == ["kind", "dedupe_key"]
    with engine.connect() as conn:
        if backend == "postgresql":
            definition = conn.scalar(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
                                     {"n": ACTIVE_KEY_INDEX})
        else:
            definition = conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = :n"),
                                     {"n": ACTIVE_KEY_INDEX})
    assert "WHERE" in definition and "pending" in definition and "running" in definition


def test_a_second_active_task_with_the_same_key_is_refused(engine: Any) -> None:
    with session_scope(engine) as s:
        first = task_store.create_task(s, "research", {}, dedupe_key="sting").id
    with pytest.raises(StorageError, match="database error"), session_scope(engine) as s:
        task_store.create_task(s, "research", {}, dedupe_key="sting")
    with session_scope(engine) as s:  # running counts as active too
        task_store.update_task(s, first, status="running")
    with pytest.raises(StorageError, match="database error"), session_scope(engine) as s:
        task_store.create_task(s, "research", {}, dedupe_key="sting")
    with session_scope(engine) as s:  # another kind, or no key at all: allowed
        task_store.create_task(s, "augment", {}, dedupe_key="sting")
        task_store.create_task(s, "research", {})
        task_store.create_task(s, "research", {})
        task_store.update_task(s, first, status="succeeded", result={})
    with session_scope(engine) as s:  # once finished, the key is free again, as often as needed
        second = task_store.create_task(s, "research", {}, dedupe_key="sting").id
        task_store.update_task(s, second, status="failed", error="x")
        third = task_store.create_task(s, "research", {}, dedupe_key="sting").id
        assert task_store.find_active(s, "research", "sting").id == third  # type: ignore[union-attr]
        assert len({first, second, third}) == 3


def test_concurrent_submissions_of_the_same_work_make_one_task(engine: Any, race: Any) -> None:
    def submit(s: Any) -> tuple[str, bool]:
        row, joined = task_store.submit_task(s, "research", {"artist": "Sting"}, key="sting",
                                             owner="host|1|r")
        return row.id, joined

    n = 4
    results = race(engine, submit, n)
    assert len({task_id for task_id, _ in results}) == 1
    assert sorted(joined for _, joined in results) == [False] + [True] * (n - 1)
    with session_scope(engine) as s:
        assert len(task_store.active_tasks(s)) == 1


def test_claim_is_atomic_and_sets_owner_and_start(engine: Any) -> None:
    with session_scope(engine) as s:
        task_id = task_store.create_task(s, "generate", {"artist": "A"}, owner="celery").id
    with session_scope(engine) as s:
        row = task_store.claim_task(s, task_id, "host|7|w")
        assert row is not None and row.status == "running" and row.owner == "host|7|w"
        assert row.started_at is not None and row.step == "Starting"
    with session_scope(engine) as s:  # a second worker gets nothing
        assert task_store.claim_task(s, task_id, "host|8|w") is None
        assert task_store.claim_task(s, "missing", "host|8|w") is None
        assert task_store.get_task(s, task_id).owner == "host|7|w"  # type: ignore[union-attr]
    with session_scope(engine) as s:
        assert [r.id for r in task_store.active_tasks(s, except_owner="host|7|w")] == []
        assert [r.id for r in task_store.active_tasks(s)] == [task_id]
