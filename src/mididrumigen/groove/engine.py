"""GrooveEngine: the offline generator. Profile + params + seed → N variations of drum MIDI.

The steps, each leaving the groove playable (playability.enforce):

1. fit the genre model to the requested meter (meter_model.fit; kept per model and meter);
2. the main groove: the artist's signature groove, else a real bar prototype (pulled toward
   the corpus's per-step statistics; a written idiom stays as written) moved toward the artist
   (style.apply), else a bar sampled from the model's statistics;
3. variations 2..N: the main groove changed step by step (variation.variant) until its
   similarity to variation 1's lands in the band — another section of the same song, now and
   then with the time moved to the ride as the genre's drummers do;
4. the bars: each variation's groove phrased across the bars — bar-to-bar variation at human
   levels, fills and pickups, crashes on phrase starts (phrase.expand);
5. notes: swing, micro-timing, velocities (humanize.render).

render_grid plays a grid someone else wrote (an LLM's) with step 5, so both paths sound like
the same player.

Randomness: one random.Random per concern, all derived from the seed; the same seed gives
identical patterns, and humanize on/off gives the same hits.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import replace

from cachetools import LRUCache

from ..domain.grid import Grid, grid_to_pattern
from ..domain.meter import TimeSignature
from ..domain.params import GenerationParams
from ..domain.pattern import PPQ, Pattern
from ..domain.profile import StyleProfile
from ..domain.structure import render_structure
from . import lines as L
from .feel import Feel
from .guard import sanitize, triplet_time
from .humanize import render
from .main_groove import (
    calibrate,
    prototype_core,
    sampled_core,
    signature_core,
    signature_fills,
)
from .meter_model import MeterModel, fit
from .model import GenreModel
from .phrase import expand
from .playability import enforce
from .sections import arrange, count_in_bar
from .style import apply as apply_style
from .style import apply_to_signature as style_signature
from .transfer import transfer
from .variation import variant

DEFAULT_GENRE = "rock"
TRIPLET_SWING = 200.0 / 3.0  # eighth swing that puts the off-beat on the third triplet partial
FITTED_KEPT = 64  # fitted models an engine keeps, least recently used dropped


def _rng(seed: int, stream: int) -> random.Random:
    return random.Random((seed << 12) ^ stream)


class GrooveEngine:
    """Generates drum patterns from genre models and an artist's StyleProfile."""

    def __init__(self, models: Callable[[str, TimeSignature], GenreModel]) -> None:
        self._models = models
        self._fitted: LRUCache[tuple[str, str, TimeSignature], tuple[GenreModel, MeterModel]] = (
            LRUCache(FITTED_KEPT))
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    def fitted(self, genre: str, ts: TimeSignature) -> MeterModel:
        """The genre's model laid over `ts`, kept per model (its key and source) and meter; a
        model the library replaced (a re-read import) is fitted again."""
        model = self._models(genre, ts)
        key = (model.key, model.source, ts)
        with self._lock:
            hit = self._fitted.get(key)
        if hit is not None and hit[0] is model:
            return hit[1]
        mm = fit(model, ts)
        with self._lock:
            self._fitted[key] = (model, mm)
        return mm

    def feel(self, profile: StyleProfile, params: GenerationParams) -> Feel:
        tempo = params.tempo or profile.params.tempo_avg
        complexity = (params.complexity if params.complexity is not None
                      else profile.params.complexity)
        style = profile.params
        if params.swing is not None:
            style = replace(style, swing_percent=params.swing)
        return Feel(params.time_signature, float(tempo), style, complexity,
                    signature_fills(profile, params.time_signature))

    def main_groove(self, profile: StyleProfile, mm: MeterModel, feel: Feel,
                    rng: random.Random) -> tuple[L.Lines, int, Feel]:
        """The core bar(s), how many bars they span, and the feel to play them with (a groove
        written on the triplet grid is played with triplet swing)."""
        sig = signature_core(profile, feel.time_signature, rng)
        if sig is not None:
            core, bars, triplets = sig
            if triplets:
                feel = replace(feel, style=replace(feel.style, swing_percent=TRIPLET_SWING,
                                                   swing_unit=8))
            style_signature(core, mm, feel, rng)
        else:
            proto = prototype_core(mm, rng)
            if proto is not None and mm.learned:  # a written idiom is played as written
                calibrate(proto, mm, rng)
            core = proto if proto is not None else sampled_core(mm, rng)
            bars = 1
            apply_style(core, mm, feel, rng)
        sanitize(core, mm, feel, rng, backbeats=sig is None)
        enforce(core, feel)
        return core, bars, feel

    def lines(self, profile: StyleProfile, params: GenerationParams,
              seed: int) -> tuple[list[L.Lines], list[bool], MeterModel, Feel]:
        """The variations as step lines (before timing and velocity), and which bars are fills."""
        genre = params.genre or profile.primary_genre or DEFAULT_GENRE
        feel = self.feel(profile, params)
        mm = self.fitted(genre, params.time_signature)
        core, core_bars, feel = self.main_groove(profile, mm, feel, _rng(seed, 0))
        cores = [core]
        for k in range(2, params.variations + 1):
            cores.append(variant(core, mm, feel, _rng(seed, k)))
        out: list[L.Lines] = []
        fills: list[bool] = []
        for k, c in enumerate(cores):
            rng = _rng(seed, 1 if k == 0 else 100 + k)
            if params.structure:
                lines, fills = arrange(params.structure, c, core_bars, mm, feel, rng,
                                       count_in=params.count_in)
            else:
                lines, fills = expand(c, core_bars, params.bars, params.fill_every, mm, feel,
                                      rng)
                triplet_time(lines, feel)
                if params.count_in:
                    lines = L.concat([count_in_bar(feel), *(L.bar(lines, b, feel.spb)
                                                            for b in range(params.bars))],
                                     feel.spb)
                    fills = [False, *fills]
            out.append(lines)
        return out, fills, mm, feel

    def generate(self, profile: StyleProfile, params: GenerationParams,
                 seed: int) -> list[Pattern]:
        """params.variations patterns of params.bars bars each; deterministic for a seed."""
        variations, fills, mm, feel = self.lines(profile, params, seed)
        bars = len(fills)  # the bars asked for, and the count-in bar when there is one
        patterns = []
        for k, lines in enumerate(variations, 1):
            notes = render(lines, bars, mm, feel, params.humanization, PPQ,
                           _rng(seed, 1000 + k), fills)
            name = f"Var {k}" + (f" ({render_structure(params.structure)})"
                                 if params.structure else "")
            patterns.append(Pattern(tuple(notes), feel.tempo, params.time_signature, bars, PPQ,
                                    name))
        return patterns

    def transfer(self, pattern: Pattern, profile: StyleProfile, *, amount: float = 1.0,
                 seed: int = 0, ghosts: bool = False, genre: str | None = None) -> Pattern:
        """A user's drum part played with the profile's feel (groove.transfer): every note kept,
        timing and dynamics moved toward the artist's by `amount`; deterministic for a seed."""
        ts = pattern.time_signature
        params = GenerationParams(bars=1, variations=1, time_signature=ts,
                                  tempo=min(max(pattern.tempo, 40.0), 300.0))
        mm = self.fitted(genre or profile.primary_genre or DEFAULT_GENRE, ts)
        return transfer(pattern, mm, self.feel(profile, params), amount, _rng(seed, 7000),
                        ghosts=ghosts)

    def render_grid(self, grid: Grid, profile: StyleProfile, params: GenerationParams, seed: int,
                    k: int, name: str) -> Pattern:
        """Variation `k` written as a grid (an LLM's), played with the profile's swing,
        micro-timing and velocities when every line is on sixteenths (the engine's step); a grid
        with triplet or 32nd lines keeps its exact ticks."""
        tempo = float(params.tempo or profile.params.tempo_avg)
        if not grid.is_sixteenths:
            return grid_to_pattern(grid, tempo=tempo, name=name)
        genre = params.genre or profile.primary_genre or DEFAULT_GENRE
        mm = self.fitted(genre, params.time_signature)
        notes = render(L.from_grid(grid), grid.bars, mm, self.feel(profile, params),
                       params.humanization, PPQ, _rng(seed, 5000 + k))
        return Pattern(tuple(notes), tempo, params.time_signature, grid.bars, PPQ, name)
