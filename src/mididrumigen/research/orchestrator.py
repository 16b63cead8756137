"""Run the collectors concurrently under one time bound, report progress, build the profile.

Depth `quick` runs the fast collectors (knowledge base, MusicBrainz, Wikipedia summary and
Wikidata, given files and URLs, the LLM when configured); `full` adds the Wikipedia sections
and the paper collectors. Online collectors run only when the query is online.

Progress: `progress(step, fraction)` after each collector finishes, then while building.
A collector that raises or runs out of time is recorded as a CollectorFailure and research
goes on with the rest (partial results). When nothing at all was found, the profile is the
genre defaults at low confidence, and ResearchResult.found is False.

Augmentation (`augment`): the artist's earlier evidence plus new sources → a new profile.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..domain.profile import StyleProfile
from ..rate_limits import RateLimiter
from .builder import BuildReport, ProfileBuilder
from .evidence import CollectorFailure, Evidence, ResearchQuery
from .http import Http
from .merge import ParamChange
from .registry import Collector, build_collectors
from .settings import ResearchSettings

if TYPE_CHECKING:
    import httpx

Progress = Callable[[str, float], None]
COLLECT_SHARE = 0.85
AUGMENT_COLLECTORS = ("audio", "midi_files", "articles")


@dataclass(frozen=True, slots=True)
class ResearchResult:
    """What research found: the profile, every piece of evidence, and what failed."""

    artist: str
    profile: StyleProfile
    evidence: tuple[Evidence, ...]
    failures: tuple[CollectorFailure, ...]
    report: BuildReport
    elapsed_s: float
    depth: str = "quick"
    ambiguous: tuple[dict[str, Any], ...] = ()
    version: int | None = None
    new_evidence: tuple[Evidence, ...] = field(default=())
    notices: tuple[str, ...] = ()
    # filled in by the service: what changed against the profile in use, and whether the new
    # profile was stored (only when its confidence is higher, or when forced)
    diff: tuple[ParamChange, ...] = ()
    stored: bool = False
    store_note: str = ""
    previous_confidence: float | None = None

    @property
    def found(self) -> bool:
        return bool(self.evidence)

    def to_dict(self) -> dict[str, Any]:
        return {"artist": self.artist, "profile": self.profile.to_dict(),
                "evidence": [e.to_dict() for e in self.evidence],
                "failures": [f.to_dict() for f in self.failures],
                "elapsed_s": round(self.elapsed_s, 3), "depth": self.depth,
                "ambiguous": list(self.ambiguous), "version": self.version,
                "parameter_confidence": dict(self.report.confidence),
                **self.outcome()}

    def outcome(self) -> dict[str, Any]:
        """Whether the profile was stored and why, what changed, and notices (JSON-able)."""
        return {"stored": self.stored, "store_note": self.store_note,
                "previous_confidence": self.previous_confidence,
                "diff": [c.to_dict() for c in self.diff], "notices": list(self.notices)}


def make_client(settings: ResearchSettings) -> httpx.AsyncClient:
    import httpx

    timeout = httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s)
    return httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=16),
                             headers={"User-Agent": settings.user_agent()})


class Orchestrator:
    """Collectors + builder. Pass `client` (an httpx.AsyncClient) to choose the transport, and
    the app's `rate_limiter` (rate_limits.RateLimiter: per-API limits shared by every run, and by
    every process when it counts in Redis); `knowledge_base` goes to the collector that reads it."""

    def __init__(self, collectors: Sequence[Collector] | None = None, *,
                 settings: ResearchSettings | None = None, client: httpx.AsyncClient | None = None,
                 builder: ProfileBuilder | None = None, llm: Any = None,
                 use_cache: bool = True, rate_limiter: RateLimiter | None = None,
                 knowledge_base: Any = None) -> None:
        self.settings = settings or ResearchSettings()
        self.collectors = (list(collectors) if collectors is not None
                           else build_collectors(llm=llm, knowledge_base=knowledge_base))
        self.rate_limiter = rate_limiter or RateLimiter()
        self.client = client
        self.builder = builder or ProfileBuilder()
        self.use_cache = use_cache

    async def research(self, query: ResearchQuery, *, progress: Progress | None = None,
                       prior: Sequence[Evidence] = (),
                       only: Sequence[str] | None = None) -> ResearchResult:
        say = progress or (lambda step, frac: None)
        start = time.perf_counter()
        chosen = [c for c in self.collectors if (only is None or c.name in only)
                  and c.applies(query)]
        say(f"Researching {query.artist} ({len(chosen)} sources)", 0.0)
        own_client = self.client is None
        client = self.client or make_client(self.settings)
        try:
            http = Http(client, self.settings, use_cache=self.use_cache,
                        rate_limiter=self.rate_limiter)
            new, failures = await self._collect(chosen, query, http, say)
        finally:
            if own_client:
                await client.aclose()
        say("Building the profile", 0.9)
        evidence = tuple(prior) + tuple(new)
        profile, report = self.builder.build(query.artist, evidence)
        ambiguous: tuple[dict[str, Any], ...] = ()
        notices: list[str] = []
        for ev in new:
            if ev.payload.get("ambiguous"):
                ambiguous = tuple(ev.payload.get("candidates") or ())
            notices += [str(n) for n in ev.payload.get("notices") or ()]
        say("Done", 1.0)
        return ResearchResult(query.artist, profile, evidence, tuple(failures), report,
                              time.perf_counter() - start, query.depth, ambiguous,
                              new_evidence=tuple(new), notices=tuple(dict.fromkeys(notices)))

    async def _collect(self, chosen: Sequence[Collector], query: ResearchQuery, http: Http,
                       say: Progress) -> tuple[list[Evidence], list[CollectorFailure]]:
        budget = self.settings.time_budget(query.depth)
        total = sum(c.weight for c in chosen) or 1.0
        done = 0.0
        evidence: list[Evidence] = []
        failures: list[CollectorFailure] = []
        tasks = {asyncio.create_task(c.collect(query, http), name=c.name): c for c in chosen}
        deadline = time.perf_counter() + budget
        pending = set(tasks)
        while pending:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            finished, pending = await asyncio.wait(pending, timeout=left,
                                                   return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                c = tasks[task]
                done += c.weight
                exc = task.exception()
                if exc is not None:
                    failures.append(CollectorFailure(c.name, str(exc) or type(exc).__name__))
                    say(f"{c.name}: failed", COLLECT_SHARE * done / total)
                    continue
                found = list(task.result() or [])
                evidence.extend(found)
                say(f"{c.name}: {len(found)} piece(s) of evidence", COLLECT_SHARE * done / total)
        for task in pending:
            task.cancel()
            failures.append(CollectorFailure(tasks[task].name,
                                             f"no answer within the {budget:g} s research budget",
                                             "timeout"))
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        order = {c.name: i for i, c in enumerate(chosen)}
        evidence.sort(key=lambda e: order.get(e.source, len(order)))
        return evidence, failures

    async def augment(self, query: ResearchQuery, prior: Sequence[Evidence], *,
                      progress: Progress | None = None) -> ResearchResult:
        """New sources (files, URLs; online collectors too when the query is online) added to
        the earlier evidence, and the profile rebuilt from all of it."""
        only = None if query.online else AUGMENT_COLLECTORS
        return await self.research(query, progress=progress, prior=prior, only=only)


def profile_as_evidence(profile: StyleProfile) -> Evidence:
    """An earlier profile as one piece of evidence (when its own evidence was not stored)."""
    return Evidence("previous_profile", f"profile:{profile.artist_name}", {
        "params": profile.params.to_dict(), "genres": [[g, 3.0 - i * 0.5]
                                                       for i, g in enumerate(profile.genres)],
        "drummers": [{"name": d, "era": ""} for d in profile.drummers],
        "signature_grooves": [g.to_dict() for g in profile.signature_grooves],
        "kind": profile.kind, "aliases": list(profile.aliases)},
        max(0.05, min(1.0, profile.confidence)), "earlier profile",
        title=f"earlier {profile.source} profile")


def run_sync(coro: Any) -> Any:
    """Run a coroutine from synchronous code, also when an event loop is already running."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
