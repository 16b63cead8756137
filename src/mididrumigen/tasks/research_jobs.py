"""Research and augmentation as tasks: the API queues them, a worker runs them.

Over HTTP a request may name article URLs and switch the online collectors on, but never a
folder on the server: reading local audio and MIDI is for the CLI (`--source-dir`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import services

if TYPE_CHECKING:
    from .context import JobContext

ESTIMATED_MINUTES = {"quick": 0.2, "full": 1.0}


def research_public(result: Any) -> dict[str, Any]:
    """A research.orchestrator.ResearchResult as the task's JSON result."""
    p = result.profile
    return {
        "artist": result.artist,
        "version": result.version,
        "depth": result.depth,
        "confidence": p.confidence,
        "sources_count": p.sources_count,
        "elapsed_s": round(result.elapsed_s, 3),
        "evidence": [{"source": e.source, "url": e.url, "license": e.license,
                      "confidence": e.confidence} for e in result.evidence],
        "failures": [{"collector": f.collector, "error": f.error, "kind": f.kind}
                     for f in result.failures],
        "ambiguous": list(result.ambiguous),
        "profile": p.to_dict(),
        **result.outcome(),  # stored?, why, the diff against the profile in use, notices
    }


def research_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    runtime = ctx.need_runtime()
    result = services.research_artist(runtime, params["artist"],
                                      depth=params.get("depth", "quick"),
                                      urls=tuple(params.get("urls", ())),
                                      online=bool(params.get("online", False)),
                                      progress=ctx.progress, db=ctx.engine,
                                      force=bool(params.get("force", False)))
    services.forget_profile(runtime)
    return research_public(result)


def augment_job(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    runtime = ctx.need_runtime()
    result = services.augment_artist(runtime, params["artist"], urls=tuple(params.get("urls", ())),
                                     online=bool(params.get("online", False)),
                                     progress=ctx.progress, db=ctx.engine,
                                     force=bool(params.get("force", False)))
    services.forget_profile(runtime)
    return research_public(result)
