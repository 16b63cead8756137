"""Subdivisions: how finely one grid line divides the beat.

A grid line is written in one subdivision; the meter says how many of its steps make a bar::

    value  name                      per whole note  ticks at ppq 480  steps in 4/4  12/8  7/8
    16     sixteenths (the default)  16              120               16            24    14
    8t     eighth-note triplets      12              160               12            18    -
    16t    sixteenth-note triplets   24              80                24            36    21
    32     thirty-second notes       32              60                32            48    28

A bar must be a whole number of steps: eighth-note triplets do not fit 7/8 (10.5 steps), and
`Subdivision.steps_per_bar` says so, naming the meter and what does fit. Triplet steps need a
ppq divisible by 3 (480 is), thirty-seconds a ppq divisible by 8.

`Subdivision.parse` reads the value ("16", "8t", "16t", "32"), the value written as a note
fraction ("1/16", "1/8t", "1/16t", "1/32"), "16th", "32nd", "sixteenth", "thirty-second", and
"triplet" / "triplets" for eighth-note triplets (the shuffle and 12/8-feel triplet).
"""

from __future__ import annotations

from enum import Enum
from fractions import Fraction
from math import gcd

from ..errors import UserInputError
from .meter import TimeSignature


class Subdivision(Enum):
    """The step of one grid line. Value: the short text written after `@` in grid text."""

    SIXTEENTH = "16"
    EIGHTH_TRIPLET = "8t"
    SIXTEENTH_TRIPLET = "16t"
    THIRTY_SECOND = "32"

    def __str__(self) -> str:
        return self.value

    @property
    def steps_per_whole(self) -> int:
        """Steps in a whole note: 16, 12, 24 or 32."""
        return _PER_WHOLE[self]

    @property
    def description(self) -> str:
        """Plural words for the steps: 'sixteenths', 'eighth-note triplets' …"""
        return _DESCRIPTION[self]

    def ticks(self, ppq: int) -> int:
        """Ticks per step at `ppq` ticks per quarter: 120, 160, 80, 60 at ppq 480."""
        whole = 4 * ppq
        if ppq < 1 or whole % self.steps_per_whole:
            need = self.steps_per_whole // gcd(self.steps_per_whole, 4)
            raise UserInputError(
                f"ppq {ppq} cannot hold {self.description} ({self.value}); use a ppq divisible"
                f" by {need}", field="ppq")
        return whole // self.steps_per_whole

    def fits(self, time_signature: TimeSignature) -> bool:
        """True when a bar of `time_signature` is a whole number of these steps."""
        return (time_signature.numerator * self.steps_per_whole) % time_signature.denominator == 0

    def steps_per_bar(self, time_signature: TimeSignature) -> int:
        """Steps of this subdivision in one bar; UserInputError when that is not whole."""
        n, d = time_signature.numerator, time_signature.denominator
        if not self.fits(time_signature):
            exact = Fraction(n * self.steps_per_whole, d)
            usable = ", ".join(s.value for s in Subdivision if s.fits(time_signature))
            raise UserInputError(
                f"{self.value} ({self.description}) does not fit {time_signature}: a bar would be"
                f" {float(exact):g} steps; in {time_signature} use {usable}",
                field="subdivision")
        return n * self.steps_per_whole // d

    @classmethod
    def parse(cls, text: str) -> Subdivision:
        """'16', '8t', '16t', '32' (and the spellings in the module docstring)."""
        key = " ".join(str(text).lower().split())
        if key.startswith("1/"):
            key = key[2:]
        found = _SPELLINGS.get(key)
        if found is None:
            raise UserInputError(
                f"subdivision must be one of 16, 8t, 16t, 32, got {text!r}", field="subdivision")
        return found


_PER_WHOLE = {
    Subdivision.SIXTEENTH: 16, Subdivision.EIGHTH_TRIPLET: 12,
    Subdivision.SIXTEENTH_TRIPLET: 24, Subdivision.THIRTY_SECOND: 32,
}
_DESCRIPTION = {
    Subdivision.SIXTEENTH: "sixteenths", Subdivision.EIGHTH_TRIPLET: "eighth-note triplets",
    Subdivision.SIXTEENTH_TRIPLET: "sixteenth-note triplets",
    Subdivision.THIRTY_SECOND: "thirty-second notes",
}
_SPELLINGS: dict[str, Subdivision] = {
    **{s.value: s for s in Subdivision},
    "16th": Subdivision.SIXTEENTH, "sixteenth": Subdivision.SIXTEENTH,
    "32nd": Subdivision.THIRTY_SECOND, "thirty-second": Subdivision.THIRTY_SECOND,
    "triplet": Subdivision.EIGHTH_TRIPLET, "triplets": Subdivision.EIGHTH_TRIPLET,
}


def common_steps_per_whole(subdivisions: tuple[Subdivision, ...]) -> int:
    """Steps per whole note of the finest step that holds every subdivision given (their
    least common multiple): 16 and 8t → 48, 16t and 32 → 96. 16 for none."""
    out = 16 if not subdivisions else 1
    for s in subdivisions:
        out = out * s.steps_per_whole // gcd(out, s.steps_per_whole)
    return out
