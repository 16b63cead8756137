// The page: the form, a task's progress, one card per variation (grid, play/stop, download, drag
// out), and the panels. Talks only to the same-origin API; works offline.

import { api, ApiError, apiKey, fileUrl, generateWithProgress, searchArtists } from "./api.js";
import { audioContext, Player } from "./audio.js";
import { artistCombobox } from "./combobox.js";
import { renderGrid } from "./grid.js";
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
    input.closest(".field").append(note);
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
  const summary = $("summary");
  fill(summary,
    h("h2", { id: "results-title", tabindex: "-1", text: result.artist }),
    h("p", { class: "meta" },
      `${result.genre.replaceAll("_", " ")} · ${plural(result.patterns.length, "variation")}`,
      ` · ${result.provider_used === "template" ? "offline engine" : result.provider_used}`,
      ` · ${Math.round(result.generation_time_ms)} ms · seed ${result.seed} · `,
      h("a", { href: result.zip_url, download: `${result.artist}.zip`, class: "button", id: "zip",
        text: "Download all (.zip)" })),
    h("p", { class: "note", text: result.resolution_note }),
  );
  if (apiKey.get()) fileUrl(result.zip_url).then((blobUrl) => { $("zip").href = blobUrl; }, showError);
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

function card(pattern, index, url) {
  const short = pattern.name.split(/\s[–-]\s/).pop();
  const [n, d] = pattern.time_signature;
  const { element: gridEl, playhead, grid } = renderGrid(pattern, pattern.name);
  const name = fileName(url);
  const play = h("button", { type: "button", class: "play", "aria-pressed": "false",
    onclick: () => toggle(index) }, "▶ Play");
  const link = h("a", { href: url, download: name, class: "button mid", title: `${name}: click to download, or drag into your DAW`,
    text: "⬇ .mid" });
  if (apiKey.get()) fileUrl(url).then((blobUrl) => { link.href = blobUrl; }, showError);
  const li = h("li", { class: "card", tabindex: "0", draggable: "true", "data-index": String(index),
    "aria-label": `${short}: ${plural(pattern.total_bars, "bar")} of ${n}/${d} at ${Math.round(pattern.tempo)} BPM. ` +
      "Space plays or stops; drag it into a DAW for the MIDI file." },
    h("div", { class: "card-head" },
      h("h3", { text: short }),
      h("span", { class: "meta", text: `${Math.round(pattern.tempo)} BPM · ${n}/${d} · ${plural(pattern.total_bars, "bar")} · ${grid.steps} steps` }),
      h("span", { class: "spacer" }),
      play, link,
      h("span", { class: "drag", "aria-hidden": "true", title: "Drag this card into a DAW", text: "⠿ drag to DAW" })),
    gridEl);
  // Dragging the card (or its link) out of the browser drops the .mid file (Chromium).
  li.addEventListener("dragstart", (e) => {
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
  state.players[index] = { pattern, playhead, play, li, player: null };
  return li;
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
  });
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
