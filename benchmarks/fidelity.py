"""Fidelity: the offline engine's rendered drums against human drummers, genre by genre.

    .venv/bin/python benchmarks/fidelity.py [--seeds 3] [--bars 8] [--genres rock,funk,...]
                                            [--artists 6] [--json PATH] [--quick]

The reference is the Groove MIDI Dataset, train split: Jon Gillick, Adam Roberts, Jesse Engel,
Douglas Eck, David Bamman, "Learning to Groove with Inverse Sequence Transformations", ICML 2019
(magenta.tensorflow.org/datasets/groove), licensed CC BY 4.0. It is looked for at
$MIDIDRUMIGEN_GMD, else ../shared/corpora/gmd-train beside the repository (tests/corpus_paths.py).

Both sides go through the product's own quantizer (knowledge.corpus_bars.quantize: swing fitted
from the onsets, hits de-swung onto the sixteenth grid, flams counted once, notes below velocity
10 dropped, rimshot counted as snare, splash/china as crash) and keep its usable bars. Only 4/4.

* corpus: every GMD 4/4 take of the genre (genre = the style's first token, 'funk/groove1' →
  funk; `neworleans` is spelled new_orleans), beat takes and fill takes (beat_type fill)
  apart. The drummer is the take's source.
* ours: services.generate (the CLI's path, in process, no database, no files, template engine)
  for ~6 knowledge-base artists whose primary genre maps to the GMD genre (hard_rock → rock,
  boom_bap → hiphop, neo_soul / motown / rnb → soul, afrocuban / songo / salsa / samba /
  bossa_nova → latin; trap is kept out of hiphop) plus one unknown artist asked for the genre;
  4 variations × --bars bars, fill_every 4, seeds 0..N-1, each artist's default tempo. The
  bars the engine ends phrases with (groove.phrase.fill_bars, what GrooveEngine.lines reports)
  are the fill bars, the others the groove bars.

Figures per genre, per voice group (kick; snare = snare, rimshot, side stick, clap; hats =
closed, open, pedal; ride = ride, bell; toms; crash), over whole performances: every usable bar
of the GMD beat takes (which hold the fills the drummers played in them) and of our variations
(our fill bars included, one bar in four):

    vel_mean      velocity mean                                   scored: ratio within ±15%
    vel_sd        velocity standard deviation                     scored: ratio within ±30%
    ghost         share of the voice's hits with velocity < 40     scored: difference ≤ 0.10
    timing_sd     sd of offset_ms, each hit's distance (ms) from its swung grid position
                  (pooled over takes, so per-take tempo and push/drag count)  scored: ±30%
    hits_per_bar  the voice's hits per bar                        scored: ratio within ±33%

A voice figure is skipped when the corpus has fewer than 50 hits of that voice group in the
genre; a voice the corpus has and our output lacks counts as out of tolerance. For all voices:

    hits_per_bar    hits per bar                                  scored: ratio within ±33%
    jaccard         bar-to-bar onset Jaccard |A ∩ B| / |A ∪ B| of the (voice, step) sets of
                    consecutive groove bars of one take (GMD beat-take bars; our bars not
                    marked as fills), averaged over bar pairs                     reported
    fill_tom_share  tom hits / all hits of fill bars (GMD fill takes; our fill bars)  reported

Genre classifier: one feature vector per two consecutive groove bars of a take (windows overlap
by a bar): per voice group its 16-step onset histogram normalised to sum 1, mean velocity / 127
and hits per bar. Standardised features and class-balanced multinomial logistic regression
(scikit-learn when installed, else a numpy nearest-centroid classifier), classes = the genres
benchmarked. Human accuracy: leave-one-drummer-out over the GMD beat takes, the share of a
genre's windows placed in that genre. Ours: trained on all of them, the share of our windows
placed in the genre we asked for. Chance is about 1 / number of genres.

The default run (8 genres, 7 artists, 3 seeds) takes about half a minute, most of it reading
the corpus and the classifier's fits; --quick (1 seed, 3 artists per genre) generates less.
--json writes every figure, so runs can be diffed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from mididrumigen.config import Settings
from mididrumigen.domain import GenerationParams
from mididrumigen.domain.meter import COMMON_TIME
from mididrumigen.domain.voices import HAT_VOICES, TOM_VOICES, Voice
from mididrumigen.groove.phrase import fill_bars
from mididrumigen.knowledge.corpus import read_corpus
from mididrumigen.knowledge.corpus_bars import Bar, quantize
from mididrumigen.knowledge.corpus_scan import GMD_GENRES
from mididrumigen.services import GenerateCommand, Runtime, generate

REPO = Path(__file__).resolve().parents[1]
GMD = Path(os.environ.get("MIDIDRUMIGEN_GMD", REPO.parent / "shared" / "corpora" / "gmd-train"))
CREDIT = ("Groove MIDI Dataset, train split (Gillick, Roberts, Engel, Eck & Bamman, ICML 2019; "
          "magenta.tensorflow.org/datasets/groove), CC BY 4.0")

DEFAULT_GENRES = ("rock", "funk", "hiphop", "jazz", "latin", "soul", "punk", "reggae")
UNKNOWN_ARTIST = "Zorblax Quintavian"
VARIATIONS = 4
FILL_EVERY = 4
# a knowledge-base primary genre → the GMD genre it is benchmarked under (when not itself one)
KB_TO_GMD = {"hard_rock": "rock", "boom_bap": "hiphop", "neo_soul": "soul", "motown": "soul",
             "rnb": "soul", "afrocuban": "latin", "songo": "latin", "salsa": "latin",
             "samba": "latin", "bossa_nova": "latin"}

GROUPS: dict[str, frozenset[Voice]] = {
    "kick": frozenset({Voice.KICK}),
    "snare": frozenset({Voice.SNARE, Voice.RIMSHOT, Voice.SIDE_STICK, Voice.CLAP}),
    "hats": HAT_VOICES,
    "ride": frozenset({Voice.RIDE, Voice.RIDE_BELL}),
    "toms": TOM_VOICES,
    "crash": frozenset({Voice.CRASH, Voice.SPLASH, Voice.CHINA}),
}
GROUP_OF = {v: g for g, voices in GROUPS.items() for v in voices}
GROUP_INDEX = {v: i for i, g in enumerate(GROUPS) for v in GROUPS[g]}
GHOST_VELOCITY = 40
MIN_CORPUS_HITS = 50
# scored figures: (kind, tolerance); ratio: |ours / corpus - 1| <= tol, diff: |ours - corpus| <= tol
TOLERANCE: dict[str, tuple[str, float]] = {
    "vel_mean": ("ratio", 0.15), "vel_sd": ("ratio", 0.30), "ghost": ("diff", 0.10),
    "timing_sd": ("ratio", 0.30), "hits_per_bar": ("ratio", 0.33)}
REPORTED = {"jaccard": "diff", "fill_tom_share": "diff"}  # shown, not scored


@dataclass(frozen=True, slots=True)
class Take:
    """One performance, quantized: its usable bars (fill bars marked) and who played it."""

    genre: str
    source: str  # the GMD drummer, or our artist
    bars: tuple[Bar, ...]
    fill_take: bool = False  # a GMD fill take (all its bars are fill bars)


# --- the two sides ----------------------------------------------------------------------------


def corpus_takes(root: Path, genres: Sequence[str]) -> list[Take]:
    """The 4/4 GMD takes of the genres, through read_corpus (quantize, usable bars)."""
    if not (root / "info.csv").is_file():
        raise SystemExit(f"no Groove MIDI Dataset at {root} (set MIDIDRUMIGEN_GMD)")
    read = read_corpus(root)
    return [Take(genre, perf.name.split("/", 1)[0], perf.bars, perf.is_fill)
            for genre, perf in read.performances
            if genre in genres and perf.time_signature == COMMON_TIME]


def pick_artists(runtime: Runtime, genres: Sequence[str],
                 per_genre: int) -> dict[str, list[tuple[str, str | None]]]:
    """Per genre: knowledge-base artists spread evenly over the name-sorted candidates (genre
    None: generate with the artist's own), then the unknown artist asked for the genre."""
    candidates: dict[str, list[str]] = {g: [] for g in genres}
    for entry in sorted(runtime.knowledge_base.entries, key=lambda e: e.name):
        if not entry.genres:
            continue
        primary = entry.genres[0]
        target = primary if primary in candidates else KB_TO_GMD.get(primary)
        if target in candidates:
            candidates[target].append(entry.name)
    picks: dict[str, list[tuple[str, str | None]]] = {}
    for g, names in candidates.items():
        k = min(per_genre, len(names))
        chosen = [names[i * len(names) // k] for i in range(k)]
        picks[g] = [(n, None) for n in chosen] + [(UNKNOWN_ARTIST, g)]
    return picks


def our_takes(runtime: Runtime, genre: str, artists: Iterable[tuple[str, str | None]],
              seeds: int, bars: int) -> list[Take]:
    """Generate as the CLI does (in process, no files) and quantize each variation."""
    fills = fill_bars(bars, FILL_EVERY)
    takes = []
    for artist, genre_arg in artists:
        for seed in range(seeds):
            params = GenerationParams(bars=bars, variations=VARIATIONS, seed=seed,
                                      genre=genre_arg, fill_every=FILL_EVERY)
            for pattern in generate(runtime, GenerateCommand(artist, params)).patterns:
                _, qbars = quantize(pattern)
                marked = (replace(b, is_fill=fills[b.index]) for b in qbars if b.index < bars)
                takes.append(Take(genre, artist, tuple(b for b in marked if b.usable)))
    return takes


# --- figures ----------------------------------------------------------------------------------


def _mean(xs: Sequence[float]) -> float | None:
    return float(np.mean(xs)) if len(xs) else None


def _sd(xs: Sequence[float]) -> float | None:
    return float(np.std(xs, ddof=1)) if len(xs) > 1 else None


def figures(takes: Sequence[Take]) -> dict[str, Any]:
    """Every figure of one side of one genre (see the module docstring)."""
    vel: dict[str, list[int]] = {g: [] for g in GROUPS}
    off: dict[str, list[float]] = {g: [] for g in GROUPS}
    bars = groove_bars = fill_bar_count = hits = fill_hits = fill_toms = 0
    jaccards: list[float] = []
    for take in takes:
        prev: tuple[int, set[tuple[Voice, int]]] | None = None
        for bar in take.bars:
            if bar.is_fill:
                fill_bar_count += 1
                fill_hits += len(bar.hits)
                fill_toms += sum(h.voice in TOM_VOICES for h in bar.hits)
                prev = None
            if take.fill_take:
                continue
            bars += 1
            hits += len(bar.hits)
            for h in bar.hits:
                group = GROUP_OF.get(h.voice)
                if group is not None:
                    vel[group].append(h.velocity)
                    off[group].append(h.offset_ms)
            if bar.is_fill:
                continue
            groove_bars += 1
            cells = {(h.voice, h.step) for h in bar.hits}
            if prev is not None and bar.index == prev[0] + 1 and cells and prev[1]:
                jaccards.append(len(cells & prev[1]) / len(cells | prev[1]))
            prev = (bar.index, cells)
    per_bar = max(bars, 1)
    groups = {g: {"hits": len(vel[g]), "vel_mean": _mean(vel[g]), "vel_sd": _sd(vel[g]),
                  "ghost": _mean([v < GHOST_VELOCITY for v in vel[g]]),
                  "timing_sd": _sd(off[g]), "hits_per_bar": len(vel[g]) / per_bar}
              for g in GROUPS}
    return {"takes": len(takes), "sources": len({t.source for t in takes}), "bars": bars,
            "groove_bars": groove_bars, "fill_bars": fill_bar_count, "groups": groups,
            "all": {"hits_per_bar": hits / per_bar, "jaccard": _mean(jaccards),
                    "fill_tom_share": fill_toms / fill_hits if fill_hits else None}}


def _row(metric: str, name: str, ours: float | None, corpus: float | None) -> dict[str, Any]:
    kind, tol = TOLERANCE.get(name, (REPORTED.get(name, "diff"), math.nan))
    scored = name in TOLERANCE
    delta = None
    if ours is not None and corpus is not None:
        delta = ours / corpus if kind == "ratio" and corpus else ours - corpus
    ok = None  # reported only
    if scored:  # a figure the corpus has and our output lacks is out of tolerance
        ok = delta is not None and abs(delta - 1 if kind == "ratio" else delta) <= tol
    return {"metric": metric, "ours": ours, "corpus": corpus, "kind": kind,
            "delta": delta, "tolerance": None if math.isnan(tol) else tol, "ok": ok}


def compare(ours: dict[str, Any], corpus: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Table rows (metric, ours, corpus, ratio or difference, in tolerance) and skipped voices."""
    rows, skipped = [], []
    for g in GROUPS:
        c, o = corpus["groups"][g], ours["groups"][g]
        if c["hits"] < MIN_CORPUS_HITS:
            skipped.append(f"{g} ({c['hits']} corpus hits)")
            continue
        for name in TOLERANCE:
            ours_value = o[name] if o["hits"] or name == "hits_per_bar" else None
            rows.append(_row(f"{g} {name}", name, ours_value, c[name]))
    for name in ("hits_per_bar", "jaccard", "fill_tom_share"):
        rows.append(_row(f"all {name}", name, ours["all"][name], corpus["all"][name]))
    return rows, skipped


def severity(row: dict[str, Any]) -> float:
    """How far out of tolerance a scored row is, in tolerances (inf: our figure is missing)."""
    if row["delta"] is None:
        return math.inf
    off = abs(row["delta"] - 1) if row["kind"] == "ratio" else abs(row["delta"])
    return off / row["tolerance"]


# --- genre classifier -------------------------------------------------------------------------


def window_features(a: Bar, b: Bar) -> np.ndarray:
    """Per voice group: 16-step onset histogram (sum 1), mean velocity / 127, hits per bar."""
    f = np.zeros((len(GROUPS), 18))
    for bar in (a, b):
        for h in bar.hits:
            g = GROUP_INDEX.get(h.voice)
            if g is not None:
                f[g, h.step] += 1
                f[g, 16] += h.velocity
    counts = f[:, :16].sum(axis=1)
    nz = counts > 0
    f[nz, :16] /= counts[nz, None]
    f[nz, 16] /= counts[nz] * 127
    f[:, 17] = counts / 2
    return f.ravel()


def windows(takes: Iterable[Take]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, genre and source of every pair of consecutive groove bars of 4/4 takes."""
    feats, genres, sources = [], [], []
    for take in takes:
        groove = [b for b in take.bars if not b.is_fill and b.time_signature == COMMON_TIME]
        for a, b in itertools.pairwise(groove):
            if b.index == a.index + 1:
                feats.append(window_features(a, b))
                genres.append(take.genre)
                sources.append(take.source)
    return (np.array(feats).reshape(-1, len(GROUPS) * 18), np.array(genres, dtype=object),
            np.array(sources, dtype=object))


class NearestCentroid:
    """Standardised features, nearest class mean (the fallback without scikit-learn)."""

    def fit(self, x: np.ndarray, y: np.ndarray) -> NearestCentroid:
        self.mu, self.sd = x.mean(axis=0), x.std(axis=0) + 1e-9
        z = (x - self.mu) / self.sd
        self.classes = np.array(sorted(set(y)), dtype=object)
        self.centroids = np.array([z[y == c].mean(axis=0) for c in self.classes])
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mu) / self.sd
        d = ((z[:, None, :] - self.centroids[None]) ** 2).sum(axis=2)
        return self.classes[d.argmin(axis=1)]


def classifier() -> tuple[Callable[[], Any], str]:
    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        return NearestCentroid, "nearest centroid on standardised features (numpy)"
    return (lambda: make_pipeline(StandardScaler(), LogisticRegression(
        C=0.1, max_iter=300, class_weight="balanced")),
        "scikit-learn logistic regression, standardised, class-balanced")


def accuracy(pred: np.ndarray, truth: np.ndarray, genres: Sequence[str]) -> dict[str, Any]:
    per = {g: float(np.mean(pred[truth == g] == g)) if (truth == g).any() else None for g in genres}
    known = [v for v in per.values() if v is not None]
    top_wrong = {}
    for g in genres:
        wrong = Counter(pred[(truth == g) & (pred != g)])
        top_wrong[g] = wrong.most_common(1)[0][0] if wrong else None
    return {"per_genre": per, "windows": {g: int((truth == g).sum()) for g in genres},
            "overall": float(np.mean(pred == truth)) if len(truth) else None,
            "balanced": float(np.mean(known)) if known else None, "most_confused_with": top_wrong}


def genre_classifier(corpus: Sequence[Take], ours: Sequence[Take],
                     genres: Sequence[str]) -> dict[str, Any]:
    make, name = classifier()
    x, y, drummers = windows(corpus)
    pred = np.empty(len(y), dtype=object)
    for d in sorted(set(drummers)):
        test = drummers == d
        if test.all():
            continue
        pred[test] = make().fit(x[~test], y[~test]).predict(x[test])
    kept = pred != None  # noqa: E711 - element-wise: windows of a drummer who could be left out
    human = accuracy(pred[kept], y[kept], genres)
    human["drummers"] = {g: len(set(drummers[y == g])) for g in genres}
    ox, oy, _ = windows(ours)
    ours_pred = make().fit(x, y).predict(ox) if len(ox) else np.array([], dtype=object)
    return {"model": name, "human_lodo": human, "ours": accuracy(ours_pred, oy, genres)}


# --- report -----------------------------------------------------------------------------------


def _num(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def print_genre(genre: str, ours: dict[str, Any], corpus: dict[str, Any],
                rows: list[dict[str, Any]], skipped: list[str]) -> None:
    print(f"\n== {genre}: corpus {corpus['takes']} takes by {corpus['sources']} drummers, "
          f"{corpus['bars']} beat-take bars, {corpus['fill_bars']} fill-take bars; ours "
          f"{ours['sources']} artists, {ours['takes']} takes, {ours['bars']} bars of which "
          f"{ours['fill_bars']} fill bars")
    print(f"  {'metric':22s} {'ours':>8s} {'corpus':>8s} {'ratio/diff':>11s}  in tolerance")
    for r in rows:
        delta = ("-" if r["delta"] is None else f"x{r['delta']:.2f}" if r["kind"] == "ratio"
                 else f"{r['delta']:+.2f}")
        verdict = ("reported" if r["ok"] is None else "ok" if r["ok"]
                   else f"OUT (±{r['tolerance']:g})")
        digits = 3 if r["kind"] == "diff" else 2
        print(f"  {r['metric']:22s} {_num(r['ours'], digits):>8s} {_num(r['corpus'], digits):>8s} "
              f"{delta:>11s}  {verdict}")
    if skipped:
        print(f"  skipped (< {MIN_CORPUS_HITS} corpus hits): {', '.join(skipped)}")


def print_classifier(result: dict[str, Any], genres: Sequence[str]) -> None:
    human, ours = result["human_lodo"], result["ours"]
    print(f"\n== genre classifier ({result['model']}; 2-bar windows; chance ~{1 / len(genres):.2f})")
    print(f"  {'genre':12s} {'drummers':>8s} {'human win':>9s} {'human LODO':>10s} {'ours win':>9s} "
          f"{'ours':>6s}  ours most often taken for")
    for g in genres:
        print(f"  {g:12s} {human['drummers'][g]:8d} {human['windows'][g]:9d} "
              f"{_num(human['per_genre'][g]):>10s} "
              f"{ours['windows'][g]:9d} {_num(ours['per_genre'][g]):>6s}  "
              f"{ours['most_confused_with'][g] or '-'}")
    print(f"  {'overall':12s} {'':8s} {sum(human['windows'].values()):9d} "
          f"{_num(human['overall']):>10s} {sum(ours['windows'].values()):9d} {_num(ours['overall']):>6s}")
    print(f"  {'balanced':12s} {'':8s} {'':9s} {_num(human['balanced']):>10s} {'':9s} "
          f"{_num(ours['balanced']):>6s}")
    print("  (human LODO: a genre one drummer played alone has no training windows when he is left "
          "out, so it scores 0)")


def _head() -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seeds", type=int, default=None, help="seeds per artist (default 3)")
    ap.add_argument("--bars", type=int, default=8, help="bars per variation (1..16)")
    ap.add_argument("--genres", default=",".join(DEFAULT_GENRES), help="comma-separated GMD genres")
    ap.add_argument("--artists", type=int, default=None, help="knowledge-base artists per genre")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument("--quick", action="store_true", help="1 seed, 3 artists per genre")
    args = ap.parse_args()
    seeds = args.seeds or (1 if args.quick else 3)
    per_genre = args.artists or (3 if args.quick else 6)
    genres = [GMD_GENRES.get(g, g) for g in (s.strip().lower() for s in args.genres.split(","))
              if g]
    t0 = time.perf_counter()
    print(f"MidiDrumiGen fidelity at {_head()}: engine output vs human drummers, python "
          f"{sys.version.split()[0]}")
    print(f"reference: {CREDIT}; at {GMD}")
    print(f"ours: {VARIATIONS} variations x {args.bars} bars, fill_every {FILL_EVERY}, seeds "
          f"0..{seeds - 1}, up to {per_genre} knowledge-base artists + {UNKNOWN_ARTIST!r} per genre, "
          "default tempi, 4/4")
    corpus = corpus_takes(GMD, genres)
    runtime = Runtime(Settings())
    artists = pick_artists(runtime, genres, per_genre)
    ours = {g: our_takes(runtime, g, artists[g], seeds, args.bars) for g in genres}
    report: dict[str, Any] = {"head": _head(), "seeds": seeds, "bars": args.bars,
                              "genres": {}, "credit": CREDIT}
    worst, missing = [], []
    totals = Counter()
    for g in genres:
        c = figures([t for t in corpus if t.genre == g])
        o = figures(ours[g])
        rows, skipped = compare(o, c)
        print_genre(g, o, c, rows, skipped)
        scored = [r for r in rows if r["ok"] is not None]
        n_ok = sum(r["ok"] for r in scored)
        totals["ok"] += n_ok
        totals["scored"] += len(scored)
        print(f"  {g}: {n_ok}/{len(scored)} figures within tolerance")
        worst += [(severity(r), g, r) for r in scored if not r["ok"] and r["ours"] is not None]
        missing += [f"{g} {gr}" for gr in GROUPS
                    if o["groups"][gr]["hits"] == 0 and c["groups"][gr]["hits"] >= MIN_CORPUS_HITS]
        report["genres"][g] = {"artists": [a for a, _ in artists[g]], "ours": o, "corpus": c,
                               "rows": rows, "skipped": skipped, "within": n_ok,
                               "scored": len(scored)}
    print(f"\noverall: {totals['ok']}/{totals['scored']} figures within tolerance")
    if missing:
        print(f"voices the corpus plays and our output never does (their figures count as out): "
              f"{', '.join(missing)}")
    print("most out of line among figures both sides have (distance / tolerance):")
    for sev, g, r in sorted(worst, key=lambda w: -w[0])[:15]:
        delta = f"x{r['delta']:.2f}" if r["kind"] == "ratio" else f"{r['delta']:+.3f}"
        print(f"  {g:12s} {r['metric']:22s} ours {_num(r['ours']):>7s} corpus "
              f"{_num(r['corpus']):>7s}  {delta:>7s}  {sev:4.1f}")
    result = genre_classifier(corpus, [t for g in genres for t in ours[g]], genres)
    print_classifier(result, genres)
    report["classifier"] = result
    report["overall"] = dict(totals)
    report["missing_voices"] = missing
    print(f"\n({time.perf_counter() - t0:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, sort_keys=True, default=str) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
