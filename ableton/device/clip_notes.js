// clip_notes.js — pure conversions from the API's MIDI JSON to Live clip data.
//
// Shared by bridge.js ([node.script]) and the tests. CommonJS, Node 16+, no dependencies.
//
// The API's patterns carry notes {pitch, velocity, time, duration} in ticks at `ppq` ticks per
// quarter note. Live's clip API counts time in beats, and a Live "beat" is a quarter note in
// every meter, so: start_time = time / ppq, duration = duration / ppq, and a bar of n/d lasts
// n * 4 / d beats (7/8: 3.5 beats, 6/8: 3 beats, 4/4: 4 beats).
//
// Drum map: the device asks the API for the kit layout (`drum_map`), so pattern pitches are
// already the kit's notes (Drum Rack: C1 = 36, the GM order) and pass through unchanged.
"use strict";

// The API's built-in drum maps, in menu order. `name` is what the API accepts as `drum_map`.
// The first one is the default (Live's Drum Rack).
const DRUM_MAPS = Object.freeze([
  { name: "ableton", label: "Drum Rack" },
  { name: "gm", label: "General MIDI" },
  { name: "ezd3", label: "EZdrummer 3" },
  { name: "sd3", label: "Superior Drummer 3" },
  { name: "ad2", label: "Addictive Drums 2" },
  { name: "ssd", label: "Steven Slate 5" },
  { name: "bfd3", label: "BFD3" },
  { name: "mtpdk", label: "MT Power Drum Kit" },
  { name: "logic", label: "Logic Drum Kit" },
  { name: "vdrums", label: "Roland V-Drums" },
]);

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
 * `length` (beats) is bars × beats per bar of the pattern's meter; every note keeps its pitch
 * and velocity, and its time and duration become beats (ticks / ppq). Notes are not clamped,
 * dropped or re-ordered: what the API generated is what Live gets.
 */
function patternToClip(pattern, artist, index) {
  if (!pattern || !Array.isArray(pattern.notes)) throw new TypeError("pattern has no notes array");
  const ppq = pattern.ppq;
  if (!(Number.isInteger(ppq) && ppq > 0)) throw new RangeError(`pattern ppq must be a positive integer, got ${ppq}`);
  const [num, den] = pattern.time_signature || [4, 4];
  const bars = pattern.total_bars;
  if (!(Number.isInteger(bars) && bars > 0)) throw new RangeError(`pattern total_bars must be a positive integer, got ${bars}`);
  const notes = pattern.notes.map((n) => ({
    pitch: n.pitch,
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
function generationToClips(result) {
  const artist = result.artist || (result.profile && result.profile.artist_name) || "Drums";
  return {
    artist,
    generation_id: result.generation_id,
    clips: result.patterns.map((p, i) => patternToClip(p, artist, i + 1)),
  };
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
  DRUM_MAPS, drumMapName, beatsPerBar, clipName, patternToClip, generationToClips, meterText,
  safeName,
};
