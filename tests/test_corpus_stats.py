"""Corpus statistics on hand-built performances with known answers."""

from __future__ import annotations

import pytest

from mididrumigen.domain import Note, Pattern, TimeSignature, Voice
from mididrumigen.domain.grid import parse_grid
from mididrumigen.knowledge.corpus_bars import quantize
from mididrumigen.knowledge.corpus_prototypes import bar_grid
from mididrumigen.knowledge.corpus_stats import learn_model, perform
from mididrumigen.knowledge.corpus_swing import (
    fit_swing,
    straight_position,
    swung_position,
)

K, S, H, OH = Voice.KICK.pitch, Voice.SNARE.pitch, Voice.CLOSED_HAT.pitch, Voice.OPEN_HAT.pitch


def rock_bars(bars: int = 8, *, ppq: int = 480, tempo: float = 120.0, snare_late: int = 0,
              offbeat: float = 0.5, count_in: bool = False) -> Pattern:
    """Kick on 1 and 3, snare on 2 and 4 (shifted `snare_late` ticks), hats on eighths with
    the off-beat eighth at `offbeat` of the beat; optionally a one-bar hi-hat count-in."""
    notes = []
    start = 1 if count_in else 0
    bar_ticks = 4 * ppq
    if count_in:
        notes += [Note(b * ppq, Voice.SIDE_STICK.pitch, 80, 30) for b in range(4)]
    for bar in range(start, start + bars):
        t0 = bar * bar_ticks
        notes += [Note(t0, K, 100, 30), Note(t0 + 2 * ppq, K, 96, 30)]
        notes += [Note(t0 + ppq + snare_late, S, 110, 30),
                  Note(t0 + 3 * ppq + snare_late, S, 114, 30)]
        for beat in range(4):
            notes.append(Note(t0 + beat * ppq, H, 80, 30))
            notes.append(Note(t0 + beat * ppq + round(offbeat * ppq), H, 50, 30))
    return Pattern(tuple(notes), tempo, TimeSignature(4, 4), bars + start, ppq)


def test_kick_on_one_and_three_gives_onset_prob_one_there_and_zero_elsewhere() -> None:
    model = learn_model("rock", [perform(rock_bars())], source="test")
    assert model is not None
    kick = model.voices["kick"].onset_prob
    assert kick == tuple(1.0 if i in (0, 8) else 0.0 for i in range(16))
    snare = model.voices["snare"].onset_prob
    assert [i for i, p in enumerate(snare) if p] == [4, 12]
    assert model.voices["closed_hat"].onset_prob == tuple(1.0 if i % 2 == 0 else 0.0
                                                           for i in range(16))
    assert model.density == 12
    assert model.bars_learned == 8
    assert model.swing_percent == 50.0
    assert model.cooccurrence["kick"]["closed_hat"] == 1.0
    assert model.cooccurrence["closed_hat"]["kick"] == pytest.approx(2 / 8)
    assert "snare" not in model.cooccurrence["kick"]


def test_velocity_statistics_per_step() -> None:
    model = learn_model("rock", [perform(rock_bars())], source="test")
    assert model is not None
    kick = model.voices["kick"]
    assert kick.velocity_mean[0] == 100 and kick.velocity_mean[8] == 96
    assert kick.velocity_std[0] == 0.0
    hat = model.voices["closed_hat"]
    assert hat.velocity_mean[0] == 80 and hat.velocity_mean[2] == 50


@pytest.mark.parametrize("percent", [58.0, 62.0, 66.7, 72.0])
def test_known_eighth_swing_is_recovered_within_one_point(percent: float) -> None:
    p = rock_bars(8, ppq=1200, offbeat=percent / 100)
    fit = fit_swing([n.time / 300 for n in p.notes], p.time_signature, p.tempo)
    assert fit.unit == 8
    assert fit.percent == pytest.approx(percent, abs=1.0)
    model = learn_model("shuffle", [perform(p)], source="test")
    assert model is not None
    assert model.swing_unit == 8 and model.swing_percent == pytest.approx(percent, abs=1.0)
    # the swung off-beats land on the straight eighth step, not on the next sixteenth
    assert model.voices["closed_hat"].onset_prob[2] == 1.0
    assert model.voices["closed_hat"].onset_prob[3] == 0.0
    assert model.voices["closed_hat"].offset_ms[2] == pytest.approx(0.0, abs=1.0)


