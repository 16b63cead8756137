// The Live writer ([js] live_writer.js) against a fake Live set: where clips go, what they hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { FakeLive, loadWriter } = require("./fakes/live.cjs");

function clip(name, length, notes, num = 4, den = 4) {
  return { name, length, signature_numerator: num, signature_denominator: den, notes };
}
const NOTES = [
  { pitch: 36, start_time: 0, duration: 0.125, velocity: 110, mute: 0 },
  { pitch: 42, start_time: 0.5, duration: 0.125, velocity: 80, mute: 0 },
  { pitch: 38, start_time: 1.0208333333333333, duration: 0.125, velocity: 97, mute: 0 },
];

function setup(liveOpts, clips) {
  const live = new FakeLive(liveOpts);
  const dicts = new Map([["mdg", { artist: "Art", clips }]]);
  const out = [];
  const w = loadWriter({ live, dicts, onOutlet: (atoms) => out.push(atoms) });
  return { live, w, out, last: () => out[out.length - 1] };
}

const four = (n = 4) => Array.from({ length: n }, (_, i) => clip(`Art \u2013 Var ${i + 1}`, 8, NOTES));

test("clips go to the highlighted slot when empty, then the next slots, with names, lengths and notes", () => {
  const { live, w, last } = setup({ highlighted: { track: 0, scene: 2 } }, four(3));
  w.send("write", "mdg");
  assert.deepEqual(last(), ["written", 3, 3, 3, 4, 5]);
  const slots = live.tracks[0].slots;
  assert.deepEqual(slots.map((s) => (s ? s.name : null)), [null, null, "Art \u2013 Var 1", "Art \u2013 Var 2", "Art \u2013 Var 3", null, null, null]);
  for (const s of slots.slice(2, 5)) {
    assert.equal(s.length, 8);
    assert.equal(s.looping, 1);
    assert.deepEqual(s.notes, NOTES);
  }
});

test("existing clips are never touched: a full highlighted slot is skipped, as are full slots below", () => {
  const { live, w, last } = setup({ highlighted: { track: 0, scene: 1 } }, four(3));
  live.putClip(0, 1, "mine A");
  live.putClip(0, 3, "mine B");
  const before = JSON.stringify([live.tracks[0].slots[1], live.tracks[0].slots[3]]);
  w.send("write", "mdg");
  assert.deepEqual(last(), ["written", 3, 3, 3, 5, 6]);
  assert.deepEqual(live.tracks[0].slots.map((s) => (s ? s.name : null)),
    [null, "mine A", "Art \u2013 Var 1", "mine B", "Art \u2013 Var 2", "Art \u2013 Var 3", null, null]);
  assert.equal(JSON.stringify([live.tracks[0].slots[1], live.tracks[0].slots[3]]), before);
  const touched = live.calls.filter(([p]) => p.startsWith("live_set tracks 0 clip_slots 1") || p.startsWith("live_set tracks 0 clip_slots 3"));
  assert.deepEqual(touched, []);
});

test("when the track runs out of empty slots the writer writes what fits and reports the rest", () => {
  const { live, w, last } = setup({ scenes: 4, highlighted: { track: 0, scene: 1 } }, four(4));
  live.putClip(0, 2);
  w.send("write", "mdg");
  assert.deepEqual(last(), ["written", 2, 4, 2, 4]);
  assert.deepEqual(live.tracks[0].slots.map((s) => (s ? s.name : null)), [null, "Art \u2013 Var 1", "user clip", "Art \u2013 Var 2"]);
});

test("no empty slot at all: nothing is written and the writer says so", () => {
  const { live, w, last } = setup({ scenes: 2, highlighted: { track: 0, scene: 0 } }, four(2));
  live.putClip(0, 0);
  live.putClip(0, 1);
  w.send("write", "mdg");
  assert.deepEqual(last(), ["written", 0, 2]);
  assert.equal(live.calls.filter(([, fn]) => fn === "create_clip").length, 0);
});

