"""A groove across bars, phrased the way a drummer phrases it.

* The first bar states the main groove; every later bar is that groove played again with the
  small changes human drummers make from bar to bar — a kick moved or added, ghost notes that
  come and go, a hat opened or a skip note left out, a pickup into the next bar — more of them
  as the phrase develops (VARIATION_RATE, measured against the Groove MIDI Dataset, where
  consecutive bars share 34–75 % of their onsets). The downbeat and the backbeats never move.
* Phrases are `fill_every` bars long; the last bar of each phrase (and of a pattern of two bars
  or more) carries a fill: often one of the artist's own (their signature fills), else one
  from the genre. How much of the bar it takes follows the artist's fill_rate, and the
  ends of longer sections (8 and 16 bars, the pattern's end) get the bigger fills. Inside a
  long phrase a player with a high fill rate drops a short pickup at the halfway bar.
* A crash and kick mark the downbeat after each fill; the start of the take and the middle of
  a phrase get one as often as the genre's drummers crash there; no other bar has a crash.
* Every groove bar keeps a time-keeping voice (guard.keep_time) and its backbeat.
"""

from __future__ import annotations

import random

from ..domain.voices import Voice
from . import lines as L
from .feel import Feel, stochastic_round, weighted_index
from .fills import apply_fill, artist_fill, fill_start, make_fill, pickup_start
from .guard import groove_bar_ok
from .meter_model import MeterModel
from .playability import enforce
from .variation import bar_ops

VARIATION_RATE = (2.2, 3.6)  # small changes per bar: at the phrase start, at its end
SECTION_BARS = (8, 16)  # phrase ends that close a section get bigger fills
PICKUP_SHARE = 0.4  # × fill_rate: how often the middle of a long phrase gets a pickup


def fill_bars(bars: int, fill_every: int) -> list[bool]:
    """Which bars end a phrase with a fill."""
    if fill_every <= 0:
        return [False] * bars
    out = [(b + 1) % fill_every == 0 for b in range(bars)]
    if bars >= 2:
        out[-1] = True
    return out


def crash(bar: L.Lines, spb: int, kick: bool = True) -> None:
    """Crash (and kick, where the groove puts one on the one) on the downbeat; the time-keeping
    hand moves to the crash. A one-drop keeps its empty one."""
    for v in (Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.RIDE_BELL):
        row = bar.get(v)
        if row:
            row[0] = L.REST
    L.line(bar, Voice.CRASH, spb)[0] = "x"  # the genre's downbeat crash level carries the accent
    if kick:
        L.line(bar, Voice.KICK, spb)[0] = "X"


def _crash_rate(model: MeterModel) -> float:
    """How often the genre's drummers open a bar on the crash (its crashes per groove bar),
    at most every other phrase start."""
    st = model.voices.get(Voice.CRASH)
    return min(0.5, 2.0 * st.onset[0]) if st else 0.0


def _fill_rate(b: int, bars: int, fill_every: int, base: float) -> float:
    """Fill length for the phrase ending at bar b: bigger at section ends."""
    end = b + 1
    bonus = 0.0
    if end == bars or any(end % s == 0 and s > fill_every for s in SECTION_BARS):
        bonus = 0.25
    return min(1.0, base + bonus)


def vary(bar: L.Lines, core: L.Lines, model: MeterModel, feel: Feel, progress: float,
         rng: random.Random) -> L.Lines:
    """The core bar played again with a few human changes; never a broken groove bar."""
    lo, hi = VARIATION_RATE
    scale = 0.6 + 0.8 * feel.complexity
    k = stochastic_round((lo + (hi - lo) * progress) * scale, rng)
    ops, weights = bar_ops(feel)
    for _ in range(k):
        trial = L.copy(bar)
        ops[weighted_index(weights, rng)](trial, model, feel, rng)
        enforce(trial, feel)
        if groove_bar_ok(trial, core, model, feel):
            bar = trial
    return bar


def expand(core: L.Lines, core_bars: int, bars: int, fill_every: int, model: MeterModel,
           feel: Feel, rng: random.Random) -> tuple[L.Lines, list[bool]]:
    """The core across `bars` bars, with bar-to-bar variation, fills and crashes; playable."""
    spb = feel.spb
    fills = fill_bars(bars, fill_every)
    phrase = fill_every if fill_every > 0 else bars
    out: list[L.Lines] = []
    for b in range(bars):
        base = L.bar(core, b % core_bars, spb)
        bar = L.copy(base)
        pos = b % phrase
        if b >= core_bars:
            bar = vary(bar, base, model, feel, pos / max(phrase - 1, 1), rng)
        if fills[b]:
            own = artist_fill(feel, rng)
            if own is not None:
                fill, start = own
            else:
                start = fill_start(feel, _fill_rate(b, bars, fill_every, feel.style.fill_rate), rng)
                fill = make_fill(start, model, feel, rng)
            apply_fill(bar, fill, start)
        elif (fill_every >= 4 and pos == phrase // 2 - 1
              and rng.random() < PICKUP_SHARE * feel.style.fill_rate):
            start = pickup_start(feel, rng)
            apply_fill(bar, make_fill(start, model, feel, rng), start)
        kick = bool(base.get(Voice.KICK)) and base[Voice.KICK][0] != L.REST
        if b > 0 and fills[b - 1]:
            crash(bar, spb, kick=kick)
        elif ((b == 0 or (phrase >= 4 and pos == phrase // 2)) and not fills[b]
              and rng.random() < _crash_rate(model)):
            crash(bar, spb, kick=kick)  # a section or half-phrase start, as often as the genre
        out.append(bar)
    lines = L.concat(out, spb)
    enforce(lines, feel)
    return lines, fills
