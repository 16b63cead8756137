"""A merge that only improves: a curated profile is refined by new evidence, never replaced by
weaker evidence; and what changed, with the evidence that moved it.

The anchor is the strongest curated evidence (the knowledge base's entry for the artist, or an
earlier profile brought in as evidence). It stands for a summary of many records and sources,
so it weighs like ANCHOR_WEIGHT measured drum parts of its confidence. For each parameter the
new evidence is aggregated on its own (see aggregate) and then

    value       anchor + share × (new − anchor),  share = W_new / (W_new + W_anchor)
    agreement   g = 1 − 2 × |new − anchor| / scale, in −1..1 (1: the same; 0: half a scale
                apart; −1: a scale or more apart). Booleans and the swing unit: 1 or −1, and
                they change only when the new evidence outweighs the anchor (share > 0.5).
    confidence  agreeing evidence moves the parameter's confidence toward 1, disagreeing
                evidence toward 0, both in proportion to its share:
                c = c₀ + share × g × (1 − c₀)  when g ≥ 0,   c₀ + share × g × c₀  otherwise.

The profile's confidence is then the anchor's plus the mean change of its parameters'
confidences: research that only repeats the knowledge base keeps its confidence exactly;
agreeing drum parts raise it; a folder of somebody else's grooves lowers it, and the service
does not store a profile whose confidence is not higher than the one in use (unless forced).

`diff_profiles(old, new, moved_by)` lists what changed between the profile in use and the new
one: each parameter with its old and new value and the evidence that moved it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .aggregate import Aggregate, scales
from .evidence import Evidence
from .weighting import evidence_kind

ANCHOR_WEIGHT = 3.0
MAX_CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Decision:
    """How one parameter was decided: its value, confidence, provenance and movers."""

    value: Any
    confidence: float
    provenance: str
    moved_by: tuple[str, ...] = ()


def anchor_of(evidence: Sequence[Evidence]) -> Evidence | None:
    """The strongest curated evidence with parameters (knowledge base, earlier profile)."""
    curated = [e for e in evidence if evidence_kind(e) == "curated" and e.payload.get("params")]
    return max(curated, key=lambda e: e.confidence, default=None)


def anchor_weight(anchor: Evidence) -> float:
    return anchor.confidence * ANCHOR_WEIGHT


def _movers(agg: Aggregate, limit: int = 3) -> tuple[str, ...]:
    return tuple(v.label for v in sorted(agg.kept, key=lambda v: -v.weight)[:limit])


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def plain(agg: Aggregate) -> Decision:
    """No anchor: the aggregate of the evidence is the decision."""
    return Decision(agg.value, agg.confidence, agg.provenance(), _movers(agg))


def kept(anchor: Evidence, value: Any) -> Decision:
    return Decision(value, anchor.confidence,
                    f"{anchor.label} = {_show(value)} (curated; no new evidence about it)")


def refine(param: str, anchor: Evidence, value: Any, agg: Aggregate) -> Decision:
    """The anchor's `value` for `param` refined by the new evidence's aggregate `agg`."""
    c0 = anchor.confidence
    w_new = sum(v.weight for v in agg.kept)
    share = w_new / (w_new + anchor_weight(anchor))
    categorical = isinstance(value, bool) or param == "swing_unit"
    if categorical:
        agreement = 1.0 if agg.value == value else -1.0
        new_value = agg.value if share > 0.5 else value
    else:
        _, scale = scales(param, float(value))
        gap = abs(float(agg.value) - float(value))
        agreement = max(-1.0, min(1.0, 1.0 - 2.0 * gap / scale)) if scale else 1.0
        new_value = round(float(value) + share * (float(agg.value) - float(value)), 3)
    confidence = c0 + share * agreement * ((1.0 - c0) if agreement >= 0 else c0)
    base = f"{anchor.label} = {_show(value)}"
    if new_value == value:
        how = "confirmed by" if agreement >= 0 else "kept; it outweighs"
        text = f"{base} {how} {agg.provenance(4)} (new evidence share {share:.2f})"
    else:
        text = (f"{base} moved to {_show(new_value)} by {agg.provenance(4)} "
                f"(new evidence share {share:.2f})")
    return Decision(new_value, round(max(0.0, min(1.0, confidence)), 3), text, _movers(agg))


def anchored_confidence(anchor: Evidence, decisions: Mapping[str, Decision]) -> float:
    """The anchor's confidence plus the mean change of its parameters' confidences."""
    if not decisions:
        return round(anchor.confidence, 3)
    change = sum(d.confidence - anchor.confidence for d in decisions.values()) / len(decisions)
    return round(max(0.05, min(MAX_CONFIDENCE, anchor.confidence + change)), 3)


@dataclass(frozen=True, slots=True)
class ParamChange:
    """One difference between the profile in use and a new one."""

    param: str
    old: Any
    new: Any
    moved_by: tuple[str, ...] = ()
    provenance: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"param": self.param, "old": self.old, "new": self.new,
                "moved_by": list(self.moved_by), "provenance": self.provenance}


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, int | float):
        return bool(a != b)
    return abs(float(a) - float(b)) > 1e-6 * max(1.0, abs(float(a)))


def diff_profiles(old: Any, new: Any, moved_by: Mapping[str, Sequence[str]] = ()
                  ) -> tuple[ParamChange, ...]:
    """What changed from profile `old` to `new` (StyleProfiles): every parameter, per-voice
    micro-timing, genres and signature grooves, each with the evidence that moved it."""
    movers = dict(moved_by)
    out: list[ParamChange] = []
    if old is None:
        return ()
    before, after = old.params.to_dict(), new.params.to_dict()
    for name, value in after.items():
        if name == "microtiming_ms":
            continue
        if _differs(before.get(name), value):
            out.append(ParamChange(name, before.get(name), value, tuple(movers.get(name, ())),
                                   new.provenance.get(name, "")))
    micro_old, micro_new = before["microtiming_ms"], after["microtiming_ms"]
    for voice in sorted(set(micro_old) | set(micro_new)):
        a, b = micro_old.get(voice), micro_new.get(voice)
        if a is None or b is None or _differs(a, b):
            key = f"microtiming_ms.{voice}"
            out.append(ParamChange(key, a, b, tuple(movers.get(key, ())),
                                   new.provenance.get("microtiming_ms", "")))
    if tuple(old.genres) != tuple(new.genres):
        out.append(ParamChange("genres", list(old.genres), list(new.genres), (),
                               new.provenance.get("genres", "")))
    names_old = [g.name for g in old.signature_grooves]
    names_new = [g.name for g in new.signature_grooves]
    if names_old != names_new:
        added = [n for n in names_new if n not in names_old]
        out.append(ParamChange(
            "signature_grooves", names_old, names_new,
            tuple(dict.fromkeys(new.provenance.get(f"signature_groove:{n}", "") for n in added
                                if new.provenance.get(f"signature_groove:{n}")))))
    return tuple(out)
