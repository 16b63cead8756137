// The page: the form, a task's progress, one card per variation (grid, play/stop, download, drag
// out), and the panels. Talks only to the same-origin API; works offline.

import { api, ApiError, apiKey, fileUrl, generateWithProgress, searchArtists } from "./api.js";
import { audioContext, Player } from "./audio.js";
import { artistCombobox } from "./combobox.js";
import { audible, renderGrid } from "./grid.js";
import { fill, h, renderProfile, renderSimilar, renderStats } from "./panels.js";

const $ = (id) => document.getElementById(id);
const form = $("gen");
const state = { result: null, players: [], playing: -1, busy: false };
window.mididrumigen = {
  state,
  audioState: () => (state.audioStarted ? audioContext().state : "none"),
};

// ---- form -----------------------------------------------------------------------------------

const combo = artistCombobox($("artist"), $("artist-list"), searchArtists);

function readForm() {
  const v = (name) => form.elements[name].value.trim();
  const num = (name) => (v(name) === "" ? null : Number(v(name)));
  return {
    artist: v("artist"), bars: num("bars"), tempo: num("tempo"), time_signature: v("time_signature"),
    variations: num("variations"), provider: v("provider") || "template", genre: v("genre") || null,
    drum_map: v("drum_map") || null, fill_every: num("fill_every"), seed: num("seed"),
    complexity: num("complexity"), swing: num("swing"),
    humanize: form.elements.humanize.checked, humanize_amount: num("humanize_amount"),
    structure: v("structure") || null, count_in: form.elements.count_in.checked,
  };
}

// Humanize amount: shown in percent; off with humanize (the same as 0).
const amount = form.elements.humanize_amount;
function showAmount() {
  $("humanize_amount-value").textContent = `${Math.round(Number(amount.value) * 100)}%`;
  amount.disabled = !form.elements.humanize.checked;
}
amount.addEventListener("input", showAmount);
form.elements.humanize.addEventListener("change", showAmount);
showAmount();

function clearErrors() {
  $("form-error").hidden = true;
  for (const el of form.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
  }
  for (const el of form.querySelectorAll(".field-error")) el.remove();
}

function showError(err) {
  const unauthorized = err instanceof ApiError && err.status === 401;
  if (unauthorized) {
    $("api-key-field").hidden = false;
    err.field = "api_key";
    err.message = apiKey.get() ? "this key was not accepted; check it" : "this server needs an API key (X-API-Key)";
  }
  const field = err instanceof ApiError && err.field ? err.field.split(".")[0] : null;
  let message = err instanceof ApiError ? err.message : String(err?.message || err);
  if (field && message.startsWith(`${err.field}: `)) message = message.slice(err.field.length + 2);
  const allowed = err?.details?.allowed;
  const alert = $("form-error");
  const input = field && form.elements[field];
  fill(alert,
    h("strong", { text: input ? `${labelOf(input)}: ` : "Error: " }),
    message,
    allowed && !message.includes(allowed) ? h("span", { text: ` (allowed: ${allowed})` }) : null,
  );
  alert.hidden = false;
  $("progress").hidden = true;
  if (input && input.focus) {
    const text = allowed ? `Allowed: ${allowed}` : message;
    const note = h("p", { class: "field-error", id: `${field}-error`, text });
    (input.closest(".field") || input.closest(".drop") || input.parentElement).append(note);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", note.id);
    input.focus();
  }
}

const labelOf = (input) => form.querySelector(`label[for="${input.id}"]`)?.firstChild.textContent.trim() || input.name;

function setProgress(percent, step) {
  $("progress").hidden = false;
  $("progress-bar").value = Math.max(2, percent);
  $("progress-step").textContent = `${Math.round(percent)}% · ${step}`;
}

async function generate() {
  if (state.busy) return;
  clearErrors();
  const params = readForm();
  if (!params.artist) {
    showError(new ApiError(422, { message: "type an artist, band or drummer", details: { field: "artist" } }));
    return;
  }
  combo.close();
  const keyChanged = !$("api-key-field").hidden && apiKey.get() !== form.elements.api_key.value.trim();
  if (keyChanged) apiKey.set(form.elements.api_key.value.trim());
  state.busy = true;
  $("generate").disabled = true;
  form.setAttribute("aria-busy", "true");
  setProgress(0, "queued");
  try {
    const result = await generateWithProgress(params, setProgress);
    setProgress(100, "done");
    showResult(result, params, keyChanged);
  } catch (err) {
    showError(err);
  } finally {
    state.busy = false;
    $("generate").disabled = false;
    form.removeAttribute("aria-busy");
    setTimeout(() => { if (!state.busy) $("progress").hidden = true; }, 600);
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  generate();
});
// Enter generates from any control (a select does not submit a form by itself).
form.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.defaultPrevented && e.target.tagName === "SELECT") {
    e.preventDefault();
    generate();
  }
});
form.addEventListener("input", (e) => {
  if (e.target.getAttribute("aria-invalid")) {
    e.target.removeAttribute("aria-invalid");
    e.target.closest(".field")?.querySelector(".field-error")?.remove();
  }
});

