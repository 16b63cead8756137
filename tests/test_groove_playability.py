"""Playability: what enforce removes, and that anything comes out playable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mididrumigen.domain import SUPPORTED_TIME_SIGNATURES, StyleParams, TimeSignature, Voice
from mididrumigen.groove import lines as L
from mididrumigen.groove.feel import Feel
from mididrumigen.groove.playability import enforce, violations


def feel(tempo: float = 100.0, ts: str = "4/4", double_kick: bool = False) -> Feel:
    return Feel(TimeSignature.parse(ts), tempo,
                StyleParams(tempo_min=20, tempo_max=400, double_kick=double_kick), 0.4)


def lines(**rows: str) -> L.Lines:
    return {Voice[k.upper()]: list(v) for k, v in rows.items()}


def test_three_hands_keep_the_backbeat_and_crash() -> None:
    g = lines(crash="X...............", closed_hat="x...x...........",
              snare="X...X...........", kick="X...............")
    enforce(g, feel())
    assert "".join(g[Voice.CRASH])[0] == "X" and "".join(g[Voice.SNARE])[0] == "X"
    assert g[Voice.CLOSED_HAT][0] == "." and g[Voice.CLOSED_HAT][4] == "x"
    assert g[Voice.KICK][0] == "X"  # a foot: never counted against the hands


def test_ghosts_yield_before_time_keeping() -> None:
    g = lines(closed_hat="x...............", ride="x...............", snare="g...............")
    enforce(g, feel())
    assert Voice.SNARE not in g and g[Voice.RIDE][0] == "x"


def test_open_and_closed_hat_never_together_nor_pedal_on_open() -> None:
    g = lines(closed_hat="x.x.", open_hat="..x.", pedal_hat="..x.")
    enforce(g, feel(ts="2/8"))
    assert "".join(g[Voice.CLOSED_HAT]) == "x..." and Voice.PEDAL_HAT not in g


def test_fast_sixteenth_hats_make_room_where_the_other_hand_is_busy() -> None:
    g = lines(closed_hat="x" * 16, snare="....X.......X...")
    enforce(g, feel(tempo=150))
    # hands alternate; around each backbeat the off-beat hat goes (steps 3, 5, 11, 13)
    assert "".join(g[Voice.CLOSED_HAT]) == "xxx.x.xxxxx.x.xx"
    assert violations(g, feel(tempo=150)) == []
    trap = lines(closed_hat="x.xxx.x.x.xxxxxx", clap="........X.......")
    enforce(trap, feel(tempo=140))
    assert "".join(trap[Voice.CLOSED_HAT]) == "x.xxx.x.x.xxxxxx"  # the roll survives
    slow = lines(closed_hat="x" * 16, snare="....X.......X...")
    enforce(slow, feel(tempo=110))
    assert "".join(slow[Voice.CLOSED_HAT]) == "x" * 16


def test_alternating_hands_keep_fast_sixteenths_when_free() -> None:
    g = lines(closed_hat="x" * 16, kick="X.......X.......")
    enforce(g, feel(tempo=170))
    assert "".join(g[Voice.CLOSED_HAT]) == "x" * 16
    assert violations(g, feel(tempo=170)) == []


def test_kick_runs_need_double_kick() -> None:
    g = lines(kick="XxxxXxxx........")
    enforce(g, feel(tempo=120))
    row = "".join(g[Voice.KICK])
    assert "xxx" not in row.replace("X", "x") and row[0] == "X" and row[4] == "X"
    fast = lines(kick="Xx..Xx..........")
    enforce(fast, feel(tempo=190))
    assert "".join(fast[Voice.KICK]) == "X...X..........."
    metal = lines(kick="x" * 16, pedal_hat="....x.......x...")
    enforce(metal, feel(tempo=180, double_kick=True))
    assert "".join(metal[Voice.KICK]) == "x" * 16 and Voice.PEDAL_HAT not in metal


def test_violations_name_the_step() -> None:
    g = lines(crash="X...", closed_hat="x...", snare="X...", open_hat="x...")
    found = violations(g, feel(ts="1/4"))
    assert any("step 0" in v and "hand voices" in v for v in found)
    assert any("open and closed" in v for v in found)


CHARS = st.sampled_from(list(".....xXgf"))
HANDS = [v for v in Voice if v is not Voice.KICK and v is not Voice.PEDAL_HAT]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), ts=st.sampled_from(SUPPORTED_TIME_SIGNATURES),
       tempo=st.floats(40, 300), double_kick=st.booleans(), bars=st.integers(1, 3))
def test_anything_comes_out_playable(data: st.DataObject, ts: str, tempo: float,
                                     double_kick: bool, bars: int) -> None:
    f = feel(tempo, ts, double_kick)
    n = f.spb * bars
    voices = data.draw(st.sets(st.sampled_from(HANDS), max_size=6)) | {Voice.KICK,
                                                                        Voice.PEDAL_HAT}
    g = {v: data.draw(st.lists(CHARS, min_size=n, max_size=n)) for v in voices}
    before = L.onsets(g)
    enforce(g, f)
    assert violations(g, f) == []
    assert L.onsets(g) <= before  # enforcing only ever removes