def test_known_sixteenth_swing_is_recovered() -> None:
    ppq = 1200
    notes = []
    for bar in range(8):
        t0 = bar * 4 * ppq
        notes += [Note(t0, K, 100), Note(t0 + ppq, S, 110), Note(t0 + 3 * ppq, S, 110)]
        for eighth in range(8):
            e = t0 + eighth * ppq // 2
            notes += [Note(e, H, 80), Note(e + round(0.6 * ppq / 2), H, 50)]
    p = Pattern(tuple(notes), 90.0, TimeSignature(4, 4), 8, ppq)
    fit, bars = quantize(p)
    assert fit.unit == 16
    assert fit.percent == pytest.approx(60.0, abs=1.0)
    assert sorted(h.step for h in bars[0].hits if h.voice is Voice.CLOSED_HAT) == list(range(16))


def test_straight_sixteenths_are_straight() -> None:
    notes = [Note(i * 120, H, 70) for i in range(16 * 8)]
    notes += [Note(b * 1920 + 480, S, 100) for b in range(8)]
    fit, _ = quantize(Pattern(tuple(notes), 100.0, TimeSignature(4, 4), 8))
    assert fit.percent == 50.0 and not fit.swung


def test_swing_warp_round_trips() -> None:
    p = rock_bars(8, ppq=1200, offbeat=0.64)
    fit, _ = quantize(p)
    for x in (0.0, 1.0, 2.0, 2.5, 3.0, 3.99, 7.0):
        assert straight_position(swung_position(x, fit), fit) == pytest.approx(x)
    assert swung_position(2.0, fit) == pytest.approx(4 * fit.percent / 100)


def test_known_snare_offset_is_recovered_in_ms_and_steps() -> None:
    # 125 BPM at ppq 480: one tick is exactly 1 ms, one step 120 ticks
    model = learn_model("rock", [perform(rock_bars(8, tempo=125.0, snare_late=10))],
                        source="test")
    assert model is not None
    snare = model.voices["snare"]
    assert snare.offset_ms[4] == pytest.approx(10.0)
    assert snare.offset_ms[12] == pytest.approx(10.0)
    assert snare.offset_frac[4] == pytest.approx(10 / 120)
    assert snare.offset_std_ms == pytest.approx(0.0, abs=1e-9)
    assert model.voices["kick"].offset_ms[0] == pytest.approx(0.0)
    # steps where the snare never plays carry its overall timing
    assert snare.offset_ms[0] == pytest.approx(10.0)


def test_early_hit_rounds_onto_the_next_bar_downbeat() -> None:
    p = rock_bars(2)
    early = Note(4 * 480 - 20, Voice.CRASH.pitch, 120)
    _, bars = quantize(p.with_notes((*p.notes, early)))
    crash = [h for h in bars[1].hits if h.voice is Voice.CRASH]
    assert len(crash) == 1 and crash[0].step == 0 and crash[0].offset_steps < 0


def test_flam_counts_once_and_renders_as_f() -> None:
    p = rock_bars(4)
    flams = [Note(b * 1920 + 480 - 25, S, 50) for b in range(4)]  # grace notes before beat 2
    model = learn_model("rock", [perform(p.with_notes((*p.notes, *flams)))], source="test")
    assert model is not None
    assert model.voices["snare"].onset_prob[4] == 1.0
    assert model.voices["snare"].velocity_mean[4] == 110  # the loudest hit of the flam
    assert "SD |....f.......X...|" in model.grooves[0].grid


def test_count_in_and_sparse_bars_are_skipped() -> None:
    perf = perform(rock_bars(6, count_in=True))
    assert len(perf.bars) == 6 and perf.bars_skipped == 1
    model = learn_model("rock", [perf], source="Test corpus")
    assert model is not None
    assert model.bars_learned == 6
    assert "side_stick" not in model.voices
    assert model.source == "Test corpus: 6 bars from 1 files"


def test_identical_bars_make_one_prototype_with_full_weight() -> None:
    model = learn_model("rock", [perform(rock_bars(8))], source="test")
    assert model is not None
    assert len(model.grooves) == 1 and model.grooves[0].weight == 1.0
    grid = model.grooves[0].grid
    assert grid == "HH |x.g.x.g.x.g.x.g.|\nSD |....X.......X...|\nBD |x.......x.......|"
    parsed = parse_grid(grid)
    assert parsed.bars == 1


