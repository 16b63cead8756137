// A small drum machine in WebAudio: every sound is synthesized (no samples), and a look-ahead
// scheduler loops one Pattern at its tempo with its micro-timing (notes are in ticks).

import { voicePitch } from "./grid.js";

let ctx = null;
let master = null;
let noise = null;

export function audioContext() {
  if (!ctx) {
    ctx = new AudioContext({ latencyHint: "interactive" });
    const comp = ctx.createDynamicsCompressor();
    comp.threshold.value = -10;
    comp.ratio.value = 4;
    master = ctx.createGain();
    master.gain.value = 0.8;
    master.connect(comp).connect(ctx.destination);
    noise = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
    const data = noise.getChannelData(0);
    let seed = 22222;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 16807) % 2147483647; // deterministic white noise
      data[i] = (seed / 2147483647) * 2 - 1;
    }
  }
  return ctx;
}

function env(out, t, peak, decay, attack = 0.001) {
  const g = ctx.createGain();
  g.gain.setValueAtTime(0.0001, t);
  g.gain.exponentialRampToValueAtTime(peak, t + attack);
  g.gain.exponentialRampToValueAtTime(0.0001, t + attack + decay);
  g.connect(out);
  return g;
}

function noiseSrc(t, dur, dest) {
  const src = ctx.createBufferSource();
  src.buffer = noise;
  src.connect(dest);
  src.start(t, Math.random() * 0.5);
  src.stop(t + dur);
  return src;
}

function filter(type, freq, q, dest) {
  const f = ctx.createBiquadFilter();
  f.type = type;
  f.frequency.value = freq;
  if (q) f.Q.value = q;
  f.connect(dest);
  return f;
}

function tone(type, t, f0, f1, sweep, dur, dest) {
  const o = ctx.createOscillator();
  o.type = type;
  o.frequency.setValueAtTime(f0, t);
  if (f1 !== f0) o.frequency.exponentialRampToValueAtTime(f1, t + sweep);
  o.connect(dest);
  o.start(t);
  o.stop(t + dur);
  return o;
}

// Six detuned squares: the 808 recipe for cymbals, bells and hats with some metal in them.
function metal(t, dur, dest, base = 40) {
  for (const r of [2, 3, 4.16, 5.43, 6.79, 8.21]) tone("square", t, base * r, base * r, 0, dur, dest);
}

const kick = (t, g, out) => {
  const e = env(out, t, g, 0.42);
  tone("sine", t, 160, 42, 0.11, 0.45, e);
  noiseSrc(t, 0.01, filter("lowpass", 3000, 0, env(out, t, g * 0.3, 0.008)));
};
const snare = (t, g, out) => {
  noiseSrc(t, 0.25, filter("highpass", 1200, 0, env(out, t, g * 0.8, 0.2)));
  tone("triangle", t, 220, 180, 0.05, 0.12, env(out, t, g * 0.55, 0.1));
};
const rim = (t, g, out) => {
  tone("triangle", t, 480, 470, 0.01, 0.05, env(out, t, g * 0.7, 0.04));
  noiseSrc(t, 0.03, filter("bandpass", 3500, 2, env(out, t, g * 0.5, 0.025)));
};
const clap = (t, g, out) => {
  const f = filter("bandpass", 1300, 1.2, out);
  for (const [dt, d] of [[0, 0.012], [0.011, 0.012], [0.022, 0.15]]) noiseSrc(t + dt, d + 0.02, env(f, t + dt, g, d));
};
let openHat = null;
const hat = (decay, level) => (t, g, out) => {
  if (openHat && decay < 0.2) {
    openHat.gain.cancelScheduledValues(t); // a closed or pedal hat chokes the open one
    openHat.gain.setTargetAtTime(0.0001, t, 0.01);
  }
  const e = env(out, t, g * level, decay);
  const hp = filter("highpass", 7500, 0, e);
  noiseSrc(t, decay + 0.05, hp);
  metal(t, decay + 0.05, filter("bandpass", 10000, 1, env(hp, t, 0.3, decay)));
  if (decay >= 0.2) openHat = e;
};
const tom = (f) => (t, g, out) => {
  tone("sine", t, f * 1.5, f, 0.08, 0.5, env(out, t, g * 0.9, 0.45));
  noiseSrc(t, 0.03, filter("lowpass", 2000, 0, env(out, t, g * 0.2, 0.02)));
};
const cymbal = (decay, hp, level, base) => (t, g, out) => {
  const e = env(out, t, g * level, decay, 0.002);
  noiseSrc(t, Math.min(decay, 0.99), filter("highpass", hp, 0, e));
  metal(t, decay, filter("highpass", hp * 0.8, 0, env(out, t, g * level * 0.25, decay)), base);
};
const cowbell = (t, g, out) => {
  const b = filter("bandpass", 800, 3, env(out, t, g * 0.5, 0.3));
  tone("square", t, 540, 540, 0, 0.32, b);
  tone("square", t, 800, 800, 0, 0.32, b);
};
const tambourine = (t, g, out) => {
  noiseSrc(t, 0.2, filter("highpass", 8000, 0, env(out, t, g * 0.5, 0.16)));
  metal(t, 0.16, filter("bandpass", 11000, 2, env(out, t, g * 0.15, 0.14)), 60);
};

