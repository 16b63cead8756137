"""From a human-played Pattern to quantized bars: swing fit, de-swing, quantize, split.

A performance is quantized to the sixteenth grid of its meter after taking its swing out:
the swing ratio is measured from the onset timing first (see corpus_swing), every onset is moved
back onto the straight grid with that ratio, rounded to the nearest step, and its
micro-timing is what is left over against the *swung* grid position (positive = late).

Two or more hits of one voice within one step (flams, drags, buzzes) count once: the loudest
is kept and the step is marked `multiple`. Notes below `MIN_VELOCITY` are dropped: on the
Roland TD-11 of the Groove MIDI Dataset those are mostly trigger crosstalk.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.meter import TimeSignature
from ..domain.pattern import Pattern
from ..domain.voices import Voice, voice_for_pitch
from .corpus_swing import SwingFit, fit_swing, straight_position, swung_position

MIN_VELOCITY = 10
# Articulations learned as their main voice: a rimshot backbeat is a loud snare hit (GMD's drummer 1
# plays most backbeats as rimshots), and the TD-11 sends crash edges on GM's splash/china pitches.
LEARN_AS = {Voice.RIMSHOT: Voice.SNARE, Voice.SPLASH: Voice.CRASH, Voice.CHINA: Voice.CRASH}
USABLE_MIN_HITS = 4
USABLE_MIN_VOICES = 2
FILL_MIN_HITS = 3


@dataclass(frozen=True, slots=True)
class Hit:
    """One quantized hit in a bar. Offsets are against the swung grid; positive is late."""

    step: int
    voice: Voice
    velocity: int
    offset_steps: float
    offset_ms: float
    multiple: bool = False


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a performance, quantized to sixteenth steps."""

    time_signature: TimeSignature
    tempo: float
    hits: tuple[Hit, ...]
    index: int = 0
    is_fill: bool = False

    @property
    def usable(self) -> bool:
        """False for silent or very sparse bars, count-ins, pickups and ending hits.

        A usable groove bar has at least 4 hits on at least 2 voices spread over half the bar
        or more. A fill bar needs 3 hits spread over a beat (a fill may be one drum and take
        only the bar's last beats).
        """
        spb = self.time_signature.steps_per_bar
        steps = [h.step for h in self.hits]
        if self.is_fill:
            return len(steps) >= FILL_MIN_HITS and max(steps) - min(steps) >= spb // 4
        if len(steps) < USABLE_MIN_HITS:
            return False
        if len({h.voice for h in self.hits}) < USABLE_MIN_VOICES:
            return False
        return max(steps) - min(steps) >= spb // 2


def quantize(pattern: Pattern, *, is_fill: bool = False,
             swing: SwingFit | None = None) -> tuple[SwingFit, tuple[Bar, ...]]:
    """Quantize a performance into bars (all of them; filter with `Bar.usable`).

    The swing is fitted from the pattern unless given. Notes of unknown pitches and notes
    below MIN_VELOCITY are ignored.
    """
    ts = pattern.time_signature
    spb = ts.steps_per_bar
    tps = pattern.ppq / 4.0
    step_ms = 60_000.0 / pattern.tempo / 4.0
    raw = [(n.time / tps, LEARN_AS.get(v, v), n.velocity) for n in pattern.notes
           if n.velocity >= MIN_VELOCITY and (v := voice_for_pitch(n.pitch)) is not None]
    fit = swing if swing is not None else fit_swing([x for x, _, _ in raw], ts, pattern.tempo)
    cells: dict[tuple[int, Voice], list[tuple[int, float]]] = {}
    for x, voice, vel in raw:
        bar = int((x + 0.5) // spb)
        in_bar = x - bar * spb
        step = round(straight_position(in_bar, fit))
        offset = in_bar - swung_position(step, fit)
        if step >= spb:  # rounded onto the next downbeat
            bar, step = bar + 1, step - spb
        elif step < 0:
            bar, step = bar - 1, step + spb
        if bar < 0:
            continue
        cells.setdefault((bar * spb + step, voice), []).append((vel, offset))
    n_bars = max(pattern.total_bars, max((k[0] // spb + 1 for k in cells), default=0))
    per_bar: list[list[Hit]] = [[] for _ in range(n_bars)]
    for (abs_step, voice), hits in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1].key)):
        vel, offset = max(hits, key=lambda h: (h[0], -h[1]))
        per_bar[abs_step // spb].append(Hit(abs_step % spb, voice, vel, offset,
                                            offset * step_ms, len(hits) > 1))
    bars = tuple(Bar(ts, pattern.tempo, tuple(hits), i, is_fill) for i, hits in enumerate(per_bar))
    return fit, bars
