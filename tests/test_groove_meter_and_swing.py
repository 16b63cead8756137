"""Meter mapping (4/4 material laid over any meter) and swing as a time warp."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from mididrumigen.domain import SUPPORTED_TIME_SIGNATURES, TimeSignature, Voice
from mididrumigen.groove.builder import model_from_grids
from mididrumigen.groove.meter_map import BACK, DOWN, MID, source_roles, step_map, target_roles
from mididrumigen.groove.meter_model import fit, thaw
from mididrumigen.groove.swing import step_positions

FOUR = TimeSignature(4, 4)
ROCK_SNARE = [0.0] * 16
ROCK_SNARE[4] = ROCK_SNARE[12] = 1.0
MODEL = model_from_grids("rock", [
    "HH|x.x.x.x.x.x.x.x.|\nSD|....X.......X...|\nBD|X.......X.x.....|"])


def test_roles_of_common_meters() -> None:
    assert target_roles(4) == (DOWN, BACK, MID, BACK)
    assert target_roles(3) == (DOWN, MID, BACK)
    assert target_roles(2) == (DOWN, BACK)
    assert target_roles(5) == (DOWN, MID, BACK, MID, BACK)
    assert source_roles(FOUR, ROCK_SNARE) == (DOWN, BACK, MID, BACK)
    half_time = [0.0] * 16
    half_time[8] = 1.0
    assert source_roles(FOUR, half_time) == (DOWN, MID, BACK, MID)


def test_same_meter_is_the_identity() -> None:
    assert step_map(FOUR, FOUR, ROCK_SNARE) == tuple(range(16))


def test_seven_eight_takes_down_mid_and_the_last_backbeat() -> None:
    m = step_map(FOUR, TimeSignature(7, 8), ROCK_SNARE)
    assert len(m) == 14
    assert m[:4] == (0, 1, 2, 3)  # downbeat group
    assert m[4:8] == (8, 9, 10, 11)  # the mid beat (kick)
    assert m[8] == 12  # the last group starts on the backbeat
    assert m[8:] == (12, 13, 14, 15, 14, 15)  # three eighths: eighths to eighths, pickup last


def test_fitted_prototype_in_six_eight_is_a_six_eight_groove() -> None:
    mm = fit(MODEL, TimeSignature(6, 8))
    bar = thaw(mm.grooves[0][0])
    assert "".join(bar[Voice.KICK])[0] == "X"
    assert "".join(bar[Voice.SNARE]) == "......X....."
    assert "".join(bar[Voice.CLOSED_HAT]) == "x.x.x.x.x.x."
    assert mm.backbeats == (6,)
    assert mm.adapted and len(mm.voices[Voice.KICK].onset) == 12


@given(st.sampled_from(SUPPORTED_TIME_SIGNATURES))
def test_every_meter_maps_every_step_into_the_source_bar(ts: str) -> None:
    target = TimeSignature.parse(ts)
    m = step_map(FOUR, target, ROCK_SNARE)
    assert len(m) == target.steps_per_bar
    assert all(0 <= s < 16 for s in m)
    starts = set(target.beat_starts())
    assert all((s % 4 == 0) == (i in starts) for i, s in enumerate(m))  # beats stay beats
    mm = fit(MODEL, target)
    kick = mm.voices[Voice.KICK].onset
    assert kick[0] == 1.0
    if len(target.beat_groups) > 1:
        assert mm.voices[Voice.SNARE].onset[target.beat_starts()[-1]] == 1.0


def test_no_swing_is_the_grid() -> None:
    for ts in SUPPORTED_TIME_SIGNATURES:
        t = TimeSignature.parse(ts)
        assert step_positions(t, 50.0, 8) == tuple(float(i) for i in range(t.steps_per_bar))
        assert step_positions(t, 50.0, 16) == tuple(float(i) for i in range(t.steps_per_bar))


def test_triplet_swing_puts_the_offbeat_eighth_on_the_triplet() -> None:
    pos = step_positions(FOUR, 200 / 3, 8)
    assert abs(pos[2] - 8 / 3) < 1e-9  # two thirds of the beat
    assert pos[4] == 4.0
    pos16 = step_positions(FOUR, 60.0, 16)
    assert abs(pos16[1] - 1.2) < 1e-9 and pos16[2] == 2.0


def test_compound_meters_get_no_eighth_swing() -> None:
    t = TimeSignature(12, 8)
    assert step_positions(t, 66.0, 8) == tuple(float(i) for i in range(24))


@given(st.sampled_from(SUPPORTED_TIME_SIGNATURES), st.floats(50, 75), st.sampled_from([8, 16]))
def test_swing_keeps_order_and_downbeats(ts: str, percent: float, unit: int) -> None:
    t = TimeSignature.parse(ts)
    pos = step_positions(t, percent, unit)
    assert all(a < b for a, b in itertools.pairwise(pos))
    assert all(pos[s] == s for s in t.beat_starts())
    assert pos[-1] < t.steps_per_bar
