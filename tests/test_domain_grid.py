"""Grid text: parsing, rendering and the Pattern conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mididrumigen.domain import (
    TimeSignature,
    Voice,
    grid_to_pattern,
    parse_grid,
    pattern_to_grid,
    render_grid,
)
from mididrumigen.domain.grid import GRID_ORDER, Grid
from mididrumigen.errors import UserInputError

BACKBEAT = """HH |x.x.x.x.x.x.x.o.|
SD |....X..g....f...|
BD |X.......X.x.....|"""

METERS = [TimeSignature.parse(t) for t in ("4/4", "3/4", "5/4", "7/8", "6/8", "12/8", "9/8")]


def test_parse_render_round_trip_is_identity_on_canonical_text() -> None:
    assert render_grid(parse_grid(BACKBEAT)) == BACKBEAT


def test_one_line_per_voice_per_bar_joins_bars() -> None:
    text = "BD X.......X.......\nSD ....X.......X...\nBD X.x.....X.......\nSD ....X.......X..."
    g = parse_grid(text)
    assert g.bars == 2
    assert g.line(Voice.KICK) == "X.......X.......X.x.....X......."


def test_labels_accept_voice_keys_and_beat_separators() -> None:
    g = parse_grid("kick: X... X... X... X...\nsnare | .... X... .... X... |")
    assert g.line(Voice.KICK) == "X...X...X...X..."
    assert g.line(Voice.SNARE) == "....X.......X..."


def test_grid_to_pattern_velocities_and_open_hat() -> None:
    p = grid_to_pattern(parse_grid(BACKBEAT), tempo=100)
    by_pitch = {(n.pitch, n.time): n.velocity for n in p.notes}
    assert by_pitch[(36, 0)] == 115  # accent
    assert by_pitch[(38, 7 * 120)] == 38  # ghost
    assert (46, 14 * 120) in by_pitch  # 'o' plays the open hat, not the closed one
    assert (42, 14 * 120) not in by_pitch
    flam = [n for n in p.notes if n.pitch == 38 and 11 * 120 < n.time <= 12 * 120]
    assert len(flam) == 2 and flam[0].velocity < flam[1].velocity


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("HH |x.x.x|", "multiple of 16"),
        ("ZZ |x...............|", "unknown grid voice"),
        ("HH |x.x.q...........|", "unknown step character"),
        ("SD |o...............|", "only belongs on HH"),
        ("HH |x.x.x.x.x.x.x.x.|\nBD |x.......|", "differ in length"),
        ("", "no voice lines"),
    ],
)
def test_bad_grid_text_says_what_is_wrong(text: str, needle: str) -> None:
    with pytest.raises(UserInputError, match=needle):
        parse_grid(text)


def test_meter_sets_steps_per_bar() -> None:
    assert parse_grid("BD |X.....X.....X.....X.....|", TimeSignature(12, 8)).bars == 1
    with pytest.raises(UserInputError, match="multiple of 14"):
        parse_grid("BD |X...............|", TimeSignature(7, 8))


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    ts = draw(st.sampled_from(METERS))
    bars = draw(st.integers(1, 3))
    n = ts.steps_per_bar * bars
    voices = draw(st.lists(st.sampled_from(GRID_ORDER), min_size=1, max_size=6, unique=True))
    lines = []
    for v in GRID_ORDER:
        if v not in voices or v is Voice.OPEN_HAT:
            continue
        alphabet = "Xxgf." + ("o" if v is Voice.CLOSED_HAT else "")
        steps = draw(st.text(alphabet=alphabet, min_size=n, max_size=n))
        lines.append((v, steps))
    if not lines:
        lines = [(Voice.KICK, "X" + "." * (n - 1))]
    return Grid(tuple(lines), ts, bars)


@given(grids())
def test_grid_text_round_trip(grid: Grid) -> None:
    text = render_grid(grid)
    if not text:  # all-rest grids render to nothing
        return
    again = parse_grid(text, grid.time_signature)
    assert render_grid(again) == text


@given(grids())
def test_grid_pattern_grid_round_trip(grid: Grid) -> None:
    pattern = grid_to_pattern(grid)
    back = pattern_to_grid(pattern)
    assert back.bars == grid.bars
    for voice, steps in grid.lines:
        if set(steps) <= {"."}:
            continue
        assert back.line(voice) == steps
