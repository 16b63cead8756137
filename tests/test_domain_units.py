"""domain/units.py: time conversions round-trip and agree with each other and with MIDI."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mididrumigen.domain import units
from mididrumigen.domain.meter import TimeSignature

BPM = st.floats(20, 400)
PPQ = st.sampled_from([24, 48, 96, 192, 240, 384, 480, 960, 1920, 9600])
MS = st.floats(-2000, 2000)
BEATS = st.floats(-64, 64)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


@given(ms=MS, bpm=BPM)
def test_ms_beats_round_trip(ms: float, bpm: float) -> None:
    assert close(units.beats_to_ms(units.ms_to_beats(ms, bpm), bpm), ms)


@given(ms=MS, bpm=BPM, ppq=PPQ)
def test_ms_ticks_round_trip_and_agree_with_beats(ms: float, bpm: float, ppq: int) -> None:
    ticks = units.ms_to_ticks(ms, bpm, ppq)
    assert close(units.ticks_to_ms(ticks, bpm, ppq), ms)
    assert close(ticks, units.beats_to_ticks(units.ms_to_beats(ms, bpm), ppq))


@given(beats=BEATS, ppq=PPQ)
def test_beats_ticks_round_trip(beats: float, ppq: int) -> None:
    assert close(units.ticks_to_beats(units.beats_to_ticks(beats, ppq), ppq), beats)


@given(steps=st.integers(-10_000, 10_000), ppq=PPQ)
def test_steps_ticks_round_trip(steps: int, ppq: int) -> None:
    ticks = units.steps_to_ticks(steps, ppq)
    assert isinstance(ticks, int) and units.ticks_to_steps(ticks, ppq) == steps
    assert ticks == units.beats_to_ticks(steps / units.STEPS_PER_BEAT, ppq)


@given(bpm=BPM)
def test_bpm_and_midi_tempo(bpm: float) -> None:
    us = units.bpm_to_us_per_beat(bpm)
    assert isinstance(us, int)
    # one microsecond of rounding is well under a hundredth of a BPM in 20..400
    assert abs(units.us_per_beat_to_bpm(us) - bpm) < 0.01
    assert units.bpm_to_us_per_beat(units.us_per_beat_to_bpm(us)) == us
    assert abs(units.ms_per_beat(bpm) - us / 1000) <= 0.0005  # µs rounding
    assert close(units.ms_per_step(bpm) * units.STEPS_PER_BEAT, units.ms_per_beat(bpm))
    assert close(units.bpm_from_seconds_per_beat(units.seconds_per_beat(bpm)), bpm)


@given(ticks=st.integers(0, 10**7), bpm=BPM, ppq=PPQ)
def test_seconds_agree_with_ms(ticks: int, bpm: float, ppq: int) -> None:
    assert close(units.ticks_to_seconds(ticks, bpm, ppq) * 1000,
                 units.ticks_to_ms(ticks, bpm, ppq))


@given(ticks=st.integers(0, 10**7), a=PPQ, b=PPQ)
def test_rescale_is_the_nearest_tick(ticks: int, a: int, b: int) -> None:
    out = units.rescale_ticks(ticks, a, b)
    assert abs(out - ticks * b / a) <= 0.5
    if b % a == 0:  # scaling up is exact, and scaling back down recovers the position
        assert out == ticks * (b // a) and units.rescale_ticks(out, b, a) == ticks


def test_known_values() -> None:
    assert units.bpm_to_us_per_beat(120) == 500_000
    assert units.us_per_beat_to_bpm(500_000) == 120.0
    assert units.ms_to_ticks(20.0, 100, 480) == pytest.approx(16.0)
    assert units.ms_to_beats(20.0, 100) == pytest.approx(20 * 100 / 60000)
    assert units.steps_to_ticks(3, 480) == 360 and units.ticks_per_step(480) == 120
    assert units.ms_per_step(100) == 150.0
    assert units.rescale_ticks(1, 480, 96) == 0 and units.rescale_ticks(3, 480, 96) == 1


def test_meter_ticks_use_the_units() -> None:
    for ts in (TimeSignature(4, 4), TimeSignature(7, 8), TimeSignature(12, 8)):
        assert ts.ticks_per_bar(480) == units.steps_to_ticks(ts.steps_per_bar, 480)
