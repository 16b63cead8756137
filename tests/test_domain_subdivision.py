"""Subdivisions: steps per bar in each meter, ticks at a ppq, parsing and the misfit errors."""

from __future__ import annotations

import pytest

from mididrumigen.domain import TimeSignature
from mididrumigen.domain.subdivision import Subdivision, common_steps_per_whole
from mididrumigen.errors import UserInputError

S16, T8, T16, S32 = (Subdivision.SIXTEENTH, Subdivision.EIGHTH_TRIPLET,
                     Subdivision.SIXTEENTH_TRIPLET, Subdivision.THIRTY_SECOND)


@pytest.mark.parametrize(
    ("meter", "steps"),
    [("4/4", (16, 12, 24, 32)), ("3/4", (12, 9, 18, 24)), ("6/8", (12, 9, 18, 24)),
     ("12/8", (24, 18, 36, 48)), ("7/8", (14, None, 21, 28)), ("5/4", (20, 15, 30, 40)),
     ("9/8", (18, None, 27, 36))],
)
def test_steps_per_bar_in_each_meter(meter: str, steps: tuple[int | None, ...]) -> None:
    ts = TimeSignature.parse(meter)
    for sub, want in zip((S16, T8, T16, S32), steps, strict=True):
        assert sub.fits(ts) is (want is not None)
        if want is not None:
            assert sub.steps_per_bar(ts) == want
    assert S16.steps_per_bar(ts) == ts.steps_per_bar


def test_eighth_triplets_in_seven_eight_name_meter_and_what_fits() -> None:
    with pytest.raises(UserInputError) as ei:
        T8.steps_per_bar(TimeSignature(7, 8))
    msg = str(ei.value)
    assert "8t (eighth-note triplets) does not fit 7/8" in msg
    assert "10.5 steps" in msg and "use 16, 16t, 32" in msg


def test_ticks_at_ppq() -> None:
    assert [s.ticks(480) for s in (S16, T8, T16, S32)] == [120, 160, 80, 60]
    assert [s.ticks(96) for s in (S16, T8, T16, S32)] == [24, 32, 16, 12]
    with pytest.raises(UserInputError, match="ppq 100 cannot hold eighth-note triplets"):
        T8.ticks(100)
    with pytest.raises(UserInputError, match="divisible by 8"):
        S32.ticks(100)


@pytest.mark.parametrize(
    ("text", "sub"),
    [("16", S16), ("8t", T8), ("16t", T16), ("32", S32), (" 8T ", T8), ("1/16", S16),
     ("1/8t", T8), ("1/16t", T16), ("1/32", S32), ("16th", S16), ("32nd", S32),
     ("sixteenth", S16), ("thirty-second", S32), ("triplet", T8), ("Triplets", T8)],
)
def test_parse_accepts_the_documented_spellings(text: str, sub: Subdivision) -> None:
    assert Subdivision.parse(text) is sub


@pytest.mark.parametrize("text", ["8", "1/8", "24", "64", "", "t", "quintuplet"])
def test_parse_rejects_the_rest(text: str) -> None:
    with pytest.raises(UserInputError, match="subdivision must be one of 16, 8t, 16t, 32"):
        Subdivision.parse(text)


def test_common_step_is_the_least_common_multiple() -> None:
    assert common_steps_per_whole(()) == 16
    assert common_steps_per_whole((S16,)) == 16
    assert common_steps_per_whole((S16, T8)) == 48
    assert common_steps_per_whole((T8, T16)) == 24
    assert common_steps_per_whole((T16, S32)) == 96
    assert str(T16) == "16t"
