"""Time signatures and the step grid they imply."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UserInputError
from .checks import check_int
from .units import steps_to_ticks

ALLOWED_DENOMINATORS = (2, 4, 8, 16)
_TS_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


@dataclass(frozen=True, slots=True)
class TimeSignature:
    """A meter such as 4/4, 7/8 or 12/8.

    Its steps are sixteenth notes in every meter: a 4/4 bar has 16 steps, 7/8 has 14,
    12/8 has 24. Compound meters (6/8, 9/8, 12/8) group steps in threes of eighths. Grid lines
    in other subdivisions (triplets, 32nds) count their steps with
    `Subdivision.steps_per_bar(ts)`.
    """

    numerator: int = 4
    denominator: int = 4

    def __post_init__(self) -> None:
        check_int("time_signature numerator", self.numerator, 1, 32)
        if self.denominator not in ALLOWED_DENOMINATORS:
            raise UserInputError(
                f"time_signature denominator must be one of 2, 4, 8, 16, got {self.denominator}",
                field="time_signature",
            )

    @classmethod
    def parse(cls, text: str) -> TimeSignature:
        """Parse '7/8'. Raises UserInputError naming the accepted form."""
        m = _TS_RE.match(text or "")
        if not m:
            raise UserInputError(
                f"time_signature must look like 4/4 or 7/8, got {text!r}", field="time_signature"
            )
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"{self.numerator}/{self.denominator}"

    @property
    def steps_per_bar(self) -> int:
        return self.numerator * 16 // self.denominator

    @property
    def is_compound(self) -> bool:
        return self.denominator == 8 and self.numerator % 3 == 0 and self.numerator > 3

    def ticks_per_bar(self, ppq: int) -> int:
        return steps_to_ticks(self.steps_per_bar, ppq)

    @property
    def beat_groups(self) -> tuple[int, ...]:
        """Steps per pulse group: (4,4,4,4) for 4/4, (6,6) for 6/8, (4,4,6) for 7/8."""
        n, d = self.numerator, self.denominator
        if d == 4 or d == 2:
            unit = 16 // d
            return tuple([unit] * n)
        if d == 16:
            groups = [4] * (n // 4)
            rest = n % 4
            return (*groups, rest) if rest else tuple(groups)
        if self.is_compound:
            return tuple([6] * (n // 3))
        # irregular x/8: groups of two eighths, a three at the end (7/8 = 2+2+3)
        twos = (n - 3) // 2 if n > 3 else 0
        groups = [4] * twos
        left = n - 2 * twos
        groups.append(2 * left)
        return tuple(groups)

    def beat_starts(self) -> tuple[int, ...]:
        """Step indices where each pulse group starts."""
        starts, pos = [], 0
        for g in self.beat_groups:
            starts.append(pos)
            pos += g
        return tuple(starts)


COMMON_TIME = TimeSignature(4, 4)
