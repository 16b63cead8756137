// The REST API as a few functions. Every error answer has the shape
// {error, message, details: {field, allowed, …}, timestamp, request_id}; it becomes an ApiError.

export const API = "/api/v1";

export class ApiError extends Error {
  constructor(status, body) {
    const b = body && typeof body === "object" ? body : {};
    super(b.message || `the server answered ${status}`);
    this.status = status;
    this.code = b.error || "http_error";
    this.details = b.details || {};
    this.field = this.details.field || null;
    this.requestId = b.request_id || null;
  }
}

// A server with MIDIDRUMIGEN_API_KEYS wants X-API-Key on every call; the key lives in this tab.
const KEY = "mididrumigen.apiKey";
export const apiKey = {
  get: () => sessionStorage.getItem(KEY) || "",
  set: (key) => (key ? sessionStorage.setItem(KEY, key) : sessionStorage.removeItem(KEY)),
};

// The page says it is the browser UI, so advice in answers names its controls ("another
// Genre"), not the API's fields or the CLI's flags.
function headers(extra = {}) {
  const key = apiKey.get();
  return { ...extra, "X-MidiDrumiGen-Surface": "ui", ...(key ? { "X-API-Key": key } : {}) };
}

// A file the page can link to: the URL itself, or (when a key is needed) a blob: URL of it.
export async function fileUrl(url) {
  if (!apiKey.get()) return url;
  const response = await fetch(url, { headers: headers() });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return URL.createObjectURL(await response.blob());
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: headers({ Accept: "application/json",
        ...(options.body && !(options.body instanceof FormData) ? { "Content-Type": "application/json" } : {}) }),
    });
  } catch {
    throw new ApiError(0, {
      error: "unreachable",
      message: "Cannot reach the MidiDrumiGen server. Is `mididrumigen serve` still running?",
    });
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return { status: response.status, body };
}

const get = (path) => request(path).then((r) => r.body);
const enc = encodeURIComponent;

export const api = {
  generate: (params) => request(`${API}/generate`, { method: "POST", body: JSON.stringify(params) }),
  // your clip played like an artist: form holds file, like, amount, ghosts (multipart)
  humanize: (form) => request(`${API}/humanize`, { method: "POST", body: form }).then((r) => r.body),
  // a new generation: variation n (1-based) played from a new seed, the others kept
  reroll: (id, n) =>
    request(`${API}/generations/${enc(id)}/variations/${n}/reroll`, { method: "POST" }).then((r) => r.body),
  task: (id) => get(`${API}/task/${enc(id)}`),
  // a page of the artist list: {q, genre, cursor, limit}; the answer's next_cursor asks for the next
  artists: (params) => get(`${API}/artists?${new URLSearchParams(params)}`),
  similar: (artist, limit = 8) => get(`${API}/similar/${enc(artist)}?limit=${limit}`),
  stats: () => get(`${API}/stats`),
  options: () => get("/ui/options"),
  profile: (artist, genre) =>
    get(`/ui/profile?artist=${enc(artist)}${genre ? `&genre=${enc(genre)}` : ""}`),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Generate as a task and poll it; onProgress(percent, step). Resolves with the generation.
export async function generateWithProgress(params, onProgress) {
  const first = await api.generate({ ...params, async: true });
  if (first.status === 200) return first.body;
  const id = first.body.task_id;
  let wait = 80;
  for (;;) {
    const task = await api.task(id);
    onProgress(task.progress, task.step || task.status);
    if (task.status === "succeeded") return task.result;
    if (task.status === "failed" || task.status === "cancelled") {
      throw new ApiError(502, {
        error: "generation_failed",
        message: task.error || `the generation task ${task.status}`,
      });
    }
    await sleep(wait);
    wait = Math.min(500, wait * 1.5);
  }
}

// The first `limit` artists whose names match what was typed (the artist box's suggestions).
export const searchArtists = (query, limit) => api.artists({ q: query, limit }).then((page) => page.data);
