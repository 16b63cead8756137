"""GrooveEngine end to end, with genre models built in code from a few real-looking bars."""

from __future__ import annotations

import statistics
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mididrumigen.domain import (
    SUPPORTED_TIME_SIGNATURES,
    GenerationParams,
    Pattern,
    SignatureGroove,
    StyleParams,
    StyleProfile,
    TimeSignature,
    Voice,
    parse_grid,
    voice_for_pitch,
)
from mididrumigen.groove import lines as L
from mididrumigen.groove.builder import model_from_grids
from mididrumigen.groove.engine import GrooveEngine
from mididrumigen.groove.guard import MIN_KEEP
from mididrumigen.groove.playability import violations
from mididrumigen.groove.variation import SIMILARITY_BAND, similarity

ROCK = model_from_grids("rock", [
    ("HH|x.x.x.x.x.x.x.x.|\nSD|....X.......X...|\nBD|X.......X.x.....|", 3.0),
    ("HH|x.x.x.x.x.x.x.o.|\nSD|....X..g....X...|\nBD|X.......X.......|", 2.0),
    ("HH|x.x.x.x.x.x.x.x.|\nSD|....X.......X..g|\nBD|X.x.....X.x.....|", 1.0),
], fills=["SD|........XxXxXxXx|\nBD|X...............|",
          "SD|........XxXx....|\nHT|............xx..|\nFT|..............xx|\nBD|X.......X.......|"],
    offsets_ms={"snare": 6.0, "closed_hat": -4.0, "kick": 1.0},
    offset_std_ms={"snare": 9.0, "closed_hat": 12.0, "kick": 7.0})

FUNK = model_from_grids("funk", [
    "HH|xxxxxxxxxxxxxxxx|\nSD|.g..X..g.g..X..g|\nBD|X.x.......x..x..|",
    "HH|xxxxxxxxxxxxxxox|\nSD|.g..X.g..g..X.g.|\nBD|X..x......x.....|",
], offsets_ms={"snare": 12.0, "closed_hat": 3.0}, tempo=(85.0, 115.0, 100.0))


def _models(genre: str, ts: TimeSignature):
    return FUNK if genre == "funk" else ROCK


ENGINE = GrooveEngine(_models)
PLAIN = StyleProfile("Plain Player", genres=("rock",))
STRAIGHT = StyleParams(tempo_avg=110.0, tempo_max=140.0)


def _onsets(p: Pattern) -> set[tuple[int, int]]:
    return {(n.time, n.pitch) for n in p.notes}


def test_returns_variations_of_bars_valid_and_within_length() -> None:
    params = GenerationParams(bars=4, variations=4, tempo=120)
    pats = ENGINE.generate(PLAIN, params, seed=11)
    assert [p.name for p in pats] == ["Var 1", "Var 2", "Var 3", "Var 4"]
    for p in pats:
        assert p.ppq == 480 and p.total_bars == 4 and p.tempo == 120
        assert Pattern.from_dict(p.to_dict()) == p  # validates
        assert len(p.notes) > 4 * 8
        assert all(0 <= n.time < p.length_ticks for n in p.notes)
        assert all(n.time + n.duration <= p.length_ticks for n in p.notes)


def test_same_seed_same_output_different_seed_differs() -> None:
    params = GenerationParams(bars=4, variations=3)
    a = [p.to_dict() for p in ENGINE.generate(PLAIN, params, seed=5)]
    b = [p.to_dict() for p in GrooveEngine(_models).generate(PLAIN, params, seed=5)]
    c = [p.to_dict() for p in ENGINE.generate(PLAIN, params, seed=6)]
    assert a == b
    assert a != c


def test_tempo_and_genre_resolution() -> None:
    prof = StyleProfile("Funky", genres=("funk",), params=StyleParams(tempo_avg=97.0))
    pats = ENGINE.generate(prof, GenerationParams(bars=1, variations=1, fill_every=0), 1)
    assert pats[0].tempo == 97.0
    hats = [n for n in pats[0].notes if n.pitch in (42, 46)]
    assert len(hats) >= 12  # the funk model's sixteenth hats, not rock's eighths


def test_humanize_off_is_on_the_grid_and_keeps_the_same_hits() -> None:
    prof = replace(PLAIN, params=STRAIGHT)
    loose = ENGINE.generate(prof, GenerationParams(bars=4, humanize=True), 3)
    tight = ENGINE.generate(prof, GenerationParams(bars=4, humanize=False), 3)
    for a, b in zip(loose, tight, strict=True):
        grid_notes = [n for n in b.notes if n.time % 120 == 0]
        flam_graces = [n for n in b.notes if n.time % 120 != 0]
        assert all(n.time % 120 == 90 for n in flam_graces)  # only flam grace notes off-grid
        assert len(grid_notes) > 0
        assert sorted(n.pitch for n in a.notes) == sorted(n.pitch for n in b.notes)
    moved = [n for p in loose for n in p.notes if n.time % 120]
    assert len(moved) > len(loose[0].notes)  # humanized timing is off the grid


