"""Swing measured from human onset timing, and the grid warp it implies.

A swing pair is two eighths (unit 8, four sixteenth steps) or two sixteenths (unit 16, two
steps). Wherever the performance has an onset on both ends of a pair and exactly one onset
inside it, the inner onset's place between its two neighbours is one swing sample:
0.50 is straight, 0.667 triplet feel, 0.75 dotted. Measuring against the neighbours (not the
click) makes the figure immune to a player who sits early or late as a whole.

The samples go into a histogram per unit; the swing ratio is the histogram's smoothed peak.
A unit is swung when its peak is at 52.5 % or more, holds at least 35 % of its samples within
±5 points, and the unit has at least a quarter as many samples as the other; when both units
are swung, the one with more samples (the clearer signal) wins. Histograms of several
performances add up (`pool_swing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.meter import TimeSignature

RATIO_LO, RATIO_HI = 0.40, 0.80  # inner-onset ratios outside this window are not swing
BINS = 160  # 0.25-point bins over the window
SMOOTH = 0.015  # Gaussian smoothing of the histogram (ratio units)
SWUNG_FROM = 0.525
MIN_SAMPLES = 8
MIN_SHARE_OF_OTHER = 0.25  # a unit with under a quarter of the other unit's samples is noise
PEAK_WIDTH = 0.05  # a swing peak must hold PEAK_SHARE of the samples within this of it
PEAK_SHARE = 0.35
ANCHOR_TOL = 0.45  # steps an anchor onset may sit off its grid line
CLUSTER = 0.3  # onsets closer than this (steps) are one onset (flams, chords)
SWING16_MAX_TEMPO = 160.0  # above this, human timing noise is as large as 16th swing


@dataclass(frozen=True, slots=True)
class SwingFit:
    """Swing of one or more performances.

    percent: 50 straight .. 75; unit: 8 or 16 (16 when straight).
    hist8 / hist16: sample counts per ratio bin (BINS over RATIO_LO..RATIO_HI) for pooling.
    """

    percent: float = 50.0
    unit: int = 16
    samples: int = 0
    hist8: tuple[int, ...] = ()
    hist16: tuple[int, ...] = ()

    @property
    def swung(self) -> bool:
        return self.percent > 50.0


def _clusters(positions: Sequence[float]):  # type: ignore[no-untyped-def]
    import numpy as np

    x = np.sort(np.asarray(positions, dtype=float))
    if x.size == 0:
        return x
    starts = np.concatenate(([True], np.diff(x) > CLUSTER))
    ids = np.cumsum(starts) - 1
    return np.bincount(ids, weights=x) / np.bincount(ids)


def _ratios(onsets, time_signature: TimeSignature, pair: int):  # type: ignore[no-untyped-def]
    """Inner-onset ratios of every pair that has onsets on both ends and one inside."""
    import numpy as np

    spb = time_signature.steps_per_bar
    if onsets.size < 3:
        return np.empty(0)
    last_bar = int(onsets[-1] // spb) + 1
    in_bar = np.arange(0, spb - pair + 1, pair)
    a = (np.arange(last_bar)[:, None] * spb + in_bar[None, :]).ravel().astype(float)
    b = a + pair

    def near(t):  # type: ignore[no-untyped-def]
        lo = np.searchsorted(onsets, t - ANCHOR_TOL, "left")
        hi = np.searchsorted(onsets, t + ANCHOR_TOL, "right")
        return lo, hi

    alo, ahi = near(a)
    blo, bhi = near(b)
    ok = (ahi - alo == 1) & (bhi - blo == 1)
    inner = blo - ahi  # onsets strictly between the two anchors
    ok &= inner == 1
    if not ok.any():
        return np.empty(0)
    ta, tb, tm = onsets[alo[ok]], onsets[blo[ok]], onsets[ahi[ok]]
    return (tm - ta) / (tb - ta)


def _hist(ratios) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    import numpy as np

    h, _ = np.histogram(ratios, bins=BINS, range=(RATIO_LO, RATIO_HI))
    return tuple(int(v) for v in h)


def _peak(hist: Sequence[int]) -> tuple[float, float]:
    """The smoothed histogram's highest point (refined by the weighted mean around it) and
    the share of all samples within PEAK_WIDTH of it."""
    import numpy as np

    h = np.asarray(hist, dtype=float)
    width = (RATIO_HI - RATIO_LO) / BINS
    centers = RATIO_LO + (np.arange(BINS) + 0.5) * width
    sigma = SMOOTH / width
    k = np.arange(-int(3 * sigma), int(3 * sigma) + 1)
    kernel = np.exp(-0.5 * (k / sigma) ** 2)
    smooth = np.convolve(h, kernel, mode="same")
    i = int(np.argmax(smooth))
    near = np.abs(centers - centers[i]) <= 2 * SMOOTH
    peak = float((h[near] * centers[near]).sum() / max(h[near].sum(), 1e-9))
    share = float(h[np.abs(centers - peak) <= PEAK_WIDTH].sum() / max(h.sum(), 1e-9))
    return peak, share


def _choose(hist8: Sequence[int], hist16: Sequence[int], allow16: bool) -> SwingFit:
    n8, n16 = sum(hist8), sum(hist16)
    swung = []
    for unit, hist, n, other in ((8, hist8, n8, n16), (16, hist16, n16, n8)):
        if n < MIN_SAMPLES or n < MIN_SHARE_OF_OTHER * other or (unit == 16 and not allow16):
            continue
        r, share = _peak(hist)
        if r >= SWUNG_FROM and share >= PEAK_SHARE:
            swung.append((n, unit, min(r, 0.75)))
    if not swung:
        return SwingFit(50.0, 16, n8 + n16, tuple(hist8), tuple(hist16))
    n, unit, r = max(swung)
    return SwingFit(round(r * 100, 1), unit, n8 + n16, tuple(hist8), tuple(hist16))


def fit_swing(positions: Sequence[float], time_signature: TimeSignature,
              tempo: float | None = None) -> SwingFit:
    """Swing of onsets given in sixteenth steps from the performance start (bar 1 at 0).

    Compound meters (6/8, 12/8 …) are reported straight: their eighths are the pulse.
    Sixteenth swing is only considered below SWING16_MAX_TEMPO BPM.
    """
    if time_signature.is_compound or len(positions) < 3:
        return SwingFit()
    onsets = _clusters(positions)
    h8 = _hist(_ratios(onsets, time_signature, 4))
    h16 = _hist(_ratios(onsets, time_signature, 2))
    return _choose(h8, h16, tempo is None or tempo < SWING16_MAX_TEMPO)


def pool_swing(fits: Sequence[SwingFit], tempo: float | None = None) -> SwingFit:
    """One swing for many performances: their sample histograms added, then the peak."""
    h8 = [f.hist8 for f in fits if f.hist8]
    h16 = [f.hist16 for f in fits if f.hist16]
    if not h8 or not h16:
        return SwingFit()
    return _choose([sum(v) for v in zip(*h8, strict=True)],
                   [sum(v) for v in zip(*h16, strict=True)],
                   tempo is None or tempo < SWING16_MAX_TEMPO)


def swung_position(straight_step: float, swing: SwingFit) -> float:
    """Where a straight-grid position (steps from the bar start) lands under `swing`."""
    if not swing.swung:
        return straight_step
    pair = 4.0 if swing.unit == 8 else 2.0
    s = swing.percent / 100.0
    start = (straight_step // pair) * pair
    f = (straight_step - start) / pair
    g = 2 * s * f if f <= 0.5 else s + 2 * (1 - s) * (f - 0.5)
    return start + g * pair


def straight_position(swung_step: float, swing: SwingFit) -> float:
    """The inverse of `swung_position`: take the swing out of a position."""
    if not swing.swung:
        return swung_step
    pair = 4.0 if swing.unit == 8 else 2.0
    s = swing.percent / 100.0
    start = (swung_step // pair) * pair
    g = (swung_step - start) / pair
    f = g / (2 * s) if g <= s else 0.5 + (g - s) / (2 * (1 - s))
    return start + f * pair
