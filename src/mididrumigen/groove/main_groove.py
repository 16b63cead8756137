"""The main groove (the core bar or bars every variation grows from).

In order of preference: the artist's signature groove in the requested meter; a real bar
prototype of the genre model drawn by weight; a bar sampled step by step from the model's onset
probabilities, with co-occurrence keeping voices that never sound together apart.
"""

from __future__ import annotations

import random

from ..domain.grid import parse_grid
from ..domain.meter import TimeSignature
from ..domain.profile import StyleProfile
from ..domain.voices import Voice
from ..errors import UserInputError
from . import lines as L
from .feel import weighted_index
from .meter_model import MeterModel, thaw

CALIBRATION = 0.9  # how far a prototype is pulled toward the genre's per-step statistics
_NOT_CALIBRATED = (Voice.CRASH, Voice.CHINA, Voice.SPLASH, Voice.HIGH_TOM, Voice.MID_TOM,
                   Voice.FLOOR_TOM)  # phrase starts bring the crashes, fills the toms
SURE = 0.6  # onset probability at which a sampled step always plays
RARE_TOGETHER = 0.05  # P(b | a) below this: b never joins a
# voices sampled first carry the groove; later voices yield to them
_SAMPLE_ORDER = (Voice.KICK, Voice.SNARE, Voice.CLOSED_HAT, Voice.RIDE, Voice.OPEN_HAT,
                 Voice.PEDAL_HAT, Voice.SIDE_STICK, Voice.RIMSHOT, Voice.CLAP, Voice.RIDE_BELL,
                 Voice.TAMBOURINE, Voice.COWBELL)


def signature_core(profile: StyleProfile, ts: TimeSignature,
                   rng: random.Random) -> tuple[L.Lines, int, bool] | None:
    """The artist's signature groove in this meter, as (lines, bars, on the triplet grid), or
    None."""
    usable, weights = [], []
    for g in profile.signature_grooves:
        if g.time_signature != ts or g.kind != "groove":
            continue
        try:
            grid = parse_grid(g.grid, ts)
        except UserInputError:
            continue
        usable.append((L.from_grid(grid), grid.bars, L.triplet_feel(grid)))
        weights.append(g.weight)
    if not usable:
        return None
    return usable[weighted_index(weights, rng)]


def signature_fills(profile: StyleProfile, ts: TimeSignature) -> tuple[tuple[L.Lines, float], ...]:
    """The artist's own fills in this meter (one bar each: hits from where the fill starts),
    with their weights."""
    out = []
    for g in profile.signature_grooves:
        if g.time_signature != ts or g.kind != "fill":
            continue
        try:
            grid = parse_grid(g.grid, ts)
        except UserInputError:
            continue
        out.append((L.bar(L.from_grid(grid), 0, ts.steps_per_bar), g.weight))
    return tuple(out)


def prototype_core(model: MeterModel, rng: random.Random) -> L.Lines | None:
    if not model.grooves:
        return None
    i = weighted_index([w for _, w in model.grooves], rng)
    return thaw(model.grooves[i][0])


def calibrate(core: L.Lines, model: MeterModel, rng: random.Random,
              beta: float = CALIBRATION) -> None:
    """Pull a prototype bar toward the model's onset probabilities, in place.

    A corpus keeps only its most common bars as prototypes, and they are not the whole genre.
    For each voice, with q the voice's frequency across the prototypes and p the model's onset
    probability at a step, a hit is kept with probability min(1, t/q) and a rest gains a hit
    with probability max(0, (t - q) / (1 - q)), where t = q + beta (p - q): over many bars the
    frequency at each step is exactly t. One random number per voice decides every step
    (comonotone draws), so a voice gains or loses its most likely notes first — the eighths
    before the sixteenths — and stays a line a drummer would play, not scattered notes.
    """
    spb = model.steps_per_bar
    lead = _timekeeper_swap(core, model, rng)
    for voice, st in model.voices.items():
        if voice in _NOT_CALIBRATED or (voice in _TIMEKEEPERS and voice is not lead
                                         and lead is not None):
            continue
        q = model.groove_freq.get(voice, (0.0,) * spb)
        u_keep, u_add = rng.random(), rng.random()
        together = voice in _TIMEKEEPERS  # a cymbal line moves as one; drums note by note
        row = core.get(voice)
        for s in range(spb):
            if not together:
                u_keep, u_add = rng.random(), rng.random()
            t = q[s] + beta * (st.onset[s] - q[s])
            if row is not None and row[s] != L.REST:
                if q[s] > 0 and u_keep < 1.0 - min(1.0, t / q[s]):
                    row[s] = L.REST
            elif q[s] < 1.0 and u_add < (t - q[s]) / (1.0 - q[s]):
                row = L.line(core, voice, spb)
                row[s] = _char(model, voice, s)
    for v in [v for v, r in core.items() if all(c == L.REST for c in r)]:
        del core[v]


