// bundle.mjs — a CommonJS entry script and the files it requires, as one script.
//
// node.script runs one file from disk; in a frozen device Max writes that one file out, so its
// own modules (require("./api_client.js")) must travel inside it. Each local module becomes a
// function in a table; `require` of a name in the table runs it once, anything else ("fs",
// "max-api") goes to Node's require. Output depends only on the sources (reproducible).
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const LOCAL_REQUIRE = /\brequire\(\s*["'](\.\/[A-Za-z0-9_.-]+\.js)["']\s*\)/g;

/** Local modules reachable from `entry`, entry first, each once: [{name, source}]. */
export function collectModules(entry) {
  const dir = dirname(entry);
  const seen = new Map();
  const visit = (name) => {
    if (seen.has(name)) return;
    const source = readFileSync(join(dir, name), "utf8");
    seen.set(name, source);
    for (const m of source.matchAll(LOCAL_REQUIRE)) visit(m[1].slice(2));
  };
  visit(basename(entry));
  return [...seen].map(([name, source]) => ({ name, source }));
}

/** One script holding `entry` and its local modules; `banner` becomes its first comment lines. */
export function bundle(entry, { banner = "" } = {}) {
  const modules = collectModules(entry);
  const table = modules.map(({ name, source }) => {
    const body = source.replace(/^#!.*\n/, "").replace(/\s+$/, "");
    return `${JSON.stringify(name)}: function (module, exports, require) {\n${body}\n}`;
  }).join(",\n");
  const head = banner ? `${banner.split("\n").map((l) => `// ${l}`.trimEnd()).join("\n")}\n` : "";
  return `${head}"use strict";
(function (nodeRequire) {
const sources = {
${table}
};
const cache = {};
function load(name) {
  if (!cache[name]) {
    const module = { exports: {} };
    cache[name] = module;
    sources[name](module, module.exports, localRequire);
  }
  return cache[name].exports;
}
function localRequire(id) {
  const name = /^\\.\\/[^/]+$/.test(id) ? id.slice(2) : null;
  return name && Object.prototype.hasOwnProperty.call(sources, name) ? load(name) : nodeRequire(id);
}
module.exports = load(${JSON.stringify(modules[0].name)});
})(require);
`;
}
