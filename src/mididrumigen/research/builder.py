"""ProfileBuilder: evidence → a StyleProfile (source "research") with provenance per parameter.

Votes per parameter come from measured numbers in `payload["params"]` (MIDI drum parts, audio,
the knowledge base, an LLM's sketches), from descriptors found in text
(`payload["descriptors"]`, see lexicon) and from tempo mentions, each weighted by the kind of
evidence it is (see weighting: a measured drum part > an editorial estimate > a keyword in
prose). Each parameter is aggregated (see aggregate). A parameter nobody spoke about takes
the base profile's value (the genre model's defaults), and says so.

When the evidence holds a curated profile (the knowledge base's entry, or an earlier profile),
that profile is the anchor: new evidence refines it, never replaces it with something weaker,
and the confidence is the anchor's moved by how far the new evidence agrees (see merge).
Without an anchor: 0.15 + 0.35 × (1 − e^(−sources/2)) + 0.45 × (mean parameter confidence ×
coverage), at most 0.95 — more independent sources and more agreement give more confidence.

Tempo: the average is the weighted mean of every tempo vote; the range spans every measured
tempo (drum parts, recordings) and the anchor's range — all of them, no outlier filter — and
the tempos found in text only when nothing was measured.

Genres: weighted tags (MusicBrainz genres and tags, Wikidata, the knowledge base) mapped to our
genre keys; those scoring at least a quarter of the best, at most three.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from ..domain.profile import SignatureGroove, StyleParams, StyleProfile
from . import merge
from .aggregate import Aggregate, Vote, aggregate
from .evidence import Evidence
from .lexicon import descriptor_targets, genres_in
from .weighting import (
    evidence_kind,
    is_measured,
    measured_weight,
    prose_weight,
    tempo_text_weight,
)

if TYPE_CHECKING:
    from ..knowledge.genres import GenreLibrary

MAX_GROOVES = 8  # of kind "groove"; and at most MAX_FILLS of kind "fill"
MAX_FILLS = 4
PARAMS = tuple(n for n in StyleParams.__slots__ if n != "microtiming_ms")
RANGES: dict[str, tuple[float, float]] = {
    "tempo_min": (20, 400), "tempo_max": (20, 400), "tempo_avg": (20, 400),
    "swing_percent": (50, 75), "velocity_mean": (1, 127), "velocity_std": (0, 60),
    "timing_jitter_ms": (0, 60)}
Embedder = Callable[[StyleProfile], "Sequence[float] | None"]  # research/embedder.py


@dataclass(frozen=True, slots=True)
class BuildReport:
    """How each parameter was decided: its confidence, whether evidence spoke about it, and
    the evidence that moved it (labels, strongest first)."""

    confidence: dict[str, float] = field(default_factory=dict)
    from_evidence: tuple[str, ...] = ()
    defaulted: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    moved_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    anchor: str = ""


def _votes(evidence: Sequence[Evidence]) -> dict[str, list[Vote]]:
    votes: dict[str, list[Vote]] = {}

    def add(param: str, value: Any, weight: float, label: str, source: str,
            kind: str) -> None:
        if weight > 0:
            votes.setdefault(param, []).append(Vote(value, weight, label, source, kind))

    for ev in evidence:
        params = ev.payload.get("params") or {}
        measured = measured_weight(ev)
        kind = evidence_kind(ev)
        for name, value in params.items():
            if name == "microtiming_ms" and isinstance(value, dict):
                for voice, ms in value.items():
                    add(f"microtiming_ms.{voice}", float(ms), measured, ev.label, ev.source, kind)
            elif name in PARAMS and isinstance(value, int | float | bool):
                add(name, value if isinstance(value, bool) or name == "swing_unit"
                    else float(value), measured, ev.label, ev.source, kind)
        quotes = ev.payload.get("quotes") or {}
        for descriptor, param, target in descriptor_targets(ev.payload.get("descriptors") or {}):
            quote = quotes.get(descriptor) if isinstance(quotes, dict) else None
            said = f"{ev.label} says “{descriptor}”" + (f": “{quote}”" if quote else "")
            add(param, target if isinstance(target, bool) or param == "swing_unit"
                else float(target), prose_weight(ev), said, ev.source, "prose")
        if "tempo_avg" not in params:
            for t in ev.payload.get("tempos") or []:
                if is_measured(ev):
                    add("tempo_avg", float(t), measured, f"{ev.label} measured {t:g} BPM",
                        ev.source, kind)
                else:
                    add("tempo_avg", float(t), tempo_text_weight(ev),
                        f"{ev.label} mentions {t:g} BPM", ev.source, "tempo text")
    # many votes from one collector (a folder of 100 files) count as more evidence, but not as
    # 100 independent sources: each of a source's n votes on a parameter weighs 1/sqrt(n)
    for param, vs in votes.items():
        per_source: dict[str, int] = {}
        for v in vs:
            per_source[v.source] = per_source.get(v.source, 0) + 1
        votes[param] = [Vote(v.value, v.weight / per_source[v.source] ** 0.5, v.label, v.source)
                        for v in vs]
    return votes


def _clamp(name: str, value: Any) -> tuple[Any, bool]:
    if isinstance(value, bool) or name == "swing_unit":
        return value, False
    lo, hi = RANGES.get(name, (0.0, 1.0))
    if name.startswith("microtiming_ms."):
        lo, hi = -60.0, 60.0
    clamped = min(hi, max(lo, float(value)))
    return round(clamped, 3), clamped != float(value)


class ProfileBuilder:
    """Builds a research StyleProfile from evidence. `base(artist, genre)` gives the defaults
    (by default the genre model's feel, from `genres`: the app's GenreLibrary)."""

    def __init__(self, *, base: Callable[[str, str], StyleProfile] | None = None,
                 default_genre: str = "rock", embedder: Embedder | None = None,
                 genres: GenreLibrary | None = None) -> None:
        self.base = base or partial(_genre_default, library=genres)
        self.default_genre = default_genre
        self.embedder = embedder

    def genres(self, evidence: Sequence[Evidence]) -> list[str]:
        scores: dict[str, float] = {}
        for ev in evidence:
            tags = [(str(t[0]), float(t[1])) for t in ev.payload.get("genres") or []
                    if isinstance(t, list | tuple) and len(t) == 2]
            if not tags:
                continue
            top = max(w for _, w in tags) or 1.0
            for key, w in genres_in((t, w / top) for t, w in tags).items():
                scores[key] = scores.get(key, 0.0) + ev.confidence * w
        if not scores:
            return []
        best = max(scores.values())
        ranked = sorted(scores, key=lambda k: (-scores[k], k))
        return [k for k in ranked if scores[k] >= 0.25 * best][:3]

    def build(self, artist: str, evidence: Sequence[Evidence]) -> tuple[StyleProfile, BuildReport]:
        genres = self.genres(evidence) or [self.default_genre]
        base = self.base(artist, genres[0])
        anchor = merge.anchor_of(evidence)
        votes = _votes([e for e in evidence if e is not anchor])
        aggs: dict[str, Aggregate] = {}
        for name, vs in votes.items():
            agg = aggregate(name, vs)
            if agg is not None:
                aggs[name] = agg
        decisions = _decide(anchor, aggs)
        values = base.params.to_dict()
        provenance: dict[str, str] = {}
        base_note = base.provenance.get("*") or next(iter(base.provenance.values()), "defaults")
        for name in PARAMS:
            d = decisions.get(name)
            if d is None:
                provenance[name] = f"no evidence; default of {base_note}"
                continue
            values[name], clamped = _clamp(name, d.value)
            provenance[name] = d.provenance + (" (clamped to range)" if clamped else "")
        micro = dict(values.get("microtiming_ms") or {})
        micro_notes = []
        for name, d in sorted(decisions.items()):
            if name.startswith("microtiming_ms."):
                voice = name.split(".", 1)[1]
                micro[voice], _ = _clamp(name, d.value)
                micro_notes.append(f"{voice}: {d.provenance}")
        values["microtiming_ms"] = micro
        provenance["microtiming_ms"] = (" | ".join(micro_notes) if micro_notes
                                        else f"no evidence; default of {base_note}")
        decisions.update(_tempo_range(values, anchor, votes.get("tempo_avg", []),
                                      decisions.get("tempo_avg"), provenance))
        params = StyleParams.from_dict(values)
        grooves, groove_prov = _grooves(evidence)
        provenance.update(groove_prov)
        provenance["genres"] = _genre_provenance(evidence, genres)
        sources = tuple(sorted({ev.source for ev in evidence
                                if evidence_kind(ev) != "catalogue"}))
        confidence = {name: d.confidence for name, d in decisions.items()}
        if anchor is not None:
            voices = anchor.payload["params"].get("microtiming_ms") or {}
            overall = merge.anchored_confidence(anchor, {
                n: d for n, d in decisions.items()
                if n in PARAMS or n.removeprefix("microtiming_ms.") in voices})
        else:
            coverage = sum(1 for n in PARAMS if n in decisions) / len(PARAMS)
            mean_conf = (sum(confidence.values()) / len(confidence)) if confidence else 0.0
            overall = min(0.95, 0.15 + 0.35 * (1 - math.exp(-len(sources) / 2))
                          + 0.45 * mean_conf * coverage) if sources else 0.1
        kind, drummers, aliases = _identity(evidence, artist)
        artist = _canonical_name(evidence, artist)
        traits = _traits(evidence)
        if traits:
            provenance["traits"] = " | ".join(f"{name}: {label}" + (f" “{quote}”" if quote else "")
                                              for name, label, quote in traits)
        description = describe(artist, genres, params, drummers, evidence,
                               [name for name, _, _ in traits])
        profile = StyleProfile(
            artist_name=artist, params=params, genres=tuple(genres), aliases=aliases, kind=kind,
            drummers=tuple(d for d, _ in drummers), text_description=description,
            signature_grooves=grooves, confidence=round(overall, 3),
            sources_count=len(evidence), provenance=provenance, source="research")
        if self.embedder is not None:
            vector = self.embedder(profile)
            if vector is not None:
                profile = replace(profile, embedding=tuple(float(x) for x in vector))
        report = BuildReport(confidence, tuple(n for n in PARAMS if n in decisions),
                             tuple(n for n in PARAMS if n not in decisions), sources,
                             {n: d.moved_by for n, d in decisions.items() if d.moved_by},
                             anchor.label if anchor is not None else "")
        return profile, report


def _decide(anchor: Evidence | None, aggs: dict[str, Aggregate]) -> dict[str, merge.Decision]:
    """Each parameter (but the tempo range) and each voice's micro-timing: the anchor refined
    by the new evidence, or the new evidence alone where the anchor says nothing."""
    anchored = dict(anchor.payload["params"]) if anchor is not None else {}
    micro = anchored.pop("microtiming_ms", None) or {}
    anchored.update({f"microtiming_ms.{v}": ms for v, ms in micro.items()})
    names = [n for n in PARAMS if n not in ("tempo_min", "tempo_max")]
    names += sorted({n for n in (*aggs, *anchored) if n.startswith("microtiming_ms.")})
    out: dict[str, merge.Decision] = {}
    for name in names:
        agg, value = aggs.get(name), anchored.get(name)
        if anchor is not None and isinstance(value, int | float | bool):
            out[name] = merge.refine(name, anchor, value, agg) if agg else merge.kept(anchor,
                                                                                  value)
        elif agg is not None:
            out[name] = merge.plain(agg)
    return out


def _tempo_range(values: dict[str, Any], anchor: Evidence | None, votes: Sequence[Vote],
                 avg: merge.Decision | None, provenance: dict[str, str]
                 ) -> dict[str, merge.Decision]:
    """The range spans every measured tempo and the anchor's range (text tempos only when
    nothing was measured); the average lies inside it."""
    measured = [v for v in votes if v.kind in ("drum_part", "recording", "curated")]
    observed = measured or list(votes)
    out: dict[str, merge.Decision] = {}
    confidence = avg.confidence if avg is not None else 0.0
    for name, pick in (("tempo_min", min), ("tempo_max", max)):
        candidates: list[tuple[float, str]] = [(float(v.value), v.label) for v in observed]
        if anchor is not None and name in anchor.payload["params"]:
            candidates.append((float(anchor.payload["params"][name]), anchor.label))
        if not candidates:
            continue
        value, label = pick(candidates, key=lambda c: c[0])
        what = "lowest" if name == "tempo_min" else "highest"
        kind = "measured" if measured or anchor is not None else "mentioned"
        values[name] = round(value, 3)
        provenance[name] = (f"{what} of {len(candidates)} {kind} tempos (all kept): "
                            f"{label} = {value:g}")
        if anchor is not None:
            confidence = anchor.confidence  # the range only widens; the average says more
        out[name] = merge.Decision(values[name], round(confidence, 3), provenance[name],
                                   () if anchor is not None and label == anchor.label
                                   else (label,))
    values["tempo_min"] = min(values["tempo_min"], values["tempo_avg"])
    values["tempo_max"] = max(values["tempo_max"], values["tempo_avg"])
    return out


def _genre_default(artist: str, genre: str, *, library: GenreLibrary | None = None) -> StyleProfile:
    """The genre model's own feel (what services.genre_default_profile gives), as the base."""
    if library is None:
        from ..knowledge.genres import GenreLibrary

        library = GenreLibrary.load()
    model = library.model(genre)
    lo, hi = sorted((model.tempo_min, model.tempo_max))
    params = StyleParams(tempo_min=lo, tempo_max=hi, tempo_avg=min(max(model.tempo_median, lo), hi),
                         swing_percent=min(max(model.swing_percent, 50.0), 75.0),
                         swing_unit=model.swing_unit)
    return StyleProfile(artist_name=artist, params=params, genres=(model.genre,),
                        provenance={"*": f"genre model {model.key}: {model.source}"},
                        source="genre_default")


