// The built device: the frozen .amxd (chunks, collective, patcher, scripts inside), the
// unfrozen folder, the patcher's objects and wiring, saved parameters, reproducibility.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import * as acorn from "acorn";
import { BUILD_DATE, build, extract } from "../build.mjs";
import { FLAG_DEVICE, FLAG_ON_DISK, hfsSeconds, packAmxd, readChunks, readCollective, unpackAmxd } from "../lib/amxd.mjs";
import { collectModules } from "../lib/bundle.mjs";
import { ROOT, loadBridge, tempDir } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const { DRUM_MAPS } = require("../device/clip_notes.js");
const REQ = require("../device/request.js");
const out = tempDir("mdg-build-");
const { amxd, folder, files } = build(out);
const bytes = readFileSync(amxd);
const { doc, type, meta, frozen, files: inside } = unpackAmxd(bytes);
const p = doc.patcher;
const boxes = new Map(p.boxes.map(({ box }) => [box.id, box]));
const byVar = (v) => [...boxes.values()].find((b) => b.varname === v);
const byText = (re) => [...boxes.values()].filter((b) => re.test(b.text || ""));
const SOURCE = readFileSync(path.join(ROOT, "device", "MidiDrumiGen.maxpat"), "utf8");

test("the .amxd is a frozen MIDI effect: ampf(mmmm), meta, ptch holding the patcher and both scripts", () => {
  const chunks = readChunks(bytes);
  assert.deepEqual(chunks.map((c) => [c.tag, c.offset, c.size]), [["ampf", 0, 4], ["meta", 12, 4], ["ptch", 24, bytes.length - 32]]);
  assert.equal(bytes.toString("latin1", 8, 12), "mmmm");
  assert.equal(type, "midi");
  assert.equal(meta, 7);
  assert.equal(frozen, true);
  assert.deepEqual(doc, JSON.parse(SOURCE));
  const entries = readCollective(chunks[2].data);
  assert.deepEqual(entries.map((e) => [e.name, e.type, e.flag]), [
    ["MidiDrumiGen.amxd", "JSON", FLAG_DEVICE], ["bridge.js", "TEXT", FLAG_ON_DISK], ["live_writer.js", "TEXT", 0]]);
  assert.ok(entries.every((e) => e.mdat === hfsSeconds(BUILD_DATE)));
  // the scripts inside are byte for byte the ones beside the unfrozen device
  for (const name of ["bridge.js", "live_writer.js"]) assert.ok(inside.get(name).data.equals(readFileSync(path.join(folder, name))), name);
  assert.equal(p.openinpresentation, 1);
});

test("the frozen container's directory is laid out as Max lays it out", () => {
  const ptch = readChunks(bytes)[2].data;
  assert.equal(ptch.toString("latin1", 0, 4), "mx@c");
  assert.equal(ptch.readUInt32BE(4), 16);
  const dir = Number(ptch.readBigUInt64BE(8));
  assert.equal(ptch.toString("latin1", dir, dir + 4), "dlst");
  assert.equal(ptch.readUInt32BE(dir + 4), ptch.length - dir);
  let at = dir + 8;
  let offset = 16;
  for (const e of readCollective(ptch)) {
    assert.equal(ptch.toString("latin1", at, at + 4), "dire");
    const size = ptch.readUInt32BE(at + 4);
    const tags = [];
    for (let f = at + 8; f < at + size; f += ptch.readUInt32BE(f + 4)) tags.push(ptch.toString("latin1", f, f + 4));
    assert.deepEqual(tags, ["type", "fnam", "sz32", "of32", "vers", "flag", "mdat"]);
    assert.equal(ptch.indexOf(Buffer.from(e.name), at), at + 28, "fnam holds the name, NUL-padded to 4 bytes");
    assert.equal(e.data.byteOffset - ptch.byteOffset, offset, `${e.name} follows the one before`);
    offset += e.data.length;
    at += size;
  }
  assert.equal(offset, dir);
});

