"""`mididrumigen generate` end to end through the real CLI (in-process runner and a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mididrumigen.cli import app
from mididrumigen.midi.reader import read_drum_pattern

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


def test_generates_one_midi_file_per_variation(tmp_path: Path) -> None:
    res = run("generate", "John Bonham", "--out", str(tmp_path), "--seed", "3")
    assert res.exit_code == 0, res.output
    files = sorted(tmp_path.glob("*.mid"))
    assert [f.name for f in files] == [f"john-bonham_var{i}.mid" for i in range(1, 5)]
    for f in files:
        p = read_drum_pattern(f)
        assert p.total_bars == 4 and len(p.notes) > 20
    assert "BD |" in res.output and "confidence" in res.output


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        assert run("generate", "Questlove", "--out", str(d), "--seed", "11").exit_code == 0
    for fa in sorted(a.iterdir()):
        assert fa.read_bytes() == (b / fa.name).read_bytes()


def test_json_format_and_options(tmp_path: Path) -> None:
    res = run("generate", "Tony Allen", "--out", str(tmp_path), "--format", "json", "--bars", "2",
              "--variations", "2", "--tempo", "110", "--time-signature", "7/8", "--seed", "1")
    assert res.exit_code == 0, res.output
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == 2
    data = json.loads(files[0].read_text())
    assert data["time_signature"] == [7, 8] and data["total_bars"] == 2 and data["tempo"] == 110


def test_producer_controls(tmp_path: Path) -> None:
    def notes(name: str, *args: str) -> list[tuple[int, int, int]]:
        out = tmp_path / name
        res = run("generate", "Xyzzy Plugh Band", "--genre", "funk", "--bars", "2",
                  "--variations", "1", "--seed", "4", "--out", str(out), "--no-history", *args)
        assert res.exit_code == 0, res.output
        return [(n.time, n.pitch, n.velocity)
                for n in read_drum_pattern(out / "xyzzy-plugh-band_var1.mid").notes]

    assert notes("zero", "--humanize-amount", "0") == notes("off", "--no-humanize")
    assert notes("half", "--humanize-amount", "0.5") != notes("full")
    straight = notes("straight", "--swing", "50", "--no-humanize")
    swung = notes("swung", "--swing", "75", "--no-humanize")
    assert {t % 240 for t, _, _ in straight} <= {0, 120} and any(t % 240 == 180 for t, _, _ in swung)
    assert len(notes("dense", "--complexity", "1")) > len(notes("sparse", "--complexity", "0"))


def test_unicode_artist_name(tmp_path: Path) -> None:
    res = run("generate", "Mötley Crüe", "--out", str(tmp_path), "--seed", "2", "--variations", "1")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "motley-crue_var1.mid").is_file()


def test_unknown_artist_says_so_and_uses_genre(tmp_path: Path) -> None:
    res = run("generate", "Xyzzy Plugh Quintet", "--genre", "funk", "--out", str(tmp_path),
              "--seed", "4", "--variations", "1")
    assert res.exit_code == 0, res.output
    assert "not in the offline knowledge base" in res.output
    assert "funk" in res.output and "0.20" in res.output
    assert "Try --genre GENRE." in res.output  # the CLI's advice names its flag


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--tempo", "1000"], "tempo must be in range 40..300"),
        (["--bars", "0"], "bars must be in range 1..16"),
        (["--time-signature", "13/5"], "denominator"),
        (["--variations", "9"], "variations must be in range 1..8"),
        (["--format", "wav"], "format must be one of"),
        (["--provider", "gpt9"], "provider must be one of"),
        (["--genre", "polka-step"], "genre"),
        (["--complexity", "1.5"], "complexity must be in range 0..1"),
        (["--swing", "80"], "swing must be in range 50..75"),
        (["--humanize-amount", "-1"], "humanize_amount must be in range 0..1"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, args: list[str], reason: str) -> None:
    out = tmp_path / "out"
    res = run("generate", "John Bonham", "--out", str(out), *args)
    assert res.exit_code == 2
    assert reason in res.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("name", ["x" * 10_000, "Bon\x07ham", ""])
def test_bad_artist_names_exit_2(tmp_path: Path, name: str) -> None:
    res = run("generate", name, "--out", str(tmp_path / "o"))
    assert res.exit_code == 2
    assert "artist" in res.output
    assert not (tmp_path / "o").exists()


def test_console_script_runs_in_a_fresh_process(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "mididrumigen"
    proc = subprocess.run([str(exe), "generate", "J Dilla", "--out", str(tmp_path), "--seed", "5",
                           "-q"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.split()) == 4
    bad = subprocess.run([str(exe), "generate", "J Dilla", "--tempo", "1000"], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines()[-1].startswith("error: tempo must be in range")


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from mididrumigen.cli import app; "
            "bad=[m for m in ('sqlalchemy','numpy','mido','pydantic','fastapi','httpx') "
            "if m in sys.modules]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_drum_map_midi_type_and_ppq_options(tmp_path: Path) -> None:
    from mididrumigen.midi.drum_maps import get_drum_map
    from mididrumigen.midi.reader import read_drum_file

    gm, ezd = tmp_path / "gm", tmp_path / "ezd"
    assert run("generate", "Questlove", "--out", str(gm), "--seed", "8", "--variations", "1").exit_code == 0
    res = run("generate", "Questlove", "--out", str(ezd), "--seed", "8", "--variations", "1",
              "--drum-map", "ezd3", "--midi-type", "0", "--ppq", "960")
    assert res.exit_code == 0, res.output
    plain = read_drum_pattern(gm / "questlove_var1.mid")
    mapped = read_drum_file(ezd / "questlove_var1.mid")
    assert mapped.source_format == 0 and mapped.source_ppq == 960
    kit = get_drum_map("ezd3")
    expected = sorted((n.time * 2, kit.pitch_for(n.pitch), n.velocity) for n in plain.notes)
    got = sorted((n.time, n.pitch, n.velocity) for n in mapped.pattern.notes)
    assert got == expected


def test_json_output_takes_the_drum_map_and_ppq(tmp_path: Path) -> None:
    """--format json used to drop --drum-map silently: now the JSON holds the kit's pitches
    (and says which kit), at the asked resolution."""
    from mididrumigen.midi.drum_maps import get_drum_map

    gm, ad2 = tmp_path / "gm", tmp_path / "ad2"
    common = ("--seed", "8", "--variations", "1", "--format", "json")
    assert run("generate", "Questlove", "--out", str(gm), *common).exit_code == 0
    res = run("generate", "Questlove", "--out", str(ad2), *common, "--drum-map", "ad2",
              "--ppq", "960")
    assert res.exit_code == 0, res.output
    plain = json.loads((gm / "questlove_var1.json").read_text())
    mapped = json.loads((ad2 / "questlove_var1.json").read_text())
    assert "drum_map" not in plain and mapped["drum_map"] == "ad2" and mapped["ppq"] == 960
    kit = get_drum_map("ad2")
    assert [(n["time"] * 2, kit.pitch_for(n["pitch"]), n["velocity"]) for n in plain["notes"]] \
        == [(n["time"], n["pitch"], n["velocity"]) for n in mapped["notes"]]
    assert {n["pitch"] for n in mapped["notes"]} != {n["pitch"] for n in plain["notes"]}


@pytest.mark.parametrize(("args", "reason"), [
    (["--format", "json", "--split-voices"], "JSON output is one list of notes"),
    (["--format", "json", "--midi-type", "0"], "JSON output is one list of notes"),
    (["--format", "json", "--drum-map", "nosuchkit"], "unknown drum map"),
    (["--drum-map", "nosuchkit"], "unknown drum map"),
    (["--midi-type", "2"], "midi_type must be 0 or 1"),
    (["--ppq", "1001"], "ppq must be a multiple of 4"),
])
def test_bad_output_options_exit_2(tmp_path: Path, args: list[str], reason: str) -> None:
    res = run("generate", "Questlove", "--out", str(tmp_path / "o"), *args)
    assert res.exit_code == 2 and reason in res.output
    assert not (tmp_path / "o").exists()


def test_groove_command_writes_an_ableton_groove(tmp_path: Path) -> None:
    from mididrumigen.midi.agr import read_agr_file

    out = tmp_path / "dilla.agr"
    res = run("groove", "J Dilla", "--out", str(out))
    assert res.exit_code == 0, res.output
    groove = read_agr_file(out)
    assert groove.notes and groove.timing_amount > 0
    offbeats = [n.time % 0.5 for n in groove.notes if 0.2 < n.time % 0.5 < 0.4]
    assert offbeats and all(t > 0.25 for t in offbeats)  # Dilla's swung 16ths land late
    assert run("groove", "J Dilla", "--bars", "9").exit_code == 2
