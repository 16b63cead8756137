"""Defensive Standard MIDI File parsing for untrusted bytes.

MIDI files from users and the web are hostile input: truncated downloads, garbage, chunk
lengths that lie, running status with no status, 5-byte time deltas, sysex bombs, millions
of notes. This module reads the chunk structure and the events itself (no mido), checking
every length against the bytes that really remain, so that every problem becomes a
`MidiFileError` that says what was wrong and what to do — never a hang, an IndexError or a
MemoryError. Work is linear in the file size and memory is bounded by `max_notes`.

It keeps only what a drum reader needs: paired notes, drum-kit program selections, tempo and
time-signature metas, track names and end-of-track ticks. Times are absolute ticks at the
file's own resolution.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..errors import MidiFileError

MAX_VLQ = 0x0FFFFFFF
MAX_META_EVENTS = 4096  # tempo / time-signature events kept per track; more are counted only
DRUM_KIT_BANKS = frozenset({120, 127})  # bank-select MSB of a GM2 rhythm / XG drum kit
_REEXPORT = "re-export it from your DAW or MIDI editor"

Source = str | os.PathLike[str] | bytes | bytearray | memoryview


class RawNote(NamedTuple):
    """One paired note: absolute ticks at the file's ppq; `end` is None if no note-off came."""

    start: int
    end: int | None
    channel: int
    pitch: int
    velocity: int
    track: int


@dataclass(frozen=True, slots=True)
class RawTrack:
    """What one MTrk chunk holds, in the file's ticks."""

    index: int
    name: str
    notes: tuple[RawNote, ...]
    drum_kit_channels: frozenset[int]
    tempos: tuple[tuple[int, int], ...]  # (tick, microseconds per quarter note)
    time_signatures: tuple[tuple[int, int, int], ...]  # (tick, numerator, denominator power)
    end_tick: int
    missing_note_offs: int
    meta_events_skipped: int


@dataclass(frozen=True, slots=True)
class RawMidi:
    """A parsed Standard MIDI File header and its tracks."""

    format: int
    ppq: int
    tracks: tuple[RawTrack, ...]
    note_count: int
    label: str


