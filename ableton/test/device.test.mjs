// The whole device against the REAL API server on loopback: the patch of the built, frozen
// .amxd (simulated), its bundled bridge.js (with a fake max-api) and its live_writer.js (with a
// fake LiveAPI), as they come out of the file Live loads. A test loads a Live set (saved
// settings restored), types and clicks in the UI and checks Live's clips, the status line, the
// progress bar and the .mid files. Research and augment with online sources run against a
// loopback fake that speaks the documented task format. Artists sent to the real server are
// all in the bundled knowledge base, so no test can start online research.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { builtDevice, freePort, loadBridge, postJson, sleep, startApiServer, tempDir, until } from "./helpers.mjs";
import { PatchSim } from "./patch-sim.mjs";
import { startFakeApi, taskRoutes } from "./fakes/fake-api.mjs";

const require = createRequire(import.meta.url);
const { FakeLive, loadWriter } = require("./fakes/live.cjs");
const { DRUM_MAPS } = require("../device/clip_notes.js");
const REQ = require("../device/request.js");
const TABLES = require("../device/drum_maps.js");
const kit = (name) => {
  const remap = TABLES.find((t) => t.name === name).remap;
  return (p) => (remap[String(p)] === undefined ? p : remap[String(p)]);
};

let api;
let built;
const cleanups = [];
before(async () => {
  [api, built] = await Promise.all([startApiServer(), builtDevice()]);
});
after(async () => {
  for (const c of cleanups) await c();
  if (api) await api.stop();
});

/**
 * A device on a fresh Live set, loaded as Live loads it (restore: the settings saved with the
 * set, {varname: value}), pointed at `apiUrl`. The scripts are the ones inside the built .amxd.
 */
async function device({ live: liveOpts = {}, apiUrl = api.url, opener, restore = {} } = {}) {
  const dir = tempDir();
  const folder = path.join(dir, "MidiDrumiGen");
  const live = new FakeLive(liveOpts);
  let sim = null;
  const { bridge, fake } = loadBridge({
    settings: { api: apiUrl, folder },
    deviceDir: built.dir,
    beforeStart: (f) => {
      // Live builds the device and restores its settings while node.script is still starting
      const writer = loadWriter({ live, dicts: f.dicts, file: path.join(built.dir, "live_writer.js"), onOutlet: (atoms) => sim.emit(sim.writerId, 0, atoms) });
      sim = new PatchSim(built.doc, { bridgeFake: f, writer, dialogPath: `Macintosh HD:${path.join(dir, "chosen")}` });
      sim.load({ restore });
    },
  });
  if (opener) bridge._setOpener(opener);
  await bridge.ready;
  await sim.settle();
  return { sim, live, bridge, fake, dir, folder };
}

/** Lock the seed shown at `seed`: Generate is then repeatable. */
function lockSeed(sim, seed) {
  sim.setValue("seed", seed);
  sim.setValue("lock", 1);
}

async function press(sim, button, done) {
  sim.click(button);
  await sim.settle();
  return until(() => done(sim.text("status")), { label: `status after ${button}: "${sim.text("status")}"` });
}

const asClipNotes = (p, kit = (x) => x) => p.notes.map((n) => ({ pitch: kit(n.pitch), start_time: n.time / p.ppq, duration: n.duration / p.ppq, velocity: n.velocity, mute: 0 }));
const statuses = (fake) => fake.outlets.filter((a) => a[0] === "status").map((a) => a[1]);