const SOUNDS = {
  36: kick, 38: snare, 40: rim, 37: rim, 39: clap,
  42: hat(0.05, 0.45), 44: hat(0.04, 0.3), 46: hat(0.4, 0.4),
  50: tom(190), 47: tom(140), 43: tom(95),
  49: cymbal(1.6, 5000, 0.5, 42), 55: cymbal(0.7, 6500, 0.45, 47), 52: cymbal(1.4, 3500, 0.5, 38),
  51: cymbal(0.8, 8000, 0.22, 52), 53: cymbal(0.9, 4000, 0.3, 70),
  56: cowbell, 54: tambourine,
};

export function playHit(pitch, velocity, time, out = master) {
  const sound = SOUNDS[voicePitch(pitch)];
  if (sound) sound(time, Math.max(0.002, (velocity / 127) ** 1.6), out);
}

// Loops `pattern` until stop(); onTick(fraction 0..1 of the loop) runs every animation frame.
export class Player {
  constructor(pattern, onTick) {
    this.pattern = pattern;
    this.onTick = onTick;
    const ppq = pattern.ppq || 480;
    const [n, d] = pattern.time_signature;
    this.secPerTick = 60 / pattern.tempo / ppq;
    this.loop = ((n * 4 * ppq) / d) * pattern.total_bars * this.secPerTick;
    this.events = pattern.notes
      .map((note) => ({ at: note.time * this.secPerTick, pitch: note.pitch, velocity: note.velocity }))
      .sort((a, b) => a.at - b.at);
    this.playing = false;
  }

  async start() {
    const ac = audioContext();
    if (ac.state !== "running") await ac.resume();
    this.bus = ac.createGain();
    this.bus.connect(master);
    this.t0 = ac.currentTime + 0.06;
    this.cursor = 0; // next event index
    this.pass = 0; // loops scheduled so far
    this.playing = true;
    this.timer = setInterval(() => this.schedule(), 25);
    this.schedule();
    const frame = () => {
      if (!this.playing) return;
      const pos = (ac.currentTime - this.t0) / this.loop;
      this.onTick(pos < 0 ? 0 : pos % 1);
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  schedule() {
    const horizon = ctx.currentTime + 0.12;
    while (this.playing && this.events.length) {
      const e = this.events[this.cursor];
      const at = this.t0 + this.pass * this.loop + e.at;
      if (at > horizon) break;
      if (at >= ctx.currentTime - 0.01) playHit(e.pitch, e.velocity, Math.max(at, ctx.currentTime), this.bus);
      if (++this.cursor >= this.events.length) {
        this.cursor = 0;
        this.pass += 1;
      }
    }
  }

  stop() {
    this.playing = false;
    clearInterval(this.timer);
    cancelAnimationFrame(this.raf);
    if (this.bus) {
      const now = ctx.currentTime;
      this.bus.gain.setTargetAtTime(0, now, 0.015);
      const bus = this.bus;
      setTimeout(() => bus.disconnect(), 300);
    }
  }
}
