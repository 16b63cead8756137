// api_client.js: error shapes → readable lines, timeouts, task polling, both HTTP stacks.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startFakeApi, errorBody, taskRoutes } from "./fakes/fake-api.mjs";

const require = createRequire(import.meta.url);
const { createClient, normalizeBaseUrl, describeHttpError, ApiError } = require("../device/api_client.js");

const servers = [];
after(async () => { for (const s of servers) await s.close(); });
async function fake(routes) {
  const s = await startFakeApi(routes);
  servers.push(s);
  return s;
}

test("API addresses are normalized", () => {
  assert.equal(normalizeBaseUrl("127.0.0.1:8000"), "http://127.0.0.1:8000");
  assert.equal(normalizeBaseUrl(" http://localhost:9000/ "), "http://localhost:9000");
  assert.equal(normalizeBaseUrl("http://h:1/api/v1/"), "http://h:1");
  assert.throws(() => normalizeBaseUrl(""), /empty/);
  assert.throws(() => normalizeBaseUrl("http://exa mple"), /not a URL/);
});

test("each documented error answer becomes one readable line", () => {
  assert.equal(describeHttpError(422, errorBody("validation_error", "bars: Input should be less than or equal to 16 (allowed range 1..16)")),
    "Invalid request: bars: Input should be less than or equal to 16 (allowed range 1..16)");
  assert.equal(describeHttpError(404, errorBody("not_found", "no profile for 'Bonhom' yet", { suggestions: ["John Bonham", "Bon Jovi"] })),
    "no profile for 'Bonhom' yet \u2014 did you mean John Bonham, Bon Jovi?");
  assert.equal(describeHttpError(429, errorBody("rate_limited", "too many requests"), "7"), "Rate limited by the API; try again in 7 s");
  assert.equal(describeHttpError(502, errorBody("generation_failed", "all providers failed")), "Server error 502 (generation_failed): all providers failed");
  assert.equal(describeHttpError(401, errorBody("unauthorized", "missing X-API-Key")), "missing X-API-Key (401): this API needs an API key");
  assert.equal(describeHttpError(500, null), "Server error 500");
});

for (const stack of ["fetch", "http module"]) {
  const opts = stack === "fetch" ? {} : { fetch: null };

  test(`${stack}: an error answer throws ApiError with status, code and the server's message`, async () => {
    const s = await fake({
      "POST /api/v1/generate": (_r, send) => send(429, errorBody("rate_limited", "slow down"), { "Retry-After": "3" }),
      "GET /api/v1/similar/Nobody": (_r, send) => send(500, "<html>oops</html>"),
    });
    const c = createClient({ baseUrl: s.url, ...opts });
    await assert.rejects(c.generate({ artist: "x" }), (e) => e instanceof ApiError && e.status === 429
      && e.code === "rate_limited" && e.retryAfter === "3" && e.message === "Rate limited by the API; try again in 3 s");
    await assert.rejects(c.similar("Nobody"), (e) => e.kind === "protocol" && /Unexpected answer from the API \(HTTP 500\)/.test(e.message));
    assert.equal(s.requests[0].body.artist, "x");
    assert.equal(s.requests[0].headers["content-type"], "application/json");
  });

  test(`${stack}: a server that never answers times out with a readable line`, async () => {
    const s = await fake({ "GET /api/v1/health": "hang" });
    const c = createClient({ baseUrl: s.url, timeoutMs: 200, ...opts });
    const t0 = Date.now();
    await assert.rejects(c.health(), (e) => e.kind === "timeout" && e.message === `The API at ${s.url} didn't answer within 0.2 s`);
    assert.ok(Date.now() - t0 < 3000);
  });

  test(`${stack}: nothing listening is a network error that says how to start the API`, async () => {
    const s = await fake({});
    const url = s.url;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const c = createClient({ baseUrl: url, ...opts });
    await assert.rejects(c.health(), (e) => e.kind === "network"
      && e.message === `Can't reach the MidiDrumiGen API at ${url}: start it with "mididrumigen serve"`);
  });
}

test("a 202 task is polled to the end, reporting each new progress state", async () => {
  const result = { artist: "Questlove", confidence: 0.8, sources_count: 5 };
  const s = await fake({
    "POST /api/v1/research": (_r, send) => send(202, { task_id: "t-research", status: "pending", joined: false, poll_url: "/api/v1/task/t-research" }),
    ...taskRoutes("research", [[0, "queued"], [0, "queued"], [40, "MusicBrainz"], [80, "building profile"]], result),
  });
  const seen = [];
  const got = await createClient({ baseUrl: s.url }).research("Questlove", { depth: "quick", online: true }, { intervalMs: 5, onProgress: (p, st) => seen.push([p, st]) });
  assert.deepEqual(got, result);
  assert.deepEqual(seen, [[0, "queued"], [40, "MusicBrainz"], [80, "building profile"], [100, "done"]]);
  assert.deepEqual(s.requests[0].body, { artist: "Questlove", depth: "quick", online: true });
});

test("a failed task rejects with its error; a task that never ends gives up", async () => {
  const s = await fake({
    "POST /api/v1/augment/Nobody%20Known": (_r, send) => send(202, { task_id: "t-bad" }),
    "GET /api/v1/task/t-bad": (_r, send) => send(200, { task_id: "t-bad", status: "failed", progress: 30, step: "x", result: null, error: "MusicBrainz unreachable" }),
    "POST /api/v1/augment/Slow": (_r, send) => send(202, { task_id: "t-slow" }),
    "GET /api/v1/task/t-slow": (_r, send) => send(200, { task_id: "t-slow", status: "running", progress: 10, step: "x", result: null, error: null }),
  });
  const c = createClient({ baseUrl: s.url });
  await assert.rejects(c.augment("Nobody Known", { online: true }, { intervalMs: 5 }), (e) => e.kind === "task" && e.message === "Augmentation failed: MusicBrainz unreachable");
  await assert.rejects(c.augment("Slow", {}, { intervalMs: 5, maxWaitMs: 50 }), (e) => e.kind === "timeout" && /still running/.test(e.message));
});