function useArtist(name) {
  form.elements.artist.value = name;
  generate();
}
for (const b of document.querySelectorAll(".try")) b.addEventListener("click", () => useArtist(b.textContent));

// ---- results --------------------------------------------------------------------------------

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function fileName(url) {
  return decodeURIComponent(url.split("/").pop());
}

function showResult(result, params, keyChanged = false) {
  stop();
  state.result = result;
  showSummary(result);
  if (keyChanged) {
    combo.reset();
    loadOptions();
  }
  const list = $("variation-list");
  state.players = [];
  list.replaceChildren(...result.patterns.map((pattern, i) => card(pattern, i, result.midi_files[i])));
  $("results-title").focus({ preventScroll: true });
  loadPanels(result, params);
}

function showSummary(result) {
  const rerolled = (result.variation_seeds || []).map((s, i) => [i + 1, s]).filter(([, s]) => s !== result.seed)
    .map(([n, s]) => `var ${n} seed ${s}`);
  fill($("summary"),
    h("h2", { id: "results-title", tabindex: "-1", text: result.artist }),
    h("p", { class: "meta" },
      `${result.genre.replaceAll("_", " ")} · ${plural(result.patterns.length, "variation")}`,
      ` · ${result.provider_used === "template" ? "offline engine" : result.provider_used}`,
      ` · ${Math.round(result.generation_time_ms)} ms · seed ${result.seed}`,
      rerolled.length ? ` (re-rolled: ${rerolled.join(", ")})` : "", " · ",
      h("a", { href: result.zip_url, download: `${result.artist}.zip`, class: "button", id: "zip",
        text: "Download all (.zip)" })),
    h("p", { class: "note", text: result.resolution_note }),
  );
  if (apiKey.get()) fileUrl(result.zip_url).then((blobUrl) => { $("zip").href = blobUrl; }, showError);
}

// Re-roll one variation: the server answers a new generation whose other variations are the
// same notes; their cards stay (and keep playing), only their download links move to it.
async function reroll(index) {
  const entry = state.players[index];
  if (state.busy || entry.rolling || state.result.kind === "clip") return;
  entry.rolling = true;
  entry.reroll.disabled = true;
  entry.li.setAttribute("aria-busy", "true");
  clearErrors();
  try {
    const result = await api.reroll(state.result.generation_id, index + 1);
    if (state.playing === index) stop();
    state.result = result;
    showSummary(result);
    result.midi_files.forEach((url, i) => {
      if (i !== index) setLink(state.players[i], url);
    });
    const fresh = card(result.patterns[index], index, result.midi_files[index]);
    entry.li.replaceWith(fresh);
    fresh.querySelector(".reroll").focus();
  } catch (err) {
    showError(err);
  } finally {
    entry.rolling = false;
    entry.reroll.disabled = false;
    entry.li.removeAttribute("aria-busy");
  }
}

// ---- your own clip, played like the artist ---------------------------------------------------

const drop = $("drop");
async function humanizeClip(file) {
  if (!file || state.busy) return;
  clearErrors();
  const params = readForm();
  if (!params.artist) {
    showError(new ApiError(422, { message: "type the artist whose feel your clip should have",
      details: { field: "artist" } }));
    return;
  }
  const body = new FormData();
  body.append("file", file, file.name);
  body.append("like", params.artist);
  body.append("amount", String(params.humanize ? params.humanize_amount : 0));
  body.append("ghosts", String(form.elements.ghosts.checked));
  if (params.genre) body.append("genre", params.genre);
  if (params.seed !== null) body.append("seed", String(params.seed));
  state.busy = true;
  drop.setAttribute("aria-busy", "true");
  setProgress(50, `playing ${file.name} like ${params.artist}`);
  try {
    showClip(await api.humanize(body), file.name);
    setProgress(100, "done");
  } catch (err) {
    showError(err.field === "file" ? Object.assign(err, { field: "clip" }) : err);
  } finally {
    state.busy = false;
    drop.removeAttribute("aria-busy");
    form.elements.clip.value = "";
    setTimeout(() => { if (!state.busy) $("progress").hidden = true; }, 600);
  }
}

