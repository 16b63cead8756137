"""What one drummer with two hands and two feet can play, enforced on lines and checked.

Rules (per sixteenth step unless said otherwise):

* at most two hand voices at once (Voice.limb == "hand"); the kick and the pedal hat are feet;
* never an open and a closed hi-hat together, and no pedal hat on an open hat;
* a one-hand line (hi-hats, ride) is never faster than one hand can play at the tempo:
  above ~130 BPM two hits a sixteenth apart need the other hand free at both steps to
  alternate, else the off-beat one goes; nothing but eighths for the hands above ~260 BPM;
* one foot plays at most two kicks in a row (one above ~170 BPM); longer sixteenth kick runs only
  when the profile says double_kick, and then the pedal hat rests under the run.

`enforce` drops the least important hits until every rule holds (ghosts and time-keeping go
first; backbeats, crashes and toms stay). `violations` reports what breaks a rule.
"""

from __future__ import annotations

from ..domain.voices import Voice
from . import lines as L
from .feel import Feel

ONE_HAND_MAX_BPM_16THS = 130.0  # a hand alone plays sixteenths up to about this tempo
TWO_HANDS_MAX_BPM_16THS = 260.0
SINGLE_FOOT_DOUBLES_MAX_BPM = 170.0

_PRIORITY = {
    Voice.CRASH: 9, Voice.CHINA: 8, Voice.SPLASH: 7, Voice.SNARE: 8, Voice.RIMSHOT: 8,
    Voice.CLAP: 7, Voice.HIGH_TOM: 6, Voice.MID_TOM: 6, Voice.FLOOR_TOM: 6,
    Voice.SIDE_STICK: 5, Voice.RIDE_BELL: 4, Voice.RIDE: 4, Voice.OPEN_HAT: 4,
    Voice.CLOSED_HAT: 3, Voice.COWBELL: 2, Voice.TAMBOURINE: 2,
}
HAND_LINES = ((Voice.CLOSED_HAT, Voice.OPEN_HAT), (Voice.RIDE, Voice.RIDE_BELL))


def _priority(voice: Voice, ch: str) -> int:
    p = _PRIORITY.get(voice, 1)
    if ch == "g":
        return p - 10  # ghosts go first
    if ch == "X":
        return p + 1
    return p


def max_kick_run(feel: Feel) -> int:
    if feel.double_kick:
        return 64
    return 2 if feel.tempo <= SINGLE_FOOT_DOUBLES_MAX_BPM else 1


def _kick_runs(kick: list[str], starts: frozenset[int], spb: int, max_run: int) -> None:
    run = 0
    for i in range(len(kick)):
        if kick[i] == L.REST:
            run = 0
        elif run < max_run:
            run += 1
        elif i % spb in starts and (i - 1) % spb not in starts:
            kick[i - 1] = L.REST  # keep the beat, drop the note before it
            run = 1
        else:
            kick[i] = L.REST
            run = 0


def sixteenth_offbeats(feel: Feel) -> list[bool]:
    """Per bar step: True where a step is off the eighth-note grid of its pulse group (and the
    last step of an odd-sized group, which would run into the next group)."""
    out = [False] * feel.spb
    for s, g in zip(feel.starts, feel.time_signature.beat_groups, strict=True):
        for p in range(1, g):
            if p % 2 or (g % 2 and p == g - 1):
                out[s + p] = True
    return out


def _needs_one_hand(hits: list[bool], busy: list[bool], i: int, tempo: float) -> bool:
    """Hits at steps i and i+1 of a hand line need one hand at sixteenth speed: the other hand
    is busy with another voice at either step (or the tempo is past two-hand speed)."""
    return (hits[i] and hits[i + 1]
            and (tempo > TWO_HANDS_MAX_BPM_16THS or busy[i] or busy[i + 1]))


def _hand_line_state(lines: L.Lines, voices: tuple[Voice, ...],
                     n: int) -> tuple[list[L.Line], list[bool], list[bool]]:
    rows = [lines[v] for v in voices if v in lines]
    others = [row for v, row in lines.items() if v.limb == "hand" and v not in voices]
    hits = [any(r[i] != L.REST for r in rows) for i in range(n)]
    busy = [any(r[i] != L.REST for r in others) for i in range(n)]
    return rows, hits, busy


