// clip_notes.js: ticks → beats, meters → clip lengths, GM → kit notes, names; drum_maps.js is
// the package's own tables (checked against Python's DrumMap.pitch_for).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO, ROOT, loadBridge } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const notes = require("../device/clip_notes.js");

test("a bar lasts numerator × 4 / denominator quarter-note beats", () => {
  assert.equal(notes.beatsPerBar(4, 4), 4);
  assert.equal(notes.beatsPerBar(3, 4), 3);
  assert.equal(notes.beatsPerBar(7, 8), 3.5);
  assert.equal(notes.beatsPerBar(6, 8), 3);
  assert.equal(notes.beatsPerBar(12, 8), 6);
  assert.equal(notes.beatsPerBar(15, 16), 3.75);
  assert.throws(() => notes.beatsPerBar(4, 3), /denominator/);
  assert.throws(() => notes.beatsPerBar(0, 4), /numerator/);
});

test("a pattern becomes a clip: ticks / ppq beats, velocities kept, kit notes, the meter's length", () => {
  const pattern = { name: "x", tempo: 100, time_signature: [7, 8], total_bars: 2, ppq: 96,
    notes: [{ pitch: 36, velocity: 127, time: 0, duration: 12 }, { pitch: 42, velocity: 1, time: 101, duration: 1 },
      { pitch: 35, velocity: 64, time: 671, duration: 48 }] };
  const rack = notes.patternToClip(pattern, "Mötley Crüe", 3);
  assert.deepEqual(rack, {
    name: "Mötley Crüe \u2013 Var 3", length: 7, signature_numerator: 7, signature_denominator: 8,
    notes: [
      { pitch: 36, start_time: 0, duration: 0.125, velocity: 127, mute: 0 },
      { pitch: 42, start_time: 101 / 96, duration: 1 / 96, velocity: 1, mute: 0 },
      { pitch: 36, start_time: 671 / 96, duration: 0.5, velocity: 64, mute: 0 }, // GM 35 → kick pad C1
    ],
  });
  const ad2 = notes.patternToClip(pattern, "A", 1, "ad2");
  assert.deepEqual(ad2.notes.map((n) => n.pitch), [36, 51, 36]);
  assert.throws(() => notes.patternToClip({ ...pattern, ppq: 0 }, "A", 1), /ppq/);
  assert.throws(() => notes.patternToClip({ ...pattern, total_bars: 0 }, "A", 1), /total_bars/);
});

test("a generation becomes the writer's payload, one clip per pattern, named after the artist", () => {
  const p = { name: "n", tempo: 120, time_signature: [4, 4], total_bars: 1, ppq: 480, notes: [] };
  const payload = notes.generationToClips({ artist: "Sheila E.", generation_id: "abc", patterns: [p, p] }, "gm");
  assert.deepEqual(payload.clips.map((c) => [c.name, c.length]), [["Sheila E. \u2013 Var 1", 4], ["Sheila E. \u2013 Var 2", 4]]);
  assert.equal(payload.drum_map, "gm");
});

test("drum maps: menu index or name; Drum Rack first; unknown names listed", () => {
  assert.equal(notes.drumMapName(0), "ableton");
  assert.equal(notes.drumMapName(4), "ad2");
  assert.equal(notes.drumMapName("EZdrummer 3"), "ezd3");
  assert.equal(notes.drumMapName("SD3"), "sd3");
  assert.throws(() => notes.drumMapName(99), /0\.\.9/);
  assert.throws(() => notes.drumMapName("tama"), /use one of: ableton, gm/);
  assert.equal(notes.kitPitch("ableton", 36), 36);
  assert.equal(notes.kitPitch("ssd", 42), 67);
});

test("drum_maps.js is exactly what the package's maps give (re-run tools/export_drum_maps.py if not)", () => {
  const py = path.join(REPO, ".venv", "bin", "python");
  const fresh = execFileSync(py, [path.join(ROOT, "tools", "export_drum_maps.py"), "--print"], { encoding: "utf8" });
  assert.equal(readFileSync(path.join(ROOT, "device", "drum_maps.js"), "utf8"), fresh);
});

test("folder names and Max paths", () => {
  assert.equal(notes.safeName("Mötley Crüe"), "motley-crue");
  assert.equal(notes.safeName("坂本龍一"), "坂本龍一");
  assert.equal(notes.safeName("../.."), "artist");
  const { bridge } = loadBridge();
  assert.equal(bridge.maxPathToNative("Macintosh HD:/Users/me/Drums", "darwin"), "/Users/me/Drums");
  assert.equal(bridge.maxPathToNative("/home/me/Drums", "linux"), "/home/me/Drums");
  assert.equal(bridge.maxPathToNative("C:/Users/me/Drums", "win32"), "C:\\Users\\me\\Drums");
});
