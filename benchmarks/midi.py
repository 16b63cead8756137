"""Reading untrusted MIDI (not a test): how long the safe reader takes to refuse or skip hostile
files. Targets: every case under 2 s (the largest refusal, 300 000 notes, under 3 s); the
worst of a few thousand random and mutated files well under that — the reader never hangs.

Cases: a 2.6 MB sysex bomb (skipped, the one kick read), 300 000 notes (refused at the note
limit), a 5.2 MB file (refused before reading), random bytes, random track bodies with lying
lengths, and mutations of a real Groove MIDI Dataset file when the corpus is present.

Run: .venv/bin/python benchmarks/midi.py [random cases]
"""

from __future__ import annotations

import contextlib
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from mididrumigen.errors import MidiFileError
from mididrumigen.midi.reader import read_drum_pattern

EOT = b"\x00\xff\x2f\x00"
KICK = b"\x00\x99\x24\x64\x3c\x89\x24\x00"
GMD_FILE = (Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "gmd-train"
            / "drummer1" / "session1" / "10_jazz-funk_116_fill_4-4.mid")


def smf(body: bytes, *, fmt: int = 1, ntracks: int = 1, ppq: int = 480,
        declared: int | None = None) -> bytes:
    head = b"MThd" + (6).to_bytes(4, "big") + bytes([0, fmt]) + ntracks.to_bytes(2, "big")
    length = len(body) if declared is None else declared
    return head + (ppq & 0xFFFF).to_bytes(2, "big") + b"MTrk" + length.to_bytes(4, "big") + body


def seconds(data: bytes) -> float:
    start = time.perf_counter()
    with contextlib.suppress(MidiFileError):  # refusing is the expected answer
        read_drum_pattern(data)
    return time.perf_counter() - start


def worst(make: Callable[[random.Random], bytes], n: int, rng: random.Random) -> float:
    return max(seconds(make(rng)) for _ in range(n))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(1)
    bomb = b"\x00\xf0\x7f" + b"\x00" * 127 + b"\x00\xf7\x00"
    fixed = [("sysex bomb 2.6 MB (skipped)", smf(bomb * 20_000 + KICK + EOT), 2.0),
             ("300 000 notes (refused)", smf(b"\x00\x99\x24\x64" + b"\x01\x24\x64" * 300_000
                                             + EOT), 3.0),
             ("5.2 MB file (refused unread)", smf(b"\x00\xff\x01\x00" * 1_300_000 + KICK + EOT),
              2.0)]
    for label, data, target in fixed:
        t = seconds(data)
        print(f"{label:34s} {t * 1000:8.1f} ms  (target < {target:g} s) "
              f"{'OK' if t < target else 'SLOW'}")

    def random_bytes(r: random.Random) -> bytes:
        return r.randbytes(r.randrange(400))

    def random_track(r: random.Random) -> bytes:
        body = r.randbytes(r.randrange(300))
        return smf(body, fmt=r.randrange(3), ntracks=r.randrange(5), ppq=r.randrange(40_000),
                   declared=r.choice([None, r.randrange(2**32)]))

    cases: list[tuple[str, Callable[[random.Random], bytes]]] = [
        ("random bytes", random_bytes), ("random track bodies", random_track)]
    if GMD_FILE.exists():
        real = GMD_FILE.read_bytes()

        def mutated(r: random.Random) -> bytes:
            data = bytearray(real)
            for _ in range(r.randrange(1, 9)):
                i = r.randrange(len(data))
                op = r.randrange(3)
                if op == 0:
                    data[i] = r.randrange(256)
                elif op == 1:
                    data.insert(i, r.randrange(256))
                else:
                    del data[i]
            return bytes(data[: r.randrange(len(data) + 1)])

        cases.append(("mutated GMD file", mutated))
    for label, make in cases:
        t = worst(make, n, rng)
        print(f"{label + f' (worst of {n})':34s} {t * 1000:8.1f} ms  (target < 2 s) "
              f"{'OK' if t < 2.0 else 'SLOW'}")


if __name__ == "__main__":
    main()
