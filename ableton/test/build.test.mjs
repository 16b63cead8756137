// The built device: .amxd chunk layout, patcher JSON, objects and wiring, scripts beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import * as acorn from "acorn";
import { build, extract } from "../build.mjs";
import { packAmxd, readChunks, unpackAmxd } from "../lib/amxd.mjs";
import { ROOT, tempDir } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const { DRUM_MAPS } = require("../device/clip_notes.js");
const out = tempDir("mdg-build-");
const { amxd, files } = build(out);
const bytes = readFileSync(amxd);
const { doc, type, meta } = unpackAmxd(bytes);
const p = doc.patcher;
const boxes = new Map(p.boxes.map(({ box }) => [box.id, box]));
const byVar = (v) => [...boxes.values()].find((b) => b.varname === v);
const byText = (re) => [...boxes.values()].filter((b) => re.test(b.text || ""));

test("the .amxd is an unfrozen MIDI effect: ampf(mmmm), meta, ptch holding the patcher and a NUL", () => {
  const chunks = readChunks(bytes);
  assert.deepEqual(chunks.map((c) => [c.tag, c.offset, c.size]), [["ampf", 0, 4], ["meta", 12, 4], ["ptch", 24, bytes.length - 32]]);
  assert.equal(bytes.toString("latin1", 8, 12), "mmmm");
  assert.equal(type, "midi");
  assert.equal(meta, 1);
  assert.equal(bytes[bytes.length - 1], 0);
  const source = JSON.parse(readFileSync(path.join(ROOT, "device", "MidiDrumiGen.maxpat"), "utf8"));
  assert.deepEqual(doc, source);
  assert.equal(p.openinpresentation, 1);
});

test("the build is reproducible and the container reader rejects broken files", () => {
  const again = readFileSync(build(tempDir("mdg-build-")).amxd);
  assert.ok(again.equals(bytes));
  assert.throws(() => unpackAmxd(bytes.subarray(0, bytes.length - 10)), /claims \d+ bytes/);
  const frozen = Buffer.concat([bytes.subarray(0, 32), Buffer.from("mx@c")]);
  frozen.writeUInt32LE(4, 28);
  assert.throws(() => unpackAmxd(frozen), /frozen/);
  assert.throws(() => packAmxd(doc, { type: "synth" }), /unknown device type/);
  // an edited device goes back to the .maxpat source unchanged
  const back = path.join(tempDir(), "back.maxpat");
  extract(amxd, back);
  assert.equal(readFileSync(back, "utf8"), readFileSync(path.join(ROOT, "device", "MidiDrumiGen.maxpat"), "utf8"));
});

test("every script the patcher needs is listed, copied next to the .amxd and parses", () => {
  const deps = p.dependency_cache.map((d) => d.name).sort();
  assert.deepEqual(deps, ["api_client.js", "bridge.js", "clip_notes.js", "drum_maps.js", "live_writer.js"]);
  assert.deepEqual(files.map((f) => path.basename(f)).sort(), deps);
  for (const f of files) assert.ok(existsSync(f));
  // Live 11's Max 8 runs [js] on an ES5 engine; Node for Max in Max 8.5 is Node 16 (ES2021)
  const es5 = readFileSync(path.join(out, "live_writer.js"), "utf8");
  assert.doesNotThrow(() => acorn.parse(es5, { ecmaVersion: 5, sourceType: "script" }));
  for (const f of ["bridge.js", "api_client.js", "clip_notes.js", "drum_maps.js"]) {
    acorn.parse(readFileSync(path.join(out, f), "utf8"), { ecmaVersion: 2021, sourceType: "script" });
  }
  assert.throws(() => acorn.parse("const x = () => 1;", { ecmaVersion: 5 }));
});

test("the node.script bridge, the js writer and Live's hooks are in the patch", () => {
  const [bridge] = byText(/^node\.script /);
  assert.equal(bridge.text, "node.script bridge.js @autostart 1 @watch 0");
  const [writer] = byText(/^js /);
  assert.equal(writer.text, "js live_writer.js");
  assert.equal(byText(/^live\.thisdevice$/).length, 1);
  assert.equal(byText(/^midiin$/).length, 1);
  assert.equal(byText(/^midiout$/).length, 1);
});

test("every patchline joins real boxes at real inlets and outlets", () => {
  for (const { patchline: l } of p.lines) {
    const src = boxes.get(l.source[0]);
    const dst = boxes.get(l.destination[0]);
    assert.ok(src && dst, `line ${JSON.stringify(l)}`);
    assert.ok(l.source[1] < src.numoutlets, `${src.id} has no outlet ${l.source[1]}`);
    assert.ok(l.destination[1] < dst.numinlets, `${dst.id} has no inlet ${l.destination[1]}`);
  }
  const ids = p.boxes.map(({ box }) => box.id);
  assert.equal(new Set(ids).size, ids.length);
});

