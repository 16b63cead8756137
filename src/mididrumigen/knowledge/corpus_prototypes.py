"""The most common real bars of a corpus as one-bar grid text (BarPrototype).

A bar renders with the grid characters of domain.grid: `X` / `x` / `g` by velocity, `o` for
an open hi-hat on the HH line, `f` where a voice was struck twice within a step (flam, drag).

Near-identical bars are merged: bars are grouped by which voices play on which steps
(velocity ignored), and a group joins an earlier, more frequent one when they differ in at
most max(1, 8 % of its hits) places. A prototype's text is the commonest exact rendering of
the group it grew from; its weight is the share of all bars it covers. Grooves seen only once
are dropped as junk (unless fewer than MIN_GROOVES grooves repeat: then the most typical single
bars fill up); fills are nearly all unique, so they are kept. Ties rank by how typical the
bar's hits are (mean onset probability of its voice and step in `typical`).
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


def prototypes(bars: Sequence[Bar], *, fills: bool = False,
               typical: Mapping[str, VoiceStats] | None = None,
               limit: int = MAX_PROTOTYPES) -> tuple[BarPrototype, ...]:
    """The `limit` most common bars, most frequent first (see the module docstring)."""
    if not bars:
        return ()
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