test("Generate writes the API's patterns into empty clip slots, note for note, and saves the .mid files", async () => {
  const { sim, live, bridge, fake, folder } = await device({ live: { tempo: 100, highlighted: { track: 0, scene: 1 } } });
  assert.equal(sim.text("api"), api.url);
  assert.equal(sim.text("meter"), "4/4 from Live");
  assert.equal(sim.value("tempo"), 100); // follows Live's tempo
  assert.match(sim.text("status"), /^Ready/);

  sim.typeOnly("artist", "John Bonham"); // typed, Return not pressed: Generate still reads it
  sim.setValue("bars", 2);
  sim.setValue("variations", 3);
  lockSeed(sim, 7);
  await press(sim, "btn_generate", (s) => /\.mid files? in/.test(s));

  const expected = await postJson(`${api.url}/api/v1/generate`, {
    artist: "John Bonham", bars: 2, variations: 3, time_signature: "4/4", drum_map: "ableton", tempo: 100, seed: 7,
  });
  assert.equal(expected.status, 200);
  const slots = live.tracks[0].slots;
  assert.equal(slots[0], null);
  for (let i = 0; i < 3; i++) {
    const clip = slots[i + 1];
    const pattern = expected.data.patterns[i];
    assert.equal(clip.name, `John Bonham \u2013 Var ${i + 1}`);
    assert.equal(clip.length, 8); // 2 bars of 4/4
    assert.equal(pattern.tempo, 100);
    assert.ok(pattern.notes.length > 10);
    assert.deepEqual(clip.notes, asClipNotes(pattern, kit("ableton")));
  }
  assert.equal(slots[4], null);

  const status = sim.text("status");
  assert.match(status, /^John Bonham: 3 clips in scenes 2\u20134 \u00b7 3 \.mid files in /);
  const dir = bridge.state.lastDir;
  assert.ok(dir.startsWith(folder));
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ["john-bonham_var1.mid", "john-bonham_var2.mid", "john-bonham_var3.mid"]);
  for (const f of files) assert.equal(readFileSync(path.join(dir, f)).subarray(0, 4).toString(), "MThd");

  const progress = sim.progress().history;
  assert.equal(progress[progress.length - 1], 100);
  assert.ok(progress.some((v) => v > 2 && v < 100), `intermediate progress reported: ${progress}`);
  assert.ok(progress.every((v, i) => i === 0 || v >= progress[i - 1]), `progress never goes back: ${progress}`);
  assert.ok(statuses(fake).some((s) => /^Generating John Bonham \(3 \u00d7 2 bars, 4\/4, 100 BPM, seed 7\)/.test(s)));
  assert.deepEqual(sim.saved("artist_saved"), ["John Bonham"], "the artist is saved with the Live set");
});

test("drum map, Live's meter and a fixed tempo reach the API; existing clips are left alone", async () => {
  const { sim, live, fake } = await device({ live: { tempo: 90, numerator: 7, denominator: 8, highlighted: { track: 0, scene: 0 } } });
  live.putClip(0, 0, "my groove");
  const mine = JSON.stringify(live.tracks[0].slots[0]);
  sim.setValue("drummap", DRUM_MAPS.findIndex((d) => d.name === "ad2"));
  sim.setValue("follow", 0);
  sim.setValue("tempo", 140);
  sim.setValue("variations", 2);
  sim.type("artist", "Stewart Copeland");
  lockSeed(sim, 11);
  await press(sim, "btn_generate", (s) => /\.mid files? in/.test(s));

  const expected = await postJson(`${api.url}/api/v1/generate`, {
    artist: "Stewart Copeland", bars: 4, variations: 2, time_signature: "7/8", drum_map: "ad2", tempo: 140, seed: 11,
  });
  const slots = live.tracks[0].slots;
  assert.equal(JSON.stringify(slots[0]), mine);
  for (let i = 0; i < 2; i++) {
    const p = expected.data.patterns[i];
    assert.deepEqual(p.time_signature, [7, 8]);
    assert.equal(p.tempo, 140);
    assert.equal(slots[i + 1].length, 14); // 4 bars × 3.5 beats
    assert.equal(slots[i + 1].signature_numerator, 7);
    assert.equal(slots[i + 1].signature_denominator, 8);
    assert.deepEqual(slots[i + 1].notes, asClipNotes(p, kit("ad2")));
  }
  // the API's patterns are GM; Addictive Drums 2 puts the closed hi-hat (GM 42) on 51
  assert.ok(expected.data.patterns[0].notes.some((n) => n.pitch === 42));
  const pitches = new Set(slots[1].notes.map((n) => n.pitch));
  assert.ok(!pitches.has(42) && pitches.has(51), `AD2 pitches: ${[...pitches]}`);
  assert.match(sim.text("status"), /^Stewart Copeland: 2 clips in scenes 2\u20133/);
});

test("following Live's tempo clamps it to what the API accepts", async () => {
  const { sim, live, fake } = await device({ live: { tempo: 350 } });
  assert.equal(sim.value("tempo"), 300);
  sim.setValue("variations", 1);
  sim.setValue("bars", 1);
  sim.type("artist", "Questlove");
  await press(sim, "btn_generate", (s) => /\.mid files? in/.test(s));
  const generated = live.tracks[0].slots[0];
  assert.equal(generated.name, "Questlove \u2013 Var 1");
  assert.ok(statuses(fake).some((s) => /300 BPM/.test(s)));
  live.setSong("tempo", 96);
  await sim.settle();
  assert.equal(sim.value("tempo"), 96);
});