def _thin_line(lines: L.Lines, voices: tuple[Voice, ...], feel: Feel, n: int) -> None:
    """Keep a one-hand line playable: where two of its hits are a sixteenth apart and the other
    hand is busy at either step, drop the one on the sixteenth off-beat (hands alternate
    everywhere else, so a trap hat roll around a lone clap survives)."""
    rows, hits, busy = _hand_line_state(lines, voices, n)
    if not rows:
        return
    odd = sixteenth_offbeats(feel)
    for i in range(n - 1):
        if _needs_one_hand(hits, busy, i, feel.tempo):
            j = i if odd[i % feel.spb] else i + 1
            for r in rows:
                r[j] = L.REST
            hits[j] = False


def enforce(lines: L.Lines, feel: Feel) -> None:
    """Make `lines` playable, in place."""
    n = L.n_steps(lines)
    if n == 0:
        return
    closed, opened, pedal = (lines.get(Voice.CLOSED_HAT), lines.get(Voice.OPEN_HAT),
                             lines.get(Voice.PEDAL_HAT))
    if opened:
        for i, c in enumerate(opened):
            if c != L.REST:
                if closed and closed[i] != L.REST:
                    closed[i] = L.REST
                if pedal and pedal[i] != L.REST:
                    pedal[i] = L.REST
    hands = [(v, row) for v, row in lines.items() if v.limb == "hand"]
    if len(hands) > 2:
        rows = [row for _, row in hands]
        for i, cells in enumerate(zip(*rows, strict=True)):
            if len(cells) - cells.count(L.REST) <= 2:
                continue
            playing = [(v, row) for v, row in hands if row[i] != L.REST]
            playing.sort(key=lambda vr: _priority(vr[0], vr[1][i]), reverse=True)
            for _, row in playing[2:]:
                row[i] = L.REST
    kick = lines.get(Voice.KICK)
    starts = frozenset(feel.starts)
    if kick:
        _kick_runs(kick, starts, feel.spb, max_kick_run(feel))
        if feel.double_kick and pedal:
            for i in range(n):
                if kick[i] != L.REST and ((i > 0 and kick[i - 1] != L.REST)
                                          or (i + 1 < n and kick[i + 1] != L.REST)):
                    pedal[i] = L.REST
    if feel.tempo > ONE_HAND_MAX_BPM_16THS:
        for voices in HAND_LINES:
            _thin_line(lines, voices, feel, n)
    if feel.tempo > TWO_HANDS_MAX_BPM_16THS:
        odd = sixteenth_offbeats(feel)
        for v, row in lines.items():
            if v.limb == "hand":
                for i in range(n):
                    if odd[i % feel.spb]:
                        row[i] = L.REST
    for v in [v for v, row in lines.items() if all(c == L.REST for c in row)]:
        del lines[v]


def violations(lines: L.Lines, feel: Feel) -> list[str]:
    """Every broken rule, as text naming the step (empty when playable)."""
    out: list[str] = []
    n = L.n_steps(lines)

    def at(v: Voice, i: int) -> bool:
        row = lines.get(v)
        return bool(row) and row[i] != L.REST  # type: ignore[index]

    run = 0
    for i in range(n):
        hand = [v.label for v, row in lines.items() if v.limb == "hand" and row[i] != L.REST]
        if len(hand) > 2:
            out.append(f"step {i}: {len(hand)} hand voices ({' '.join(hand)})")
        if at(Voice.OPEN_HAT, i) and at(Voice.CLOSED_HAT, i):
            out.append(f"step {i}: open and closed hi-hat together")
        if at(Voice.OPEN_HAT, i) and at(Voice.PEDAL_HAT, i):
            out.append(f"step {i}: pedal hat on an open hi-hat")
        run = run + 1 if at(Voice.KICK, i) else 0
        if run > max_kick_run(feel):
            out.append(f"step {i}: {run} kicks in a row without double kick")
    if feel.tempo > ONE_HAND_MAX_BPM_16THS:
        for voices in HAND_LINES:
            _, hits, busy = _hand_line_state(lines, voices, n)
            for i in range(n - 1):
                if _needs_one_hand(hits, busy, i, feel.tempo):
                    out.append(f"step {i}: one-hand {voices[0].label} sixteenths at "
                               f"{feel.tempo:g} BPM")
    return out
