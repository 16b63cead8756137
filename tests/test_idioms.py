"""Each idiom and each audited drummer's trait, checked on the rendered MIDI (humanize off, so
positions are exact ticks at 480 per quarter; velocities are the played ones)."""

from __future__ import annotations

import itertools
import statistics

import pytest

from mididrumigen.domain import GenerationParams, TimeSignature
from mididrumigen.domain.pattern import Pattern
from mididrumigen.domain.voices import Voice
from mididrumigen.groove.guard import backbeat_steps
from shared_runtime import engine, resolve_profile

Q = 480
SEEDS = range(6)


def _takes(artist: str, *, genre: str | None = None, ts: str = "4/4", bars: int = 8,
           humanize: bool = False, seeds: range = SEEDS) -> list[tuple[Pattern, list[bool]]]:
    profile = resolve_profile(artist, genre).profile
    params = GenerationParams(bars=bars, variations=2, humanize=humanize, genre=genre,
                              time_signature=TimeSignature.parse(ts), fill_every=4)
    out = []
    for seed in seeds:
        _v, fills, _mm, _feel = engine().lines(profile, params, seed)
        out.extend((p, fills) for p in engine().generate(profile, params, seed))
    return out


def _groove_bars(p: Pattern, fills: list[bool]) -> list[list[tuple[int, Voice, int]]]:
    """(tick in bar, voice, velocity) per bar that carries no fill and follows none."""
    tpb = p.ticks_per_bar
    bars: list[list[tuple[int, Voice, int]]] = [[] for _ in range(p.total_bars)]
    for n in p.notes:
        if n.voice is not None:
            bars[n.time // tpb].append((n.time % tpb, n.voice, n.velocity))
    return [b for i, b in enumerate(bars) if not fills[i] and not (i and fills[i - 1])]


def _at(bar: list[tuple[int, Voice, int]], voices: tuple[Voice, ...], tick: int) -> bool:
    return any(t == tick and v in voices for t, v, _ in bar)


SNARES = (Voice.SNARE, Voice.RIMSHOT, Voice.SIDE_STICK, Voice.CLAP)


@pytest.mark.parametrize("artist", ["Carlton Barrett", "Bob Marley"])
def test_one_drop_kick_and_rim_on_three_nothing_on_one(artist: str) -> None:
    bars = [b for p, f in _takes(artist) for b in _groove_bars(p, f)]
    drop = [b for b in bars if _at(b, (Voice.KICK,), 2 * Q) and _at(b, SNARES, 2 * Q)
            and not _at(b, (Voice.KICK,), 0)]
    assert len(drop) >= 0.8 * len(bars), f"{len(drop)}/{len(bars)} one-drop bars"


def test_reggae_genre_plays_the_drop_on_three() -> None:
    bars = [b for p, f in _takes("Zorblax Quintavian", genre="reggae") for b in _groove_bars(p, f)]
    on3 = [b for b in bars if _at(b, SNARES, 2 * Q) and not _at(b, SNARES, Q)]
    assert len(on3) >= 0.7 * len(bars)


@pytest.mark.parametrize("artist", ["Elvin Jones", "Buddy Rich", "Zorblax Quintavian"])
def test_jazz_time_ride_with_the_hat_foot_on_two_and_four(artist: str) -> None:
    genre = "jazz" if artist.startswith("Zorblax") else None
    bars = [b for p, f in _takes(artist, genre=genre) for b in _groove_bars(p, f)]
    hat = [b for b in bars if _at(b, (Voice.PEDAL_HAT,), Q) and _at(b, (Voice.PEDAL_HAT,), 3 * Q)]
    ride = [b for b in bars if sum(v in (Voice.RIDE, Voice.RIDE_BELL) for _, v, _ in b) >= 4]
    assert len(hat) >= 0.8 * len(bars) and len(ride) >= 0.8 * len(bars)


def test_buddy_rich_feathers_the_kick() -> None:
    kicks = [vel for p, _ in _takes("Buddy Rich") for n in p.notes
             if n.voice is Voice.KICK and (vel := n.velocity)]
    ride = [n.velocity for p, _ in _takes("Buddy Rich") for n in p.notes if n.voice is Voice.RIDE]
    assert statistics.median(kicks) < statistics.median(ride) - 15


def test_purdie_half_time_shuffle_on_the_triplets() -> None:
    """Purdie's half-time shuffles outweigh his other 4/4 groove 4 to 1: hats on the first and
    third triplet partials, the backbeat on 3 only, ghost notes on the middle partials."""
    takes = _takes("Bernard Purdie", seeds=range(16))  # shuffles weigh 2, Rock Steady 1
    bars = [b for p, f in takes for b in _groove_bars(p, f)]
    third = Q // 3
    def on_partials(b: list[tuple[int, Voice, int]]) -> bool:
        hats = [t % Q for t, v, _ in b if v is Voice.CLOSED_HAT]
        return sum(t in (0, 2 * third) for t in hats) >= 0.8 * len(hats) > 0

    shuffle = [b for b in bars
               if on_partials(b)
               and _at(b, SNARES, 2 * Q) and not _at(b, (Voice.SNARE,), Q)
               and any(t % Q == third and v is Voice.SNARE and vel < 60 for t, v, vel in b)]
    assert len(shuffle) >= 0.5 * len(bars), f"{len(shuffle)}/{len(bars)}"


def test_trap_hat_rolls_are_faster_than_sixteenths() -> None:
    for artist, genre in (("Metro Boomin", None), ("Zorblax Quintavian", "trap")):
        gaps = 0
        for p, _ in _takes(artist, genre=genre):
            hats = sorted(n.time for n in p.notes if n.voice is Voice.CLOSED_HAT)
            gaps += sum(1 for a, b in itertools.pairwise(hats) if 0 < b - a < Q // 4)
        assert gaps >= 20, artist


def test_tito_puente_plays_son_clave_and_cascara() -> None:
    """Son clave on the side stick over two bars (3-2 or 2-3), a bell or cascara pattern."""
    three, two = {0, 6, 12}, {4, 8}  # sixteenth steps of the clave's sides in one 4/4 bar
    takes = _takes("Tito Puente")
    clave = total = 0
    for p, f in takes:
        tpb = p.ticks_per_bar
        sides = [{n.time % tpb // (Q // 4) for n in p.notes if n.voice is Voice.SIDE_STICK
                  and n.time // tpb == b} for b in range(p.total_bars)]
        for b in range(0, p.total_bars - 1, 2):
            if f[b] or f[b + 1] or (b and f[b - 1]):
                continue
            total += 1
            clave += (sides[b], sides[b + 1]) in ((three, two), (two, three))
        assert any(n.voice in (Voice.RIDE_BELL, Voice.COWBELL) for n in p.notes)
    assert clave >= 0.6 * total, f"{clave}/{total}"


@pytest.mark.parametrize("genre", ["house", "techno"])
def test_four_on_the_floor(genre: str) -> None:
    bars = [b for p, f in _takes("Zorblax Quintavian", genre=genre) for b in _groove_bars(p, f)]
    four = [b for b in bars if all(_at(b, (Voice.KICK,), k * Q) for k in range(4))]
    assert len(four) >= 0.8 * len(bars)


@pytest.mark.parametrize(("artist", "ts"), [("Carlton Barrett", "12/8"),
                                            ("Zorblax Quintavian", "6/8"),
                                            ("Elvin Jones", "12/8")])
def test_compound_meters_keep_time_on_the_triplet_eighths(artist: str, ts: str) -> None:
    keepers = (Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.RIDE_BELL, Voice.PEDAL_HAT)
    for p, _ in _takes(artist, ts=ts, bars=4):
        assert all(n.time % (Q // 2) == 0 for n in p.notes if n.voice in keepers), ts


def test_copeland_opens_the_hats_as_his_profile_says() -> None:
    takes = _takes("Stewart Copeland")
    opened = sum(1 for p, _ in takes for n in p.notes if n.voice is Voice.OPEN_HAT)
    hats = sum(1 for p, _ in takes for n in p.notes
               if n.voice in (Voice.OPEN_HAT, Voice.CLOSED_HAT))
    assert opened / hats >= 0.08


@pytest.mark.parametrize(("artist", "voice", "steps"), [
    ("John Bonham", Voice.KICK, {10, 13}),  # hand-hand-foot in threes: the foot every third
    ("Neil Peart", Voice.MID_TOM, {12, 13}),  # the run comes down the toms
    ("Stewart Copeland", Voice.SPLASH, {14}),
])
def test_artists_fill_with_their_own_figures(artist: str, voice: Voice, steps: set[int]) -> None:
    """A drummer's signature fills from the knowledge base end many of their phrases."""
    profile = resolve_profile(artist).profile
    params = GenerationParams(bars=8, variations=2, humanize=False, fill_every=4)
    own = total = 0
    for seed in range(10):
        variations, fills, _mm, feel = engine().lines(profile, params, seed)
        for lines in variations:
            for b, is_fill in enumerate(fills):
                if not is_fill:
                    continue
                total += 1
                row = lines.get(voice, ["."] * (8 * feel.spb))[b * feel.spb:(b + 1) * feel.spb]
                own += steps <= {i for i, c in enumerate(row) if c != "."}
    assert own >= 0.3 * total, f"{own}/{total}"


def _main_grooves(genre: str, ts: str = "4/4", seeds: range = range(40)) -> list[dict[Voice, str]]:
    """Bar 1 of variation 1 (the main groove as stated) for many seeds, as step strings."""
    profile = resolve_profile("Zorblax Quintavian", genre).profile
    params = GenerationParams(bars=1, variations=1, humanize=False, genre=genre, fill_every=0,
                              time_signature=TimeSignature.parse(ts))
    out = []
    for seed in seeds:
        lines = engine().lines(profile, params, seed)[0][0]
        out.append({v: "".join(row) for v, row in lines.items()})
    return out


def _on(row: str | None, steps: range | list[int]) -> int:
    return sum(1 for s in steps if row is not None and row[s] != ".")


def test_metal_plays_blast_skank_gallop_and_double_kick() -> None:
    found = set()
    for g in _main_grooves("metal"):
        kick, snare = g.get(Voice.KICK), g.get(Voice.SNARE)
        if _on(snare, range(1, 16, 2)) >= 6 and _on(kick, range(0, 16, 2)) >= 6:
            found.add("blast")  # kick and snare alternating sixteenths
        if _on(snare, range(2, 16, 4)) >= 3 and _on(kick, range(0, 16, 4)) >= 3:
            found.add("skank")  # snare on the off-beat eighths over the kick on the beats
        if kick and all(kick[b:b + 4].replace("X", "x") == "x.xx" for b in range(0, 16, 4)):
            found.add("gallop")
        if _on(kick, range(16)) >= 12:
            found.add("double kick")
    assert found == {"blast", "skank", "gallop", "double kick"}, found


def test_drum_and_bass_two_step() -> None:
    grooves = _main_grooves("drum_and_bass")
    two_step = [g for g in grooves if _on(g.get(Voice.SNARE), [4, 12]) == 2
                and _on(g.get(Voice.KICK), [0]) and _on(g.get(Voice.KICK), [10, 11])]
    assert len(two_step) >= 0.5 * len(grooves)


def test_bossa_nova_side_stick_clave_over_the_bass_drum_ostinato() -> None:
    grooves = _main_grooves("bossa_nova")
    bossa = [g for g in grooves if _on(g.get(Voice.SIDE_STICK), [0, 6]) == 2
             and _on(g.get(Voice.KICK), [0, 6, 8, 14]) >= 3]
    assert len(bossa) >= 0.5 * len(grooves)


def test_jazz_waltz_in_three() -> None:
    grooves = _main_grooves("jazz", "3/4")
    waltz = [g for g in grooves if _on(g.get(Voice.RIDE), [0, 4, 8]) == 3
             and _on(g.get(Voice.PEDAL_HAT), [4, 8]) >= 1 and _on(g.get(Voice.SNARE), range(12)) <= 3]
    assert len(waltz) >= 0.7 * len(grooves)


@pytest.mark.parametrize(("ts", "starts"), [("7/8", [0, 4, 8]), ("5/4", [0, 4, 8, 12, 16])])
def test_odd_meters_are_phrased_by_their_beat_groups(ts: str, starts: list[int]) -> None:
    """7/8 as 2+2+3, 5/4 as five beats: the kick opens the bar and the backbeat falls on the
    start of a later beat group (or inside the long group of 7/8), never on the one."""
    for genre in ("rock", "funk", "prog"):
        grooves = _main_grooves(genre, ts, range(20))
        spb = TimeSignature.parse(ts).steps_per_bar
        later = [s for s in range(starts[1], spb, 2)]
        phrased = [g for g in grooves if _on(g.get(Voice.KICK), [0])
                   and _on(g.get(Voice.SNARE), starts[1:]) + _on(g.get(Voice.SNARE), later) >= 1
                   and not _on(g.get(Voice.SNARE), [0])]
        assert len(phrased) >= 0.7 * len(grooves), genre


def _offsets_ms(p: Pattern, voice: Voice) -> list[tuple[int, float]]:
    """(bar, ms from the nearest sixteenth) of each hit of `voice` in a straight take."""
    ms_per_tick = 60_000 / p.tempo / Q
    out = []
    for n in p.notes:
        if n.voice is voice:
            off = (n.time + 60) % 120 - 60
            out.append((n.time // p.ticks_per_bar, off * ms_per_tick))
    return out


def test_dilla_snare_consistently_behind_the_kick() -> None:
    """J Dilla's feel: the snare drags well behind while the kick pushes, bar after bar."""
    profile = resolve_profile("J Dilla").profile
    params = GenerationParams(bars=8, variations=2, swing=50.0)  # measure without the swing
    late_bars = bars = 0
    gaps = []
    for seed in SEEDS:
        for p in engine().generate(profile, params, seed):
            snare, kick = _offsets_ms(p, Voice.SNARE), _offsets_ms(p, Voice.KICK)
            gaps.append(statistics.mean(o for _, o in snare) - statistics.mean(o for _, o in kick))
            for b in range(p.total_bars):
                xs = [o for bb, o in snare if bb == b]
                if xs:
                    bars += 1
                    late_bars += statistics.mean(xs) > 0
    assert statistics.mean(gaps) >= 20 and late_bars >= 0.75 * bars


def test_stubblefield_syncopated_kick() -> None:
    """Funky Drummer: the kick lands off the beat (the 'and's and 'a's), not four on the floor."""
    bars = [b for p, f in _takes("Clyde Stubblefield") for b in _groove_bars(p, f)]
    synco = [b for b in bars if any(v is Voice.KICK and t % Q for t, v, _ in b)]
    assert len(synco) >= 0.8 * len(bars)


def test_bonham_triplets() -> None:
    """Bonham's half-time shuffle (Fool in the Rain) puts kicks and ghost notes on the triplet
    partials, and his signature fills end phrases in hand-hand-foot groupings."""
    notes = [n for p, _ in _takes("John Bonham", seeds=range(12)) for n in p.notes]
    triplet = [n for n in notes if n.voice is Voice.KICK and n.time % Q in (160, 320)]
    kicks = [n for n in notes if n.voice is Voice.KICK]
    assert len(triplet) >= 0.06 * len(kicks)  # 1% before the audit


@pytest.mark.parametrize("genre", [None, "rock", "funk", "hiphop", "soul", "punk"])
def test_unknown_artists_get_grooves_as_good_as_a_known_one(genre: str | None) -> None:
    """The genre path (an unknown band, or --genre): every groove bar keeps time, has the
    genre's backbeat (2 and 4; punk's own where its drummer plays one) and a kick, and never
    turns into a snare roll."""
    bad = []
    sure = backbeat_steps(engine().fitted(genre or "rock", TimeSignature()))  # e.g. 2 and 4
    assert genre == "punk" or [s // 4 for s in sure] == [1, 3]
    for p, f in _takes("Khruangbin Unknown Tribute", genre=genre, seeds=range(12)):
        for bar in _groove_bars(p, f):
            keeps = any(v in (Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.RIDE_BELL)
                        for _, v, _ in bar)
            back = all(_at(bar, SNARES, s * Q // 4) for s in sure)
            snares = sum(1 for _, v, vel in bar if v in SNARES and vel >= 60)
            if not (keeps and back and any(v is Voice.KICK for _, v, _ in bar)) or snares > 8:
                bad.append(sorted((t, v.label) for t, v, _ in bar))
    assert len(bad) <= 0.05 * 12 * 2 * 6, bad[:3]  # at most one bar in twenty
