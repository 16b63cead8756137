"""ProfileBuilder: evidence → a StyleProfile (source "research") with provenance per parameter.

Votes per parameter come from measured numbers in `payload["params"]` (audio, MIDI, the
knowledge base, an LLM's sketches) at the evidence's confidence, and from descriptors found in
text (`payload["descriptors"]`, see lexicon) at half of it; tempo mentions vote for the tempo.
Each parameter is aggregated with outlier filtering (see aggregate). A parameter nobody spoke
about takes the base profile's value (the genre model's defaults), and says so.

Genres: weighted tags (MusicBrainz genres and tags, Wikidata, the knowledge base) mapped to our
genre keys; those scoring at least a quarter of the best, at most three.

Confidence: 0.15 + 0.35 × (1 − e^(−sources/2)) + 0.45 × (mean parameter confidence ×
coverage), at most 0.95 — more independent sources and more agreement give more confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from ..domain.profile import SignatureGroove, StyleParams, StyleProfile
from .aggregate import Aggregate, Vote, aggregate
from .evidence import Evidence
from .lexicon import descriptor_targets, genres_in

if TYPE_CHECKING:
    from ..knowledge.genres import GenreLibrary

TEXT_FACTOR = 0.5
TEMPO_TEXT_FACTOR = 0.4
MAX_GROOVES = 8
PARAMS = tuple(n for n in StyleParams.__slots__ if n != "microtiming_ms")
RANGES: dict[str, tuple[float, float]] = {
    "tempo_min": (20, 400), "tempo_max": (20, 400), "tempo_avg": (20, 400),
    "swing_percent": (50, 75), "velocity_mean": (1, 127), "velocity_std": (0, 60),
    "timing_jitter_ms": (0, 60)}
Embedder = Callable[[StyleProfile], "Sequence[float] | None"]  # research/embedder.py


@dataclass(frozen=True, slots=True)
class BuildReport:
    """How each parameter was decided: its confidence, and whether evidence spoke about it."""

    confidence: dict[str, float] = field(default_factory=dict)
    from_evidence: tuple[str, ...] = ()
    defaulted: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def _votes(evidence: Sequence[Evidence]) -> dict[str, list[Vote]]:
    votes: dict[str, list[Vote]] = {}

    def add(param: str, value: Any, weight: float, label: str, source: str) -> None:
        votes.setdefault(param, []).append(Vote(value, weight, label, source))

    for ev in evidence:
        params = ev.payload.get("params") or {}
        for name, value in params.items():
            if name == "microtiming_ms" and isinstance(value, dict):
                for voice, ms in value.items():
                    add(f"microtiming_ms.{voice}", float(ms), ev.confidence, ev.label, ev.source)
            elif name in PARAMS and isinstance(value, int | float | bool):
                add(name, value if isinstance(value, bool) or name == "swing_unit"
                    else float(value), ev.confidence, ev.label, ev.source)
        for descriptor, param, target in descriptor_targets(ev.payload.get("descriptors") or {}):
            add(param, target if isinstance(target, bool) or param == "swing_unit"
                else float(target), ev.confidence * TEXT_FACTOR,
                f"{ev.label} says “{descriptor}”", ev.source)
        if "tempo_avg" not in params:
            for t in ev.payload.get("tempos") or []:
                add("tempo_avg", float(t), ev.confidence * TEMPO_TEXT_FACTOR,
                    f"{ev.label} mentions {t:g} BPM", ev.source)
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
        votes = _votes(evidence)
        decided: dict[str, Aggregate] = {}
        for name, vs in votes.items():
            agg = aggregate(name, vs)
            if agg is not None:
                decided[name] = agg
        values = base.params.to_dict()
        provenance: dict[str, str] = {}
        confidence: dict[str, float] = {}
        base_note = base.provenance.get("*") or next(iter(base.provenance.values()), "defaults")
        for name in PARAMS:
            agg = decided.get(name)
            if agg is None:
                provenance[name] = f"no evidence; default of {base_note}"
                continue
            value, clamped = _clamp(name, agg.value)
            values[name] = value
            provenance[name] = agg.provenance() + (" (clamped to range)" if clamped else "")
            confidence[name] = agg.confidence
        micro = dict(values.get("microtiming_ms") or {})
        micro_notes = []
        for name, agg in sorted(decided.items()):
            if name.startswith("microtiming_ms."):
                voice = name.split(".", 1)[1]
                micro[voice], _ = _clamp(name, agg.value)
                micro_notes.append(f"{voice}: {agg.provenance(3)}")
                confidence[name] = agg.confidence
        values["microtiming_ms"] = micro
        provenance["microtiming_ms"] = (" | ".join(micro_notes) if micro_notes
                                        else f"no evidence; default of {base_note}")
        self._tempo_range(values, decided, provenance)
        params = StyleParams.from_dict(values)
        grooves, groove_prov = _grooves(evidence)
        provenance.update(groove_prov)
        provenance["genres"] = _genre_provenance(evidence, genres)
        sources = tuple(sorted({ev.source for ev in evidence}))
        coverage = sum(1 for n in PARAMS if n in decided) / len(PARAMS)
        mean_conf = (sum(confidence.values()) / len(confidence)) if confidence else 0.0
        import math

        overall = min(0.95, 0.15 + 0.35 * (1 - math.exp(-len(sources) / 2))
                      + 0.45 * mean_conf * coverage) if evidence else 0.1
        kind, drummers, aliases = _identity(evidence, artist)
        artist = _canonical_name(evidence, artist)
        description = describe(artist, genres, params, drummers, evidence)
        profile = StyleProfile(
            artist_name=artist, params=params, genres=tuple(genres), aliases=aliases, kind=kind,
            drummers=tuple(d for d, _ in drummers), text_description=description,
            signature_grooves=grooves, confidence=round(overall, 3),
            sources_count=len(evidence), provenance=provenance, source="research")
        if self.embedder is not None:
            vector = self.embedder(profile)
            if vector is not None:
                profile = replace(profile, embedding=tuple(float(x) for x in vector))
        report = BuildReport(confidence, tuple(n for n in PARAMS if n in decided),
                             tuple(n for n in PARAMS if n not in decided), sources)
        return profile, report

    @staticmethod
    def _tempo_range(values: dict[str, Any], decided: dict[str, Aggregate],
                     provenance: dict[str, str]) -> None:
        """The range covers every kept tempo observation; the average lies inside it."""
        avg = decided.get("tempo_avg")
        observed = [float(v.value) for v in avg.kept] if avg else []
        if observed:
            lo, hi = min(observed), max(observed)
            if "tempo_min" not in decided or lo < values["tempo_min"]:
                values["tempo_min"] = round(min(lo, values["tempo_avg"]), 3)
                provenance["tempo_min"] = "lowest kept tempo observation: " + avg.provenance(3)
            if "tempo_max" not in decided or hi > values["tempo_max"]:
                values["tempo_max"] = round(max(hi, values["tempo_avg"]), 3)
                provenance["tempo_max"] = "highest kept tempo observation: " + avg.provenance(3)
        values["tempo_min"] = min(values["tempo_min"], values["tempo_avg"])
        values["tempo_max"] = max(values["tempo_max"], values["tempo_avg"])


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

    order = {"knowledge_base": 0, "midi_files": 1, "llm_knowledge": 3}
    out: list[SignatureGroove] = []
    prov: dict[str, str] = {}
    for ev in sorted(evidence, key=lambda e: (order.get(e.source, 2), -e.confidence)):
        for g in ev.payload.get("signature_grooves") or []:
            if len(out) >= MAX_GROOVES:
                break
            try:
                groove = SignatureGroove.from_dict(g)
                parse_grid(groove.grid, groove.time_signature)
            except (KeyError, TypeError, ValueError, UserInputError):
                continue
            if any(o.name == groove.name for o in out):
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


def describe(artist: str, genres: Sequence[str], p: StyleParams,
             drummers: Sequence[tuple[str, str]], evidence: Sequence[Evidence]) -> str:
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
    summary = next((str(ev.payload["text"]) for ev in evidence
                    if ev.source in ("wikipedia", "knowledge_base") and ev.payload.get("text")), "")
    if summary:
        first = summary.split(". ")[0].strip().rstrip(".")
        parts.append(first[:300] + ".")
    return " ".join(parts)
