"""services with a database: the profile cache before the knowledge base, history rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update

from mididrumigen import services
from mididrumigen.domain import GenerationParams
from mididrumigen.storage.columns import utcnow
from mididrumigen.storage.engine import session_scope
from mididrumigen.storage.models import StyleProfileRow
from mididrumigen.storage.repository import save_profile


def test_generate_records_history_with_params_and_files(runtime: Any, engine: Any,
                                                        tmp_path: Path) -> None:
    res = services.generate(runtime, services.GenerateCommand(
        "Stewart Copeland", GenerationParams(bars=2, variations=2, seed=5)),
        out_dir=tmp_path, db=engine)
    rows = services.history(engine, 5)
    assert len(rows) == 1
    row = rows[0]
    assert row.artist == res.artist and row.provider_used == "template"
    assert row.params["seed"] == 5 and row.params["bars"] == 2
    assert row.params["time_signature"] == "4/4"
    assert row.output_files == [str(f) for f in res.files] and len(res.files) == 2
    assert services.history(engine, 5, artist="stewart copeland")[0].id == row.id


def test_a_stored_research_profile_wins_until_it_expires(runtime: Any, engine: Any) -> None:
    kb = services.resolve_profile(runtime, "Stewart Copeland").profile
    researched = replace(kb, source="research", confidence=0.95,
                         params=replace(kb.params, swing_percent=61.0))
    with session_scope(engine) as s:
        save_profile(s, researched)
    found = services.resolve_profile(runtime, "stewart copeland", db=engine)
    assert found.profile.source == "research" and found.profile.params.swing_percent == 61.0
    assert "stored research profile" in found.note
    assert services.resolve_profile(runtime, "Stewart Copeland").profile.source == "knowledge_base"
    with session_scope(engine) as s:  # older than the 90-day default TTL
        s.execute(update(StyleProfileRow).values(created_at=utcnow() - timedelta(days=91)))
    services.forget_profile(runtime, "Stewart Copeland")  # as the 2 s lookup memo would
    assert services.resolve_profile(runtime, "Stewart Copeland", db=engine).profile.source == \
        "knowledge_base"


def test_stored_copies_of_the_knowledge_base_do_not_shadow_it(runtime: Any, engine: Any) -> None:
    kb = services.resolve_profile(runtime, "Stewart Copeland").profile
    with session_scope(engine) as s:
        save_profile(s, replace(kb, confidence=0.01))
    resolved = services.resolve_profile(runtime, "Stewart Copeland", db=engine)
    assert resolved.profile.confidence == kb.confidence
