"""Songs written with mido for the research tests and benchmark (no tests here): full-band
files with bass, keys and a drum part on channel 10 whose grooves are known grid text.

    song_bytes([(GROOVE, 8), (FILL, 1), ...], tempo=96, title="Song") -> bytes

Each (grid, repeats) plays its grid `repeats` times in order. `humanize_ms` adds seeded timing
jitter and `swing` (percent, on eighths) moves the off-beat eighths, like a drummer would;
`tempo_map` adds tempo changes [(bar, bpm)]; `meters` [(bar, (n, d))] changes the meter (each
grid must then fit the meter it is played in); `drum_channel` / `drum_track` choose where the
drums are (channel 9 is MIDI channel 10).
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

ROCK = """HH |x.x.x.x.x.x.x.x.|
SD |....X.......X...|
BD |X.......X.X.....|"""
ROCK_VARIATION = """HH |x.x.x.x.x.x.x.x.|
SD |....X.......X...|
BD |X.X.....X.......|"""
FILL = """HH |x.x.x.x.........|
SD |....X.......XXXX|
BD |X.......X.......|
HT |........XX......|
FT |..........XX....|"""
FUNK = """HH |xxxxxxxxxxxxxxxx|
SD |....X..g.g..X..g|
BD |X.X.......X..X..|"""


def song_bytes(parts: Sequence[tuple[str, int]], *, tempo: float = 100.0,
               title: str = "Song", meters: Sequence[tuple[int, tuple[int, int]]] = (),
               tempo_map: Sequence[tuple[int, float]] = (), band: bool = True,
               drum_channel: int = 9, drum_track: str = "Drums", humanize_ms: float = 0.0,
               swing: float = 50.0, seed: int = 0, ppq: int = 480,
               drum_program: int | None = None) -> bytes:
    import mido

    from mididrumigen.domain.grid import grid_to_pattern, parse_grid
    from mididrumigen.domain.meter import TimeSignature

    rng = random.Random(seed)
    meter_at = dict(meters)
    current = meter_at.get(0, (4, 4))
    events: list[tuple[int, str, int, int]] = []  # (tick, kind, pitch, velocity)
    bar_ticks: list[tuple[int, tuple[int, int]]] = []
    tick, bar = 0, 0
    for grid_text, repeats in parts:
        for _ in range(repeats):
            current = meter_at.get(bar, current)
            ts = TimeSignature(*current)
            grid = parse_grid(grid_text, ts)
            pattern = grid_to_pattern(grid, ppq=ppq)
            tpb = ts.ticks_per_bar(ppq)
            for b in range(grid.bars):
                bar_ticks.append((tick + b * tpb, current))
            for n in pattern.notes:
                t = n.time
                eighth = ppq // 2
                if swing != 50.0 and t % eighth == 0 and (t // eighth) % 2 == 1:
                    t += round((swing - 50.0) / 50.0 * eighth)
                if humanize_ms:
                    t += round(rng.gauss(0.0, humanize_ms) / 1000.0 * tempo / 60.0 * ppq)
                t = max(0, tick + t)
                events.append((t, "on", n.pitch, n.velocity))
                events.append((t + max(1, n.duration), "off", n.pitch, 0))
            tick += grid.bars * tpb
            bar += grid.bars
    end = tick
    mid = mido.MidiFile(type=1, ticks_per_beat=ppq)
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("track_name", name=title, time=0))
    meta: list[tuple[int, mido.MetaMessage]] = [(0, mido.MetaMessage(
        "set_tempo", tempo=mido.bpm2tempo(tempo), time=0))]
    for at_bar, bpm in tempo_map:
        meta.append((bar_ticks[at_bar][0], mido.MetaMessage("set_tempo",
                                                             tempo=mido.bpm2tempo(bpm), time=0)))
    last = None
    for start, sig in bar_ticks:
        if sig != last:
            meta.append((start, mido.MetaMessage("time_signature", numerator=sig[0],
                                                 denominator=sig[1], time=0)))
            last = sig
    _append_abs(conductor, sorted(meta, key=lambda m: m[0]), end)
    mid.tracks.append(conductor)
    if band:
        beat = ppq
        bass = [(t, mido.Message("note_on", channel=0, note=36 + (t // beat) % 5, velocity=90))
                for t in range(0, end, beat)]
        bass += [(t + beat // 2, mido.Message("note_off", channel=0, note=36 + (t // beat) % 5,
                                              velocity=0)) for t in range(0, end, beat)]
        bass_track = mido.MidiTrack([mido.MetaMessage("track_name", name="Bass", time=0),
                                     mido.Message("program_change", channel=0, program=33)])
        _append_abs(bass_track, sorted(bass, key=lambda m: m[0]), end)
        mid.tracks.append(bass_track)
        keys = []
        for t in range(0, end, 2 * beat):
            for note in (60, 64, 67):
                keys.append((t, mido.Message("note_on", channel=1, note=note, velocity=70)))
                keys.append((t + beat, mido.Message("note_off", channel=1, note=note,
                                                    velocity=0)))
        keys_track = mido.MidiTrack([mido.MetaMessage("track_name", name="Piano", time=0)])
        _append_abs(keys_track, sorted(keys, key=lambda m: m[0]), end)
        mid.tracks.append(keys_track)
    drums = mido.MidiTrack([mido.MetaMessage("track_name", name=drum_track, time=0)])
    if drum_program is not None:
        drums.append(mido.Message("control_change", channel=drum_channel, control=0, value=120))
        drums.append(mido.Message("program_change", channel=drum_channel, program=drum_program))
    msgs = [(t, mido.Message("note_on" if kind == "on" else "note_off", channel=drum_channel,
                             note=pitch, velocity=vel))
            for t, kind, pitch, vel in sorted(events, key=lambda e: (e[0], e[1] == "on"))]
    _append_abs(drums, msgs, end)
    mid.tracks.append(drums)
    buf = io.BytesIO()
    mid.save(file=buf)
    return buf.getvalue()


def _append_abs(track, timed, end: int) -> None:  # type: ignore[no-untyped-def]
    import mido

    now = 0
    for t, msg in timed:
        track.append(msg.copy(time=max(0, t - now)))
        now = max(now, t)
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - now)))


def grid_onsets(grid_text: str, meter: tuple[int, int] = (4, 4)) -> set[tuple[int, int]]:
    """(GM pitch, tick) of every note a grid plays, at ppq 480 (for comparing onsets)."""
    from mididrumigen.domain.grid import grid_to_pattern, parse_grid
    from mididrumigen.domain.meter import TimeSignature

    pattern = grid_to_pattern(parse_grid(grid_text, TimeSignature(*meter)))
    return {(n.pitch, n.time) for n in pattern.notes}
