// The panels beside the grooves: the artist's profile with its evidence, similar artists, and
// usage with cost per provider.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

// replaceChildren would print null as "null"
export const fill = (root, ...children) => root.replaceChildren(...children.filter((c) => c));

const pct = (x) => `${Math.round(x * 100)}%`;

const PARAM_NAMES = {
  tempo_min: "Tempo, slowest", tempo_max: "Tempo, fastest", tempo_avg: "Tempo, typical",
  swing_percent: "Swing", swing_unit: "Swing unit", ghost_note_prob: "Ghost notes",
  syncopation: "Syncopation", velocity_mean: "Velocity, mean", velocity_std: "Velocity, spread",
  microtiming_ms: "Micro-timing", timing_jitter_ms: "Timing spread", fill_rate: "Fill rate",
  hat_openness: "Hi-hat openness", complexity: "Complexity", double_kick: "Double kick",
  ride_led: "Ride-led",
};

function formatParam(name, value) {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value && typeof value === "object") {
    const parts = Object.entries(value).map(([v, ms]) => `${v.replace("_", " ")} ${ms > 0 ? "+" : ""}${ms} ms`);
    return parts.length ? parts.join(", ") : "on the grid";
  }
  if (name.startsWith("tempo")) return `${Math.round(value)} BPM`;
  if (name === "swing_percent") return `${Math.round(value)}%${value <= 50 ? " (straight)" : ""}`;
  if (name === "swing_unit") return `${value}ths`;
  if (name.endsWith("_ms")) return `${value} ms`;
  if (name.startsWith("velocity")) return String(Math.round(value));
  return value <= 1 ? pct(value) : String(value);
}

function confidenceMeter(value) {
  return h("span", { class: "confidence" },
    h("meter", { min: "0", max: "1", low: "0.4", high: "0.7", optimum: "1", value: String(value),
      "aria-label": `Confidence ${pct(value)}` }),
    h("span", { text: ` ${pct(value)} confidence` }));
}

// profile: /ui/profile (every parameter with evidence) or, failing that, the generation's summary.
export function renderProfile(root, profile, onArtist) {
  const evidence = [];
  const refOf = (text) => {
    if (!text) return null;
    let i = evidence.indexOf(text);
    if (i < 0) i = evidence.push(text) - 1;
    return i + 1;
  };
  const params = profile.params || [];
  const rows = params.map((p) => {
    const ref = refOf(p.evidence);
    return h("tr", {},
      h("th", { scope: "row", text: PARAM_NAMES[p.name] || p.name }),
      h("td", { text: formatParam(p.name, p.value) }),
      h("td", { class: "ref" }, ref ? h("a", { href: `#evidence-${ref}`, text: `[${ref}]`,
        "aria-label": `source ${ref}` }) : "—"));
  });
  const sourceName = { knowledge_base: "knowledge base", genre_default: "genre defaults",
    research: "research", user: "user" }[profile.source] || profile.source;
  fill(root,
    h("p", { class: "meta" },
      h("strong", { text: profile.artist_name }),
      ` · ${profile.kind} · ${profile.genres.join(", ").replaceAll("_", " ")} · `,
      `${sourceName}, ${profile.sources_count} source${profile.sources_count === 1 ? "" : "s"} · `,
      confidenceMeter(profile.confidence)),
    profile.suggestions?.length
      ? h("p", { class: "note" }, "Did you mean ",
        profile.suggestions.map((s, i) => [i ? ", " : "",
          h("button", { type: "button", class: "link", text: s, onclick: () => onArtist(s) })]), "?")
      : null,
    profile.description ? h("p", { class: "description", text: profile.description }) : null,
    rows.length
      ? h("table", { class: "params" },
        h("caption", { class: "sr-only", text: "Style parameters and their sources" }),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Parameter" }),
          h("th", { scope: "col", text: "Value" }), h("th", { scope: "col", text: "Source" }))),
        h("tbody", {}, rows))
      : null,
    evidence.length
      ? h("ol", { class: "evidence", "aria-label": "Sources" },
        evidence.map((text, i) => h("li", { id: `evidence-${i + 1}`, text })))
      : null,
  );
}

export function renderSimilar(list, data, onArtist) {
  list.replaceChildren(...data.map((s) => h("li", {},
    h("button", { type: "button", class: "chip", onclick: () => onArtist(s.name),
      title: `Generate in the style of ${s.name}` },
      s.name, h("small", { text: ` ${pct(Math.max(0, s.score))}` })))));
}

function money(text) {
  const n = Number(text);
  return Number.isFinite(n) ? `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(2)}` : text;
}

export function renderStats(root, stats) {
  const gens = stats.generations?.by_provider || {};
  const providers = new Map(stats.providers.map((p) => [p.provider, p]));
  const names = [...new Set([...providers.keys(), ...Object.keys(gens)])];
  const rows = names.map((name) => {
    const p = providers.get(name);
    const g = gens[name];
    const free = name === "template";
    return h("tr", {},
      h("th", { scope: "row", text: free ? "offline engine" : name }),
      h("td", { text: String(g?.count ?? 0) }),
      h("td", { text: p ? `${p.requests} · ${pct(p.success_rate)}` : "—" }),
      h("td", { text: p ? `${Math.round(p.mean_latency_ms)} ms` : g ? `${Math.round(g.mean_time_ms)} ms` : "—" }),
      h("td", { class: "num", text: p ? money(p.cost_usd) : free ? "$0.00" : "—" }));
  });
  const total = stats.providers.reduce((sum, p) => sum + Number(p.cost_usd || 0), 0);
  fill(root,
    rows.length
      ? h("table", { class: "stats" },
        h("thead", {}, h("tr", {}, ...["Generator", "Runs", "LLM calls · ok", "Time", "Cost"].map(
          (t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, rows))
      : h("p", { class: "hint", text: "Nothing generated yet." }),
    h("p", { class: "meta" },
      `${stats.generations?.total ?? 0} generation${stats.generations?.total === 1 ? "" : "s"} · total LLM cost ${money(String(total))} · `,
      `profile cache ${stats.cache?.hits ?? 0} hits / ${stats.cache?.misses ?? 0} misses`),
  );
}
