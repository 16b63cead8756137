"""One song's drum part, read from a MIDI file (a drum file or a full-band file) for research.

    read_song(source, title=…, artist=…) -> Song

The drum part comes from the hardened reader (midi.reader.read_drum_file: channel 10, drum-kit
programs, else the one track named like drums), so a full-band file from a MIDI database reads
the same way as the user's own drum file. The song keeps:

- its tempo: the one held for the most bars of its tempo map (a ritardando at the end does not
  move it), and the range of tempos held for a bar or more;
- its meter sections: every stretch of one time signature is quantized on its own (a 7/8
  bridge in a 4/4 song is read as 7/8 bars, not as misaligned 4/4 ones); `time_signature` is
  the meter held longest;
- its usable bars, quantized by the corpus code (knowledge.corpus_bars: swing fitted and taken
  out, sixteenth steps, micro-timing left over), each with its own one-bar Pattern of the
  notes as played, so a groove can be written back as grid text;
- how good a transcription it is (Quality): the share of notes on a real kit map, a plausible
  note density, how well the notes sit on the grid, whether timing and dynamics were played
  (a quantized file says nothing about micro-timing; constant velocities nothing about
  dynamics), and whether the drums came from channel 10 or a guessed track;
- whether it is attributed to the artist: the artist's name in the file's path or its track
  names (see weighting: unattributed files count less against a curated profile).
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.meter import TimeSignature
from ..domain.pattern import Note, Pattern
from ..domain.voices import Voice, voice_for_pitch
from ..errors import UserInputError
from ..knowledge.corpus_bars import Bar, quantize
from ..knowledge.corpus_swing import SwingFit, pool_swing
from ..midi.reader import MidiReadResult, read_drum_file
from ..midi.safety import Source
from .naming import names_artist, song_title

SEQUENCED_SHARE = 0.9  # notes on an exact 32nd or 16th-triplet tick from which a file is sequenced
DYNAMIC_STD = 4.0  # velocity spread from which dynamics were played
LOOSE_ERROR, LOST_ERROR = 0.2, 0.3  # notes this far off the grid on average: a poor fit
BUSY_HITS = 48  # hits in a 4/4 bar beyond which a "drum part" is not one drummer's
MAX_BARS = 256  # bars of one song analysed


@dataclass(frozen=True, slots=True)
class Quality:
    """How far a transcription can be trusted, and for what. score: 0.05..1."""

    score: float
    kit_share: float
    hits_per_bar: float
    grid_error: float
    performed: bool
    dynamics: bool
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "kit_share": self.kit_share,
                "hits_per_bar": self.hits_per_bar, "grid_error": self.grid_error,
                "performed": self.performed, "dynamics": self.dynamics,
                "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class SongBar:
    """One usable bar of a song: quantized (`bar`) and as played (`pattern`, one bar)."""

    song: str
    bar: Bar
    pattern: Pattern
    swing: SwingFit

    @property
    def time_signature(self) -> TimeSignature:
        return self.bar.time_signature


@dataclass(frozen=True, slots=True)
class Song:
    title: str
    path: str
    time_signature: TimeSignature
    tempo: float
    tempo_range: tuple[float, float]
    swing: SwingFit
    bars: tuple[SongBar, ...]
    quality: Quality
    attributed: bool
    full_band: bool
    drum_source: str
    info: tuple[str, ...] = ()


def _held(changes: Sequence[tuple[int, float]], end: int, default: float) -> list[tuple[float, int]]:
    """(value, ticks held) for a sequence of (tick, value) changes up to `end`."""
    pts = [(t, v) for t, v in changes if t < end] or [(0, default)]
    if pts[0][0] > 0:
        pts.insert(0, (0, pts[0][1]))
    out = []
    for i, (t, v) in enumerate(pts):
        nxt = pts[i + 1][0] if i + 1 < len(pts) else end
        if nxt > t:
            out.append((v, nxt - t))
    return out


def _tempo(read: MidiReadResult) -> tuple[float, tuple[float, float]]:
    p = read.pattern
    held = [(v, n) for v, n in _held(read.tempo_changes, p.length_ticks, p.tempo)
            if 20 <= v <= 400]
    if not held:
        return p.tempo, (p.tempo, p.tempo)
    totals: dict[float, int] = {}
    for v, n in held:
        totals[round(v, 1)] = totals.get(round(v, 1), 0) + n
    main = max(totals, key=lambda v: (totals[v], -v))
    lasting = [v for v, n in totals.items() if n >= p.ticks_per_bar] or [main]
    return main, (min(lasting), max(lasting))


def _sections(read: MidiReadResult) -> list[tuple[TimeSignature, int, int]]:
    """(meter, start tick, end tick) of each stretch of one usable time signature."""
    p = read.pattern
    end = max(p.length_ticks, max((n.time + 1 for n in p.notes), default=0))
    changes: list[tuple[int, TimeSignature]] = []
    for tick, num, den in read.time_signature_changes:
        try:
            changes.append((tick, TimeSignature(num, den)))
        except (UserInputError, ValueError):
            continue
    if not changes or changes[0][0] > 0:
        changes.insert(0, (0, changes[0][1] if changes else p.time_signature))
    out = []
    for i, (tick, ts) in enumerate(changes):
        stop = changes[i + 1][0] if i + 1 < len(changes) else end
        if stop - tick >= ts.ticks_per_bar(p.ppq) and (not out or out[-1][0] != ts
                                                        or out[-1][2] != tick):
            out.append((ts, tick, stop))
        elif out and out[-1][0] == ts and out[-1][2] == tick:
            out[-1] = (ts, out[-1][1], stop)
    return out


def _bar_pattern(notes: Sequence[Note], times: Sequence[int], index: int, ts: TimeSignature,
                 tempo: float, ppq: int) -> Pattern:
    """The notes of bar `index` (an onset up to half a sixteenth early belongs to it);
    `times` are the notes' times, sorted."""
    tpb, half = ts.ticks_per_bar(ppq), ppq // 8
    lo, hi = index * tpb - half, (index + 1) * tpb - half
    own = [Note(max(0, n.time - index * tpb), n.pitch, n.velocity, max(1, min(n.duration, tpb)))
           for n in notes[bisect_left(times, lo):bisect_left(times, hi)]]
    return Pattern(tuple(own), tempo, ts, 1, ppq)