test("clips always land on the device's own track, at the highlighted slot's scene", () => {
  const { live, w, last } = setup({ tracks: 3, deviceTrack: 2, highlighted: { track: 0, scene: 4 } }, four(2));
  w.send("write", "mdg");
  assert.deepEqual(last(), ["written", 2, 2, 5, 6]);
  assert.ok(live.tracks[0].slots.every((s) => s === null));
  assert.equal(live.tracks[2].slots[4].name, "Art \u2013 Var 1");
  assert.equal(live.tracks[2].slots[5].name, "Art \u2013 Var 2");
});

test("with nothing highlighted the writer starts at the first scene", () => {
  const { live, w, last } = setup({ highlighted: null }, four(1));
  w.send("write", "mdg");
  assert.deepEqual(last(), ["written", 1, 1, 1]);
  assert.equal(live.tracks[0].slots[0].name, "Art \u2013 Var 1");
});

test("a device inside a rack finds its track; a device on the master track reports it", () => {
  const inRack = setup({ deviceInRack: true, deviceTrack: 1, highlighted: { track: 1, scene: 0 } }, four(1));
  inRack.w.send("write", "mdg");
  assert.deepEqual(inRack.last(), ["written", 1, 1, 1]);
  assert.equal(inRack.live.tracks[1].slots[0].name, "Art \u2013 Var 1");

  const master = setup({ deviceOnMaster: true }, four(1));
  master.w.send("write", "mdg");
  assert.equal(master.last()[0], "writer_error");
  assert.match(master.last().slice(1).join(" "), /no clip slots/);
});

test("the clip's meter and length come from the payload (7/8: 3.5 beats a bar)", () => {
  const { live, w } = setup({}, [clip("Art \u2013 Var 1", 7, NOTES, 7, 8)]);
  w.send("write", "mdg");
  const c = live.tracks[0].slots[0];
  assert.equal(c.length, 7);
  assert.equal(c.signature_numerator, 7);
  assert.equal(c.signature_denominator, 8);
});

test("a missing or malformed dict is reported, not thrown", () => {
  const live = new FakeLive();
  const out = [];
  const w = loadWriter({ live, dicts: new Map([["bad", { nothing: 1 }]]), onOutlet: (a) => out.push(a) });
  w.send("write", "bad");
  assert.deepEqual(out[0][0], "writer_error");
  assert.match(out[0][1], /holds no clips/);
});

test("init reports Live's tempo and meter, and observers report changes", () => {
  const live = new FakeLive({ tempo: 97.5, numerator: 7, denominator: 8 });
  const out = [];
  const w = loadWriter({ live, onOutlet: (a) => out.push(a) });
  w.send("init");
  assert.deepEqual(out[out.length - 1], ["song", 97.5, 7, 8]);
  out.length = 0;
  live.setSong("tempo", 140);
  assert.deepEqual(out, [["song", 140, 7, 8]]);
  live.setSong("signature_numerator", 5);
  live.setSong("signature_denominator", 4);
  assert.deepEqual(out[out.length - 1], ["song", 140, 5, 4]);
  out.length = 0;
  w.send("refresh");
  assert.deepEqual(out, [["song", 140, 5, 4]]);
});

test("init again (live.thisdevice bangs on every re-init) releases the old observers: one report per change", () => {
  const live = new FakeLive({ tempo: 120 });
  const out = [];
  const w = loadWriter({ live, onOutlet: (a) => out.push(a) });
  w.send("refresh"); // the bridge asks before live.thisdevice has banged
  w.send("init");
  w.send("bang");
  w.send("init");
  assert.equal(live.observers.length, 3, "tempo, numerator, denominator: observed once each");
  out.length = 0;
  live.setSong("tempo", 90);
  assert.deepEqual(out, [["song", 90, 4, 4]]);
  live.setSong("signature_numerator", 3);
  assert.deepEqual(out, [["song", 90, 4, 4], ["song", 90, 3, 4]]);
});

// --- the Arrangement -------------------------------------------------------------------------

function arrangement(live, track = 0) {
  return live.tracks[track].arrangement.map((c) => [c.name, c.start_time, c.length]);
}

