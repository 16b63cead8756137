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

Each name below is imported from its module when first used (`services.generate`, `from
mididrumigen.services import Runtime`), so a process loads only the use cases it runs.
"""

import importlib
from typing import TYPE_CHECKING, Any

# A name that is also its module's name is bound now: importing the module later (a lazy name
# below, or `from mididrumigen.services.llm_usage import …`) would otherwise leave the module,
# not the function, under that name.
from .llm_usage import llm_usage

if TYPE_CHECKING:
    from ..hybrid import TEMPLATE
    from .catalog import (
        ArtistPage,
        ArtistStatus,
        ArtistSummary,
        artist_status,
        list_artists,
        similar,
        warm_similar,
    )
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
    from .llm_usage import llm_usage_public, provider_checks
    from .profiles import (
        PROFILE_MEMO_S,
        ResolvedProfile,
        forget_profile,
        genre_default_profile,
        resolve_profile,
    )
    from .records import history, ingest_history, record_generations, spooled_history, stats
    from .research import augment_artist, research_artist
    from .runtime import Progress, Runtime, open_database

# exported name -> the module that defines it
_WHERE: dict[str, str] = {
    **dict.fromkeys(("TEMPLATE",), "..hybrid"),
    **dict.fromkeys(("ArtistPage", "ArtistStatus", "ArtistSummary", "artist_status", "list_artists",
                     "similar", "warm_similar"), ".catalog"),
    **dict.fromkeys(("ImportResult", "import_corpus"), ".corpus"),
    **dict.fromkeys(("OUTPUT_FORMATS", "GenerateCommand", "GenerationResult", "OutputOptions",
                     "check_command", "export_groove", "generate", "generation_store", "render_midi",
                     "reroll_variation", "retention_policy"), ".generation"),
    **dict.fromkeys(("HumanizeResult", "humanize_midi"), ".humanize"),
    **dict.fromkeys(("call_recorder", "research_llm"), ".llm_path"),
    **dict.fromkeys(("llm_usage", "llm_usage_public", "provider_checks"), ".llm_usage"),
    **dict.fromkeys(("PROFILE_MEMO_S", "ResolvedProfile", "forget_profile", "genre_default_profile",
                     "resolve_profile"), ".profiles"),
    **dict.fromkeys(("history", "ingest_history", "record_generations", "spooled_history",
                     "stats"), ".records"),
    **dict.fromkeys(("augment_artist", "research_artist"), ".research"),
    **dict.fromkeys(("Progress", "Runtime", "open_database"), ".runtime"),
}


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
    "warm_similar",
]


def __getattr__(name: str) -> Any:
    """An exported name, imported from its module on first use: a command that generates does
    not load research, the catalog or corpus import."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