_TIMEKEEPERS = (Voice.CLOSED_HAT, Voice.RIDE)


def _lead_share(freq: dict[Voice, float]) -> float:
    hat, ride = freq.get(Voice.CLOSED_HAT, 0.0), freq.get(Voice.RIDE, 0.0)
    return hat / (hat + ride) if hat + ride > 0 else 0.5


def _timekeeper_swap(core: L.Lines, model: MeterModel, rng: random.Random) -> Voice | None:
    """Which cymbal keeps time in this bar. When the prototypes lead with the hi-hat more (or
    less) often than the genre does, some bars hand time-keeping to the other cymbal so the
    shares match; the cymbal that does not lead is not added to by calibration."""
    count = {v: len(L.hits(core, v)) for v in _TIMEKEEPERS}
    spb = model.steps_per_bar
    if max(count.values()) < 2 or any(v not in model.voices for v in _TIMEKEEPERS):
        return None
    lead = max(_TIMEKEEPERS, key=lambda v: count[v])
    want = _lead_share({v: sum(model.voices[v].onset) for v in _TIMEKEEPERS
                        if v in model.voices})
    have = _lead_share({v: sum(model.groove_freq.get(v, ())) for v in _TIMEKEEPERS})
    hat_led = lead is Voice.CLOSED_HAT
    if hat_led and want < have:
        swap = rng.random() < (have - want) / have
    elif not hat_led and want > have:
        swap = rng.random() < (want - have) / (1.0 - have)
    else:
        swap = False
    if swap:
        other = Voice.RIDE if hat_led else Voice.CLOSED_HAT
        del core[lead]
        # the other cymbal plays its own learned line: the steps it plays most, down to a
        # threshold drawn at random (eighths nearly always, sixteenths sometimes)
        probs = model.voices[other].onset
        top = max(probs)
        theta = rng.uniform(0.35, 0.95) * top
        row = L.line(core, other, spb)
        for s in range(spb):
            if probs[s] >= theta:
                row[s] = _char(model, other, s)
        lead = other
    return lead


def _char(model: MeterModel, voice: Voice, step: int) -> str:
    st = model.voices[voice]
    vel = st.vel_mean[step]
    if 0 < vel <= 55:
        return "g"
    return "X" if vel >= 108 else "x"


def sampled_core(model: MeterModel, rng: random.Random) -> L.Lines:
    """One bar drawn step by step from the onset probabilities."""
    spb = model.steps_per_bar
    out: L.Lines = {}
    order = [v for v in _SAMPLE_ORDER if v in model.voices]
    order += [v for v in model.voices if v not in order and v not in
              (Voice.CRASH, Voice.HIGH_TOM, Voice.MID_TOM, Voice.FLOOR_TOM)]
    for voice in order:
        probs = model.voices[voice].onset
        for s in range(spb):
            p = probs[s]
            if p <= 0:
                continue
            for other, row in out.items():
                if row[s] != L.REST:
                    cond = model.cooccurrence.get(other, {}).get(voice)
                    if cond is not None and cond < RARE_TOGETHER:
                        p = 0.0
                        break
            if p >= SURE or (p > 0 and rng.random() < p):
                L.line(out, voice, spb)[s] = _char(model, voice, s)
    if not out:  # a model with no statistics at all: quarter-note kick, the least surprise
        row = L.line(out, Voice.KICK, spb)
        for s in model.time_signature.beat_starts():
            row[s] = "x"
    return out