test("the unfrozen folder: the same patcher with its two scripts beside it", () => {
  assert.deepEqual(readdirSync(folder).sort(), ["MidiDrumiGen.amxd", "bridge.js", "live_writer.js"]);
  assert.deepEqual(files.map((f) => path.basename(f)).sort(), ["MidiDrumiGen.amxd", "bridge.js", "live_writer.js"]);
  const unfrozen = unpackAmxd(readFileSync(path.join(folder, "MidiDrumiGen.amxd")));
  assert.equal(unfrozen.frozen, false);
  assert.equal(unfrozen.meta, 1);
  assert.deepEqual(unfrozen.doc, doc);
  assert.ok(readFileSync(path.join(folder, "MidiDrumiGen.amxd")).equals(packAmxd(doc)));
});

test("the build is reproducible and the container reader rejects broken files", () => {
  const again = build(tempDir("mdg-build-"));
  assert.ok(readFileSync(again.amxd).equals(bytes));
  for (const f of files) assert.ok(readFileSync(path.join(again.folder, path.basename(f))).equals(readFileSync(f)));
  assert.throws(() => unpackAmxd(bytes.subarray(0, bytes.length - 10)), /claims \d+ bytes/);
  const broken = Buffer.from(bytes);
  broken.write("xlst", 24 + 8 + Number(readChunks(bytes)[2].data.readBigUInt64BE(8)), "latin1");
  assert.throws(() => unpackAmxd(broken), /no directory/);
  assert.throws(() => packAmxd(doc, { type: "synth" }), /unknown device type/);
  // an edited device (frozen or not) goes back to the .maxpat source unchanged
  for (const f of [amxd, path.join(folder, "MidiDrumiGen.amxd")]) {
    const back = path.join(tempDir(), "back.maxpat");
    extract(f, back);
    assert.equal(readFileSync(back, "utf8"), SOURCE);
  }
});