def _grooves(evidence: Sequence[Evidence]) -> tuple[tuple[SignatureGroove, ...], dict[str, str]]:
    from ..domain.grid import parse_grid
    from ..errors import UserInputError

    out: list[SignatureGroove] = []
    prov: dict[str, str] = {}
    order = {k: i for i, k in enumerate(("curated", "drum_part", "recording", "prose",
                                         "generated"))}
    for ev in sorted(evidence, key=lambda e: (order.get(evidence_kind(e), 3), -e.confidence)):
        for g in ev.payload.get("signature_grooves") or []:
            try:
                groove = SignatureGroove.from_dict(g)
                parse_grid(groove.grid, groove.time_signature)
            except (KeyError, TypeError, ValueError, UserInputError):
                continue
            room = MAX_FILLS if groove.kind == "fill" else MAX_GROOVES
            if any(o.name == groove.name for o in out) or sum(
                    o.kind == groove.kind for o in out) >= room:
                continue
            out.append(groove)
            prov[f"signature_groove:{groove.name}"] = ev.label
    return tuple(out), prov


def _genre_provenance(evidence: Sequence[Evidence], genres: list[str]) -> str:
    named = [ev.label for ev in evidence if ev.payload.get("genres")]
    if not named:
        return "no genre evidence; the default genre"
    return f"{', '.join(genres)} from genre tags of: " + "; ".join(named[:5])


