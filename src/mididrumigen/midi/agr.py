"""Ableton Live groove files (.agr): an artist's feel for Live's Groove Pool.

An .agr is Live's XML (often gzip-compressed): `<Ableton><Groove>` holding a `<Name>`, a
one-key MIDI clip (`<Clip><Value><MidiClip>` … `<KeyTracks><KeyTrack><Notes>` with one
`<MidiNoteEvent Time= Duration= Velocity= …>` per grid position, times in beats = quarter
notes) and the pool parameters `<Grid>` (the groove's Base: 0=1/4 1=1/8 2=1/8T 3=1/16
4=1/16T 5=1/32), `<QuantizationAmount>`, `<TimingAmount>`, `<RandomAmount>` (0..100) and
`<VelocityAmount>` (-100..100). The layout written here follows a groove file saved by
Live 11.3 ("Swing 16ths 57.agr"); the Base numbering is the Live Object Model's
`Groove.base`. Live 9/10 files are read too (an older `<Base>` element is accepted).

How a profile becomes a groove (`profile_to_groove`): one note per grid position of the base
over `bars` bars. Each note's time is the grid time, warped by the profile's swing
(swing_percent on swing_unit pairs; 57 % on 16ths puts the off-beat 16th at .285 of a beat,
as Live's own "Swing 16ths 57" does), plus the micro-timing of the voice that anchors that
position (the genre model's per-step offset_ms for it — swing excluded, the GenreModel
convention — plus the profile's microtiming_ms for it), converted from ms at the profile's
tempo. The anchor is the kick or snare where the genre plays one (onset prob ≥ 0.5; without
a model: kick on odd beats, snare on the backbeats), else the timekeeper (ride for ride-led
players, else the closed hi-hat). Velocities are the model's per-step velocities for the
anchor (or a downbeat/8th/16th accent ladder), standardised and rescaled to the profile's
velocity_mean / velocity_std.

TimingAmount is 100. RandomAmount and VelocityAmount are heuristics of this project (Live
does not document the absolute size of its Random): RandomAmount = timing_jitter_ms as a
percentage of half a base step at the profile's tempo; VelocityAmount = velocity_std / 30 ×
100, both capped at 100.
"""

from __future__ import annotations

import gzip as gzip_module
import math
import statistics
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..domain.meter import TimeSignature
from ..domain.profile import StyleProfile
from ..errors import UserInputError

if TYPE_CHECKING:  # midi/ imports only domain at runtime; a GenreModel is duck-typed here
    from ..groove.model import GenreModel

MAX_AGR_BYTES = 8 * 1024 * 1024  # compressed or plain input
MAX_XML_BYTES = 32 * 1024 * 1024  # after gunzip
MAX_GROOVE_NOTES = 4096
MAX_BARS = 8
_SCHEMA = {"MajorVersion": "5", "MinorVersion": "11.0_11300", "SchemaChangeCount": "3"}


class GrooveBase(IntEnum):
    """A groove's Base grid, numbered as Live numbers it."""

    QUARTER = 0
    EIGHTH = 1
    EIGHTH_TRIPLET = 2
    SIXTEENTH = 3
    SIXTEENTH_TRIPLET = 4
    THIRTY_SECOND = 5

    @property
    def beats(self) -> float:
        """Length of one grid step in beats (quarter notes)."""
        return (1.0, 0.5, 1 / 3, 0.25, 1 / 6, 0.125)[self.value]

    @property
    def label(self) -> str:
        return ("1/4", "1/8", "1/8T", "1/16", "1/16T", "1/32")[self.value]

    @classmethod
    def parse(cls, value: str | int | GrooveBase) -> GrooveBase:
        if isinstance(value, GrooveBase):
            return value
        for b in cls:
            if str(value).strip().upper() in (b.label.upper(), b.name, str(b.value)):
                return b
        raise UserInputError(f"groove base must be one of {', '.join(b.label for b in cls)},"
                             f" got {value!r}", field="base")


