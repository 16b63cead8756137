"""What a model must write, as a JSON schema, and the strict check of what it wrote.

The answer is the compact grid format in JSON::

    {"variations": [{"name": "Verse groove",
                     "lines": [{"voice": "HH", "steps": "x.x.x.x.x.x.x.x.|x.x.x.x.x.x.x.o."},
                               {"voice": "SD", "steps": "....X.......X...|....X.......X..g"},
                               {"voice": "BD", "steps": "X.......X.x.....|X.......X.......'}]}]}

`lines` is a list of {voice, steps} rather than an object keyed by voice because strict
structured output (OpenAI `strict: true`, Anthropic, Gemini) needs a fixed set of required
keys. Also accepted when parsing (local models and humans write these): `grid` as an object
{"BD": "X...", …} or as grid text, and the per-note MIDI JSON of a Pattern (`notes`). A line
may carry `"subdivision": "8t"` (or 16t, 32; see domain/grid.py), and grid text its `@8t` marks;
its steps are then counted at that subdivision.

Strict validation (each failure is one message the re-ask can quote): valid JSON, the asked
number of variations, known voice labels, only `X x g o f . - |` characters, exactly
bars × steps_per_bar steps per voice, at least one hit, and playable by one drummer: at most
two hand strokes per step (a flam takes both hands; kick and pedal hat are feet) and never
an open and a closed hi-hat together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.grid import Grid, common_lines, parse_grid, pattern_to_grid, render_grid
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


def output_schema(bars: int, ts: TimeSignature, count: int) -> dict[str, Any]:
    """The JSON schema sent as structured output; step counts stated for this meter (the step
    characters are the system prompt's: each word here goes with every call)."""
    spb = ts.steps_per_bar
    steps_doc = f"exactly {bars * spb} steps: {bars} bar(s) of {ts}, {spb} per bar, '|' between"
    line = {
        "type": "object",
        "additionalProperties": False,
        "required": ["voice", "subdivision", "steps"],
        "properties": {
            "voice": {"type": "string", "enum": list(VOICE_BY_LABEL)},
            "subdivision": {"type": "string", "enum": [str(s) for s in Subdivision],
                            "description": "16 sixteenths (the default); 8t eighth-note "
                            "triplets (shuffle, jazz ride); 16t sixteenth-note triplets; 32 "
                            "thirty-seconds (hat rolls). The steps count at this subdivision."},
            "steps": {"type": "string", "description": steps_doc},
        },
    }
    variation = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "lines"],
        "properties": {
            "name": {"type": "string", "description": "short name"},
            "lines": {"type": "array", "items": line, "description": "one per voice that plays"},
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["variations"],
        "properties": {
            "variations": {"type": "array", "items": variation,
                           "description": f"exactly {count} variation(s)"},
        },
    }


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
            try:
                grid = parse_grid(_grid_text(item, where), ts)
            except UserInputError as e:
                need = bars * ts.steps_per_bar
                raise _bad(f"{where}: {e} (every voice line needs exactly {need} steps)") from None
        out.append(ParsedVariation(name, validate_grid(grid, bars, where)))
    return out