def test_humanize_off_keeps_dynamics() -> None:
    pats = ENGINE.generate(PLAIN, GenerationParams(bars=2, humanize=False, variations=1), 3)
    vels = {n.velocity for n in pats[0].notes}
    assert len(vels) >= 3  # accents, normal hits, ghosts or softer off-beats


def test_zero_swing_changes_no_timing_and_swing_delays_offbeats() -> None:
    base = replace(PLAIN, params=replace(STRAIGHT, swing_percent=50.0, swing_unit=8))
    swung = replace(PLAIN, params=replace(STRAIGHT, swing_percent=66.0, swing_unit=8))
    params = GenerationParams(bars=2, humanize=False, variations=1, fill_every=0)
    a = ENGINE.generate(base, params, 9)[0]
    b = ENGINE.generate(swung, params, 9)[0]
    assert all(n.time % 120 == 0 for n in a.notes)
    a_off = sorted(n.time for n in a.notes if n.time % 480 == 240)
    b_off = sorted(n.time for n in b.notes if n.time % 480 == 240 + 77)  # 0.16 × 480 = 76.8
    assert a_off and len(a_off) == len(b_off)
    assert {n.time for n in a.notes if n.time % 480 == 0} == {
        n.time for n in b.notes if n.time % 480 == 0}


def test_fills_land_at_phrase_ends_with_a_crash_after() -> None:
    params = GenerationParams(bars=8, fill_every=4, humanize=False, variations=2)
    variations, fills, _mm, feel = ENGINE.lines(PLAIN, params, 21)
    assert fills == [False, False, False, True, False, False, False, True]
    for lines in variations:
        spb = feel.spb
        toms_or_snare_runs = []
        for b in range(8):
            bar = L.bar(lines, b, spb)
            hat_hits = len(L.hits(bar, Voice.CLOSED_HAT)) + len(L.hits(bar, Voice.OPEN_HAT))
            toms = sum(len(L.hits(bar, v)) for v in (Voice.HIGH_TOM, Voice.MID_TOM,
                                                      Voice.FLOOR_TOM))
            snare = len(L.hits(bar, Voice.SNARE))
            toms_or_snare_runs.append(toms + snare)
            if fills[b]:
                # the time-keeping stops for the fill: the last beat has no hats
                assert all(bar.get(Voice.CLOSED_HAT, ["."] * spb)[s] == "." for s in range(12, 16))
            else:
                assert hat_hits >= 4
        crash = L.hits(lines, Voice.CRASH)
        assert crash == [4 * spb]  # bar 5's downbeat, after the fill in bar 4
        fill_mean = statistics.mean(toms_or_snare_runs[b] for b in (3, 7))
        groove_mean = statistics.mean(toms_or_snare_runs[b] for b in (0, 1, 2, 4, 5, 6))
        assert fill_mean > groove_mean


def test_fill_rate_scales_the_fill() -> None:
    short = replace(PLAIN, params=replace(STRAIGHT, fill_rate=0.0))
    long = replace(PLAIN, params=replace(STRAIGHT, fill_rate=1.0))
    params = GenerationParams(bars=4, variations=1, humanize=False, fill_every=2)

    def first_fill_step(prof: StyleProfile, seed: int) -> int:  # bar 2 ends a phrase, not a section
        lines = ENGINE.lines(prof, params, seed)[0][0]
        bar = L.bar(lines, 1, 16)
        hats = L.hits(bar, Voice.CLOSED_HAT) + L.hits(bar, Voice.OPEN_HAT)
        return max(hats, default=-1) + 1

    assert all(first_fill_step(short, s) >= 9 for s in range(10))  # hats into beat 3's second half
    assert all(first_fill_step(long, s) <= 1 for s in range(10))


def test_no_fills_when_fill_every_is_zero() -> None:
    params = GenerationParams(bars=4, fill_every=0, variations=1)
    _v, fills, _m, _f = ENGINE.lines(PLAIN, params, 2)
    assert fills == [False] * 4


