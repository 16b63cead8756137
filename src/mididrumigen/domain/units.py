"""Time units: pure conversions between milliseconds, beats, steps, ticks and tempo.

Like mido's `midifiles/units.py` (`bpm2tempo`, `tick2second`): one place for the arithmetic
that turns a tempo and a resolution into another unit, so no module writes `60_000 / bpm`
itself. A beat is a quarter note (MIDI's ticks_per_beat, Live's beat); a step is a sixteenth
(the grid's step in every meter, see meter.py); ppq is ticks per quarter note.

    ms_to_ticks(20.0, bpm=100, ppq=480)   -> 16.0    (20 ms late at 100 BPM)
    bpm_to_us_per_beat(120)               -> 500000  (a MIDI set_tempo value)
    steps_to_ticks(3, ppq=480)            -> 360

Float conversions return floats (round where a whole tick is needed); tick-to-tick rescaling
is exact integer arithmetic.
"""

from __future__ import annotations

STEPS_PER_BEAT = 4  # sixteenths per quarter note
MS_PER_MINUTE = 60_000.0
US_PER_MINUTE = 60_000_000


def ms_per_beat(bpm: float) -> float:
    """Length of one quarter note in milliseconds at `bpm`."""
    return MS_PER_MINUTE / bpm


def ms_per_step(bpm: float) -> float:
    """Length of one sixteenth-note step in milliseconds at `bpm`."""
    return MS_PER_MINUTE / bpm / STEPS_PER_BEAT


def beats_per_ms(bpm: float) -> float:
    """Quarter notes per millisecond at `bpm` (the factor ms_to_beats multiplies by)."""
    return bpm / MS_PER_MINUTE


def ms_to_beats(ms: float, bpm: float) -> float:
    return ms * beats_per_ms(bpm)


def beats_to_ms(beats: float, bpm: float) -> float:
    return beats / beats_per_ms(bpm)


def seconds_per_beat(bpm: float) -> float:
    return 60.0 / bpm


def bpm_from_seconds_per_beat(seconds: float) -> float:
    """The tempo whose quarter note lasts `seconds` (an inter-beat interval)."""
    return 60.0 / seconds


def bpm_to_us_per_beat(bpm: float) -> int:
    """MIDI set_tempo value (microseconds per quarter note), rounded: 120 BPM -> 500000."""
    return round(US_PER_MINUTE / bpm)


def us_per_beat_to_bpm(us: float) -> float:
    """Tempo in BPM of a MIDI set_tempo value: 500000 -> 120.0."""
    return US_PER_MINUTE / us


def ticks_per_step(ppq: int) -> int:
    """Ticks in one sixteenth-note step (ppq is a multiple of 4 in this project)."""
    return ppq // STEPS_PER_BEAT


def steps_to_ticks(steps: int, ppq: int) -> int:
    return steps * ticks_per_step(ppq)


def ticks_to_steps(ticks: float, ppq: int) -> float:
    return ticks / ticks_per_step(ppq)


def beats_to_ticks(beats: float, ppq: int) -> float:
    return beats * ppq


def ticks_to_beats(ticks: float, ppq: int) -> float:
    return ticks / ppq


def ticks_per_ms(bpm: float, ppq: int) -> float:
    """Ticks at `ppq` in one millisecond at `bpm` (the factor ms_to_ticks multiplies by)."""
    return ppq * bpm / MS_PER_MINUTE


def ms_to_ticks(ms: float, bpm: float, ppq: int) -> float:
    """Milliseconds at `bpm` as (fractional) ticks at `ppq`."""
    return ms * ticks_per_ms(bpm, ppq)


def ticks_to_ms(ticks: float, bpm: float, ppq: int) -> float:
    return ticks / ticks_per_ms(bpm, ppq)


def ticks_to_seconds(ticks: float, bpm: float, ppq: int) -> float:
    return ticks / ppq * 60.0 / bpm


def rescale_ticks(ticks: int, from_ppq: int, to_ppq: int) -> int:
    """A tick position at `from_ppq` as the nearest tick at `to_ppq` (halves round up);
    exact integer arithmetic, so equal inputs always give equal outputs."""
    if from_ppq == to_ppq:
        return ticks
    return (2 * ticks * to_ppq + from_ppq) // (2 * from_ppq)
