"""MIDI files: the user's drum or full-band MIDI files → numbers per song, and the artist's own
grooves across the songs.

Each file is read as a song (research.midi_song: the drum part of a full-band file by channel
10, drum programs or a track named drums; the tempo held longest; each meter section quantized
on its own; how good a transcription it is). Per song, one piece of evidence holds what that
transcription can speak to — tempo, syncopation and density always; swing, micro-timing and
timing spread only when it was played by a human (a quantized file says nothing about them,
except a swing it writes out); velocities and ghost notes only when its dynamics vary — at a
confidence scaled by its quality. One more piece of evidence holds the songs' bars clustered
into main grooves, variations and fills (research.groove_clusters): they become the
profile's signature grooves (fills of kind "fill", which the engine plays as the artist's
own fills), each weighted by how often it was played.

`analyse` is the one MIDI path: the MIDI database collectors (bitmidi, freemidi, musescore)
hand it the files they downloaded.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import ResearchError
from ..evidence import Evidence, ResearchQuery
from ..http import Http
from ..registry import Collector

MIDI_EXTENSIONS = (".mid", ".midi", ".smf", ".kar")
LICENSE = "the user's own MIDI files (analysed locally)"
GHOST_VELOCITY = 45
SWUNG = 52.5


@dataclass(frozen=True, slots=True)
class MidiInput:
    """A file to analyse, and what is known about it from where it was found."""

    path: Path
    title: str = ""  # the song (default: from the file name)
    url: str = ""  # where it came from (default: the path)
    attributed: bool | None = None  # known to be the artist's (None: look at names)


def find_midi(source: Path | None, limit: int) -> tuple[list[Path], int]:
    """The first `limit` MIDI files under `source` (sorted by path), and how many there are."""
    if source is None:
        return [], 0
    source = Path(source)
    if source.is_file():
        found = [source] if source.suffix.lower() in MIDI_EXTENSIONS else []
        return found, len(found)
    if not source.is_dir():
        return [], 0
    found = sorted(p for p in source.rglob("*")
                   if p.suffix.lower() in MIDI_EXTENSIONS and p.is_file())
    return found[:limit], len(found)


def midi_files(source: Path | None, limit: int) -> list[Path]:
    return find_midi(source, limit)[0]


def cap_notice(kind: str, used: int, total: int, where: Path | None) -> list[str]:
    if total <= used:
        return []
    return [f"analysed {used} of {total} {kind} files in {where} (the first {used} by path); "
            f"set MIDIDRUMIGEN_RESEARCH_MAX_FILES to read more"]


def song_params(song: Any) -> dict[str, Any]:
    """StyleParams targets from one song (research.midi_song.Song), as far as its
    transcription can speak to them."""
    bars = [sb.bar for sb in song.bars]
    hits = [h for bar in bars for h in bar.hits]
    if not hits:
        return {}
    q = song.quality
    per_bar = sum(len(b.hits) * 16 / b.time_signature.steps_per_bar for b in bars) / len(bars)
    off_grid = sum(1 for h in hits if h.step % 4 != 0) / len(hits)
    out: dict[str, Any] = {
        "tempo_avg": song.tempo,
        "syncopation": round(min(1.0, off_grid * 1.2), 3),
        "complexity": round(min(1.0, max(0.0, (per_bar - 6.0) / 20.0)), 3),
    }
    if q.performed or song.swing.percent > SWUNG:
        out["swing_percent"] = round(min(75.0, max(50.0, song.swing.percent)), 2)
        out["swing_unit"] = song.swing.unit
    if q.performed:
        by_voice: dict[str, list[float]] = {}
        for h in hits:
            by_voice.setdefault(h.voice.key, []).append(h.offset_ms)
        # relative to the mean of all hits: a file's absolute alignment to its clock (latency)
        # says nothing about feel; how each voice leans against the others does
        overall = statistics.fmean(h.offset_ms for h in hits)
        micro = {k: round(max(-60.0, min(60.0, statistics.fmean(v) - overall)), 2)
                 for k, v in by_voice.items() if len(v) >= 4}
        offsets = [h.offset_ms - overall - micro.get(h.voice.key, 0.0) for h in hits]
        out["microtiming_ms"] = micro
        out["timing_jitter_ms"] = (round(min(60.0, statistics.pstdev(offsets)), 2)
                                   if len(hits) > 1 else 8.0)
    if q.dynamics:
        velocities = [h.velocity for h in hits]
        out["velocity_mean"] = round(statistics.fmean(velocities), 2)
        out["velocity_std"] = round(min(60.0, statistics.pstdev(velocities)), 2)
        snares = [h for h in hits if h.voice.key == "snare"]
        if snares:
            out["ghost_note_prob"] = round(sum(1 for h in snares if h.velocity < GHOST_VELOCITY)
                                           / len(snares), 3)
    rides = sum(1 for h in hits if h.voice.key in ("ride", "ride_bell"))
    if rides:
        hats = sum(1 for h in hits if h.voice.key in ("closed_hat", "open_hat"))
        out["ride_led"] = rides > hats
    return out


def analyse(files: Sequence[Path | MidiInput], *, artist: Sequence[str] = (),
            source: str = "midi_files", license: str = LICENSE
            ) -> tuple[list[Evidence], list[str]]:
    """Evidence per song and for the artist's grooves across the songs; errors per file."""
    from ..groove_clusters import learn_grooves
    from ..midi_song import read_song

    out: list[Evidence] = []
    errors: list[str] = []
    songs = []
    for item in files:
        f = item if isinstance(item, MidiInput) else MidiInput(Path(item))
        try:
            song = read_song(f.path, title=f.title, artist=artist, where=str(f.path))
        except Exception as e:  # a broken file is reported, the others still count
            errors.append(f"{f.path.name}: {e}")
            continue
        if not song.bars:
            errors.append(f"{f.path.name}: no usable drum bars")
            continue
        attributed = song.attributed if f.attributed is None else f.attributed
        songs.append((song, attributed))
        confidence = min(0.85, 0.4 + 0.03 * len(song.bars)) * song.quality.score
        out.append(Evidence(source, f.url or str(f.path), {
            "params": song_params(song), "tempos": [song.tempo],
            "tempo_range": list(song.tempo_range), "bars": len(song.bars),
            "time_signature": str(song.time_signature), "song": song.title,
            "quality": song.quality.to_dict(), "attributed": attributed,
            "full_band": song.full_band, "drum_source": song.drum_source,
            "info": list(song.info)}, round(max(0.01, confidence), 3), license,
            title=f.title or f.path.name))
    if songs:
        bars = [b for song, _ in songs for b in song.bars]
        grooves = learn_grooves(
            bars, tempo={s.title: s.tempo for s, _ in songs},
            performed_swing={s.title: s.quality.performed and s.swing.percent > SWUNG
                             for s, _ in songs})
        quality = statistics.fmean(s.quality.score for s, _ in songs)
        attributed = 2 * sum(1 for _, a in songs if a) >= len(songs)
        first = files[0].path if isinstance(files[0], MidiInput) else Path(files[0])
        where = str(first.parent) if len(files) > 1 else str(first)
        out.append(Evidence(source, where, {
            "signature_grooves": [g.to_dict() for g in grooves],
            "songs": [s.title for s, _ in songs], "files": len(songs), "bars": len(bars),
            "attributed": attributed},
            round(max(0.01, min(0.9, 0.5 + 0.02 * len(bars)) * quality), 3), license,
            title=f"{len(songs)} song(s), {len(bars)} bars: "
                  f"{sum(g.role == 'main' for g in grooves)} main groove(s), "
                  f"{sum(g.role == 'variation' for g in grooves)} variation(s), "
                  f"{sum(g.role == 'fill' for g in grooves)} fill(s)"))
    return out, errors