@pytest.mark.parametrize("seed", range(6))
def test_variations_stay_recognisably_the_same_groove(seed: int) -> None:
    params = GenerationParams(bars=4, variations=6)
    variations, fills, _mm, feel = ENGINE.lines(PLAIN, params, seed)
    lo, hi = SIMILARITY_BAND
    first = L.onsets(L.bar(variations[0], 0, feel.spb))  # bar 1 states each variation's groove
    sims = [L.jaccard(first, L.onsets(L.bar(v, 0, feel.spb))) for v in variations[1:]]
    assert all(lo <= s <= hi + 0.04 for s in sims), sims
    takes = [similarity(variations[0], v, fills, feel.spb) for v in variations[1:]]
    assert all(s >= MIN_KEEP for s in takes), takes  # the whole takes: still one song
    assert len({L.to_text(v, 16) for v in variations}) == len(variations)


def test_signature_groove_shows_through_in_variation_one() -> None:
    grid = "HH|x.x.x.x.xxx.x.x.|\nSD|....X..g.g..X...|\nBD|X..x..x...x..x..|"
    prof = StyleProfile("Sig", genres=("rock",), signature_grooves=(
        SignatureGroove("the beat", grid),))
    lines = ENGINE.lines(prof, GenerationParams(bars=4, variations=2), 4)[0]
    want = L.from_grid(parse_grid(grid))
    assert L.bar(lines[0], 0, 16) == want
    later = L.onsets(L.bar(lines[0], 2, 16))  # played again with a drummer's small changes
    assert MIN_KEEP <= L.jaccard(later, L.onsets(want)) < 1.0 or L.bar(lines[0], 2, 16) == want
    other = L.onsets(L.bar(lines[1], 0, 16))
    assert L.jaccard(other, L.onsets(want)) >= SIMILARITY_BAND[0]


def test_signature_in_another_meter_is_not_forced_into_this_one() -> None:
    prof = StyleProfile("Sig", genres=("rock",), signature_grooves=(
        SignatureGroove("waltz", "BD|X...........|\nSD|....X...X...|", TimeSignature(3, 4)),))
    pats = ENGINE.generate(prof, GenerationParams(bars=2, variations=1), 1)
    assert pats[0].time_signature == TimeSignature()
    assert len([n for n in pats[0].notes if n.pitch == 42]) >= 6  # the rock groove, 4/4


LAID_BACK = StyleProfile("Laid Back", genres=("rock",), params=StyleParams(
    tempo_avg=95.0, ghost_note_prob=0.5, syncopation=0.1, microtiming_ms={"snare": 25.0},
    timing_jitter_ms=10.0, velocity_mean=80.0, hat_openness=0.0))
PUSHING = StyleProfile("Pushing", genres=("rock",), params=StyleParams(
    tempo_avg=95.0, ghost_note_prob=0.0, syncopation=0.9, microtiming_ms={"snare": -12.0},
    timing_jitter_ms=3.0, velocity_mean=108.0, velocity_std=8.0, hat_openness=0.5))