test("not enough empty slots: what fits is written and the rest is reported", async () => {
  const { sim, live } = await device({ live: { scenes: 3, highlighted: { track: 0, scene: 0 } } });
  live.putClip(0, 1);
  sim.setValue("variations", 4);
  sim.setValue("bars", 1);
  sim.type("artist", "Buddy Rich");
  await press(sim, "btn_generate", (s) => /\.mid files? in/.test(s));
  assert.deepEqual(live.tracks[0].slots.map((s) => s.name), ["Buddy Rich \u2013 Var 1", "user clip", "Buddy Rich \u2013 Var 2"]);
  assert.match(sim.text("status"), /^Buddy Rich: 2 of 4 clips written \(scenes 1, 3\); no empty slot for the rest: add scenes \u00b7 4 \.mid files in/);
});

test("a device on the master track says why no clip was written", async () => {
  const { sim } = await device({ live: { deviceOnMaster: true } });
  sim.setValue("variations", 1);
  sim.type("artist", "Travis Barker");
  await press(sim, "btn_generate", (s) => /\.mid files? in/.test(s));
  assert.match(sim.text("status"), /^Travis Barker: Live: this track has no clip slots/);
});

test("errors become a readable status line and reset the progress bar", async () => {
  const { sim, fake } = await device({ live: { numerator: 4, denominator: 1 } });
  await press(sim, "btn_generate", (s) => /Type an artist/.test(s));
  assert.equal(sim.text("status"), "Type an artist, band or drummer first");

  sim.type("artist", "John Bonham");
  await press(sim, "btn_generate", (s) => /^Invalid request/.test(s));
  assert.match(sim.text("status"), /^Invalid request: .*denominator/);
  assert.equal(sim.progress().value, 0);

  const closed = await freePort();
  sim.type("api", `127.0.0.1:${closed}`);
  await sim.settle();
  assert.equal(sim.text("status"), `API address: http://127.0.0.1:${closed}`);
  await press(sim, "btn_generate", (s) => /Can't reach/.test(s));
  assert.equal(sim.text("status"), `Can't reach the MidiDrumiGen API at http://127.0.0.1:${closed}: start it with "mididrumigen serve"`);
  const saved = JSON.parse(readFileSync(process.env.MIDIDRUMIGEN_M4L_SETTINGS, "utf8"));
  assert.equal(saved.api, `http://127.0.0.1:${closed}`);

  const silent = await startFakeApi({ "POST /api/v1/generate": "hang" });
  cleanups.push(silent.close);
  sim.type("api", silent.url);
  await fake.send("timeout", 1);
  await press(sim, "btn_generate", (s) => /didn't answer/.test(s));
  assert.equal(sim.text("status"), `The API at ${silent.url} didn't answer within 1 s`);
});

test("a second click while generating is refused, not queued", async () => {
  const slow = await startFakeApi({ "POST /api/v1/generate": "hang" });
  cleanups.push(slow.close);
  const { sim, fake } = await device({ apiUrl: slow.url });
  await fake.send("timeout", 1);
  sim.type("artist", "Neil Peart");
  sim.click("btn_generate");
  sim.click("btn_generate");
  await sim.settle();
  assert.ok(statuses(fake).includes("Busy: wait for generation to finish"));
  assert.equal(slow.requests.filter((r) => r.path === "/api/v1/generate").length, 1);
});

test("Similar fills the menu from the API; picking a name makes it the artist", async () => {
  const { sim, bridge } = await device();
  sim.type("artist", "John Bonham");
  await press(sim, "btn_similar", (s) => /^Like John Bonham/.test(s));
  const r = await fetch(`${api.url}/api/v1/similar/John%20Bonham?limit=8`);
  const names = (await r.json()).data.map((d) => d.name);
  assert.ok(names.length > 0);
  assert.deepEqual(sim.items("similar_menu"), names);
  assert.equal(sim.text("status"), `Like John Bonham: ${names.join(", ")}`);
  sim.choose("similar_menu", 1);
  await sim.settle();
  assert.equal(sim.text("artist"), names[1]);
  assert.equal(bridge.state.artist, names[1]);
});

test("Research and Augment poll their tasks and report progress (loopback fake with the documented task format)", async () => {
  const fakeApi = await startFakeApi({
    "GET /api/v1/health": (_r, send) => send(200, { status: "ok", components: {} }),
    "POST /api/v1/research": (_r, send) => send(202, { task_id: "t-research", status: "pending", joined: false, poll_url: "/api/v1/task/t-research" }),
    ...taskRoutes("research", [[10, "MusicBrainz"], [60, "Wikipedia"]], { artist: "Sheila E.", confidence: 0.82, sources_count: 4 }),
    "POST /api/v1/augment/Sheila%20E.": (_r, send) => send(202, { task_id: "t-augment", status: "pending", joined: false, poll_url: "/api/v1/task/t-augment" }),
    ...taskRoutes("augment", [[50, "papers"]], { profile: { confidence: 0.9, sources_count: 7 } }),
  });
  cleanups.push(fakeApi.close);
  const { sim, fake } = await device({ apiUrl: fakeApi.url });
  assert.equal(sim.value("online"), 0, "online research is off until the producer turns it on");
  sim.click("online");
  sim.type("artist", "Sheila E.");
  await press(sim, "btn_research", (s) => /^Research of/.test(s));
  assert.equal(sim.text("status"), "Research of Sheila E.: confidence 0.82, 4 sources");
  assert.deepEqual(fakeApi.requests.find((r) => r.path === "/api/v1/research").body, { artist: "Sheila E.", depth: "quick", online: true });
  assert.ok(statuses(fake).includes("Researching Sheila E. (online)\u2026"));
  assert.ok(statuses(fake).includes("Researching Sheila E.: Wikipedia\u2026"));
  const hist = sim.progress().history;
  assert.ok(hist.includes(100) && hist.some((v) => v > 2 && v < 100), `progress: ${hist}`);

  await press(sim, "btn_augment", (s) => /^Augmentation of/.test(s));
  assert.equal(sim.text("status"), "Augmentation of Sheila E.: confidence 0.90, 7 sources");
});

test("Research and Augment on the real API (online research off, so nothing leaves the machine)", async () => {
  const { sim, fake } = await device();
  sim.type("artist", "John Bonham");
  await press(sim, "btn_research", (s) => /^Research of|Invalid|Error/.test(s));
  assert.match(sim.text("status"), /^Research of John Bonham: confidence \d\.\d\d, \d+ sources?$/);
  assert.equal(sim.progress().value, 100);
  assert.ok(statuses(fake).some((s) => /^Researching John Bonham/.test(s)));
  // augmenting with nothing new to read is refused by the API, in its own words
  await press(sim, "btn_augment", (s) => /^Invalid request/.test(s));
  assert.match(sim.text("status"), /^Invalid request: augment needs something new/);
  assert.equal(sim.progress().value, 0);
});

test("on a server without research, Research says so instead of failing obscurely", async () => {
  const old = await startFakeApi({ "GET /api/v1/health": (_r, send) => send(200, { status: "ok", components: {} }) });
  cleanups.push(old.close);
  const { sim } = await device({ apiUrl: old.url });
  sim.type("artist", "John Bonham");
  await press(sim, "btn_research", (s) => /no research yet/.test(s));
  assert.equal(sim.text("status"), "This API server has no research yet (HTTP 404); update MidiDrumiGen");
});

test("Folder… sets where files go (Max paths converted) and Show Files opens it", async () => {
  const opened = [];
  const { sim, bridge, dir } = await device({ opener: (d) => opened.push(d) });
  sim.click("btn_folder");
  await sim.settle();
  const chosen = path.join(dir, "chosen");
  assert.equal(bridge.state.folder, chosen);
  assert.equal(JSON.parse(readFileSync(process.env.MIDIDRUMIGEN_M4L_SETTINGS, "utf8")).folder, chosen);
  sim.click("btn_reveal");
  await sim.settle();
  assert.deepEqual(opened, [chosen]);
  assert.ok(existsSync(chosen));
  assert.match(sim.text("status"), /^Opened .*chosen: drag the \.mid files from there$/);
});

test("without a global fetch (Node 16 in older Max) the bridge uses the http module", async () => {
  const saved = globalThis.fetch;
  try {
    delete globalThis.fetch;
    const { sim, live } = await device();
    sim.setValue("variations", 1);
    sim.setValue("bars", 1);
    sim.type("artist", "Neil Peart");
    await press(sim, "btn_generate", (s) => /\.mid files? in/.test(s) || /Error/.test(s));
    assert.match(sim.text("status"), /^Neil Peart: 1 clip in scene 1/);
    assert.equal(live.tracks[0].slots[0].name, "Neil Peart \u2013 Var 1");
  } finally {
    globalThis.fetch = saved;
  }
});

test("a saved Live set brings every setting back, and Generate uses them all", async () => {
  const funk = REQ.GENRE_MENU.indexOf("Funk");
  const restore = {
    artist_saved: "Questlove", bars: 2, variations: 2, genre: funk, fills: 0, complexity_on: 1, complexity: 80,
    swing_on: 1, swing: 62, humanize: 50, seed: 4321, lock: 1, where: 1, follow: 0, tempo: 92,
    drummap: DRUM_MAPS.findIndex((d) => d.name === "gm"), rerollvar: 2, online: 1,
  };
  const { sim, live, bridge } = await device({ restore, live: { view: "Arranger" } });
  assert.equal(sim.text("artist"), "Questlove", "the artist box shows the saved artist");
  const s = bridge.state;
  assert.deepEqual([s.artist, s.bars, s.variations, s.genre, s.fillEvery, s.complexityOn, s.complexity, s.swingOn, s.swing,
    s.humanize, s.seed, s.lock, s.where, s.follow, s.tempo, s.drumMap, s.rerollVar, s.online],
  ["Questlove", 2, 2, funk, 0, 1, 0.8, 1, 62, 0.5, 4321, 1, 1, 0, 92, "gm", 2, 1]);
  await press(sim, "btn_generate", (t) => /\.mid files? in/.test(t));
  const expected = await postJson(`${api.url}/api/v1/generate`, {
    artist: "Questlove", bars: 2, variations: 2, time_signature: "4/4", drum_map: "gm", tempo: 92, seed: 4321,
    genre: "funk", fill_every: 0, complexity: 0.8, swing: 62, humanize_amount: 0.5,
  });
  assert.equal(expected.status, 200, JSON.stringify(expected.data));
  assert.equal(expected.data.genre, "funk");
  // Where = Session, though Live shows the Arrangement
  assert.deepEqual(live.tracks[0].arrangement, []);
  for (let i = 0; i < 2; i++) assert.deepEqual(live.tracks[0].slots[i].notes, asClipNotes(expected.data.patterns[i]));
});

test("a new set starts from the defaults; typing an artist saves it for the next time the set opens", async () => {
  const first = await device();
  assert.equal(first.sim.text("artist"), "");
  assert.equal(first.bridge.state.online, 0);
  first.sim.type("artist", "Sheila E.");
  await first.sim.settle();
  const saved = first.sim.saved("artist_saved");
  assert.deepEqual(saved, ["Sheila E."]);
  first.sim.type("artist", "");
  await first.sim.settle();
  assert.deepEqual(first.sim.saved("artist_saved"), ["Sheila E."], "an emptied box keeps the last artist saved");
  const again = await device({ restore: { artist_saved: saved[0] } });
  assert.equal(again.sim.text("artist"), "Sheila E.");
  assert.equal(again.bridge.state.artist, "Sheila E.");
});

test("unlocked, each Generate takes a new seed and shows it; locked, the shown seed gives the same take", async () => {
  const { sim, live, bridge } = await device({ live: { scenes: 8 } });
  sim.setValue("variations", 1);
  sim.setValue("bars", 1);
  sim.type("artist", "J Dilla");
  await press(sim, "btn_generate", (t) => /\.mid files? in/.test(t));
  const s1 = sim.value("seed");
  assert.equal(s1, bridge.state.seed);
  assert.ok(Number.isInteger(s1) && s1 >= 0 && s1 <= REQ.SEED_MAX);
  await press(sim, "btn_generate", (t) => /\.mid files? in/.test(t) && sim.value("seed") !== s1);
  const s2 = sim.value("seed");
  assert.notEqual(s2, s1);
  sim.setValue("lock", 1);
  await press(sim, "btn_generate", (t) => /scene 3/.test(t) && /\.mid files? in/.test(t));
  assert.equal(sim.value("seed"), s2);
  assert.deepEqual(live.tracks[0].slots[2].notes, live.tracks[0].slots[1].notes);
  assert.notDeepEqual(live.tracks[0].slots[0].notes, live.tracks[0].slots[1].notes);
});

test("Arrangement shown (Where: Auto): clips land at the insert marker, bar by bar, past the user's clips", async () => {
  const { sim, live } = await device({ live: { view: "Arranger", songTime: 16, version: 12 } });
  live.putArrangementClip(0, 16, 4, "my intro");
  sim.setValue("variations", 2);
  sim.setValue("bars", 2);
  lockSeed(sim, 5);
  sim.type("artist", "Tony Allen");
  await press(sim, "btn_generate", (t) => /\.mid files? in/.test(t));
  assert.match(sim.text("status"), /^Tony Allen: 2 clips in the Arrangement at bars 6, 8 \u00b7 2 \.mid files in/);
  const arr = live.tracks[0].arrangement;
  assert.deepEqual(arr.map((c) => [c.name, c.start_time, c.length]), [["my intro", 16, 4], ["Tony Allen \u2013 Var 1", 20, 8], ["Tony Allen \u2013 Var 2", 28, 8]]);
  const expected = await postJson(`${api.url}/api/v1/generate`, { artist: "Tony Allen", bars: 2, variations: 2, tempo: 120, seed: 5, drum_map: "ableton" });
  assert.deepEqual(arr[1].notes, asClipNotes(expected.data.patterns[0]));
  assert.ok(live.tracks[0].slots.every((x) => x === null));
});

test("Live 11 in the Arrangement: the same clips, through a spare clip slot that is emptied again", async () => {
  const { sim, live } = await device({ live: { view: "Arranger", songTime: 0, version: 11 } });
  live.putClip(0, 0, "keep me");
  sim.setValue("variations", 1);
  sim.setValue("bars", 1);
  sim.type("artist", "Clyde Stubblefield");
  await press(sim, "btn_generate", (t) => /\.mid files? in/.test(t));
  assert.match(sim.text("status"), /1 clip in the Arrangement at bar 1 \u00b7/);
  assert.equal(live.tracks[0].arrangement[0].name, "Clyde Stubblefield \u2013 Var 1");
  assert.deepEqual(live.tracks[0].slots.map((x) => (x ? x.name : null)), ["keep me", null, null, null, null, null, null, null]);
});

test("Re-roll one variation: a new seed for Var N, written in place of its clip and its .mid; the others stay", async () => {
  const { sim, live, bridge } = await device({ live: { highlighted: { track: 0, scene: 0 } } });
  await press(sim, "btn_reroll", (t) => /Generate first/.test(t));
  sim.setValue("variations", 3);
  sim.setValue("bars", 1);
  lockSeed(sim, 21);
  sim.type("artist", "Bernard Purdie");
  await press(sim, "btn_generate", (t) => /\.mid files? in/.test(t));
  const before = live.tracks[0].slots.slice(0, 3).map((c) => JSON.stringify(c));
  const dir = bridge.state.lastDir;
  const midBefore = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)));

  sim.setValue("rerollvar", 2);
  await press(sim, "btn_reroll", (t) => /re-rolled/.test(t) && /\.mid saved/.test(t));
  const m = /^Bernard Purdie: Var 2 re-rolled \(seed (\d+)\); its clip replaced \u00b7 \.mid saved in /.exec(sim.text("status"));
  assert.ok(m, sim.text("status"));
  const seed = Number(m[1]);
  assert.notEqual(seed, 21);
  const expected = await postJson(`${api.url}/api/v1/generate`, {
    artist: "Bernard Purdie", bars: 1, variations: 2, time_signature: "4/4", drum_map: "ableton", tempo: 120, seed,
  });
  const slots = live.tracks[0].slots;
  assert.equal(slots[1].name, "Bernard Purdie \u2013 Var 2");
  assert.deepEqual(slots[1].notes, asClipNotes(expected.data.patterns[1]));
  assert.notEqual(JSON.stringify(slots[1]), before[1]);
  assert.equal(JSON.stringify(slots[0]), before[0]);
  assert.equal(JSON.stringify(slots[2]), before[2]);
  assert.equal(slots[3], null, "no new clip");
  assert.equal(sim.value("seed"), 21, "the generation's seed stays shown");
  const midAfter = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)));
  assert.ok(midAfter[0].equals(midBefore[0]) && midAfter[2].equals(midBefore[2]));
  assert.ok(!midAfter[1].equals(midBefore[1]), "bernard-purdie_var2.mid is the new take");

  sim.setValue("rerollvar", 5);
  await press(sim, "btn_reroll", (t) => /has 3 variations/.test(t));
  assert.equal(sim.text("status"), "The last generation has 3 variations; choose Var 1\u20133");
});

