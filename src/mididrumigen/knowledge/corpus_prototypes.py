"""The most common real bars of a corpus as one-bar grid text (BarPrototype).

A bar renders with the grid characters of domain.grid: `X` / `x` / `g` by velocity, `o` for
an open hi-hat on the HH line, `f` where a voice was struck twice within a step (flam, drag).

Grooves (when the performance of each bar is known) are clustered by skeleton: kick steps,
full snare hits and the timekeeper line (hi-hat, ride, toms or hand percussion), so dynamics
and ghost notes do not split a groove. A cluster's weight counts at most PER_FILE bars from any
one performance, times how typical its bars are under the genre's onset statistics; clusters
played in two or more performances and keeping time (a timekeeper with MIN_KEEPER_HITS hits)
are preferred. A prototype's text is the commonest exact rendering in its cluster.

Fills (and grooves without performance ids) are merged by shape: bars grouped by which voices
play on which steps, a group joining an earlier, more frequent one when they differ in at most
max(1, 8 % of its hits) places; fills are nearly all unique, so singletons are kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..domain.grid import GRID_ORDER, Grid, render_grid, velocity_char
from ..domain.voices import Voice
from ..groove.model import BarPrototype, VoiceStats
from .corpus_bars import Bar

MAX_PROTOTYPES = 12
MIN_GROOVES = 4
MAX_GROUPS = 300  # candidate groups compared when merging
MERGE_SHARE = 0.08
_KEEPER_GROUP = {Voice.CLOSED_HAT: "hat", Voice.OPEN_HAT: "hat", Voice.RIDE: "ride",
                 Voice.RIDE_BELL: "ride", Voice.HIGH_TOM: "toms", Voice.MID_TOM: "toms",
                 Voice.FLOOR_TOM: "toms", Voice.CRASH: "crash", Voice.COWBELL: "perc",
                 Voice.TAMBOURINE: "perc", Voice.SIDE_STICK: "perc", Voice.CLAP: "perc"}
MIN_KEEPER_HITS = 4
PER_FILE = 4  # bars one performance may add to a groove cluster's weight
_VOICE_INDEX = {v: i for i, v in enumerate(Voice)}


def bar_grid(bar: Bar) -> str:
    """One bar as canonical grid text (render_grid of a one-bar Grid)."""
    spb = bar.time_signature.steps_per_bar
    cells: dict[Voice, list[str]] = {}
    for h in bar.hits:
        line = Voice.CLOSED_HAT if h.voice is Voice.OPEN_HAT else h.voice
        row = cells.setdefault(line, ["."] * spb)
        if h.voice is Voice.OPEN_HAT:
            row[h.step] = "o"
        elif row[h.step] != "o":
            row[h.step] = "f" if h.multiple else velocity_char(h.velocity)
    lines = tuple((v, "".join(cells[v])) for v in GRID_ORDER if v in cells)
    if not lines:
        lines = ((Voice.KICK, "." * spb),)
    return render_grid(Grid(lines, bar.time_signature, 1))


def _mask(bar: Bar) -> int:
    spb = bar.time_signature.steps_per_bar
    m = 0
    for h in bar.hits:
        m |= 1 << (_VOICE_INDEX[h.voice] * spb + h.step)
    return m


def _typicality(bar: Bar, stats: Mapping[str, VoiceStats]) -> float:
    probs = [stats[h.voice.key].onset_prob[h.step] if h.voice.key in stats else 0.0
             for h in bar.hits]
    return sum(probs) / len(probs) if probs else 0.0


def _skeleton(bar: Bar) -> tuple[frozenset[int], frozenset[int], str, frozenset[int]]:
    """What makes a groove recognisable: the kick, the full (non-ghost) snare hits, and the
    timekeeper (hi-hat or ride) with its steps. Dynamics, ghost notes and fills around it vary."""
    kick = frozenset(h.step for h in bar.hits if h.voice is Voice.KICK and h.velocity >= 40)
    snare = frozenset(h.step for h in bar.hits if h.voice is Voice.SNARE and h.velocity > 55)
    keeper: dict[str, set[int]] = {}
    for h in bar.hits:
        group = _KEEPER_GROUP.get(h.voice)
        if group:
            keeper.setdefault(group, set()).add(h.step)
    if not keeper:
        return kick, snare, "", frozenset()
    kind = max(keeper, key=lambda k: (len(keeper[k]), k))
    return kick, snare, kind, frozenset(keeper[kind])


def _groove_prototypes(bars: Sequence[Bar], sources: Sequence[int], stats: Mapping[str, VoiceStats],
                       limit: int) -> tuple[BarPrototype, ...]:
    """Groove bars clustered by skeleton; a cluster's weight counts at most PER_FILE bars from
    any one performance, so a groove many drummers play outranks one bar looped in one file."""
    clusters: dict[tuple[object, ...], list[int]] = {}
    for i, bar in enumerate(bars):
        clusters.setdefault(_skeleton(bar), []).append(i)
    scored: list[tuple[int, float, str, bool]] = []
    for key, members in clusters.items():
        per_file = Counter(sources[i] for i in members)
        weight = sum(min(n, PER_FILE) for n in per_file.values())
        texts = Counter(bar_grid(bars[i]) for i in members)
        best = max(texts, key=lambda t: (texts[t], -len(t), t))
        rep = next(bars[i] for i in members if bar_grid(bars[i]) == best)
        # support x typicality: the genre's centre (hat-led backbeats in rock) outranks a
        # uniform side-style (a tom groove) that a few performances loop
        has_keeper = len(key[3]) >= MIN_KEEPER_HITS  # a playable groove keeps time
        scored.append((len(per_file), weight * _typicality(rep, stats), best, has_keeper))
    shared = [s for s in scored if s[0] >= 2 and s[3]]
    pool = shared if len(shared) >= MIN_GROOVES else scored
    pool.sort(key=lambda s: (-s[1], -s[0], s[2]))
    top = pool[:limit]
    total = sum(s[1] for s in top) or 1
    return tuple(BarPrototype(text, round(w / total, 4)) for _, w, text, _ in top)


def prototypes(bars: Sequence[Bar], *, fills: bool = False,
               typical: Mapping[str, VoiceStats] | None = None,
               limit: int = MAX_PROTOTYPES,
               sources: Sequence[int] | None = None) -> tuple[BarPrototype, ...]:
    """The `limit` most common bars, most frequent first (see the module docstring).

    With `sources` (the performance index of each bar), grooves are clustered by skeleton and
    ranked by how many performances play them; fills keep the exact-shape merging below."""
    if not bars:
        return ()
    if sources is not None and not fills:
        return _groove_prototypes(bars, sources, typical or {}, limit)
    texts: dict[int, Counter[str]] = {}
    first_bar: dict[int, Bar] = {}
    for bar in bars:
        m = _mask(bar)
        texts.setdefault(m, Counter())[bar_grid(bar)] += 1
        first_bar.setdefault(m, bar)

    def best_text(m: int) -> str:
        return min(texts[m].items(), key=lambda kv: (-kv[1], kv[0]))[0]

    order = sorted(texts, key=lambda m: (-texts[m].total(), best_text(m)))
    groups: list[list[int]] = []  # [mask, count]
    for m in order:
        n = texts[m].total()
        for g in groups:
            if (g[0] ^ m).bit_count() <= max(1, round(MERGE_SHARE * g[0].bit_count())):
                g[1] += n
                break
        else:
            if len(groups) < MAX_GROUPS:
                groups.append([m, n])
    total = len(bars)
    stats = typical or {}
    groups.sort(key=lambda g: (-g[1], -_typicality(first_bar[g[0]], stats), best_text(g[0])))
    if not fills:
        common = [g for g in groups if g[1] >= 2]
        if len(common) < MIN_GROOVES:  # a small corpus: its most typical single bars
            common += [g for g in groups if g[1] < 2][:MIN_GROOVES - len(common)]
        groups = common
    return tuple(BarPrototype(best_text(m), n / total) for m, n in groups[:limit])