def _measure(prof: StyleProfile) -> dict[str, float]:
    ghosts = kicks = snare_off = 0
    vels: list[int] = []
    n_sn = 0
    params = GenerationParams(bars=4, variations=2, fill_every=0)
    for seed in range(12):
        for p in ENGINE.generate(prof, params, seed):
            for n in p.notes:
                vels.append(n.velocity)
                if n.pitch == 38:
                    if n.velocity <= 55:
                        ghosts += 1
                    else:
                        rel = (n.time % 480) - (n.time % 480 // 120) * 120
                        rel = rel if rel < 60 else rel - 120
                        snare_off += rel
                        n_sn += 1
                if n.pitch == 36:
                    kicks += 1
    return {"ghosts": ghosts, "kicks": kicks, "snare_ms": snare_off / n_sn / 480 * 60000 / 95,
            "vel": statistics.mean(vels)}


def test_two_profiles_in_one_genre_sound_measurably_different() -> None:
    a, b = _measure(LAID_BACK), _measure(PUSHING)
    assert a["ghosts"] > 3 * max(b["ghosts"], 1)
    assert b["kicks"] > 1.2 * a["kicks"]
    assert a["snare_ms"] > 20 and b["snare_ms"] < -4
    assert b["vel"] > a["vel"] + 10


def _grid_of(p: Pattern) -> L.Lines:
    spb = p.time_signature.steps_per_bar
    out: L.Lines = {}
    for n in p.notes:
        v = voice_for_pitch(n.pitch)
        assert v is not None
        if n.time % 120:
            continue  # flam grace notes
        L.line(out, v, spb * p.total_bars)[n.time // 120] = "x"
    return out


@settings(max_examples=40, deadline=None)
@given(ts=st.sampled_from(SUPPORTED_TIME_SIGNATURES), seed=st.integers(0, 2**31),
       tempo=st.floats(40, 300), double_kick=st.booleans(), ride=st.booleans(),
       complexity=st.floats(0, 1), bars=st.integers(1, 5))
def test_every_meter_is_valid_and_playable(ts: str, seed: int, tempo: float, double_kick: bool,
                                            ride: bool, complexity: float, bars: int) -> None:
    prof = StyleProfile("Any", genres=("rock",), params=StyleParams(
        double_kick=double_kick, ride_led=ride, tempo_min=20, tempo_max=400, hat_openness=0.4,
        ghost_note_prob=0.3))
    time_sig = TimeSignature.parse(ts)
    params = GenerationParams(bars=bars, variations=2, tempo=tempo, time_signature=time_sig,
                              humanize=False, complexity=complexity, fill_every=2)
    variations, _fills, _mm, feel = ENGINE.lines(prof, params, seed)
    for lines in variations:
        assert violations(lines, feel) == []
        if not double_kick:
            kick = lines.get(Voice.KICK, [])
            assert "xxx" not in "".join("x" if c != "." else "." for c in kick)
    pats = ENGINE.generate(prof, params, seed)
    spb = time_sig.steps_per_bar
    for p, lines in zip(pats, variations, strict=True):
        assert p.time_signature == time_sig
        assert all(0 <= n.time < p.length_ticks for n in p.notes)
        got = _grid_of(p)
        assert L.onsets(got) == L.onsets(lines)  # the notes are exactly the playable lines
        beat_one = [n for n in p.notes if n.time % (spb * 120) == 0]
        assert beat_one, "every pattern plays on its first downbeat"


def test_odd_meters_sound_idiomatic_not_truncated() -> None:
    for ts, backbeat_step in (("7/8", 8), ("6/8", 6), ("12/8", 18), ("5/4", 16), ("3/4", 8)):
        params = GenerationParams(bars=2, variations=1, time_signature=TimeSignature.parse(ts),
                                  fill_every=0)
        lines = ENGINE.lines(PLAIN, params, 3)[0][0]
        spb = TimeSignature.parse(ts).steps_per_bar
        bar = L.bar(lines, 0, spb)
        assert bar[Voice.KICK][0] != ".", ts
        assert bar[Voice.SNARE][backbeat_step] != ".", ts
        assert bar[Voice.SNARE][spb - 1] in ".g", ts
        hats = L.hits(bar, Voice.CLOSED_HAT) + L.hits(bar, Voice.OPEN_HAT)
        assert len(hats) >= spb // 2 - 1, ts  # the hats keep the eighths across the whole bar


def test_triplet_signature_groove_is_played_on_the_triplet_partials() -> None:
    """A groove written on the 8th-triplet grid sounds on the triplets: its partials land on
    the first three sixteenths of each beat and the take swings them onto 0, 1/3 and 2/3."""
    grid = "RD@8t|x.xx.xx.xx.x|\nSD|....X.......X...|\nBD|X.......X.x.....|"
    prof = StyleProfile("Shuffle", genres=("rock",), signature_grooves=(
        SignatureGroove("the shuffle", grid),))
    lines = ENGINE.lines(prof, GenerationParams(bars=2, variations=1), 4)[0]
    assert "".join(L.bar(lines[0], 0, 16)[Voice.RIDE]) == "x.x.x.x.x.x.x.x."
    pat = ENGINE.generate(prof, GenerationParams(bars=1, variations=1, humanize=False), 4)[0]
    ride = sorted(n.time for n in pat.notes if n.pitch == Voice.RIDE.pitch)
    assert ride[:4] == [0, 320, 480, 800]  # 1, its third triplet partial, 2, …


def test_swing_and_humanize_amount_are_producer_controls() -> None:
    """--swing replaces the profile's swing; --humanize 0..1 scales the human part: 0 is the
    grid, a half keeps the notes and halves the timing scatter."""
    prof = StyleProfile("Any", genres=("funk",), params=StyleParams(timing_jitter_ms=20.0,
                                                                    swing_unit=8))
    base = GenerationParams(bars=4, variations=1, fill_every=0, tempo=100)
    swung = ENGINE.generate(prof, replace(base, swing=66.7, humanize=False), 3)[0]
    assert any(n.time % 480 == 320 for n in swung.notes if n.pitch == 42)  # the swung eighth

    def scatter(amount: float) -> float:
        pat = ENGINE.generate(prof, replace(base, humanize_amount=amount), 3)[0]
        return statistics.pstdev(((n.time + 60) % 120) - 60 for n in pat.notes)

    grid = ENGINE.generate(prof, replace(base, humanize_amount=0.0), 3)[0]
    on_grid = [n.time % 120 == 0 for n in grid.notes]
    assert sum(on_grid) >= 0.9 * len(on_grid)  # all but flam grace notes
    assert 0.3 < scatter(0.5) / scatter(1.0) < 0.7
