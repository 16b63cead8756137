"""Move a genre's groove toward one artist: the StyleParams knobs, each drawn from the genre
model's own probabilities so that what is added is what players of that genre add.

* syncopation → extra off-beat kicks where the model puts kicks (or fewer, for a square player);
* ghost_note_prob → snare ghosts where the model has snare onsets but the bar has no hit;
* hat_openness → open hats on the off-beat before a backbeat (and before the next bar);
* ride_led → the hat line moves to the ride, with the hi-hat foot on the backbeats;
* double_kick → sixteenth kick runs;
* complexity → density: more model-likely notes, or fewer (ghosts and sixteenths go first).

The StyleParams defaults describe a typical player of the genre: at those values the genre's
own groove stays as it is, and each knob moves it by how far the artist is from typical.
"""

from __future__ import annotations

import random

from ..domain.voices import Voice
from . import lines as L
from .feel import Feel, stochastic_round, weighted_sample
from .meter_model import MeterModel

NEUTRAL_SYNCOPATION = 0.3
NEUTRAL_GHOSTS = 0.1
NEUTRAL_OPENNESS = 0.1
NEUTRAL_COMPLEXITY = 0.4
HAT_VOICES = (Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.RIDE, Voice.RIDE_BELL)


def syncopation(lines: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(lines)
    starts = set(feel.starts)
    backbeats = set(model.backbeats)
    kick = L.line(lines, Voice.KICK, n)
    delta = feel.style.syncopation - NEUTRAL_SYNCOPATION
    if delta > 0:
        cands = [s for s in range(n) if kick[s] == L.REST and s % spb not in starts
                 and s % spb not in backbeats]
        weights = [model.onset(Voice.KICK, s % spb) + 0.01 for s in cands]
        k = stochastic_round(delta * 4.0 * n / spb, rng)
        for s in weighted_sample(cands, weights, k, rng):
            kick[s] = "x"
    elif delta < -0.1:
        for s in range(n):
            if kick[s] != L.REST and s % 2 and s % spb not in starts and rng.random() < -delta * 2.5:
                kick[s] = L.REST


def ghosts(lines: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(lines)
    prob = feel.style.ghost_note_prob - NEUTRAL_GHOSTS
    snare = L.line(lines, Voice.SNARE, n)
    if prob <= 0:
        if feel.style.ghost_note_prob >= 0.05:
            return
        for s in range(n):
            if snare[s] == "g" and rng.random() < 0.7:
                snare[s] = L.REST
        return
    backbeats = set(model.backbeats)
    stats = model.voices.get(Voice.SNARE)
    weights = [0.0] * spb
    if stats:
        weights = [p if s not in backbeats else 0.0 for s, p in enumerate(stats.onset)]
    top = max(weights, default=0.0)
    if top < 0.01:  # no learned ghosts: around the backbeats, where players put them
        weights = [0.0] * spb
        for b in backbeats:
            for d, w in ((-1, 1.0), (1, 0.5), (-3, 0.4), (3, 0.6)):
                weights[(b + d) % spb] = max(weights[(b + d) % spb], w)
        top = 1.0
    for s in range(n):
        w = weights[s % spb] / top
        if snare[s] == L.REST and w > 0.05 and rng.random() < min(0.9, prob * (0.2 + 1.2 * w)):
            snare[s] = "g"  # where the genre's drummers put ghosts, most where they put most


def hat_openness(lines: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(lines)
    openness = feel.style.hat_openness - NEUTRAL_OPENNESS
    closed = L.line(lines, Voice.CLOSED_HAT, n)
    opened = L.line(lines, Voice.OPEN_HAT, n)
    if openness <= 0:
        if feel.style.hat_openness >= 0.05:
            return
        for s in range(n):
            if opened[s] != L.REST and rng.random() < 0.8:
                opened[s], closed[s] = L.REST, "x"
        return
    spots = sorted({(b - 2) % spb for b in model.backbeats} | {spb - 2})
    for bar in range(0, n, spb):
        for s in spots:
            i = bar + s
            p = openness * (1.0 if s == spb - 2 else 1.5)
            if closed[i] != L.REST and rng.random() < min(0.95, p):
                closed[i], opened[i] = L.REST, "x"


def ride_led(lines: L.Lines, model: MeterModel, feel: Feel) -> None:
    n = L.n_steps(lines)
    closed, opened = lines.pop(Voice.CLOSED_HAT, None), lines.pop(Voice.OPEN_HAT, None)
    if closed is None and opened is None:
        return
    ride = L.line(lines, Voice.RIDE, n)
    for s in range(n):
        if closed and closed[s] != L.REST:
            ride[s] = closed[s]
        if opened and opened[s] != L.REST:
            ride[s] = "X"
    pedal = L.line(lines, Voice.PEDAL_HAT, n)
    for bar in range(0, n, feel.spb):
        for b in model.backbeats:
            pedal[bar + b] = "x"


def double_kick(lines: L.Lines, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(lines)
    groups = list(zip(feel.starts, feel.time_signature.beat_groups, strict=True))
    k = max(1, stochastic_round(feel.complexity * len(groups), rng))
    kick = L.line(lines, Voice.KICK, n)
    chosen = sorted(rng.sample(range(len(groups)), min(k, len(groups))))
    for bar in range(0, n, spb):
        for gi in chosen:
            start, size = groups[gi]
            for p in range(size):
                if kick[bar + start + p] == L.REST:
                    kick[bar + start + p] = "x"


def complexity(lines: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    spb, n = feel.spb, L.n_steps(lines)
    delta = feel.complexity - NEUTRAL_COMPLEXITY
    if abs(delta) < 0.1:
        return
    if delta > 0:
        cands: list[tuple[Voice, int]] = []
        weights: list[float] = []
        for v, st in model.voices.items():
            if v in (Voice.CRASH, Voice.CHINA, Voice.SPLASH) or v.key.endswith("tom"):
                continue
            row = lines.get(v)
            for s in range(n):
                p = st.onset[s % spb]
                if p > 0.02 and (row is None or row[s] == L.REST):
                    cands.append((v, s))
                    weights.append(p)
        k = stochastic_round(delta * model.density * 0.4 * n / spb, rng)
        for i in weighted_sample(range(len(cands)), weights, k, rng):
            v, s = cands[i]
            L.line(lines, v, n)[s] = "g" if v is Voice.SNARE else "x"
        return
    k = stochastic_round(-delta * L.count(lines) * 0.5, rng)
    starts = set(feel.starts)
    tiers: list[list[tuple[Voice, int]]] = [[], [], []]
    for v, row in lines.items():
        for s, c in enumerate(row):
            if c == L.REST or s % spb in starts:
                continue
            if c == "g":
                tiers[0].append((v, s))
            elif v in HAT_VOICES and s % 2:
                tiers[1].append((v, s))
            elif v is Voice.KICK:
                tiers[2].append((v, s))
    for tier in tiers:
        rng.shuffle(tier)
        for v, s in tier:
            if k <= 0:
                return
            lines[v][s] = L.REST
            k -= 1


def kick_runs(model: MeterModel) -> bool:
    """Whether the genre's own grooves have double-kick runs (four sixteenths or more)."""
    for bar, _ in model.grooves:
        for v, row in bar:
            if v is Voice.KICK and "xxxx" in row.replace("X", "x"):
                return True
    return False


def apply(lines: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> None:
    """Every knob, in order; in place."""
    syncopation(lines, model, feel, rng)
    complexity(lines, model, feel, rng)
    ghosts(lines, model, feel, rng)
    hat_openness(lines, model, feel, rng)
    if feel.ride_led:
        ride_led(lines, model, feel)
    if feel.double_kick and not kick_runs(model):  # the genre's own runs are its grooves'
        double_kick(lines, feel, rng)
    for v in [v for v, row in lines.items() if all(c == L.REST for c in row)]:
        del lines[v]


def apply_to_signature(lines: L.Lines, model: MeterModel, feel: Feel,
                       rng: random.Random) -> None:
    """The knobs that colour a signature groove without changing what it is, in place: open
    hats and ghost notes for a player who plays more of them than typical (when the groove as
    written has none: a written groove's ghosts already are the player's, never stacked twice), the time on
    the ride for a ride player, double-kick runs for a double-kick player. Syncopation and
    density are left alone: the kick and snare of a famous groove are its identity."""
    if feel.style.hat_openness > NEUTRAL_OPENNESS and Voice.OPEN_HAT not in lines:
        hat_openness(lines, model, feel, rng)
    snare = lines.get(Voice.SNARE, [])
    if feel.style.ghost_note_prob > NEUTRAL_GHOSTS and "g" not in snare:
        ghosts(lines, model, feel, rng)
    if feel.ride_led and Voice.RIDE not in lines:
        ride_led(lines, model, feel)
    if feel.double_kick:
        double_kick(lines, feel, rng)