def load_source(source: Source, *, max_bytes: int) -> tuple[bytes, str]:
    """The file's bytes and a label for messages; checks the size before reading it all."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > max_bytes:
            raise MidiFileError(
                f"MIDI data is {len(data):,} bytes, more than the {max_bytes:,} byte limit — "
                "a drum part is far smaller; send only the drum track")
        return data, "MIDI data"
    if not isinstance(source, str | os.PathLike):
        raise MidiFileError(
            f"a MIDI source must be a path or bytes, got {type(source).__name__}")
    path = Path(source)
    label = f"MIDI file {path.name!r}"
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if not _is_regular(st.st_mode):
                raise MidiFileError(f"{label} is not a regular file; pass a .mid file")
            if st.st_size > max_bytes:
                raise MidiFileError(
                    f"{label} is {st.st_size:,} bytes, more than the {max_bytes:,} byte limit — "
                    "a drum part is far smaller; export only the drum track")
            data = fh.read(max_bytes + 1)
    except MidiFileError:
        raise
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        reason = getattr(e, "strerror", None) or e
        raise MidiFileError(f"cannot read {label}: {reason} — check the path") from None
    if len(data) > max_bytes:
        raise MidiFileError(f"{label} grew past the {max_bytes:,} byte limit while being read")
    return data, label


def _is_regular(mode: int) -> bool:
    import stat

    return stat.S_ISREG(mode)


def parse_smf(data: bytes, *, max_notes: int, label: str = "MIDI data") -> RawMidi:
    """Parse a Standard MIDI File defensively; raises MidiFileError for anything malformed."""
    size = len(data)
    if size < 4 or data[:4] != b"MThd":
        hint = " (it is a RIFF file; .rmi is not supported)" if data[:4] == b"RIFF" else ""
        raise MidiFileError(
            f"{label} is not a MIDI file: it does not start with 'MThd'{hint} — "
            "save or export it as a Standard MIDI File (.mid)")
    if size < 14:
        raise MidiFileError(f"{label} is truncated: the 14-byte header has only {size} bytes — "
                            f"{_REEXPORT}")
    hlen = int.from_bytes(data[4:8], "big")
    if hlen < 6:
        raise MidiFileError(f"{label} has a broken header: MThd length is {hlen}, must be 6")
    if 8 + hlen > size:
        raise MidiFileError(f"{label} is truncated: the header declares {hlen} bytes but only "
                            f"{size - 8} remain — {_REEXPORT}")
    fmt = int.from_bytes(data[8:10], "big")
    ntracks = int.from_bytes(data[10:12], "big")
    division = int.from_bytes(data[12:14], "big")
    if fmt not in (0, 1, 2):
        raise MidiFileError(f"{label} declares MIDI format {fmt}; only formats 0, 1 and 2 exist")
    if ntracks == 0:
        raise MidiFileError(f"{label} declares no tracks — it holds no music")
    if division & 0x8000:
        raise MidiFileError(f"{label} uses SMPTE (frames per second) timing, which drum "
                            "patterns cannot use — export with musical (PPQ) timing")
    if division == 0:
        raise MidiFileError(f"{label} declares 0 ticks per quarter note — {_REEXPORT}")

    tracks: list[RawTrack] = []
    budget = [max_notes]
    pos = 8 + hlen
    while len(tracks) < ntracks:
        if pos >= size:
            raise MidiFileError(
                f"{label} is truncated: the header declares {ntracks} tracks but the file ends "
                f"after {len(tracks)} — {_REEXPORT}")
        if pos + 8 > size:
            raise MidiFileError(
                f"{label} is truncated: the chunk header at byte {pos} is cut off after "
                f"{size - pos} bytes — {_REEXPORT}")
        ctype = data[pos:pos + 4]
        clen = int.from_bytes(data[pos + 4:pos + 8], "big")
        body = pos + 8
        if ctype == b"MTrk":
            if body + clen > size:
                raise MidiFileError(
                    f"{label} is truncated: track {len(tracks) + 1} declares {clen:,} bytes but "
                    f"only {size - body:,} remain — {_REEXPORT}")
            tracks.append(_parse_track(data, body, body + clen, len(tracks), budget, label))
        elif all(65 <= c <= 122 for c in ctype):
            if body + clen > size:  # an unknown chunk; the standard says skip it
                raise MidiFileError(
                    f"{label} is truncated: chunk {ctype.decode('ascii')!r} at byte {pos} "
                    f"declares {clen:,} bytes but only {size - body:,} remain — {_REEXPORT}")
        else:
            raise MidiFileError(
                f"{label} is corrupt: found {ctype!r} at byte {pos} where track "
                f"{len(tracks) + 1} of {ntracks} should start — {_REEXPORT}")
        pos = body + clen
    return RawMidi(fmt, division, tuple(tracks), max_notes - budget[0], label)


def _parse_track(data: bytes, i: int, end: int, index: int, budget: list[int],
                 label: str) -> RawTrack:
    """Parse one MTrk body data[i:end]; `budget[0]` is the number of note-ons still allowed."""
    where = f"{label}, track {index + 1}"
    tick = 0
    running = 0
    name = ""
    notes: list[RawNote] = []
    open_notes: dict[tuple[int, int], deque[tuple[int, int]]] = {}
    bank = [0] * 16
    kit_channels: set[int] = set()
    tempos: list[tuple[int, int]] = []
    sigs: list[tuple[int, int, int]] = []
    skipped = 0
    while i < end:
        delta, i = _vlq(data, i, end, where, "time delta")
        tick += delta
        if i >= end:
            raise _cut(where, i)
        st = data[i]
        if st >= 0x80:
            i += 1
        elif running:
            st = running
        else:
            raise MidiFileError(
                f"{where} is corrupt: data byte 0x{st:02X} at byte {i} has no status byte before "
                f"it (running status with nothing to repeat) — {_REEXPORT}")
        if st < 0xF0:
            running = st
            kind = st & 0xF0
            ch = st & 0x0F
            if kind == 0xC0 or kind == 0xD0:
                if i >= end:
                    raise _cut(where, i)
                d1, d2 = data[i], 0
                i += 1
            else:
                if i + 2 > end:
                    raise _cut(where, i)
                d1, d2 = data[i], data[i + 1]
                i += 2
            if (d1 | d2) & 0x80:
                raise MidiFileError(
                    f"{where} is corrupt: a status byte appears inside an event at byte {i - 2} "
                    f"— {_REEXPORT}")
            if kind == 0x90 and d2:
                budget[0] -= 1
                if budget[0] < 0:
                    raise MidiFileError(
                        f"{label} holds more notes than the limit allows — a drum part has far "
                        "fewer; split the file or send only the drum track")
                key = (ch, d1)
                q = open_notes.get(key)
                if q is None:
                    q = open_notes[key] = deque()
                q.append((tick, d2))
            elif kind == 0x80 or kind == 0x90:
                q = open_notes.get((ch, d1))
                if q:
                    start, vel = q.popleft()
                    notes.append(RawNote(start, tick, ch, d1, vel, index))
            elif kind == 0xB0 and d1 == 0:
                bank[ch] = d2
            elif kind == 0xC0 and bank[ch] in DRUM_KIT_BANKS:
                kit_channels.add(ch)
        elif st == 0xFF:
            if i >= end:
                raise _cut(where, i)
            mtype = data[i]
            length, i = _vlq(data, i + 1, end, where, "meta event length")
            if i + length > end:
                raise MidiFileError(
                    f"{where} is truncated: a meta event declares {length:,} bytes but only "
                    f"{end - i:,} remain in the track — {_REEXPORT}")
            if mtype == 0x2F:
                i += length
                break
            if mtype == 0x03 and not name:
                name = _text(data[i:i + min(length, 256)])
            elif mtype == 0x51 and length == 3:
                if len(tempos) < MAX_META_EVENTS:
                    tempos.append((tick, int.from_bytes(data[i:i + 3], "big")))
                else:
                    skipped += 1
            elif mtype == 0x58 and length >= 2:
                if len(sigs) < MAX_META_EVENTS:
                    sigs.append((tick, data[i], data[i + 1]))
                else:
                    skipped += 1
            i += length
        elif st == 0xF0 or st == 0xF7:
            length, i = _vlq(data, i, end, where, "sysex length")
            if i + length > end:
                raise MidiFileError(
                    f"{where} is truncated: a sysex message declares {length:,} bytes but only "
                    f"{end - i:,} remain in the track — {_REEXPORT}")
            gs_channel = _gs_rhythm_part(data[i:i + 10]) if length == 10 else None
            if gs_channel is not None:
                kit_channels.add(gs_channel)
            i += length
        else:
            raise MidiFileError(
                f"{where} is corrupt: status byte 0x{st:02X} at byte {i - 1} is not allowed in "
                f"a MIDI file — {_REEXPORT}")
    missing = 0
    for (ch, pitch), q in open_notes.items():
        for start, vel in q:
            notes.append(RawNote(start, None, ch, pitch, vel, index))
            missing += 1
    return RawTrack(index, name, tuple(notes), frozenset(kit_channels), tuple(tempos),
                    tuple(sigs), tick, missing, skipped)


def _gs_rhythm_part(msg: bytes) -> int | None:
    """The channel a Roland GS "use for rhythm part" sysex turns into a drum kit, if it is one."""
    if (len(msg) == 10 and msg[0] == 0x41 and msg[2:5] == b"\x42\x12\x40"
            and msg[5] & 0xF0 == 0x10 and msg[6] == 0x15 and msg[7] in (1, 2)):
        block = msg[5] & 0x0F  # block 0 is part 10; 1..9 are parts 1..9; A..F parts 11..16
        return 9 if block == 0 else block - 1 if block <= 9 else block
    return None


def _vlq(data: bytes, i: int, end: int, where: str, what: str) -> tuple[int, int]:
    """Read a variable-length quantity of at most 4 bytes (≤ 0x0FFFFFFF)."""
    value = 0
    for _ in range(4):
        if i >= end:
            raise _cut(where, i)
        b = data[i]
        i += 1
        value = (value << 7) | (b & 0x7F)
        if b < 0x80:
            return value, i
    raise MidiFileError(
        f"{where} is corrupt: a {what} at byte {i - 4} runs past 4 bytes (more than "
        f"0x{MAX_VLQ:X}) — {_REEXPORT}")


def _cut(where: str, i: int) -> MidiFileError:
    return MidiFileError(
        f"{where} is truncated: it ends in the middle of an event at byte {i} — {_REEXPORT}")


def _text(raw: bytes) -> str:
    """Meta text: UTF-8 (what midi.writer and today's DAWs write), else latin-1 (older files);
    a name cut inside a character keeps the whole characters before the cut."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        cut = e.reason == "unexpected end of data"  # only ever at the end
        text = raw[:e.start].decode("utf-8") if cut else raw.decode("latin-1")
    return text.replace("\x00", "").strip()
