"""Read the drum part of an untrusted MIDI file into a Pattern.

    read_drum_pattern(path_or_bytes) -> Pattern
    read_drum_file(path_or_bytes) -> MidiReadResult   # the pattern plus what was found

The drum part is every note on MIDI channel 10 (index 9), plus channels whose program change
selects a drum kit (bank MSB 120 / 127, GM2 and XG). A file with neither falls back to the one
track whose name says drums or percussion, and the result says so in `drum_source` and `info`.
Parsing is done by `safety.parse_smf`, which turns every malformed input into MidiFileError.

Ticks stay at the file's resolution when it is a multiple of 4 in 24..max_ticks_per_quarter,
otherwise they are rescaled to 480. Tempo is the first set_tempo (default 120 BPM), rounded to
0.01 BPM; the meter is the first time_signature (default 4/4). Values a Pattern cannot hold
(4/1, 3/32, 900 BPM) fall back to a default and add a line to `info` instead of failing.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain import PPQ, Note, Pattern, TimeSignature
from ..domain.checks import check_int
from ..domain.pattern import MAX_NOTES
from ..domain.units import rescale_ticks, us_per_beat_to_bpm
from ..errors import MidiFileError, UserInputError
from .safety import RawMidi, RawNote, Source, load_source, parse_smf

DRUM_CHANNEL = 9
MAX_BARS = 1024
DEFAULT_TEMPO = 120.0
_DRUM_NAME = re.compile(r"drum|perc|kit|beat|groove|batter|schlag", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MidiReadResult:
    """The drum Pattern read from a file, and what the reader found on the way.

    Tick values in `tempo_changes` and `time_signature_changes` are at `pattern.ppq`.
    `drum_source` is "channel" (channel 10 or a drum-kit program) or "track-name" (a guess
    from a track's name, because no channel carried drums). `info` holds one human-readable
    line per fallback or repair the reader made.
    """

    pattern: Pattern
    source_format: int
    source_ppq: int
    track_names: tuple[str, ...]
    drum_channels: tuple[int, ...]
    drum_source: str
    tempo_changes: tuple[tuple[int, float], ...]
    time_signature_changes: tuple[tuple[int, int, int], ...]
    notes_in_file: int
    non_drum_notes: int
    notes_dropped: int
    missing_note_offs: int
    info: tuple[str, ...]

    @property
    def rescaled(self) -> bool:
        return self.source_ppq != self.pattern.ppq


def read_drum_pattern(source: Source, *, max_bytes: int = 4_000_000, max_notes: int = 200_000,
                      max_ticks_per_quarter: int = 9600) -> Pattern:
    """The drum part of a MIDI file (path or bytes) as a Pattern; MidiFileError if unusable."""
    return read_drum_file(source, max_bytes=max_bytes, max_notes=max_notes,
                          max_ticks_per_quarter=max_ticks_per_quarter).pattern


def read_drum_file(source: Source, *, max_bytes: int = 4_000_000, max_notes: int = 200_000,
                   max_ticks_per_quarter: int = 9600, name: str | None = None) -> MidiReadResult:
    """Read the drum part and a report of what was found; see the module docstring.

    `name` names the pattern (default: the file's stem, or "" for bytes).
    """
    check_int("max_bytes", max_bytes, 14, 2**31)
    check_int("max_notes", max_notes, 1, 10_000_000)
    check_int("max_ticks_per_quarter", max_ticks_per_quarter, 24, 9600)
    data, label = load_source(source, max_bytes=max_bytes)
    try:
        raw = parse_smf(data, max_notes=max_notes, label=label)
    except (IndexError, KeyError, OverflowError, TypeError) as e:  # pragma: no cover - defence
        raise MidiFileError(f"{label} could not be parsed ({type(e).__name__}) — "
                            "re-export it from your DAW or MIDI editor") from None
    if name is None:
        name = Path(source).stem if isinstance(source, str | os.PathLike) else ""
    return _build(raw, max_ticks_per_quarter, name)


def _build(raw: RawMidi, max_tpq: int, name: str) -> MidiReadResult:
    info: list[str] = []
    all_notes = [n for t in raw.tracks for n in t.notes]
    if not all_notes:
        raise MidiFileError(f"{raw.label} holds no notes — there is no drum part to read")
    picked, drum_channels, source = _select_drums(raw, all_notes, info)

    src = raw.ppq
    ppq = src if src % 4 == 0 and 24 <= src <= max_tpq else PPQ
    if ppq != src:
        info.append(f"rescaled from {src} to {PPQ} ticks per quarter note")

    def conv(t: int) -> int:
        return rescale_ticks(t, src, ppq)

    ts, sig_changes = _meter(raw, conv, info)
    tempo, tempo_changes = _tempo(raw, conv, info)
    tpb = ts.ticks_per_bar(ppq)
    bars = _bars(raw, picked, conv, tpb, info)
    end = bars * tpb
    default_len = max(1, ppq // 8)
    notes: list[Note] = []
    for n in picked:
        t = conv(n.start)
        if t < end:
            d = conv(n.end) - t if n.end is not None else default_len
            notes.append(Note(t, n.pitch, n.velocity, max(1, min(d, end - t))))
    dropped = len(picked) - len(notes)
    if not notes:
        raise MidiFileError(f"{raw.label} has drum notes only after bar {MAX_BARS} — a pattern "
                            f"holds at most {MAX_BARS} bars; trim the silence before the drums")
    if dropped:
        info.append(f"dropped {dropped} notes after bar {MAX_BARS}")
        bars = max(n.time for n in notes) // tpb + 1
    if len(notes) > MAX_NOTES:
        raise MidiFileError(f"{raw.label} has {len(notes):,} drum notes; a pattern holds at "
                            f"most {MAX_NOTES:,} — split the file into shorter sections")
    missing = sum(1 for n in picked if n.end is None)
    if missing:
        info.append(f"{missing} notes had no note-off; gave them {default_len} ticks")
    try:
        pattern = Pattern(tuple(notes), tempo, ts, bars, ppq, name)  # sorts the notes
    except UserInputError as e:  # pragma: no cover - every field is range-checked above
        raise MidiFileError(f"{raw.label} cannot be held as a pattern: {e}") from None
    return MidiReadResult(
        pattern=pattern, source_format=raw.format, source_ppq=src,
        track_names=tuple(t.name for t in raw.tracks), drum_channels=drum_channels,
        drum_source=source, tempo_changes=tempo_changes, time_signature_changes=sig_changes,
        notes_in_file=len(all_notes), non_drum_notes=len(all_notes) - len(picked),
        notes_dropped=dropped, missing_note_offs=missing, info=tuple(info))


def _select_drums(raw: RawMidi, all_notes: list[RawNote],
                  info: list[str]) -> tuple[list[RawNote], tuple[int, ...], str]:
    """Notes on channel 10 or a drum-kit channel; else the one track named like drums."""
    channels = {DRUM_CHANNEL}.union(*(t.drum_kit_channels for t in raw.tracks))
    picked = [n for n in all_notes if n.channel in channels]
    if picked:
        return picked, tuple(sorted(channels)), "channel"
    picked, track_name = _guess_drum_track(raw)
    info.append(f"no notes on MIDI channel 10 and no drum-kit program; used track "
                f"{track_name!r} because its name says drums")
    return picked, tuple(sorted({n.channel for n in picked})), "track-name"


def _bars(raw: RawMidi, picked: list[RawNote], conv: Callable[[int], int], tpb: int,
          info: list[str]) -> int:
    """Bars up to the end_of_track (or the last onset), at most MAX_BARS."""
    last_onset = max(conv(n.start) for n in picked)
    last_off = max(conv(n.start if n.end is None else n.end) for n in picked)
    eot = conv(max(t.end_tick for t in raw.tracks))
    # end_of_track sets the length unless it merely follows a note-off that spills past a bar
    # line (a DAW's loop end is on a bar line or after the last note-off)
    explicit_end = eot > last_off or eot % tpb == 0
    bars = max(1, math.ceil(max(last_onset + 1, eot if explicit_end else 0) / tpb))
    if bars > MAX_BARS and last_onset < MAX_BARS * tpb:
        info.append(f"end_of_track lies {bars} bars in; the pattern ends after the last note")
        bars = last_onset // tpb + 1
    if bars > MAX_BARS:
        info.append(f"the drum part runs {bars} bars; kept the first {MAX_BARS}")
        bars = MAX_BARS
    return bars


def _guess_drum_track(raw: RawMidi) -> tuple[list[RawNote], str]:
    named = [t for t in raw.tracks if t.notes and _DRUM_NAME.search(t.name)]
    if len(named) == 1:
        return list(named[0].notes), named[0].name
    names = ", ".join(repr(t.name or f"track {t.index + 1}") for t in raw.tracks if t.notes)
    why = ("several tracks are named like drums" if named
           else "no track is named like drums")
    raise MidiFileError(
        f"{raw.label} has no drum part: no notes on MIDI channel 10, no drum-kit program, and "
        f"{why} (tracks with notes: {names}) — move the drums to MIDI channel 10 and re-export")


def _meter(raw: RawMidi, conv: Callable[[int], int],
           info: list[str]) -> tuple[TimeSignature, tuple[tuple[int, int, int], ...]]:
    events = sorted((tick, t.index, nn, dd) for t in raw.tracks
                    for tick, nn, dd in t.time_signatures)
    changes = tuple((conv(tick), nn, 2**dd if dd < 16 else -1) for tick, _, nn, dd in events)
    if not events:
        return TimeSignature(4, 4), changes
    _, _, nn, dd = events[0]
    try:
        if dd >= 16:
            raise UserInputError("denominator too large")
        ts = TimeSignature(nn, 2**dd)
    except UserInputError:
        shown = f"{nn}/2^{dd}" if dd >= 16 else f"{nn}/{2**dd}"
        info.append(f"time signature {shown} cannot be used for a pattern; used 4/4")
        ts = TimeSignature(4, 4)
    if len({(nn, dd) for _, _, nn, dd in events}) > 1:
        info.append(f"the meter changes {len(events) - 1} times; the pattern uses the first, {ts}")
    return ts, changes


def _tempo(raw: RawMidi, conv: Callable[[int], int],
           info: list[str]) -> tuple[float, tuple[tuple[int, float], ...]]:
    events = sorted((tick, t.index, us) for t in raw.tracks for tick, us in t.tempos)
    changes = tuple((conv(tick), _bpm(us)) for tick, _, us in events)
    if not events:
        return DEFAULT_TEMPO, changes
    bpm = _bpm(events[0][2])
    if not 20 <= bpm <= 400:
        clamped = min(400.0, max(20.0, bpm))
        info.append(f"tempo {bpm:g} BPM is outside 20..400; used {clamped:g}")
        bpm = clamped
    return bpm, changes


def _bpm(us: int) -> float:
    return round(us_per_beat_to_bpm(us), 2) if us else math.inf
