// A fake Live set and the Max [js] globals the Live writer uses: LiveAPI, Dict, outlet, post.
//
// FakeLive models what the writer touches: the song (tempo, meter, song position), tracks with
// clip slots and Arrangement clips, the highlighted clip slot, the view Live shows, and the
// device's place. FakeLive.LiveAPI behaves like Max's: paths and "id N" resolve to objects with
// ids, `get` answers arrays, `call` runs Live functions, `info` lists an object's functions,
// `property` observes (and fires once at once, as Live does; "" stops observing). Live's own
// refusals are reproduced: create_clip on a full slot throws; add_new_notes checks every note;
// Live 11 has no Track.create_midi_clip (version: 11). Apply feel: the clip in the Detail view
// (detail: {track, scene} or {track, arrangement: index}), the highlighted slot's clip,
// Clip.get_notes_extended (JSON text with note ids) or, with notesApi "legacy", only get_notes;
// Song.begin_undo_step/end_undo_step (modelled from version 12; undoSteps counts them).
"use strict";

const fs = require("fs");
const vm = require("vm");
const path = require("path");

const NOTE_KEYS = "duration,mute,pitch,start_time,velocity";
const NOTE_EXTRAS = ["probability", "release_velocity", "velocity_deviation"];

class FakeLive {
  constructor({ tempo = 120, numerator = 4, denominator = 4, tracks = 2, scenes = 8, deviceTrack = 0,
    highlighted = { track: 0, scene: 0 }, deviceInRack = false, deviceOnMaster = false, version = 12,
    view = "Session", songTime = 0, info = true, detail = null, notesApi = "extended" } = {}) {
    this.song = { tempo, signature_numerator: numerator, signature_denominator: denominator, current_song_time: songTime };
    this.tracks = Array.from({ length: tracks }, (_, t) => ({ name: `${t + 1} MIDI`, slots: Array(scenes).fill(null), arrangement: [] }));
    this.deviceTrack = deviceTrack;
    this.deviceInRack = deviceInRack;
    this.deviceOnMaster = deviceOnMaster;
    this.highlighted = highlighted;
    this.version = version;
    this.hasInfo = info; // false: LiveAPI.info lists no functions (the writer goes by the version)
    this.view = view; // what Live's main window shows: "Session" or "Arranger"
    this.detail = detail; // the clip in the Detail view
    this.notesApi = notesApi;
    this.undoSteps = []; // "begin" / "end", in order
    this.nextNoteId = 1;
    this.calls = []; // [path, fn, args]
    this.observers = [];
    this.ids = new Map(); // path -> id
    this.clipIds = new Map(); // clip object -> id (a clip keeps its id when it moves)
    this.nextId = 1;
    const live = this;
    this.LiveAPI = function LiveAPI(a, b) {
      const cb = typeof a === "function" ? a : null;
      const p = typeof a === "function" ? b : a;
      const node = live.resolve(String(p || ""));
      this._live = live;
      this._cb = cb;
      this._node = node;
      this.id = node ? String(live.idOf(node)) : "0";
      this.unquotedpath = node ? node.path : "";
      this.path = node ? `"${node.path}"` : "";
      this.type = node ? node.type : "";
      let prop = "";
      Object.defineProperty(this, "property", {
        get: () => prop,
        set: (v) => {
          prop = v;
          if (!v) {
            live.observers = live.observers.filter((o) => o !== this);
            return;
          }
          if (!live.observers.includes(this)) live.observers.push(this);
          if (cb) cb.call(this, [v, live.song[v]]);
        },
      });
      Object.defineProperty(this, "info", { get: () => live.info(this._node) });
    };
    this.LiveAPI.prototype.get = function get(prop) { return live.get(this._node, prop); };
    this.LiveAPI.prototype.set = function set(prop, value) { live.set(this._node, prop, value); };
    this.LiveAPI.prototype.call = function call(fn, ...args) { return live.call(this._node, fn, args); };
    this.LiveAPI.prototype.getcount = function getcount(child) { return live.getcount(this._node, child); };
  }

