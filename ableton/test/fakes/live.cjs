// A fake Live set and the Max [js] globals the Live writer uses: LiveAPI, Dict, outlet, post.
//
// FakeLive models what the writer touches: the song (tempo, meter), tracks with clip slots,
// the highlighted clip slot and the device's place. FakeLive.LiveAPI behaves like Max's:
// paths resolve to objects with ids, `get` answers arrays, `call` runs Live functions,
// `property` observes (and fires once at once, as Live does). Live's own refusals are
// reproduced: create_clip on a full slot throws; add_new_notes checks every note.
"use strict";

const fs = require("fs");
const vm = require("vm");
const path = require("path");

class FakeLive {
  constructor({ tempo = 120, numerator = 4, denominator = 4, tracks = 2, scenes = 8, deviceTrack = 0,
    highlighted = { track: 0, scene: 0 }, deviceInRack = false, deviceOnMaster = false } = {}) {
    this.song = { tempo, signature_numerator: numerator, signature_denominator: denominator };
    this.tracks = Array.from({ length: tracks }, (_, t) => ({ name: `${t + 1} MIDI`, slots: Array(scenes).fill(null) }));
    this.deviceTrack = deviceTrack;
    this.deviceInRack = deviceInRack;
    this.deviceOnMaster = deviceOnMaster;
    this.highlighted = highlighted;
    this.calls = []; // [path, fn, args]
    this.observers = [];
    this.ids = new Map();
    this.nextId = 1;
    const live = this;
    this.LiveAPI = function LiveAPI(a, b) {
      const cb = typeof a === "function" ? a : null;
      const p = typeof a === "function" ? b : a;
      const node = live.resolve(String(p || ""));
      this._live = live;
      this._cb = cb;
      this._node = node;
      this.id = node ? String(live.idFor(node.path)) : "0";
      this.unquotedpath = node ? node.path : "";
      this.path = node ? `"${node.path}"` : "";
      this.type = node ? node.type : "";
      let prop = "";
      Object.defineProperty(this, "property", {
        get: () => prop,
        set: (v) => {
          prop = v;
          live.observers.push(this);
          if (cb) cb.call(this, [v, live.song[v]]);
        },
      });
    };
    this.LiveAPI.prototype.get = function get(prop) { return live.get(this._node, prop); };
    this.LiveAPI.prototype.set = function set(prop, value) { live.set(this._node, prop, value); };
    this.LiveAPI.prototype.call = function call(fn, ...args) { return live.call(this._node, fn, args); };
    this.LiveAPI.prototype.getcount = function getcount(child) { return live.getcount(this._node, child); };
  }

  idFor(p) {
    if (!this.ids.has(p)) this.ids.set(p, this.nextId++);
    return this.ids.get(p);
  }

  /** Put a clip in a slot (the user's own clip, to be left alone). */
  putClip(track, scene, name = "user clip") {
    this.tracks[track].slots[scene] = { name, length: 4, notes: [{ pitch: 60, start_time: 0, duration: 1, velocity: 100, mute: 0 }], user: true };
  }

  setSong(prop, value) {
    this.song[prop] = value;
    for (const o of this.observers) if (o.property === prop && o._cb) o._cb.call(o, [prop, value]);
  }

  devicePath() {
    if (this.deviceOnMaster) return "live_set master_track devices 0";
    const t = `live_set tracks ${this.deviceTrack}`;
    return this.deviceInRack ? `${t} devices 0 chains 0 devices 1` : `${t} devices 0`;
  }

  resolve(p) {
    let s = p.trim().replace(/^"|"$/g, "");
    if (s.startsWith("id ")) {
      const id = Number(s.slice(3));
      const found = [...this.ids.entries()].find(([, v]) => v === id);
      if (!found) return null;
      s = found[0];
    }
    s = s.replace(/^this_device/, this.devicePath());
    if (s === "live_set view highlighted_clip_slot") {
      if (!this.highlighted) return null;
      s = `live_set tracks ${this.highlighted.track} clip_slots ${this.highlighted.scene}`;
    }
    while (s.endsWith(" canonical_parent")) {
      const base = s.slice(0, -" canonical_parent".length);
      const parts = base.split(" ");
      // devices N / chains N / clip_slots N are children of the object two words up
      s = parts.slice(0, -2).join(" ");
    }
    return this.node(s);
  }

  node(s) {
    if (s === "live_set") return { path: s, type: "Song" };
    if (s === "live_set master_track") return { path: s, type: "Track", master: true };
    let m;
    if ((m = /^live_set master_track devices (\d+)$/.exec(s))) return { path: s, type: "Device" };
    if ((m = /^live_set tracks (\d+)$/.exec(s))) {
      return this.tracks[+m[1]] ? { path: s, type: "Track", track: +m[1] } : null;
    }
    if ((m = /^live_set tracks (\d+) devices \d+$/.exec(s))) return this.tracks[+m[1]] ? { path: s, type: this.deviceInRack ? "RackDevice" : "Device" } : null;
    if ((m = /^live_set tracks (\d+) devices \d+ chains \d+$/.exec(s))) return { path: s, type: "Chain" };
    if ((m = /^live_set tracks (\d+) devices \d+ chains \d+ devices \d+$/.exec(s))) return { path: s, type: "Device" };
    if ((m = /^live_set tracks (\d+) clip_slots (\d+)$/.exec(s))) {
      const t = this.tracks[+m[1]];
      return t && +m[2] < t.slots.length ? { path: s, type: "ClipSlot", track: +m[1], scene: +m[2] } : null;
    }
    if ((m = /^live_set tracks (\d+) clip_slots (\d+) clip$/.exec(s))) {
      const t = this.tracks[+m[1]];
      return t && t.slots[+m[2]] ? { path: s, type: "Clip", track: +m[1], scene: +m[2] } : null;
    }
    return null;
  }

