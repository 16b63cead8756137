"""Song sections: one groove arranged the way a drummer plays a song.

Every section grows from the same main groove, changed the way drummers change it between
sections:

* intro — the verse groove, the snare held back to its backbeat;
* verse — sparser: ghost notes and open hats out, the hats thinned to eighths;
* pre — the verse with the hats opening toward the chorus;
* chorus, solo — bigger: the time moves to the ride (with the hat foot on the backbeats) or the
  hats open on the off-beats, and the kick gets a push into the next bar;
* bridge — another variation of the groove (variation.variant);
* breakdown — kick, time and backbeat only;
* outro — the chorus, ending on a crash and kick on the last bar's downbeat (a "button").

Each section is phrased like any take (phrase.expand: bar-to-bar variation, a fill in its last
bar leading into the next section, a crash on the downbeat that follows a fill). A count-in is
one bar of quarter-note hi-hat clicks before the song.
"""

from __future__ import annotations

import random

from ..domain.structure import Section
from ..domain.voices import Voice
from . import lines as L
from .feel import Feel
from .guard import triplet_time
from .meter_model import MeterModel
from .phrase import crash, expand
from .playability import enforce, sixteenth_offbeats
from .style import ride_led
from .variation import variant


def _verse(core: L.Lines, feel: Feel) -> L.Lines:
    out = L.copy(core)
    snare = out.get(Voice.SNARE)
    if snare:
        for i, c in enumerate(snare):
            if c == "g":
                snare[i] = L.REST
    opened = out.pop(Voice.OPEN_HAT, None)
    closed = out.get(Voice.CLOSED_HAT)
    if opened and closed:
        for i, c in enumerate(opened):
            if c != L.REST:
                closed[i] = "x"
    if closed:
        odd = sixteenth_offbeats(feel)
        for i in range(len(closed)):
            if odd[i % feel.spb]:
                closed[i] = L.REST
    return out


def _intro(core: L.Lines, model: MeterModel, feel: Feel) -> L.Lines:
    out = _verse(core, feel)
    snare = out.get(Voice.SNARE)
    if snare:
        back = set(model.backbeats)
        for i in range(len(snare)):
            if i % feel.spb not in back:
                snare[i] = L.REST
    return out


def _open_offbeats(lines: L.Lines, model: MeterModel, feel: Feel) -> None:
    closed = lines.get(Voice.CLOSED_HAT)
    if not closed:
        return
    opened = L.line(lines, Voice.OPEN_HAT, len(closed))
    for b in model.backbeats:
        for bar in range(0, len(closed), feel.spb):
            i = bar + (b - 2) % feel.spb
            if closed[i] != L.REST:
                closed[i], opened[i] = L.REST, "x"


def _chorus(core: L.Lines, model: MeterModel, feel: Feel, rng: random.Random) -> L.Lines:
    out = L.copy(core)
    if Voice.CLOSED_HAT in out and Voice.RIDE not in out and rng.random() < 0.5:
        ride_led(out, model, feel)
    else:
        _open_offbeats(out, model, feel)
    kick = L.line(out, Voice.KICK, L.n_steps(out))
    push = feel.spb - 2
    for bar in range(0, len(kick), feel.spb):
        if kick[bar + push] == L.REST and kick[bar + push + 1] == L.REST:
            kick[bar + push] = "x"
    return out


def _breakdown(core: L.Lines, model: MeterModel, feel: Feel) -> L.Lines:
    keep = {Voice.KICK, Voice.CLOSED_HAT, Voice.RIDE, Voice.PEDAL_HAT}
    out = {v: row[:] for v, row in core.items() if v in keep}
    back = set(model.backbeats)
    snare = core.get(Voice.SNARE)
    if snare:
        row = L.line(out, Voice.SNARE, len(snare))
        for i, c in enumerate(snare):
            if c != L.REST and i % feel.spb in back:
                row[i] = c
    return out


def section_core(kind: str, core: L.Lines, model: MeterModel, feel: Feel,
                 rng: random.Random) -> L.Lines:
    """The main groove as this kind of section plays it."""
    if kind == "intro":
        out = _intro(core, model, feel)
    elif kind in ("verse", "pre"):
        out = _verse(core, feel)
        if kind == "pre":
            _open_offbeats(out, model, feel)
    elif kind in ("chorus", "solo", "outro"):
        out = _chorus(core, model, feel, rng)
    elif kind == "bridge":
        out = variant(core, model, feel, rng)
    else:
        out = _breakdown(core, model, feel)
    enforce(out, feel)
    return {v: row for v, row in out.items() if any(c != L.REST for c in row)} or L.copy(core)


def _button(bar: L.Lines, spb: int) -> None:
    """The last bar: one crash and kick on the downbeat, then silence."""
    for row in bar.values():
        for i in range(len(row)):
            row[i] = L.REST
    L.line(bar, Voice.CRASH, spb)[0] = "X"
    L.line(bar, Voice.KICK, spb)[0] = "X"


def count_in_bar(feel: Feel) -> L.Lines:
    """One bar of count-in: the hi-hat on every beat."""
    row = [L.REST] * feel.spb
    for s in feel.starts:
        row[s] = "x"
    return {Voice.CLOSED_HAT: row}


def arrange(sections: tuple[Section, ...], core: L.Lines, core_bars: int, model: MeterModel,
            feel: Feel, rng: random.Random, *,
            count_in: bool = False) -> tuple[L.Lines, list[bool]]:
    """The whole song as step lines, and which bars are fills."""
    spb = feel.spb
    bars: list[L.Lines] = [count_in_bar(feel)] if count_in else []
    fills: list[bool] = [False] if count_in else []
    for n, sec in enumerate(sections):
        last = n == len(sections) - 1
        sc = section_core(sec.kind, core, model, feel, random.Random(rng.getrandbits(64)))
        lines, sec_fills = expand(sc, core_bars, sec.bars, 0 if last else sec.bars, model, feel,
                                  random.Random(rng.getrandbits(64)))
        triplet_time(lines, feel)
        for b in range(sec.bars):
            bar = L.bar(lines, b, spb)
            if b == 0 and n > 0 and fills and fills[-1]:
                crash(bar, spb, kick=bool(bar.get(Voice.KICK)) and bar[Voice.KICK][0] != L.REST)
            if last and b == sec.bars - 1 and sec.kind == "outro":
                _button(bar, spb)
            bars.append(bar)
            fills.append(sec_fills[b] and not last)
    out = L.concat(bars, spb)
    enforce(out, feel)
    return out, fills