function showClip(result, fileLabel) {
  stop();
  state.result = { ...result, kind: "clip", patterns: [result.source, result.pattern],
    midi_files: [null, result.midi_files[0]] };
  fill($("summary"),
    h("h2", { id: "results-title", tabindex: "-1", text: `${fileLabel}, played like ${result.artist}` }),
    h("p", { class: "meta" }, `${state.result.patterns[1].notes.length} notes kept · `,
      `${Math.round(result.amount * 100)}% of the feel${result.ghosts ? " · with ghost notes" : ""}`,
      ` · seed ${result.seed}`),
    h("p", { class: "note", text: result.resolution_note }));
  state.players = [];
  $("variation-list").replaceChildren(
    card(result.source, 0, null, { title: "Your clip", rerolls: false }),
    card(result.pattern, 1, result.midi_files[0], { title: `Like ${result.artist}`, rerolls: false }));
  $("results-title").focus({ preventScroll: true });
}

form.elements.clip.addEventListener("change", () => humanizeClip(form.elements.clip.files[0]));
drop.addEventListener("dragover", (e) => {
  if (![...e.dataTransfer.types].includes("Files")) return;
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  drop.classList.remove("over");
  if (!e.dataTransfer.files.length) return;
  e.preventDefault();
  humanizeClip(e.dataTransfer.files[0]);
});

function setLink(entry, url) {
  entry.link.href = url;
  if (apiKey.get()) fileUrl(url).then((blobUrl) => { entry.link.href = blobUrl; }, showError);
}

function card(pattern, index, url, { title = null, rerolls = true } = {}) {
  const short = title || pattern.name.split(/\s[–-]\s/).pop();
  const [n, d] = pattern.time_signature;
  const { element: gridEl, playhead, grid } = renderGrid(pattern, pattern.name);
  const name = url ? fileName(url) : "";
  const play = h("button", { type: "button", class: "play", "aria-pressed": "false",
    onclick: () => toggle(index) }, "▶ Play");
  const link = url ? h("a", { href: url, download: name, class: "button mid",
    title: `${name}: click to download, or drag into your DAW`, text: "⬇ .mid" }) : null;
  const again = rerolls ? h("button", { type: "button", class: "reroll", onclick: () => reroll(index),
    title: "Play this variation again from a new seed; the others stay" }, "↻ Re-roll") : null;
  const li = h("li", { class: "card", tabindex: "0", draggable: url ? "true" : null, "data-index": String(index),
    "aria-label": `${short}: ${plural(pattern.total_bars, "bar")} of ${n}/${d} at ${Math.round(pattern.tempo)} BPM. ` +
      "Space plays or stops; drag it into a DAW for the MIDI file." },
    h("div", { class: "card-head" },
      h("h3", { text: short }),
      h("span", { class: "meta", text: `${Math.round(pattern.tempo)} BPM · ${n}/${d} · ${plural(pattern.total_bars, "bar")} · ${grid.steps} steps` }),
      h("span", { class: "spacer" }),
      play, again, link,
      url ? h("span", { class: "drag", "aria-hidden": "true", title: "Drag this card into a DAW", text: "⠿ drag to DAW" }) : null),
    gridEl);
  // Dragging the card (or its link) out of the browser drops the .mid file (Chromium).
  li.addEventListener("dragstart", (e) => {
    if (!link) return;
    e.dataTransfer.effectAllowed = "copy";
    const absolute = link.href; // http(s), or blob: when the server needs a key
    e.dataTransfer.setData("DownloadURL", `audio/midi:${name}:${absolute}`);
    e.dataTransfer.setData("text/uri-list", absolute);
    e.dataTransfer.setData("text/plain", absolute);
  });
  li.addEventListener("keydown", (e) => {
    if ((e.key === " " || e.code === "Space") && e.target === li) {
      e.preventDefault();
      toggle(index);
    }
  });
  const entry = { pattern, playhead, play, li, link, reroll: again, player: null,
    mute: new Set(), solo: new Set() };
  state.players[index] = entry;
  if (link) setLink(entry, url);
  gridEl.addEventListener("click", (e) => {
    const b = e.target.closest("button.toggle");
    if (b) toggleVoice(entry, gridEl, b.dataset.kind, Number(b.dataset.pitch));
  });
  return li;
}

