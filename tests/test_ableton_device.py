"""The Max for Live device as the package ships it: the build's own bytes, a frozen MIDI effect
holding its scripts, served by the API, installed by `mididrumigen ableton install`."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mididrumigen import ableton_device as device
from mididrumigen.api.app import create_app
from mididrumigen.cli import app as cli
from mididrumigen.config import Settings
from mididrumigen.errors import UserInputError

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _shipped_files() -> dict[str, bytes]:
    root = device.HERE
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in (".amxd", ".js")}


def test_the_shipped_device_is_what_the_build_makes_from_todays_sources(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Node 20+ to check the shipped Max for Live device")
        pytest.skip("node is not installed (the device's build needs Node 20+)")
    out = tmp_path / "dist"
    subprocess.run([node, str(REPO / "ableton" / "build.mjs"), "--out", str(out)], check=True,
                   capture_output=True, timeout=120)
    built = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    shipped = _shipped_files()
    assert sorted(shipped) == sorted(built) == [
        "MidiDrumiGen.amxd", "MidiDrumiGen/MidiDrumiGen.amxd", "MidiDrumiGen/bridge.js",
        "MidiDrumiGen/live_writer.js"]
    stale = [name for name in built if built[name] != shipped[name]]
    assert not stale, (f"{stale} differ from a fresh build: run `cd ableton && node build.mjs --ship` "
                       "and commit src/mididrumigen/ableton_device/")


# --- a reader of the .amxd container written from Ableton's maxdevtools (freezing_utils.py),
# independent of ableton/lib/amxd.mjs: chunks little-endian; a frozen "ptch" is "mx@c", a
# big-endian header, the files, and a "dlst" directory of "dire" entries.

def _chunks(data: bytes) -> list[tuple[str, bytes]]:
    out, at = [], 0
    while at < len(data):
        tag, size = data[at:at + 4].decode("ascii"), int.from_bytes(data[at + 4:at + 8], "little")
        out.append((tag, data[at + 8:at + 8 + size]))
        at += 8 + size
    assert at == len(data)
    return out


def _frozen_entries(ptch: bytes) -> list[dict[str, object]]:
    assert ptch[:4] == b"mx@c"
    footer = int.from_bytes(ptch[8:16], "big")
    dlst = ptch[footer:]
    assert dlst[:4] == b"dlst" and int.from_bytes(dlst[4:8], "big") == len(dlst)
    entries, rest = [], dlst[8:]
    while rest[:4] == b"dire":
        size = int.from_bytes(rest[4:8], "big")
        body, fields = rest[8:size], {}
        while len(body) >= 12:
            tag, fsize = body[:4].decode("ascii"), int.from_bytes(body[4:8], "big")
            raw = body[8:fsize]
            fields[tag] = raw.rstrip(b"\0").decode("ascii") if tag in ("type", "fnam") else \
                int.from_bytes(raw, "big")
            body = body[fsize:]
        fields["data"] = ptch[fields["of32"]:fields["of32"] + fields["sz32"]]  # type: ignore[misc]
        entries.append(fields)
        rest = rest[size:]
    assert rest == b""
    return entries


def _patcher(data: bytes) -> dict[str, object]:
    assert data.endswith(b"\0")
    doc: dict[str, object] = json.loads(data[:-1].decode("utf-8"))
    return doc


def test_the_download_is_a_frozen_midi_effect_holding_its_scripts() -> None:
    chunks = _chunks(device.frozen_device().read_bytes())
    assert [t for t, _ in chunks] == ["ampf", "meta", "ptch"]
    assert chunks[0][1] == b"mmmm"  # a MIDI effect
    entries = _frozen_entries(chunks[2][1])
    assert [(e["fnam"], e["type"], e["flag"]) for e in entries] == [
        ("MidiDrumiGen.amxd", "JSON", 17), ("bridge.js", "TEXT", 8), ("live_writer.js", "TEXT", 0)]
    patcher = _patcher(entries[0]["data"])["patcher"]  # type: ignore[arg-type,index]
    texts = [b["box"].get("text", "") for b in patcher["boxes"]]  # type: ignore[index,union-attr]
    assert "node.script bridge.js @autostart 1 @watch 0" in texts and "js live_writer.js" in texts
    scripts = {e["fnam"]: e["data"] for e in entries[1:]}
    bridge = scripts["bridge.js"].decode("utf-8")  # type: ignore[union-attr]
    assert 'require("max-api")' in bridge and '"api_client.js": function' in bridge  # bundled
    assert "function write(" in scripts["live_writer.js"].decode("utf-8")  # type: ignore[union-attr]
    # the unfrozen folder holds the same patcher and the same scripts
    folder = device.HERE / device.DEVICE_NAME
    unfrozen = _chunks((folder / device.AMXD_NAME).read_bytes())
    assert unfrozen[0][1] == b"mmmm" and _patcher(unfrozen[2][1])["patcher"] == patcher
    for name, data in scripts.items():
        assert (folder / str(name)).read_bytes() == data


# --- the API ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("api")
    settings = Settings(output_dir=root / "out", data_dir=root, api_keys="secret-key",
                        database_url=f"sqlite:///{root / 'api.db'}")
    with TestClient(create_app(settings)) as c:
        yield c


def test_the_api_serves_the_device_without_a_key(client: TestClient) -> None:
    assert client.get("/api/v1/stats").status_code == 401  # keys are on
    r = client.get("/api/v1/device/MidiDrumiGen.amxd")
    assert r.status_code == 200
    assert r.content == device.frozen_device().read_bytes()
    assert r.headers["content-type"] == "application/octet-stream"
    assert 'filename="MidiDrumiGen.amxd"' in r.headers["content-disposition"]
    z = client.get("/api/v1/device/MidiDrumiGen.zip")
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(z.content)) as archive:
        assert archive.namelist() == ["MidiDrumiGen/MidiDrumiGen.amxd", "MidiDrumiGen/bridge.js",
                                      "MidiDrumiGen/live_writer.js"]
        for path in device.unfrozen_files():
            assert archive.read(f"MidiDrumiGen/{path.name}") == path.read_bytes()
    assert z.content == client.get("/api/v1/device/MidiDrumiGen.zip").content  # same bytes each time
    assert client.get("/api/v1/device/Other.amxd").status_code == 404
    paths = client.get("/openapi.json", headers={"X-API-Key": "secret-key"}).json()["paths"]
    assert "/api/v1/device/MidiDrumiGen.amxd" in paths and "/api/v1/device/MidiDrumiGen.zip" in paths


def test_the_browser_ui_links_to_the_device(client: TestClient) -> None:
    page = client.get("/").text
    assert 'href="/api/v1/device/MidiDrumiGen.amxd"' in page


# --- install ----------------------------------------------------------------------------------

def test_install_into_a_folder_then_again_unchanged_then_an_update(tmp_path: Path) -> None:
    dest = tmp_path / "Max MIDI Effect"
    res = runner.invoke(cli, ["ableton", "install", "--dest", str(dest)])
    assert res.exit_code == 0, res.output
    target = dest / "MidiDrumiGen.amxd"
    assert target.read_bytes() == device.frozen_device().read_bytes()
    assert f"wrote {target}" in res.output and "mididrumigen serve" in res.output
    again = runner.invoke(cli, ["ableton", "install", "--dest", str(dest)])
    assert again.exit_code == 0 and f"unchanged {target}" in again.output
    target.write_bytes(b"an older version")
    assert f"wrote {target}" in runner.invoke(cli, ["ableton", "install", "--dest", str(dest)]).output
    assert target.read_bytes() == device.frozen_device().read_bytes()
    assert sorted(p.name for p in dest.iterdir()) == ["MidiDrumiGen.amxd"]  # no temp files left


def test_install_unfrozen_copies_the_folder_with_its_scripts(tmp_path: Path) -> None:
    res = runner.invoke(cli, ["ableton", "install", "--dest", str(tmp_path), "--unfrozen"])
    assert res.exit_code == 0, res.output
    folder = tmp_path / "MidiDrumiGen"
    assert sorted(p.name for p in folder.iterdir()) == ["MidiDrumiGen.amxd", "bridge.js", "live_writer.js"]
    for src in device.unfrozen_files():
        assert (folder / src.name).read_bytes() == src.read_bytes()


def test_default_places_per_system(tmp_path: Path) -> None:
    mac = device.user_library("Darwin", home=tmp_path, env={})
    assert mac == tmp_path / "Music" / "Ableton" / "User Library"
    win = device.user_library("Windows", home=tmp_path, env={"USERPROFILE": str(tmp_path / "Me")})
    assert win == tmp_path / "Me" / "Documents" / "Ableton" / "User Library"
    with pytest.raises(UserInputError, match="--dest"):
        device.user_library("Linux", home=tmp_path, env={})
    with pytest.raises(UserInputError, match="no Live User Library .*open Live once"):
        device.default_destination("Darwin", home=tmp_path, env={})
    mac.mkdir(parents=True)
    done = device.install(system="Darwin", home=tmp_path, env={})
    assert done.device == mac / "Presets" / "MIDI Effects" / "Max MIDI Effect" / "MidiDrumiGen.amxd"
    assert done.device.read_bytes() == device.frozen_device().read_bytes()
    win.mkdir(parents=True)
    done = device.install(system="Windows", home=tmp_path, env={"USERPROFILE": str(tmp_path / "Me")},
                          unfrozen=True)
    assert done.folder == win / "Presets" / "MIDI Effects" / "Max MIDI Effect" / "MidiDrumiGen"


def test_install_without_dest_where_live_does_not_run_says_to_pass_dest(tmp_path: Path) -> None:
    if sys.platform in ("darwin", "win32"):
        pytest.skip("Live runs here: the default place applies")
    res = runner.invoke(cli, ["ableton", "install"])
    assert res.exit_code == 2
    assert "pass --dest" in res.output
    blocked = tmp_path / "file"
    blocked.write_text("x")
    res = runner.invoke(cli, ["ableton", "install", "--dest", str(blocked)])
    assert res.exit_code == 2 and "not a folder" in res.output


def test_path_prints_where_the_package_keeps_the_device() -> None:
    res = runner.invoke(cli, ["ableton", "path"])
    assert res.exit_code == 0 and Path(res.output.strip()) == device.frozen_device()


def test_the_device_module_is_light() -> None:
    code = ("import sys, mididrumigen.ableton_device, mididrumigen.cli.ableton; "
            "print(','.join(m for m in ('sqlalchemy','numpy','mido','pydantic','fastapi','httpx') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
