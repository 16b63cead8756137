"""The genre library: the best GenreModel for a genre and meter.

Order of preference for `model(genre, ts)`: a model the user imported (`mididrumigen corpus
import`, kept in the data dir's genre_models.json and re-read when that file changes, so a
running server picks up an import), then a corpus-learned model
(`data/genre_models.json`, when present) → the written archetype (`data/archetypes/`) → the
same for the genre's parents (hard_rock → rock, boom_bap → hiphop …) → rock. Within each
genre the requested meter wins, else 4/4 (the engine adapts meters), else any meter it has.
A corpus model without fills borrows the archetype's fills for that meter. A corpus model
learned from fewer than MIN_CORPUS_BARS bars is a sketch: a written archetype wins over it.
An archetype of a genre people play (not `feel: programmed`) takes its velocities and
micro-timing from the nearest corpus genre in its lineage (its notes stay its own), so every
human genre sounds played by humans. An archetype marked `vocabulary: idiom` (reggae's one drop,
jazz time, Afro-Cuban clave) wins over the genre's corpus model, whose feel and real fills it
plays with. A user's import is played as learned — its own vocabulary, feel and fills, however
few bars — and its genre key may be a new one (`mybeats`, `artist_questlove`), which then is a
genre like any other for generate, the API, the UI and the device.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Lock
from typing import Any

from ..domain.genres import GENRE_ALIASES, GENRES
from ..domain.genres import genre_slug as genre_key
from ..domain.meter import COMMON_TIME, TimeSignature
from ..errors import UserInputError
from ..groove.model import GenreModel, with_feel_of
from .archetypes import ARCHETYPE_DIR, archetype_files, load_archetype
from .genre_cache import CachedModels

log = logging.getLogger(__name__)

MODELS_FILE_NAME = "genre_models.json"
CORPUS_FILE = Path(__file__).parent / "data" / MODELS_FILE_NAME
ROOT_GENRE = "rock"
MIN_CORPUS_BARS = 64  # a corpus model from fewer bars is a sketch, not a genre

PARENTS: dict[str, str] = {
    "hard_rock": "rock", "metal": "hard_rock", "punk": "rock", "indie": "rock", "prog": "rock",
    "pop": "rock", "country": "rock", "blues": "rock",
    "soul": "funk", "motown": "soul", "rnb": "soul", "neo_soul": "soul", "gospel": "soul",
    "funk": "rock", "new_orleans": "funk", "afrobeat": "funk", "disco": "funk",
    "jazz": "blues", "fusion": "jazz",
    "hiphop": "funk", "boom_bap": "hiphop", "trap": "hiphop",
    "electronic": "dance", "dance": "disco", "house": "dance", "techno": "electronic",
    "breakbeat": "electronic", "drum_and_bass": "breakbeat",
    "reggae": "rock", "ska": "reggae", "dancehall": "reggae", "reggaeton": "dancehall",
    "latin": "afrocuban", "afrocuban": "funk", "songo": "afrocuban", "samba": "latin",
    "bossa_nova": "samba",
}


@dataclass(frozen=True, slots=True)
class GenreInfo:
    key: str
    source: str  # 'corpus', 'archetype', 'corpus + archetype' or 'fallback (parent)'
    meters: tuple[str, ...]
    parent: str | None


def canonical_genre(text: str) -> str:
    """A typed genre → one of the vocabulary keys, without loading any model; UserInputError
    (with suggestions) when it is not one."""
    k = genre_key(text or "")
    k = GENRE_ALIASES.get(k, k)
    if k in GENRES:
        return k
    from rapidfuzz import process

    close = [c for c, _, _ in process.extract(k, GENRES, limit=3, score_cutoff=75)]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UserInputError(f"unknown genre {text!r}.{hint} Known genres: {', '.join(sorted(GENRES))}.",
                         field="genre")


UserFile = Path | Callable[[], Path]


def user_models_path(data_dir: Path) -> Path:
    """Where user-imported models live in the data dir (merged by key on every import)."""
    return Path(data_dir) / MODELS_FILE_NAME


class GenreLibrary:
    """Corpus models and archetypes by genre and meter, and the user's imported models. Use
    `GenreLibrary.load()`; a services.Runtime keeps the process's one."""

    def __init__(self, corpus: Mapping[tuple[str, str], GenreModel],
                 archetype_paths: Mapping[str, Path], user_file: UserFile | None = None) -> None:
        # a cache's models are parsed when first asked for: not copied into a dict
        self._corpus = corpus if isinstance(corpus, CachedModels) else dict(corpus)
        self._archetype_paths = dict(archetype_paths)
        self._archetypes: dict[str, dict[str, GenreModel]] = {}
        # (genre, meter) -> (the models it was made from, the model made): a composed model
        # (an archetype played with a corpus feel, fills borrowed) is made once and handed out
        # as the same object, so the engine's fitted-model cache (keyed by identity) keeps it
        self._composed: dict[tuple[str, str], tuple[tuple[GenreModel | None, ...],
                                                    GenreModel | None]] = {}
        self._lock = Lock()
        self._user_file = user_file
        self._user: dict[tuple[str, str], GenreModel] = {}
        self._user_stamp: tuple[str, int, int, int] | None = None
        self._user_lock = Lock()
        self._known = set(GENRES) | {g for g, _ in self._corpus} | set(self._archetype_paths)

    @classmethod
    def load(cls, corpus_file: Path | str | None = None, archetype_dir: Path | str | None = None,
             *, user_file: UserFile | None = None,
             cache_dir: Path | None = None) -> GenreLibrary:
        """The shipped library (a new one each call: keep it); archetypes are read on first use
        of each genre. `user_file`: the user's imported models (a path, or a function giving
        it, e.g. user_models_path(data_dir)), re-read whenever the file changes. `cache_dir`:
        the corpus models are read from a cache there one model at a time
        (knowledge.genre_cache), not parsed all at once."""
        from .genre_cache import corpus_models

        cf = Path(corpus_file) if corpus_file is not None else CORPUS_FILE
        ad = Path(archetype_dir) if archetype_dir is not None else ARCHETYPE_DIR
        return cls(corpus_models(cf, cache_dir), archetype_files(ad), user_file)

    def _sync(self) -> None:
        """Re-read the user's models when their file changed (or appeared, or went)."""
        if self._user_file is None:
            return
        path = self._user_file() if callable(self._user_file) else self._user_file
        try:
            st = os.stat(path)
            stamp: tuple[str, int, int, int] | None = (str(path), st.st_mtime_ns, st.st_size,
                                                       st.st_ino)
        except OSError:
            stamp = None
        if stamp == self._user_stamp:
            return
        with self._user_lock:
            if stamp == self._user_stamp:
                return
            user = read_corpus_models(Path(path)) if stamp is not None else {}
            self._known = (set(GENRES) | {g for g, _ in self._corpus}
                           | set(self._archetype_paths) | {g for g, _ in user})
            self._user, self._user_stamp = user, stamp

    def normalize_genre(self, text: str) -> str:
        """A user-typed genre → its key, or UserInputError listing the genres."""
        if not isinstance(text, str) or not text.strip():
            raise UserInputError("genre must not be empty; " + self._listing(), field="genre")
        self._sync()
        k = genre_key(text)
        k = GENRE_ALIASES.get(k, k)
        if k in self._known:
            return k
        from rapidfuzz import process

        close = [c for c, _, _ in process.extract(k, sorted(self._known), limit=3,
                                                  score_cutoff=75)]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UserInputError(f"unknown genre {text!r}.{hint} " + self._listing(), field="genre")

    def _listing(self) -> str:
        return "Known genres: " + ", ".join(sorted(self._known)) + "."

    def archetypes(self, genre: str) -> dict[str, GenreModel]:
        """The archetype models of one genre by meter text ('4/4'); {} when none is written."""
        with self._lock:
            hit = self._archetypes.get(genre)
            if hit is None:
                path = self._archetype_paths.get(genre)
                hit = load_archetype(path) if path is not None else {}
                self._archetypes[genre] = hit
            return hit

    def _corpus_model(self, genre: str, ts: str) -> GenreModel | None:
        m = self._corpus.get((genre, ts))
        return m if m is not None and m.bars_learned >= MIN_CORPUS_BARS else None

    def _feel_donor(self, genre: str, ts: str) -> GenreModel | None:
        """The corpus model whose human feel an archetype of `genre` plays with: the genre's own
        or its nearest ancestor's, in this meter or else 4/4."""
        for g in self.lineage(genre):
            for meter in dict.fromkeys((ts, "4/4")):
                m = self._corpus_model(g, meter)
                if m is not None:
                    return m
        return None

    def _own(self, genre: str, ts: str) -> GenreModel | None:
        corpus = self._corpus_model(genre, ts)
        arch = self.archetypes(genre).get(ts)
        user = self._user.get((genre, ts))
        donor = (self._feel_donor(genre, ts) if user is None and corpus is None
                 and arch is not None and not arch.programmed else None)
        inputs = (corpus, arch, user, donor)
        hit = self._composed.get((genre, ts))
        if hit is not None and all(a is b for a, b in zip(hit[0], inputs, strict=True)):
            return hit[1]
        made = self._compose(corpus, arch, user, donor)
        self._composed[(genre, ts)] = (inputs, made)
        return made

    @staticmethod
    def _compose(corpus: GenreModel | None, arch: GenreModel | None, user: GenreModel | None,
                 donor: GenreModel | None) -> GenreModel | None:
        if user is not None:  # the user's own import, as learned; fills borrowed if it has none
            donor = next((m for m in (corpus, arch) if m is not None and m.fills), None)
            if not user.fills and donor is not None:
                return replace(user, fills=donor.fills, fill_voices=donor.fill_voices,
                               fill_density=donor.fill_density,
                               source=f"{user.source}; fills: {donor.source}")
            return user
        if corpus is None and arch is not None and not arch.programmed:
            return with_feel_of(arch, donor) if donor is not None else arch
        if corpus is None and arch is None:
            return None  # a sketch of a corpus model is the last resort (see model())
        if corpus is not None and arch is not None and arch.idiomatic:
            played = with_feel_of(arch, corpus)
            if corpus.fills:
                played = replace(played, fills=corpus.fills, fill_voices=corpus.fill_voices,
                                 fill_density=corpus.fill_density)
            return played
        if corpus is not None:
            if not corpus.fills and arch is not None and arch.fills:
                return replace(corpus, fills=arch.fills, fill_voices=arch.fill_voices,
                               fill_density=arch.fill_density,
                               source=f"{corpus.source}; fills: {arch.source}")
            return corpus
        return arch

    def meters(self, genre: str) -> tuple[str, ...]:
        ms = ({ts for g, ts in self._corpus if g == genre} | set(self.archetypes(genre))
              | {ts for g, ts in self._user if g == genre})
        return tuple(sorted(ms, key=lambda m: (m != "4/4", m)))

    def lineage(self, genre: str) -> list[str]:
        chain, g = [], genre
        while g and g not in chain:
            chain.append(g)
            g = PARENTS.get(g, ROOT_GENRE if g != ROOT_GENRE else "")
        return chain

    def model(self, genre: str, time_signature: TimeSignature | str | None = None) -> GenreModel:
        """The best model for `genre` (key or alias) in `time_signature` (default 4/4)."""
        key = self.normalize_genre(genre)  # also picks up a new import
        ts = (TimeSignature.parse(time_signature) if isinstance(time_signature, str)
              else time_signature or COMMON_TIME)
        wanted = str(ts)
        for g in self.lineage(key):
            for meter in dict.fromkeys((wanted, "4/4", *self.meters(g))):
                m = self._own(g, meter)
                if m is not None:
                    return m
        for g in self.lineage(key):
            for meter in dict.fromkeys((wanted, "4/4", *self.meters(g))):
                m = self._corpus.get((g, meter))
                if m is not None:
                    return m
        raise UserInputError(f"no groove model for {key!r} or {ROOT_GENRE!r}: the genre data "
                             "is missing; reinstall mididrumigen", field="genre")

    def genres(self) -> tuple[GenreInfo, ...]:
        """Every genre key with where its model comes from ('import' for the user's own)."""
        self._sync()
        out = []
        for g in sorted(self._known):
            has_u = any(ug == g for ug, _ in self._user)
            has_c = any(cg == g for cg, _ in self._corpus)
            has_a = g in self._archetype_paths
            if has_u or has_c or has_a:
                source = " + ".join(s for s, ok in (("import", has_u), ("corpus", has_c),
                                                    ("archetype", has_a)) if ok)
            else:
                parent = next((p for p in self.lineage(g)[1:] if self.meters(p)), ROOT_GENRE)
                source = f"fallback ({parent})"
            out.append(GenreInfo(g, source, self.meters(g), PARENTS.get(g)))
        return tuple(out)


