"""The use cases, wired once: the CLI, the API and task workers call these and nothing deeper.

Heavy parts (knowledge base, genre models, the engine, the database) load on first use and are
kept for the life of the process. One module per concern:

    runtime      shared loaded parts (knowledge base, genre library, engine, database)
    profiles     which StyleProfile a request uses (stored research, knowledge base, genre)
    generation   GenerateCommand, generate (patterns, files or the generation store, history),
                 export_groove (.agr)
    llm_path     the process's generation coordinator (engine + LLMs) and LLM call records
    catalog      artist status, the artist list, similar artists
    records      history and statistics
    llm_usage    LLM usage (one SQL aggregation) and provider health (doctor)
    research     research_artist and augment_artist
    humanize     humanize_midi: a user's drum MIDI played in an artist's feel
"""

from ..hybrid import TEMPLATE
from .catalog import ArtistPage, ArtistStatus, ArtistSummary, artist_status, list_artists, similar
from .generation import (
    OUTPUT_FORMATS,
    GenerateCommand,
    GenerationResult,
    OutputOptions,
    export_groove,
    generate,
    generation_store,
    render_midi,
    retention_policy,
)
from .humanize import HumanizeResult, humanize_midi
from .llm_path import call_recorder, llm_calls, llm_coordinator, research_llm
from .llm_usage import llm_usage, llm_usage_public, provider_checks
from .profiles import PROFILE_MEMO_S, ResolvedProfile, forget_profile, genre_default_profile, resolve_profile
from .records import generation_database, history, ingest_history, record_generations, stats
from .research import augment_artist, research_artist
from .runtime import (
    LOCAL_PROVIDER_KINDS,
    Progress,
    engine,
    genre_library,
    knowledge_base,
    offline_coordinator,
    open_database,
)

__all__ = [
    "LOCAL_PROVIDER_KINDS",
    "OUTPUT_FORMATS",
    "PROFILE_MEMO_S",
    "TEMPLATE",
    "ArtistPage",
    "ArtistStatus",
    "ArtistSummary",
    "GenerateCommand",
    "GenerationResult",
    "HumanizeResult",
    "OutputOptions",
    "Progress",
    "ResolvedProfile",
    "artist_status",
    "augment_artist",
    "call_recorder",
    "engine",
    "export_groove",
    "forget_profile",
    "generate",
    "generation_database",
    "generation_store",
    "genre_default_profile",
    "genre_library",
    "history",
    "humanize_midi",
    "ingest_history",
    "knowledge_base",
    "list_artists",
    "llm_calls",
    "llm_coordinator",
    "llm_usage",
    "llm_usage_public",
    "offline_coordinator",
    "open_database",
    "provider_checks",
    "record_generations",
    "render_midi",
    "research_artist",
    "research_llm",
    "resolve_profile",
    "retention_policy",
    "similar",
    "stats",
]
