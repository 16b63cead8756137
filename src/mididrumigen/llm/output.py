"""What a model must write, as a JSON schema, and the strict check of what it wrote.

The answer is one grid text per variation, in the compact grid format (domain/grid.py): a
line per voice that plays, a label and its steps, `|` between bars, a lone `-` for a bar of
rest, `@8t` (16t, 32) after a label for a line in another subdivision::

    {"variations": [{"name": "Verse groove",
                     "grid": "HH x.x.x.x.x.x.x.x.|x.x.x.x.x.x.x.o.\\nSD ....X.......X...|....X.......X..g
                              \\nFT -|..........x.X..x\\nBD X.......X.x.....|X.......X......."}]}

Strict structured output (OpenAI `strict: true`, Anthropic forced tool use, Gemini, Ollama)
holds the JSON to that shape; the grid inside is checked here. The text costs a few
characters a line where a JSON object per line cost some fifty (benchmarks/llm.py counts it).
Also accepted when parsing (local models, humans and earlier prompts write these): `lines` as
a list of {voice, steps, subdivision?}, `grid` as an object {"BD": "X...", …}, and the
per-note MIDI JSON of a Pattern (`notes`).

Strict validation (each failure is one message the re-ask can quote): valid JSON, the asked
number of variations, known voice labels, only `X x g o f . - |` characters, exactly `bars`
bars of steps_per_bar steps per voice (a wrong bar is named), at least one hit, and playable
by one drummer: at most two hand strokes per step (a flam takes both hands; kick and pedal hat
are feet) and never an open and a closed hi-hat together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.grid import (
    HEADER_RE,
    LINE_RE,
    Grid,
    common_lines,
    parse_grid,
    pattern_to_grid,
    render_grid,
)
from ..domain.meter import TimeSignature
from ..domain.names import printable
from ..domain.pattern import Pattern
from ..domain.subdivision import Subdivision
from ..domain.voices import FOOT_VOICES, VOICE_BY_LABEL, Voice
from ..errors import UserInputError

MAX_HANDS = 2
MAX_OUTPUT_CHARS = 200_000
_FENCE_RE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ParsedVariation:
    """One validated variation: its name, the parsed grid and its canonical text."""

    name: str
    grid: Grid

    @property
    def text(self) -> str:
        return render_grid(self.grid)


def output_schema() -> dict[str, Any]:
    """The JSON schema sent as structured output. The same for every request (the meter and
    the step counts are in the prompt), so it is part of every call's cached prefix."""
    variation = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "grid"],
        "properties": {"name": {"type": "string"}, "grid": {"type": "string"}},
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["variations"],
        "properties": {"variations": {"type": "array", "items": variation}},
    }


def format_answer(variations: Iterable[tuple[str, Grid]]) -> dict[str, Any]:
    """The answer a model is asked for, written for these (name, grid) pairs: what the fake
    provider answers and what benchmarks/llm.py counts."""
    return {"variations": [{"name": name, "grid": render_grid(grid, compact=True)}
                           for name, grid in variations]}


def _bad(message: str) -> UserInputError:
    return UserInputError(message, field="llm_output")


def _load(text: str) -> Any:
    if len(text) > MAX_OUTPUT_CHARS:
        raise _bad(f"output is longer than {MAX_OUTPUT_CHARS} characters")
    m = _FENCE_RE.match(text)
    if m:
        text = m.group(1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _bad(f"output is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})"
                   ) from None


def _grid_text(item: Mapping[str, Any], where: str) -> str:
    lines = item.get("lines")
    grid = item.get("grid")
    if isinstance(lines, list):
        rows = []
        for j, row in enumerate(lines):
            if not isinstance(row, Mapping) or not isinstance(row.get("voice"), str) \
                    or not isinstance(row.get("steps"), str):
                raise _bad(f"{where}.lines[{j}] must be an object with string 'voice' and 'steps'")
            if row["voice"].upper() not in VOICE_BY_LABEL:
                raise _bad(f"{where}.lines[{j}]: unknown voice {row['voice']!r}; use one of "
                           + " ".join(VOICE_BY_LABEL))
            sub = row.get("subdivision")
            mark = f"@{sub}" if isinstance(sub, str) and sub.strip() else ""
            rows.append(f"{row['voice']}{mark} |{row['steps']}|")
        return "\n".join(rows)
    if isinstance(grid, Mapping):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in grid.items()):
            raise _bad(f"{where}.grid must map voice labels to step strings")
        return "\n".join(f"{k} |{v}|" for k, v in grid.items())
    if isinstance(grid, str):
        return grid
    raise _bad(f"{where} needs 'lines' (a list of {{voice, steps}})")


def playability_problems(grid: Grid) -> list[str]:
    """What one drummer with two hands and two feet could not play (empty: playable)."""
    problems: list[str] = []
    spb, lines = common_lines(grid)  # triplet and 32nd lines on one step with the rest
    of = "" if grid.is_sixteenths else f" of {spb}"
    for i in range(grid.bars * spb):
        hands, closed, opened, labels = 0, False, False, []
        for voice, steps in lines:
            ch = steps[i]
            if ch == "." or voice in FOOT_VOICES:
                continue
            hands += 2 if ch == "f" else 1
            labels.append(voice.label)
            if voice is Voice.OPEN_HAT or ch == "o":
                opened = True
            elif voice is Voice.CLOSED_HAT:
                closed = True
        bar, step = divmod(i, spb)
        if hands > MAX_HANDS:
            problems.append(f"bar {bar + 1} step {step + 1}{of}: {hands} hand strokes "
                            f"({' '.join(labels)}); two hands play at most {MAX_HANDS}")
        if opened and closed:
            problems.append(f"bar {bar + 1} step {step + 1}{of}: open and closed hi-hat together")
    return problems


