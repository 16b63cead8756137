"""Swing as a time warp of the step grid.

swing_percent is the share of a swing_unit pair the first note takes: 50 is straight, 66.7 a
triplet feel, 75 a dotted feel. Eighth swing (unit 8) delays the off-beat eighth of every
four-step pulse (and the sixteenths around it move with it, so nothing changes order);
sixteenth swing (unit 16) delays every off-beat sixteenth. Groups of three eighths (6/8, 12/8)
are already ternary and get no eighth swing. 50% returns the grid unchanged.
"""

from __future__ import annotations

from ..domain.meter import TimeSignature


def step_positions(ts: TimeSignature, percent: float, unit: int) -> tuple[float, ...]:
    """Where each step of a bar sounds, in (fractional) steps from the bar start."""
    pos = [float(i) for i in range(ts.steps_per_bar)]
    if percent <= 50.0:
        return tuple(pos)
    if unit == 16:
        d = (percent - 50.0) / 100.0 * 2.0
        for start, size in zip(ts.beat_starts(), ts.beat_groups, strict=True):
            for p in range(1, size, 2):
                pos[start + p] += d
        return tuple(pos)
    d = (percent - 50.0) / 100.0 * 4.0
    for start, size in zip(ts.beat_starts(), ts.beat_groups, strict=True):
        if size % 4:
            continue
        for q in range(start, start + size, 4):
            pos[q + 1] = q + (2.0 + d) / 2.0
            pos[q + 2] = q + 2.0 + d
            pos[q + 3] = q + 2.0 + d + (2.0 - d) / 2.0
    return tuple(pos)