// Mute or solo one voice of a variation's preview: the grid row dims, the audio follows at once.
function toggleVoice(entry, gridEl, kind, pitch) {
  const set = entry[kind];
  if (!set.delete(pitch)) set.add(pitch);
  for (const b of gridEl.querySelectorAll(`button.${kind}[data-pitch="${pitch}"]`)) {
    b.setAttribute("aria-pressed", String(set.has(pitch)));
  }
  const rows = gridEl.querySelectorAll(".row");
  gridEl.querySelectorAll(".label").forEach((label, i) => {
    const heard = audible(Number(label.querySelector("button").dataset.pitch), entry.mute, entry.solo);
    label.classList.toggle("silent", !heard);
    rows[i].classList.toggle("silent", !heard);
  });
}

function stop() {
  const current = state.players[state.playing];
  if (current) {
    current.player?.stop();
    current.player = null;
    current.playhead.hidden = true;
    current.play.textContent = "▶ Play";
    current.play.setAttribute("aria-pressed", "false");
    current.li.classList.remove("playing");
  }
  state.playing = -1;
}

async function toggle(index) {
  const was = state.playing;
  stop();
  if (was === index) return;
  const entry = state.players[index];
  state.audioStarted = true;
  const player = new Player(entry.pattern, (fraction) => {
    entry.playhead.style.left = `${(fraction * 100).toFixed(3)}%`;
  }, (pitch) => audible(pitch, entry.mute, entry.solo));
  entry.player = player;
  state.playing = index;
  entry.playhead.hidden = false;
  entry.play.textContent = "■ Stop";
  entry.play.setAttribute("aria-pressed", "true");
  entry.li.classList.add("playing");
  await player.start();
}

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && state.playing >= 0 && $("artist-list").hidden) stop();
});

// ---- panels ---------------------------------------------------------------------------------

async function loadPanels(result, params) {
  const profile = $("profile");
  profile.hidden = false;
  const similar = $("similar");
  const [p, s] = await Promise.allSettled([
    api.profile(result.artist, params.genre),
    result.known_artist ? api.similar(result.artist) : Promise.reject(new Error("unknown artist")),
  ]);
  if (state.result !== result) return;
  const data = p.status === "fulfilled" ? p.value
    : { ...result.profile, resolution_note: result.resolution_note, params: [
      { name: "tempo_min", value: result.profile.tempo_range[0], evidence: "" },
      { name: "tempo_max", value: result.profile.tempo_range[1], evidence: "" },
      { name: "swing_percent", value: result.profile.swing_percent, evidence: "" }] };
  renderProfile($("profile-body"), data, useArtist);
  if (s.status === "fulfilled" && s.value.data.length) {
    renderSimilar($("similar-list"), s.value.data, useArtist);
    similar.hidden = false;
  } else similar.hidden = true;
  loadStats();
}

async function loadStats() {
  try {
    renderStats($("stats-body"), await api.stats());
  } catch (err) {
    $("stats-body").replaceChildren(h("p", { class: "hint", text: `Usage is unavailable: ${err.message}` }));
  }
}
$("stats-refresh").addEventListener("click", loadStats);

async function loadOptions() {
  try {
    const o = await api.options();
    const fill = (select, items, keep) => {
      const current = select.value;
      select.replaceChildren(...keep, ...items.map(([value, text]) => h("option", { value, text })));
      select.value = [...select.options].some((opt) => opt.value === current) ? current : select.options[0].value;
    };
    const genre = $("genre");
    fill(genre, o.genres.map((g) => [g, g.replaceAll("_", " ")]), [genre.options[0]]);
    fill($("drum_map"), o.drum_maps.map((m) => [m.name, m.title]), []);
    const names = { template: "Offline engine", auto: "Auto (LLM routing)" };
    fill($("provider"), o.providers.map((p) => [p, names[p] || p]), []);
    fill($("time_signature"), o.time_signatures.map((t) => [t, t]), []);
    // the allowed ranges are the server's (domain/params.py), so the inputs say the same
    for (const [name, [min, max]] of Object.entries(o.bounds || {})) {
      const input = form.elements[name];
      if (input) Object.assign(input, { min, max });
    }
  } catch {
    // the built-in choices in the page still work
  }
}

loadOptions();
loadStats();