  idOf(node) {
    if (node.clip) {
      if (!this.clipIds.has(node.clip)) this.clipIds.set(node.clip, this.nextId++);
      return this.clipIds.get(node.clip);
    }
    if (!this.ids.has(node.path)) this.ids.set(node.path, this.nextId++);
    return this.ids.get(node.path);
  }

  /** Put a clip in a slot (the user's own clip, to be left alone). */
  putClip(track, scene, name = "user clip", { notes, length = 4, audio = false } = {}) {
    const clip = { name, length, notes: notes || [{ pitch: 60, start_time: 0, duration: 1, velocity: 100, mute: 0 }], user: true,
      signature_numerator: 4, signature_denominator: 4, looping: 1, is_midi_clip: audio ? 0 : 1 };
    this.tracks[track].slots[scene] = clip;
    return clip;
  }

  /** Put a clip in the Arrangement (the user's own). */
  putArrangementClip(track, start, length, name = "user clip") {
    const clip = { name, length, start_time: start, notes: [], user: true, signature_numerator: 4, signature_denominator: 4, is_midi_clip: 1 };
    this.tracks[track].arrangement.push(clip);
    return clip;
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

  clipById(id) {
    for (const [clip, cid] of this.clipIds) {
      if (cid !== id) continue;
      for (let t = 0; t < this.tracks.length; t++) {
        const scene = this.tracks[t].slots.indexOf(clip);
        if (scene >= 0) return { path: `live_set tracks ${t} clip_slots ${scene} clip`, type: "Clip", track: t, scene, clip };
        const a = this.tracks[t].arrangement.indexOf(clip);
        if (a >= 0) return { path: `live_set tracks ${t} arrangement_clips ${a}`, type: "Clip", track: t, clip, arrangement: true };
      }
    }
    return null;
  }

  resolve(p) {
    let s = p.trim().replace(/^"|"$/g, "");
    if (s.startsWith("id ")) {
      const id = Number(s.slice(3));
      const clip = this.clipById(id);
      if (clip) return clip;
      const found = [...this.ids.entries()].find(([, v]) => v === id);
      if (!found) return null;
      s = found[0];
    }
    s = s.replace(/^this_device/, this.devicePath());
    if (s.startsWith("live_set view highlighted_clip_slot")) {
      if (!this.highlighted) return null;
      s = `live_set tracks ${this.highlighted.track} clip_slots ${this.highlighted.scene}${s.slice("live_set view highlighted_clip_slot".length)}`;
    }
    if (s === "live_set view detail_clip") {
      const d = this.detail;
      if (!d) return null;
      if (d.arrangement !== undefined) {
        const clip = this.tracks[d.track].arrangement[d.arrangement];
        return clip ? { path: `live_set tracks ${d.track} arrangement_clips ${d.arrangement}`, type: "Clip", track: d.track, clip, arrangement: true } : null;
      }
      s = `live_set tracks ${d.track} clip_slots ${d.scene} clip`;
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
    if (s === "live_app") return { path: s, type: "Application" };
    if (s === "live_app view") return { path: s, type: "Application.View" };
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
      const clip = t && t.slots[+m[2]];
      return clip ? { path: s, type: "Clip", track: +m[1], scene: +m[2], clip } : null;
    }
    return null;
  }

  info(node) {
    if (!node) return "No object";
    if (!this.hasInfo) return `id ${this.idOf(node)}\ntype ${node.type}\ndone`;
    const fns = {
      Track: ["create_audio_clip", "delete_clip", "duplicate_clip_slot", "duplicate_clip_to_arrangement", "stop_all_clips"],
      ClipSlot: ["create_clip", "delete_clip", "fire", "stop"],
      Clip: ["add_new_notes", "remove_notes_extended", "get_notes_extended", "get_notes", "fire"],
      Song: ["create_scene", "start_playing", "stop_playing"],
    }[node.type] || [];
    if (node.type === "Clip" && this.notesApi === "legacy") fns.splice(fns.indexOf("get_notes_extended"), 1);
    if (node.type === "Song" && this.version >= 12) fns.push("begin_undo_step", "end_undo_step");
    if (node.type === "Track" && this.version >= 12) fns.push("create_midi_clip");
    if (node.type === "Track" && this.version < 11) fns.splice(fns.indexOf("duplicate_clip_to_arrangement"), 1);
    return [`id ${this.idOf(node)}`, `type ${node.type}`, ...fns.sort().map((f) => `function ${f}`), "done"].join("\n");
  }

  arrangementIds(track) {
    return this.tracks[track].arrangement.flatMap((clip) => ["id", this.idOf({ clip })]);
  }

  get(node, prop) {
    if (!node) throw new Error(`get ${prop} on a dead LiveAPI object`);
    if (node.type === "Song") {
      if (!(prop in this.song)) throw new Error(`Song has no property ${prop}`);
      return [this.song[prop]];
    }
    if (node.type === "Application.View" && prop === "focused_document_view") return [this.view];
    if (node.type === "ClipSlot" && prop === "has_clip") return [this.tracks[node.track].slots[node.scene] ? 1 : 0];
    if (node.type === "Track" && prop === "arrangement_clips" && !node.master) return this.arrangementIds(node.track);
    if (node.type === "Clip") {
      const c = node.clip;
      if (prop === "end_time") return [c.start_time + c.length];
      if (prop === "name") return c.name.split(" "); // Max may answer a symbol as its words
      if (prop === "is_midi_clip") return [c.is_midi_clip === 0 ? 0 : 1];
      return [c[prop]];
    }
    throw new Error(`fake Live: get ${prop} on ${node.type} not modelled`);
  }

  set(node, prop, value) {
    if (!node) throw new Error(`set ${prop} on a dead LiveAPI object`);
    this.calls.push([node.path, `set ${prop}`, [value]]);
    if (node.type !== "Clip") throw new Error(`fake Live: set ${prop} on ${node.type} not modelled`);
    const allowed = ["name", "signature_numerator", "signature_denominator", "looping", "loop_end", "loop_start"];
    if (!allowed.includes(prop)) throw new Error(`fake Live: Clip property ${prop} not modelled`);
    node.clip[prop] = value;
  }

  checkNotes(d) {
    if (!d || !Array.isArray(d.notes)) throw new Error("add_new_notes: expected a dict {notes: [...]}");
    for (const n of d.notes) {
      const keys = Object.keys(n).filter((k) => !NOTE_EXTRAS.includes(k)).sort().join(",");
      if (keys !== NOTE_KEYS) throw new Error(`add_new_notes: unexpected keys ${Object.keys(n).sort().join(",")}`);
      if (!Number.isInteger(n.pitch) || n.pitch < 0 || n.pitch > 127) throw new Error(`bad pitch ${n.pitch}`);
      if (typeof n.start_time !== "number" || n.start_time < 0) throw new Error(`bad start_time ${n.start_time}`);
      if (typeof n.duration !== "number" || n.duration <= 0) throw new Error(`bad duration ${n.duration}`);
      if (typeof n.velocity !== "number" || n.velocity < 0 || n.velocity > 127) throw new Error(`bad velocity ${n.velocity}`);
    }
  }

  /** A new Arrangement clip on track t; like Live, it cuts away what it lands on. */
  placeInArrangement(t, start, clip) {
    const end = start + clip.length;
    this.tracks[t].arrangement = this.tracks[t].arrangement.filter((c) => {
      const overlaps = c.start_time < end && c.start_time + c.length > start;
      if (overlaps) c.overwritten = true;
      return !overlaps;
    });
    const placed = { ...clip, notes: clip.notes.map((n) => ({ ...n })), start_time: start };
    this.tracks[t].arrangement.push(placed);
    this.tracks[t].arrangement.sort((a, b) => a.start_time - b.start_time);
    return ["id", this.idOf({ clip: placed })];
  }

  call(node, fn, args) {
    if (!node) throw new Error(`call ${fn} on a dead LiveAPI object`);
    this.calls.push([node.path, fn, args]);
    if (node.type === "Application" && fn === "get_major_version") return [this.version];
    if (node.type === "ClipSlot" && fn === "create_clip") {
      if (this.tracks[node.track].slots[node.scene]) throw new Error("Clip slot already has a clip");
      const [length] = args;
      if (!(typeof length === "number" && length > 0)) throw new Error(`create_clip: bad length ${length}`);
      this.tracks[node.track].slots[node.scene] = { name: "", length, looping: 1, notes: [], signature_numerator: 4, signature_denominator: 4 };
      return undefined;
    }
    if (node.type === "ClipSlot" && fn === "delete_clip") {
      this.tracks[node.track].slots[node.scene] = null;
      return undefined;
    }
    if (node.type === "Track" && fn === "create_midi_clip") {
      if (this.version < 12) throw new Error("Track has no function create_midi_clip");
      const [start, length] = args;
      if (!(typeof start === "number" && start >= 0 && typeof length === "number" && length > 0)) {
        throw new Error(`create_midi_clip: bad start ${start} or length ${length}`);
      }
      return this.placeInArrangement(node.track, start, { name: "", length, looping: 1, notes: [], signature_numerator: 4, signature_denominator: 4 });
    }
    if (node.type === "Track" && fn === "duplicate_clip_to_arrangement") {
      if (this.version < 11) throw new Error("Track has no function duplicate_clip_to_arrangement");
      const [ref, time] = args;
      const src = this.resolve(String(ref));
      if (!src || src.type !== "Clip" || src.arrangement) throw new Error(`duplicate_clip_to_arrangement: not a Session clip: ${ref}`);
      if (!(typeof time === "number" && time >= 0)) throw new Error(`duplicate_clip_to_arrangement: bad time ${time}`);
      return this.placeInArrangement(node.track, time, src.clip);
    }
    if (node.type === "Clip" && fn === "add_new_notes") {
      const [d] = args;
      this.checkNotes(d);
      node.clip.notes.push(...d.notes.map((n) => ({ ...n })));
      return undefined;
    }
    if (node.type === "Song" && (fn === "begin_undo_step" || fn === "end_undo_step")) {
      if (this.version < 12) throw new Error(`Song has no function ${fn}`);
      this.undoSteps.push(fn === "begin_undo_step" ? "begin" : "end");
      return undefined;
    }
    if (node.type === "Clip" && fn === "get_notes_extended") {
      if (this.notesApi === "legacy") throw new Error("Clip has no function get_notes_extended");
      const [fromPitch, pitchSpan, fromTime, timeSpan] = args;
      if (args.length !== 4) throw new Error("get_notes_extended: from_pitch, pitch_span, from_time, time_span");
      const notes = node.clip.notes.filter((n) => n.pitch >= fromPitch && n.pitch < fromPitch + pitchSpan
        && n.start_time >= fromTime && n.start_time < fromTime + timeSpan).map((n) => {
        if (!n.note_id) Object.defineProperty(n, "note_id", { value: this.nextNoteId++, enumerable: false });
        // Live 11+ answers every property, with its defaults
        return { note_id: n.note_id, pitch: n.pitch, start_time: n.start_time, duration: n.duration, velocity: n.velocity,
          mute: n.mute ? 1 : 0, probability: n.probability ?? 1, velocity_deviation: n.velocity_deviation ?? 0,
          release_velocity: n.release_velocity ?? 64 };
      });
      return JSON.stringify({ notes });
    }
    if (node.type === "Clip" && fn === "get_notes") {
      const [fromTime, fromPitch, timeSpan, pitchSpan] = args;
      const notes = node.clip.notes.filter((n) => n.pitch >= fromPitch && n.pitch < fromPitch + pitchSpan
        && n.start_time >= fromTime && n.start_time < fromTime + timeSpan);
      return ["notes", notes.length, ...notes.flatMap((n) => ["note", n.pitch, n.start_time, n.duration, n.velocity, n.mute ? 1 : 0]), "done"];
    }
    if (node.type === "Clip" && fn === "remove_notes_extended") {
      const [fromPitch, pitchSpan, fromTime, timeSpan] = args;
      if (args.length !== 4) throw new Error("remove_notes_extended: from_pitch, pitch_span, from_time, time_span");
      node.clip.notes = node.clip.notes.filter((n) => !(n.pitch >= fromPitch && n.pitch < fromPitch + pitchSpan
        && n.start_time >= fromTime && n.start_time < fromTime + timeSpan));
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
    this.parse = (text) => { store.set(name, JSON.parse(text)); };
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
