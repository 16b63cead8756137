#!/usr/bin/env node
// Build the Max for Live device without Max, byte for byte the same on every machine:
//
//   dist/MidiDrumiGen.amxd              frozen MIDI effect: the patcher and both scripts in one
//                                       file that needs nothing beside it (drop it into Live)
//   dist/MidiDrumiGen/MidiDrumiGen.amxd the same device unfrozen, with bridge.js and
//   dist/MidiDrumiGen/*.js              live_writer.js beside it (open and edit it in Max)
//
// bridge.js is device/bridge.js with the modules it requires bundled in (node.script runs one
// file); live_writer.js is copied as it is.
//
//   node build.mjs [--out DIR]             build into DIR (default dist/)
//   node build.mjs --ship                  build, then copy into the Python package
//                                          (src/mididrumigen/ableton_device/), which a test
//                                          checks is what this build makes
//   node build.mjs --extract EDITED.amxd   after editing the device in Max (saved, frozen or
//                                          not): write its patcher back to device/MidiDrumiGen.maxpat
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FLAG_ON_DISK, packAmxd, packFrozenAmxd, unpackAmxd } from "./lib/amxd.mjs";
import { bundle } from "./lib/bundle.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEVICE_DIR = join(HERE, "device");
export const DEVICE_NAME = "MidiDrumiGen";
export const PACKAGE_DIR = resolve(HERE, "..", "src", "mididrumigen", "ableton_device");
// The date every file in the frozen device carries (Max shows it when unfreezing); fixed, so
// the same sources always give the same bytes.
export const BUILD_DATE = new Date("2026-01-01T00:00:00Z");
const BANNER = "bridge.js, built by ableton/build.mjs from ableton/device/ (bridge.js and the modules\n"
  + "it requires, bundled): edit those and rebuild.";

/** The scripts the patcher loads, as they ship: {name: Buffer}. */
export function scripts(doc) {
  const deps = (doc.patcher.dependency_cache || []).map((d) => d.name).sort();
  if (deps.join(",") !== "bridge.js,live_writer.js") {
    throw new Error(`the patcher's dependency_cache must list bridge.js and live_writer.js, lists: ${deps.join(", ")}`);
  }
  return {
    "bridge.js": Buffer.from(bundle(join(DEVICE_DIR, "bridge.js"), { banner: BANNER }), "utf8"),
    "live_writer.js": readFileSync(join(DEVICE_DIR, "live_writer.js")),
  };
}

/** Build into outDir; returns {amxd (frozen), folder, files (the folder's)}. */
export function build(outDir = join(HERE, "dist")) {
  const doc = JSON.parse(readFileSync(join(DEVICE_DIR, `${DEVICE_NAME}.maxpat`), "utf8"));
  const js = scripts(doc);
  rmSync(outDir, { recursive: true, force: true });
  const folder = join(outDir, DEVICE_NAME);
  mkdirSync(folder, { recursive: true });
  const amxd = join(outDir, `${DEVICE_NAME}.amxd`);
  // node.script opens its file from disk: Max writes it out of the frozen device (flag 8), as
  // it does for the Node script in Ableton's own frozen test device; [js] reads from the device.
  writeFileSync(amxd, packFrozenAmxd(doc, [
    { name: "bridge.js", type: "TEXT", flag: FLAG_ON_DISK, data: js["bridge.js"] },
    { name: "live_writer.js", type: "TEXT", flag: 0, data: js["live_writer.js"] },
  ], { type: "midi", name: `${DEVICE_NAME}.amxd`, mdate: BUILD_DATE }));
  const files = [join(folder, `${DEVICE_NAME}.amxd`)];
  writeFileSync(files[0], packAmxd(doc, { type: "midi" }));
  for (const [name, data] of Object.entries(js)) {
    files.push(join(folder, name));
    writeFileSync(join(folder, name), data);
  }
  return { amxd, folder, files };
}

/** Copy a build into the Python package (the files `mididrumigen ableton install` copies). */
export function ship(outDir, dest = PACKAGE_DIR) {
  rmSync(join(dest, DEVICE_NAME), { recursive: true, force: true });
  cpSync(join(outDir, `${DEVICE_NAME}.amxd`), join(dest, `${DEVICE_NAME}.amxd`));
  cpSync(join(outDir, DEVICE_NAME), join(dest, DEVICE_NAME), { recursive: true });
  return dest;
}

/** The patcher of an .amxd (frozen or not), written as the device's .maxpat source. */
export function extract(amxdPath, dest = join(DEVICE_DIR, `${DEVICE_NAME}.maxpat`)) {
  const { doc, type } = unpackAmxd(readFileSync(amxdPath));
  if (type !== "midi") throw new Error(`${amxdPath} is a ${type} device, not a MIDI effect`);
  writeFileSync(dest, `${JSON.stringify(doc, null, "\t")}\n`);
  return dest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (flag) => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const edited = arg("--extract");
  if (edited) {
    console.log(`wrote ${extract(resolve(edited))}`);
    process.exit(0);
  }
  const out = arg("--out");
  const { amxd, folder } = build(out ? resolve(out) : undefined);
  console.log(`wrote ${amxd} (frozen) and ${folder}/ (unfrozen, with its scripts)`);
  if (process.argv.includes("--ship")) console.log(`shipped to ${ship(dirname(amxd))}`);
}
