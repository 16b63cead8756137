"""The artist's grooves from the bars of their songs: main grooves, variations and fills.

Bars are compared by what makes a groove recognisable (`skeleton`): which voice plays on which
sixteenth, weighted kick and snare 1, toms 0.7, hi-hat and ride 0.5, hand percussion 0.4,
ghost notes 0.3, cymbal crashes 0.2 (a crash on the one does not make another groove). The
distance of two bars is 1 − weighted Jaccard of their skeletons.

1. Bars are clustered per meter, leader-first: the commonest exact skeletons start clusters,
   and a bar joins the nearest cluster within SAME (0.15: the same groove with a ghost note or
   an extra kick), else it starts one.
2. A cluster is fill-like when its typical bar has two or more tom hits, or three or more
   snare/tom strokes in its last beat while the time-keeper stops.
3. Groove clusters rank by support: bars (at most PER_SONG from one song) × (1 + ½ per other
   song playing it). The best is main groove 1; a lower one within VARIATION (0.45) of a main
   groove played in the same song is its variation (at most MAX_VARIATIONS each), else
   another main groove (at most MAX_MAINS; one-bar one-offs never become one).
4. Fill clusters rank by how often they are played (at most MAX_FILLS). A fill starts on the
   first beat from which its bar leaves the song's main groove (the whole bar when it never
   follows it), and is written from there on: the engine lays it over the groove's last bar
   from that step (a signature groove of kind "fill").

Each learned groove is the cluster's most typical real bar (its medoid; a bar without a
crash is preferred), written as grid text with the song it came from: exactly as played
(`domain.grid.pattern_to_grid`: a quantized triplet hi-hat stays `HH@8t`, a 32nd roll `@32`)
unless the song was played with swing by a human, in which case the de-swung sixteenth bar is
written and the swing lives in the profile. Its weight (how often the engine draws it among
the artist's grooves, or fills) is how many bars it stands for, the most played one 1.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..domain.grid import pattern_to_grid, render_grid
from ..domain.meter import TimeSignature
from ..domain.voices import Voice
from ..knowledge.corpus_bars import Bar
from ..knowledge.corpus_prototypes import bar_grid
from .midi_song import SongBar

SAME = 0.15
VARIATION = 0.45
PER_SONG = 8
MAX_MAINS = 4
MAX_VARIATIONS = 2
MAX_FILLS = 4
GHOST = 55
_TOMS = frozenset({Voice.HIGH_TOM, Voice.MID_TOM, Voice.FLOOR_TOM})
_KEEPERS = frozenset({Voice.CLOSED_HAT, Voice.OPEN_HAT, Voice.PEDAL_HAT, Voice.RIDE,
                      Voice.RIDE_BELL, Voice.COWBELL, Voice.TAMBOURINE})
_GROUP = {Voice.KICK: "kick", Voice.SNARE: "snare", Voice.RIMSHOT: "snare",
          Voice.SIDE_STICK: "snare", Voice.CLAP: "snare", Voice.CLOSED_HAT: "hat",
          Voice.OPEN_HAT: "hat", Voice.PEDAL_HAT: "hat", Voice.RIDE: "ride",
          Voice.RIDE_BELL: "ride", Voice.HIGH_TOM: "tom", Voice.MID_TOM: "tom",
          Voice.FLOOR_TOM: "tom", Voice.CRASH: "crash", Voice.SPLASH: "crash",
          Voice.CHINA: "crash", Voice.COWBELL: "perc", Voice.TAMBOURINE: "perc"}
_WEIGHT = {"kick": 1.0, "snare": 1.0, "tom": 0.7, "hat": 0.5, "ride": 0.5, "perc": 0.4,
           "ghost": 0.3, "crash": 0.2}
Skeleton = dict[tuple[str, int], float]


def skeleton(bar: Bar) -> Skeleton:
    out: Skeleton = {}
    for h in bar.hits:
        group = _GROUP.get(h.voice, "perc")
        if group == "snare" and h.velocity <= GHOST:
            group = "ghost"
        out[(group, h.step)] = _WEIGHT[group]
    return out


def distance(a: Skeleton, b: Skeleton) -> float:
    keys = a.keys() | b.keys()
    union = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    inter = sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    return 1.0 - inter / union if union else 0.0


def fill_like(bar: Bar) -> bool:
    """Toms, or a last beat of snare/tom strokes while the time-keeper stops."""
    last = bar.time_signature.beat_starts()[-1]
    if sum(1 for h in bar.hits if h.voice in _TOMS) >= 2:
        return True
    tail = [h for h in bar.hits if h.step >= last]
    strokes = [h for h in tail if h.voice in _TOMS or _GROUP.get(h.voice) == "snare"]
    keeping = [h for h in tail if h.voice in _KEEPERS]
    loud = [h for h in strokes if h.velocity > GHOST]
    return len(strokes) >= 3 and len(loud) >= 2 and len(keeping) <= 1


@dataclass
class _Cluster:
    leader: Skeleton
    members: list[int] = field(default_factory=list)

    def songs(self, bars: Sequence[SongBar]) -> Counter[str]:
        return Counter(bars[i].song for i in self.members)

    def support(self, bars: Sequence[SongBar]) -> float:
        per_song = self.songs(bars)
        return sum(min(n, PER_SONG) for n in per_song.values()) * (1 + 0.5 * (len(per_song) - 1))


@dataclass(frozen=True, slots=True)
class LearnedGroove:
    """A groove learned from the artist's songs, as grid text."""

    role: str  # main | variation | fill
    name: str
    grid: str
    time_signature: TimeSignature
    song: str
    tempo: float | None
    bars: int
    songs: tuple[str, ...]
    of: str = ""  # for a variation: the main groove it varies
    weight: float = 1.0  # how often the engine draws it, relative to the others of its kind

    @property
    def kind(self) -> str:
        """The SignatureGroove kind: 'fill' for fills, else 'groove'."""
        return "fill" if self.role == "fill" else "groove"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "grid": self.grid, "song": self.song,
                               "time_signature": str(self.time_signature), "tempo": self.tempo,
                               "kind": self.kind, "weight": self.weight, "role": self.role,
                               "bars": self.bars, "songs": list(self.songs)}
        if self.of:
            out["variation_of"] = self.of
        return out


