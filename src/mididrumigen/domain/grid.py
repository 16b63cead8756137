"""The compact grid text format: what LLMs write and what people read.

One line per voice; one character per step; `|` between bars (and optionally between beats:
separators and spaces are ignored when parsing)::

    HH |x.x.x.x.x.x.x.o.|
    SD |....X..g....X...|
    BD |X.......X.x.....|

Characters: `X` accent, `x` hit, `g` ghost, `o` open hi-hat (HH line only), `f` flam,
`.` or `-` rest. A bar written as a lone `-` (between separators, or as the whole line) is a
whole bar of rest (a floor tom that plays only in the fill: `FT -|-|-|..........x.X..x`).
Labels are the two-letter Voice labels (BD SD HH OH PH RD RB CR HT MT FT …) or voice keys
(kick, snare, closed_hat …).

Steps are sixteenths unless a line says otherwise. `@` and a subdivision right after the
label set that line's step: `16` sixteenths, `8t` eighth-note triplets, `16t` sixteenth-note
triplets, `32` thirty-second notes. A line holding only `@8t` (or another subdivision) makes
it the default for the lines after it; a label's own `@` wins. A shuffle — triplet ride over a
straight backbeat::

    RD@8t |x.xx.xx.xx.x|
    SD |....X.......X...|
    BD |X.......X.x.....|

A trap hi-hat in 32nds with a roll at the end, the kick back in sixteenths::

    @32
    HH |x...x...x...x...x...x...x.x.xxxx|
    BD@16 |X.........X.....|

Each line needs a whole number of bars at its own subdivision (4/4: 16 sixteenths, 12 8t,
24 16t or 32 thirty-seconds; 7/8: 14, 21 or 28 — 8t does not fit it) and every line the same
number of bars. A voice may appear on several lines, in one subdivision: its lines are joined
in order, so "one line per voice per bar" parses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import UserInputError
from .checks import check_int
from .meter import TimeSignature
from .pattern import PPQ, Note, Pattern
from .subdivision import Subdivision, common_steps_per_whole
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
SIXTEENTH = Subdivision.SIXTEENTH
# pattern_to_grid tries these in order and keeps the first whose grid holds a voice's notes.
READ_ORDER = (Subdivision.SIXTEENTH, Subdivision.EIGHTH_TRIPLET, Subdivision.SIXTEENTH_TRIPLET,
              Subdivision.THIRTY_SECOND)
TOLERANCE_PERCENT = 12  # an onset within 12% of a step of its grid point sits on that grid
# a voice line (label, optional @subdivision, steps) and a header line (@subdivision): the
# grammar of grid text, also read by llm.output to name a bar of the wrong length
LINE_RE = re.compile(r"^\s*([A-Za-z_]+)\s*(?:@\s*([^\s|:]*))?\s*[:|]?\s*(.*)$")
HEADER_RE = re.compile(r"^@\s*(\S*)$")
MAX_GRID_CHARS = 20_000
_STRENGTH = {"g": 1, "x": 2, "X": 3, "o": 4, "f": 5}  # which hit stays when two share a step


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


def _tag(voice: Voice, sub: Subdivision) -> str:
    """How a line is labelled in text: 'HH' for sixteenths, 'HH@8t' otherwise."""
    return voice.label if sub is SIXTEENTH else f"{voice.label}@{sub.value}"


@dataclass(frozen=True, slots=True)
class Grid:
    """Steps per voice across all bars.

    `lines` holds (voice, steps); each line's steps are at that voice's subdivision, listed in
    `subdivisions` (voices not listed are sixteenths; sixteenth entries are dropped, so equal
    grids compare equal). A line has bars × steps_per_bar_of(voice) characters.
    """

    lines: tuple[tuple[Voice, str], ...]
    time_signature: TimeSignature
    bars: int
    subdivisions: tuple[tuple[Voice, Subdivision], ...] = ()

    def __post_init__(self) -> None:
        check_int("grid bars", self.bars, 1, 1024)
        lines = tuple(self.lines)
        object.__setattr__(self, "lines", lines)
        subs = dict(self.subdivisions)
        voices = [v for v, _ in lines]
        stray = [v.label for v in subs if v not in voices]
        if stray:
            raise UserInputError(f"grid subdivisions name voices without a line: {stray}",
                                 field="grid")
        canon = tuple((v, subs[v]) for v in voices if subs.get(v, SIXTEENTH) is not SIXTEENTH)
        object.__setattr__(self, "subdivisions", canon)
        for voice, steps in lines:
            need = self.bars * self.steps_per_bar_of(voice)
            if len(steps) != need:
                raise UserInputError(
                    f"grid line {_tag(voice, self.subdivision_of(voice))} has {len(steps)} steps;"
                    f" {self.bars} bar(s) of {self.time_signature} need {need}", field="grid")

    @property
    def steps_per_bar(self) -> int:
        """Sixteenth steps in a bar of the meter (a line's own count: steps_per_bar_of)."""
        return self.time_signature.steps_per_bar

    @property
    def is_sixteenths(self) -> bool:
        """True when every line is in sixteenths (the grid every older caller knows)."""
        return not self.subdivisions

    def subdivision_of(self, voice: Voice) -> Subdivision:
        for v, sub in self.subdivisions:
            if v is voice:
                return sub
        return SIXTEENTH

    def steps_per_bar_of(self, voice: Voice) -> int:
        return self.subdivision_of(voice).steps_per_bar(self.time_signature)

    def tick_of(self, voice: Voice, index: int, ppq: int = PPQ) -> int:
        """Tick where step `index` of the voice's line starts."""
        return index * self.subdivision_of(voice).ticks(ppq)

    def line(self, voice: Voice) -> str:
        for v, s in self.lines:
            if v is voice:
                return s
        return "." * (self.bars * self.steps_per_bar_of(voice))

    def as_dict(self) -> dict[Voice, str]:
        return dict(self.lines)


def common_resolution(grid: Grid, ppq: int = PPQ) -> int:
    """Ticks of the finest step that holds every line of the grid exactly: 120 for an
    all-sixteenth grid at ppq 480, 40 for sixteenths with eighth-note triplets."""
    whole = common_steps_per_whole(tuple(grid.subdivision_of(v) for v, _ in grid.lines))
    if (4 * ppq) % whole:
        raise UserInputError(f"ppq {ppq} cannot hold this grid's steps together "
                             f"({whole} per whole note)", field="ppq")
    return 4 * ppq // whole


def common_lines(grid: Grid) -> tuple[int, tuple[tuple[Voice, str], ...]]:
    """Every line re-expressed, losslessly, on the common finest step: (steps per bar, lines).
    An all-sixteenth grid comes back as it is."""
    if grid.is_sixteenths:
        return grid.steps_per_bar, grid.lines
    whole = common_steps_per_whole(tuple(grid.subdivision_of(v) for v, _ in grid.lines))
    ts = grid.time_signature
    spb = ts.numerator * whole // ts.denominator
    out = []
    for voice, steps in grid.lines:
        k = whole // grid.subdivision_of(voice).steps_per_whole
        out.append((voice, "".join(ch + "." * (k - 1) for ch in steps)))
    return spb, tuple(out)


def as_ticks(grid: Grid, ppq: int = PPQ) -> list[tuple[Voice, int, str]]:
    """Every hit as (line voice, tick, character), by tick then line order. `o` stays on the
    HH line; a flam's tick is its main stroke."""
    out: list[tuple[int, int, Voice, str]] = []
    for order, (voice, steps) in enumerate(grid.lines):
        step = grid.subdivision_of(voice).ticks(ppq)
        out.extend((order, i * step, voice, ch) for i, ch in enumerate(steps)
                   if ch not in REST_CHARS)
    out.sort(key=lambda t: (t[1], t[0]))
    return [(voice, tick, ch) for _, tick, voice, ch in out]


def requantize(grid: Grid, subdivision: Subdivision = SIXTEENTH) -> Grid:
    """Every line moved onto `subdivision`, each hit to its nearest step (half-way rounds
    later). Lossy where the target cannot hold the rhythm (a triplet lands on the nearest
    sixteenth); when two hits land on one step the stronger stays (f > o > X > x > g)."""
    ts = grid.time_signature
    target = subdivision.steps_per_whole
    total = grid.bars * subdivision.steps_per_bar(ts)
    lines = []
    for voice, steps in grid.lines:
        source = grid.subdivision_of(voice).steps_per_whole
        if source == target:
            lines.append((voice, steps))
            continue
        row = ["."] * total
        for i, ch in enumerate(steps):
            if ch in REST_CHARS:
                continue
            j = (2 * i * target + source) // (2 * source)
            if j < total and _STRENGTH[ch] > _STRENGTH.get(row[j], 0):
                row[j] = ch
        lines.append((voice, "".join(row)))
    subs = tuple((v, subdivision) for v, _ in lines)
    return Grid(tuple(lines), ts, grid.bars, subs)


def parse_grid(text: str, time_signature: TimeSignature | None = None) -> Grid:
    """Parse grid text. Raises UserInputError saying which line and what was wrong."""
    ts = time_signature or TimeSignature()
    if len(text) > MAX_GRID_CHARS:
        raise UserInputError(f"grid text is limited to {MAX_GRID_CHARS} characters", field="grid")
    acc: dict[Voice, list[str]] = {}
    sub_of: dict[Voice, Subdivision] = {}
    where: dict[Voice, list[int]] = {}
    default = SIXTEENTH
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        header = HEADER_RE.match(line)
        if header:
            default = _subdivision(header.group(1), ts, f"grid line {lineno}")
            continue
        m = LINE_RE.match(line)
        if not m:
            raise UserInputError(f"grid line {lineno}: expected 'LABEL |steps|', got {raw!r}",
                                 field="grid")
        voice = _label_to_voice(m.group(1))
        sub = default if m.group(2) is None else _subdivision(
            m.group(2), ts, f"grid line {lineno} ({voice.label})")
        body = m.group(3)
        if "-" in body:  # a lone '-' (between separators) is a whole bar of rest
            rest = "." * sub.steps_per_bar(ts)
            body = "|".join(rest if seg.strip() == "-" else seg for seg in body.split("|"))
        steps = "".join(ch for ch in body if ch not in "| \t")
        bad = sorted({ch for ch in steps if ch not in HIT_CHARS and ch not in REST_CHARS})
        if bad:
            raise UserInputError(
                f"grid line {lineno} ({voice.label}): unknown step character(s) {''.join(bad)!r};"
                " use X x g o f . -", field="grid")
        if "o" in steps and voice not in (Voice.CLOSED_HAT, Voice.OPEN_HAT):
            raise UserInputError(f"grid line {lineno}: 'o' (open hi-hat) only belongs on HH",
                                 field="grid")
        if sub_of.setdefault(voice, sub) is not sub:
            raise UserInputError(
                f"grid line {lineno} ({_tag(voice, sub)}): {voice.label} is written in "
                f"{sub_of[voice]} on line {where[voice][0]}; one voice keeps one subdivision",
                field="grid")
        acc.setdefault(voice, []).append(steps.replace("-", "."))
        where.setdefault(voice, []).append(lineno)
    if not acc:
        raise UserInputError("grid text has no voice lines", field="grid")
    joined = {v: "".join(parts) for v, parts in acc.items()}
    spb = {v: sub_of[v].steps_per_bar(ts) for v in joined}
    lengths = {v: Fraction(len(s), spb[v]) for v, s in joined.items()}
    if len(set(lengths.values())) != 1:
        mixed = any(sub is not SIXTEENTH for sub in sub_of.values())
        detail = ", ".join(f"{_tag(v, sub_of[v])}={len(s)}"
                           + (f" ({lengths[v]} bar)" if mixed else "") for v, s in joined.items())
        raise UserInputError(f"grid lines differ in length ({detail}); every voice needs the"
                             f" same number of bars of {ts}", field="grid")
    bars = lengths.popitem()[1]
    if bars == 0 or bars.denominator != 1:
        v = next(iter(joined))
        nums = where[v]
        lines_text = f"line {nums[0]}" if len(nums) == 1 else "lines " + ", ".join(map(str, nums))
        raise UserInputError(
            f"grid {lines_text} ({_tag(v, sub_of[v])}): {len(joined[v])} steps; {ts} needs a"
            f" multiple of {spb[v]} ({spb[v]} {sub_of[v].description} a bar)", field="grid")
    ordered = tuple((v, joined[v]) for v in GRID_ORDER if v in joined)
    subs = tuple((v, sub_of[v]) for v, _ in ordered)
    return Grid(ordered, ts, int(bars), subs)


def _subdivision(text: str, ts: TimeSignature, where: str) -> Subdivision:
    try:
        sub = Subdivision.parse(text)
        sub.steps_per_bar(ts)
    except UserInputError as e:
        raise UserInputError(f"{where}: {e}", field="grid") from None
    return sub


def render_grid(grid: Grid, *, bar_separator: str = "|", compact: bool = False) -> str:
    """Canonical text: voices in GRID_ORDER, bars between separators; a line not in
    sixteenths carries its subdivision after the label (`HH@8t |…|`). `compact`: separators
    only between bars and a lone `-` for a bar of rest (`FT -|-|..x.X...`), as LLMs write it."""
    out = []
    for voice, steps in grid.lines:
        if set(steps) <= REST_CHARS:
            continue
        spb = grid.steps_per_bar_of(voice)
        bars = [steps[i:i + spb] for i in range(0, len(steps), spb)]
        tag = _tag(voice, grid.subdivision_of(voice))
        if compact:
            bars = ["-" if set(b) <= REST_CHARS else b for b in bars]
            out.append(f"{tag} " + bar_separator.join(bars))
        else:
            out.append(f"{tag} {bar_separator}" + bar_separator.join(bars) + bar_separator)
    return "\n".join(out)


def grid_to_pattern(grid: Grid, *, tempo: float = 120.0, ppq: int = PPQ,
                    duration: int | None = None, name: str = "") -> Pattern:
    """Notes on the exact grid (no humanization), velocities from the characters. Each line's
    steps are spaced at its own subdivision; a flam's grace note comes a quarter of that step
    early; notes last `duration` ticks, or half the line's step."""
    notes: list[Note] = []
    for voice, steps in grid.lines:
        tps = grid.subdivision_of(voice).ticks(ppq)
        dur = duration or max(1, tps // 2)
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


def _fit(times: list[int], sub: Subdivision, ppq: int, total: int) -> tuple[bool, bool]:
    """(whether the onsets sit on `sub`'s grid, whether some main stroke sits on a point of it
    that sixteenths lack). They sit on it when each step's last onset is within
    TOLERANCE_PERCENT of a step of its grid point and earlier onsets in that step (flam graces)
    come at most a quarter step + that tolerance before it."""
    tps = sub.ticks(ppq)
    groups: dict[int, list[int]] = {}
    for t in times:
        step = (t + tps // 2) // tps
        if step < total:
            groups.setdefault(step, []).append(t)
    own = False
    for step, onsets in groups.items():
        main = onsets[-1]
        if abs(main - step * tps) * 100 > TOLERANCE_PERCENT * tps or any(
                (main - t) * 100 > (25 + TOLERANCE_PERCENT) * tps for t in onsets[:-1]):
            return False, own
        own = own or (step * 16) % sub.steps_per_whole != 0
    return True, own


def _mean_error(times: list[int], sub: Subdivision, ppq: int) -> float:
    """Mean distance of onsets from `sub`'s nearest grid points, as a share of its step (so a
    finer grid does not win just by being finer)."""
    tps = sub.ticks(ppq)
    return sum(abs(t - (t + tps // 2) // tps * tps) for t in times) / max(len(times), 1) / tps


def _read_subdivision(times: list[int], ts: TimeSignature, ppq: int, bars: int) -> Subdivision:
    """Sixteenths when the onsets sit on them; else the first of READ_ORDER whose grid holds
    them and places a main stroke where sixteenths cannot (notes near the beats, which every
    grid shares, stay sixteenths). A humanized performance whose notes scatter around the
    sixteenths stays sixteenths unless another grid explains the onsets clearly better (less
    than half the mean distance): human timing is not a triplet."""
    sixteenths = _mean_error(times, SIXTEENTH, ppq)
    for sub in READ_ORDER:
        if not sub.fits(ts) or (4 * ppq) % sub.steps_per_whole:
            continue
        ok, own = _fit(times, sub, ppq, bars * sub.steps_per_bar(ts))
        if ok and (own or sub is SIXTEENTH):
            return sub
    for sub in READ_ORDER:
        if sub is SIXTEENTH or not sub.fits(ts) or (4 * ppq) % sub.steps_per_whole:
            continue
        if _mean_error(times, sub, ppq) < 0.5 * sixteenths and sixteenths > 0.2:
            return sub
    return SIXTEENTH


def pattern_to_grid(pattern: Pattern) -> Grid:
    """Quantize a pattern, each voice to its own subdivision: sixteenths when its notes sit on
    them, else the first of eighth-note triplets, sixteenth-note triplets and thirty-seconds
    that holds them (a swung ride comes back `@8t`, a trap roll `@32`), else sixteenths.
    Flams (two hits of a voice in one step) become `f`; open hi-hats go on the HH line as `o`;
    pitches outside the kit are dropped."""
    ts = pattern.time_signature
    by_line: dict[Voice, list[tuple[Note, Voice]]] = {}
    for note in pattern.notes:
        voice = voice_for_pitch(note.pitch)
        if voice is None:
            continue
        on = Voice.CLOSED_HAT if voice is Voice.OPEN_HAT else voice
        by_line.setdefault(on, []).append((note, voice))
    lines: list[tuple[Voice, str]] = []
    subs: list[tuple[Voice, Subdivision]] = []
    for line_voice in GRID_ORDER:
        if line_voice not in by_line:
            continue
        notes = by_line[line_voice]
        sub = _read_subdivision([n.time for n, _ in notes], ts, pattern.ppq, pattern.total_bars)
        row = _quantize_line(notes, sub.ticks(pattern.ppq),
                             pattern.total_bars * sub.steps_per_bar(ts))
        if row is not None:
            lines.append((line_voice, row))
            subs.append((line_voice, sub))
    if not lines:
        lines = [(Voice.KICK, "." * (pattern.total_bars * ts.steps_per_bar))]
    return Grid(tuple(lines), ts, pattern.total_bars, tuple(subs))


def _quantize_line(notes: list[tuple[Note, Voice]], tps: int, total: int) -> str | None:
    """One line's characters, or None when every note fell past the end."""
    row = ["."] * total
    counts: dict[int, int] = {}
    for note, voice in notes:
        step = (note.time + tps // 2) // tps
        if step >= total:
            continue
        ch = "o" if voice is Voice.OPEN_HAT else velocity_char(note.velocity)
        counts[step] = counts.get(step, 0) + 1
        prev = row[step]
        if prev == ".":
            row[step] = ch
        elif counts[step] == 2 and ch != "o" and prev != "o":
            row[step] = "f"
        elif ch == "o":
            row[step] = "o"
    return "".join(row) if counts else None
