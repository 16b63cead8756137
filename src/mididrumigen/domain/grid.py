"""The compact grid text format: what LLMs write and what people read.

One line per voice; one character per sixteenth step; `|` between bars (and optionally
between beats: separators and spaces are ignored when parsing)::

    HH |x.x.x.x.x.x.x.o.|
    SD |....X..g....X...|
    BD |X.......X.x.....|

Characters: `X` accent, `x` hit, `g` ghost, `o` open hi-hat (HH line only), `f` flam,
`.` or `-` rest. Labels are the two-letter Voice labels (BD SD HH OH PH RD RB CR HT MT FT …)
or voice keys (kick, snare, closed_hat …). A voice may appear on several lines: its lines
are joined in order, so "one line per voice per bar" parses too. The step count must be a
whole number of bars of the meter (16 for 4/4, 14 for 7/8, 24 for 12/8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UserInputError
from .meter import TimeSignature
from .pattern import PPQ, Note, Pattern
from .voices import VOICE_BY_LABEL, Voice, voice_for_pitch

HIT_CHARS = frozenset("Xxgof")
REST_CHARS = frozenset(".-")
VELOCITY = {"X": 115, "x": 92, "g": 38, "o": 95, "f": 100}
FLAM_GRACE_VELOCITY = 55
GRID_ORDER = (
    Voice.CRASH, Voice.SPLASH, Voice.CHINA, Voice.RIDE, Voice.RIDE_BELL, Voice.CLOSED_HAT,
    Voice.OPEN_HAT, Voice.TAMBOURINE, Voice.COWBELL, Voice.HIGH_TOM, Voice.MID_TOM,
    Voice.FLOOR_TOM, Voice.SNARE, Voice.RIMSHOT, Voice.SIDE_STICK, Voice.CLAP, Voice.KICK,
    Voice.PEDAL_HAT,
)
_LINE_RE = re.compile(r"^\s*([A-Za-z_]+)\s*[:|]?\s*(.*)$")
MAX_GRID_CHARS = 20_000


def _label_to_voice(label: str) -> Voice:
    v = VOICE_BY_LABEL.get(label.upper())
    if v is not None:
        return v
    try:
        return Voice.from_key(label)
    except ValueError:
        known = " ".join(VOICE_BY_LABEL)
        raise UserInputError(f"unknown grid voice {label!r}; use one of: {known}",
                             field="grid") from None


@dataclass(frozen=True, slots=True)
class Grid:
    """Steps per voice across all bars. Each value has bars × steps_per_bar characters."""

    lines: tuple[tuple[Voice, str], ...]
    time_signature: TimeSignature
    bars: int

    @property
    def steps_per_bar(self) -> int:
        return self.time_signature.steps_per_bar

    def line(self, voice: Voice) -> str:
        for v, s in self.lines:
            if v is voice:
                return s
        return "." * (self.bars * self.steps_per_bar)

    def as_dict(self) -> dict[Voice, str]:
        return dict(self.lines)


def parse_grid(text: str, time_signature: TimeSignature | None = None) -> Grid:
    """Parse grid text. Raises UserInputError saying which line and what was wrong."""
    ts = time_signature or TimeSignature()
    if len(text) > MAX_GRID_CHARS:
        raise UserInputError(f"grid text is limited to {MAX_GRID_CHARS} characters", field="grid")
    acc: dict[Voice, list[str]] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _LINE_RE.match(line)
        if not m:
            raise UserInputError(f"grid line {lineno}: expected 'LABEL |steps|', got {raw!r}",
                                 field="grid")
        voice = _label_to_voice(m.group(1))
        steps = "".join(ch for ch in m.group(2) if ch not in "| \t")
        bad = sorted({ch for ch in steps if ch not in HIT_CHARS and ch not in REST_CHARS})
        if bad:
            raise UserInputError(
                f"grid line {lineno} ({voice.label}): unknown step character(s) {''.join(bad)!r};"
                " use X x g o f . -", field="grid")
        if "o" in steps and voice not in (Voice.CLOSED_HAT, Voice.OPEN_HAT):
            raise UserInputError(f"grid line {lineno}: 'o' (open hi-hat) only belongs on HH",
                                 field="grid")
        acc.setdefault(voice, []).append(steps.replace("-", "."))
    if not acc:
        raise UserInputError("grid text has no voice lines", field="grid")
    spb = ts.steps_per_bar
    joined = {v: "".join(parts) for v, parts in acc.items()}
    lengths = {len(s) for s in joined.values()}
    if len(lengths) != 1:
        detail = ", ".join(f"{v.label}={len(s)}" for v, s in joined.items())
        raise UserInputError(f"grid lines differ in length ({detail}); every voice needs the"
                             " same number of steps", field="grid")
    total = lengths.pop()
    if total == 0 or total % spb:
        raise UserInputError(f"grid has {total} steps per voice; {ts} needs a multiple of {spb}",
                             field="grid")
    ordered = tuple((v, joined[v]) for v in GRID_ORDER if v in joined)
    return Grid(ordered, ts, total // spb)


def render_grid(grid: Grid, *, bar_separator: str = "|") -> str:
    """Canonical text: voices in GRID_ORDER, bars between separators."""
    spb = grid.steps_per_bar
    out = []
    for voice, steps in grid.lines:
        if set(steps) <= REST_CHARS:
            continue
        bars = [steps[i:i + spb] for i in range(0, len(steps), spb)]
        out.append(f"{voice.label} {bar_separator}" + bar_separator.join(bars) + bar_separator)
    return "\n".join(out)


def grid_to_pattern(grid: Grid, *, tempo: float = 120.0, ppq: int = PPQ,
                    duration: int | None = None, name: str = "") -> Pattern:
    """Notes on the exact grid (no humanization), velocities from the characters."""
    tps = ppq // 4
    dur = duration or tps // 2
    notes: list[Note] = []
    for voice, steps in grid.lines:
        for i, ch in enumerate(steps):
            if ch in REST_CHARS:
                continue
            t = i * tps
            v = Voice.OPEN_HAT if ch == "o" else voice
            if ch == "f":
                notes.append(Note(max(0, t - tps // 4), v.pitch, FLAM_GRACE_VELOCITY, dur))
            notes.append(Note(t, v.pitch, VELOCITY[ch], dur))
    return Pattern(tuple(notes), tempo, grid.time_signature, grid.bars, ppq, name)


def velocity_char(velocity: int) -> str:
    if velocity >= 108:
        return "X"
    if velocity <= 55:
        return "g"
    return "x"


def pattern_to_grid(pattern: Pattern) -> Grid:
    """Quantize a pattern to sixteenths. Flams (two hits of a voice within a 32nd) become `f`;
    open hi-hats go on the HH line as `o`; pitches outside the kit are dropped."""
    ts = pattern.time_signature
    tps = pattern.ppq // 4
    total = pattern.total_bars * ts.steps_per_bar
    cells: dict[Voice, list[str]] = {}
    counts: dict[tuple[Voice, int], int] = {}
    for note in pattern.notes:
        voice = voice_for_pitch(note.pitch)
        if voice is None:
            continue
        step = (note.time + tps // 2) // tps
        if step >= total:
            continue
        line_voice = Voice.CLOSED_HAT if voice is Voice.OPEN_HAT else voice
        row = cells.setdefault(line_voice, ["."] * total)
        ch = "o" if voice is Voice.OPEN_HAT else velocity_char(note.velocity)
        key = (line_voice, step)
        counts[key] = counts.get(key, 0) + 1
        prev = row[step]
        if prev == ".":
            row[step] = ch
        elif counts[key] == 2 and ch != "o" and prev != "o":
            row[step] = "f"
        elif ch == "o":
            row[step] = "o"
    ordered = tuple((v, "".join(cells[v])) for v in GRID_ORDER if v in cells)
    if not ordered:
        ordered = ((Voice.KICK, "." * total),)
    return Grid(ordered, ts, pattern.total_bars)
