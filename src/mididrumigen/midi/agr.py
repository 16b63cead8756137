"""Ableton Live groove files (.agr): the codec for a GrooveTemplate (domain/groove_template.py).

An .agr is Live's XML (often gzip-compressed): `<Ableton><Groove>` holding a `<Name>`, a
one-key MIDI clip (`<Clip><Value><MidiClip>` … `<KeyTracks><KeyTrack><Notes>` with one
`<MidiNoteEvent Time= Duration= Velocity= …>` per grid position, times in beats = quarter
notes) and the pool parameters `<Grid>` (the groove's Base: 0=1/4 1=1/8 2=1/8T 3=1/16
4=1/16T 5=1/32), `<QuantizationAmount>`, `<TimingAmount>`, `<RandomAmount>` (0..100) and
`<VelocityAmount>` (-100..100). The layout written here follows a groove file saved by
Live 11.3 ("Swing 16ths 57.agr"); the Base numbering is the Live Object Model's
`Groove.base`. Live 9/10 files are read too (an older `<Base>` element is accepted).

The feel itself (swing, micro-timing, dynamics of a profile) is computed in
`groove.groove_template.profile_to_groove`; this module only reads and writes the XML.
"""

from __future__ import annotations

import gzip as gzip_module
import math
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from .. import __version__
from ..domain.groove_template import MAX_GROOVE_NOTES, GrooveBase, GrooveNote, GrooveTemplate
from ..domain.meter import TimeSignature
from ..errors import UserInputError
from ..storage.files import write_atomic

MAX_AGR_BYTES = 8 * 1024 * 1024  # compressed or plain input
MAX_XML_BYTES = 32 * 1024 * 1024  # after gunzip
_SCHEMA = {"MajorVersion": "5", "MinorVersion": "11.0_11300", "SchemaChangeCount": "3"}


# --- writing ------------------------------------------------------------------------------

def _num(x: float) -> str:
    """Shortest exact text for a number; integers without a decimal point, as Live writes."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _v(parent: ET.Element, tag: str, value: str | float) -> ET.Element:
    text = value if isinstance(value, str) else (
        ("true" if value else "false") if isinstance(value, bool) else _num(float(value)))
    return ET.SubElement(parent, tag, Value=text)


def _grid(parent: ET.Element, tag: str, snap: bool) -> None:
    g = ET.SubElement(parent, tag)
    for t, v in (("FixedNumerator", 1), ("FixedDenominator", 16), ("GridIntervalPixel", 20),
                 ("Ntoles", 2), ("SnapToGrid", snap), ("Fixed", snap)):
        _v(g, t, v)


def _midi_clip(groove: GrooveTemplate) -> ET.Element:
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


def groove_to_agr_bytes(groove: GrooveTemplate, *, gzip: bool = False,
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


def write_agr(groove: GrooveTemplate, path: str | Path, *, gzip: bool = False) -> Path:
    """Write `groove` to `path` (suffix .agr added when missing) and return the path."""
    p = Path(path)
    if p.suffix.lower() != ".agr":
        p = p.with_name(p.name + ".agr")
    try:
        return write_atomic(p, groove_to_agr_bytes(groove, gzip=gzip))
    except OSError as e:
        raise UserInputError(f"cannot write groove file {p}: {e}", field="path") from None


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


def read_agr(data: bytes) -> GrooveTemplate:
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
        return GrooveTemplate(
            name=name, notes=notes, length_beats=end - start, base=GrooveBase(int(base_value)),
            quantization_amount=_value(groove, "QuantizationAmount", 0.0),
            timing_amount=_value(groove, "TimingAmount", 100.0),
            random_amount=_value(groove, "RandomAmount", 0.0),
            velocity_amount=_value(groove, "VelocityAmount", 0.0), time_signature=ts)
    except UserInputError as e:
        if str(e).startswith("not a readable"):
            raise
        raise _bad(str(e)) from None


def read_agr_file(path: str | Path) -> GrooveTemplate:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_AGR_BYTES:
            raise _bad(f"{p} is over the {MAX_AGR_BYTES}-byte limit")
        return read_agr(p.read_bytes())
    except OSError as e:
        raise UserInputError(f"cannot read groove file {p}: {e}", field="path") from None