test("no server: the status says how to start it, and says Ready once it answers", async () => {
  const port = await freePort();
  process.env.MIDIDRUMIGEN_M4L_RETRY_MS = "50";
  try {
    const { sim } = await device({ apiUrl: `http://localhost:${port}` });
    assert.equal(sim.text("status"), `Can't reach the MidiDrumiGen API at http://localhost:${port}: start it with "mididrumigen serve"`);
    await sleep(120);
    assert.match(sim.text("status"), /^Can't reach/, "still down: still says how to start it");
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: "ok", components: {} }));
    });
    await new Promise((r) => server.listen(port, "127.0.0.1", r));
    cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r); }));
    await until(() => /^Ready/.test(sim.text("status")), { label: "Ready once the server answers" });
    assert.equal(sim.text("status"), "Ready: type an artist and press Generate");
  } finally {
    delete process.env.MIDIDRUMIGEN_M4L_RETRY_MS;
  }
});

// --- Apply feel to selected clip --------------------------------------------------------------

/** A quantized beat as Live notes (kit pitches): kick 1 and 3, snare 2 and 4, eighth hats. */
function beat({ kick = 36, snare = 38, hat = 42, bars = 2 } = {}) {
  const notes = [];
  for (let b = 0; b < bars * 4; b += 0.5) {
    notes.push({ pitch: hat, start_time: b, duration: 0.25, velocity: 90, mute: 0 });
    if (b % 2 === 0) notes.push({ pitch: kick, start_time: b, duration: 0.25, velocity: 110, mute: 0 });
    if (b % 2 === 1) notes.push({ pitch: snare, start_time: b, duration: 0.25, velocity: 105, mute: 0 });
  }
  return notes;
}