def _canonical_name(evidence: Sequence[Evidence], typed: str) -> str:
    """The knowledge base's name, else MusicBrainz's (when not ambiguous), else as typed."""
    for ev in evidence:
        if ev.source == "knowledge_base" and ev.payload.get("name"):
            return str(ev.payload["name"])
    for ev in evidence:
        name = (ev.payload.get("identity") or {}).get("name")
        if ev.source == "musicbrainz" and name and not ev.payload.get("ambiguous"):
            return str(name)
    return typed


def _identity(evidence: Sequence[Evidence], artist: str
              ) -> tuple[str, list[tuple[str, str]], tuple[str, ...]]:
    kind, drummers, aliases = "artist", {}, []
    for ev in sorted(evidence, key=lambda e: e.source != "musicbrainz"):
        k = ev.payload.get("kind")
        if k in ("band", "drummer", "producer") and kind == "artist":
            kind = k
        for d in ev.payload.get("drummers") or []:
            if isinstance(d, dict) and d.get("name"):
                drummers.setdefault(str(d["name"]), str(d.get("era") or ""))
        aliases += [a for a in ev.payload.get("aliases") or [] if isinstance(a, str)]
    aliases.append(artist)
    canonical = _canonical_name(evidence, artist)
    return kind, list(drummers.items()), tuple(a for a in dict.fromkeys(aliases)
                                               if a.casefold() != canonical.casefold())


