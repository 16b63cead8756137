"""Research evidence rows and research status."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from mididrumigen.errors import NotFoundError
from mididrumigen.storage.columns import utcnow
from mididrumigen.storage.engine import session_scope
from mididrumigen.storage.models import Artist, ResearchSource
from mididrumigen.storage.repository import find_artist
from mididrumigen.storage.sources import add_source, set_research_status, sources_for


def test_sources_are_stored_in_order_with_their_data(engine: Any) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        add_source(s, "Tony Allen", "wikipedia", url="https://en.wikipedia.org/wiki/Tony_Allen",
                   raw_content="x" * 300_000, extracted_data={"genres": ["afrobeat"]},
                   confidence=0.7, license="CC BY-SA 4.0", collected_at=now)
        add_source(s, "tony allen", "audio", file_path="/music/a.wav",
                   extracted_data={"tempo": 112.5, "swing": 56.0}, confidence=0.6,
                   collected_at=now - timedelta(minutes=5))
    with session_scope(engine) as s:
        rows = sources_for(s, "TONY ALLEN")
        assert [r.source_type for r in rows] == ["audio", "wikipedia"]
        assert rows[0].extracted_data == {"tempo": 112.5, "swing": 56.0}
        assert rows[1].license == "CC BY-SA 4.0" and len(rows[1].raw_content or "") == 200_000
        assert s.scalar(select(func.count()).select_from(Artist)) == 1
        assert sources_for(s, "Nobody") == []
        with pytest.raises(ValueError, match="confidence must be in range 0..1"):
            add_source(s, "Tony Allen", "web", confidence=1.5)


def test_research_status_and_cascade_delete(engine: Any) -> None:
    with session_scope(engine) as s:
        set_research_status(s, "Tony Allen", "running")
        add_source(s, "Tony Allen", "musicbrainz")
    with session_scope(engine) as s:
        artist = find_artist(s, "Tony Allen")
        assert artist is not None and artist.research_status == "running"
        with pytest.raises(ValueError, match="status must be one of"):
            set_research_status(s, "Tony Allen", "lost")
        with pytest.raises(NotFoundError, match="no artist 'Nobody'"):
            set_research_status(s, "Nobody", "none")
        s.execute(delete(Artist))
    with session_scope(engine) as s:  # foreign keys are enforced on SQLite too
        assert s.scalar(select(func.count()).select_from(ResearchSource)) == 0
