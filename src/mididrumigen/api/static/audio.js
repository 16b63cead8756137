// A small drum machine in WebAudio: every sound is synthesized (no samples), and a look-ahead
// scheduler loops one Pattern at its tempo with its micro-timing (notes are in ticks).

import { voicePitch } from "./grid.js";

let ctx = null;
let kit = null;

// The page's AudioContext and kit, made on first use (a click: browsers start audio on a gesture).
export function audioContext() {
  if (!ctx) {
    ctx = new AudioContext({ latencyHint: "interactive" });
    kit = new Kit(ctx);
  }
  return ctx;
}

// The synthesized drum kit on any BaseAudioContext (an OfflineAudioContext renders it to a buffer).
export class Kit {
  constructor(ac, destination = ac.destination) {
    this.ac = ac;
    const comp = ac.createDynamicsCompressor();
    comp.threshold.value = -10;
    comp.ratio.value = 4;
    this.out = ac.createGain();
    this.out.gain.value = 0.8;
    this.out.connect(comp).connect(destination);
    this.noise = ac.createBuffer(1, ac.sampleRate, ac.sampleRate);
    const data = this.noise.getChannelData(0);
    let seed = 22222;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 16807) % 2147483647; // deterministic white noise
      data[i] = (seed / 2147483647) * 2 - 1;
    }
    this.openHat = null;
  }

  // One hit of a GM drum pitch at `time` (seconds on the context's clock).
  hit(pitch, velocity, time, out = this.out) {
    const sound = SOUNDS[voicePitch(pitch)];
    if (sound) sound(this, time, Math.max(0.002, (velocity / 127) ** 1.6), out);
  }

  env(out, t, peak, decay, attack = 0.001) {
    const g = this.ac.createGain();
    g.gain.setValueAtTime(0.0001, t);
    g.gain.exponentialRampToValueAtTime(peak, t + attack);
    g.gain.exponentialRampToValueAtTime(0.0001, t + attack + decay);
    g.connect(out);
    return g;
  }

  noiseSrc(t, dur, dest) {
    const src = this.ac.createBufferSource();
    src.buffer = this.noise;
    src.connect(dest);
    src.start(t, (t * 7.31) % 0.5); // a different stretch of noise each hit
    src.stop(t + dur);
  }

  filter(type, freq, q, dest) {
    const f = this.ac.createBiquadFilter();
    f.type = type;
    f.frequency.value = freq;
    if (q) f.Q.value = q;
    f.connect(dest);
    return f;
  }

  tone(type, t, f0, f1, sweep, dur, dest) {
    const o = this.ac.createOscillator();
    o.type = type;
    o.frequency.setValueAtTime(f0, t);
    if (f1 !== f0) o.frequency.exponentialRampToValueAtTime(f1, t + sweep);
    o.connect(dest);
    o.start(t);
    o.stop(t + dur);
  }

  // Six detuned squares: the 808 recipe for cymbals, bells and hats with some metal in them.
  metal(t, dur, dest, base = 40) {
    for (const r of [2, 3, 4.16, 5.43, 6.79, 8.21]) this.tone("square", t, base * r, base * r, 0, dur, dest);
  }
}