MAX_TRAITS = 6


def _traits(evidence: Sequence[Evidence]) -> list[tuple[str, str, str]]:
    """Descriptors found in text, most often found first: (trait, where, the sentence)."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for ev in evidence:
        quotes = ev.payload.get("quotes") or {}
        for name in ev.payload.get("descriptors") or {}:
            quote = str(quotes.get(name, "")) if isinstance(quotes, dict) else ""
            seen.setdefault(str(name), []).append((ev.label, quote))
    ranked = sorted(seen, key=lambda n: (-len(seen[n]), n))[:MAX_TRAITS]
    return [(n, seen[n][0][0], next((q for _, q in seen[n] if q), "")) for n in ranked]


def describe(artist: str, genres: Sequence[str], p: StyleParams,
             drummers: Sequence[tuple[str, str]], evidence: Sequence[Evidence],
             traits: Sequence[str] = ()) -> str:
    """A short text description from the numbers (and the first summary sentence found)."""
    feel = "straight" if p.swing_percent < 53 else f"swung {p.swing_percent:.0f}% on {p.swing_unit}ths"
    lean = p.microtiming_ms.get("snare", 0.0)
    pocket = ("laid back behind the beat" if lean > 5 else "on top of the beat" if lean < -4
              else "centred on the beat")
    parts = [f"{artist}: {', '.join(genres)} drumming around {p.tempo_avg:.0f} BPM "
             f"({p.tempo_min:.0f}–{p.tempo_max:.0f}), {feel}, {pocket}."]
    parts.append(f"Ghost notes {p.ghost_note_prob:.0%}, syncopation {p.syncopation:.2f}, "
                 f"complexity {p.complexity:.2f}"
                 + (", double kick" if p.double_kick else "")
                 + (", ride-led" if p.ride_led else "") + ".")
    if drummers:
        parts.append("Drums: " + ", ".join(f"{n} ({e})" if e else n for n, e in drummers[:4]) + ".")
    if traits:
        parts.append("Written about: " + ", ".join(traits) + ".")
    summary = next((str(ev.payload["text"]) for ev in evidence
                    if ev.source in ("wikipedia", "knowledge_base") and ev.payload.get("text")), "")
    if summary:
        first = summary.split(". ")[0].strip().rstrip(".")
        parts.append(first[:300] + ".")
    return " ".join(parts)