@dataclass(frozen=True, slots=True)
class GrooveNote:
    """One groove note: time and duration in beats, velocity 0..127 (Live allows fractions)."""

    time: float
    duration: float
    velocity: float

    def __post_init__(self) -> None:
        _check_range("groove note time", self.time, -1e6, 1e6)
        _check_range("groove note duration", self.duration, 1e-9, 1e6)
        _check_range("groove note velocity", self.velocity, 0, 127)


@dataclass(frozen=True, slots=True)
class AbletonGroove:
    """What an .agr holds. Amounts in Live's ranges: quantization, timing and random 0..100,
    velocity -100..100."""

    name: str
    notes: tuple[GrooveNote, ...]
    length_beats: float
    base: GrooveBase = GrooveBase.SIXTEENTH
    quantization_amount: float = 0.0
    timing_amount: float = 100.0
    random_amount: float = 0.0
    velocity_amount: float = 0.0
    time_signature: TimeSignature = field(default_factory=TimeSignature)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise UserInputError("groove name must be text", field="name")
        # XML 1.0 cannot carry control characters or lone surrogates: drop them
        clean = "".join(ch for ch in self.name
                        if (ch >= " " or ch in "\t") and not "\ud800" <= ch <= "\udfff")
        object.__setattr__(self, "name", clean)
        _check_range("groove length_beats", self.length_beats, 1e-6, 4 * 32 * MAX_BARS)
        object.__setattr__(self, "base", GrooveBase.parse(self.base))
        _check_range("quantization_amount", self.quantization_amount, 0, 100)
        _check_range("timing_amount", self.timing_amount, 0, 100)
        _check_range("random_amount", self.random_amount, 0, 100)
        _check_range("velocity_amount", self.velocity_amount, -100, 100)
        notes = tuple(self.notes)
        if len(notes) > MAX_GROOVE_NOTES:
            raise UserInputError(f"a groove holds at most {MAX_GROOVE_NOTES} notes, got"
                                 f" {len(notes)}", field="notes")
        object.__setattr__(self, "notes", tuple(sorted(notes, key=lambda n: n.time)))

    def timing_offsets(self) -> tuple[tuple[float, float], ...]:
        """(grid time, offset in beats) per note, against the nearest line of the base grid."""
        step = self.base.beats
        out = []
        for n in self.notes:
            grid = round(n.time / step) * step
            out.append((grid, n.time - grid))
        return tuple(out)