function edges() {
  const m = new Map();
  for (const { patchline: l } of p.lines) {
    const k = l.source[0];
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(l);
  }
  return m;
}
function reaches(from, to, { via } = {}) {
  const e = edges();
  const seen = new Set();
  const stack = [[from, false]];
  while (stack.length) {
    const [id, passed] = stack.pop();
    if (id === to && (!via || passed)) return true;
    const key = `${id}|${passed}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const l of e.get(id) || []) stack.push([l.destination[0], passed || l.destination[0] === via]);
  }
  return false;
}

test("UI → bridge → writer → bridge, and Live's device hook → writer", () => {
  const bridge = byText(/^node\.script /)[0].id;
  const writer = byText(/^js /)[0].id;
  for (const v of ["artist", "bars", "variations", "tempo", "follow", "humanize", "online", "drummap", "api",
    "btn_generate", "btn_research", "btn_augment", "btn_similar", "btn_folder", "btn_reveal", "similar_menu"]) {
    assert.ok(byVar(v), `UI object ${v}`);
    assert.ok(reaches(byVar(v).id, bridge), `${v} reaches the bridge`);
  }
  const route = byVar("bridge_route");
  assert.ok(reaches(bridge, writer, { via: route.id }), "bridge → route → writer");
  assert.ok(reaches(writer, bridge), "writer → bridge");
  assert.ok(reaches(byText(/^live\.thisdevice$/)[0].id, writer), "live.thisdevice → writer");
  for (const v of ["status", "progress", "meter", "similar_menu", "artist", "api", "tempo"]) {
    assert.ok(reaches(bridge, byVar(v).id, { via: route.id }), `bridge → ${v}`);
  }
  assert.ok(reaches(byText(/^midiin$/)[0].id, byText(/^midiout$/)[0].id), "MIDI passes through");
  // Generate reads the typed artist before asking for a generation: [t b b] bangs the textedit first
  const t = boxes.get(`${byVar("btn_generate").id}-t`);
  const fromT = p.lines.map((l) => l.patchline).filter((l) => l.source[0] === t.id);
  assert.deepEqual(fromT.find((l) => l.source[1] === 1).destination, [byVar("artist").id, 0]);
});

test("the route covers every selector the bridge sends out", () => {
  const src = readFileSync(path.join(ROOT, "device", "bridge.js"), "utf8");
  const sent = new Set([...src.matchAll(/maxApi\.outlet\("([a-z_]+)"/g)].map((m) => m[1]));
  const route = byVar("bridge_route").text.split(" ").slice(1);
  assert.deepEqual([...sent].sort(), [...route].sort());
  const writerSrc = readFileSync(path.join(ROOT, "device", "live_writer.js"), "utf8");
  for (const fn of ["write", "refresh", "init"]) assert.match(writerSrc, new RegExp(`function ${fn}\\(`));
});

test("presentation UI: every control shown, defaults equal the bridge's, kit menu matches the maps", () => {
  for (const v of ["artist", "bars", "variations", "tempo", "follow", "drummap", "humanize", "online", "btn_generate",
    "btn_research", "btn_augment", "btn_similar", "btn_folder", "btn_reveal", "status", "progress", "api", "meter", "similar_menu"]) {
    const b = byVar(v);
    assert.equal(b.presentation, 1, `${v} in presentation`);
    const [x, y, w, h] = b.presentation_rect;
    assert.ok(x >= 0 && y >= 0 && x + w <= p.devicewidth && y + h <= 169, `${v} fits the device: ${b.presentation_rect}`);
  }
  const init = (v) => byVar(v).saved_attribute_attributes.valueof.parameter_initial[0];
  const src = readFileSync(path.join(ROOT, "device", "bridge.js"), "utf8");
  const def = (k) => Number(new RegExp(`${k}: (\\d+),`).exec(src)[1]);
  assert.equal(init("bars"), def("bars"));
  assert.equal(init("variations"), def("variations"));
  assert.equal(init("tempo"), def("tempo"));
  assert.equal(init("follow"), def("follow"));
  assert.equal(init("humanize"), def("humanize"));
  assert.equal(init("online"), def("online"));
  assert.equal(init("drummap"), 0);
  assert.deepEqual(byVar("drummap").saved_attribute_attributes.valueof.parameter_enum, DRUM_MAPS.map((d) => d.label));
  assert.equal(DRUM_MAPS[0].name, "ableton");
  assert.equal(byVar("api").text, "http://127.0.0.1:8000");
  const names = new Set();
  for (const { box } of p.boxes) {
    const v = box.saved_attribute_attributes && box.saved_attribute_attributes.valueof;
    if (v) {
      assert.ok(!names.has(v.parameter_longname), `duplicate parameter ${v.parameter_longname}`);
      names.add(v.parameter_longname);
    }
  }
});