  clipOf(node) { return this.tracks[node.track].slots[node.scene]; }

  get(node, prop) {
    if (!node) throw new Error(`get ${prop} on a dead LiveAPI object`);
    if (node.type === "Song") {
      if (!(prop in this.song)) throw new Error(`Song has no property ${prop}`);
      return [this.song[prop]];
    }
    if (node.type === "ClipSlot" && prop === "has_clip") return [this.clipOf(node) ? 1 : 0];
    if (node.type === "Clip") return [this.clipOf(node)[prop]];
    throw new Error(`fake Live: get ${prop} on ${node.type} not modelled`);
  }

  set(node, prop, value) {
    if (!node) throw new Error(`set ${prop} on a dead LiveAPI object`);
    this.calls.push([node.path, `set ${prop}`, [value]]);
    if (node.type !== "Clip") throw new Error(`fake Live: set ${prop} on ${node.type} not modelled`);
    const allowed = ["name", "signature_numerator", "signature_denominator", "looping", "loop_end", "loop_start"];
    if (!allowed.includes(prop)) throw new Error(`fake Live: Clip property ${prop} not modelled`);
    this.clipOf(node)[prop] = value;
  }

  call(node, fn, args) {
    if (!node) throw new Error(`call ${fn} on a dead LiveAPI object`);
    this.calls.push([node.path, fn, args]);
    if (node.type === "ClipSlot" && fn === "create_clip") {
      if (this.clipOf(node)) throw new Error("Clip slot already has a clip");
      const [length] = args;
      if (!(typeof length === "number" && length > 0)) throw new Error(`create_clip: bad length ${length}`);
      this.tracks[node.track].slots[node.scene] = { name: "", length, looping: 1, notes: [], signature_numerator: 4, signature_denominator: 4 };
      return undefined;
    }
    if (node.type === "Clip" && fn === "add_new_notes") {
      const [d] = args;
      if (!d || !Array.isArray(d.notes)) throw new Error("add_new_notes: expected a dict {notes: [...]}");
      for (const n of d.notes) {
        const keys = Object.keys(n).sort().join(",");
        if (keys !== "duration,mute,pitch,start_time,velocity") throw new Error(`add_new_notes: unexpected keys ${keys}`);
        if (!Number.isInteger(n.pitch) || n.pitch < 0 || n.pitch > 127) throw new Error(`bad pitch ${n.pitch}`);
        if (typeof n.start_time !== "number" || n.start_time < 0) throw new Error(`bad start_time ${n.start_time}`);
        if (typeof n.duration !== "number" || n.duration <= 0) throw new Error(`bad duration ${n.duration}`);
        if (typeof n.velocity !== "number" || n.velocity < 0 || n.velocity > 127) throw new Error(`bad velocity ${n.velocity}`);
      }
      this.clipOf(node).notes.push(...d.notes.map((n) => ({ ...n })));
      return undefined;
    }
    throw new Error(`fake Live: ${node.type}.${fn} not modelled`);
  }

  getcount(node, child) {
    if (node && node.type === "Track" && child === "clip_slots") return node.master ? 0 : this.tracks[node.track].slots.length;
    throw new Error(`fake Live: getcount ${child} not modelled`);
  }
}

/** Max's Dict over a store shared with the fake max-api (setDict). */
function makeDict(store) {
  return function Dict(name) {
    this.name = name;
    this.stringify = () => JSON.stringify(store.has(name) ? store.get(name) : {});
  };
}

const WRITER = path.join(__dirname, "..", "..", "device", "live_writer.js");

/**
 * Load live_writer.js as Max's [js] does: a global scope holding LiveAPI, Dict, outlet, post.
 * Returns {ctx, send(selector, ...args), posts}. Outlet messages go to onOutlet(atoms).
 */
function loadWriter({ live, dicts = new Map(), onOutlet = () => {}, file = WRITER } = {}) {
  const posts = [];
  const ctx = {
    LiveAPI: live.LiveAPI,
    Dict: makeDict(dicts),
    outlet: (n, ...args) => onOutlet(args.flat(), n),
    post: (...a) => posts.push(a.join(" ")),
    messagename: "",
  };
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(file, "utf8"), ctx, { filename: "live_writer.js" });
  function send(selector, ...args) {
    ctx.messagename = selector;
    if (typeof ctx[selector] === "function") return ctx[selector](...args);
    return ctx.anything(...args);
  }
  return { ctx, send, posts };
}

module.exports = { FakeLive, loadWriter, makeDict };
