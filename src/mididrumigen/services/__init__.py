"""The use cases, wired once: the CLI, the API and task workers call these and nothing deeper.

Every use case takes the process's `Runtime` first: it holds the settings and the heavy parts
(knowledge base, genre models, the engine, the LLM coordinator, the database), made on first
use and kept until the composition root closes it. One module per concern:

    runtime      Runtime: the shared loaded parts, owned by the composition root
    profiles     which StyleProfile a request uses (stored research, knowledge base, genre)
    generation   GenerateCommand, generate (patterns, files or the generation store, history),
                 reroll_variation (one variation of a stored generation again), export_groove
    llm_path     where LLM calls are recorded, and the provider research asks
    catalog      artist status, the artist list, similar artists
    corpus       import_corpus: a folder of drum MIDI becomes a genre or an artist profile
    records      history and statistics
    llm_usage    LLM usage (one SQL aggregation) and provider health (doctor)
    research     research_artist and augment_artist
    humanize     humanize_midi: a user's drum MIDI played in an artist's feel
"""

from ..hybrid import TEMPLATE
from .catalog import ArtistPage, ArtistStatus, ArtistSummary, artist_status, list_artists, similar
from .corpus import ImportResult, import_corpus
from .generation import (
    OUTPUT_FORMATS,
    GenerateCommand,
    GenerationResult,
    OutputOptions,
    check_command,
    export_groove,
    generate,
    generation_store,
    render_midi,
    reroll_variation,
    retention_policy,
)
from .humanize import HumanizeResult, humanize_midi
from .llm_path import call_recorder, research_llm
from .llm_usage import llm_usage, llm_usage_public, provider_checks
from .profiles import PROFILE_MEMO_S, ResolvedProfile, forget_profile, genre_default_profile, resolve_profile
from .records import history, ingest_history, record_generations, spooled_history, stats
from .research import augment_artist, research_artist
from .runtime import Progress, Runtime, open_database

__all__ = [
    "OUTPUT_FORMATS",
    "PROFILE_MEMO_S",
    "TEMPLATE",
    "ArtistPage",
    "ArtistStatus",
    "ArtistSummary",
    "GenerateCommand",
    "GenerationResult",
    "HumanizeResult",
    "ImportResult",
    "OutputOptions",
    "Progress",
    "ResolvedProfile",
    "Runtime",
    "artist_status",
    "augment_artist",
    "call_recorder",
    "check_command",
    "export_groove",
    "forget_profile",
    "generate",
    "generation_store",
    "genre_default_profile",
    "history",
    "humanize_midi",
    "import_corpus",
    "ingest_history",
    "list_artists",
    "llm_usage",
    "llm_usage_public",
    "open_database",
    "provider_checks",
    "record_generations",
    "render_midi",
    "reroll_variation",
    "research_artist",
    "research_llm",
    "resolve_profile",
    "retention_policy",
    "similar",
    "spooled_history",
    "stats",
]
