// A Pattern (MIDI JSON: notes in ticks) as a step grid: voices × sixteenth steps, velocity as shade.

// GM pitch → [label, name], in the order rows are drawn (cymbals on top, kick at the bottom),
// as in domain/grid.py GRID_ORDER; extra pitches fold onto the nearest voice (domain/voices.py).
export const VOICES = [
  [49, "CR", "Crash"], [55, "SP", "Splash"], [52, "CH", "China"], [51, "RD", "Ride"],
  [53, "RB", "Ride bell"], [42, "HH", "Closed hat"], [46, "OH", "Open hat"], [54, "TB", "Tambourine"],
  [56, "CB", "Cowbell"], [50, "HT", "High tom"], [47, "MT", "Mid tom"], [43, "FT", "Floor tom"],
  [38, "SD", "Snare"], [40, "RS", "Rimshot"], [37, "SS", "Side stick"], [39, "CP", "Clap"],
  [36, "BD", "Kick"], [44, "PH", "Pedal hat"],
];
const EXTRA = { 35: 36, 22: 42, 26: 46, 41: 43, 45: 47, 48: 50, 57: 49, 58: 43, 59: 51 };
const ROW = new Map(VOICES.map(([pitch], i) => [pitch, i]));

export const voicePitch = (pitch) => (ROW.has(pitch) ? pitch : EXTRA[pitch] ?? null);

export function stepsPerBar([n, d]) {
  return (n * 16) / d;
}

// Steps per pulse group, as TimeSignature.beat_groups: 4/4 → 4,4,4,4; 6/8 → 6,6; 7/8 → 4,4,6.
export function beatGroups([n, d]) {
  if (d === 4 || d === 2) return Array(n).fill(16 / d);
  if (d === 16) return [...Array(Math.floor(n / 4)).fill(4), ...(n % 4 ? [n % 4] : [])];
  if (d === 8 && n % 3 === 0 && n > 3) return Array(n / 3).fill(6);
  const twos = n > 3 ? Math.floor((n - 3) / 2) : 0;
  return [...Array(twos).fill(4), 2 * (n - 2 * twos)];
}

// {steps, perBar, rows: [{pitch, label, name, cells: Uint8Array of max velocity per step}], hits}
export function toGrid(pattern) {
  const ppq = pattern.ppq || 480;
  const stepTicks = ppq / 4;
  const perBar = stepsPerBar(pattern.time_signature);
  const steps = perBar * pattern.total_bars;
  const byPitch = new Map();
  for (const note of pattern.notes) {
    const pitch = voicePitch(note.pitch);
    if (pitch === null) continue;
    const step = Math.round(note.time / stepTicks) % steps; // a late last hit belongs to the top
    if (!byPitch.has(pitch)) byPitch.set(pitch, new Uint8Array(steps));
    const cells = byPitch.get(pitch);
    cells[step] = Math.max(cells[step], note.velocity);
  }
  const rows = VOICES.filter(([pitch]) => byPitch.has(pitch)).map(([pitch, label, name]) => ({
    pitch, label, name, cells: byPitch.get(pitch),
  }));
  return { steps, perBar, rows, hits: pattern.notes.length };
}

// Who is heard with these mutes and solos (sets of row pitches): a muted voice stays silent
// even when soloed; with any solo, only the soloed voices play.
export function audible(pitch, mute, solo) {
  const row = voicePitch(pitch);
  if (row === null) return true;
  return !mute.has(row) && (solo.size === 0 || solo.has(row));
}

// The grid as DOM: one row per voice — its label, mute and solo toggles (data-pitch, handled
// by the page) and `steps` cells; bar and beat lines; a playhead.
export function renderGrid(pattern, title) {
  const grid = toGrid(pattern);
  const starts = new Set();
  let pos = 0;
  for (const g of beatGroups(pattern.time_signature)) {
    starts.add(pos);
    pos += g;
  }
  const root = document.createElement("div");
  root.className = "grid";
  root.dataset.steps = String(grid.steps);
  root.style.setProperty("--steps", grid.steps);
  root.setAttribute("role", "group"); // not "img": its mute and solo buttons must be reachable
  const [n, d] = pattern.time_signature;
  root.setAttribute("aria-label", `${title}: ${pattern.total_bars} bars of ${n}/${d}, ` +
    `${grid.steps} steps, ${grid.rows.map((r) => r.name.toLowerCase()).join(", ")}; ${grid.hits} notes`);
  const labels = document.createElement("div");
  labels.className = "labels";
  const body = document.createElement("div");
  body.className = "steps";
  for (const row of grid.rows) {
    const label = document.createElement("div");
    label.className = "label";
    label.dataset.voice = row.label;
    const name = document.createElement("span");
    name.textContent = row.label;
    name.title = row.name;
    label.append(name);
    for (const [kind, text, verb] of [["mute", "M", "Mute"], ["solo", "S", "Solo"]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = `toggle ${kind}`;
      b.textContent = text;
      b.dataset.kind = kind;
      b.dataset.pitch = String(row.pitch);
      b.setAttribute("aria-pressed", "false");
      b.setAttribute("aria-label", `${verb} ${row.name.toLowerCase()}`);
      b.title = `${verb} ${row.name.toLowerCase()} in the preview`;
      label.append(b);
    }
    labels.append(label);
    const line = document.createElement("div");
    line.className = "row";
    line.dataset.voice = row.label;
    const frag = document.createDocumentFragment();
    for (let i = 0; i < grid.steps; i++) {
      const cell = document.createElement("span");
      const inBar = i % grid.perBar;
      cell.className = inBar === 0 ? "c bar" : starts.has(inBar) ? "c beat" : "c";
      const v = row.cells[i];
      if (v) {
        cell.classList.add("hit");
        cell.style.setProperty("--v", (0.25 + (0.75 * v) / 127).toFixed(2));
      }
      frag.append(cell);
    }
    line.append(frag);
    body.append(line);
  }
  const playhead = document.createElement("div");
  playhead.className = "playhead";
  playhead.hidden = true;
  body.append(playhead);
  root.append(labels, body);
  return { element: root, playhead, grid };
}