test("Live 12, Arrangement shown: clips go to the insert marker one after another, past the user's clips", () => {
  const { live, w, last } = setup({ view: "Arranger", songTime: 16, version: 12 }, four(3));
  live.putArrangementClip(0, 20, 4, "my fill");
  const mine = live.tracks[0].arrangement[0];
  w.send("write", "mdg");
  assert.deepEqual(last(), ["arranged", 3, 3, 24, 32, 40]);
  assert.deepEqual(arrangement(live), [["my fill", 20, 4], ["Art \u2013 Var 1", 24, 8], ["Art \u2013 Var 2", 32, 8], ["Art \u2013 Var 3", 40, 8]]);
  assert.ok(!mine.overwritten);
  for (const c of live.tracks[0].arrangement.slice(1)) {
    assert.deepEqual(c.notes, NOTES);
    assert.equal(c.signature_numerator, 4);
  }
  assert.ok(live.tracks[0].slots.every((s) => s === null), "nothing in the Session");
  assert.equal(live.calls.filter(([, fn]) => fn === "create_midi_clip").length, 3);
  assert.equal(live.calls.filter(([, fn]) => fn === "create_clip").length, 0);
});

test("a clip that fits before the user's clip stays at the insert marker", () => {
  const { live, w, last } = setup({ view: "Arranger", songTime: 4 }, [clip("Art \u2013 Var 1", 8, NOTES)]);
  live.putArrangementClip(0, 12, 4);
  w.send("write", "mdg");
  assert.deepEqual(last(), ["arranged", 1, 1, 4]);
});

function withWhere(liveOpts, where, clips) {
  const live = new FakeLive(liveOpts);
  const out = [];
  const w = loadWriter({ live, dicts: new Map([["mdg", { artist: "Art", where, clips }]]), onOutlet: (a) => out.push(a) });
  w.send("write", "mdg");
  return { live, last: out[out.length - 1] };
}

test("Where: the payload's choice wins over the view Live shows", () => {
  const arr = withWhere({ view: "Session", songTime: 8 }, "arrangement", four(1));
  assert.deepEqual(arr.last, ["arranged", 1, 1, 8]);
  assert.ok(arr.live.tracks[0].slots.every((x) => x === null));
  const ses = withWhere({ view: "Arranger" }, "session", four(2));
  assert.deepEqual(ses.last, ["written", 2, 2, 1, 2]);
  assert.deepEqual(ses.live.tracks[0].arrangement, []);
});

test("Live 11 has no Track.create_midi_clip: each clip is made in an empty slot, copied to the Arrangement, the slot emptied", () => {
  const { live, w, last } = setup({ view: "Arranger", songTime: 32, version: 11, scenes: 4, highlighted: { track: 0, scene: 0 } }, four(2));
  live.putClip(0, 0, "mine A");
  live.putClip(0, 2, "mine B");
  const before = JSON.stringify(live.tracks[0].slots);
  w.send("write", "mdg");
  assert.deepEqual(last(), ["arranged", 2, 2, 32, 40]);
  assert.deepEqual(arrangement(live), [["Art \u2013 Var 1", 32, 8], ["Art \u2013 Var 2", 40, 8]]);
  assert.deepEqual(live.tracks[0].arrangement[1].notes, NOTES);
  assert.equal(JSON.stringify(live.tracks[0].slots), before, "the Session is as it was");
  const fns = live.calls.filter(([, fn]) => !/^set |add_new_notes/.test(fn)).map(([p, fn]) => `${p.replace("live_set tracks 0 ", "")}: ${fn}`);
  assert.deepEqual(fns, ["clip_slots 1: create_clip", "live_set tracks 0: duplicate_clip_to_arrangement", "clip_slots 1: delete_clip",
    "clip_slots 1: create_clip", "live_set tracks 0: duplicate_clip_to_arrangement", "clip_slots 1: delete_clip"]);
});

test("Live 11 with every slot full, and a Live without either function, say what to do", () => {
  const full = setup({ view: "Arranger", version: 11, scenes: 1 }, four(1));
  full.live.putClip(0, 0);
  full.w.send("write", "mdg");
  assert.equal(full.last()[0], "writer_error");
  assert.match(full.last()[1], /empty clip slot.*add a scene/);
  assert.deepEqual(full.live.tracks[0].arrangement, []);

  const old = setup({ view: "Arranger", version: 10 }, four(1));
  old.w.send("write", "mdg");
  assert.match(old.last()[1], /Live 11 or later.*Where to Session/);
});

