"""corpus import: a folder of drum MIDI becomes something generation plays.

    import_corpus(path, genre="mybeats")        -> a genre: the models are saved to the user's
                                                   model file, which the genre library reads
    import_corpus(path, artist="Questlove", db) -> an artist: a per-artist model (genre key
                                                   artist_questlove) and a stored profile whose
                                                   signature grooves and feel come from the files

Either way the CLI, the API, the browser UI and the device use it from then on: a genre key
like any other (a running server re-reads the model file when it changes), an artist whose
stored profile `generate` prefers to the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .profiles import stored_profile
from .research import augment_artist, research_artist

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..knowledge.corpus import CorpusImport, ProgressFn
    from .runtime import Runtime

# An artist's files are read by these collectors: what the knowledge base knows of the
# artist and the files themselves. Nothing online, no LLM.
IMPORT_COLLECTORS = ("knowledge_base", "midi_files")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import learned and where it went."""

    learned: CorpusImport
    models_file: Path | None  # None: nothing was learned, nothing saved
    genres: tuple[str, ...]  # the genre keys that now play the import
    artist_profile: Any = None  # research ResearchResult of the stored artist profile


def import_corpus(runtime: Runtime, path: Path | str, *, genre: str | None = None,
                  artist: str | None = None, out: Path | None = None, db: Engine | None = None,
                  progress: ProgressFn | None = None) -> ImportResult:
    """Learn models from `path` (a folder of .mid files or one file) and save them (merged by
    genre@meter) to `out`, default the user's model file. With `artist` and a database `db`,
    the artist's profile is rebuilt from the files (signature grooves, swing, micro-timing,
    dynamics) on top of what is known of them and stored as a new version; `genre` is then
    the genre an artist unknown so far plays (a known artist keeps theirs)."""
    from ..knowledge.corpus import import_corpus as learn
    from ..knowledge.corpus import save_models, user_models_path

    learned = learn(path, genre=genre, artist=artist, progress=progress)
    if not learned.models:
        return ImportResult(learned, None, ())
    target = save_models(learned.models,
                         out or user_models_path(runtime.settings.storage.data_dir), merge=True)
    keys = tuple(dict.fromkeys(m.genre for m in learned.models))
    profile = (_artist_profile(runtime, artist, Path(path), genre, db)
               if artist and db is not None else None)
    return ImportResult(learned, target, keys, profile)


def _artist_profile(runtime: Runtime, artist: str, path: Path, genre: str | None,
                    db: Engine) -> Any:
    """The artist's profile rebuilt with the imported files: augmented when research is
    stored, else researched from the knowledge base and the files (plus the user's genre).
    Stored whatever its confidence: the user said this is how the artist plays."""
    if stored_profile(artist, db) is not None:
        return augment_artist(runtime, artist, source_dir=path, online=False, db=db, force=True)
    prior = ()
    if genre:
        from ..research.evidence import Evidence

        key = runtime.genre_library.normalize_genre(genre)
        prior = (Evidence("user", f"import:{path}", {"genres": [[key, 3.0]]}, 0.9,
                          "the user's own statement", title=f"imported as {key}"),)
    return research_artist(runtime, artist, source_dir=path, online=False, db=db, force=True,
                           collectors=IMPORT_COLLECTORS, prior=prior)
