"""What every groove bar keeps, whatever varies around it.

A drummer's groove bar always has something keeping time (hi-hat, ride, a bell or shaker
pattern; in 6/8 and 12/8 on the triplet eighths, `triplet_time`), keeps the genre's backbeat
where the genre has one, and saves the crash for the start of a phrase. `sanitize` makes a
main groove so; `groove_bar_ok` tells whether a varied bar still is one (its time-keeping,
downbeat and backbeats intact, most of the groove the same).
"""

from __future__ import annotations

import random

from ..domain.voices import Voice
from . import lines as L
from .feel import Feel
from .meter_model import MeterModel

TIMEKEEPERS = (Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.RIDE_BELL, Voice.COWBELL,
               Voice.TAMBOURINE)
BACKBEAT_VOICES = (Voice.SNARE, Voice.RIMSHOT, Voice.SIDE_STICK, Voice.CLAP)
CRASHES = (Voice.CRASH, Voice.CHINA, Voice.SPLASH)
SURE_BACKBEAT = 0.6  # the genre puts a backbeat voice on this step at least this often
MIN_KEEP = 0.45  # a varied bar shares at least this much of the main groove's onsets
RIDDEN = 3  # crash hits per bar from which the crash is keeping time, not accenting


def _any(bar: L.Lines, voices: tuple[Voice, ...], step: int) -> bool:
    """Whether any of `voices` plays at `step`."""
    for v in voices:
        row = bar.get(v)
        if row is not None and step < len(row) and row[step] != L.REST:
            return True
    return False


def has_time(bar: L.Lines) -> bool:
    if any(any(c != L.REST for c in bar.get(v, ())) for v in TIMEKEEPERS):
        return True
    return any(sum(c != L.REST for c in bar.get(v, ())) >= RIDDEN for v in CRASHES)


def backbeat_steps(model: MeterModel) -> list[int]:
    """Backbeat steps the genre's drummers (nearly) always play."""
    out = []
    for b in model.backbeats:
        p = max((model.onset(v, b) for v in BACKBEAT_VOICES), default=0.0)
        if p >= SURE_BACKBEAT:
            out.append(b)
    return out


def _timekeeper_line(model: MeterModel, feel: Feel) -> tuple[Voice, list[str]]:
    """The genre's own time-keeping line: its most-played cymbal on the steps it plays most."""
    spb = feel.spb
    best = max((v for v in (Voice.CLOSED_HAT, Voice.RIDE, Voice.COWBELL) if v in model.voices),
               key=lambda v: sum(model.voices[v].onset), default=Voice.CLOSED_HAT)
    st = model.voices.get(best)
    if st is None or max(st.onset) <= 0:
        return best, ["x" if s % 2 == 0 else L.REST for s in range(spb)]
    top = max(st.onset)
    return best, ["x" if p >= 0.5 * top else L.REST for p in st.onset]


def sanitize(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random, *,
             backbeats: bool = True) -> None:
    """Make every bar of a main groove a proper groove bar, in place: no crash (phrase starts
    bring their own), a time-keeping line, and (unless told not to: an artist's signature
    groove, a half-time or one-drop feel, is its own authority) the genre's sure backbeats."""
    spb = feel.spb
    n = L.n_steps(core)
    for v in CRASHES:  # an accent crash goes; a ridden crash (a hammer blast) keeps time
        row = core.get(v)
        if row is not None and sum(c != L.REST for c in row) < RIDDEN * max(n // spb, 1):
            del core[v]
    sure = backbeat_steps(model) if backbeats else []
    for start in range(0, n, spb):
        bar = L.bar(core, start // spb, spb)
        if not has_time(bar):
            voice, row = _timekeeper_line(model, feel)
            line = L.line(core, voice, n)
            for s, c in enumerate(row):
                if c != L.REST:
                    line[start + s] = c
        for b in sure:
            if not _any(core, BACKBEAT_VOICES, start + b):
                L.line(core, Voice.SNARE, n)[start + b] = "X" if rng.random() < 0.5 else "x"


def groove_bar_ok(bar: L.Lines, core: L.Lines, model: MeterModel, feel: Feel) -> bool:
    """Whether a varied bar is still the groove: time kept, downbeat kick and backbeats where the
    core has them, no crash, and at least MIN_KEEP of the core's onsets shared."""
    if has_time(core) and not has_time(bar):
        return False
    if _any(core, (Voice.KICK,), 0) and not _any(bar, (Voice.KICK,), 0):
        return False
    for b in model.backbeats:
        if _any(core, BACKBEAT_VOICES, b) and not _any(bar, BACKBEAT_VOICES, b):
            return False
    if any(v in bar for v in CRASHES if v not in core):
        return False
    return L.jaccard(L.onsets(bar), L.onsets(core)) >= MIN_KEEP


def compound(feel: Feel) -> bool:
    """6/8, 9/8, 12/8: pulse groups of three eighths (six sixteenth steps)."""
    ts = feel.time_signature
    return ts.denominator == 8 and ts.numerator % 3 == 0 and ts.numerator > 3


def triplet_time(lines: L.Lines, feel: Feel) -> None:
    """In a compound meter the time is kept on the eighths (the triplet grid of the dotted-
    quarter beat), never on the sixteenths between them, in place."""
    if not compound(feel):
        return
    for v in (*TIMEKEEPERS, Voice.PEDAL_HAT):
        row = lines.get(v)
        if row is None:
            continue
        for i in range(1, len(row), 2):
            row[i] = L.REST
