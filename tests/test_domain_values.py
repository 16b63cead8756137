"""Domain values validate at construction with messages naming the field and range."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mididrumigen.domain import (
    GenerationParams,
    Note,
    Pattern,
    StyleParams,
    StyleProfile,
    TimeSignature,
)
from mididrumigen.domain.names import clean_artist_name, slugify
from mididrumigen.errors import UserInputError


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bars": 0}, "bars must be in range 1..16"),
        ({"bars": 17}, "bars must be in range 1..16"),
        ({"tempo": 1000}, "tempo must be in range 40..300"),
        ({"tempo": float("nan")}, "tempo must be in range 40..300"),
        ({"variations": 9}, "variations must be in range 1..8"),
        ({"seed": -1}, "seed must be in range"),
    ],
)
def test_generation_params_reject_out_of_range(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        GenerationParams(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["13/5", "4/3", "x/4", "4", "0/4", "4/0"])
def test_time_signature_rejects_bad_text(text: str) -> None:
    with pytest.raises(UserInputError, match="time_signature"):
        TimeSignature.parse(text)


@pytest.mark.parametrize(
    ("text", "steps", "groups"),
    [("4/4", 16, (4, 4, 4, 4)), ("3/4", 12, (4, 4, 4)), ("6/8", 12, (6, 6)),
     ("7/8", 14, (4, 4, 6)), ("12/8", 24, (6, 6, 6, 6)), ("5/4", 20, (4,) * 5),
     ("9/8", 18, (6, 6, 6)), ("2/4", 8, (4, 4))],
)
def test_meter_grid(text: str, steps: int, groups: tuple[int, ...]) -> None:
    ts = TimeSignature.parse(text)
    assert ts.steps_per_bar == steps
    assert ts.beat_groups == groups
    assert sum(groups) == steps


def test_note_ranges() -> None:
    with pytest.raises(UserInputError, match="velocity must be in range 1..127"):
        Note(0, 36, 0)
    with pytest.raises(UserInputError, match="pitch must be in range 0..127"):
        Note(0, 200, 100)
    with pytest.raises(UserInputError, match="time must be in range"):
        Note(-1, 36, 100)


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(35, 81), st.integers(1, 127),
                          st.integers(1, 500)), max_size=50),
       st.floats(20, 400), st.sampled_from(["4/4", "7/8", "12/8"]), st.integers(1, 16))
def test_pattern_json_round_trip(raw: list[tuple[int, int, int, int]], tempo: float, ts: str,
                                 bars: int) -> None:
    p = Pattern(tuple(Note(*n) for n in raw), tempo, TimeSignature.parse(ts), bars)
    assert Pattern.from_dict(p.to_dict()) == p


def test_pattern_from_bad_json_names_the_note() -> None:
    with pytest.raises(UserInputError, match=r"notes\[1\]: velocity must be in range 1..127"):
        Pattern.from_dict({"notes": [{"pitch": 36, "velocity": 100, "time": 0},
                                     {"pitch": 38, "velocity": 300, "time": 10}]})


def test_style_params_ranges_and_round_trip() -> None:
    sp = StyleParams(swing_percent=62, swing_unit=16, microtiming_ms={"snare": 20})
    assert StyleParams.from_dict(sp.to_dict()) == sp
    with pytest.raises(UserInputError, match="swing_percent must be in range 50..75"):
        StyleParams(swing_percent=90)
    with pytest.raises(ValueError, match="unknown voice"):
        StyleParams(microtiming_ms={"cowbell2": 3})
    with pytest.raises(UserInputError, match="tempo_avg must lie"):
        StyleParams(tempo_min=100, tempo_max=120, tempo_avg=90)


def test_style_profile_round_trip() -> None:
    prof = StyleProfile("Tony Allen", genres=("afrobeat",), kind="drummer", confidence=0.7,
                        provenance={"swing_percent": "editorial"})
    assert StyleProfile.from_dict(prof.to_dict()) == prof


@pytest.mark.parametrize("bad", ["", "   ", "a" * 101, "Bon\x00ham", "Bon\x1bham", "x\u200by"])
def test_artist_names_rejected(bad: str) -> None:
    with pytest.raises(UserInputError, match="artist"):
        clean_artist_name(bad)


def test_artist_names_unicode_and_slugs() -> None:
    assert clean_artist_name("  Mötley   Crüe ") == "Mötley Crüe"
    assert slugify("Mötley Crüe") == "motley-crue"
    assert slugify("AC/DC") == "ac-dc"
    assert slugify("坂本龍一") == "坂本龍一"
    assert slugify("!!!") == "artist"


def test_domain_imports_nothing_heavy() -> None:
    code = ("import sys, mididrumigen.domain; "
            "bad = [m for m in ('sqlalchemy','fastapi','httpx','mido','numpy','anthropic','openai',"
            "'pydantic','typer','rich') if m in sys.modules]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
