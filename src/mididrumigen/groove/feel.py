"""Feel: everything about one request the groove steps need, resolved once; and the two
random helpers they share. Every random choice takes the `rng` it is given."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain.meter import TimeSignature
from ..domain.profile import StyleParams
from ..domain.voices import Voice


@dataclass(frozen=True, slots=True)
class Feel:
    time_signature: TimeSignature
    tempo: float
    style: StyleParams
    complexity: float
    fills: tuple[tuple[dict[Voice, list[str]], float], ...] = ()  # the artist's own fill bars
    spb: int = field(init=False)
    starts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spb", self.time_signature.steps_per_bar)
        object.__setattr__(self, "starts", self.time_signature.beat_starts())

    @property
    def step_ms(self) -> float:
        return 60_000.0 / self.tempo / 4.0

    @property
    def double_kick(self) -> bool:
        return self.style.double_kick

    @property
    def ride_led(self) -> bool:
        return self.style.ride_led


def weighted_index(weights: Sequence[float], rng: random.Random) -> int:
    """Index drawn in proportion to `weights` (non-negative; all zero → uniform)."""
    total = sum(w for w in weights if w > 0)
    if total <= 0:
        return rng.randrange(len(weights))
    x = rng.random() * total
    acc = 0.0
    for i, w in enumerate(weights):
        if w > 0:
            acc += w
            if x < acc:
                return i
    return max(i for i, w in enumerate(weights) if w > 0)


def weighted_sample(items: Sequence[int], weights: Sequence[float], k: int,
                    rng: random.Random) -> list[int]:
    """Up to k distinct items, each draw in proportion to the remaining weights."""
    items, weights = list(items), list(weights)
    out: list[int] = []
    while items and len(out) < k:
        i = weighted_index(weights, rng)
        out.append(items.pop(i))
        weights.pop(i)
    return out


def stochastic_round(x: float, rng: random.Random) -> int:
    """floor(x) or ceil(x), with the expected value x."""
    lo = int(x // 1)
    return lo + (1 if rng.random() < x - lo else 0)
