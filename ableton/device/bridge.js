// bridge.js — the [node.script] half of the MidiDrumiGen device.
//
// Talks to the MidiDrumiGen REST API (generate, research, augment, similar), reports status
// and progress to the device UI, saves the .mid files to a folder, and hands the clips to the
// Live writer ([js] live_writer.js) through a named dict: the Live API is not reachable from
// Node, so the writer does the Live side.
//
// Messages in (from the patcher):
//   artist <words…>   bars <n>   variations <n>   tempo <bpm>   follow <0|1>   humanize <0|1>   online <0|1>
//   drummap <index|name>   api <url>   folder <path>   timeout <seconds>   seed <n|-1>   pick <words…>
//   generate   research   augment   similar   reveal
//   song <tempo> <numerator> <denominator>           (from the writer: Live's tempo and meter)
//   written <written> <wanted> <scene…>   writer_error <text…>   (from the writer)
// Messages out (routed by [route] in the patcher):
//   status <text>   progress <0..100>   writer write <dict name>   writer refresh   meter <text>
//   similar clear | similar append <name>   artist set <name>   api set <url>   tempodisp set <bpm>
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const maxApi = require("max-api");
const { createClient, normalizeBaseUrl, ApiError } = require("./api_client.js");
const { drumMapName, generationToClips, meterText, safeName, DRUM_MAPS } = require("./clip_notes.js");

const DEFAULTS = Object.freeze({
  api: "http://127.0.0.1:8000",
  bars: 4,
  variations: 4,
  tempo: 120,
  follow: 1,
  humanize: 1,
  online: 1,
  drumMap: DRUM_MAPS[0].name,
  timeoutSec: 30,
});
const TEMPO_MIN = 40;
const TEMPO_MAX = 300;
const DICT_NAME = `mdg_clips_${process.pid}`;

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

function clampInt(v, lo, hi, fallback) {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}

const saved = loadSettings();
const state = {
  api: DEFAULTS.api,
  folder: typeof saved.folder === "string" && saved.folder ? saved.folder : defaultFolder(),
  artist: "",
  bars: DEFAULTS.bars,
  variations: DEFAULTS.variations,
  tempo: DEFAULTS.tempo,
  follow: DEFAULTS.follow,
  humanize: DEFAULTS.humanize,
  online: DEFAULTS.online, // research and augment may ask MusicBrainz, Wikipedia, papers
  drumMap: DEFAULTS.drumMap,
  timeoutSec: DEFAULTS.timeoutSec,
  seed: null, // null: a new groove every time
  song: null, // {tempo, numerator, denominator} from Live
  busy: null, // what is running: "generate" | "research" | …
  job: null, // the latest generation: {clips, files, id}
  lastDir: null, // where the last .mid files went
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

function status(text) {
  maxApi.outlet("status", String(text));
}

function progress(pct) {
  maxApi.outlet("progress", Math.max(0, Math.min(100, Math.round(pct))));
}

function client() {
  return createClient({ baseUrl: state.api, timeoutMs: state.timeoutSec * 1000 });
}

function effectiveTempo() {
  if (state.follow && state.song) {
    return Math.min(TEMPO_MAX, Math.max(TEMPO_MIN, Math.round(state.song.tempo * 100) / 100));
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

async function generate() {
  if (!needArtist()) return;
  await exclusive("generation", async () => {
    const api = client();
    const tempo = effectiveTempo();
    const body = {
      artist: state.artist,
      bars: state.bars,
      variations: state.variations,
      time_signature: meter(),
      drum_map: state.drumMap,
      humanize: Boolean(state.humanize),
      async: true,
    };
    if (tempo !== null) body.tempo = tempo;
    if (state.seed !== null) body.seed = state.seed;
    status(`Generating ${state.artist} (${body.variations} \u00d7 ${body.bars} bars, ${body.time_signature}${tempo ? `, ${tempo} BPM` : ""})\u2026`);
    progress(2);
    const result = await api.generate(body, {
      onProgress: (pct, step) => {
        progress(2 + pct * 0.78);
        if (step) status(`${state.artist}: ${step}\u2026`);
      },
    });
    const payload = generationToClips(result, state.drumMap);
    const job = { artist: payload.artist, clips: "writing clips\u2026", files: "", id: payload.generation_id };
    state.job = job;
    progress(82);
    await maxApi.setDict(DICT_NAME, payload);
    await maxApi.outlet("writer", "write", DICT_NAME);
    renderJob(job);
    const dir = path.join(state.folder, `${safeName(payload.artist)}-${String(payload.generation_id).slice(0, 8)}`);
    try {
      let done = 0;
      await Promise.all(result.midi_files.map(async (url) => {
        const name = decodeURIComponent(url.split("/").pop());
        await api.download(url, path.join(dir, name));
        done += 1;
        progress(82 + (18 * done) / result.midi_files.length);
      }));
      state.lastDir = dir;
      job.files = `${result.midi_files.length} .mid file${result.midi_files.length === 1 ? "" : "s"} in ${displayPath(dir)}`;
    } catch (e) {
      job.files = `clips only; .mid files not saved: ${e.message}`;
    }
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
    status(`${verb} ${artist}\u2026`);
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

const handlers = {
  artist: (...args) => { state.artist = words(args); },
  pick: (...args) => {
    state.artist = words(args);
    maxApi.outlet("artist", "set", state.artist);
  },
  bars: (n) => { state.bars = clampInt(n, 1, 16, DEFAULTS.bars); },
  variations: (n) => { state.variations = clampInt(n, 1, 8, DEFAULTS.variations); },
  tempo: (bpm) => { state.tempo = Math.min(TEMPO_MAX, Math.max(TEMPO_MIN, Number(bpm) || DEFAULTS.tempo)); },
  follow: (on) => {
    state.follow = Number(on) ? 1 : 0;
    if (state.follow && state.song) maxApi.outlet("tempodisp", "set", effectiveTempo());
  },
  humanize: (on) => { state.humanize = Number(on) ? 1 : 0; },
  online: (on) => { state.online = Number(on) ? 1 : 0; },
  drummap: (...args) => {
    try {
      state.drumMap = drumMapName(args.length === 1 && typeof args[0] === "number" ? args[0] : words(args));
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
  seed: (n) => {
    // a fixed seed makes Generate repeatable; a negative number (or "random") clears it
    const v = Math.round(Number(n));
    state.seed = Number.isFinite(v) && v >= 0 ? v : null;
  },
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
  research: () => longTask("research", "Researching", (api, artist, opts) => api.research(artist, { depth: "quick", online: Boolean(state.online) }, opts)),
  augment: () => longTask("augmentation", "Augmenting research on", (api, artist, opts) => api.augment(artist, { online: Boolean(state.online) }, opts)),
  similar,
  reveal,
};

maxApi.addHandlers(handlers);

async function start() {
  await maxApi.outlet("api", "set", state.api);
  await maxApi.outlet("writer", "refresh");
  try {
    await createClient({ baseUrl: state.api, timeoutMs: 3000 }).health();
    status("Ready: type an artist and press Generate");
  } catch (e) {
    status(e instanceof ApiError ? e.message : String(e));
  }
}

const ready = start();

module.exports = {
  state, handlers, ready, DICT_NAME, DEFAULTS, maxPathToNative,
  _setOpener(fn) { opener = fn; },
};
