"""The engine's working form of a groove: one list of grid characters per voice.

`Lines` maps a Voice to a list with one character per sixteenth step across all bars, using
the grid alphabet (`X` accent, `x` hit, `g` ghost, `f` flam, `.` rest) and `r`, a roll: the
step played as two 32nds. Unlike grid text, an
open hi-hat is its own voice (OPEN_HAT) rather than an `o` on the HH line, so every (voice,
step) pair is one hit. Lines are small and mutable while one bar is being built; everything
that leaves the engine is an immutable Pattern.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.grid import Grid, requantize
from ..domain.subdivision import Subdivision
from ..domain.voices import Voice

Lines = dict[Voice, list[str]]
REST = "."
ROLL = "r"  # a step played as two 32nd notes (trap hat rolls, drags)


def line(lines: Lines, voice: Voice, n_steps: int) -> list[str]:
    """The line of `voice`, created empty when missing."""
    row = lines.get(voice)
    if row is None:
        row = [REST] * n_steps
        lines[voice] = row
    return row


def copy(lines: Lines) -> Lines:
    return {v: row[:] for v, row in lines.items()}


def n_steps(lines: Lines) -> int:
    for row in lines.values():
        return len(row)
    return 0


def triplet_feel(grid: Grid) -> bool:
    """Whether the grid is written on the eighth-note triplet grid (a shuffle, jazz time, a
    half-time shuffle): the engine plays it as sixteenths under triplet swing, where the first
    three sixteenths of each beat sound on the three triplet partials."""
    return (any(grid.subdivision_of(v) is Subdivision.EIGHTH_TRIPLET for v, _ in grid.lines)
            and all(g == 4 for g in grid.time_signature.beat_groups))


def _cells(grid: Grid, voice: Voice, steps: str) -> list[tuple[int, str]]:
    """(sixteenth step, character) for one line: 8t partials on the first three sixteenths of
    each beat; two 32nds in one sixteenth become a roll `r`; 16th triplets are requantized."""
    sub = grid.subdivision_of(voice)
    if sub is Subdivision.SIXTEENTH:
        return [(i, ch) for i, ch in enumerate(steps) if ch != REST]
    if sub is Subdivision.EIGHTH_TRIPLET and triplet_feel(grid):
        return [((i // 3) * 4 + i % 3, ch) for i, ch in enumerate(steps) if ch != REST]
    if sub is Subdivision.THIRTY_SECOND:
        out = []
        for i in range(0, len(steps) - 1, 2):
            a, b = steps[i], steps[i + 1]
            if a != REST and b != REST:
                out.append((i // 2, ROLL))
            elif a != REST or b != REST:
                out.append((i // 2, a if a != REST else b))
        return out
    one = requantize(Grid(((voice, steps),), grid.time_signature, grid.bars,
                          ((voice, sub),)))
    return [(i, ch) for i, ch in enumerate(one.lines[0][1]) if ch != REST] if one.lines else []


def from_grid(grid: Grid) -> Lines:
    """Grid → lines; `o` on the hat line becomes an OPEN_HAT hit. The engine works in
    sixteenths: eighth-note triplets land on the sixteenths that triplet swing plays on the
    partials (see triplet_feel), 32nd pairs become rolls, anything else moves to the nearest
    sixteenth."""
    out: Lines = {}
    total = grid.bars * grid.steps_per_bar
    for voice, steps in grid.lines:
        for i, ch in _cells(grid, voice, steps):
            if ch == "o":
                line(out, Voice.OPEN_HAT, total)[i] = "x"
            else:
                line(out, voice, total)[i] = ch
    return out


def bar(lines: Lines, index: int, spb: int) -> Lines:
    """One bar cut out of multi-bar lines."""
    lo = index * spb
    return {v: row[lo:lo + spb] for v, row in lines.items() if any(c != REST for c in
                                                                  row[lo:lo + spb])}


def concat(bars: Iterable[Lines], spb: int) -> Lines:
    bars = list(bars)
    total = spb * len(bars)
    out: Lines = {}
    for b, part in enumerate(bars):
        for v, row in part.items():
            line(out, v, total)[b * spb:(b + 1) * spb] = row
    return out


def remap(lines: Lines, mapping: tuple[int, ...]) -> Lines:
    """A one-bar target built from a one-bar source: target step i takes source step mapping[i]."""
    out: Lines = {}
    for v, row in lines.items():
        new = [row[s] for s in mapping]
        if any(c != REST for c in new):
            out[v] = new
    return out


def hits(lines: Lines, voice: Voice) -> list[int]:
    row = lines.get(voice)
    return [i for i, c in enumerate(row) if c != REST] if row else []


def onsets(lines: Lines, start: int = 0, end: int | None = None) -> set[tuple[Voice, int]]:
    return {(v, i) for v, row in lines.items()
            for i in range(start, len(row) if end is None else end) if row[i] != REST}


def count(lines: Lines) -> int:
    return sum(len(row) - row.count(REST) for row in lines.values())


def jaccard(a: set[tuple[Voice, int]], b: set[tuple[Voice, int]]) -> float:
    """|a ∩ b| / |a ∪ b|; 1.0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def to_text(lines: Lines, spb: int) -> str:
    """Readable grid text (open hats on their own OH line) — for messages and debugging."""
    from ..domain.grid import GRID_ORDER

    out = []
    for v in GRID_ORDER:
        row = lines.get(v)
        if row and any(c != REST for c in row):
            cells = "".join(row)
            bars = [cells[i:i + spb] for i in range(0, len(cells), spb)]
            out.append(f"{v.label} |" + "|".join(bars) + "|")
    return "\n".join(out)
