"""Song sections (--structure) and the count-in, on the engine's lines and the rendered take."""

from __future__ import annotations

import pytest

from mididrumigen.domain import GenerationParams
from mididrumigen.domain.structure import Section, parse_structure
from mididrumigen.domain.voices import Voice
from mididrumigen.errors import UserInputError
from mididrumigen.groove import lines as L
from shared_runtime import engine, resolve_profile

SONG = "intro:4 verse:8 chorus:8 bridge:4 outro:4"


def test_structure_parses_and_refuses_clearly() -> None:
    assert parse_structure(SONG) == (Section("intro", 4), Section("verse", 8),
                                     Section("chorus", 8), Section("bridge", 4),
                                     Section("outro", 4))
    assert parse_structure("Intro:2, pre-chorus:2; hook:4")[1].kind == "pre"
    with pytest.raises(UserInputError, match="verse:8"):
        parse_structure("verse eight")
    with pytest.raises(UserInputError, match="kind must be one of"):
        parse_structure("coda:4")
    with pytest.raises(UserInputError, match="1..16"):
        parse_structure("verse:32")
    with pytest.raises(UserInputError, match="at most 64 bars"):
        parse_structure("verse:16 chorus:16 verse:16 chorus:16 outro:4")


@pytest.mark.parametrize("artist", ["John Bonham", "Clyde Stubblefield", "Zorblax Quintavian"])
def test_an_arrangement_has_its_sections_fills_at_the_boundaries_and_an_ending(artist: str) -> None:
    profile = resolve_profile(artist).profile
    sections = parse_structure(SONG)
    params = GenerationParams(variations=2, humanize=False, structure=sections)
    assert params.bars == 28
    for seed in range(4):
        variations, fills, _mm, feel = engine().lines(profile, params, seed)
        spb = feel.spb
        starts, b = [], 0
        for sec in sections:
            starts.append(b)
            b += sec.bars
        # a fill in the last bar of every section but the last, a crash on the next downbeat
        assert [i for i, f in enumerate(fills) if f] == [s - 1 for s in starts[1:]]
        for lines in variations:
            crash = set(L.hits(lines, Voice.CRASH))
            assert all(s * spb in crash for s in starts[1:])
            last = L.bar(lines, params.bars - 1, spb)
            assert L.hits(last, Voice.CRASH) == [0] and L.count(last) == 2  # the button

            verse, chorus = (_per_bar(lines, starts[k], 8, spb) for k in (1, 2))
            assert chorus >= verse  # the chorus is bigger than the verse


def _per_bar(lines: L.Lines, lo: int, n: int, spb: int) -> float:
    """Notes per bar over a section's groove bars (its fill bar left out)."""
    return sum(L.count(L.bar(lines, i, spb)) for i in range(lo, lo + n - 1)) / (n - 1)


def test_count_in_is_one_bar_of_beats_before_the_song() -> None:
    profile = resolve_profile("Questlove").profile
    for structure in ((), parse_structure("verse:4 chorus:4")):
        params = GenerationParams(bars=4, variations=1, humanize=False, count_in=True,
                                  structure=structure)
        pat = engine().generate(profile, params, 3)[0]
        assert pat.total_bars == params.bars + 1
        first = sorted((n.time, n.pitch) for n in pat.notes if n.time < pat.ticks_per_bar)
        assert first == [(0, 42), (480, 42), (960, 42), (1440, 42)]
