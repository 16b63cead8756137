// A fake of Node for Max's "max-api" module: handlers, outlet, post, dicts.
// Tests install it with installFakeMaxApi() (helpers.mjs) so `require("max-api")` in
// bridge.js resolves here. `__fake` is the test's side: send messages in, see what came out.
"use strict";

const handlers = new Map();
const dicts = new Map();
const posts = [];
const outlets = [];
let sink = null;

function clone(v) {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

module.exports = {
  MESSAGE_TYPES: { ALL: "all", BANG: "bang", DICT: "dict", NUMBER: "number", LIST: "list" },
  POST_LEVELS: { ERROR: "error", INFO: "info", WARN: "warn" },
  addHandler(name, fn) { handlers.set(name, fn); },
  addHandlers(obj) { for (const [k, fn] of Object.entries(obj)) handlers.set(k, fn); },
  removeHandler(name) { handlers.delete(name); },
  removeHandlers(name) { handlers.delete(name); },
  outlet(...args) {
    // Max sends outlet messages asynchronously, after the call returns.
    const atoms = args.flat();
    outlets.push(atoms);
    return new Promise((resolve) => setImmediate(() => { if (sink) sink(atoms); resolve(); }));
  },
  outletBang() { return module.exports.outlet("bang"); },
  post(...args) { posts.push(args.join(" ")); return Promise.resolve(); },
  setDict(name, obj) { dicts.set(name, clone(obj)); return Promise.resolve(clone(obj)); },
  getDict(name) { return Promise.resolve(clone(dicts.get(name))); },
  updateDict(name, p, v) { const d = dicts.get(name) || {}; d[p] = clone(v); dicts.set(name, d); return Promise.resolve(clone(d)); },
  __fake: {
    handlers, dicts, posts, outlets,
    setSink(fn) { sink = fn; },
    reset() { handlers.clear(); dicts.clear(); posts.length = 0; outlets.length = 0; sink = null; },
    /** Deliver a Max message to the script, as node.script does; resolves when its handler is done. */
    async send(selector, ...args) {
      const h = handlers.get(selector);
      if (!h) { posts.push(`no handler for ${selector}`); return undefined; }
      return h(...args);
    },
  },
};