const kick = (k, t, g, out) => {
  k.tone("sine", t, 160, 42, 0.11, 0.45, k.env(out, t, g, 0.42));
  k.noiseSrc(t, 0.01, k.filter("lowpass", 3000, 0, k.env(out, t, g * 0.3, 0.008)));
};
const snare = (k, t, g, out) => {
  k.noiseSrc(t, 0.25, k.filter("highpass", 1200, 0, k.env(out, t, g * 0.8, 0.2)));
  k.tone("triangle", t, 220, 180, 0.05, 0.12, k.env(out, t, g * 0.55, 0.1));
};
const rim = (k, t, g, out) => {
  k.tone("triangle", t, 480, 470, 0.01, 0.05, k.env(out, t, g * 0.7, 0.04));
  k.noiseSrc(t, 0.03, k.filter("bandpass", 3500, 2, k.env(out, t, g * 0.5, 0.025)));
};
const clap = (k, t, g, out) => {
  const f = k.filter("bandpass", 1300, 1.2, out);
  for (const [dt, d] of [[0, 0.012], [0.011, 0.012], [0.022, 0.15]]) k.noiseSrc(t + dt, d + 0.02, k.env(f, t + dt, g, d));
};
const hat = (decay, level) => (k, t, g, out) => {
  if (k.openHat && decay < 0.2) {
    k.openHat.gain.cancelScheduledValues(t); // a closed or pedal hat chokes the open one
    k.openHat.gain.setTargetAtTime(0.0001, t, 0.01);
  }
  const e = k.env(out, t, g * level, decay);
  const hp = k.filter("highpass", 7500, 0, e);
  k.noiseSrc(t, decay + 0.05, hp);
  k.metal(t, decay + 0.05, k.filter("bandpass", 10000, 1, k.env(hp, t, 0.3, decay)));
  if (decay >= 0.2) k.openHat = e;
};
const tom = (f) => (k, t, g, out) => {
  k.tone("sine", t, f * 1.5, f, 0.08, 0.5, k.env(out, t, g * 0.9, 0.45));
  k.noiseSrc(t, 0.03, k.filter("lowpass", 2000, 0, k.env(out, t, g * 0.2, 0.02)));
};
const cymbal = (decay, hp, level, base) => (k, t, g, out) => {
  k.noiseSrc(t, Math.min(decay, 0.99), k.filter("highpass", hp, 0, k.env(out, t, g * level, decay, 0.002)));
  k.metal(t, decay, k.filter("highpass", hp * 0.8, 0, k.env(out, t, g * level * 0.25, decay)), base);
};
const cowbell = (k, t, g, out) => {
  const b = k.filter("bandpass", 800, 3, k.env(out, t, g * 0.5, 0.3));
  k.tone("square", t, 540, 540, 0, 0.32, b);
  k.tone("square", t, 800, 800, 0, 0.32, b);
};
const tambourine = (k, t, g, out) => {
  k.noiseSrc(t, 0.2, k.filter("highpass", 8000, 0, k.env(out, t, g * 0.5, 0.16)));
  k.metal(t, 0.16, k.filter("bandpass", 11000, 2, k.env(out, t, g * 0.15, 0.14)), 60);
};

const SOUNDS = {
  36: kick, 38: snare, 40: rim, 37: rim, 39: clap,
  42: hat(0.05, 0.45), 44: hat(0.035, 0.6), 46: hat(0.4, 0.4),
  50: tom(190), 47: tom(140), 43: tom(95),
  49: cymbal(1.6, 5000, 0.5, 42), 55: cymbal(0.7, 6500, 0.45, 47), 52: cymbal(1.4, 3500, 0.5, 38),
  51: cymbal(0.8, 8000, 0.22, 52), 53: cymbal(0.9, 4000, 0.3, 70),
  56: cowbell, 54: tambourine,
};

// Peak level of one hit of each pitch, rendered offline (what the UI tests listen to).
export async function renderHits(pitches, seconds = 0.5, sampleRate = 22050) {
  const peaks = {};
  for (const pitch of pitches) {
    const off = new OfflineAudioContext(1, Math.ceil(seconds * sampleRate), sampleRate);
    new Kit(off).hit(pitch, 110, 0.01);
    const data = (await off.startRendering()).getChannelData(0);
    let peak = 0;
    for (const x of data) peak = Math.max(peak, Math.abs(x));
    peaks[pitch] = peak;
  }
  return peaks;
}

// Loops `pattern` until stop(); onTick(fraction 0..1 of the loop) runs every animation frame.
// audible(pitch) is asked for every hit as it is scheduled, so mutes and solos apply at once.
export class Player {
  constructor(pattern, onTick, audible = () => true) {
    this.audible = audible;
    this.heard = {}; // hits played per pitch (what the UI tests listen to)
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
    this.scheduled = 0; // hits handed to the audio clock so far
  }

  async start() {
    const ac = audioContext();
    if (ac.state !== "running") await ac.resume();
    this.bus = ac.createGain();
    this.bus.connect(kit.out);
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
      if (at >= ctx.currentTime - 0.01 && this.audible(e.pitch)) {
        kit.hit(e.pitch, e.velocity, Math.max(at, ctx.currentTime), this.bus);
        this.scheduled += 1;
        this.heard[e.pitch] = (this.heard[e.pitch] || 0) + 1;
      }
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
