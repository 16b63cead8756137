// clip_notes.js: ticks → beats, meters → clip lengths, GM → kit notes, names; drum_maps.js is
// the package's own tables (checked against Python's DrumMap.pitch_for).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, loadBridge, venvBin } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const notes = require("../device/clip_notes.js");
const CN = notes;

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

test("drum_maps.js and genres.js are exactly what the package gives (re-run tools/export_tables.py if not)", () => {
  for (const name of ["drum_maps.js", "genres.js"]) {
    const fresh = execFileSync(venvBin("python"), [path.join(ROOT, "tools", "export_tables.py"), "--print", name], { encoding: "utf8" });
    assert.equal(readFileSync(path.join(ROOT, "device", name), "utf8"), fresh, name);
  }
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

test("the device's settings become the API's generate request", () => {
  const req = require("../device/request.js");
  const base = { artist: "Sheila E.", bars: 2, variations: 3, drumMap: "ableton", genre: 0, fillEvery: 4,
    complexityOn: 0, complexity: 0.5, swingOn: 0, swing: 58, humanize: 1 };
  assert.deepEqual(req.generateBody(base, { meter: "7/8", tempo: null, seed: 42 }), {
    artist: "Sheila E.", bars: 2, variations: 3, time_signature: "7/8", drum_map: "ableton", humanize: true,
    humanize_amount: 1, fill_every: 4, seed: 42, async: true,
  });
  const funk = req.GENRES.findIndex((g) => g.key === "funk") + 1;
  assert.equal(req.GENRE_MENU[funk], "Funk");
  const body = req.generateBody({ ...base, genre: funk, fillEvery: 0, complexityOn: 1, complexity: 0.8,
    swingOn: 1, swing: 62.04, humanize: 0 }, { meter: "4/4", tempo: 96, seed: 0 });
  assert.equal(body.genre, "funk");
  assert.equal(body.complexity, 0.8);
  assert.equal(body.swing, 62);
  assert.equal(body.fill_every, 0);
  assert.equal(body.humanize, false);
  assert.equal(body.humanize_amount, 0);
  assert.equal(body.tempo, 96);
  assert.equal(req.genreKey(0), null);
  assert.equal(req.genreKey(req.GENRE_MENU.length), null);
  assert.equal(req.FILL_MENU.length, 17);
  assert.equal(req.FILL_MENU[4], "every 4 bars");
  for (const r of [0, 0.5, 0.9999999]) {
    const s = req.randomSeed(() => r);
    assert.ok(Number.isInteger(s) && s >= 0 && s <= req.SEED_MAX);
  }
  assert.ok(req.SEED_MAX < 2 ** 24, "a seed must survive Live's 32-bit float parameters");
});

test("Apply feel: a kit note goes to GM and back to the same key under every map", () => {
  const { gmPitch } = CN;
  for (const { name } of CN.DRUM_MAPS) {
    for (let k = 0; k < 128; k++) {
      const g = gmPitch(name, k);
      // a note the map sends somewhere from its GM pitch comes back to where it was
      if (g !== k || CN.kitPitch(name, k) === k) assert.equal(CN.kitPitch(name, g), k, `${name}: ${k} -> ${g}`);
    }
  }
  assert.equal(gmPitch("ad2", 38), 38, "AD2's snare is GM 38, though GM 39 lands there too");
  assert.equal(gmPitch("ad2", 51), 42, "AD2's closed hat is GM 42");
});

test("Apply feel: clipToPattern and feelToClipNotes keep keys, mutes and probabilities", () => {
  const clip = { name: "x", length: 4, signature_numerator: 7, signature_denominator: 8, notes: [
    { pitch: 51, start_time: 0, duration: 0.25, velocity: 100.4, mute: 0 },
    { pitch: 51, start_time: 0.5, duration: 0.25, velocity: 90, mute: 1, probability: 0.4 },
    { pitch: 36, start_time: 6.9, duration: 0.1, velocity: 0, mute: 0 },
  ] };
  const { pattern, back } = CN.clipToPattern(clip, { drumMap: "ad2", tempo: 999 });
  assert.deepEqual(pattern.time_signature, [7, 8]);
  assert.equal(pattern.total_bars, 2, "3.5 beats a bar: a note at 6.9 needs two bars");
  assert.equal(pattern.tempo, 400);
  assert.deepEqual(pattern.notes.map((n) => [n.pitch, n.time, n.velocity]), [[42, 0, 100], [42, 240, 90], [36, 3312, 1]]);
  const played = { ppq: 480, notes: [
    { pitch: 42, time: 250, duration: 120, velocity: 80 }, { pitch: 42, time: 10, duration: 120, velocity: 99 },
    { pitch: 36, time: 3300, duration: 48, velocity: 5 }, { pitch: 38, time: 100, duration: 60, velocity: 20 }] };
  const out = CN.feelToClipNotes(clip.notes, played, back, "ad2");
  assert.deepEqual(out.map((n) => [n.pitch, n.mute, n.probability]), [[51, 1, 0.4], [51, 0, undefined], [36, 0, undefined], [38, 0, undefined]]);
});
