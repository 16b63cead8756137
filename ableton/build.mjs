#!/usr/bin/env node
// Build the Max for Live device without Max: ableton/dist/MidiDrumiGen.amxd (unfrozen MIDI
// effect) plus the JavaScript it loads, side by side.
//   node build.mjs [--out DIR]             build
//   node build.mjs --extract EDITED.amxd   after editing the device in Max (unfrozen, saved):
//                                          write its patcher back to device/MidiDrumiGen.maxpat
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packAmxd, unpackAmxd } from "./lib/amxd.mjs";

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

/** The patcher of an unfrozen .amxd, written as the device's .maxpat source. */
export function extract(amxdPath, dest = join(DEVICE_DIR, `${DEVICE_NAME}.maxpat`)) {
  const { doc, type } = unpackAmxd(readFileSync(amxdPath));
  if (type !== "midi") throw new Error(`${amxdPath} is a ${type} device, not a MIDI effect`);
  writeFileSync(dest, `${JSON.stringify(doc, null, "\t")}\n`);
  return dest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const x = process.argv.indexOf("--extract");
  if (x > 0) {
    console.log(`wrote ${extract(resolve(process.argv[x + 1]))}`);
    process.exit(0);
  }
  const i = process.argv.indexOf("--out");
  const out = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const { amxd, files } = build(out);
  console.log(`wrote ${amxd} (+ ${files.length} scripts)`);
}
