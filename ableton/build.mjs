#!/usr/bin/env node
// Build the Max for Live device without Max: ableton/dist/MidiDrumiGen.amxd (unfrozen MIDI
// effect) plus the JavaScript it loads, side by side. Usage: node build.mjs [--out DIR]
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packAmxd } from "./lib/amxd.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEVICE_DIR = join(HERE, "device");
export const DEVICE_NAME = "MidiDrumiGen";

/** Build into outDir; returns {amxd, files}. Throws if the patcher's dependencies are missing. */
export function build(outDir = join(HERE, "dist")) {
  const source = readFileSync(join(DEVICE_DIR, `${DEVICE_NAME}.maxpat`), "utf8");
  const doc = JSON.parse(source);
  const deps = (doc.patcher.dependency_cache || []).map((d) => d.name);
  if (!deps.length) throw new Error("the patcher lists no dependency_cache entries");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = deps.map((name) => {
    const dest = join(outDir, name);
    copyFileSync(join(DEVICE_DIR, name), dest);
    return dest;
  });
  const amxd = join(outDir, `${DEVICE_NAME}.amxd`);
  writeFileSync(amxd, packAmxd(doc, { type: "midi" }));
  return { amxd, files };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--out");
  const out = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const { amxd, files } = build(out);
  console.log(`wrote ${amxd} (+ ${files.length} scripts)`);
}
