// clip_notes.js — pure conversions from the API's MIDI JSON to Live clip data.
//
// Shared by bridge.js ([node.script]) and the tests. CommonJS, Node 16+, no dependencies.
//
// The API's patterns carry notes {pitch, velocity, time, duration} in ticks at `ppq` ticks per
// quarter note. Live's clip API counts time in beats, and a Live "beat" is a quarter note in
// every meter, so: start_time = time / ppq, duration = duration / ppq, and a bar of n/d lasts
// n * 4 / d beats (7/8: 3.5 beats, 6/8: 3 beats, 4/4: 4 beats).
//
// Drum map: the API's patterns hold General MIDI pitches (its .mid files are rendered for the
// kit asked for as `drum_map`). The device moves each pitch with the same table (drum_maps.js,
// exported from the package's maps): Drum Rack keeps the GM order, C1 = 36 = kick.
"use strict";

// The API's built-in drum maps, in menu order (the first, Live's Drum Rack, is the default),
// each with the table that moves a GM pitch to the kit's note: the API's patterns are GM,
// its .mid files are rendered with the same tables (DrumMap.pitch_for).
const TABLES = require("./drum_maps.js");
const DRUM_MAPS = Object.freeze(TABLES.map((t) => Object.freeze({ name: t.name, label: t.label })));
const BY_NAME = new Map(TABLES.map((t) => [t.name, t]));

/** The kit's note for a GM pitch under the named map (pitches the map does not move pass). */
function kitPitch(mapName, gmPitch) {
  const t = BY_NAME.get(mapName);
  if (!t) throw new RangeError(`unknown drum map ${JSON.stringify(mapName)}`);
  const v = t.remap[String(gmPitch)];
  return v === undefined ? gmPitch : v;
}

/** Drum map name for a menu index (an integer) or a name/label (case-insensitive). */
function drumMapName(value) {
  if (typeof value === "number" && Number.isInteger(value)) {
    const m = DRUM_MAPS[value];
    if (!m) throw new RangeError(`drum map index must be 0..${DRUM_MAPS.length - 1}, got ${value}`);
    return m.name;
  }
  const key = String(value).trim().toLowerCase();
  const m = DRUM_MAPS.find((d) => d.name === key || d.label.toLowerCase() === key);
  if (!m) throw new RangeError(`unknown drum map ${JSON.stringify(String(value))}; use one of: `
    + DRUM_MAPS.map((d) => d.name).join(", "));
  return m.name;
}

/** Quarter-note beats in one bar of n/d. */
function beatsPerBar(numerator, denominator) {
  if (!(Number.isInteger(numerator) && numerator > 0)) throw new RangeError(`bad numerator ${numerator}`);
  if (![1, 2, 4, 8, 16, 32].includes(denominator)) throw new RangeError(`bad denominator ${denominator}`);
  return (numerator * 4) / denominator;
}

/** "Artist – Var N" (en dash, as the API names its patterns). */
function clipName(artist, index) {
  return `${artist} \u2013 Var ${index}`;
}

/**
 * One API pattern → one clip: {name, length, signature_numerator, signature_denominator, notes}.
 * `length` (beats) is bars × beats per bar of the pattern's meter; each note's GM pitch becomes
 * the kit's note, its velocity stays, its time and duration become beats (ticks / ppq). Notes
 * are not clamped, dropped or re-ordered: what the API generated is what Live gets.
 */
function patternToClip(pattern, artist, index, drumMap = DRUM_MAPS[0].name) {
  if (!pattern || !Array.isArray(pattern.notes)) throw new TypeError("pattern has no notes array");
  const ppq = pattern.ppq;
  if (!(Number.isInteger(ppq) && ppq > 0)) throw new RangeError(`pattern ppq must be a positive integer, got ${ppq}`);
  const [num, den] = pattern.time_signature || [4, 4];
  const bars = pattern.total_bars;
  if (!(Number.isInteger(bars) && bars > 0)) throw new RangeError(`pattern total_bars must be a positive integer, got ${bars}`);
  const notes = pattern.notes.map((n) => ({
    pitch: kitPitch(drumMap, n.pitch),
    start_time: n.time / ppq,
    duration: n.duration / ppq,
    velocity: n.velocity,
    mute: 0,
  }));
  return {
    name: clipName(artist, index),
    length: bars * beatsPerBar(num, den),
    signature_numerator: num,
    signature_denominator: den,
    notes,
  };
}

/** The API's generation result → the payload the Live writer reads from a dict. */
function generationToClips(result, drumMap = DRUM_MAPS[0].name) {
  const artist = result.artist || (result.profile && result.profile.artist_name) || "Drums";
  return {
    artist,
    generation_id: result.generation_id,
    drum_map: drumMap,
    clips: result.patterns.map((p, i) => patternToClip(p, artist, i + 1, drumMap)),
  };
}