def _cluster(bars: Sequence[SongBar], shapes: Sequence[Skeleton]) -> list[_Cluster]:
    keys = [tuple(sorted(s.items())) for s in shapes]
    counts = Counter(keys)
    order = sorted(range(len(bars)), key=lambda i: (-counts[keys[i]], keys[i], i))
    clusters: list[_Cluster] = []
    for i in order:
        best = min(clusters, key=lambda c: distance(c.leader, shapes[i]), default=None)
        if best is not None and distance(best.leader, shapes[i]) <= SAME:
            best.members.append(i)
        else:
            clusters.append(_Cluster(shapes[i], [i]))
    return clusters


def _medoid(cluster: _Cluster, bars: Sequence[SongBar], shapes: Sequence[Skeleton]) -> int:
    """The most typical member (a bar without a crash preferred), among its commonest shapes."""
    by_shape: dict[tuple[Any, ...], list[int]] = {}
    for i in cluster.members:
        by_shape.setdefault(tuple(sorted(shapes[i].items())), []).append(i)
    common = sorted(by_shape.values(), key=len, reverse=True)[:12]

    def cost(group: list[int]) -> float:
        i = group[0]
        crash = any(h.voice in (Voice.CRASH, Voice.SPLASH, Voice.CHINA) for h in bars[i].bar.hits)
        spread = sum(len(g) * distance(shapes[i], shapes[g[0]]) for g in common)
        return spread / len(cluster.members) + (0.1 if crash else 0.0)

    return min(common, key=lambda g: (cost(g), g[0]))[0]