const PLAIN = (n) => ({ pitch: n.pitch, start_time: n.start_time, duration: n.duration, velocity: n.velocity, mute: n.mute });
const byPitchTime = (a, b) => a.pitch - b.pitch || a.start_time - b.start_time;
const count = (notes) => notes.reduce((m, n) => m.set(n.pitch, (m.get(n.pitch) || 0) + 1), new Map());

test("Apply feel: the highlighted Session clip is played like the artist, every note kept, in one undo step (Live 12)", async () => {
  const { sim, live, bridge } = await device({ live: { highlighted: { track: 0, scene: 2 }, tempo: 94 } });
  const mine = beat();
  mine[3].mute = 1; // a muted note and one with a probability stay so
  mine[5].probability = 0.5;
  const clip = live.putClip(0, 2, "My Beat", { notes: mine.map((n) => ({ ...n })), length: 8 });
  live.putClip(0, 3, "other clip");
  const other = JSON.stringify(live.tracks[0].slots[3]);
  await press(sim, "btn_feel", (t) => /Type an artist/.test(t));
  sim.typeOnly("artist", "J Dilla");
  sim.setValue("humanize", 80);
  await press(sim, "btn_feel", (t) => /every one kept/.test(t) || /Error|Live:|Invalid/.test(t));
  const m = /^J Dilla: "My Beat" now in this feel, (\d+) notes, every one kept \u00b7 seed (\d+); Undo in Live goes back$/.exec(sim.text("status"));
  assert.ok(m, sim.text("status"));
  assert.equal(Number(m[1]), mine.length);
  assert.equal(live.tracks[0].slots[2], clip, "the same clip, notes replaced");

  // what the API answers for the same clip and seed is what Live now holds
  const expected = await postJson(`${api.url}/api/v1/humanize`, {
    like: "J Dilla", amount: 0.8, ghosts: false, seed: Number(m[2]),
    pattern: { name: "My Beat", tempo: 94, time_signature: [4, 4], total_bars: 2, ppq: 480,
      notes: mine.map((n) => ({ pitch: n.pitch, velocity: n.velocity, time: n.start_time * 480, duration: n.duration * 480 })) },
  });
  assert.equal(expected.status, 200, JSON.stringify(expected.data));
  const played = expected.data.pattern.notes.map((n) => ({ pitch: n.pitch, start_time: n.time / 480, duration: n.duration / 480, velocity: n.velocity }));
  assert.deepEqual(clip.notes.map((n) => ({ ...PLAIN(n), mute: undefined })).sort(byPitchTime),
    played.map((n) => ({ ...n, mute: undefined })).sort(byPitchTime));
  assert.deepEqual(count(clip.notes), count(mine), "every note kept, on its own key");
  assert.notDeepEqual(clip.notes.map(PLAIN).sort(byPitchTime), mine.map(PLAIN).sort(byPitchTime), "the feel moved them");
  // the muted note (a hat at beat 1) and the one with a probability (a hat at 1.5) keep their settings
  const near = (t, p) => clip.notes.filter((n) => n.pitch === p).sort((a, b) => Math.abs(a.start_time - t) - Math.abs(b.start_time - t))[0];
  assert.equal(near(mine[3].start_time, mine[3].pitch).mute, 1);
  assert.equal(clip.notes.filter((n) => n.mute).length, 1);
  assert.equal(near(mine[5].start_time, mine[5].pitch).probability, 0.5);
  assert.deepEqual(live.undoSteps, ["begin", "end"], "one undo step");
  const fns = live.calls.filter(([p]) => p === "live_set tracks 0 clip_slots 2 clip").map(([, fn]) => fn);
  assert.deepEqual(fns, ["get_notes_extended", "get_notes_extended", "remove_notes_extended", "add_new_notes"]);
  assert.equal(JSON.stringify(live.tracks[0].slots[3]), other, "other clips untouched");
  assert.equal(bridge.state.busy, null);
});

