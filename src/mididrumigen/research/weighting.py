"""How much one piece of evidence counts, by what kind of evidence it is.

A careful researcher trusts a drum part more than somebody's estimate of it, and an estimate
more than a word in a review. Every vote the builder takes is weighted

    evidence confidence × KIND_FACTOR[kind] × attribution

kind         what it is                                                  factor
drum_part    a measured drum part (MIDI file, transcription)              1.00
recording    measured from a recording (audio analysis)                   0.80
curated      an editorial estimate (the knowledge base, an earlier profile) 0.60
generated    what an LLM writes from memory, measured                     0.30
prose        a descriptor found in text ("laid back", "ghost notes")      0.25
tempo text   a tempo mentioned in text ("92 BPM")                         0.20
catalogue    a list of what exists (search hits without analysis)         0 (never votes)

Attribution: a file whose name, folder and track names never name the artist (a folder of
somebody's funk loops) counts ATTRIBUTION_UNKNOWN of a file that does: it can refine a
documented feel, not overturn it. Collectors say so with `payload["attributed"] = False`;
evidence without that key is taken as being about the artist.

A collector may state its kind in `payload["evidence_kind"]`; otherwise it follows from the
collector's name (SOURCE_KIND), and anything unknown counts as prose.
"""

from __future__ import annotations

from collections.abc import Mapping

from .evidence import Evidence

KIND_FACTOR: Mapping[str, float] = {"drum_part": 1.0, "recording": 0.8, "curated": 0.6,
                                    "generated": 0.3, "prose": 0.25, "catalogue": 0.0}
TEMPO_TEXT_FACTOR = 0.2
ATTRIBUTION_UNKNOWN = 0.6
SOURCE_KIND: Mapping[str, str] = {
    "midi_files": "drum_part", "bitmidi": "drum_part", "freemidi": "drum_part",
    "musescore": "drum_part", "audio": "recording", "audio_search": "recording",
    "knowledge_base": "curated", "previous_profile": "curated", "llm_knowledge": "generated",
}
# how the kinds rank, strongest first (for ordering grooves and provenance)
RANK = ("drum_part", "recording", "curated", "generated", "prose", "catalogue")


def evidence_kind(ev: Evidence) -> str:
    declared = ev.payload.get("evidence_kind")
    if isinstance(declared, str) and declared in KIND_FACTOR:
        return declared
    return SOURCE_KIND.get(ev.source, "prose")


def attribution(ev: Evidence) -> float:
    return ATTRIBUTION_UNKNOWN if ev.payload.get("attributed") is False else 1.0


def measured_weight(ev: Evidence) -> float:
    """Weight of a number the evidence measured or states (payload["params"])."""
    return ev.confidence * KIND_FACTOR[evidence_kind(ev)] * attribution(ev)


def prose_weight(ev: Evidence) -> float:
    """Weight of a descriptor found in the evidence's text."""
    return ev.confidence * KIND_FACTOR["prose"] * attribution(ev)


def tempo_text_weight(ev: Evidence) -> float:
    return ev.confidence * TEMPO_TEXT_FACTOR * attribution(ev)


def is_measured(ev: Evidence) -> bool:
    """Evidence whose tempos were measured (a drum part, a recording) or curated."""
    return evidence_kind(ev) in ("drum_part", "recording", "curated")