test("bridge.js ships as one script holding the modules it requires; both scripts parse for Max 8", () => {
  assert.deepEqual(p.dependency_cache.map((d) => d.name).sort(), ["bridge.js", "live_writer.js"]);
  const modules = collectModules(path.join(ROOT, "device", "bridge.js")).map((m) => m.name);
  assert.deepEqual(modules.sort(), ["api_client.js", "bridge.js", "clip_notes.js", "drum_maps.js", "genres.js", "request.js"]);
  const bundled = inside.get("bridge.js").data.toString("utf8");
  for (const m of modules) assert.ok(bundled.includes(`${JSON.stringify(m)}: function (module, exports, require) {`), m);
  // Live 11's Max 8 runs [js] on an ES5 engine; Node for Max in Max 8.5 is Node 16 (ES2021)
  assert.doesNotThrow(() => acorn.parse(inside.get("live_writer.js").data.toString("utf8"), { ecmaVersion: 5, sourceType: "script" }));
  assert.doesNotThrow(() => acorn.parse(bundled, { ecmaVersion: 2021, sourceType: "script" }));
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
const linesFrom = (id) => p.lines.map((l) => l.patchline).filter((l) => l.source[0] === id);

// varname -> the selector the bridge gets
const SETTINGS = {
  bars: "bars", variations: "variations", tempo: "tempo", follow: "follow", drummap: "drummap", genre: "genre",
  fills: "fills", where: "where", online: "online", complexity_on: "complexity_on", complexity: "complexity",
  swing_on: "swing_on", swing: "swing", humanize: "humanize", seed: "seed", lock: "lock", rerollvar: "rerollvar",
  ghosts: "ghosts",
};

test("UI → bridge → writer → bridge, and Live's device hook → writer", () => {
  const bridge = byText(/^node\.script /)[0].id;
  const writer = byText(/^js /)[0].id;
  for (const v of [...Object.keys(SETTINGS), "artist", "api", "btn_generate", "btn_reroll", "btn_feel", "btn_research", "btn_augment",
    "btn_similar", "btn_folder", "btn_reveal", "similar_menu", "artist_saved"]) {
    assert.ok(byVar(v), `UI object ${v}`);
    assert.ok(reaches(byVar(v).id, bridge), `${v} reaches the bridge`);
  }
  for (const [v, sel] of Object.entries(SETTINGS)) {
    const [pre] = linesFrom(byVar(v).id).filter((l) => l.source[1] === 0).map((l) => boxes.get(l.destination[0])).filter((b) => /^prepend /.test(b.text));
    assert.equal(pre.text, `prepend ${sel}`, v);
  }
  const route = byVar("bridge_route");
  assert.ok(reaches(bridge, writer, { via: route.id }), "bridge → route → writer");
  assert.ok(reaches(writer, bridge), "writer → bridge");
  assert.ok(reaches(byText(/^live\.thisdevice$/)[0].id, writer), "live.thisdevice → writer");
  for (const v of ["status", "progress", "meter", "similar_menu", "artist", "api", "tempo", "seed", "artist_saved"]) {
    assert.ok(reaches(bridge, byVar(v).id, { via: route.id }), `bridge → ${v}`);
  }
  assert.ok(reaches(byText(/^midiin$/)[0].id, byText(/^midiout$/)[0].id), "MIDI passes through");
  // Generate and Re-roll read the typed artist first: [t b b] bangs the textedit before the message
  for (const btn of ["btn_generate", "btn_reroll", "btn_feel"]) {
    const t = boxes.get(`${byVar(btn).id}-t`);
    assert.deepEqual(linesFrom(t.id).find((l) => l.source[1] === 1).destination, [byVar("artist").id, 0]);
  }
});

test("the route covers every selector the bridge sends out", () => {
  const src = readFileSync(path.join(ROOT, "device", "bridge.js"), "utf8");
  const sent = new Set([...src.matchAll(/maxApi\.outlet\("([a-z_]+)"/g)].map((m) => m[1]));
  const route = byVar("bridge_route").text.split(" ").slice(1);
  assert.deepEqual([...sent].sort(), [...route].sort());
  const writerSrc = readFileSync(path.join(ROOT, "device", "live_writer.js"), "utf8");
  for (const fn of ["write", "reroll", "refresh", "init", "readclip", "applyfeel"]) assert.match(writerSrc, new RegExp(`function ${fn}\\(`));
});

test("every setting is saved with the Live set and sent again when the bridge starts (sync)", () => {
  const sync = boxes.get(linesFrom(byVar("bridge_route").id).find((l) => l.source[1] === byVar("bridge_route").text.split(" ").indexOf("sync") - 1).destination[0]);
  assert.match(sync.text, /^t( b)+$/);
  const banged = new Set(linesFrom(sync.id).map((l) => l.destination[0]));
  for (const v of Object.keys(SETTINGS)) {
    const b = byVar(v);
    assert.equal(b.parameter_enable, 1, `${v} is a parameter`);
    const value = b.saved_attribute_attributes.valueof;
    assert.notEqual(value.parameter_invisible, 2, `${v} is saved with the set`);
    // the UI sends its value to an [f] (right inlet, stored); sync bangs the [f]; the [f] reaches the bridge
    const keep = linesFrom(b.id).map((l) => [boxes.get(l.destination[0]), l.destination[1]]).find(([k, inlet]) => k.text === "f" && inlet === 1);
    assert.ok(keep, `${v} is kept in an [f]`);
    assert.ok(banged.has(keep[0].id), `sync bangs ${v}'s [f]`);
    assert.ok(!banged.has(b.id), `sync does not bang ${v} itself (a bang toggles a live.toggle)`);
    assert.ok(reaches(keep[0].id, byText(/^node\.script /)[0].id), `${v}'s [f] reaches the bridge`);
  }
  const pattr = byVar("artist_saved");
  assert.match(pattr.text, /^pattr\b/);
  assert.equal(pattr.saved_object_attributes.parameter_enable, 1);
  assert.deepEqual(pattr.saved_attribute_attributes.valueof, { parameter_longname: "Artist", parameter_shortname: "Artist", parameter_type: 3, parameter_invisible: 1 });
  assert.ok(banged.has(pattr.id), "sync bangs the artist's pattr");
  // Live's parameter list names every parameter once
  const names = [];
  for (const { box } of p.boxes) {
    const v = box.saved_attribute_attributes && box.saved_attribute_attributes.valueof;
    if (v) {
      names.push(v.parameter_longname);
      assert.deepEqual(p.parameters[box.id], [v.parameter_longname, v.parameter_shortname, 0], box.id);
    }
  }
  assert.equal(new Set(names).size, names.length, `duplicate parameter names: ${names}`);
  for (const id of p.parameters.parameterbanks["0"].parameters) assert.ok(boxes.get(id), id);
});

test("presentation UI: every control shown and fits; defaults equal the bridge's; menus match the tables", () => {
  for (const v of [...Object.keys(SETTINGS), "artist", "btn_generate", "btn_reroll", "btn_feel", "btn_research", "btn_augment", "btn_similar",
    "btn_folder", "btn_reveal", "status", "progress", "api", "meter", "similar_menu"]) {
    const b = byVar(v);
    assert.equal(b.presentation, 1, `${v} in presentation`);
    const [x, y, w, h] = b.presentation_rect;
    assert.ok(x >= 0 && y >= 0 && x + w <= p.devicewidth && y + h <= 169, `${v} fits the device: ${b.presentation_rect}`);
  }
  const init = (v) => byVar(v).saved_attribute_attributes.valueof.parameter_initial[0];
  const D = loadBridge().bridge.DEFAULTS;
  assert.deepEqual(
    [init("bars"), init("variations"), init("tempo"), init("follow"), init("online"), init("genre"), init("fills"),
      init("complexity_on"), init("complexity"), init("swing_on"), init("swing"), init("humanize"), init("seed"), init("lock"),
      init("where"), init("rerollvar"), init("ghosts")],
    [D.bars, D.variations, D.tempo, D.follow, D.online, D.genre, D.fillEvery, D.complexityOn, D.complexity * 100, D.swingOn,
      D.swing, D.humanize * 100, D.seed, D.lock, D.where, D.rerollVar, D.ghosts]);
  assert.equal(D.online, 0, "online research is off by default");
  assert.equal(byVar("online").maxclass, "live.text");
  assert.deepEqual([byVar("online").text, byVar("online").texton, byVar("online").mode], ["Offline", "Online"].concat(1));
  assert.equal(init("drummap"), 0);
  const menu = (v) => byVar(v).saved_attribute_attributes.valueof.parameter_enum;
  assert.deepEqual(menu("drummap"), DRUM_MAPS.map((d) => d.label));
  assert.deepEqual(menu("genre"), REQ.GENRE_MENU);
  assert.deepEqual(menu("fills"), REQ.FILL_MENU);
  assert.deepEqual(menu("where"), REQ.WHERE_MENU);
  const range = (v) => { const x = byVar(v).saved_attribute_attributes.valueof; return [x.parameter_mmin, x.parameter_mmax]; };
  assert.deepEqual(range("swing"), REQ.SWING);
  assert.deepEqual(range("complexity"), [0, 100]);
  assert.deepEqual(range("humanize"), [0, 100]);
  assert.deepEqual(range("seed"), [0, REQ.SEED_MAX]);
  assert.deepEqual(range("tempo"), REQ.TEMPO);
  assert.equal(DRUM_MAPS[0].name, "ableton");
  assert.equal(byVar("api").text, "http://127.0.0.1:8000");
});
