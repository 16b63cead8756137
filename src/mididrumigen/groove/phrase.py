"""A groove across bars: the core repeated with small bar-to-bar changes, a fill at the end of
each phrase, and a crash on the downbeat after a fill.

Phrases are `fill_every` bars long; the last bar of each phrase, and the last bar of a pattern
of two or more bars, carries a fill (fill_every 0: no fills). Within a phrase the even bars
play the core as it is and the odd bars answer it with one small change — a kick push, an open
hat into the next bar, or a ghost note — the way a drummer plays A A' A A'.
"""

from __future__ import annotations

import random

from ..domain.voices import Voice
from . import lines as L
from .feel import Feel, weighted_index
from .fills import apply_fill, fill_start, make_fill
from .meter_model import MeterModel
from .playability import enforce


def fill_bars(bars: int, fill_every: int) -> list[bool]:
    """Which bars end a phrase with a fill."""
    if fill_every <= 0:
        return [False] * bars
    out = [(b + 1) % fill_every == 0 for b in range(bars)]
    if bars >= 2:
        out[-1] = True
    return out


def _kick_push(bar: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb = feel.spb
    kick = L.line(bar, Voice.KICK, spb)
    backbeats = set(model.backbeats)
    cands = [s for s in range(1, spb) if kick[s] == L.REST and s not in feel.starts
             and s not in backbeats]
    if cands:
        weights = [model.onset(Voice.KICK, s) + 0.005 for s in cands]
        kick[cands[weighted_index(weights, rng)]] = "x"


def _open_hat_end(bar: L.Lines, feel: Feel) -> None:
    s = feel.spb - 2
    closed = bar.get(Voice.CLOSED_HAT)
    if closed and closed[s] != L.REST:
        closed[s] = L.REST
        L.line(bar, Voice.OPEN_HAT, feel.spb)[s] = "x"


def _ghost(bar: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    snare = L.line(bar, Voice.SNARE, feel.spb)
    backbeats = set(model.backbeats)
    cands = [s for s in range(feel.spb) if snare[s] == L.REST and s not in backbeats
             and s not in feel.starts]
    if cands:
        weights = [model.onset(Voice.SNARE, s) + 0.02 for s in cands]
        snare[cands[weighted_index(weights, rng)]] = "g"


def answer(bar: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    """One small change to a bar, in place."""
    st = feel.style
    weights = [1.0 + 4.0 * st.syncopation, 4.0 * st.hat_openness if st.hat_openness >= 0.05 else 0.0,
               6.0 * st.ghost_note_prob if st.ghost_note_prob >= 0.05 else 0.0, 1.0]
    kind = weighted_index(weights, rng)
    if kind == 0:
        _kick_push(bar, model, feel, rng)
    elif kind == 1:
        _open_hat_end(bar, feel)
    elif kind == 2:
        _ghost(bar, model, feel, rng)


def crash(bar: L.Lines, spb: int) -> None:
    """Crash and kick on the downbeat; the time-keeping hand moves to the crash."""
    for v in (Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.RIDE_BELL):
        row = bar.get(v)
        if row:
            row[0] = L.REST
    L.line(bar, Voice.CRASH, spb)[0] = "X"
    L.line(bar, Voice.KICK, spb)[0] = "X"


def expand(core: L.Lines, core_bars: int, bars: int, fill_every: int, model: MeterModel,
           feel: Feel, rng: random.Random) -> tuple[L.Lines, list[bool]]:
    """The core across `bars` bars, with answers, fills and crashes; playable."""
    spb = feel.spb
    fills = fill_bars(bars, fill_every)
    phrase = fill_every if fill_every > 0 else bars
    out: list[L.Lines] = []
    for b in range(bars):
        bar = L.bar(core, b % core_bars, spb)
        if fills[b]:
            start = fill_start(feel, feel.style.fill_rate, rng)
            apply_fill(bar, make_fill(start, model, feel, rng), start)
        elif core_bars == 1 and (b % phrase) % 2 == 1:
            answer(bar, model, feel, rng)
        if b > 0 and fills[b - 1]:
            crash(bar, spb)
        out.append(bar)
    lines = L.concat(out, spb)
    enforce(lines, feel)
    return lines, fills
