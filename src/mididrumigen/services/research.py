"""Research and augmentation (research issue).

Online collectors (MusicBrainz, Wikipedia/Wikidata, papers, configured article sites, MIDI
databases, drummer pages and the press) run only with online=True (or settings.research.online,
MIDIDRUMIGEN_RESEARCH_ONLINE=1); by default research uses the knowledge base, the files in
source_dir, the URLs the user gave, and an LLM only when configured.

A merge that only improves: the new profile is compared with the one in use (the stored
profile, else the knowledge base's) and stored as a new version only when its confidence is
higher, or when `force=True`. Either way the result carries the diff — every parameter that
changed, with the evidence that moved it — and says whether and why it was stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.names import clean_artist_name
from ..errors import UserInputError
from .llm_path import research_llm
from .profiles import (
    forget_profile,
    stored_profile,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .runtime import Progress, Runtime


def _research_query(runtime: Runtime, artist: str, depth: str, source_dir: Path | str | None,
                    urls: Any, online: bool | None) -> Any:
    from ..research.evidence import DEPTHS, ResearchQuery

    settings = runtime.settings.research
    if depth not in DEPTHS:
        raise UserInputError(f"depth must be one of {', '.join(DEPTHS)}, got {depth!r}",
                             field="depth")
    folder = Path(source_dir).expanduser() if source_dir else None
    if folder is not None and not folder.exists():
        raise UserInputError(f"source folder {folder} does not exist", field="source_dir")
    links = tuple(str(u) for u in urls or ())
    for u in links:
        if not u.startswith(("http://", "https://")):
            raise UserInputError(f"url must start with http:// or https://, got {u!r}", field="urls")
    name = clean_artist_name(artist)
    return ResearchQuery(name, depth=depth, source_dir=folder, urls=links,
                         online=settings.online if online is None else online,
                         url_audio=settings.url_audio, hints=_hints(runtime, name))


def _hints(runtime: Runtime, artist: str) -> dict[str, Any]:
    """What the knowledge base already says about who the artist is (its drummers, aliases),
    for collectors that look people up by name (Drummerworld, MIDI databases)."""
    kb = runtime.knowledge_base
    resolution = kb.resolve(artist)
    if resolution.entry is None:
        return {}
    profile = kb.profile(resolution.entry.name)
    return {"drummers": list(profile.drummers),
            "aliases": [a for a in (resolution.entry.name, *profile.aliases) if a != artist]}


async def _closing(coro: Any, llm: Any) -> Any:
    """Await `coro`, then close the LLM's SDK clients in the same event loop."""
    try:
        return await coro
    finally:
        if llm is not None and hasattr(llm, "aclose"):
            await llm.aclose()


def _research_orchestrator(runtime: Runtime, llm: Any) -> Any:
    """The collectors and builder over the runtime's knowledge base, genre models, embedder and
    rate limiter."""
    from functools import partial

    from ..research import embedder
    from ..research.builder import ProfileBuilder
    from ..research.orchestrator import Orchestrator

    settings = runtime.settings
    builder = ProfileBuilder(default_genre=settings.generation.default_genre,
                             embedder=partial(embedder.profile_vector,
                                              text_embedder=runtime.text_embedder),
                             genres=runtime.genre_library)
    return Orchestrator(settings=settings.research, builder=builder, llm=llm,
                        rate_limiter=runtime.rate_limiter, knowledge_base=runtime.knowledge_base)


def _profile_in_use(runtime: Runtime, artist: str, db: Engine | None) -> Any:
    """The profile generation uses now: the stored one, else the knowledge base's, else None."""
    stored = stored_profile(artist, db)
    if stored is not None:
        return stored
    resolution = runtime.knowledge_base.resolve(artist)
    return runtime.knowledge_base.profile(resolution.entry.name) if resolution.entry else None


def _settle(runtime: Runtime, db: Engine | None, result: Any, force: bool) -> Any:
    """Diff against the profile in use; store only a profile that is better, or when forced."""
    from ..research.merge import diff_profiles

    current = _profile_in_use(runtime, result.profile.artist_name, db)
    new = result.profile.confidence
    diff = diff_profiles(current, result.profile, result.report.moved_by)
    result = replace(result, diff=diff,
                     previous_confidence=None if current is None else current.confidence)
    if db is None:
        return replace(result, store_note="not saved (no database: --no-save)")
    if current is not None and not force and new <= current.confidence:
        where = "stored" if current.source == "research" else current.source.replace("_", " ")
        return replace(result, store_note=(
            f"not saved: confidence {new:.2f} is not above the {current.confidence:.2f} of the "
            f"{where} profile in use; the new evidence does not make it better (--force saves "
            "it anyway)"))
    saved = _save_research(runtime, db, result)
    why = ("forced" if force and current is not None and new <= current.confidence
           else "first profile" if current is None
           else f"confidence {current.confidence:.2f} → {new:.2f}")
    return replace(saved, stored=True, store_note=f"saved as version {saved.version} ({why})")