def _check_range(name: str, value: object, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserInputError(f"{name} must be a number in range {lo:g}..{hi:g}, got {value!r}",
                             field=name)
    v = float(value)
    if not math.isfinite(v) or not lo <= v <= hi:
        raise UserInputError(f"{name} must be in range {lo:g}..{hi:g}, got {value!r}", field=name)
    return v


# --- profile → groove ---------------------------------------------------------------------

def _swing_warp(x: float, percent: float, unit_beats: float) -> float:
    """Where a straight position `x` (beats from bar start) lands under swing: each pair of
    swing units is split percent : 100-percent instead of 50 : 50."""
    p = percent / 100.0
    pair = 2 * unit_beats
    start = math.floor(x / pair + 1e-9) * pair
    within = x - start
    if within <= unit_beats:
        return start + 2 * p * within
    return start + 2 * p * unit_beats + 2 * (1 - p) * (within - unit_beats)


def _timekeeper(profile: StyleProfile, model: GenreModel | None) -> str:
    voices = model.voices if model is not None else {}
    if profile.params.ride_led and (not voices or "ride" in voices):
        return "ride"
    if not voices or "closed_hat" in voices:
        return "closed_hat"
    return max(voices, key=lambda k: sum(voices[k].onset_prob))


def _anchor(step: int | None, beat_index: int | None, timekeeper: str,
            model: GenreModel | None) -> str:
    """The voice whose feel a grid position carries (see the module docstring)."""
    if model is not None:
        if step is None:
            return timekeeper
        best, best_p = timekeeper, 0.5
        for key in ("snare", "kick"):
            stats = model.voices.get(key)
            if stats is not None and step < len(stats.onset_prob) and stats.onset_prob[step] >= best_p:
                best, best_p = key, stats.onset_prob[step]
        return best
    if beat_index is None:
        return timekeeper
    return "kick" if beat_index % 2 == 0 else "snare"


def _default_level(x: float) -> float:
    """Accent ladder without a model: beats 2, eighths 1, the rest 0."""
    if abs(x - round(x)) < 1e-6:
        return 2.0
    if abs(x * 2 - round(x * 2)) < 1e-6:
        return 1.0
    return 0.0


def profile_to_groove(profile: StyleProfile, *, genre_model: GenreModel | None = None,
                      bars: int = 1, base: GrooveBase | str | int | None = None,
                      tempo: float | None = None, name: str | None = None) -> AbletonGroove:
    """An Ableton groove carrying the profile's swing, micro-timing and dynamics.

    base: the grid (default: the profile's swing unit, 1/8 or 1/16). Every note stays within
    half a base step of its own grid line (so it is nearest to that line), which caps what a
    grid finer than the swing unit can carry.
    """
    if isinstance(bars, bool) or not isinstance(bars, int) or not 1 <= bars <= MAX_BARS:
        raise UserInputError(f"bars must be an integer in range 1..{MAX_BARS}, got {bars!r}",
                             field="bars")
    params = profile.params
    if base is None:
        base = GrooveBase.EIGHTH if params.swing_unit == 8 else GrooveBase.SIXTEENTH
    b = GrooveBase.parse(base)
    bpm = _check_range("tempo", tempo, 20, 400) if tempo is not None else params.tempo_avg
    ms_to_beats = bpm / 60000.0
    ts = genre_model.time_signature if genre_model is not None else TimeSignature()
    bar_beats = ts.numerator * 4 / ts.denominator
    steps = bar_beats / b.beats
    if abs(steps - round(steps)) > 1e-6:
        raise UserInputError(f"a {ts} bar is not a whole number of {b.label} steps; choose"
                             " another base", field="base")
    n_steps = round(steps)
    beat_at = {round(s * 0.25, 9): i for i, s in enumerate(ts.beat_starts())}  # beat time → index
    keeper = _timekeeper(profile, genre_model)
    unit = 0.25 if params.swing_unit == 16 else 0.5
    half_step = b.beats / 2

    times, raw_levels = [], []
    for i in range(n_steps):
        x = i * b.beats
        sixteenth = x / 0.25
        step16 = round(sixteenth) if abs(sixteenth - round(sixteenth)) < 1e-6 else None
        beat_index = beat_at.get(round(x, 9)) if step16 is not None else None
        anchor = _anchor(step16, beat_index, keeper, genre_model)
        stats = None
        if genre_model is not None:
            stats = genre_model.voices.get(anchor) or genre_model.voices.get(keeper)
        model_ms = stats.offset_ms[step16] if stats is not None and step16 is not None else 0.0
        ms = model_ms + float(params.microtiming_ms.get(anchor, 0.0))
        offset = _swing_warp(x, params.swing_percent, unit) - x + ms * ms_to_beats
        offset = min(max(offset, -0.49 * b.beats), half_step)
        times.append(max(0.0, x + offset))
        if genre_model is None or stats is None:
            raw_levels.append(_default_level(x))
        elif step16 is not None:
            raw_levels.append(stats.velocity_mean[step16])
        else:
            raw_levels.append(min(stats.velocity_mean))

    mean = statistics.fmean(raw_levels)
    spread = statistics.pstdev(raw_levels) if len(raw_levels) > 1 else 0.0
    velocities = [
        min(127.0, max(1.0, float(round(params.velocity_mean
                                  + ((v - mean) / spread if spread > 1e-9 else 0.0)
                                  * params.velocity_std))))
        for v in raw_levels]

    duration = b.beats / 4
    notes = tuple(GrooveNote(bar * bar_beats + t, duration, v)
                  for bar in range(bars) for t, v in zip(times, velocities, strict=True))
    step_ms = b.beats / ms_to_beats
    random_amount = min(100.0, round(params.timing_jitter_ms / (step_ms / 2) * 100, 1))
    velocity_amount = min(100.0, round(params.velocity_std / 30 * 100, 1))
    label = name or f"{profile.artist_name} {b.label}"
    return AbletonGroove(name=label[:120], notes=notes, length_beats=bars * bar_beats, base=b,
                         quantization_amount=0.0, timing_amount=100.0,
                         random_amount=random_amount, velocity_amount=velocity_amount,
                         time_signature=ts)


# --- writing ------------------------------------------------------------------------------

def _num(x: float) -> str:
    """Shortest exact text for a number; integers without a decimal point, as Live writes."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _v(parent: ET.Element, tag: str, value: object) -> ET.Element:
    text = value if isinstance(value, str) else (
        ("true" if value else "false") if isinstance(value, bool) else _num(float(value)))
    return ET.SubElement(parent, tag, Value=text)


def _grid(parent: ET.Element, tag: str, snap: bool) -> None:
    g = ET.SubElement(parent, tag)
    for t, v in (("FixedNumerator", 1), ("FixedDenominator", 16), ("GridIntervalPixel", 20),
                 ("Ntoles", 2), ("SnapToGrid", snap), ("Fixed", snap)):
        _v(g, t, v)


def _midi_clip(groove: AbletonGroove) -> ET.Element:
    end = groove.length_beats
    clip = ET.Element("MidiClip", Id="0", Time="0")
    for tag, val in (("LomId", 0), ("LomIdView", 0), ("CurrentStart", 0), ("CurrentEnd", end)):
        _v(clip, tag, val)
    loop = ET.SubElement(clip, "Loop")
    for tag, val in (("LoopStart", 0), ("LoopEnd", end), ("StartRelative", 0), ("LoopOn", True),
                     ("OutMarker", end), ("HiddenLoopStart", 0), ("HiddenLoopEnd", end)):
        _v(loop, tag, val)
    _v(clip, "Name", groove.name)
    _v(clip, "Annotation", "")
    _v(clip, "Color", 19)
    _v(clip, "LaunchMode", 0)
    _v(clip, "LaunchQuantisation", 0)
    rts = ET.SubElement(ET.SubElement(ET.SubElement(clip, "TimeSignature"), "TimeSignatures"),
                        "RemoteableTimeSignature", Id="0")
    _v(rts, "Numerator", groove.time_signature.numerator)
    _v(rts, "Denominator", groove.time_signature.denominator)
    _v(rts, "Time", 0)
    ET.SubElement(ET.SubElement(clip, "Envelopes"), "Envelopes")
    stp = ET.SubElement(clip, "ScrollerTimePreserver")
    _v(stp, "LeftTime", 0)
    _v(stp, "RightTime", 0)
    sel = ET.SubElement(clip, "TimeSelection")
    _v(sel, "AnchorTime", 0)
    _v(sel, "OtherTime", 0)
    _v(clip, "Legato", False)
    _v(clip, "Ram", False)
    _v(ET.SubElement(clip, "GrooveSettings"), "GrooveId", -1)
    _v(clip, "Disabled", False)
    _v(clip, "VelocityAmount", 0)
    follow = ET.SubElement(clip, "FollowAction")
    for tag, val in (("FollowTime", end), ("IsLinked", True), ("LoopIterations", 1),
                     ("FollowActionA", 4), ("FollowActionB", 0), ("FollowChanceA", 100),
                     ("FollowChanceB", 0), ("JumpIndexA", 1), ("JumpIndexB", 1),
                     ("FollowActionEnabled", False)):
        _v(follow, tag, val)
    _grid(clip, "Grid", True)
    _v(clip, "FreezeStart", 0)
    _v(clip, "FreezeEnd", 0)
    _v(clip, "IsWarped", True)
    _v(clip, "TakeId", -1)
    notes = ET.SubElement(clip, "Notes")
    track = ET.SubElement(ET.SubElement(notes, "KeyTracks"), "KeyTrack", Id="0")
    events = ET.SubElement(track, "Notes")
    for i, n in enumerate(groove.notes, 1):
        ET.SubElement(events, "MidiNoteEvent", Time=_num(n.time), Duration=_num(n.duration),
                      Velocity=_num(n.velocity), VelocityDeviation="0", OffVelocity="64",
                      Probability="1", IsEnabled="true", NoteId=str(i))
    _v(track, "MidiKey", 36)
    ET.SubElement(ET.SubElement(notes, "PerNoteEventStore"), "EventLists")
    _v(ET.SubElement(notes, "NoteIdGenerator"), "NextId", len(groove.notes) + 1)
    for tag, val in (("BankSelectCoarse", -1), ("BankSelectFine", -1), ("ProgramChange", -1),
                     ("NoteEditorFoldInZoom", -1), ("NoteEditorFoldInScroll", 0),
                     ("NoteEditorFoldOutZoom", -1), ("NoteEditorFoldOutScroll", 0),
                     ("NoteEditorFoldScaleZoom", -1), ("NoteEditorFoldScaleScroll", 0)):
        _v(clip, tag, val)
    scale = ET.SubElement(clip, "ScaleInformation")
    _v(scale, "RootNote", 0)
    _v(scale, "Name", "Major")
    _v(clip, "IsInKey", True)
    _v(clip, "NoteSpellingPreference", 3)
    _v(clip, "PreferFlatRootNote", False)
    _grid(clip, "ExpressionGrid", False)
    return clip


def groove_to_agr_bytes(groove: AbletonGroove, *, gzip: bool = False,
                        creator: str | None = None) -> bytes:
    """The .agr file content: UTF-8 XML, gzip-compressed (deterministically) when asked."""
    root = ET.Element("Ableton", {**_SCHEMA, "Creator": creator or f"MidiDrumiGen {__version__}",
                                  "Revision": ""})
    g = ET.SubElement(root, "Groove")
    _v(g, "LomId", 0)
    _v(g, "Name", groove.name)
    ET.SubElement(ET.SubElement(g, "Clip"), "Value").append(_midi_clip(groove))
    _v(g, "Grid", int(groove.base))
    _v(g, "QuantizationAmount", groove.quantization_amount)
    _v(g, "TimingAmount", groove.timing_amount)
    _v(g, "RandomAmount", groove.random_amount)
    _v(g, "VelocityAmount", groove.velocity_amount)
    _v(g, "Annotation", "")
    _v(g, "Selection", True)
    ET.SubElement(g, "SourceContext")
    ET.indent(root, space="\t")
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    return gzip_module.compress(data, mtime=0) if gzip else data


def write_agr(profile: StyleProfile, path: str | Path, *, genre_model: GenreModel | None = None,
              bars: int = 1, base: GrooveBase | str | int | None = None,
              tempo: float | None = None, gzip: bool = False) -> Path:
    """Write the profile's groove to `path` (suffix .agr added when missing) and return it."""
    p = Path(path)
    if p.suffix.lower() != ".agr":
        p = p.with_name(p.name + ".agr")
    data = groove_to_agr_bytes(profile_to_groove(profile, genre_model=genre_model, bars=bars,
                                                 base=base, tempo=tempo), gzip=gzip)
    tmp = p.with_name(p.name + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(p)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserInputError(f"cannot write groove file {p}: {e}", field="path") from None
    return p


# --- reading ------------------------------------------------------------------------------

def _bad(msg: str) -> UserInputError:
    return UserInputError(f"not a readable Ableton groove (.agr): {msg}", field="agr")


def _gunzip(data: bytes) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, MAX_XML_BYTES)
    except zlib.error as e:
        raise _bad(f"broken gzip data ({e})") from None
    if d.unconsumed_tail:
        raise _bad(f"it unpacks to more than {MAX_XML_BYTES} bytes")
    if not d.eof:
        raise _bad("broken gzip data (truncated)")
    return out


def _attr_num(el: ET.Element, attr: str, what: str, default: float | None = None) -> float:
    raw = el.get(attr)
    if raw is None:
        if default is None:
            raise _bad(f"{what} has no {attr}")
        return default
    try:
        v = float(raw)
    except ValueError:
        raise _bad(f"{what} {attr}={raw!r} is not a number") from None
    if not math.isfinite(v):
        raise _bad(f"{what} {attr}={raw!r} is not a finite number")
    return v


def _value(parent: ET.Element, tag: str, default: float) -> float:
    el = parent.find(tag)
    return default if el is None else _attr_num(el, "Value", tag, default)


def read_agr(data: bytes) -> AbletonGroove:
    """Parse an .agr, gzip-compressed or plain XML. Raises UserInputError on anything else."""
    if not isinstance(data, bytes | bytearray):
        raise UserInputError("read_agr takes the file's bytes", field="agr")
    if len(data) > MAX_AGR_BYTES:
        raise _bad(f"{len(data)} bytes is over the {MAX_AGR_BYTES}-byte limit")
    raw = _gunzip(bytes(data)) if data[:2] == b"\x1f\x8b" else bytes(data)
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise _bad("DTDs and entities are not allowed")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        raise _bad(f"malformed XML ({e})") from None
    if root.tag != "Ableton":
        raise _bad(f"root element is <{root.tag}>, expected <Ableton>")
    groove = root.find("Groove")
    if groove is None:
        raise _bad("no <Groove> element under <Ableton>")
    clip = groove.find("Clip/Value/MidiClip")
    if clip is None:
        raise _bad("no <Clip><Value><MidiClip> in the groove")
    name_el = groove.find("Name")
    if name_el is None:
        name_el = clip.find("Name")
    name = (name_el.get("Value") if name_el is not None else None) or ""
    start = _value(clip, "CurrentStart", 0.0)
    end = _value(clip, "CurrentEnd", _value(clip, "Loop/LoopEnd", 0.0))
    ts = TimeSignature()
    rts = clip.find("TimeSignature/TimeSignatures/RemoteableTimeSignature")
    if rts is not None:
        num = _value(rts, "Numerator", 4)
        den = _value(rts, "Denominator", 4)
        try:
            ts = TimeSignature(int(num), int(den))
        except UserInputError as e:
            raise _bad(f"time signature: {e}") from None
    events = [ev for ev in clip.iter("MidiNoteEvent") if ev.get("IsEnabled", "true") != "false"]
    if len(events) > MAX_GROOVE_NOTES:
        raise _bad(f"{len(events)} notes is over the {MAX_GROOVE_NOTES}-note limit")
    try:
        notes = tuple(GrooveNote(_attr_num(ev, "Time", "MidiNoteEvent"),
                                 _attr_num(ev, "Duration", "MidiNoteEvent", 0.0625),
                                 _attr_num(ev, "Velocity", "MidiNoteEvent", 127.0))
                      for ev in events)
        base_el = groove.find("Grid")
        if base_el is None:
            base_el = groove.find("Base")  # older Live versions (unverified element name)
        base_value = 3.0 if base_el is None else _attr_num(base_el, "Value", "Grid")
        if not base_value.is_integer() or not 0 <= base_value <= 5:
            raise _bad(f"groove Grid/Base {base_value:g} is not one of 0..5")
        return AbletonGroove(
            name=name, notes=notes, length_beats=end - start, base=GrooveBase(int(base_value)),
            quantization_amount=_value(groove, "QuantizationAmount", 0.0),
            timing_amount=_value(groove, "TimingAmount", 100.0),
            random_amount=_value(groove, "RandomAmount", 0.0),
            velocity_amount=_value(groove, "VelocityAmount", 0.0), time_signature=ts)
    except UserInputError as e:
        if str(e).startswith("not a readable"):
            raise
        raise _bad(str(e)) from None


def read_agr_file(path: str | Path) -> AbletonGroove:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_AGR_BYTES:
            raise _bad(f"{p} is over the {MAX_AGR_BYTES}-byte limit")
        return read_agr(p.read_bytes())
    except OSError as e:
        raise UserInputError(f"cannot read groove file {p}: {e}", field="path") from None