def grid_text(bar: SongBar, exact: bool, start: int = 0) -> str:
    """The bar as grid text, from sixteenth step `start` on: as played, or de-swung onto
    sixteenths."""
    if exact:
        pattern = bar.pattern
        if start:
            tps = pattern.ppq // 4
            pattern = pattern.with_notes(n for n in pattern.notes
                                         if n.time >= start * tps - tps // 2)
        text = render_grid(pattern_to_grid(pattern)) if pattern.notes else ""
        if text:
            return text
    hits = tuple(h for h in bar.bar.hits if h.step >= start)
    return bar_grid(replace(bar.bar, hits=hits))


def fill_start(fill: Bar, groove: Bar | None) -> int:
    """The first beat from which `fill` leaves `groove` (0: the whole bar is the fill)."""
    if groove is None:
        return 0
    start = 0
    for s in fill.time_signature.beat_starts()[1:]:
        before = [replace(b, hits=tuple(h for h in b.hits if h.step < s)) for b in (fill, groove)]
        if distance(skeleton(before[0]), skeleton(before[1])) > SAME:
            break
        start = s
    if not any(h.step >= start for h in fill.hits):
        return 0
    return start


def learn_grooves(bars: Sequence[SongBar], *, tempo: dict[str, float] | None = None,
                  performed_swing: dict[str, bool] | None = None) -> list[LearnedGroove]:
    """Main grooves, their variations and fills from the songs' bars (see the module
    docstring). `tempo`: each song's tempo; `performed_swing`: songs played with swing by a
    human (their grooves are written de-swung)."""
    tempo = tempo or {}
    swung = performed_swing or {}
    out: list[LearnedGroove] = []
    meters: dict[TimeSignature, list[int]] = {}
    for i, b in enumerate(bars):
        meters.setdefault(b.time_signature, []).append(i)
    for ts in sorted(meters, key=lambda t: -len(meters[t])):
        group = [bars[i] for i in meters[ts]]
        out += _learn_meter(group, tempo, swung)
    return out


def _learn_meter(bars: Sequence[SongBar], tempo: dict[str, float],
                 swung: dict[str, bool]) -> list[LearnedGroove]:
    shapes = [skeleton(b.bar) for b in bars]
    clusters = _cluster(bars, shapes)
    reps = {id(c): _medoid(c, bars, shapes) for c in clusters}
    ranked = sorted(clusters, key=lambda c: (-c.support(bars), -len(c.members),
                                             reps[id(c)]))
    names: Counter[tuple[str, str]] = Counter()

    def make(role: str, c: _Cluster, of: str = "", start: int = 0) -> LearnedGroove:
        rep = bars[reps[id(c)]]
        base = {"main": "main groove", "variation": "variation", "fill": "fill"}[role]
        names[rep.song, role] += 1
        n = names[rep.song, role]
        songs = tuple(s for s, _ in c.songs(bars).most_common())
        return LearnedGroove(role, f"{rep.song}: {base}" + (f" {n}" if n > 1 else ""),
                             grid_text(rep, not swung.get(rep.song, False), start),
                             rep.time_signature, rep.song, tempo.get(rep.song), len(c.members),
                             songs, of)

    mains: list[tuple[_Cluster, LearnedGroove]] = []
    variations: list[LearnedGroove] = []
    fill_clusters: list[_Cluster] = []
    per_main: Counter[str] = Counter()
    for c in ranked:
        rep = shapes[reps[id(c)]]
        if fill_like(bars[reps[id(c)]].bar):
            if len(fill_clusters) < MAX_FILLS:
                fill_clusters.append(c)
            continue
        if mains and len(c.members) < 2:
            continue  # a one-off bar is neither a groove nor a known variation
        songs = set(c.songs(bars))
        near = min(((distance(rep, shapes[reps[id(m)]]), g) for m, g in mains
                    if songs & set(m.songs(bars))), key=lambda x: x[0], default=None)
        if near is not None and near[0] <= VARIATION:
            if per_main[near[1].name] < MAX_VARIATIONS:
                per_main[near[1].name] += 1
                variations.append(make("variation", c, near[1].name))
        elif len(mains) < MAX_MAINS:
            mains.append((c, make("main", c)))
    fills = []
    for c in fill_clusters:
        rep = bars[reps[id(c)]]
        home = next((m for m, _ in mains if rep.song in m.songs(bars)),
                    mains[0][0] if mains else None)
        groove = bars[reps[id(home)]].bar if home is not None else None
        fills.append(make("fill", c, start=fill_start(rep.bar, groove)))
    ordered = [g for _, g in mains]
    for main in list(ordered):
        ordered += [v for v in variations if v.of == main.name]
    return _weighted(ordered) + _weighted(fills)


def _weighted(grooves: list[LearnedGroove]) -> list[LearnedGroove]:
    """Weights from how many bars each stands for, the most played one 1.0 (at least 0.1)."""
    top = max((g.bars for g in grooves), default=1)
    return [replace(g, weight=round(max(0.1, g.bars / top), 3)) for g in grooves]
