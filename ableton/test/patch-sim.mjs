// A small simulator of the device's patcher: messages travel along the patchlines of the
// built .amxd through the objects the device uses (route, prepend, t, f, pattr, deferlow,
// message boxes, UI objects), into the bridge (fake max-api) and the writer (fake LiveAPI). A
// test "clicks" and "types" on the UI objects and reads the status text, progress and Live's
// clips.
//
// Semantics follow Max: a message is an atom list [selector, ...args]; numbers alone are int
// or float messages; [t b b] fires right to left; [route a b] strips the matched selector;
// [f] stores a number in its right inlet and sends it on a bang in its left; [pattr] stores
// what reaches it and sends it on (and on a bang). Messages to node.script before its script
// has registered handlers are lost, as in Max (the fake max-api drops them).
//
// Loading a Live set: `load({restore})` is what Live does: every saved parameter takes its
// saved value and its object sends it (the bridge is not running yet), then live.thisdevice
// bangs.

export class PatchSim {
  constructor(doc, { bridgeFake, writer, dialogPath = "" }) {
    this.boxes = new Map(doc.patcher.boxes.map(({ box }) => [box.id, box]));
    this.out = new Map(); // "id:outlet" -> [[dst, inlet]]
    for (const { patchline: l } of doc.patcher.lines) {
      const key = `${l.source[0]}:${l.source[1]}`;
      if (!this.out.has(key)) this.out.set(key, []);
      this.out.get(key).push(l.destination);
    }
    this.state = new Map(); // box id -> UI state
    this.bridgeFake = bridgeFake;
    this.writer = writer;
    this.dialogPath = dialogPath;
    this.pending = new Set();
    this.log = [];
    this.byVar = new Map([...this.boxes.values()].filter((b) => b.varname).map((b) => [b.varname, b.id]));
    this.bridgeId = this.find((b) => (b.text || "").startsWith("node.script "));
    this.writerId = this.find((b) => /^(js|v8) /.test(b.text || ""));
    bridgeFake.setSink((atoms) => this.emit(this.bridgeId, 0, atoms));
    for (const b of this.boxes.values()) {
      const initial = b.saved_attribute_attributes && b.saved_attribute_attributes.valueof.parameter_initial;
      if (b.maxclass === "textedit") this.state.set(b.id, { text: b.text || "" });
      if (b.maxclass === "comment") this.state.set(b.id, { text: b.text || "" });
      if (b.maxclass === "umenu") this.state.set(b.id, { items: [] });
      if (b.maxclass === "slider") this.state.set(b.id, { value: 0, history: [] });
      if (["live.numbox", "live.toggle", "live.menu", "live.dial"].includes(b.maxclass)
        || (b.maxclass === "live.text" && b.mode === 1)) {
        this.state.set(b.id, { value: initial ? initial[0] : 0 });
      }
      if (b.maxclass === "newobj" && /^(f|i)$/.test(b.text)) this.state.set(b.id, { value: 0 });
      if (b.maxclass === "newobj" && /^pattr\b/.test(b.text)) this.state.set(b.id, { value: null });
    }
  }

  find(pred) {
    for (const b of this.boxes.values()) if (pred(b)) return b.id;
    throw new Error("no such box");
  }

  id(varname) {
    const id = this.byVar.get(varname);
    if (!id) throw new Error(`no box named ${varname}`);
    return id;
  }

  /**
   * The device loads: every parameter takes its saved value (restore: {varname: value}; the
   * pattr's as a string) or, in a new set, its initial value, and its object sends it (the
   * bridge is not listening yet); then live.thisdevice bangs.
   */
  load({ restore = {} } = {}) {
    for (const varname of Object.keys(restore)) this.id(varname); // no typos
    for (const b of this.boxes.values()) {
      const value = b.varname in restore ? restore[b.varname] : undefined;
      if (/^pattr\b/.test(b.text || "")) {
        if (value === undefined) continue; // nothing saved: a pattr sends nothing
        this.state.get(b.id).value = [String(value)];
        this.emit(b.id, 0, [String(value)]);
      } else if (b.parameter_enable && this.state.has(b.id) && "value" in this.state.get(b.id)) {
        const st = this.state.get(b.id);
        if (value !== undefined) st.value = Number(value);
        this.emit(b.id, 0, [st.value]);
      }
    }
    const id = this.find((b) => (b.text || "") === "live.thisdevice");
    this.emit(id, 0, ["bang"]);
  }

  emit(id, outlet, atoms) {
    for (const [dst, inlet] of this.out.get(`${id}:${outlet}`) || []) this.deliver(dst, inlet, atoms);
  }

