"""Grid text: parsing, rendering and the Pattern conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mididrumigen.domain import (
    Note,
    Pattern,
    Subdivision,
    TimeSignature,
    Voice,
    grid_to_pattern,
    parse_grid,
    pattern_to_grid,
    render_grid,
)
from mididrumigen.domain.grid import (
    GRID_ORDER,
    Grid,
    as_ticks,
    common_lines,
    common_resolution,
    requantize,
)
from mididrumigen.errors import UserInputError

S16, T8, T16, S32 = (Subdivision.SIXTEENTH, Subdivision.EIGHTH_TRIPLET,
                     Subdivision.SIXTEENTH_TRIPLET, Subdivision.THIRTY_SECOND)

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


# --- subdivisions: triplets and 32nds per line -------------------------------------------

SHUFFLE = """RD@8t |x.xx.xx.xx.x|
SD |....X.......X...|
BD |X.......X.x....."""


def test_old_grids_stay_sixteenths_and_render_byte_identical() -> None:
    g = parse_grid(BACKBEAT)
    assert g.is_sixteenths and g.subdivisions == ()
    assert all(g.subdivision_of(v) is S16 and g.steps_per_bar_of(v) == 16 for v, _ in g.lines)
    assert render_grid(g) == BACKBEAT


@pytest.mark.parametrize("meter", ["4/4", "3/4", "6/8", "12/8", "7/8"])
@pytest.mark.parametrize("sub", [S16, T8, T16, S32])
def test_each_subdivision_parses_in_each_meter(meter: str, sub: Subdivision) -> None:
    ts = TimeSignature.parse(meter)
    if not sub.fits(ts):  # 8t in 7/8
        with pytest.raises(UserInputError, match=f"does not fit {meter}"):
            parse_grid(f"HH@{sub} |x.x.x.x.x.|", ts)
        return
    spb = sub.steps_per_bar(ts)
    hats = ("x" + "." * (spb - 1)) * 2
    g = parse_grid(f"HH@{sub} |{hats}|\nBD |X{'.' * (ts.steps_per_bar * 2 - 1)}|", ts)
    assert g.bars == 2 and g.subdivision_of(Voice.CLOSED_HAT) is sub
    assert g.steps_per_bar_of(Voice.CLOSED_HAT) == spb and g.line(Voice.CLOSED_HAT) == hats
    assert g.tick_of(Voice.CLOSED_HAT, spb) == ts.ticks_per_bar(480)
    assert parse_grid(render_grid(g), ts) == g


def test_eighth_triplets_in_seven_eight_say_line_meter_and_what_fits() -> None:
    with pytest.raises(UserInputError) as ei:
        parse_grid("BD |X.............|\nHH@8t |x.x.x.x.x.|", TimeSignature(7, 8))
    assert str(ei.value) == ("grid line 2 (HH): 8t (eighth-note triplets) does not fit 7/8: a bar"
                             " would be 10.5 steps; in 7/8 use 16, 16t, 32")


def test_header_sets_the_default_and_a_label_overrides_it() -> None:
    g = parse_grid("BD |X.......X.......|\n@16t\nHH |" + "x." * 12 + "|\nSD@16 |....X.......X...|"
                   "\nRD@32 |" + "x..." * 8 + "|\n@16\nCR |X...............|")
    assert [(v.label, g.subdivision_of(v).value) for v, _ in g.lines] == [
        ("CR", "16"), ("RD", "32"), ("HH", "16t"), ("SD", "16"), ("BD", "16")]
    assert render_grid(g).splitlines()[1:3] == ["RD@32 |" + "x..." * 8 + "|",
                                                "HH@16t |" + "x." * 12 + "|"]


def test_spellings_and_spaces_around_the_mark() -> None:
    g = parse_grid("ride @ triplet | x.x x.x x.x x.x |\nkick@1/16: X... X... X... X...")
    assert g.subdivision_of(Voice.RIDE) is T8 and g.line(Voice.RIDE) == "x.x" * 4
    assert g.subdivision_of(Voice.KICK) is S16


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("HH@8t |x.x.x.x.x.|", "grid line 1 (HH@8t): 10 steps; 4/4 needs a multiple of 12 "
                               "(12 eighth-note triplets a bar)"),
        ("SD@32 |x...|\nSD@32 |x...|", "grid lines 1, 2 (SD@32): 8 steps; 4/4 needs a multiple"
                                       " of 32"),
        ("HH@8t |x.xx.xx.xx.x|\nBD |X.......|", "differ in length (HH@8t=12 (1 bar), BD=8 (1/2"
                                               " bar)); every voice needs the same number of bars"),
        ("HH@8t |x.xx.xx.xx.x|\nHH |x.x.x.x.x.x.x.x.|", "grid line 2 (HH): HH is written in 8t on"
                                                       " line 1; one voice keeps one subdivision"),
        ("HH@12 |x.xx.xx.xx.x|", "grid line 1 (HH): subdivision must be one of 16, 8t, 16t, 32,"
                                 " got '12'"),
        ("@\nHH |x.x.x.x.x.x.x.x.|", "grid line 1: subdivision must be one of"),
    ],
)
def test_subdivision_errors_name_line_subdivision_and_multiple(text: str, needle: str) -> None:
    with pytest.raises(UserInputError) as ei:
        parse_grid(text)
    assert needle in str(ei.value)


def test_shuffle_lands_on_triplet_ticks() -> None:
    p = grid_to_pattern(parse_grid(SHUFFLE))
    ride = [n.time for n in p.notes if n.pitch == Voice.RIDE.pitch]
    assert ride == [0, 320, 480, 800, 960, 1280, 1440, 1760]
    snare = [n.time for n in p.notes if n.pitch == Voice.SNARE.pitch]
    assert snare == [480, 1440]  # the sixteenth lines are where they always were


def test_thirty_second_roll_at_sixty_ticks_and_flam_a_quarter_step_early() -> None:
    p = grid_to_pattern(parse_grid("SD@32 |" + "." * 24 + "xxxxxxxf|"))
    times = [n.time for n in p.notes]
    assert times == [1440, 1500, 1560, 1620, 1680, 1740, 1800, 1845, 1860]
    assert [n.velocity for n in p.notes][-2:] == [55, 100]
    triplet_flam = grid_to_pattern(parse_grid("SD@8t |...f........|"))
    assert [n.time for n in triplet_flam.notes] == [440, 480]


def test_grid_value_checks_lengths_and_normalizes_subdivisions() -> None:
    ts = TimeSignature()
    a = Grid(((Voice.RIDE, "x.xx.xx.xx.x"), (Voice.KICK, "X" + "." * 15)), ts, 1,
             ((Voice.KICK, S16), (Voice.RIDE, T8)))
    assert a.subdivisions == ((Voice.RIDE, T8),) and not a.is_sixteenths
    assert a == Grid(a.lines, ts, 1, ((Voice.RIDE, T8),))
    assert a == parse_grid("RD@8t |x.xx.xx.xx.x|\nBD |X...............|")
    with pytest.raises(UserInputError, match="grid line RD@8t has 16 steps; 1 bar"):
        Grid(((Voice.RIDE, "x" * 16),), ts, 1, ((Voice.RIDE, T8),))
    with pytest.raises(UserInputError, match="voices without a line"):
        Grid(((Voice.KICK, "X" * 16),), ts, 1, ((Voice.RIDE, T8),))


def test_common_step_and_ticks_for_the_engine() -> None:
    g = parse_grid(SHUFFLE)
    assert common_resolution(g) == 40 and common_resolution(parse_grid(BACKBEAT)) == 120
    spb, lines = common_lines(g)
    assert spb == 48 and dict(lines)[Voice.RIDE][:12] == "x.......x..."
    assert dict(lines)[Voice.SNARE] == "".join(ch + ".." for ch in "....X.......X...")
    assert common_lines(parse_grid(BACKBEAT)) == (16, parse_grid(BACKBEAT).lines)
    hits = as_ticks(g)
    assert hits[:4] == [(Voice.RIDE, 0, "x"), (Voice.KICK, 0, "X"), (Voice.RIDE, 320, "x"),
                        (Voice.RIDE, 480, "x")]
    assert [t for _, t, _ in hits] == sorted(t for _, t, _ in hits)


def test_requantize_moves_hits_to_the_nearest_sixteenth() -> None:
    g = requantize(parse_grid(SHUFFLE))
    assert g.is_sixteenths
    assert g.line(Voice.RIDE) == "x..xx..xx..xx..x"  # 320 → 360, 800 → 840 …
    assert g.line(Voice.SNARE) == "....X.......X..."
    assert requantize(parse_grid("SD@32 |" + "x" * 32 + "|")).line(Voice.SNARE) == "x" * 16
    assert requantize(parse_grid(BACKBEAT)) == parse_grid(BACKBEAT)


def _swung(eighths: int, swing_ticks: int, jitter: tuple[int, ...]) -> list[int]:
    return [i * 240 + (swing_ticks if i % 2 else 0) + jitter[i % len(jitter)]
            for i in range(eighths)]


def test_pattern_to_grid_reads_a_swung_ride_as_triplets() -> None:
    ride = [Note(max(0, t), Voice.RIDE.pitch, 90) for t in _swung(8, 80, (3, -5, 0, 7, -2))]
    kick = [Note(0, Voice.KICK.pitch, 110), Note(961, Voice.KICK.pitch, 100)]
    g = pattern_to_grid(Pattern(tuple(ride + kick)))
    assert g.subdivision_of(Voice.RIDE) is T8 and g.line(Voice.RIDE) == "x.xx.xx.xx.x"
    assert g.subdivision_of(Voice.KICK) is S16  # on the beat: every grid shares it


def test_pattern_to_grid_reads_a_trap_roll_as_thirty_seconds() -> None:
    hats = [Note(t, Voice.CLOSED_HAT.pitch, 90) for t in [*range(0, 1440, 240),
                                                           *range(1440, 1920, 60)]]
    g = pattern_to_grid(Pattern(tuple(hats)))
    assert g.subdivision_of(Voice.CLOSED_HAT) is S32
    assert render_grid(g) == "HH@32 |x...x...x...x...x...x...xxxxxxxx|"


def test_pattern_to_grid_keeps_straight_and_loose_playing_in_sixteenths() -> None:
    # a humanized straight groove: hats 14 ticks off at most, a kick on beats 1 and 3 played
    # 17 ticks late (outside the 16th tolerance, inside the 8t one): still sixteenths
    hats = [Note(max(0, i * 240 + j), 42, 90) for i, j in enumerate((5, -14, 9, 0, -7, 12, 3, 14))]
    kick = [Note(17, 36, 110), Note(977, 36, 110)]
    triplets_in_seven = [Note(t, 51, 90) for t in (0, 160, 320, 480)]  # 8t cannot fit 7/8
    g = pattern_to_grid(Pattern(tuple(hats + kick)))
    assert g.is_sixteenths
    assert g.line(Voice.KICK) == "X.......X......." and g.line(Voice.CLOSED_HAT) == "x." * 8
    seven = pattern_to_grid(Pattern(tuple(triplets_in_seven), time_signature=TimeSignature(7, 8)))
    assert seven.subdivision_of(Voice.RIDE) is T16  # 16t does fit 7/8 and holds them


@st.composite
def mixed_grids(draw: st.DrawFn) -> Grid:
    """Random grids whose lines each take a random subdivision that fits the meter. Every line
    has a hit, and a non-sixteenth line has one where no earlier-read subdivision has a point,
    so pattern_to_grid has exactly one answer."""
    ts = draw(st.sampled_from(METERS))
    bars = draw(st.integers(1, 2))
    voices = draw(st.lists(st.sampled_from(GRID_ORDER), min_size=1, max_size=5, unique=True))
    lines, subs = [], []
    for v in GRID_ORDER:
        if v not in voices or v is Voice.OPEN_HAT:
            continue
        sub = draw(st.sampled_from([s for s in (S16, T8, T16, S32) if s.fits(ts)]))
        n = bars * sub.steps_per_bar(ts)
        alphabet = "Xxgf." + ("o" if v is Voice.CLOSED_HAT else "")
        steps = list(draw(st.text(alphabet=alphabet, min_size=n, max_size=n)))
        own = [i for i in range(n) if {S16: True, T8: i % 3 != 0, T16: i % 2 == 1 and i % 3 != 0,
                                       S32: i % 2 == 1}[sub]]
        at = draw(st.sampled_from(own))
        steps[at] = draw(st.sampled_from("Xxg"))
        lines.append((v, "".join(steps)))
        subs.append((v, sub))
    if not lines:
        lines, subs = [(Voice.KICK, "X" + "." * (bars * ts.steps_per_bar - 1))], []
    return Grid(tuple(lines), ts, bars, tuple(subs))


@given(mixed_grids())
def test_mixed_grid_text_round_trip(grid: Grid) -> None:
    assert parse_grid(render_grid(grid), grid.time_signature) == grid


@given(mixed_grids())
def test_mixed_grid_pattern_grid_round_trip(grid: Grid) -> None:
    assert pattern_to_grid(grid_to_pattern(grid)) == grid


@given(st.text(alphabet="HSDBRK@8t16/32 |:#x.Xgfo-\n", max_size=200))
def test_parser_never_crashes(text: str) -> None:
    try:
        g = parse_grid(text)
    except UserInputError:
        return
    kept = tuple((v, s) for v, s in g.lines if set(s) != {"."})
    if kept:  # what renders parses back to the same grid, rest-only lines left out
        assert parse_grid(render_grid(g)) == Grid(
            kept, g.time_signature, g.bars, tuple((v, g.subdivision_of(v)) for v, _ in kept))


def test_a_lone_dash_between_separators_is_a_bar_of_rest() -> None:
    text = "CR x...............|-|-\nFT -|-|..........x.X..x\nBD X.......X.......|-|X..."
    g = parse_grid(text + "....X.......", TimeSignature())
    assert g.bars == 3 and g.line(Voice.CRASH) == "x" + "." * 47
    assert g.line(Voice.FLOOR_TOM) == "." * 32 + "..........x.X..x"
    assert render_grid(g, compact=True) == text + "....X......."
    triplets = parse_grid("RD@8t -|x.xx.xx.xx.x\nBD X...............|X...............")
    assert triplets.line(Voice.RIDE) == "." * 12 + "x.xx.xx.xx.x"  # a bar at the line's step
    with pytest.raises(UserInputError, match="differ in length"):
        parse_grid("HH -|x.x.x.x.x.x.x.x.\nBD X...............")  # '-' still counts one bar
    assert parse_grid("SD X...............\nFT -").line(Voice.FLOOR_TOM) == "." * 16


@given(mixed_grids(), st.data())
def test_compact_text_round_trip_with_rest_bars(grid: Grid, data: st.DataObject) -> None:
    lines = []
    for v, steps in grid.lines:
        spb = grid.steps_per_bar_of(v)
        rest = data.draw(st.sets(st.integers(0, grid.bars - 1)))
        lines.append((v, "".join("." * spb if b in rest else steps[b * spb:(b + 1) * spb]
                                 for b in range(grid.bars))))
    kept = tuple((v, s) for v, s in lines if set(s) != {"."})
    if not kept:
        return
    blanked = Grid(kept, grid.time_signature, grid.bars,
                   tuple((v, grid.subdivision_of(v)) for v, _ in kept))
    text = render_grid(blanked, compact=True)
    assert parse_grid(text, grid.time_signature) == blanked
    assert "|" not in text or grid.bars > 1
