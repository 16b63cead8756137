// bridge.js, built by ableton/build.mjs from ableton/device/ (bridge.js and the modules
// it requires, bundled): edit those and rebuild.
"use strict";
(function (nodeRequire) {
const sources = {
"bridge.js": function (module, exports, require) {
// bridge.js — the [node.script] half of the MidiDrumiGen device.
//
// Talks to the MidiDrumiGen REST API (generate, re-roll, research, augment, similar), reports
// status and progress to the device UI, saves the .mid files to a folder, and hands the clips
// to the Live writer ([js] live_writer.js) through a named dict: the Live API is not reachable
// from Node, so the writer does the Live side.
//
// The device's settings are Live parameters saved with the Live set (live.* objects, and a
// pattr for the artist). Live restores them when the set loads, before this script runs, so
// on start the bridge sends "sync" and the patch sends every setting again.
//
// Messages in (from the patcher):
//   artist <words…>   artistsaved <words…> (the saved artist, from the pattr)   pick <words…>
//   bars <n>   variations <n>   tempo <bpm>   follow <0|1>   drummap <index|name>   genre <index>
//   fills <n: a fill every n bars, 0 none>   complexity <0..100 %>   complexity_on <0|1>
//   swing <50..75 %>   swing_on <0|1>   humanize <0..100 %>   seed <n>   lock <0|1>   online <0|1>
//   where <0 auto|1 session|2 arrangement>   rerollvar <n>   ghosts <0|1>   api <url>   folder <path>
//   timeout <seconds>
//   generate   reroll   applyfeel   research   augment   similar   reveal
//   song <tempo> <numerator> <denominator>                      (from the writer: Live's tempo and meter)
//   written <written> <wanted> <scene…>   arranged <written> <wanted> <beat…>
//   rerolled <variation> <replaced|session|arrangement> <scene or beat>   writer_error <text…>
//   clipread <dict name>   clip_error <text…>   feelapplied <notes before> <notes after>
// Messages out (routed by [route] in the patcher):
//   status <text>   progress <0..100>   writer write|reroll <dict name> [variation]   writer refresh
//   writer readclip|applyfeel <dict name>
//   meter <text>   similar clear | similar append <name>   artist set <name>   api set <url>
//   tempodisp set <bpm>   seed set <n>   store <artist> (to the pattr)   sync
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const maxApi = require("max-api");
const { createClient, normalizeBaseUrl, ApiError } = require("./api_client.js");
const {
  clipToPattern, drumMapName, feelToClipNotes, generationToClips, meterText, patternToClip, safeName, DRUM_MAPS,
} = require("./clip_notes.js");
const req = require("./request.js");

const DEFAULTS = Object.freeze({
  api: "http://127.0.0.1:8000",
  bars: 4,
  variations: 4,
  tempo: 120,
  follow: 1,
  humanize: 1,
  online: 0,
  drumMap: DRUM_MAPS[0].name,
  genre: 0,
  fillEvery: 4,
  complexityOn: 0,
  complexity: 0.5,
  swingOn: 0,
  swing: 58,
  seed: 1,
  lock: 0,
  where: 0,
  rerollVar: 1,
  ghosts: 0,
  timeoutSec: 30,
});
const DICT_NAME = `mdg_clips_${process.pid}`;
const FEEL_DICT = `mdg_feel_${process.pid}`;
const CLIP_READ_MS = 10000;
const HEALTH_RETRY_MS = Number(process.env.MIDIDRUMIGEN_M4L_RETRY_MS) || 3000;

function settingsPath() {
  return process.env.MIDIDRUMIGEN_M4L_SETTINGS || path.join(os.homedir(), ".mididrumigen", "m4l-device.json");
}

function defaultFolder() {
  return process.env.MIDIDRUMIGEN_M4L_FOLDER || path.join(os.homedir(), "Music", "MidiDrumiGen");
}

function loadSettings() {
  try {
    const s = JSON.parse(fs.readFileSync(settingsPath(), "utf8"));
    return s && typeof s === "object" ? s : {};
  } catch (e) {
    return {};
  }
}

function saveSettings() {
  try {
    fs.mkdirSync(path.dirname(settingsPath()), { recursive: true });
    fs.writeFileSync(settingsPath(), JSON.stringify({ api: state.api, folder: state.folder }, null, 2));
  } catch (e) {
    maxApi.post(`MidiDrumiGen: could not save settings: ${e.message}`);
  }
}

/** A folder path as Max gives it ("Macintosh HD:/Users/me/x") → a native path. */
function maxPathToNative(p, platform = process.platform) {
  const s = String(p).trim();
  if (platform === "win32") return s.replace(/\//g, "\\");
  const m = /^[^/:]+:(\/.*)$/.exec(s);
  return m ? m[1] : s;
}

/** Home-relative display of a path: /Users/me/Music/x → ~/Music/x. */
function displayPath(p) {
  const home = os.homedir();
  return p.startsWith(home + path.sep) ? `~${p.slice(home.length)}` : p;
}

function words(args) {
  // An empty textedit reaches us as "bang" ([route text] turns a bare "text" into a bang).
  if (args.length === 1 && args[0] === "bang") return "";
  return args.map(String).join(" ").replace(/\s+/g, " ").trim();
}

const { clamp, clampInt } = req;

const saved = loadSettings();
const state = {
  api: DEFAULTS.api,
  folder: typeof saved.folder === "string" && saved.folder ? saved.folder : defaultFolder(),
  artist: "",
  bars: DEFAULTS.bars,
  variations: DEFAULTS.variations,
  tempo: DEFAULTS.tempo,
  follow: DEFAULTS.follow,
  humanize: DEFAULTS.humanize, // 0..1: how much of the human timing and dynamics to play
  online: DEFAULTS.online, // research and augment may ask MusicBrainz, Wikipedia, papers
  drumMap: DEFAULTS.drumMap,
  genre: DEFAULTS.genre, // Genre menu index; 0: the artist's own
  fillEvery: DEFAULTS.fillEvery,
  complexityOn: DEFAULTS.complexityOn, // off: the artist's complexity
  complexity: DEFAULTS.complexity,
  swingOn: DEFAULTS.swingOn, // off: the artist's swing
  swing: DEFAULTS.swing,
  seed: DEFAULTS.seed, // the seed shown; used as it is when locked
  lock: DEFAULTS.lock, // off: a new seed every Generate (shown, so a take can be kept)
  where: DEFAULTS.where, // index into request.WHERE
  rerollVar: DEFAULTS.rerollVar,
  ghosts: DEFAULTS.ghosts, // Apply feel: also add the artist's ghost notes
  timeoutSec: DEFAULTS.timeoutSec,
  song: null, // {tempo, numerator, denominator} from Live
  busy: null, // what is running: "generation" | "research" | …
  job: null, // what the status line reports: {artist, clips, files}
  last: null, // the last generation: {body, artist, variations, drumMap, where, dir, files}
  lastDir: null, // where the last .mid files went
  healthy: false,
};
try {
  if (typeof saved.api === "string" && saved.api) state.api = normalizeBaseUrl(saved.api);
} catch (e) { /* keep the default */ }

let opener = (dir) => {
  const cmd = process.env.MIDIDRUMIGEN_OPEN_CMD
    || (process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open");
  const child = spawn(cmd, [dir], { detached: true, stdio: "ignore" });
  child.on("error", (e) => status(`Couldn't open ${displayPath(dir)}: ${e.message}`));
  child.unref();
};

let lastStatus = "";
function status(text) {
  lastStatus = String(text);
  maxApi.outlet("status", lastStatus);
}

function progress(pct) {
  maxApi.outlet("progress", Math.max(0, Math.min(100, Math.round(pct))));
}

function client() {
  return createClient({ baseUrl: state.api, timeoutMs: state.timeoutSec * 1000 });
}

function effectiveTempo() {
  if (state.follow && state.song) {
    return clamp(Math.round(state.song.tempo * 100) / 100, req.TEMPO[0], req.TEMPO[1], null);
  }
  if (state.follow) return null; // Live's tempo not known yet: the artist's own
  return state.tempo;
}

function meter() {
  return state.song ? meterText(state.song.numerator, state.song.denominator) : "4/4";
}

/** Run one job at a time; errors become the status line. */
async function exclusive(name, fn) {
  if (state.busy) {
    status(`Busy: wait for ${state.busy} to finish`);
    return;
  }
  state.busy = name;
  try {
    await fn();
  } catch (e) {
    progress(0);
    status(e instanceof ApiError ? e.message : `Error: ${e && e.message ? e.message : e}`);
    if (!(e instanceof ApiError)) maxApi.post(`MidiDrumiGen ${name} failed: ${e && e.stack ? e.stack : e}`);
  } finally {
    state.busy = null;
  }
}

function needArtist() {
  if (!state.artist) {
    status("Type an artist, band or drummer first");
    return false;
  }
  return true;
}

function renderJob(job) {
  if (job !== state.job) return;
  const parts = [job.clips, job.files].filter(Boolean);
  status(`${job.artist}: ${parts.join(" \u00b7 ")}`);
}

/** "scene 3", "scenes 3\u20136" (consecutive) or "scenes 3, 5, 6". */
function scenesText(scenes) {
  if (scenes.length === 1) return `scene ${scenes[0]}`;
  const consecutive = scenes.every((s, i) => i === 0 || s === scenes[i - 1] + 1);
  return consecutive ? `scenes ${scenes[0]}\u2013${scenes[scenes.length - 1]}` : `scenes ${scenes.join(", ")}`;
}

/** Arrangement positions (beats) as bars of Live's meter: "bar 9", "bars 9, 13, 17", "bar 9.5". */
function barsText(beats) {
  const num = state.song ? state.song.numerator : 4;
  const den = state.song ? state.song.denominator : 4;
  const perBar = (num * 4) / den;
  const bars = beats.map((b) => {
    const bar = Math.round((Number(b) / perBar + 1) * 100) / 100;
    return String(bar);
  });
  return bars.length === 1 ? `bar ${bars[0]}` : `bars ${bars.join(", ")}`;
}

/** Set the seed shown in the device (without it coming back as a message). */
function showSeed(seed) {
  state.seed = seed;
  maxApi.outlet("seed", "set", seed);
}

async function saveFiles(api, job, urls, dir, { onDone } = {}) {
  try {
    let done = 0;
    await Promise.all(urls.map(async (url) => {
      const name = decodeURIComponent(url.split("/").pop());
      await api.download(url, path.join(dir, name));
      done += 1;
      if (onDone) onDone(done);
    }));
    state.lastDir = dir;
    return true;
  } catch (e) {
    job.files = `clips only; .mid files not saved: ${e.message}`;
    return false;
  }
}

async function generate() {
  if (!needArtist()) return;
  await exclusive("generation", async () => {
    const api = client();
    const tempo = effectiveTempo();
    const seed = state.lock ? state.seed : req.randomSeed();
    if (!state.lock) showSeed(seed);
    const body = req.generateBody(state, { meter: meter(), tempo, seed });
    status(`Generating ${state.artist} (${body.variations} \u00d7 ${body.bars} bars, ${body.time_signature}${tempo ? `, ${tempo} BPM` : ""}, seed ${seed})\u2026`);
    progress(2);
    const result = await api.generate(body, {
      onProgress: (pct, step) => {
        progress(2 + pct * 0.78);
        if (step) status(`${state.artist}: ${step}\u2026`);
      },
    });
    const payload = generationToClips(result, state.drumMap);
    payload.where = req.WHERE[state.where] || "auto";
    const job = { artist: payload.artist, clips: "writing clips\u2026", files: "" };
    state.job = job;
    const dir = path.join(state.folder, `${safeName(payload.artist)}-${String(payload.generation_id).slice(0, 8)}`);
    state.last = { body, artist: payload.artist, variations: body.variations, drumMap: state.drumMap, where: payload.where, dir };
    progress(82);
    await maxApi.setDict(DICT_NAME, payload);
    await maxApi.outlet("writer", "write", DICT_NAME);
    renderJob(job);
    const urls = result.midi_files;
    if (await saveFiles(api, job, urls, dir, { onDone: (n) => progress(82 + (18 * n) / urls.length) })) {
      job.files = `${urls.length} .mid file${urls.length === 1 ? "" : "s"} in ${displayPath(dir)}`;
    }
    progress(100);
    renderJob(job);
  });
}

/**
 * Re-roll one variation of the last generation: the same request with a new seed, and only
 * variation N written, in place of the clip Generate wrote for it; the others stay.
 */
async function reroll() {
  const last = state.last;
  if (!last) {
    status("Generate first: Re-roll replaces one variation of the last generation");
    return;
  }
  const n = state.rerollVar;
  if (n > last.variations) {
    status(`The last generation has ${last.variations} variation${last.variations === 1 ? "" : "s"}; choose Var 1\u2013${last.variations}`);
    return;
  }
  await exclusive("re-roll", async () => {
    const api = client();
    let seed = req.randomSeed();
    if (seed === last.body.seed) seed = (seed + 1) % (req.SEED_MAX + 1);
    const body = { ...last.body, variations: n, seed };
    status(`Re-rolling ${last.artist} Var ${n} (seed ${seed})\u2026`);
    progress(2);
    const result = await api.generate(body, { onProgress: (pct) => progress(2 + pct * 0.78) });
    const pattern = result.patterns[n - 1];
    const clip = patternToClip(pattern, last.artist, n, last.drumMap);
    const payload = { artist: last.artist, generation_id: result.generation_id, drum_map: last.drumMap,
      where: last.where, reroll: n, clips: [clip] };
    const job = { artist: last.artist, clips: `Var ${n} re-rolled (seed ${seed})`, files: "" };
    state.job = job;
    progress(82);
    await maxApi.setDict(DICT_NAME, payload);
    await maxApi.outlet("writer", "reroll", DICT_NAME, n);
    renderJob(job);
    if (await saveFiles(api, job, [result.midi_files[n - 1]], last.dir)) {
      job.files = `.mid saved in ${displayPath(last.dir)}`;
    }
    progress(100);
    renderJob(job);
  });
}

/** Ask the writer for the selected clip's notes; resolves with the clip it read. */
let clipWaiter = null;
function readSelectedClip() {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clipWaiter = null;
      reject(new Error("Live did not answer with the selected clip"));
    }, CLIP_READ_MS);
    clipWaiter = {
      resolve: (v) => { clearTimeout(timer); clipWaiter = null; resolve(v); },
      reject: (e) => { clearTimeout(timer); clipWaiter = null; reject(e); },
    };
    maxApi.outlet("writer", "readclip", FEEL_DICT);
  });
}

/**
 * Apply feel to the selected clip: its notes go to POST /humanize (the artist, Human as the
 * amount, Ghosts) and the answer replaces them in the same clip. Every note stays (on its key,
 * with its mute and probability); ghost notes are the only ones added.
 */
async function applyFeel() {
  if (!needArtist()) return;
  await exclusive("apply feel", async () => {
    const artist = state.artist;
    const drumMap = state.drumMap;
    status("Reading the selected clip\u2026");
    progress(2);
    let clip;
    try {
      clip = await readSelectedClip();
    } catch (e) {
      progress(0);
      status(`Live: ${e.message}`);
      return;
    }
    const name = clip.name || "the clip";
    if (!clip.notes || clip.notes.length === 0) {
      progress(0);
      status(`"${name}" has no notes to play like ${artist}`);
      return;
    }
    const { pattern, back } = clipToPattern(clip, { drumMap, tempo: state.song ? state.song.tempo : 120 });
    const amount = Math.round(state.humanize * 1000) / 1000;
    const body = { like: artist, amount, ghosts: Boolean(state.ghosts), pattern };
    const genre = req.genreKey(state.genre);
    if (genre) body.genre = genre;
    status(`Playing "${name}" like ${artist} (${Math.round(amount * 100)} % of the feel${body.ghosts ? ", ghost notes" : ""})\u2026`);
    progress(20);
    const result = await client().humanize(body);
    const notes = feelToClipNotes(clip.notes, result.pattern, back, drumMap);
    const job = { artist: result.artist || artist, clips: `"${name}": writing\u2026`, files: "", feel: { name, seed: result.seed } };
    state.job = job;
    progress(80);
    await maxApi.setDict(FEEL_DICT, { clip_id: clip.clip_id, notes });
    await maxApi.outlet("writer", "applyfeel", FEEL_DICT);
    progress(100);
    renderJob(job);
  });
}

function isMissingRoute(e) {
  return e instanceof ApiError && e.kind === "http"
    && (e.status === 405 || (e.status === 404 && /^not found$/i.test(e.apiMessage || "")));
}

function profileLine(r) {
  if (!r || typeof r !== "object") return "done";
  const p = r.profile && typeof r.profile === "object" ? r.profile : {};
  const conf = typeof r.confidence === "number" ? r.confidence : p.confidence;
  const count = typeof r.sources_count === "number" ? r.sources_count : p.sources_count;
  const bits = [];
  if (typeof conf === "number") bits.push(`confidence ${conf.toFixed(2)}`);
  if (typeof count === "number") bits.push(`${count} source${count === 1 ? "" : "s"}`);
  return bits.length ? bits.join(", ") : "done";
}

async function longTask(kind, verb, call) {
  if (!needArtist()) return;
  await exclusive(kind, async () => {
    const artist = state.artist;
    status(`${verb} ${artist}${state.online ? " (online)" : ""}\u2026`);
    progress(2);
    let result;
    try {
      result = await call(client(), artist, {
        maxWaitMs: 30 * 60 * 1000,
        intervalMs: 500,
        onProgress: (pct, step) => {
          progress(2 + pct * 0.98);
          if (step) status(`${verb} ${artist}: ${step}\u2026`);
        },
      });
    } catch (e) {
      if (isMissingRoute(e)) {
        throw new ApiError(`This API server has no ${kind} yet (HTTP ${e.status}); update MidiDrumiGen`, { kind: "http", status: e.status });
      }
      throw e;
    }
    progress(100);
    status(`${kind[0].toUpperCase()}${kind.slice(1)} of ${artist}: ${profileLine(result)}`);
  });
}

async function similar() {
  if (!needArtist()) return;
  await exclusive("similar artists", async () => {
    const artist = state.artist;
    status(`Looking for artists like ${artist}\u2026`);
    const data = await client().similar(artist, 8);
    const names = (data && Array.isArray(data.data) ? data.data : []).map((d) => d.name);
    await maxApi.outlet("similar", "clear");
    for (const n of names) await maxApi.outlet("similar", "append", n);
    status(names.length ? `Like ${artist}: ${names.join(", ")}` : `No similar artists found for ${artist}`);
  });
}

function reveal() {
  const dir = state.lastDir || state.folder;
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    status(`Couldn't create ${displayPath(dir)}: ${e.message}`);
    return;
  }
  opener(dir);
  status(`Opened ${displayPath(dir)}: drag the .mid files from there`);
}

/** The artist changed (typed, picked, restored): keep it, and save it with the Live set. */
function setArtist(text, { store = true } = {}) {
  if (text === state.artist) return;
  state.artist = text;
  // an empty box is not saved: the set keeps the last artist typed
  if (store && text) maxApi.outlet("store", text);
}

const handlers = {
  artist: (...args) => setArtist(words(args)),
  artistsaved: (...args) => {
    const text = words(args);
    if (!text || text === state.artist) return;
    setArtist(text, { store: false });
    maxApi.outlet("artist", "set", text);
  },
  pick: (...args) => {
    setArtist(words(args));
    maxApi.outlet("artist", "set", state.artist);
  },
  bars: (n) => { state.bars = clampInt(n, 1, 16, DEFAULTS.bars); },
  variations: (n) => { state.variations = clampInt(n, 1, 8, DEFAULTS.variations); },
  tempo: (bpm) => { state.tempo = clamp(bpm, req.TEMPO[0], req.TEMPO[1], DEFAULTS.tempo); },
  follow: (on) => {
    state.follow = Number(on) ? 1 : 0;
    if (state.follow && state.song) maxApi.outlet("tempodisp", "set", effectiveTempo());
  },
  humanize: (pct) => { state.humanize = clamp(pct, 0, 100, DEFAULTS.humanize * 100) / 100; },
  online: (on) => { state.online = Number(on) ? 1 : 0; },
  genre: (i) => { state.genre = clampInt(i, 0, req.GENRE_MENU.length - 1, DEFAULTS.genre); },
  fills: (n) => { state.fillEvery = clampInt(n, 0, 16, DEFAULTS.fillEvery); },
  complexity: (pct) => { state.complexity = clamp(pct, 0, 100, DEFAULTS.complexity * 100) / 100; },
  complexity_on: (on) => { state.complexityOn = Number(on) ? 1 : 0; },
  swing: (v) => { state.swing = clamp(v, req.SWING[0], req.SWING[1], DEFAULTS.swing); },
  swing_on: (on) => { state.swingOn = Number(on) ? 1 : 0; },
  seed: (n) => { state.seed = clampInt(n, 0, req.SEED_MAX, DEFAULTS.seed); },
  lock: (on) => { state.lock = Number(on) ? 1 : 0; },
  where: (i) => { state.where = clampInt(i, 0, req.WHERE.length - 1, DEFAULTS.where); },
  rerollvar: (n) => { state.rerollVar = clampInt(n, 1, 8, DEFAULTS.rerollVar); },
  ghosts: (on) => { state.ghosts = Number(on) ? 1 : 0; },
  drummap: (...args) => {
    try {
      state.drumMap = drumMapName(args.length === 1 && typeof args[0] === "number" ? Math.round(args[0]) : words(args));
    } catch (e) {
      status(e.message);
    }
  },
  api: (...args) => {
    try {
      state.api = normalizeBaseUrl(words(args));
      saveSettings();
      status(`API address: ${state.api}`);
    } catch (e) {
      status(e.message);
    }
  },
  folder: (...args) => {
    const p = maxPathToNative(words(args));
    if (!p) return;
    state.folder = p;
    state.lastDir = null;
    saveSettings();
    status(`.mid files go to ${displayPath(p)}`);
  },
  timeout: (s) => { state.timeoutSec = clampInt(s, 1, 600, DEFAULTS.timeoutSec); },
  song: (tempo, numerator, denominator) => {
    state.song = { tempo: Number(tempo), numerator: Number(numerator), denominator: Number(denominator) };
    maxApi.outlet("meter", `${meter()} from Live`);
    if (state.follow) maxApi.outlet("tempodisp", "set", effectiveTempo());
  },
  written: (written, wanted, ...scenes) => {
    const job = state.job;
    if (!job) return;
    if (written === wanted && written > 0) {
      job.clips = `${written} clip${written === 1 ? "" : "s"} in ${scenesText(scenes)}`;
    } else if (written > 0) {
      job.clips = `${written} of ${wanted} clips written (${scenesText(scenes)}); no empty slot for the rest: add scenes`;
    } else {
      job.clips = "no clip written: no empty clip slot at or below the selected scene; add scenes";
    }
    renderJob(job);
  },
  arranged: (written, wanted, ...beats) => {
    const job = state.job;
    if (!job) return;
    job.clips = `${written} clip${written === 1 ? "" : "s"} in the Arrangement at ${barsText(beats)}`;
    renderJob(job);
  },
  rerolled: (n, how, where) => {
    const job = state.job;
    if (!job) return;
    const place = how === "replaced" ? "its clip replaced"
      : how === "arrangement" ? `its clip was gone: a new clip in the Arrangement at ${barsText([where])}`
        : `its clip was gone: a new clip in scene ${where}`;
    job.clips = `${job.clips.replace(/;.*$/, "")}; ${place}`;
    renderJob(job);
  },
  clipread: async (name) => {
    if (!clipWaiter) return;
    const waiter = clipWaiter;
    try {
      waiter.resolve(await maxApi.getDict(String(name)));
    } catch (e) {
      waiter.reject(e);
    }
  },
  clip_error: (...args) => {
    if (clipWaiter) clipWaiter.reject(new Error(words(args)));
    else status(`Live: ${words(args)}`);
  },
  feelapplied: (before, after) => {
    const job = state.job;
    if (!job || !job.feel) return;
    const added = Number(after) - Number(before);
    job.clips = `"${job.feel.name}" now in this feel, ${after} notes${added > 0 ? ` (${added} ghost notes added)` : ", every one kept"}`
      + ` \u00b7 seed ${job.feel.seed}; Undo in Live goes back`;
    renderJob(job);
  },
  writer_error: (...args) => {
    const job = state.job;
    const text = `Live: ${words(args)}`;
    if (job) {
      job.clips = text;
      renderJob(job);
    } else {
      status(text);
    }
  },
  generate,
  reroll,
  applyfeel: applyFeel,
  research: () => longTask("research", "Researching", (api, artist, opts) => api.research(artist, { depth: "quick", online: Boolean(state.online) }, opts)),
  augment: () => longTask("augmentation", "Augmenting research on", (api, artist, opts) => api.augment(artist, { online: Boolean(state.online) }, opts)),
  similar,
  reveal,
};

maxApi.addHandlers(handlers);

/**
 * Say whether the API answers; while it does not, look again every few seconds and say
 * "Ready" once it does (unless something else has been said since).
 */
async function checkHealth() {
  try {
    await createClient({ baseUrl: state.api, timeoutMs: 3000 }).health();
    state.healthy = true;
    return "Ready: type an artist and press Generate";
  } catch (e) {
    state.healthy = false;
    return e instanceof ApiError ? e.message : String(e);
  }
}

let retryTimer = null;
function watchHealth(said) {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = setTimeout(async () => {
    retryTimer = null;
    if (lastStatus !== said || state.busy) return; // the user has moved on
    const now = await checkHealth();
    if (lastStatus !== said) return;
    if (state.healthy) status(now);
    else watchHealth(said);
  }, HEALTH_RETRY_MS);
  if (retryTimer.unref) retryTimer.unref();
}

async function start() {
  await maxApi.outlet("api", "set", state.api);
  await maxApi.outlet("sync"); // the patch sends every saved setting again
  await maxApi.outlet("writer", "refresh");
  const said = await checkHealth();
  status(said);
  if (!state.healthy) watchHealth(said);
}

const ready = start();

module.exports = {
  state, handlers, ready, DICT_NAME, FEEL_DICT, DEFAULTS, maxPathToNative,
  _setOpener(fn) { opener = fn; },
};
},
"api_client.js": function (module, exports, require) {
// api_client.js — a small client for the MidiDrumiGen REST API (/api/v1).
//
// CommonJS, Node 16+ (Live 11's Max 8 may ship a Node without global fetch: then the http
// module is used instead). Every failure becomes an ApiError whose `message` is one readable
// status line for the device's UI; `kind` says what went wrong: "http" (the API answered with
// its error shape {error, message, details, timestamp, request_id}), "network" (nothing
// listening, DNS, reset), "timeout", "protocol" (not JSON), "task" (a task failed).
"use strict";

const http = require("http");
const https = require("https");
const fs = require("fs");
const path = require("path");

const PREFIX = "/api/v1";

class ApiError extends Error {
  constructor(message, { kind, status = 0, code = "", details = {}, requestId = null, retryAfter = null, apiMessage = "" } = {}) {
    super(message);
    this.apiMessage = apiMessage;
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

/** Normalize a user-typed address: add http://, drop a trailing slash and a trailing /api/v1. */
function normalizeBaseUrl(text) {
  let s = String(text || "").trim();
  if (!s) throw new ApiError("API address is empty; use e.g. http://127.0.0.1:8000", { kind: "config" });
  if (!/^https?:\/\//i.test(s)) s = `http://${s}`;
  let u;
  try {
    u = new URL(s);
  } catch (e) {
    throw new ApiError(`API address ${JSON.stringify(String(text))} is not a URL; use e.g. http://127.0.0.1:8000`, { kind: "config" });
  }
  let p = u.pathname.replace(/\/+$/, "");
  if (p.endsWith(PREFIX)) p = p.slice(0, -PREFIX.length);
  return `${u.protocol}//${u.host}${p}`;
}

/** One readable line for an error answer of the API (its documented error shape). */
function describeHttpError(status, body, retryAfter) {
  const msg = body && typeof body.message === "string" ? body.message : "";
  const code = body && typeof body.error === "string" ? body.error : "";
  const details = (body && body.details) || {};
  if (status === 404 && Array.isArray(details.suggestions) && details.suggestions.length) {
    return `${msg || "Not found"} \u2014 did you mean ${details.suggestions.slice(0, 3).join(", ")}?`;
  }
  if (status === 404 && !code) return "Not found (404)";
  if (status === 422) return msg ? `Invalid request: ${msg}` : "Invalid request (422)";
  if (status === 429) {
    return `Rate limited by the API${retryAfter ? `; try again in ${retryAfter} s` : "; try again shortly"}`;
  }
  if (status === 401 || status === 403) {
    return `${msg || "Not allowed"} (${status}): this API needs an API key`;
  }
  if (status >= 500) return `Server error ${status}${code ? ` (${code})` : ""}${msg ? `: ${msg}` : ""}`;
  return `${msg || "Request failed"} (${status}${code ? ` ${code}` : ""})`;
}

/** The system error code of a failed request (fetch wraps it; "localhost" may try two addresses). */
function errorCode(err) {
  if (!err || typeof err !== "object") return "";
  if (typeof err.code === "string" && err.code) return err.code;
  for (const inner of [err.cause, ...(Array.isArray(err.errors) ? err.errors : [])]) {
    const c = errorCode(inner);
    if (c) return c;
  }
  return "";
}

function networkMessage(err, baseUrl) {
  const code = errorCode(err);
  if (code === "ECONNREFUSED") {
    return `Can't reach the MidiDrumiGen API at ${baseUrl}: start it with "mididrumigen serve"`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `Unknown host in API address ${baseUrl}`;
  return `Network error talking to ${baseUrl}: ${code || (err && err.message) || err}`;
}

/** A fetch-like request via the http/https modules (for Node builds without fetch). */
function nodeRequest(url, { method, headers, body, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === "https:" ? https : http;
    const req = lib.request(u, { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => {
      const e = new Error("timeout");
      e.code = "ETIMEDOUT_MDG";
      req.destroy(e);
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

async function fetchRequest(fetchImpl, url, { method, headers, body, timeoutMs }) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const res = await fetchImpl(url, { method, headers, body, signal: ctl.signal });
    const buf = Buffer.from(await res.arrayBuffer());
    const h = {};
    res.headers.forEach((v, k) => { h[k] = v; });
    return { status: res.status, headers: h, body: buf };
  } catch (e) {
    if (ctl.signal.aborted) {
      const t = new Error("timeout");
      t.code = "ETIMEDOUT_MDG";
      throw t;
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * createClient({baseUrl, timeoutMs, fetch, apiKey})
 *   fetch: a fetch implementation; default globalThis.fetch, or the http module when absent
 *   (pass null to force the http module).
 */
function createClient({ baseUrl = "http://127.0.0.1:8000", timeoutMs = 30000, fetch: fetchImpl, apiKey = "" } = {}) {
  const base = normalizeBaseUrl(baseUrl);
  const useFetch = fetchImpl === undefined ? (typeof globalThis.fetch === "function" ? globalThis.fetch : null) : fetchImpl;

  async function raw(method, urlPath, { json, timeout = timeoutMs } = {}) {
    const url = /^https?:/.test(urlPath) ? urlPath : base + urlPath;
    const headers = { Accept: "application/json" };
    let body;
    if (json !== undefined) {
      body = Buffer.from(JSON.stringify(json), "utf8");
      headers["Content-Type"] = "application/json";
    }
    if (apiKey) headers["X-API-Key"] = apiKey;
    try {
      return useFetch
        ? await fetchRequest(useFetch, url, { method, headers, body, timeoutMs: timeout })
        : await nodeRequest(url, { method, headers, body, timeoutMs: timeout });
    } catch (e) {
      if (e && e.code === "ETIMEDOUT_MDG") {
        throw new ApiError(`The API at ${base} didn't answer within ${Number((timeout / 1000).toFixed(1))} s`, { kind: "timeout" });
      }
      throw new ApiError(networkMessage(e, base), { kind: "network" });
    }
  }

  async function request(method, urlPath, opts = {}) {
    const res = await raw(method, urlPath, opts);
    let data = null;
    const text = res.body.toString("utf8");
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        if (res.status >= 400) {
          throw new ApiError(`Unexpected answer from the API (HTTP ${res.status})`, { kind: "protocol", status: res.status });
        }
        throw new ApiError(`The API sent something that isn't JSON (HTTP ${res.status})`, { kind: "protocol", status: res.status });
      }
    }
    if (res.status >= 400) {
      const retry = res.headers["retry-after"];
      throw new ApiError(describeHttpError(res.status, data, retry), {
        kind: "http", status: res.status, code: (data && data.error) || "",
        details: (data && data.details) || {}, requestId: data && data.request_id, retryAfter: retry || null,
        apiMessage: (data && typeof data.message === "string") ? data.message : "",
      });
    }
    return { status: res.status, data };
  }

  const enc = encodeURIComponent;

  /**
   * Wait for a task: calls onProgress(percent, step) on every poll; resolves with its result,
   * rejects with ApiError(kind "task") when it failed or was cancelled, "timeout" after maxWaitMs.
   */
  async function waitTask(taskId, { onProgress = () => {}, intervalMs = 250, maxWaitMs = 600000, label = "Task" } = {}) {
    const started = Date.now();
    let lastKey = "";
    for (;;) {
      const { data: t } = await request("GET", `${PREFIX}/task/${enc(taskId)}`);
      const key = `${t.status}|${t.progress}|${t.step}`;
      if (key !== lastKey) {
        lastKey = key;
        onProgress(Number(t.progress) || 0, t.step || t.status);
      }
      if (t.status === "succeeded") return t.result;
      if (t.status === "failed" || t.status === "cancelled") {
        throw new ApiError(`${label} ${t.status}: ${t.error || "no reason given"}`, { kind: "task", code: t.status });
      }
      if (Date.now() - started > maxWaitMs) {
        throw new ApiError(`Gave up waiting after ${Math.round(maxWaitMs / 1000)} s; task ${taskId} is still ${t.status}`, { kind: "timeout" });
      }
      await sleep(intervalMs);
    }
  }

  /** POST a body; when the API answers 202 with a task, poll it to the end. */
  async function submit(urlPath, body, waitOpts) {
    const { status, data } = await request("POST", urlPath, { json: body });
    if (status === 202 && data && data.task_id) return waitTask(data.task_id, waitOpts);
    return data;
  }

  return {
    baseUrl: base,
    request,
    waitTask,
    health: async () => (await request("GET", `${PREFIX}/health`)).data,
    /** Generate; with {async: true} the API queues it and progress is reported while polling. */
    generate: (body, waitOpts) => submit(`${PREFIX}/generate`, body, { label: "Generation", ...waitOpts }),
    /** options: {depth: "quick" | "full", online: bool, urls: [...]} (the API's ResearchRequest). */
    research: (artist, options, waitOpts) => submit(`${PREFIX}/research`, { artist, ...options }, { label: "Research", ...waitOpts }),
    /** options: {online: bool, urls: [...]}: augmenting needs one of them. */
    augment: (artist, options, waitOpts) => submit(`${PREFIX}/augment/${enc(artist)}`, { ...options }, { label: "Augmentation", ...waitOpts }),
    /** Play a clip (body: {like, amount, ghosts, genre, seed, pattern: MIDI JSON}) in an artist's feel. */
    humanize: async (body) => (await request("POST", `${PREFIX}/humanize`, { json: body })).data,
    similar: async (artist, limit = 8) => (await request("GET", `${PREFIX}/similar/${enc(artist)}?limit=${limit}`)).data,
    /** Download a file (URL relative to the server) to dest; returns dest. */
    async download(urlPath, dest) {
      const res = await raw("GET", urlPath, {});
      if (res.status >= 400) {
        let data = null;
        try { data = JSON.parse(res.body.toString("utf8")); } catch (e) { /* not JSON */ }
        throw new ApiError(describeHttpError(res.status, data, null), { kind: "http", status: res.status });
      }
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      await fs.promises.writeFile(dest, res.body);
      return dest;
    },
  };
}

module.exports = { ApiError, createClient, describeHttpError, normalizeBaseUrl, PREFIX };
},
"clip_notes.js": function (module, exports, require) {
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
},
"drum_maps.js": function (module, exports, require) {
// drum_maps.js: GM pitch -> kit note for each built-in drum map (generated by
// ableton/tools/export_tables.py from src/mididrumigen/midi/maps; do not edit).
// `remap` lists only the pitches a kit moves; every other pitch stays as it is.
"use strict";

module.exports = [
  {"name": "ableton", "label": "Drum Rack", "title": "Ableton Drum Rack", "remap": {"22": 42, "26": 46, "35": 36, "58": 43, "59": 51}},
  {"name": "gm", "label": "General MIDI", "title": "General MIDI", "remap": {"22": 42, "26": 46, "35": 36, "58": 43, "59": 51}},
  {"name": "ezd3", "label": "EZdrummer 3", "title": "Toontrack EZdrummer 3", "remap": {"22": 42, "26": 46, "35": 36, "39": 38, "47": 45, "48": 47, "50": 48, "52": 57, "54": 42, "55": 49, "56": 53, "58": 43, "59": 51}},
  {"name": "sd3", "label": "Superior Drummer 3", "title": "Toontrack Superior Drummer 3", "remap": {"22": 42, "26": 46, "35": 36, "39": 38, "47": 45, "48": 47, "50": 48, "52": 57, "54": 42, "55": 49, "56": 53, "58": 43, "59": 51}},
  {"name": "ad2", "label": "Addictive Drums 2", "title": "XLN Audio Addictive Drums 2", "remap": {"22": 52, "26": 56, "35": 36, "37": 42, "39": 38, "40": 37, "41": 65, "42": 51, "43": 65, "44": 48, "45": 67, "46": 56, "47": 67, "48": 69, "49": 77, "50": 69, "51": 60, "52": 91, "53": 61, "54": 51, "55": 77, "56": 47, "57": 79, "58": 65, "59": 60}},
  {"name": "ssd", "label": "Steven Slate 5", "title": "Steven Slate Drums 5", "remap": {"22": 61, "26": 70, "35": 36, "39": 76, "42": 67, "44": 72, "45": 47, "46": 70, "49": 57, "50": 48, "52": 31, "54": 79, "55": 50, "56": 75, "57": 55, "58": 43, "59": 51}},
  {"name": "bfd3", "label": "BFD3", "title": "BFD3", "remap": {"22": 42, "26": 46, "35": 36, "39": 38, "47": 45, "50": 48, "58": 43, "59": 51}},
  {"name": "mtpdk", "label": "MT Power Drum Kit", "title": "MT Power Drum Kit 2", "remap": {"22": 42, "26": 46, "35": 36, "39": 38, "40": 38, "43": 41, "44": 65, "47": 45, "50": 48, "54": 42, "56": 53, "58": 41, "59": 51}},
  {"name": "logic", "label": "Logic Drum Kit", "title": "Logic Pro Drum Kit Designer", "remap": {"22": 44, "26": 46, "35": 36, "43": 41, "44": 33, "47": 45, "48": 47, "50": 48, "52": 57, "55": 49, "56": 53, "58": 41, "59": 51}},
  {"name": "vdrums", "label": "Roland V-Drums", "title": "Roland V-Drums", "remap": {"26": 46, "35": 36, "39": 38, "41": 43, "47": 45, "50": 48, "52": 57, "54": 42, "55": 49, "56": 53, "58": 43, "59": 51}},
];
},
"request.js": function (module, exports, require) {
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
},
"genres.js": function (module, exports, require) {
// genres.js: the Genre menu, the API's genre vocabulary (generated by
// ableton/tools/export_tables.py from src/mididrumigen/domain/genres.py; do not edit).
// The menu's first entry, "Artist's", sends no genre: the artist's own.
"use strict";

module.exports = [
  {"key": "rock", "label": "Rock"},
  {"key": "hard_rock", "label": "Hard rock"},
  {"key": "metal", "label": "Metal"},
  {"key": "punk", "label": "Punk"},
  {"key": "pop", "label": "Pop"},
  {"key": "indie", "label": "Indie"},
  {"key": "funk", "label": "Funk"},
  {"key": "soul", "label": "Soul"},
  {"key": "motown", "label": "Motown"},
  {"key": "rnb", "label": "R&B"},
  {"key": "neo_soul", "label": "Neo-soul"},
  {"key": "gospel", "label": "Gospel"},
  {"key": "jazz", "label": "Jazz"},
  {"key": "fusion", "label": "Fusion"},
  {"key": "blues", "label": "Blues"},
  {"key": "hiphop", "label": "Hip-hop"},
  {"key": "boom_bap", "label": "Boom bap"},
  {"key": "trap", "label": "Trap"},
  {"key": "house", "label": "House"},
  {"key": "techno", "label": "Techno"},
  {"key": "disco", "label": "Disco"},
  {"key": "dance", "label": "Dance"},
  {"key": "drum_and_bass", "label": "Drum & bass"},
  {"key": "breakbeat", "label": "Breakbeat"},
  {"key": "electronic", "label": "Electronic"},
  {"key": "reggae", "label": "Reggae"},
  {"key": "dancehall", "label": "Dancehall"},
  {"key": "reggaeton", "label": "Reggaeton"},
  {"key": "ska", "label": "Ska"},
  {"key": "latin", "label": "Latin"},
  {"key": "afrocuban", "label": "Afro-Cuban"},
  {"key": "songo", "label": "Songo"},
  {"key": "samba", "label": "Samba"},
  {"key": "bossa_nova", "label": "Bossa nova"},
  {"key": "afrobeat", "label": "Afrobeat"},
  {"key": "new_orleans", "label": "New Orleans"},
  {"key": "country", "label": "Country"},
  {"key": "prog", "label": "Prog"},
];
}
};
const cache = {};
function load(name) {
  if (!cache[name]) {
    const module = { exports: {} };
    cache[name] = module;
    sources[name](module, module.exports, localRequire);
  }
  return cache[name].exports;
}
function localRequire(id) {
  const name = /^\.\/[^/]+$/.test(id) ? id.slice(2) : null;
  return name && Object.prototype.hasOwnProperty.call(sources, name) ? load(name) : nodeRequire(id);
}
module.exports = load("bridge.js");
})(require);
