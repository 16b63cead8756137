// A tiny loopback HTTP server speaking the API's documented wire format, for what the real
// server cannot be asked to do in a test: research/augment tasks (online research), error
// answers such as 429 and 5xx, and a server that never answers. Routes: {"METHOD /path": fn}.
import http from "node:http";

export async function startFakeApi(routes) {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      const entry = { method: req.method, path: url.pathname, query: url.search, headers: req.headers, body: body ? JSON.parse(body) : null };
      requests.push(entry);
      const handler = routes[`${req.method} ${url.pathname}`];
      if (handler === "hang") return; // accept, never answer
      const send = (status, data, headers = {}) => {
        const text = typeof data === "string" ? data : JSON.stringify(data);
        res.writeHead(status, { "Content-Type": typeof data === "string" ? "text/plain" : "application/json", ...headers });
        res.end(text);
      };
      if (!handler) {
        return send(404, { error: "not_found", message: "Not Found", details: {}, timestamp: new Date().toISOString(), request_id: "r1" });
      }
      return handler(entry, send);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

export function errorBody(error, message, details = {}) {
  return { error, message, details, timestamp: new Date().toISOString(), request_id: "req-1" };
}

/** A task that reports the given [progress, step] states, one per poll, then succeeds. */
export function taskRoutes(kind, steps, result) {
  let polls = 0;
  return {
    [`GET /api/v1/task/t-${kind}`]: (_req, send) => {
      const i = Math.min(polls++, steps.length);
      if (i < steps.length) {
        const [progress, step] = steps[i];
        return send(200, { task_id: `t-${kind}`, kind, status: "running", progress, step, eta_seconds: 1, result: null, error: null });
      }
      return send(200, { task_id: `t-${kind}`, kind, status: "succeeded", progress: 100, step: "done", eta_seconds: 0, result, error: null });
    },
  };
}
