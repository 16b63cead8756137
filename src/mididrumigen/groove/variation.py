"""Variations: the same groove, played another way.

A variation changes what a drummer changes between song sections — kick placement, the hat
subdivision, ghost notes, an open hat, a snare pickup — never the downbeat or the backbeats.
How far it moves is measured: the Jaccard similarity of (voice, step) onsets on the bars
without fills, against variation 1, kept inside SIMILARITY_BAND.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ..domain.voices import Voice
from . import lines as L
from .feel import Feel, weighted_index
from .meter_model import MeterModel
from .playability import ONE_HAND_MAX_BPM_16THS, enforce, sixteenth_offbeats
from .style import ride_led

SIMILARITY_BAND = (0.6, 0.9)
TARGET_BAND = (0.66, 0.84)  # where a variation aims, inside the band
MAX_STEPS = 14
SURE_KICK = 0.9  # a kick the genre plays on this step (nearly) always is never moved


def similarity(a: L.Lines, b: L.Lines, fills: list[bool], spb: int) -> float:
    """Jaccard of (voice, step) onsets over bars that carry no fill (all bars if all do)."""
    keep = [i for i, f in enumerate(fills) if not f] or list(range(len(fills)))
    steps = [s for bi in keep for s in range(bi * spb, (bi + 1) * spb)]
    return L.jaccard(_keys(a, steps), _keys(b, steps))


def _keys(lines: L.Lines, steps: list[int]) -> set[tuple[int, int]]:
    """(voice pitch, step) for every hit at `steps` (ints hash faster than enum members)."""
    out = set()
    for v, row in lines.items():
        pitch = v.value[0]
        out.update((pitch, s) for s in steps if row[s] != L.REST)
    return out


def _kick(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(core)
    kick = L.line(core, Voice.KICK, n)
    fixed = set(feel.starts[:1]) | set(model.backbeats)
    fixed |= {s for s in range(spb) if model.onset(Voice.KICK, s) >= SURE_KICK}  # 4-on-the-floor
    movable = [s for s in range(n) if kick[s] != L.REST and s % spb not in fixed]
    free = [s for s in range(n) if kick[s] == L.REST and s % spb not in fixed]
    if movable and (rng.random() < 0.6 or not free):
        kick[rng.choice(movable)] = L.REST
    if free and rng.random() < 0.85:
        weights = [model.onset(Voice.KICK, s % spb) + 0.005 for s in free]
        kick[free[weighted_index(weights, rng)]] = "x"


def _timekeeper(core: L.Lines) -> Voice | None:
    best, most = None, 0
    for v in (Voice.CLOSED_HAT, Voice.RIDE):
        c = len(core.get(v, ())) - core.get(v, []).count(L.REST)
        if c > most:
            best, most = v, c
    return best


def _hats(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    """Change the time-keeping subdivision over half the bar: sixteenths ↔ eighths where the
    genre plays sixteenths on that voice, else eighths ↔ quarters (the skip notes)."""
    voice = _timekeeper(core)
    if voice is None:
        return
    spb, n = feel.spb, L.n_steps(core)
    row = core[voice]
    odd = sixteenth_offbeats(feel)
    has16 = any(row[s] != L.REST for s in range(n) if odd[s % spb])
    learned16 = [model.onset(voice, s) for s in range(spb) if odd[s]]
    allow16 = has16 or (bool(learned16) and sum(learned16) / len(learned16) >= 0.05
                        and feel.tempo <= ONE_HAND_MAX_BPM_16THS)
    starts = set(feel.starts)
    lo, hi = (0, spb // 2) if rng.random() < 0.5 else (spb // 2, spb)
    span = [s for s in range(lo, hi) if (odd[s] if allow16 else not odd[s] and s not in starts)]
    if not span:
        return
    full = all(row[bar + s] != L.REST for bar in range(0, n, spb) for s in span)
    for bar in range(0, n, spb):
        for s in span:
            row[bar + s] = L.REST if full else "x"


def _ghosts(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(core)
    snare = L.line(core, Voice.SNARE, n)
    present = [s for s in range(n) if snare[s] == "g"]
    if feel.style.ghost_note_prob < 0.05 or (present and rng.random() < 0.4):
        for s in rng.sample(present, min(len(present), 2)):
            snare[s] = L.REST
        return  # a player who plays no ghosts only ever loses them
    backbeats = set(model.backbeats)
    free = [s for s in range(n) if snare[s] == L.REST and s % spb not in backbeats
            and s % spb not in feel.starts]
    for _ in range(1 + (rng.random() < 0.5)):
        if not free:
            return
        weights = [model.onset(Voice.SNARE, s % spb) + 0.03 for s in free]
        snare[free.pop(weighted_index(weights, rng))] = "g"


def _open_hat(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    closed = core.get(Voice.CLOSED_HAT)
    if not closed or feel.style.hat_openness < 0.05:
        return
    spb, n = feel.spb, L.n_steps(core)
    spots = [s for s in range(n) if closed[s] != L.REST and s % spb not in feel.starts
             and s % 2 == 0]
    if spots:
        before_back = {(b - 2) % spb for b in model.backbeats} | {spb - 2}
        weights = [3.0 if s % spb in before_back else 1.0 for s in spots]
        s = spots[weighted_index(weights, rng)]
        closed[s] = L.REST
        L.line(core, Voice.OPEN_HAT, n)[s] = "x"


def _pickup(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(core)
    snare = L.line(core, Voice.SNARE, n)
    cands = [s for s in range(n) if snare[s] == L.REST and s % spb not in feel.starts]
    if cands:
        last = n - 1
        weights = [model.onset(Voice.SNARE, s % spb) + (0.5 if s == last else 0.01)
                   for s in cands]
        snare[cands[weighted_index(weights, rng)]] = "x"


def _hat_skip(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    """One time-keeping note left out, or one skip note added where the genre plays one."""
    voice = _timekeeper(core)
    if voice is None:
        return
    spb, n = feel.spb, L.n_steps(core)
    row = core[voice]
    starts = set(feel.starts)
    played = [s for s in range(n) if row[s] != L.REST and s % spb not in starts]
    empty = [s for s in range(n) if row[s] == L.REST and model.onset(voice, s % spb) > 0.05]
    if empty and (rng.random() < 0.5 or not played):
        weights = [model.onset(voice, s % spb) for s in empty]
        row[empty[weighted_index(weights, rng)]] = "x"
    elif played:
        row[rng.choice(played)] = L.REST


OPS = (_kick, _hats, _ghosts, _open_hat, _pickup)
BAR_OPS = (_kick, _ghosts, _open_hat, _pickup, _hat_skip)
Op = Callable[[L.Lines, MeterModel, Feel, random.Random], None]


def bar_ops(feel: Feel) -> tuple[tuple[Op, ...], list[float]]:
    """The small bar-to-bar changes and how likely each is for this artist."""
    st = feel.style
    return BAR_OPS, [1.5 + 3.0 * st.syncopation, 0.4 + 2.0 * st.ghost_note_prob,
                     0.2 + 3.0 * st.hat_openness, 0.5, 0.8]


def _weights(feel: Feel) -> list[float]:
    """How likely each kind of change is, from the artist: a ghosty player varies ghosts."""
    st = feel.style
    return [2.0 + 4.0 * st.syncopation, 1.5, 0.5 + 6.0 * st.ghost_note_prob,
            0.3 + 4.0 * st.hat_openness, 1.0]


def mutate(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    """One change of one kind, in place."""
    op: Op = OPS[weighted_index(_weights(feel), rng)]
    op(core, model, feel, rng)
    for v in [v for v, row in core.items() if all(c == L.REST for c in row)]:
        del core[v]


RIDE_SECTION_SHARE = 1.0  # of the genre's ride share: how often a variation moves to the ride


def _ride_share(model: MeterModel) -> float:
    hat = sum(model.voices[Voice.CLOSED_HAT].onset) if Voice.CLOSED_HAT in model.voices else 0.0
    ride = sum(model.voices[Voice.RIDE].onset) if Voice.RIDE in model.voices else 0.0
    return ride / (hat + ride) if hat + ride > 0 else 0.0


def variant(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> L.Lines:
    """Another variation of the main groove: changed one step at a time until its onset
    similarity to the main groove is drawn inside TARGET_BAND (never below SIMILARITY_BAND).
    Now and then (by how much the genre's drummers ride) the time moves to the ride."""
    cand = L.copy(core)
    if (Voice.CLOSED_HAT in cand and not feel.ride_led
            and rng.random() < RIDE_SECTION_SHARE * _ride_share(model)):
        ride_led(cand, model, feel)  # a chorus or a bridge on the ride
    target = rng.uniform(*TARGET_BAND)
    lo, _hi = SIMILARITY_BAND
    base = L.onsets(core)
    for _ in range(MAX_STEPS):
        if L.jaccard(L.onsets(cand), base) <= target:
            break
        trial = L.copy(cand)
        mutate(trial, model, feel, rng)
        enforce(trial, feel)
        if L.jaccard(L.onsets(trial), base) >= lo:
            cand = trial
    return cand