def _with_kicks(pattern: Pattern, kicks_by_bar: dict[int, tuple[int, ...]],
                extra: tuple[Note, ...] = ()) -> Pattern:
    added = [Note(bar * 1920 + step * 120, K, 90) for bar, steps in kicks_by_bar.items()
             for step in steps]
    return pattern.with_notes((*pattern.notes, *added, *extra))


def test_a_groove_many_performances_play_outranks_one_bar_looped_in_one_file() -> None:
    common = [perform(rock_bars(2), name=f"take{i}") for i in range(3)]
    loop = perform(_with_kicks(rock_bars(12), {b: (2, 6, 10, 14) for b in range(12)}), name="loop")
    model = learn_model("rock", [*common, loop], source="test")
    assert model is not None
    assert model.grooves[0].grid.endswith("BD |x.......x.......|")
    # 3 takes x 2 bars outweigh 12 looped bars, which count at most PER_FILE (4) times
    assert model.grooves[0].weight > model.grooves[1].weight
    assert abs(sum(g.weight for g in model.grooves) - 1.0) < 1e-3


def test_ghost_notes_and_dynamics_do_not_split_a_groove() -> None:
    base = rock_bars(6)
    ghosts = tuple(Note(bar * 1920 + 7 * 120, S, 30) for bar in range(0, 6, 2))
    p = base.with_notes((*base.notes, *ghosts))
    model = learn_model("rock", [perform(p, name="a"), perform(rock_bars(6), name="b")],
                        source="test")
    assert model is not None
    assert len(model.grooves) == 1 and model.grooves[0].weight == 1.0


def test_bars_without_a_timekeeper_are_not_groove_prototypes() -> None:
    takes = []
    for i, kicks in enumerate([(), (10,), (6,), (14,)]):  # four shared hat-led grooves
        for j in range(2):
            takes.append(perform(_with_kicks(rock_bars(2), {0: kicks, 1: kicks}),
                                 name=f"t{i}{j}"))
    bare = tuple(Note(b * 1920 + s * 120, K if s in (0, 8) else S, 100)
                 for b in range(8) for s in (0, 4, 8, 12))
    takes += [perform(Pattern(bare, 120.0, TimeSignature(4, 4), 8), name=f"bare{k}")
              for k in range(3)]
    model = learn_model("rock", takes, source="test")
    assert model is not None
    assert len(model.grooves) == 4
    assert all("HH |" in g.grid for g in model.grooves)


def test_open_hat_renders_on_the_hh_line() -> None:
    p = rock_bars(1)
    notes = [n for n in p.notes if not (n.pitch == H and n.time == 1440 + 240)]
    _, bars = quantize(p.with_notes((*notes, Note(1440 + 240, OH, 90))))
    assert bar_grid(bars[0]).splitlines()[0] == "HH |x.g.x.g.x.g.x.o.|"


def test_fill_statistics_are_kept_apart() -> None:
    fill_notes = [Note(i * 120, Voice.HIGH_TOM.pitch if i < 8 else Voice.FLOOR_TOM.pitch, 100)
                  for i in range(16)]
    fill = Pattern(tuple(fill_notes), 120.0, TimeSignature(4, 4), 1)
    model = learn_model("rock", [perform(rock_bars(4)), perform(fill, is_fill=True)],
                        source="test")
    assert model is not None
    assert "high_tom" not in model.voices
    assert model.fill_voices["high_tom"].onset_prob[:8] == (1.0,) * 8
    assert model.fill_density == 16 and model.density == 12
    assert model.fills[0].grid.startswith("HT |xxxxxxxx........|")
    assert model.bars_learned == 5


def test_odd_meter_has_steps_per_bar_entries() -> None:
    ts = TimeSignature(7, 8)
    notes = []
    for bar in range(4):
        t0 = bar * 14 * 120
        notes += [Note(t0, K, 100), Note(t0 + 4 * 120, S, 100), Note(t0 + 8 * 120, K, 100)]
        notes += [Note(t0 + i * 240, H, 70) for i in range(7)]
    model = learn_model("prog", [perform(Pattern(tuple(notes), 140.0, ts, 4))], source="t")
    assert model is not None
    assert model.time_signature == ts
    for stats in model.voices.values():
        assert len(stats.onset_prob) == 14 and len(stats.offset_ms) == 14
    assert model.voices["kick"].onset_prob[8] == 1.0


def test_no_groove_bars_gives_no_model() -> None:
    fill = Pattern(tuple(Note(i * 120, S, 90) for i in range(16)), 120.0, TimeSignature(), 1)
    assert learn_model("rock", [perform(fill, is_fill=True)], source="t") is None
