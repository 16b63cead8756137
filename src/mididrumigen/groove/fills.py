"""Fills: the end of a phrase, from the last beat up to the whole bar.

fill_rate sets how many pulse groups the fill takes (0 → the last group, 1 → the whole bar,
rounded at random in between). The material is one of: the tail of a real fill bar from the
genre model; a tom run moving down the kit; a snare build (ghosts swelling to accents); a
linear hands-and-kick figure; or steps drawn from the model's fill statistics. Real fills
(the genre's fill bars learned from the Groove MIDI Dataset's fill takes) are drawn most often,
so rock fills roll round the toms and hip-hop fills stay sparse. In the fill the time-keeping
hands stop; the kick supports it the way the material does (a written figure gets a kick under
its first note now and then, never one forced on every beat); a crash belongs to the downbeat
after the fill, not inside it. Subdivision follows tempo and complexity: sixteenths, or eighths
where sixteenths would not be played. A pickup is a fill of the last beat or half-beat only.
"""

from __future__ import annotations

import random

from ..domain.voices import Voice
from . import lines as L
from .feel import Feel, stochastic_round, weighted_index
from .meter_model import MeterModel, thaw

TOMS_DOWN = (Voice.SNARE, Voice.HIGH_TOM, Voice.MID_TOM, Voice.FLOOR_TOM)
SIXTEENTHS_MAX_BPM = 200.0  # above this, fills move in eighths
KINDS = ("prototype", "toms", "snare_build", "linear", "stats")


def fill_start(feel: Feel, fill_rate: float, rng: random.Random) -> int:
    """The bar step where the fill begins (a pulse group start)."""
    starts = feel.starts
    n = len(starts)
    groups = 1 + stochastic_round(fill_rate * (n - 1), rng)
    return starts[n - min(groups, n)]


ARTIST_FILL_SHARE = 0.6  # how often a phrase ends on one of the artist's own fills


def artist_fill(feel: Feel, rng: random.Random) -> tuple[L.Lines, int] | None:
    """One of the artist's signature fills (Bonham's hand-hand-foot triplets, Peart's tom
    runs…) and the step it starts on, ARTIST_FILL_SHARE of the time when the artist has any."""
    if not feel.fills or rng.random() >= ARTIST_FILL_SHARE:
        return None
    bar = feel.fills[weighted_index([w for _, w in feel.fills], rng)][0]
    hits = [i for row in bar.values() for i, c in enumerate(row) if c != L.REST]
    if not hits:
        return None
    return {v: row[:] for v, row in bar.items()}, min(hits)


