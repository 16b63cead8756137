// amxd.mjs — the .amxd container of a Max for Live device, written and read without Max.
//
// An .amxd is a flat run of chunks, each a 4-byte ASCII tag, a 4-byte little-endian size (the
// bytes that follow, not counting the tag and size) and the data:
//
//   "ampf"  4  device type: "mmmm" MIDI effect, "aaaa" audio effect, "iiii" instrument
//   "meta"  4  a 32-bit little-endian value (1 in unfrozen devices Max saves, 7 in frozen ones)
//   "ptch"  N  unfrozen: the patcher, .maxpat JSON in UTF-8 ending in a NUL byte
//              frozen:   a collective holding the patcher and every file it needs (below)
//
// A frozen device's "ptch" (the layout Max writes, as read by Ableton's maxdevtools
// `maxdiff/freezing_utils.py`; integers big-endian):
//
//   "mx@c"  u32 16 (header size)  u64 offset of the directory (from the start of "ptch" data)
//   the files' bytes, one after another from offset 16; the first is the device's patcher
//   "dlst"  u32 size of the whole directory (these 8 bytes included)
//     "dire" u32 size of the entry (these 8 bytes included), then fields, each a 4-byte tag,
//            a u32 size (its 8 header bytes included) and data:
//       "type" 4 bytes ("JSON" patcher, "TEXT" script)   "fnam" name, NUL-padded to 4 bytes
//       "sz32" u32 size   "of32" u32 offset   "vers" u32 0
//       "flag" u32 (17 the device's own patcher, 8 a file Max writes out to disk for a process
//              such as node.script to open, 0 otherwise: Max's own values)
//       "mdat" u32 modification date, seconds since 1904-01-01 (HFS+)

export const DEVICE_TYPES = Object.freeze({ midi: "mmmm", audio: "aaaa", instrument: "iiii" });
export const FROZEN_MAGIC = "mx@c";
export const FLAG_DEVICE = 17;
export const FLAG_ON_DISK = 8;
const HFS_EPOCH_OFFSET = 2082844800; // seconds from 1904-01-01 to 1970-01-01

function chunk(tag, data) {
  if (!/^[ -~]{4}$/.test(tag)) throw new Error(`chunk tag must be 4 ASCII characters, got ${JSON.stringify(tag)}`);
  const head = Buffer.alloc(8);
  head.write(tag, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data]);
}