  deliver(id, inlet, atoms) {
    const b = this.boxes.get(id);
    this.log.push([id, inlet, atoms]);
    if (id === this.bridgeId) {
      const [sel, ...args] = typeof atoms[0] === "number" ? ["list", ...atoms] : atoms;
      const p = Promise.resolve(this.bridgeFake.send(sel, ...args));
      this.pending.add(p);
      p.finally(() => this.pending.delete(p));
      return;
    }
    if (id === this.writerId) {
      const [sel, ...args] = atoms;
      this.writer.send(sel === "bang" ? "bang" : sel, ...args);
      return;
    }
    const text = b.text || "";
    const [cls, ...argv] = text.split(" ");
    if (b.maxclass === "newobj") {
      const st = this.state.get(id);
      if (cls === "route") {
        const i = argv.indexOf(String(atoms[0]));
        if (i < 0) return this.emit(id, argv.length, atoms);
        const rest = atoms.slice(1);
        return this.emit(id, i, rest.length ? rest : ["bang"]);
      }
      if (cls === "prepend") return this.emit(id, 0, [...argv, ...atoms]);
      if (cls === "t" || cls === "trigger") {
        for (let o = argv.length - 1; o >= 0; o--) this.emit(id, o, argv[o] === "b" ? ["bang"] : atoms);
        return undefined;
      }
      if (cls === "f" || cls === "i") {
        const num = (v) => (cls === "i" ? Math.trunc(Number(v)) : Number(v));
        if (inlet === 1) { st.value = num(atoms[0]); return undefined; }
        if (atoms[0] !== "bang") st.value = num(atoms[0]);
        return this.emit(id, 0, [st.value]);
      }
      if (cls === "pattr") {
        if (atoms[0] !== "bang") st.value = [...atoms];
        if (st.value === null) return undefined; // nothing stored yet: a bang sends nothing
        return this.emit(id, 0, [...st.value]);
      }
      if (cls === "deferlow") {
        setImmediate(() => this.emit(id, 0, atoms));
        return undefined;
      }
      if (cls === "opendialog") return this.emit(id, 0, [this.dialogPath]);
      if (cls === "midiout" || cls === "midiin" || cls === "live.thisdevice") return undefined;
      throw new Error(`simulator: object ${text} not modelled`);
    }
    if (b.maxclass === "message") return this.emit(id, 0, text.split(" "));
    const st = this.state.get(id);
    switch (b.maxclass) {
      case "comment":
        if (atoms[0] === "set") st.text = atoms.slice(1).join(" ");
        return undefined;
      case "slider":
        st.value = Number(atoms[0]);
        st.history.push(st.value);
        return undefined;
      case "textedit":
        if (atoms[0] === "set") { st.text = atoms.slice(1).join(" "); return undefined; }
        if (atoms[0] === "bang") return this.emit(id, 0, ["text", ...st.text.split(" ").filter(Boolean)]);
        throw new Error(`simulator: textedit got ${atoms.join(" ")}`);
      case "umenu":
        if (atoms[0] === "clear") st.items = [];
        else if (atoms[0] === "append") st.items.push(atoms.slice(1).join(" "));
        return undefined;
      case "live.numbox":
      case "live.dial":
      case "live.toggle":
      case "live.menu":
        if (atoms[0] === "set") { st.value = Number(atoms[1]); return undefined; }
        if (atoms[0] === "bang") throw new Error(`simulator: ${b.varname} banged (a bang toggles a live.toggle: use [f])`);
        st.value = Number(atoms[0]);
        return this.emit(id, 0, [st.value]);
      case "live.text":
        if (b.mode === 1) {
          if (atoms[0] === "set") { st.value = Number(atoms[1]); return undefined; }
          st.value = atoms[0] === "bang" ? 1 - st.value : Number(atoms[0]);
          return this.emit(id, 0, [st.value]);
        }
        return this.emit(id, 0, ["bang"]);
      default:
        throw new Error(`simulator: ${b.maxclass} not modelled`);
    }
  }

  // --- what a person does -------------------------------------------------
  type(varname, text) {
    // typing and pressing Return: the text goes out as "text <words>"
    const id = this.id(varname);
    this.state.get(id).text = text;
    this.emit(id, 0, ["text", ...text.split(" ").filter(Boolean)]);
  }

  typeOnly(varname, text) {
    this.state.get(this.id(varname)).text = text;
  }

  click(varname) { this.deliver(this.id(varname), 0, ["bang"]); }

  setValue(varname, value) { this.deliver(this.id(varname), 0, [value]); }

  choose(varname, index) {
    const id = this.id(varname);
    const st = this.state.get(id);
    this.emit(id, 0, [index]);
    this.emit(id, 1, st.items[index].split(" "));
  }

  text(varname) { return this.state.get(this.id(varname)).text; }

  value(varname) { return this.state.get(this.id(varname)).value; }

  items(varname) { return this.state.get(this.id(varname)).items; }

  progress() { return this.state.get(this.id("progress")); }

  /** What the pattr would save with the Live set. */
  saved(varname) { return this.state.get(this.id(varname)).value; }

  /** Wait for the bridge's running handlers and queued messages to settle. */
  async settle() {
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setImmediate(r));
      if (this.pending.size) await Promise.allSettled([...this.pending]);
      else if (i > 3) return;
    }
  }
}