test("Apply feel in the Arrangement (Live 11, get_notes only): the Detail view's clip, Ghosts on, a kit's own notes", async () => {
  const { sim, live } = await device({ live: { version: 11, notesApi: "legacy", view: "Arranger", highlighted: { track: 0, scene: 0 }, detail: { track: 0, arrangement: 0 } } });
  live.putClip(0, 0, "session clip");
  const session = JSON.stringify(live.tracks[0].slots[0]);
  const ad2 = DRUM_MAPS.findIndex((d) => d.name === "ad2");
  sim.setValue("drummap", ad2);
  const toKit = kit("ad2");
  const mine = beat({ kick: toKit(36), snare: toKit(38), hat: toKit(42), bars: 1 });
  const clip = live.putArrangementClip(0, 16, 4, "Verse");
  clip.notes = mine.map((n) => ({ ...n }));
  sim.typeOnly("artist", "Questlove");
  sim.setValue("ghosts", 1);
  await press(sim, "btn_feel", (t) => /now in this feel/.test(t) || /Error|Live:|Invalid/.test(t));
  assert.match(sim.text("status"), /^Questlove: "Verse" now in this feel, \d+ notes/);
  assert.deepEqual(live.undoSteps, [], "Live 11: no undo step functions, none called");
  assert.ok(clip.notes.length >= mine.length);
  const got = count(clip.notes);
  for (const [pitch, n] of count(mine)) assert.ok(got.get(pitch) >= n, `every note on kit key ${pitch} kept`);
  for (const n of clip.notes) assert.ok(n.start_time >= 0 && n.duration > 0 && n.velocity >= 1);
  assert.equal(JSON.stringify(live.tracks[0].slots[0]), session, "the Session clip is not the one shown");
  assert.ok(live.calls.some(([, fn]) => fn === "get_notes"), "read with get_notes");
});

