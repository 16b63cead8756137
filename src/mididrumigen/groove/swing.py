"""Swing as a time warp of the step grid — the one warp the engine and groove files share.

swing_percent is the share of a swing_unit pair the first note takes: 50 is straight, 66.7 a
triplet feel, 75 a dotted feel. Eighth swing (unit 8) delays the off-beat eighth of every
four-step pulse (and the sixteenths around it move with it, so nothing changes order);
sixteenth swing (unit 16) delays every off-beat sixteenth. Pairs start at each pulse group's
start (`TimeSignature.beat_groups`); groups of three eighths (6/8, 12/8, the 3 of 7/8) are
already ternary and get no eighth swing. 50% returns the grid unchanged.

`swing_warp` places any position, on the grid or between its lines (a triplet, a 32nd):
within a pair the first unit is stretched to `percent` of the pair and the second squeezed
into the rest, piecewise linearly, so every position keeps its order.
"""

from __future__ import annotations

import math

from ..domain.meter import TimeSignature


def swing_warp(position: float, ts: TimeSignature, percent: float, unit: int) -> float:
    """Where a straight position (sixteenth steps from the bar start, 0 ≤ position < the
    bar's steps) sounds under `percent` swing of `unit` notes (8 or 16)."""
    if percent <= 50.0:
        return position
    half = 1.0 if unit == 16 else 2.0  # one swing unit, in steps
    pair = 2 * half
    group_start = 0
    for size in ts.beat_groups:
        if position < group_start + size:
            break
        group_start += size
    else:
        return position  # past the bar: left as it is
    if unit != 16 and size % 4:
        return position  # ternary pulse: no eighth swing
    p = percent / 100.0
    start = group_start + math.floor((position - group_start) / pair + 1e-9) * pair
    within = position - start
    if within <= half:
        return start + 2 * p * within
    return start + 2 * p * half + 2 * (1 - p) * (within - half)


def step_positions(ts: TimeSignature, percent: float, unit: int) -> tuple[float, ...]:
    """Where each step of a bar sounds, in (fractional) steps from the bar start."""
    return tuple(swing_warp(float(i), ts, percent, unit) for i in range(ts.steps_per_bar))