def validate_grid(grid: Grid, bars: int, where: str) -> Grid:
    spb = grid.steps_per_bar
    if grid.bars != bars:
        raise _bad(f"{where}: each voice has {grid.bars * spb} steps; {bars} bar(s) of "
                   f"{grid.time_signature} need exactly {bars * spb} ({spb} per bar)")
    if all(set(steps) <= {"."} for _, steps in grid.lines):
        raise _bad(f"{where}: the grid has no hits")
    problems = playability_problems(grid)
    if problems:
        more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
        raise _bad(f"{where} is not playable: " + "; ".join(problems[:3]) + more)
    return grid


def _from_midi_json(item: Mapping[str, Any], ts: TimeSignature, where: str) -> Grid:
    data = dict(item)
    data.setdefault("time_signature", [ts.numerator, ts.denominator])
    try:
        pattern = Pattern.from_dict(data)
    except UserInputError as e:
        raise _bad(f"{where}: {e}") from None
    if pattern.time_signature != ts:
        raise _bad(f"{where}: time_signature is {pattern.time_signature}, asked for {ts}")
    return pattern_to_grid(pattern)


def bar_problem(text: str, bars: int, ts: TimeSignature) -> str | None:
    """The first line of grid text whose bars are not `bars` bars of its steps per bar (a
    lone '-' is a whole bar), said so that a re-ask can fix it; None when none is found."""
    default = Subdivision.SIXTEENTH
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        header = HEADER_RE.match(line)
        if header:
            try:
                default = Subdivision.parse(header.group(1))
            except UserInputError:
                return None
            continue
        m = LINE_RE.match(line)
        if not line or m is None:
            continue
        label, sub_text, body = m.groups()
        try:
            sub = default if sub_text is None else Subdivision.parse(sub_text)
            spb = sub.steps_per_bar(ts)
        except UserInputError:
            return None  # the parser says what is wrong with the mark
        segments = [seg.replace(" ", "") for seg in body.split("|")]
        while segments and not segments[0]:
            segments.pop(0)
        while segments and not segments[-1]:
            segments.pop()
        tag = f"{label}@{sub_text}" if sub_text else label
        if len(segments) == 1 and segments[0] != "-":
            steps = len(segments[0])
            if steps == bars * spb:
                continue
            if steps != spb and (bars == 1 or steps < spb):
                return f"line {n} ({tag}) has {steps} steps; {ts} needs {spb} a bar"
            if steps != spb:
                return (f"line {n} ({tag}) has {steps} steps; write {bars} bars of {spb} with "
                        "'|' between")
        if len(segments) != bars:
            return f"line {n} ({tag}) has {len(segments)} bar(s); {bars} needed"
        for b, seg in enumerate(segments, 1):
            if seg != "-" and len(seg) != spb:
                return f"line {n} ({tag}) bar {b} has {len(seg)} steps; {ts} needs {spb} a bar"
    return None


def _parse_grid_text(text: str, bars: int, ts: TimeSignature, where: str) -> Grid:
    """parse_grid, with the wrong bar named when the steps do not add up."""
    try:
        grid = parse_grid(text, ts)
    except UserInputError as e:
        lengths = "differ in length" in str(e) or "multiple of" in str(e)
        problem = bar_problem(text, bars, ts) if lengths else None
        if problem is not None:
            raise _bad(f"{where}: {problem}") from None
        raise _bad(f"{where}: {e} (every voice line needs {bars} bar(s) of "
                   f"{ts.steps_per_bar} steps)") from None
    problem = bar_problem(text, bars, ts) if grid.bars != bars else None
    if problem is not None:
        raise _bad(f"{where}: {problem}")
    return grid


def parse_output(text: str, bars: int, ts: TimeSignature, count: int) -> list[ParsedVariation]:
    """Parse and strictly validate a model's answer; UserInputError says what was wrong."""
    data = _load(text)
    if isinstance(data, Mapping) and "notes" in data and "variations" not in data:
        data = {"variations": [data]}
    items = data if isinstance(data, list) else (
        data.get("variations") if isinstance(data, Mapping) else None)
    if not isinstance(items, list):
        raise _bad("output must be an object with a 'variations' list")
    if len(items) < count:
        raise _bad(f"asked for {count} variation(s), got {len(items)}")
    out = []
    for k, item in enumerate(items[:count]):
        where = f"variations[{k}]"
        if not isinstance(item, Mapping):
            raise _bad(f"{where} must be an object")
        name = (printable(item.get("name") or "").strip() or f"Var {k + 1}")[:80]
        if "notes" in item:
            grid = _from_midi_json(item, ts, where)
        else:
            grid = _parse_grid_text(_grid_text(item, where), bars, ts, where)
        out.append(ParsedVariation(name, validate_grid(grid, bars, where)))
    return out