test("Apply feel: what it cannot do is said in the status line, and nothing changes", async () => {
  const { sim, live } = await device({ live: { highlighted: { track: 0, scene: 0 } } });
  sim.typeOnly("artist", "J Dilla");
  await press(sim, "btn_feel", (t) => /select a MIDI clip/.test(t));
  assert.equal(sim.text("status"), "Live: select a MIDI clip in Live first (a Session clip slot, or a clip in the Arrangement)");
  live.putClip(0, 0, "drums.wav", { audio: true });
  await press(sim, "btn_feel", (t) => /audio clip/.test(t));
  live.tracks[0].slots[0] = null;
  live.putClip(0, 0, "empty", { notes: [] });
  await press(sim, "btn_feel", (t) => /no notes/.test(t));
  assert.equal(sim.text("status"), "\"empty\" has no notes to play like J Dilla");
  // a clip deleted while the API works: the writer says so and writes nothing
  live.tracks[0].slots[0] = null;
  live.putClip(0, 0, "gone soon", { notes: beat({ bars: 1 }) });
  const call = live.call.bind(live);
  live.call = (node, fn, args) => {
    const answer = call(node, fn, args);
    if (fn === "get_notes_extended") live.tracks[0].slots[0] = null; // deleted right after it was read
    return answer;
  };
  await press(sim, "btn_feel", (t) => /deleted/.test(t));
  assert.equal(sim.text("status"), "J Dilla: Live: the clip was deleted while its feel was being made; nothing changed");
  assert.deepEqual(live.tracks[0].slots, Array(8).fill(null));
  assert.ok(!live.calls.some(([, fn]) => fn === "add_new_notes" || fn === "remove_notes_extended"));
});