test("where LiveAPI.info lists no functions, the Live version decides how to write the Arrangement", () => {
  for (const [version, fn] of [[12, "create_midi_clip"], [11, "duplicate_clip_to_arrangement"]]) {
    const { live, w, last } = setup({ view: "Arranger", version, info: false }, four(1));
    w.send("write", "mdg");
    assert.deepEqual(last(), ["arranged", 1, 1, 0], `Live ${version}`);
    assert.ok(live.calls.some(([, f]) => f === fn), `Live ${version} uses ${fn}`);
  }
});

// --- Re-roll ---------------------------------------------------------------------------------

const NEW_NOTES = [{ pitch: 36, start_time: 0.25, duration: 0.125, velocity: 99, mute: 0 }];

function rerollPayload(dicts, n, notes = NEW_NOTES, where) {
  dicts.set("mdg-reroll", { artist: "Art", reroll: n, where, clips: [clip(`Art \u2013 Var ${n}`, 8, notes)] });
}

test("Re-roll puts the new notes into the clip made for that variation; the others stay as they are", () => {
  const live = new FakeLive({ highlighted: { track: 0, scene: 1 } });
  const dicts = new Map([["mdg", { artist: "Art", clips: four(3) }]]);
  const out = [];
  const w = loadWriter({ live, dicts, onOutlet: (a) => out.push(a) });
  w.send("write", "mdg");
  const others = JSON.stringify([live.tracks[0].slots[1], live.tracks[0].slots[3]]);
  rerollPayload(dicts, 2);
  w.send("reroll", "mdg-reroll", 2);
  assert.deepEqual(out.pop(), ["rerolled", 2, "replaced", 0]);
  const c = live.tracks[0].slots[2];
  assert.equal(c.name, "Art \u2013 Var 2");
  assert.deepEqual(c.notes, NEW_NOTES);
  assert.equal(JSON.stringify([live.tracks[0].slots[1], live.tracks[0].slots[3]]), others);
  assert.equal(live.calls.filter(([, fn]) => fn === "create_clip").length, 3, "no new clip");
});

test("Re-roll in the Arrangement replaces in place; a clip that is gone is written as a new clip", () => {
  const live = new FakeLive({ view: "Arranger", songTime: 0 });
  const dicts = new Map([["mdg", { artist: "Art", clips: four(2) }]]);
  const out = [];
  const w = loadWriter({ live, dicts, onOutlet: (a) => out.push(a) });
  w.send("write", "mdg");
  rerollPayload(dicts, 1);
  w.send("reroll", "mdg-reroll", 1);
  assert.deepEqual(out.pop(), ["rerolled", 1, "replaced", 0]);
  assert.deepEqual(live.tracks[0].arrangement[0].notes, NEW_NOTES);
  assert.deepEqual(live.tracks[0].arrangement[1].notes, NOTES);

  live.tracks[0].arrangement.splice(1, 1); // the user deleted Var 2
  rerollPayload(dicts, 2);
  w.send("reroll", "mdg-reroll", 2);
  assert.deepEqual(out.pop(), ["rerolled", 2, "arrangement", 8]);
  assert.deepEqual(arrangement(live).map((c) => c[0]), ["Art \u2013 Var 1", "Art \u2013 Var 2"]);

  const s = new FakeLive();
  const out2 = [];
  const w2 = loadWriter({ live: s, dicts: new Map(dicts), onOutlet: (a) => out2.push(a) });
  w2.send("write", "mdg");
  s.tracks[0].slots[0].name = "renamed by me"; // not ours any more: left alone
  const d2 = new Map(dicts);
  rerollPayload(d2, 1);
  const w3 = loadWriter({ live: s, dicts: d2, onOutlet: (a) => out2.push(a) });
  w3.send("reroll", "mdg-reroll", 1); // a fresh writer (the set was reopened): no record of its clips
  assert.deepEqual(out2.pop(), ["rerolled", 1, "session", 3]);
  assert.equal(s.tracks[0].slots[0].name, "renamed by me");
});

test("unknown messages are posted to the Max window", () => {
  const live = new FakeLive();
  const w = loadWriter({ live });
  w.send("frobnicate", 1);
  assert.match(w.posts.join(""), /unknown message frobnicate/);
});
