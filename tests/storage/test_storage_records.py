"""Generation history, LLM calls, provider statistics and task rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from mididrumigen.errors import NotFoundError, StorageError
from mididrumigen.storage import task_store
from mididrumigen.storage.columns import utcnow
from mididrumigen.storage.engine import session_scope
from mididrumigen.storage.records import history, provider_stats, record_generation, record_llm_call
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


def test_provider_stats_sum_exact_costs_since_a_time(engine: Any) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        record_llm_call(s, provider="anthropic", model="claude", tokens_in=1000, tokens_out=200,
                        cost_usd=Decimal("0.00123456"), latency_ms=800,
                        created_at=now - timedelta(days=2))
        for latency, outcome in ((400, "ok"), (600, "ok"), (1000, "timeout")):
            record_llm_call(s, provider="anthropic", model="claude", tokens_in=100,
                            tokens_out=50, cost_usd=Decimal("0.00010001"), latency_ms=latency,
                            outcome=outcome, error=None if outcome == "ok" else "timed out")
        record_llm_call(s, provider="ollama", model="llama3", tokens_in=10, latency_ms=50)
    with session_scope(engine) as s:
        recent = {p.provider: p for p in provider_stats(s, since=now - timedelta(hours=1))}
        every = {p.provider: p for p in provider_stats(s)}
    a = recent["anthropic"]
    assert (a.calls, a.ok, a.failures, a.tokens_in, a.tokens_out) == (3, 2, 1, 300, 150)
    assert a.cost_usd == Decimal("0.00030003")
    assert a.mean_latency_ms == pytest.approx(2000 / 3)
    assert a.success_rate == pytest.approx(2 / 3)
    assert every["anthropic"].calls == 4
    assert every["anthropic"].cost_usd == Decimal("0.00153459")
    assert recent["ollama"].cost_usd == Decimal(0) and recent["ollama"].calls == 1


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
