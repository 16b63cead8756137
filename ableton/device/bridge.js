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
