// request.js — the device's settings as the API's generate request, and the menus behind them.
//
// Shared by bridge.js ([node.script]) and the tests. CommonJS, Node 16+, no dependencies.
// Every menu's order is the order of its live.menu in the patcher (a test checks both agree).
"use strict";

const GENRES = require("./genres.js");

// Genre: the first entry sends no genre (the artist's own); then the API's vocabulary.
const GENRE_MENU = Object.freeze(["Artist's", ...GENRES.map((g) => g.label)]);
// Fill every N bars, N = the entry's index (0: no fills); the API's fill_every is 0..16.
const FILL_MENU = Object.freeze(["off", "every bar", ...Array.from({ length: 15 }, (_, i) => `every ${i + 2} bars`)]);
// Where the clips go: Auto follows Live's main view (Arrangement shown: at the insert marker).
const WHERE = Object.freeze(["auto", "session", "arrangement"]);
const WHERE_MENU = Object.freeze(["Auto", "Session", "Arrangement"]);
// Seeds the device shows and saves: a Live parameter is a 32-bit float, exact up to 2^24.
const SEED_MAX = 9999999;
const SWING = Object.freeze([50, 75]); // percent: 50 straight, 66.7 triplet, 75 dotted
const TEMPO = Object.freeze([40, 300]);

function clamp(v, lo, hi, fallback) {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}

function clampInt(v, lo, hi, fallback) {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}

/** The genre key for a Genre menu index, or null for "Artist's" (and out-of-range indexes). */
function genreKey(index) {
  const i = Math.round(Number(index));
  return i >= 1 && i <= GENRES.length ? GENRES[i - 1].key : null;
}

/** A new seed the device can show and save (0..SEED_MAX). */
function randomSeed(rng = Math.random) {
  return Math.floor(rng() * (SEED_MAX + 1));
}

/** 0.5 → "0.5", 0.25 → "0.25": numbers as short as they read. */
function round(v, digits) {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * The body of POST /api/v1/generate for the device's settings: s is the bridge's state
 * (artist, bars, variations, drumMap, genre, fillEvery, complexityOn/complexity, swingOn/swing,
 * humanize 0..1), meter "n/d", tempo (null: the artist's), seed.
 */
function generateBody(s, { meter, tempo, seed }) {
  const body = {
    artist: s.artist,
    bars: s.bars,
    variations: s.variations,
    time_signature: meter,
    drum_map: s.drumMap,
    humanize: s.humanize > 0,
    humanize_amount: round(s.humanize, 3),
    fill_every: s.fillEvery,
    seed,
    async: true,
  };
  if (tempo !== null && tempo !== undefined) body.tempo = tempo;
  const genre = genreKey(s.genre);
  if (genre) body.genre = genre;
  if (s.complexityOn) body.complexity = round(s.complexity, 3);
  if (s.swingOn) body.swing = round(s.swing, 1);
  return body;
}

module.exports = {
  GENRES, GENRE_MENU, FILL_MENU, WHERE, WHERE_MENU, SEED_MAX, SWING, TEMPO,
  clamp, clampInt, genreKey, randomSeed, generateBody,
};
