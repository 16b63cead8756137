"""`mididrumigen artists …` through typer's CliRunner, on the fixture knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mididrumigen.cli.artists import app

FIXTURES = Path(__file__).parent / "fixtures" / "kb"
KB = ["--dir", str(FIXTURES)]
runner = CliRunner()


def test_list_table() -> None:
    r = runner.invoke(app, ["list", *KB])
    assert r.exit_code == 0, r.output
    assert "8 artists" in r.output and "Questlove" in r.output and "Mötley Crüe" in r.output


def test_list_json_with_genre_alias() -> None:
    r = runner.invoke(app, ["list", "--genre", "hip-hop", "--format", "json", *KB])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["count"] == 1 and data["data"][0]["name"] == "Questlove"
    assert data["data"][0]["signature_grooves"] == 2


def test_list_unknown_genre_and_bad_format_exit_2() -> None:
    r = runner.invoke(app, ["list", "--genre", "polka", *KB])
    assert r.exit_code == 2 and "unknown genre 'polka'" in r.output
    r = runner.invoke(app, ["list", "--format", "xml", *KB])
    assert r.exit_code == 2 and "--format must be one of table, json" in r.output


def test_show_renders_profile_and_grooves() -> None:
    r = runner.invoke(app, ["show", "Questlov", *KB])
    assert r.exit_code == 0, r.output
    assert "Assuming 'Questlov' means Questlove" in r.output
    assert "snare +20 ms" in r.output  # micro-timing from the profile
    assert "Pocket (4/4, 90 BPM)" in r.output and "Seven (7/8)" in r.output
    assert "SD |....X..g....X...|" in r.output  # grid rendered
    assert "bands: The Roots" in r.output and "provenance:" in r.output


def test_show_json() -> None:
    r = runner.invoke(app, ["show", "Jimmy Page", "-f", "json", *KB])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["resolution"]["how"] == "member"
    assert data["profile"]["artist_name"] == "Led Zeppelin"
    assert data["profile"]["params"]["swing_percent"] == 54


def test_show_unknown_exits_2_with_suggestions() -> None:
    r = runner.invoke(app, ["show", "Zeppelin", *KB])
    assert r.exit_code == 2
    assert "Did you mean: Led Zeppelin?" in r.output
    r = runner.invoke(app, ["show", "Xyzzy Quartet", *KB])
    assert r.exit_code == 2 and "mididrumigen artists list" in r.output


def test_search_ranks_with_scores() -> None:
    r = runner.invoke(app, ["search", "bonham", *KB])
    assert r.exit_code == 0, r.output
    assert "Led Zeppelin" in r.output and "John Bonham" in r.output and "100" in r.output
    r = runner.invoke(app, ["search", "xyzzy", *KB])
    assert r.exit_code == 2 and "nothing in the knowledge base looks like" in r.output


def test_validate_ok_and_failing(tmp_path: Path) -> None:
    r = runner.invoke(app, ["validate", str(FIXTURES)])
    assert r.exit_code == 0, r.output
    assert "ok: 2 files, 8 artists, 4 signature grooves" in r.output
    bad = json.loads((FIXTURES / "bands.json").read_text(encoding="utf-8"))
    bad["artists"][0]["signature_grooves"][0]["grid"] = "HH |xxxx|\nSD |xxxx|\nCR |xxxx|"
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    r = runner.invoke(app, ["validate", str(tmp_path / "bad.json")])
    assert r.exit_code == 2
    assert "bad.json: Led Zeppelin: signature_grooves['When the Levee Breaks'].grid" in r.output


def test_validate_shipped_data() -> None:
    r = runner.invoke(app, ["validate"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("ok: ")
