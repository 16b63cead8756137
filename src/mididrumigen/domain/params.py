"""GenerationParams: what the user asked for."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UserInputError
from .checks import check_float, check_int
from .meter import TimeSignature

SUPPORTED_TIME_SIGNATURES = ("4/4", "3/4", "2/4", "5/4", "6/4", "7/4", "6/8", "7/8", "9/8",
                             "5/8", "11/8", "12/8", "13/8", "15/16")


@dataclass(frozen=True, slots=True)
class GenerationParams:
    """Bars 1..16, tempo 40..300 BPM (None: the profile's), variations 1..8.

    fill_every: put a fill in the last bar of every N-bar phrase (0: no fills); the last bar
    of a pattern of 2+ bars always ends its phrase. complexity 0..1 (None: the profile's):
    denser, more syncopated, more ghost notes. swing 50..75 percent (None: the profile's)
    replaces the profile's swing on its swing unit. humanize_amount 0..1: how much of the
    human timing and dynamics to play (0 is the grid with the learned accents; humanize=False
    is the same as 0).
    """

    bars: int = 4
    tempo: float | None = None
    time_signature: TimeSignature = field(default_factory=TimeSignature)
    variations: int = 4
    seed: int | None = None
    humanize: bool = True
    genre: str | None = None
    fill_every: int = 4
    complexity: float | None = None
    swing: float | None = None
    humanize_amount: float = 1.0

    def __post_init__(self) -> None:
        check_int("bars", self.bars, 1, 16)
        check_int("variations", self.variations, 1, 8)
        check_int("fill_every", self.fill_every, 0, 16)
        if self.tempo is not None:
            object.__setattr__(self, "tempo", check_float("tempo", self.tempo, 40, 300))
        if self.seed is not None:
            check_int("seed", self.seed, 0, 2**63 - 1)
        if not isinstance(self.time_signature, TimeSignature):
            raise UserInputError("time_signature must be a TimeSignature", field="time_signature")
        if self.time_signature.steps_per_bar < 2 or self.time_signature.numerator > 16:
            raise UserInputError(
                f"time_signature {self.time_signature} is not supported; use one of "
                + ", ".join(SUPPORTED_TIME_SIGNATURES), field="time_signature")
        if self.complexity is not None:
            object.__setattr__(self, "complexity", check_float("complexity", self.complexity, 0, 1))
        if self.swing is not None:
            object.__setattr__(self, "swing", check_float("swing", self.swing, 50, 75))
        object.__setattr__(self, "humanize_amount",
                           check_float("humanize_amount", self.humanize_amount, 0, 1))
        if self.genre is not None and (not self.genre.strip() or len(self.genre) > 40):
            raise UserInputError("genre must be 1..40 characters", field="genre")
