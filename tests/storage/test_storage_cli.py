"""`mididrumigen db upgrade|current|history|similar` on both backends."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from mididrumigen.cli.db import app
from mididrumigen.domain.profile import StyleParams, StyleProfile
from mididrumigen.research.embedder import embed_profile
from mididrumigen.storage.engine import HEAD_REVISION, session_scope
from mididrumigen.storage.records import record_generation
from mididrumigen.storage.repository import save_profile

runner = CliRunner()


def test_upgrade_then_current(empty_url: str) -> None:
    first = runner.invoke(app, ["upgrade", "--url", empty_url])
    assert first.exit_code == 0, first.output
    assert f"upgraded empty -> {HEAD_REVISION}" in first.output
    again = runner.invoke(app, ["upgrade", "--url", empty_url])
    assert again.exit_code == 0 and f"already at revision {HEAD_REVISION}" in again.output
    cur = runner.invoke(app, ["current", "--url", empty_url])
    assert cur.exit_code == 0
    assert f"revision {HEAD_REVISION} (newest {HEAD_REVISION}; up to date)" in cur.output


def test_current_on_an_empty_database_says_to_upgrade(empty_url: str) -> None:
    cur = runner.invoke(app, ["current", "--url", empty_url])
    assert cur.exit_code == 0 and "revision none" in cur.output
    assert "run `mididrumigen db upgrade`" in cur.output


def test_unreachable_database_exits_1_with_a_message() -> None:
    result = runner.invoke(app, ["upgrade", "--url",
                                 "postgresql://u:pw@127.0.0.1:1/x?connect_timeout=2"])
    assert result.exit_code == 1
    assert "cannot read the database" in result.output
    assert "server is running" in result.output and ":pw@" not in result.output


def test_history_lists_newest_first(engine: Any, db_url: str) -> None:
    empty = runner.invoke(app, ["history", "--url", db_url])
    assert empty.exit_code == 0 and "no generations recorded yet" in empty.output
    with session_scope(engine) as s:
        record_generation(s, artist="Questlove", provider_used="template",
                          generation_time_ms=12.0, output_files=["a.mid", "b.mid"])
        record_generation(s, artist="Sheila E.", provider_used="template",
                          generation_time_ms=8.0)
    text = runner.invoke(app, ["history", "--url", db_url])
    assert text.exit_code == 0, text.output
    lines = text.output.strip().splitlines()
    assert "Sheila E." in lines[0] and "Questlove" in lines[1] and "2 file(s)" in lines[1]
    data = json.loads(runner.invoke(app, ["history", "--url", db_url, "--json", "-n", "1"]).output)
    assert [d["artist"] for d in data] == ["Sheila E."]


def test_similar_includes_stored_profiles(engine: Any, db_url: str) -> None:
    with session_scope(engine) as s:
        save_profile(s, embed_profile(StyleProfile(
            "Garage Band Drummer X", StyleParams(swing_percent=52, ghost_note_prob=0.05),
            genres=("hard_rock", "rock"))))
        save_profile(s, embed_profile(StyleProfile(  # stored only, never in the knowledge base
            "Garage Band Drummer Y", StyleParams(swing_percent=52, ghost_note_prob=0.06),
            genres=("hard_rock", "rock"))))
    result = runner.invoke(app, ["similar", "Garage Band Drummer X", "--url", db_url,
                                 "--json", "-n", "5"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert len(found) == 5
    assert all(-1 <= d["score"] <= 1 for d in found)
    assert "Garage Band Drummer X" not in [d["artist"] for d in found]
    assert found[0]["artist"] == "Garage Band Drummer Y"
    unknown = runner.invoke(app, ["similar", "Qwzx Nobody Knows", "--url", db_url])
    assert unknown.exit_code == 2 and "error:" in unknown.output
