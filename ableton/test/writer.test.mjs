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

test("unknown messages are posted to the Max window", () => {
  const live = new FakeLive();
  const w = loadWriter({ live });
  w.send("frobnicate", 1);
  assert.match(w.posts.join(""), /unknown message frobnicate/);
});