def _save_research(runtime: Runtime, db: Engine, result: Any) -> Any:
    """Store the profile (with the vector research computed) as a new version and each new
    piece of evidence as a research source."""
    from ..storage.engine import session_scope
    from ..storage.repository import save_profile
    from ..storage.sources import add_source

    with session_scope(db) as s:
        version = save_profile(s, result.profile)
        for ev in result.new_evidence:
            is_file = not ev.url.startswith(("http://", "https://", "llm:", "knowledge_base:"))
            add_source(s, result.profile.artist_name, ev.source, url=None if is_file else ev.url,
                       file_path=ev.url if is_file else None, extracted_data=ev.to_dict(),
                       confidence=ev.confidence, license=ev.license,
                       collected_at=ev.retrieved_at)
    forget_profile(runtime, result.profile.artist_name)
    return replace(result, version=version)


def _set_research_status(db: Engine | None, artist: str, status: str) -> None:
    if db is None:
        return
    from ..storage.engine import session_scope
    from ..storage.sources import set_research_status

    with session_scope(db) as s:
        set_research_status(s, artist, status)


def research_artist(runtime: Runtime, artist: str, *, depth: str = "quick",
                    source_dir: Path | str | None = None,
                    urls: Any = (), progress: Progress | None = None, online: bool | None = None,
                    db: Engine | None = None, llm: Any = None, force: bool = False,
                    collectors: Sequence[str] | None = None, prior: Sequence[Any] = ()) -> Any:
    """Research an artist → research.orchestrator.ResearchResult (profile, evidence, failures,
    the diff against the profile in use, and whether it was stored).

    With database `db` the profile is saved as a new version, and the evidence as research
    sources, when its confidence is higher than the profile in use (or `force`). `llm`: a
    mididrumigen.llm provider for the LLM-knowledge collector (None: the one the research
    setting `llm` names — by default the cloud providers that have an API key).
    `collectors`: only these run (e.g. ("knowledge_base", "midi_files") for a corpus import;
    no LLM is set up unless "llm_knowledge" is one); `prior`: research.evidence.Evidence to
    build on (a user's statement of the artist's genre).
    ResearchError when no source said anything about the artist.
    """
    from ..errors import ResearchError
    from ..research.orchestrator import run_sync

    settings = runtime.settings.research
    query = _research_query(runtime, artist, depth, source_dir, urls, online)
    _set_research_status(db, query.artist, "running")
    try:
        if llm is None and (collectors is None or "llm_knowledge" in collectors):
            llm = research_llm(runtime, settings.llm, db)
        result = run_sync(_closing(_research_orchestrator(runtime, llm).research(
            query, progress=progress, prior=tuple(prior), only=collectors), llm))
    except BaseException:
        _set_research_status(db, query.artist, "failed")
        raise
    if not result.found:
        _set_research_status(db, query.artist, "failed")
        why = "; ".join(f"{f.collector}: {f.error}" for f in result.failures)
        error = ResearchError(f"no evidence found for {query.artist!r}"
                              + (f" ({why})" if why else "") + ".")
        raise error if query.online else error.advise("online", "source_dir", "urls")
    settled = _settle(runtime, db, result, force)
    _set_research_status(db, query.artist, "done")
    return settled


def augment_artist(runtime: Runtime, artist: str, *, source_dir: Path | str | None = None,
                   urls: Any = (),
                   progress: Progress | None = None, online: bool | None = None,
                   db: Engine | None = None, llm: Any = None, force: bool = False) -> Any:
    """Add sources (a folder of audio/MIDI, article URLs; online collectors with online=True) to
    what is known about an artist and rebuild the profile: a new version with `db` when it is
    better than the one in use (or `force`). The result's `diff` shows what changed and why.

    Earlier evidence: the stored research sources, else the stored or knowledge-base profile.
    """
    from ..errors import NotFoundError
    from ..research.evidence import Evidence
    from ..research.orchestrator import profile_as_evidence, run_sync

    settings = runtime.settings.research
    query = _research_query(runtime, artist, "quick", source_dir, urls, online)
    if query.source_dir is None and not query.urls and not query.online:
        raise UserInputError("augment needs something new to read.",
                             field="source_dir").advise("source_dir", "urls", "online")
    prior: list[Evidence] = []
    if db is not None:
        from ..storage.engine import read_scope
        from ..storage.sources import sources_for

        with read_scope(db) as s:
            for row in sources_for(s, query.artist):
                data = row.extracted_data or {}
                if "source" in data and "payload" in data:
                    prior.append(Evidence.from_dict(data))
    if not prior:
        earlier = stored_profile(query.artist, db)
        if earlier is None:
            resolution = runtime.knowledge_base.resolve(query.artist)
            if resolution.entry is None:
                raise NotFoundError(f"nothing is known about {query.artist!r} yet; research it "
                                    "first", field="artist",
                                    suggestions=tuple(resolution.suggestions))
            earlier = runtime.knowledge_base.profile(resolution.entry.name)
        prior.append(profile_as_evidence(earlier))
    llm = llm if llm is not None else research_llm(runtime, settings.llm, db)
    result = run_sync(_closing(_research_orchestrator(runtime, llm).augment(
        query, prior, progress=progress), llm))
    return _settle(runtime, db, result, force)