def with_notices(evidence: list[Evidence], notices: Sequence[str]) -> list[Evidence]:
    """The same evidence, the last piece carrying `notices` (what the user should know)."""
    if not evidence or not notices:
        return evidence
    last = evidence[-1]
    payload = {**last.payload, "notices": [*last.payload.get("notices", ()), *notices]}
    return [*evidence[:-1], Evidence(last.source, last.url, payload, last.confidence,
                                     last.license, last.retrieved_at, last.title)]


def skipped_notice(kind: str, errors: Sequence[str], total: int) -> list[str]:
    if not errors:
        return []
    return [f"skipped {len(errors)} of {total} {kind} file(s): " + "; ".join(errors)[:400]]


class MidiFilesCollector(Collector):
    name = "midi_files"
    online = False
    weight = 1.5

    def applies(self, query: ResearchQuery) -> bool:
        return query.source_dir is not None

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        files, total = find_midi(query.source_dir, http.settings.max_files)
        if not files:
            return []
        names = [query.artist, *(str(a) for a in query.hints.get("aliases", ()))]
        out, errors = await asyncio.to_thread(analyse, files, artist=names)
        if errors and not out:
            raise ResearchError("midi: " + "; ".join(errors)[:600])
        notices = (cap_notice("MIDI", len(files), total, query.source_dir)
                   + skipped_notice("MIDI", errors, len(files)))
        return with_notices(out, notices)