def _model_dicts(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, Mapping):
        if "models" in doc:
            return _model_dicts(doc["models"])
        if "genre" in doc and "voices" in doc:
            return [doc]
        out: list[Any] = []
        for v in doc.values():
            if isinstance(v, Mapping) and "voices" in v:
                out.append(v)
            elif isinstance(v, list | Mapping):
                out.extend(_model_dicts(v))
        return out
    return []


def read_corpus_models(path: Path) -> dict[tuple[str, str], GenreModel]:
    """Corpus models by (genre key, meter). Tolerant of shape: a list, {"models": …}, or a
    mapping of models; entries that do not parse are skipped with a log line."""
    return {key: model for key, (model, _) in best_corpus_models(path).items()}


def best_corpus_models(path: Path) -> dict[tuple[str, str], tuple[GenreModel, Any]]:
    """read_corpus_models, with the JSON each model was read from (knowledge.genre_cache
    keeps it)."""
    if not path.is_file():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        log.warning("ignoring %s: %s", path, e)
        return {}
    models: dict[tuple[str, str], tuple[GenreModel, Any]] = {}
    for d in _model_dicts(doc):
        try:
            m = GenreModel.from_dict(d)
        except (KeyError, TypeError, ValueError) as e:
            log.warning("skipping a model in %s: %s", path.name, e)
            continue
        g = genre_key(m.genre)
        g = GENRE_ALIASES.get(g, g)
        if g != m.genre:
            m = replace(m, genre=g)
        key = (g, str(m.time_signature))
        prev = models.get(key)
        if prev is None or m.bars_learned > prev[0].bars_learned:
            models[key] = (m, d)
    return models
