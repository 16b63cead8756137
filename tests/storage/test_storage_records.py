"""Generation history, LLM calls, provider statistics and task rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from mididrumigen.errors import NotFoundError, StorageError
from mididrumigen.storage import task_store
from mididrumigen.storage.columns import utcnow
from mididrumigen.storage.engine import session_scope, write_scope
from mididrumigen.storage.records import (
    history,
    llm_usage,
    record_generation,
    record_generations,
    record_llm_call,
)
from mididrumigen.storage.repository import find_artist


def test_generation_history_newest_first(engine: Any) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        for i, artist in enumerate(("Questlove", "Stewart Copeland", "Questlove")):
            record_generation(s, artist=artist, provider_used="engine",
                              generation_time_ms=10.0 + i, params={"bars": 4, "seed": i},
                              output_files=[f"out/{i}.mid"], cost_usd=Decimal("0.00012345"),
                              created_at=now + timedelta(seconds=i))
    with session_scope(engine) as s:
        rows = history(s, limit=2)
        assert [(r.artist, r.params["seed"]) for r in rows] == [("Questlove", 2),
                                                                ("Stewart Copeland", 1)]
        assert rows[0].output_files == ["out/2.mid"]
        assert rows[0].cost_usd == Decimal("0.00012345")
        assert rows[0].created_at == now + timedelta(seconds=2)
        assert [r.params["seed"] for r in history(s, 10, artist="questlove")] == [2, 0]
        assert find_artist(s, "Questlove") is not None


def test_a_batch_of_generations_is_the_same_rows_each_generation_id_once(engine: Any) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        record_generation(s, artist="Questlove", provider_used="engine", generation_time_ms=1.0,
                          generation_id="a" * 32, created_at=now)
    entries = [
        {"artist": "questlove", "provider_used": "template", "generation_time_ms": 2.0,
         "generation_id": "a" * 32, "created_at": now},  # recorded already
        {"artist": "  Sheila   E. ", "provider_used": "template", "generation_time_ms": 3.0,
         "params": {"seed": 3}, "output_files": ["x.mid"], "cost_usd": Decimal("0.5"),
         "generation_id": "b" * 32, "created_at": now + timedelta(seconds=1)},  # a new artist
        {"artist": "Sheila E.", "provider_used": "template", "generation_time_ms": 4.0,
         "generation_id": "b" * 32, "created_at": now + timedelta(seconds=2)},  # twice here
        {"artist": "QUESTLOVE", "provider_used": "template", "generation_time_ms": 5.0,
         "created_at": now + timedelta(seconds=3)},
    ]
    with write_scope(engine) as conn:
        record_generations(conn, entries)
    with session_scope(engine) as s:
        rows = history(s, limit=10)
    assert [(r.artist, r.generation_time_ms) for r in rows] == [
        ("Questlove", 5.0), ("Sheila E.", 3.0), ("Questlove", 1.0)]  # the artist row's name
    assert rows[1].params == {"seed": 3} and rows[1].output_files == ["x.mid"]
    assert rows[1].cost_usd == Decimal("0.5") and rows[1].created_at == now + timedelta(seconds=1)
    with write_scope(engine) as conn, pytest.raises(TypeError):
        record_generations(conn, [{"artist": "x", "provider_used": "t", "generation_time_ms": 1,
                                "no_such_column": 1}])


def test_llm_usage_sums_exact_costs_since_a_time(engine: Any) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        record_llm_call(s, provider="anthropic", model="claude", tokens_in=1000, tokens_out=200,
                        cost_usd=Decimal("0.00123456"), latency_ms=800,
                        created_at=now - timedelta(days=2))
        for latency, outcome in ((400, "success"), (600, "success"), (1000, "timeout")):
            record_llm_call(s, provider="anthropic", model="claude", tokens_in=100,
                            tokens_out=50, cost_usd=Decimal("0.00010001"), latency_ms=latency,
                            outcome=outcome, error=None if outcome == "success" else "timed out")
        record_llm_call(s, provider="ollama", model="llama3", tokens_in=10, latency_ms=50)
        record_llm_call(s, provider="openai", model="unpriced", cost_usd=None, outcome="server")
    with session_scope(engine) as s:
        recent = {p.provider: p for p in llm_usage(s, now - timedelta(hours=1), by_day=False)}
        every = {p.provider: p for p in llm_usage(s, by_day=False)}
        days = llm_usage(s)
    a = recent["anthropic"]
    assert (a.requests, a.successes, a.failures, a.input_tokens, a.output_tokens) == \
        (3, 2, 1, 300, 150)
    assert a.cost_usd == Decimal("0.00030003") and a.day is None
    assert a.mean_latency_ms == pytest.approx(2000 / 3)
    assert a.success_rate == pytest.approx(2 / 3)
    assert every["anthropic"].requests == 4
    assert every["anthropic"].cost_usd == Decimal("0.00153459")
    assert recent["ollama"].cost_usd == Decimal(0) and recent["ollama"].requests == 1
    assert (recent["openai"].unknown_cost_calls, recent["openai"].cost_usd) == (1, Decimal(0))
    # per UTC day: the call two days ago is a row of its own, days in order
    assert [(d.day, d.provider, d.requests) for d in days if d.provider == "anthropic"] == [
        ((now - timedelta(days=2)).date(), "anthropic", 1), (now.date(), "anthropic", 3)]
    assert days == sorted(days, key=lambda d: (d.day, d.provider))


def test_llm_call_outcomes_of_old_databases_are_translated(empty_url: str) -> None:
    """Rows written before the one vocabulary (ok, invalid, rate_limited, "error" with the kind
    in the message) read back in the providers' words after the migration."""
    from sqlalchemy import text

    from mididrumigen.storage.engine import make_engine, upgrade

    eng = make_engine(empty_url)
    try:
        upgrade(eng, "0002")  # the revision before the one vocabulary
        old = [("ok", None), ("invalid", "bad grid"), ("rate_limited", None), ("auth", "401"),
               ("error", "server: HTTP 503"), ("error", "connection"), ("error", "error: boom")]
        with eng.begin() as conn:
            for outcome, error in old:
                conn.execute(text(
                    "INSERT INTO llm_calls (provider, model, tokens_in, tokens_out, cost_usd, "
                    "latency_ms, outcome, error, created_at) VALUES ('p', 'm', 0, 0, 0, 0, "
                    ":o, :e, :t)"), {"o": outcome, "e": error, "t": utcnow().replace(tzinfo=None)})
        upgrade(eng)
        with eng.connect() as conn:
            rows = conn.execute(text("SELECT outcome, error FROM llm_calls ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [
            ("success", None), ("invalid_output", "bad grid"), ("rate_limit", None),
            ("auth", "401"), ("server", "HTTP 503"), ("connection", None), ("error", "boom")]
        with session_scope(eng) as s:
            [usage] = llm_usage(s, by_day=False)
            assert (usage.requests, usage.successes) == (7, 1)
            record_llm_call(s, provider="p", model="m", cost_usd=None)  # NULL allowed now
    finally:
        eng.dispose()


def test_record_validation(engine: Any) -> None:
    with session_scope(engine) as s:
        with pytest.raises(ValueError, match="outcome must be one of"):
            record_llm_call(s, provider="x", model="y", outcome="great")
        with pytest.raises(ValueError, match="cost_usd must be"):
            record_llm_call(s, provider="x", model="y", cost_usd=-1)


def test_task_lifecycle(engine: Any) -> None:
    with session_scope(engine) as s:
        task = task_store.create_task(s, "research", {"artist": "Questlove"})
        task_id = task.id
        assert len(task_id) == 36 and task.status == "pending"
    with session_scope(engine) as s:
        task_store.update_task(s, task_id, status="running", progress=0.4, step="collecting")
    with session_scope(engine) as s:
        row = task_store.get_task(s, task_id)
        assert row is not None
        assert (row.status, row.progress, row.step, row.finished_at) == ("running", 0.4,
                                                                          "collecting", None)
        task_store.update_task(s, task_id, status="succeeded", result={"profile_version": 2})
    with session_scope(engine) as s:
        row = task_store.get_task(s, task_id)
        assert row is not None and row.progress == 1.0 and row.result == {"profile_version": 2}
        assert row.finished_at is not None and row.params == {"artist": "Questlove"}
        assert [t.id for t in task_store.list_tasks(s, status="succeeded")] == [task_id]
        assert task_store.list_tasks(s, status="failed") == []
        assert task_store.get_task(s, "missing") is None
        with pytest.raises(NotFoundError, match="no task with id 'missing'"):
            task_store.update_task(s, "missing", progress=0.5)
        with pytest.raises(ValueError, match="progress must be in range 0..1"):
            task_store.update_task(s, task_id, progress=2.0)
    with session_scope(engine) as s:
        assert task_store.delete_finished_tasks(s, older_than_s=3600) == 0
        assert task_store.delete_finished_tasks(s, older_than_s=-1) == 1
        assert task_store.get_task(s, task_id) is None


def test_database_errors_become_storage_errors_and_roll_back(engine: Any) -> None:
    with session_scope(engine) as s:
        task_store.create_task(s, "generate", task_id="fixed-id")
    with pytest.raises(StorageError, match="database error at .*mididrumigen db upgrade"), \
            session_scope(engine) as s:
        task_store.create_task(s, "other", task_id="unique-one")
        task_store.create_task(s, "generate", task_id="fixed-id")
    with session_scope(engine) as s:
        assert task_store.get_task(s, "unique-one") is None
