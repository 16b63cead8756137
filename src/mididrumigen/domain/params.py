"""GenerationParams: what the user asked for."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UserInputError
from .checks import check_float, check_int
from .meter import TimeSignature
from .structure import Section

SUPPORTED_TIME_SIGNATURES = ("4/4", "3/4", "2/4", "5/4", "6/4", "7/4", "6/8", "7/8", "9/8",
                             "5/8", "11/8", "12/8", "13/8", "15/16")

# The bounds of a generation request, inclusive: GenerationParams checks them, the API schema
# and the CLI's help read them from here.
BARS = (1, 16)
TEMPO = (40, 300)  # BPM
VARIATIONS = (1, 8)
FILL_EVERY = (0, 16)  # a fill every N bars; 0: none
SEED = (0, 2**63 - 1)
COMPLEXITY = (0.0, 1.0)
SWING = (50.0, 75.0)  # percent: 50 straight, 66.7 triplet, 75 dotted
HUMANIZE_AMOUNT = (0.0, 1.0)
GENRE_LENGTH = (1, 40)  # characters
# How the files are written (services.OutputOptions)
OUTPUT_PPQ = (24, 9600)  # ticks per quarter note, a multiple of 4
MIDI_TYPES = (0, 1)


@dataclass(frozen=True, slots=True)
class GenerationParams:
    """Bars 1..16, tempo 40..300 BPM (None: the profile's), variations 1..8.

    fill_every: put a fill in the last bar of every N-bar phrase (0: no fills); the last bar
    of a pattern of 2+ bars always ends its phrase. complexity 0..1 (None: the profile's):
    denser, more syncopated, more ghost notes. swing 50..75 percent (None: the profile's)
    replaces the profile's swing on its swing unit. humanize_amount 0..1: how much of the
    human timing and dynamics to play (0 is the grid with the learned accents; humanize=False
    is the same as 0). structure: song sections (domain.structure; e.g. intro:4 verse:8
    chorus:8) — when given, each variation is one arrangement of those sections and `bars` is
    their total. count_in: one bar of count-in clicks before the first bar.
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
    structure: tuple[Section, ...] = ()
    count_in: bool = False

    def __post_init__(self) -> None:
        structure = tuple(self.structure)
        if any(not isinstance(s, Section) for s in structure):
            raise UserInputError("structure must be Section values (domain.structure)",
                                 field="structure")
        object.__setattr__(self, "structure", structure)
        if structure:
            object.__setattr__(self, "bars", sum(s.bars for s in structure))
        else:
            check_int("bars", self.bars, *BARS)
        check_int("variations", self.variations, *VARIATIONS)
        check_int("fill_every", self.fill_every, *FILL_EVERY)
        if self.tempo is not None:
            object.__setattr__(self, "tempo", check_float("tempo", self.tempo, *TEMPO))
        if self.seed is not None:
            check_int("seed", self.seed, *SEED)
        if not isinstance(self.time_signature, TimeSignature):
            raise UserInputError("time_signature must be a TimeSignature", field="time_signature")
        if self.time_signature.steps_per_bar < 2 or self.time_signature.numerator > 16:
            raise UserInputError(
                f"time_signature {self.time_signature} is not supported; use one of "
                + ", ".join(SUPPORTED_TIME_SIGNATURES), field="time_signature")
        if self.complexity is not None:
            object.__setattr__(self, "complexity",
                               check_float("complexity", self.complexity, *COMPLEXITY))
        if self.swing is not None:
            object.__setattr__(self, "swing", check_float("swing", self.swing, *SWING))
        object.__setattr__(self, "humanize_amount",
                           check_float("humanize_amount", self.humanize_amount, *HUMANIZE_AMOUNT))
        lo, hi = GENRE_LENGTH
        if self.genre is not None and (not self.genre.strip() or len(self.genre) > hi):
            raise UserInputError(f"genre must be {lo}..{hi} characters", field="genre")

    @property
    def humanization(self) -> float:
        """How much of the human timing and dynamics is played: 0 when humanize is off."""
        return self.humanize_amount if self.humanize else 0.0
