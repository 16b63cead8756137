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