def _played(notes: Sequence[Note], ppq: int) -> bool:
    """Timing played by a human: fewer than SEQUENCED_SHARE of the notes sit exactly on a
    32nd or a 16th-triplet tick (a sequenced or quantized file puts nearly all there)."""
    grids = [g for g in (ppq // 8 if ppq % 8 == 0 else 0, ppq // 6 if ppq % 6 == 0 else 0) if g]
    if not notes or not grids:
        return True
    exact = sum(1 for n in notes if any(n.time % g == 0 for g in grids))
    return exact < SEQUENCED_SHARE * len(notes)


def _quality(read: MidiReadResult, bars: Sequence[Bar]) -> Quality:
    notes = read.pattern.notes
    kit = sum(1 for n in notes if voice_for_pitch(n.pitch) is not None) / max(1, len(notes))
    hits = [h for b in bars for h in b.hits]
    per_bar = (sum(len(b.hits) * 16 / b.time_signature.steps_per_bar for b in bars)
               / len(bars)) if bars else 0.0
    error = statistics.fmean(abs(h.offset_steps) for h in hits) if hits else 1.0
    spread = statistics.pstdev(h.velocity for h in hits) if len(hits) > 1 else 0.0
    voices = {h.voice for h in hits}
    score, why = kit, [] if kit > 0.98 else [f"{1 - kit:.0%} of the notes are off the GM kit map"]
    if not voices & {Voice.KICK} or not voices & {Voice.SNARE, Voice.SIDE_STICK, Voice.CLAP}:
        score *= 0.5
        why.append("no kick or no snare: not a full kit part")
    if per_bar > BUSY_HITS:
        score *= 0.6
        why.append(f"{per_bar:.0f} hits a bar: busier than one drummer")
    if error > LOST_ERROR:
        score *= 0.4
        why.append(f"notes sit {error:.2f} steps off the grid: tempo map or meter wrong")
    elif error > LOOSE_ERROR:
        score *= 0.7
        why.append(f"notes sit {error:.2f} steps off the grid on average")
    if read.drum_source != "channel":
        score *= 0.85
        why.append("drums found by track name, not on channel 10")
    performed, dynamics = _played(notes, read.pattern.ppq), spread >= DYNAMIC_STD
    if not performed:
        why.append("quantized: says nothing about micro-timing")
    if not dynamics:
        why.append("constant velocities: says nothing about dynamics")
    return Quality(round(max(0.05, min(1.0, score)), 3), round(kit, 3), round(per_bar, 2),
                   round(error, 3), performed, dynamics, tuple(why))


def read_song(source: Source, *, title: str = "", artist: Sequence[str] = (),
              where: str = "") -> Song:
    """Read one song's drum part (MidiFileError when the file has none)."""
    read = read_drum_file(source)
    p = read.pattern
    tempo, tempo_range = _tempo(read)
    label = where or (str(source) if isinstance(source, str | Path) else title)
    name = title or song_title(Path(label).stem if label else "song", artist)
    bars: list[SongBar] = []
    fits: list[SwingFit] = []
    quantized: list[Bar] = []
    held: dict[TimeSignature, int] = {}
    for ts, start, stop in _sections(read):
        tpb = ts.ticks_per_bar(p.ppq)
        count = min(MAX_BARS - len(bars), -(-(stop - start) // tpb))
        if count <= 0:
            break
        half, limit = p.ppq // 8, min(stop, start + count * tpb)
        notes = [Note(max(0, n.time - start), n.pitch, n.velocity, n.duration) for n in p.notes
                 if start - half <= n.time < limit - half]
        if not notes:
            continue
        section = Pattern(tuple(notes), tempo, ts, count, p.ppq, name)
        fit, qbars = quantize(section)
        times = [n.time for n in section.notes]
        fits.append(fit)
        held[ts] = held.get(ts, 0) + (stop - start)
        for b in qbars:
            if b.usable and b.index < count:
                quantized.append(b)
                bars.append(SongBar(name, b, _bar_pattern(section.notes, times, b.index, ts,
                                                          tempo, p.ppq), fit))
    meter = max(held, key=lambda t: held[t]) if held else p.time_signature
    swing = pool_swing(fits, tempo) if fits else SwingFit()
    attributed = names_artist(label, artist) or any(names_artist(t, artist)
                                                    for t in read.track_names)
    info = list(read.info)
    if len(held) > 1:
        info.append("meters: " + ", ".join(f"{t} ({n // t.ticks_per_bar(p.ppq)} bars)"
                                           for t, n in held.items()))
    return Song(name, label, meter, tempo, tempo_range, swing, tuple(bars),
                _quality(read, quantized), attributed, read.non_drum_notes > 0,
                read.drum_source, tuple(info))
