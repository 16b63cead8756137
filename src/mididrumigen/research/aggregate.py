"""Confidence-weighted aggregation of votes for one parameter, with outlier filtering.

A vote is a value, a weight (the evidence's confidence times its kind, see weighting) and a
label naming the evidence. Numbers: votes further than max(3 × 1.4826 × MAD, floor) from the
weighted median are outliers and dropped — but only when they are a small minority (fewer than
a third of the votes, holding less than a third of the weight): with three votes, or when the
"outliers" are a cluster of their own, nothing is dropped, because the evidence disagrees
rather than one source being wrong. Tempos are never dropped: an artist plays songs at
different tempos, and the range is what was observed. The rest are averaged by weight.
Booleans: the weighted majority. Categories (swing unit): the weighted mode.

Confidence of a parameter: (1 − e^(−Σ weights)) × (0.5 + 0.5 × agreement), where agreement is
1 − (weighted spread / the parameter's scale), at least 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# the smallest distance from the median that counts as an outlier, and the spread that means
# "no agreement", per parameter (tempo: a fraction of the median)
FLOOR: dict[str, float] = {"swing_percent": 4.0, "velocity_mean": 12.0, "velocity_std": 6.0,
                           "timing_jitter_ms": 5.0, "microtiming": 8.0}
SCALE: dict[str, float] = {"swing_percent": 10.0, "velocity_mean": 25.0, "velocity_std": 12.0,
                           "timing_jitter_ms": 10.0, "microtiming": 15.0}
TEMPO_FLOOR_SHARE, TEMPO_SCALE_SHARE = 0.08, 0.2
UNIT_FLOOR, UNIT_SCALE = 0.15, 0.4  # parameters in 0..1


@dataclass(frozen=True, slots=True)
class Vote:
    value: Any
    weight: float
    label: str
    source: str
    kind: str = ""  # the evidence kind (see weighting); "" when not known


@dataclass(frozen=True, slots=True)
class Aggregate:
    value: Any
    confidence: float
    kept: tuple[Vote, ...]
    dropped: tuple[Vote, ...]

    def provenance(self, limit: int = 6) -> str:
        def show(v: Vote) -> str:
            val = f"{v.value:g}" if isinstance(v.value, float) else str(v.value)
            return f"{v.label} = {val} (weight {v.weight:.2f})"

        kept = sorted(self.kept, key=lambda v: -v.weight)
        how = ("weighted majority" if isinstance(self.value, bool) else
               "weighted mean" if isinstance(self.value, float) else "weighted mode")
        text = f"{how} of {len(kept)}: " + "; ".join(show(v) for v in kept[:limit])
        if len(kept) > limit:
            text += f"; … {len(kept) - limit} more"
        if self.dropped:
            text += "; outliers dropped: " + "; ".join(show(v) for v in self.dropped[:3])
        return text


def scales(param: str, center: float) -> tuple[float, float]:
    """(outlier floor, agreement scale) of a parameter around `center`."""
    if param.startswith("tempo"):
        return TEMPO_FLOOR_SHARE * abs(center), TEMPO_SCALE_SHARE * abs(center)
    key = "microtiming" if param.startswith("microtiming") else param
    return FLOOR.get(key, UNIT_FLOOR), SCALE.get(key, UNIT_SCALE)


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    pairs = sorted(zip(values, weights, strict=True))
    half = sum(weights) / 2.0
    acc = 0.0
    for v, w in pairs:
        acc += w
        if acc >= half:
            return v
    return pairs[-1][0]


def _confidence(total_weight: float, agreement: float) -> float:
    return round((1.0 - math.exp(-total_weight)) * (0.5 + 0.5 * max(0.0, agreement)), 3)


def aggregate(param: str, votes: Sequence[Vote]) -> Aggregate | None:
    votes = [v for v in votes if v.weight > 0]
    if not votes:
        return None
    if all(isinstance(v.value, bool) for v in votes):
        yes = sum(v.weight for v in votes if v.value)
        total = sum(v.weight for v in votes)
        value = yes * 2 > total
        agreement = abs(2 * yes - total) / total
        return Aggregate(value, _confidence(total, agreement), tuple(votes), ())
    if param == "swing_unit":
        tally: dict[Any, float] = {}
        for v in votes:
            tally[v.value] = tally.get(v.value, 0.0) + v.weight
        best = max(sorted(tally), key=lambda k: tally[k])
        total = sum(tally.values())
        return Aggregate(best, _confidence(total, tally[best] / total),
                         tuple(v for v in votes if v.value == best),
                         tuple(v for v in votes if v.value != best))
    numbers = [v for v in votes if isinstance(v.value, int | float)]
    if not numbers:
        return None
    xs = [float(v.value) for v in numbers]
    ws = [v.weight for v in numbers]
    med = weighted_median(xs, ws)
    floor, scale = scales(param, med)
    kept, dropped = list(numbers), []
    if len(numbers) >= 4 and not param.startswith("tempo"):
        mad = weighted_median([abs(x - med) for x in xs], ws)
        tol = max(3 * 1.4826 * mad, floor)
        far = [v for v in numbers if abs(float(v.value) - med) > tol]
        if far and 3 * len(far) < len(numbers) and 3 * sum(v.weight for v in far) < sum(ws):
            kept = [v for v in numbers if abs(float(v.value) - med) <= tol]
            dropped = far
    total = sum(v.weight for v in kept)
    mean = sum(float(v.value) * v.weight for v in kept) / total
    spread = math.sqrt(sum(v.weight * (float(v.value) - mean) ** 2 for v in kept) / total)
    agreement = 1.0 - spread / scale if scale else 1.0
    return Aggregate(round(mean, 3), _confidence(total, agreement), tuple(kept), tuple(dropped))
