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

SURE = 0.6  # onset probability at which a sampled step always plays
RARE_TOGETHER = 0.05  # P(b | a) below this: b never joins a
# voices sampled first carry the groove; later voices yield to them
_SAMPLE_ORDER = (Voice.KICK, Voice.SNARE, Voice.CLOSED_HAT, Voice.RIDE, Voice.OPEN_HAT,
                 Voice.PEDAL_HAT, Voice.SIDE_STICK, Voice.RIMSHOT, Voice.CLAP, Voice.RIDE_BELL,
                 Voice.TAMBOURINE, Voice.COWBELL)


def signature_core(profile: StyleProfile, ts: TimeSignature,
                   rng: random.Random) -> tuple[L.Lines, int, str] | None:
    """The artist's signature groove in this meter, as (lines, bars, name), or None."""
    usable = []
    for g in profile.signature_grooves:
        if g.time_signature != ts:
            continue
        try:
            grid = parse_grid(g.grid, ts)
        except UserInputError:
            continue
        usable.append((L.from_grid(grid), grid.bars, g.name))
    if not usable:
        return None
    return usable[rng.randrange(len(usable))]


def prototype_core(model: MeterModel, rng: random.Random) -> L.Lines | None:
    if not model.grooves:
        return None
    i = weighted_index([w for _, w in model.grooves], rng)
    return thaw(model.grooves[i][0])


def _char(model: MeterModel, voice: Voice, step: int) -> str:
    st = model.voices[voice]
    vel = st.vel_mean[step]
    if voice in (Voice.SNARE, Voice.SIDE_STICK) and 0 < vel <= 55:
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
