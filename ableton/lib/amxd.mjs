// amxd.mjs — the .amxd container of an unfrozen Max for Live device, written and read without Max.
//
// An .amxd is a flat run of chunks, each a 4-byte ASCII tag, a 4-byte little-endian size (the
// bytes that follow, not counting the tag and size) and the data:
//
//   "ampf"  4  device type: "mmmm" MIDI effect, "aaaa" audio effect, "iiii" instrument
//   "meta"  4  a 32-bit little-endian value (1 in unfrozen devices Max saves)
//   "ptch"  N  the patcher: .maxpat JSON in UTF-8, ending in a NUL byte
//
// A frozen device's "ptch" starts with "mx@c" (a collective holding the dependencies); this
// build writes the unfrozen form, with the JavaScript files next to the .amxd.

export const DEVICE_TYPES = Object.freeze({ midi: "mmmm", audio: "aaaa", instrument: "iiii" });

function chunk(tag, data) {
  if (!/^[ -~]{4}$/.test(tag)) throw new Error(`chunk tag must be 4 ASCII characters, got ${JSON.stringify(tag)}`);
  const head = Buffer.alloc(8);
  head.write(tag, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data]);
}

/** Pack a patcher document ({patcher: {...}}) into .amxd bytes. */
export function packAmxd(doc, { type = "midi", meta = 1 } = {}) {
  const code = DEVICE_TYPES[type];
  if (!code) throw new Error(`unknown device type ${JSON.stringify(type)}; use ${Object.keys(DEVICE_TYPES).join(", ")}`);
  if (!doc || typeof doc.patcher !== "object") throw new Error('expected a patcher document: {"patcher": {...}}');
  const metaBuf = Buffer.alloc(4);
  metaBuf.writeUInt32LE(meta >>> 0, 0);
  const json = Buffer.from(`${JSON.stringify(doc, null, "\t")}\n\0`, "utf8");
  return Buffer.concat([chunk("ampf", Buffer.from(code, "latin1")), chunk("meta", metaBuf), chunk("ptch", json)]);
}

/** Split .amxd bytes into chunks [{tag, offset, size, data}]; throws on a truncated file. */
export function readChunks(buf) {
  const out = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 8 > buf.length) throw new Error(`truncated chunk header at byte ${at}`);
    const tag = buf.toString("latin1", at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (at + 8 + size > buf.length) throw new Error(`chunk ${tag} at byte ${at} claims ${size} bytes; only ${buf.length - at - 8} left`);
    out.push({ tag, offset: at, size, data: buf.subarray(at + 8, at + 8 + size) });
    at += 8 + size;
  }
  return out;
}

/** Parse .amxd bytes: {type, meta, patcher document}. Throws on anything but an unfrozen device. */
export function unpackAmxd(buf) {
  const chunks = readChunks(buf);
  const tags = chunks.map((c) => c.tag).join(",");
  if (tags !== "ampf,meta,ptch") throw new Error(`expected chunks ampf,meta,ptch; got ${tags}`);
  const [ampf, meta, ptch] = chunks;
  if (ampf.size !== 4) throw new Error(`ampf must hold 4 bytes, has ${ampf.size}`);
  if (meta.size !== 4) throw new Error(`meta must hold 4 bytes, has ${meta.size}`);
  const code = ampf.data.toString("latin1");
  const type = Object.keys(DEVICE_TYPES).find((k) => DEVICE_TYPES[k] === code);
  if (!type) throw new Error(`unknown device type ${JSON.stringify(code)}`);
  if (ptch.data.subarray(0, 4).toString("latin1") === "mx@c") throw new Error("device is frozen");
  if (ptch.data[ptch.size - 1] !== 0) throw new Error("ptch must end with a NUL byte");
  const doc = JSON.parse(ptch.data.subarray(0, ptch.size - 1).toString("utf8"));
  return { type, meta: meta.data.readUInt32LE(0), doc };
}