// --- Apply feel: a Live clip -> MIDI JSON for POST /humanize, and the answer -> clip notes ---

const FEEL_PPQ = 480;
const NOTE_EXTRAS = ["probability", "velocity_deviation", "release_velocity"];

/**
 * The GM pitch for a kit note under the named map: the note itself where the map leaves that GM
 * pitch where it is (AD2's snare on 38 is GM 38, though GM 39 also lands there), else the first
 * GM pitch the map moves there, else the note itself.
 */
function gmPitch(mapName, kitNote) {
  const t = BY_NAME.get(mapName);
  if (!t) throw new RangeError(`unknown drum map ${JSON.stringify(mapName)}`);
  if (t.remap[String(kitNote)] === undefined) return kitNote;
  const from = Object.keys(t.remap).map(Number).sort((a, b) => a - b).find((g) => t.remap[String(g)] === kitNote);
  return from === undefined ? kitNote : from;
}

/**
 * A clip read from Live ({name, length, signature_numerator, signature_denominator, notes:
 * [{pitch, start_time, duration, velocity, mute, …}]}) → {pattern, back}: the API's MIDI JSON
 * (GM pitches, ticks at 480 per quarter note, bars enough to hold the clip and every note) and
 * back, GM pitch → the kit note it came from (so every note returns on its own key).
 */
function clipToPattern(clip, { drumMap = DRUM_MAPS[0].name, tempo = 120 } = {}) {
  const num = clip.signature_numerator || 4;
  const den = clip.signature_denominator || 4;
  const perBar = beatsPerBar(num, den);
  const back = {};
  let last = 0;
  const notes = clip.notes.map((n) => {
    const g = gmPitch(drumMap, n.pitch);
    if (!(g in back)) back[g] = n.pitch;
    const time = Math.max(0, Math.round(n.start_time * FEEL_PPQ));
    last = Math.max(last, time + 1);
    return { pitch: g, velocity: Math.min(127, Math.max(1, Math.round(n.velocity))), time,
      duration: Math.max(1, Math.round(n.duration * FEEL_PPQ)) };
  });
  const ticks = Math.max(Math.round((Number(clip.length) || 0) * FEEL_PPQ), last);
  const bars = Math.min(1024, Math.max(1, Math.ceil(ticks / (perBar * FEEL_PPQ))));
  return {
    pattern: { name: String(clip.name || "clip").slice(0, 200), tempo: Math.min(400, Math.max(20, Number(tempo) || 120)),
      time_signature: [num, den], total_bars: bars, ppq: FEEL_PPQ, notes },
    back,
  };
}

/**
 * The API's answer (pattern: the same notes played with the feel, maybe ghost notes added) →
 * the clip's new notes. Pitches go back to the kit's notes; each of the user's notes keeps its
 * mute, probability and the like: on each key, the user's notes in time order take the nearest
 * played note still free; what is left over is a ghost note (plain, unmuted).
 */
function feelToClipNotes(source, played, back, drumMap = DRUM_MAPS[0].name) {
  const ppq = played.ppq;
  const out = played.notes.map((n) => ({
    pitch: n.pitch in back ? back[n.pitch] : kitPitch(drumMap, n.pitch),
    start_time: n.time / ppq,
    duration: n.duration / ppq,
    velocity: n.velocity,
    mute: 0,
  }));
  const free = new Map();
  out.forEach((n, i) => { if (!free.has(n.pitch)) free.set(n.pitch, []); free.get(n.pitch).push(i); });
  const mine = [...source].sort((a, b) => a.start_time - b.start_time);
  for (const n of mine) {
    const idx = free.get(n.pitch) || [];
    let best = -1;
    for (let k = 0; k < idx.length; k++) {
      if (best < 0 || Math.abs(out[idx[k]].start_time - n.start_time) < Math.abs(out[idx[best]].start_time - n.start_time)) best = k;
    }
    if (best < 0) continue;
    const note = out[idx[best]];
    idx.splice(best, 1);
    note.mute = n.mute ? 1 : 0;
    for (const key of NOTE_EXTRAS) if (n[key] !== undefined) note[key] = n[key];
  }
  return out;
}

/** Meter for the API ("7/8") from Live's numerator and denominator. */
function meterText(numerator, denominator) {
  return `${numerator}/${denominator}`;
}

/** File-system-safe folder name for an artist (keeps letters of any script). */
function safeName(text) {
  const s = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").toLowerCase();
  return s.slice(0, 60) || "artist";
}

module.exports = {
  DRUM_MAPS, drumMapName, kitPitch, beatsPerBar, clipName, patternToClip, generationToClips, meterText,
  safeName, gmPitch, clipToPattern, feelToClipNotes, FEEL_PPQ,
};