def pickup_start(feel: Feel, rng: random.Random) -> int:
    """Where a short pickup begins: the last pulse group, or its second half."""
    start, size = feel.starts[-1], feel.time_signature.beat_groups[-1]
    return start + (size // 2 if size >= 4 and rng.random() < 0.5 else 0)


def _steps(feel: Feel, start: int, sixteenths: bool) -> list[int]:
    """The steps a fill plays from `start`: every step, or the eighth grid of each group."""
    out = []
    for s, g in zip(feel.starts, feel.time_signature.beat_groups, strict=True):
        out.extend(s + p for p in range(g) if s + p >= start and (sixteenths or p % 2 == 0))
    return out


def _toms(steps: list[int], feel: Feel, rng: random.Random) -> L.Lines:
    spb = feel.spb
    out: L.Lines = {}
    k = len(steps)
    n_voices = max(2, min(4, (k + 1) // 2))
    first = rng.randrange(0, 4 - n_voices + 1)
    path = TOMS_DOWN[first:first + n_voices]
    for j, s in enumerate(steps):
        v = path[min(j * n_voices // k, n_voices - 1)]
        L.line(out, v, spb)[s] = "X" if j == 0 else "x"  # the swell does the rest
    return out


def _snare_build(steps: list[int], feel: Feel, rng: random.Random) -> L.Lines:
    out: L.Lines = {}
    row = L.line(out, Voice.SNARE, feel.spb)
    k = len(steps)
    for j, s in enumerate(steps):
        row[s] = "g" if j < k / 3 else ("x" if j < 2 * k / 3 else "X")
    if k >= 4 and rng.random() < 0.5:
        row[steps[-1]] = "f"
    return out


def _linear(steps: list[int], feel: Feel, rng: random.Random) -> L.Lines:
    """Hands and kick never together: hand-hand-kick cells moving from snare to the toms."""
    out: L.Lines = {}
    spb = feel.spb
    hands = (Voice.SNARE, rng.choice((Voice.HIGH_TOM, Voice.MID_TOM)), Voice.FLOOR_TOM)
    k = len(steps)
    for j, s in enumerate(steps):
        if j % 3 == 2:
            L.line(out, Voice.KICK, spb)[s] = "x"
        else:
            v = hands[min(j * len(hands) // k, len(hands) - 1)]
            L.line(out, v, spb)[s] = "X" if j % 3 == 0 else "x"
    return out


def _stats(steps: list[int], model: MeterModel, feel: Feel, rng: random.Random) -> L.Lines:
    out: L.Lines = {}
    for v, st in model.fill_voices.items():
        if v in (Voice.CRASH, Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.PEDAL_HAT):
            continue
        for s in steps:
            if rng.random() < st.onset[s]:
                L.line(out, v, feel.spb)[s] = "X" if st.vel_mean[s] >= 108 else "x"
    return out


def _prototype(start: int, model: MeterModel, feel: Feel, rng: random.Random) -> L.Lines:
    bar = thaw(model.fills[weighted_index([w for _, w in model.fills], rng)][0])
    out: L.Lines = {}
    for v, row in bar.items():
        if v in (Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.PEDAL_HAT, Voice.CRASH,
                 Voice.CHINA):
            continue
        tail = [c if i >= start else L.REST for i, c in enumerate(row)]
        if any(c != L.REST for c in tail):
            out[v] = tail
    return out


TOMS = (Voice.HIGH_TOM, Voice.MID_TOM, Voice.FLOOR_TOM)


def tom_share(model: MeterModel) -> float:
    """How much of the genre's fill playing is on toms (0..1; 0.5 when it has no fill data):
    rock fills roll round the toms, trap and house fills are hat and snare rolls."""
    mass = {v: sum(st.onset) for v, st in model.fill_voices.items()}
    total = sum(mass.values())
    if total <= 0:
        return 0.5
    return sum(mass.get(v, 0.0) for v in TOMS) / total


def make_fill(start: int, model: MeterModel, feel: Feel, rng: random.Random) -> L.Lines:
    """The fill's own hits for one bar (nothing before `start`)."""
    sixteenths = feel.tempo <= SIXTEENTHS_MAX_BPM and rng.random() < 0.35 + feel.complexity
    steps = _steps(feel, start, sixteenths)
    toms = min(1.0, 4.0 * tom_share(model))  # a genre with under a quarter on toms rolls less
    weights = [8.0 if model.fills else 0.0, 2.0 * toms, 1.0 + 1.5 * (1.0 - toms),
               (0.5 + 1.5 * feel.complexity) * toms, 1.0 if model.fill_voices else 0.0]
    kind = KINDS[weighted_index(weights, rng)]
    if kind == "prototype":
        out = _prototype(start, model, feel, rng)
    elif kind == "snare_build":
        out = _snare_build(steps, feel, rng)
    elif kind == "linear":
        out = _linear(steps, feel, rng)
    elif kind == "stats":
        out = _stats(steps, model, feel, rng)
    else:
        out = {}
    hits = sum(len(r) - r.count(L.REST) for v, r in out.items() if v is not Voice.KICK)
    enough = 2 if kind == "prototype" else max(2, len(steps) // 3)  # real fills may be sparse
    if hits < enough:
        out = _toms(steps, feel, rng) if rng.random() < toms else _snare_build(steps, feel, rng)
    if steps and kind in ("toms", "snare_build") and rng.random() < 0.5:
        L.line(out, Voice.KICK, feel.spb)[steps[0]] = "x"
    return out


def apply_fill(bar: L.Lines, fill: L.Lines, start: int) -> None:
    """Lay `fill` over one bar from `start`: the bar's hands and kick stop there, in place."""
    for v, row in bar.items():
        if v is Voice.PEDAL_HAT:
            continue
        for i in range(start, len(row)):
            row[i] = L.REST
    for v, row in fill.items():
        target = L.line(bar, v, len(row))
        for i in range(start, len(row)):
            if row[i] != L.REST:
                target[i] = row[i]
