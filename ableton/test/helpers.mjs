// Test helpers: the fake max-api wiring, the real API server on loopback, a patch simulator.
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const Module = require("node:module");
export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "..");
export const REPO = path.resolve(ROOT, "..");
const FAKE_MAX_API = path.join(HERE, "fakes", "max-api.cjs");

let installed = false;
/** Make require("max-api") resolve to the fake. Returns the fake module. */
export function installFakeMaxApi() {
  if (!installed) {
    const orig = Module._resolveFilename;
    Module._resolveFilename = function resolve(request, ...rest) {
      if (request === "max-api") return FAKE_MAX_API;
      return orig.call(this, request, ...rest);
    };
    installed = true;
  }
  return require(FAKE_MAX_API);
}

/**
 * A fresh bridge.js (and fresh modules it requires), as when [node.script] starts it, with its
 * settings file in a new temp folder (never the user's home) holding `settings`. beforeStart
 * (fake) runs after the fake max-api is reset and before the script starts: what the patch
 * does while node.script is still starting (its messages to the script are lost).
 */
export function loadBridge({ settings = { api: "http://127.0.0.1:9" }, deviceDir = path.join(ROOT, "device"), beforeStart } = {}) {
  const dir = tempDir("mdg-settings-");
  process.env.MIDIDRUMIGEN_M4L_SETTINGS = path.join(dir, "settings.json");
  writeFileSync(process.env.MIDIDRUMIGEN_M4L_SETTINGS, JSON.stringify(settings));
  const maxApi = installFakeMaxApi();
  maxApi.__fake.reset();
  if (beforeStart) beforeStart(maxApi.__fake);
  for (const k of Object.keys(require.cache)) {
    if (k.startsWith(deviceDir + path.sep)) delete require.cache[k];
  }
  const bridge = require(path.join(deviceDir, "bridge.js"));
  return { bridge, maxApi, fake: maxApi.__fake };
}

export function tempDir(prefix = "mdg-m4l-") {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A program of the project's virtualenv (MIDIDRUMIGEN_VENV, default .venv at the repo root). */
export function venvBin(name) {
  return path.join(process.env.MIDIDRUMIGEN_VENV || path.join(REPO, ".venv"), "bin", name);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll until fn() is truthy (or throw after timeoutMs with the label). */
export async function until(fn, { timeoutMs = 10000, label = "condition" } = {}) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${label}`);
    await sleep(20);
  }
}

/**
 * Start the real API (`mididrumigen serve`) on a free loopback port with a temporary data
 * directory. Returns {url, stop()}. MIDIDRUMIGEN_BIN overrides the executable.
 */
export async function startApiServer() {
  const bin = process.env.MIDIDRUMIGEN_BIN || venvBin("mididrumigen");
  const port = await freePort();
  const dir = tempDir("mdg-api-");
  const env = { ...process.env, MIDIDRUMIGEN_DATA_DIR: dir, MIDIDRUMIGEN_OUTPUT_DIR: path.join(dir, "out"),
    MIDIDRUMIGEN_DATABASE_URL: `sqlite:///${path.join(dir, "db.sqlite")}` };
  const child = spawn(bin, ["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warning",
    "--task-workers", "1"], { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`API server exited (${child.exitCode}): ${stderr}`);
      try {
        const r = await fetch(`${url}/api/v1/health`);
        return r.ok;
      } catch {
        return false;
      }
    }, { timeoutMs: 30000, label: "the API server" });
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postJson(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: r.status, data: await r.json() };
}

/**
 * The built device as Live gets it: the frozen dist/MidiDrumiGen.amxd unpacked, its files
 * written to a folder (as Max writes them out). {doc, dir, files}.
 */
let built = null;
export async function builtDevice() {
  if (!built) {
    const { unpackAmxd } = await import("../lib/amxd.mjs");
    const { doc, files, frozen } = unpackAmxd(readFileSync(path.join(ROOT, "dist", "MidiDrumiGen.amxd")));
    if (!frozen) throw new Error("dist/MidiDrumiGen.amxd is not frozen");
    const dir = tempDir("mdg-device-");
    for (const [name, f] of files) writeFileSync(path.join(dir, name), f.data);
    built = { doc, dir, files };
  }
  return built;
}

/** The built device's patcher document. */
export async function builtPatcher() {
  return (await builtDevice()).doc;
}