function u32be(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/** The patcher document as the bytes Max keeps in a device: tab-indented JSON, newline, NUL. */
export function patcherBytes(doc) {
  if (!doc || typeof doc.patcher !== "object") throw new Error('expected a patcher document: {"patcher": {...}}');
  return Buffer.from(`${JSON.stringify(doc, null, "\t")}\n\0`, "utf8");
}

function header(type, meta) {
  const code = DEVICE_TYPES[type];
  if (!code) throw new Error(`unknown device type ${JSON.stringify(type)}; use ${Object.keys(DEVICE_TYPES).join(", ")}`);
  const metaBuf = Buffer.alloc(4);
  metaBuf.writeUInt32LE(meta >>> 0, 0);
  return [chunk("ampf", Buffer.from(code, "latin1")), chunk("meta", metaBuf)];
}

/** Pack a patcher document ({patcher: {...}}) into the bytes of an unfrozen .amxd. */
export function packAmxd(doc, { type = "midi", meta = 1 } = {}) {
  const head = header(type, meta);
  return Buffer.concat([...head, chunk("ptch", patcherBytes(doc))]);
}

function field(tag, data) {
  return Buffer.concat([Buffer.from(tag, "latin1"), u32be(data.length + 8), data]);
}

function nameField(name) {
  const raw = Buffer.from(name, "utf8");
  if (!raw.length || raw.includes(0) || /[/\\:]/.test(name)) throw new Error(`bad file name ${JSON.stringify(name)}`);
  const padded = Buffer.alloc(Math.ceil((raw.length + 1) / 4) * 4); // NUL-terminated, 4-byte aligned
  raw.copy(padded);
  return field("fnam", padded);
}

/** A Date (or seconds since 1970) as HFS+ seconds. */
export function hfsSeconds(date) {
  const unix = date instanceof Date ? Math.floor(date.getTime() / 1000) : Math.floor(date);
  return unix + HFS_EPOCH_OFFSET;
}

/**
 * Pack a frozen .amxd: the device's patcher (a document, or its bytes) plus its files, in one
 * file that needs nothing beside it. files: [{name, data: Buffer, type: "TEXT", flag: 0|8}]. mdate: the date every
 * entry carries (a fixed date keeps the build byte-for-byte reproducible).
 */
export function packFrozenAmxd(doc, files, { type = "midi", meta = 7, name = "Device.amxd", mdate = new Date(0) } = {}) {
  const data = Buffer.isBuffer(doc) ? doc : patcherBytes(doc); // bytes: a patcher kept as Max wrote it
  const entries = [{ name, type: "JSON", flag: FLAG_DEVICE, data },
    ...files.map((f) => ({ name: f.name, type: f.type || "TEXT", flag: f.flag || 0, data: f.data }))];
  const names = new Set();
  for (const e of entries) {
    if (names.has(e.name)) throw new Error(`file ${e.name} is in the device twice`);
    names.add(e.name);
    if (!/^[ -~]{4}$/.test(e.type)) throw new Error(`file type must be 4 ASCII characters, got ${JSON.stringify(e.type)}`);
  }
  const when = u32be(hfsSeconds(mdate));
  let offset = 16;
  const dir = [];
  for (const e of entries) {
    const body = Buffer.concat([field("type", Buffer.from(e.type, "latin1")), nameField(e.name),
      field("sz32", u32be(e.data.length)), field("of32", u32be(offset)), field("vers", u32be(0)),
      field("flag", u32be(e.flag)), field("mdat", when)]);
    dir.push(Buffer.concat([Buffer.from("dire", "latin1"), u32be(body.length + 8), body]));
    offset += e.data.length;
  }
  const dirBody = Buffer.concat(dir);
  const dlst = Buffer.concat([Buffer.from("dlst", "latin1"), u32be(dirBody.length + 8), dirBody]);
  const top = Buffer.alloc(16);
  top.write(FROZEN_MAGIC, 0, "latin1");
  top.writeUInt32BE(16, 4);
  top.writeBigUInt64BE(BigInt(offset), 8);
  const ptch = Buffer.concat([top, ...entries.map((e) => e.data), dlst]);
  return Buffer.concat([...header(type, meta), chunk("ptch", ptch)]);
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

function readFields(body) {
  const fields = {};
  let at = 0;
  while (at < body.length) {
    if (at + 8 > body.length) throw new Error("truncated field in the frozen directory");
    const tag = body.toString("latin1", at, at + 4);
    const size = body.readUInt32BE(at + 4);
    if (size < 8 || at + size > body.length) throw new Error(`field ${tag} claims ${size} bytes`);
    fields[tag] = body.subarray(at + 8, at + size);
    at += size;
  }
  return fields;
}

/** The files of a frozen "ptch": [{name, type, flag, mdat, data}], the device's patcher first. */
export function readCollective(ptch) {
  if (ptch.toString("latin1", 0, 4) !== FROZEN_MAGIC) throw new Error("not a frozen device");
  const dirAt = Number(ptch.readBigUInt64BE(8));
  if (dirAt > ptch.length - 8 || ptch.toString("latin1", dirAt, dirAt + 4) !== "dlst") {
    throw new Error(`no directory ("dlst") at byte ${dirAt} of the frozen device`);
  }
  const dirSize = ptch.readUInt32BE(dirAt + 4);
  if (dirAt + dirSize !== ptch.length) throw new Error(`directory claims ${dirSize} bytes; ${ptch.length - dirAt} there`);
  const files = [];
  let at = dirAt + 8;
  while (at < ptch.length) {
    if (ptch.toString("latin1", at, at + 4) !== "dire") throw new Error(`expected a "dire" entry at byte ${at}`);
    const size = ptch.readUInt32BE(at + 4);
    const f = readFields(ptch.subarray(at + 8, at + size));
    for (const tag of ["type", "fnam", "sz32", "of32", "flag", "mdat"]) {
      if (!f[tag]) throw new Error(`entry at byte ${at} has no ${tag}`);
    }
    const offset = f.of32.readUInt32BE(0);
    const length = f.sz32.readUInt32BE(0);
    if (offset < 16 || offset + length > dirAt) throw new Error(`entry at byte ${at} points outside the files`);
    files.push({
      name: f.fnam.toString("utf8").replace(/\0+$/, ""),
      type: f.type.toString("latin1"),
      flag: f.flag.readUInt32BE(0),
      mdat: f.mdat.readUInt32BE(0),
      data: ptch.subarray(offset, offset + length),
    });
    at += size;
  }
  if (!files.length || files[0].flag !== FLAG_DEVICE) throw new Error("the frozen device's first entry is not its patcher");
  return files;
}

function parsePatcher(bytes, what) {
  if (bytes[bytes.length - 1] !== 0) throw new Error(`${what} must end with a NUL byte`);
  return JSON.parse(bytes.subarray(0, bytes.length - 1).toString("utf8"));
}

/**
 * Parse .amxd bytes: {type, meta, doc, frozen, files}. files: the frozen device's other files
 * as a Map name -> {type, flag, data} (empty when unfrozen).
 */
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
  const files = new Map();
  let doc;
  const frozen = ptch.data.subarray(0, 4).toString("latin1") === FROZEN_MAGIC;
  if (frozen) {
    const [device, ...rest] = readCollective(ptch.data);
    doc = parsePatcher(device.data, `the patcher ${device.name}`);
    for (const f of rest) files.set(f.name, { type: f.type, flag: f.flag, mdat: f.mdat, data: f.data });
  } else {
    doc = parsePatcher(ptch.data, "ptch");
  }
  return { type, meta: meta.data.readUInt32LE(0), doc, frozen, files };
}
