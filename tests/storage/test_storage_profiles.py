"""Artists and StyleProfiles: round trip, versions, TTL, single-flight creation, atomicity."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from mididrumigen.domain.meter import TimeSignature
from mididrumigen.domain.profile import SignatureGroove, StyleParams, StyleProfile
from mididrumigen.errors import StorageError, UserInputError
from mididrumigen.research.embedder import embed_profile
from mididrumigen.storage import repository as repo
from mididrumigen.storage.columns import utcnow
from mididrumigen.storage.engine import session_scope
from mididrumigen.storage.models import Artist, GenerationRecord, StyleProfileRow
from mididrumigen.storage.records import record_generation


def rich_profile(**changes: Any) -> StyleProfile:
    fields: dict[str, Any] = dict(
        artist_name="Mötley Crüe",
        params=StyleParams(tempo_min=90, tempo_max=150, tempo_avg=120, swing_percent=54.5,
                           swing_unit=8, ghost_note_prob=0.05, syncopation=0.2,
                           velocity_mean=110, velocity_std=9.5,
                           microtiming_ms={"kick": -2.5, "snare": 6.0, "closed_hat": -1.0},
                           fill_rate=0.7, hat_openness=0.4, complexity=0.35, double_kick=True),
        genres=("hard_rock", "metal"), aliases=("Motley Crue",), kind="band",
        drummers=("Tommy Lee",), text_description="Big arena backbeat, flashy fills.",
        signature_grooves=(SignatureGroove("Kickstart intro", "BD|x...x...\nSD|....X...",
                                           TimeSignature(4, 4), song="Kickstart", tempo=140.0),),
        confidence=0.8, sources_count=3,
        provenance={"tempo_avg": "musicbrainz:recording-bpm", "swing_percent": "audio:x.wav"},
        source="research")
    fields.update(changes)
    return StyleProfile(**fields)


def count(session: Any, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)))


def test_profile_round_trip_is_lossless(engine: Any) -> None:
    profile = rich_profile()
    with session_scope(engine) as s:
        assert repo.save_profile(s, profile) == 1
    with session_scope(engine) as s:
        loaded = repo.latest_profile(s, "Mötley Crüe")
    assert loaded is not None
    assert loaded.to_dict() == profile.to_dict()
    assert loaded == profile


def test_names_are_matched_in_normalized_form(engine: Any) -> None:
    with session_scope(engine) as s:
        repo.save_profile(s, rich_profile())
    with session_scope(engine) as s:
        for typed in ("motley crue", "THE MÖTLEY CRÜE", "  Motley   Crue "):
            found = repo.latest_profile(s, typed)
            assert found is not None and found.artist_name == "Mötley Crüe"
        assert repo.latest_profile(s, "Motley") is None
        assert count(s, Artist) == 1


def test_normalize_name_rules() -> None:
    assert repo.normalize_name("The Mötley Crüe feat. Someone") == "motley crue"
    assert repo.normalize_name("AC/DC") == "ac dc"
    assert repo.normalize_name("Earth, Wind & Fire") == "earth wind and fire"
    assert repo.normalize_name("坂本龍一") == "坂本龍一"
    with pytest.raises(UserInputError, match="no letters or digits"):
        repo.normalize_name(" !? ")


def test_each_save_is_a_new_version_and_old_ones_are_kept(engine: Any) -> None:
    with session_scope(engine) as s:
        versions = [repo.save_profile(s, rich_profile(confidence=c)) for c in (0.2, 0.5, 0.9)]
    assert versions == [1, 2, 3]
    with session_scope(engine) as s:
        latest = repo.latest_profile(s, "motley crue")
        assert latest is not None and latest.confidence == 0.9
        history = repo.profile_versions(s, "motley crue")
        assert [(v, p.confidence) for v, _, p in history] == [(1, 0.2), (2, 0.5), (3, 0.9)]
        first = repo.profile_version(s, "motley crue", 1)
        assert first is not None and first.confidence == 0.2
        current = s.scalars(select(StyleProfileRow.version)
                            .where(StyleProfileRow.is_current.is_(True))).all()
        assert current == [3]
        artist = repo.find_artist(s, "Motley Crue")
        assert artist is not None and artist.confidence == 0.9
        assert artist.research_status == "done"


def test_latest_profile_honours_the_cache_ttl(engine: Any) -> None:
    with session_scope(engine) as s:
        repo.save_profile(s, rich_profile())
        s.execute(update(StyleProfileRow).values(created_at=utcnow() - timedelta(days=10)))
    with session_scope(engine) as s:
        assert repo.latest_profile(s, "motley crue", max_age=timedelta(days=30)) is not None
        assert repo.latest_profile(s, "motley crue", max_age=timedelta(days=7)) is None
        assert repo.latest_profile(s, "motley crue") is not None  # no TTL: any age
        now = utcnow() + timedelta(days=25)
        assert repo.latest_profile(s, "motley crue", timedelta(days=30), now=now) is None
    with session_scope(engine) as s:  # a fresh save refreshes the cache
        repo.save_profile(s, rich_profile())
    with session_scope(engine) as s:
        assert repo.latest_profile(s, "motley crue", max_age=timedelta(days=7)) is not None


def test_timestamps_come_back_timezone_aware(engine: Any) -> None:
    before = utcnow()
    with session_scope(engine) as s:
        repo.save_profile(s, rich_profile())
    with session_scope(engine) as s:
        (_, created, _), = repo.profile_versions(s, "motley crue")
    assert created.tzinfo is not None and before <= created <= utcnow()


def test_the_profiles_embedding_is_stored_as_it_comes(engine: Any) -> None:
    profile = embed_profile(rich_profile())
    assert profile.embedding is not None
    custom = [0.0] * len(profile.embedding)
    custom[0] = 1.0
    with session_scope(engine) as s:
        repo.save_profile(s, profile)
        repo.save_profile(s, rich_profile(artist_name="Custom", embedding=tuple(custom)))
        repo.save_profile(s, rich_profile(artist_name="Plain"))  # none given: none computed
    with session_scope(engine) as s:
        row = repo.latest_profile_row(s, "motley crue")
        assert row is not None
        assert row.embedding == pytest.approx(list(profile.embedding), abs=1e-6)
        loaded = repo.row_to_profile(row, with_embedding=True)
        assert loaded.embedding is not None and len(loaded.embedding) == len(custom)
        custom_row = repo.latest_profile_row(s, "custom")
        assert custom_row is not None and custom_row.embedding == custom
        plain = repo.latest_profile_row(s, "plain")
        assert plain is not None and plain.embedding is None


def test_a_wrong_embedding_length_is_refused(engine: Any) -> None:
    with pytest.raises(StorageError, match="embedding must have 437 values"), \
            session_scope(engine) as s:
        repo.save_profile(s, rich_profile(embedding=(1.0, 2.0)))
    with session_scope(engine) as s:
        assert count(s, Artist) == 0 and count(s, StyleProfileRow) == 0


def test_concurrent_creation_of_one_artist_makes_one_row(engine: Any, race: Any) -> None:
    ids = race(engine, lambda s: repo.get_or_create_artist(s, "Stewart Copeland").id)
    assert ids[0] == ids[1]
    with session_scope(engine) as s:
        assert count(s, Artist) == 1


def test_concurrent_saves_get_distinct_versions(engine: Any, race: Any) -> None:
    versions = race(engine, lambda s: repo.save_profile(s, rich_profile()))
    assert sorted(versions) == [1, 2]
    with session_scope(engine) as s:
        assert count(s, Artist) == 1
        assert count(s, StyleProfileRow) == 2


def test_an_error_inside_the_unit_of_work_rolls_everything_back(engine: Any) -> None:
    with pytest.raises(RuntimeError, match="boom"), session_scope(engine) as s:
        repo.save_profile(s, rich_profile())
        record_generation(s, artist="Mötley Crüe", provider_used="engine",
                          generation_time_ms=5.0)
        raise RuntimeError("boom")
    with session_scope(engine) as s:
        assert count(s, Artist) == 0
        assert count(s, StyleProfileRow) == 0
        assert count(s, GenerationRecord) == 0


KILLED = """
import os, signal, sys
from mididrumigen.domain.profile import StyleProfile
from mididrumigen.storage.engine import make_engine, session_scope
from mididrumigen.storage.records import record_generation
from mididrumigen.storage.repository import save_profile

with session_scope(make_engine(sys.argv[1])) as s:
    save_profile(s, StyleProfile("Killed Midway", genres=("rock",)))
    record_generation(s, artist="Killed Midway", provider_used="engine", generation_time_ms=1)
    s.flush()
    print("flushed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_process_leaves_no_orphan_rows(engine: Any, db_url: str) -> None:
    result = subprocess.run([sys.executable, "-c", KILLED, db_url], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == -9 and "flushed" in result.stdout, result.stderr
    with session_scope(engine) as s:  # the database is usable and holds nothing of it
        assert count(s, Artist) == 0
        assert count(s, StyleProfileRow) == 0
        assert count(s, GenerationRecord) == 0
        repo.save_profile(s, StyleProfile("Killed Midway"))
    with session_scope(engine) as s:
        assert count(s, Artist) == 1

