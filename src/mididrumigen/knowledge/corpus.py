"""The corpus importer: a folder of human-played drum MIDI → GenreModels, and their files.

    import_corpus(path, genre=None, artist=None, progress=None) -> CorpusImport
    save_models(models, path, merge=False) -> Path        load_models(path) -> {key: GenreModel}
    user_models_path(data_dir) -> Path                    shipped_models_path() -> Path

Folders in the Groove MIDI Dataset layout (info.csv) take genre, meter and groove/fill from
the CSV; any other folder takes the genre from `genre`, else from a genre word in each file's
path, else "unknown" (see corpus_scan). Files are read with midi.reader; a file that cannot be
read, or holds no usable bar, is skipped with its reason and the import goes on.

Per-artist models: with `artist="Questlove"` every file goes into one model per meter whose
`genre` is the artist key `artist_questlove` (`artist_model_key`), lower snake_case like the
genre keys so genre-key normalisation leaves it alone; `description` names the artist. User
imports are saved to `user_models_path(settings.storage.data_dir)` (genre_models.json in the data
dir), merged by model key, for generation to find later.

The model file: {"format_version": 1, "models": [model, ...]} sorted by genre and meter, one
model per line, keys sorted, floats rounded to 3 decimals: the same input gives the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MidiDrumiGenError, StorageError, UserInputError
from ..groove.model import MODEL_FORMAT_VERSION, GenreModel
from ..storage.files import write_atomic
from .corpus_scan import CorpusFile, scan, snake
from .corpus_stats import Performance, learn_model, perform
from .genres import MODELS_FILE_NAME, user_models_path  # noqa: F401 (imported from here too)

GMD_SOURCE = "Groove MIDI Dataset (Gillick et al. 2019, CC BY 4.0)"
POOLED_GENRE = "all"
FLOAT_DECIMALS = 3
MAX_PATTERN_BARS = 1024

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ModelCounts:
    key: str  # 'funk@4/4'
    files: int
    groove_bars: int
    fill_bars: int


@dataclass(frozen=True, slots=True)
class CorpusImport:
    """What an import produced: models, and which files were read or skipped and why.

    counts: per model, the files and groove / fill bars it was learned from.
    bars_learned counts each bar once (the pooled 'all' models are not added again).
    notes: groups that made no model (e.g. fills without grooves, too few bars).
    """

    models: tuple[GenreModel, ...]
    files_read: int
    skipped: tuple[SkippedFile, ...]
    bars_learned: int
    bars_skipped: int = 0
    counts: tuple[ModelCounts, ...] = ()
    notes: tuple[str, ...] = ()

    def count(self, key: str) -> ModelCounts | None:
        return next((c for c in self.counts if c.key == key), None)


@dataclass(frozen=True, slots=True)
class CorpusRead:
    """Files read into performances, grouped later: (genre key, performance) per file."""

    performances: tuple[tuple[str, Performance], ...]
    skipped: tuple[SkippedFile, ...]
    source: str
    gmd: bool


ARTIST_PREFIX = "artist_"
MAX_KEY_LENGTH = 40  # a genre key (domain/params.py GENRE_LENGTH)


def artist_model_key(artist: str) -> str:
    """The `genre` under which a per-artist model is stored, a genre key like any other:
    'Questlove' → 'artist_questlove', 'Mötley Crüe' → 'artist_motley_crue'; a name with no
    Latin letters or digits ('坂本龍一') gets a key from its hash ('artist_x1f3a…')."""
    import hashlib
    import unicodedata

    from ..domain.genres import genre_slug
    from ..domain.names import clean_artist_name

    name = clean_artist_name(artist)
    latin = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = genre_slug(latin)
    if not slug:
        slug = "x" + hashlib.sha256(name.casefold().encode()).hexdigest()[:10]
    return (ARTIST_PREFIX + slug)[:MAX_KEY_LENGTH].rstrip("_")


def _read_one(f: CorpusFile) -> Performance:
    from ..domain.pattern import Pattern
    from ..midi.reader import read_drum_pattern

    pattern = read_drum_pattern(f.path)
    ts = f.time_signature or pattern.time_signature
    if not pattern.notes:
        raise UserInputError("no drum notes")
    last = pattern.notes[-1].time
    bars = last // ts.ticks_per_bar(pattern.ppq) + 1
    if bars > MAX_PATTERN_BARS:
        raise UserInputError(f"longer than {MAX_PATTERN_BARS} bars")
    if ts != pattern.time_signature or bars != pattern.total_bars:
        pattern = Pattern(pattern.notes, pattern.tempo, ts, bars, pattern.ppq, pattern.name)
    return perform(pattern, name=f.relpath, is_fill=f.is_fill)


def read_corpus(path: Path | str, *, genre: str | None = None, artist: str | None = None,
                progress: ProgressFn | None = None) -> CorpusRead:
    """Read and quantize every file of a corpus; broken or empty files are skipped."""
    if genre is not None and not snake(genre):
        raise UserInputError("genre must contain letters, e.g. funk", field="genre")
    artist_key = artist_model_key(artist) if artist is not None else None
    root = Path(path)
    files = scan(root, genre)
    gmd = (root / "info.csv").is_file()
    folder = root.name or str(root)
    source = GMD_SOURCE if gmd else f"MIDI files in {folder!r}"
    if artist is not None:
        source = f"{artist}: {source}"
    perfs: list[tuple[str, Performance]] = []
    skipped: list[SkippedFile] = []
    for i, f in enumerate(files, 1):
        try:
            perf = _read_one(f)
        except (MidiDrumiGenError, OSError, ValueError) as e:
            skipped.append(SkippedFile(f.relpath, str(e) or type(e).__name__))
        else:
            if perf.bars:
                perfs.append((artist_key or f.genre, perf))
            else:
                skipped.append(SkippedFile(f.relpath, "no usable bar (silent, too sparse or "
                                                      "only count-in and ending hits)"))
        if progress is not None:
            progress(i, len(files))
    return CorpusRead(tuple(perfs), tuple(skipped), source, gmd)


def build_models(read: CorpusRead, *, min_bars: int = 1, pooled: bool = False,
                 artist: str | None = None) -> CorpusImport:
    """Group performances by (genre, meter) and learn a model per group with ≥ min_bars
    groove bars; `pooled` adds an 'all' model per meter from every file of that meter."""
    groups: dict[tuple[str, str], list[Performance]] = {}
    for genre, perf in read.performances:
        groups.setdefault((genre, str(perf.time_signature)), []).append(perf)
        if pooled:
            groups.setdefault((POOLED_GENRE, str(perf.time_signature)), []).append(perf)
    models: list[GenreModel] = []
    counts: list[ModelCounts] = []
    notes: list[str] = []
    bars_learned = 0
    for genre, ts in sorted(groups):
        perfs = groups[genre, ts]
        groove_bars = sum(len(p.bars) for p in perfs if not p.is_fill)
        if groove_bars < min_bars:
            notes.append(f"{genre}@{ts}: {groove_bars} groove bars from {len(perfs)} files"
                         f" (a model needs {min_bars}); left out")
            continue
        desc = f"Per-artist model for {artist}." if artist else ""
        model = learn_model(genre, perfs, source=read.source, description=desc)
        if model is None:
            continue
        models.append(model)
        fill_bars = sum(len(p.bars) for p in perfs if p.is_fill)
        counts.append(ModelCounts(model.key, len(perfs), groove_bars, fill_bars))
        if genre != POOLED_GENRE:
            bars_learned += model.bars_learned
    files_read = len(read.performances)
    bars_skipped = sum(p.bars_skipped for _, p in read.performances)
    return CorpusImport(tuple(models), files_read, read.skipped, bars_learned, bars_skipped,
                        tuple(counts), tuple(notes))


def import_corpus(path: Path | str, *, genre: str | None = None, artist: str | None = None,
                  progress: ProgressFn | None = None) -> CorpusImport:
    """Learn GenreModels from a folder of drum MIDI (or one file); see the module docstring."""
    read = read_corpus(path, genre=genre, artist=artist, progress=progress)
    return build_models(read, artist=artist)


# --- model files ------------------------------------------------------------------------


def _rounded(x: Any) -> Any:
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"cannot save a non-finite number ({x}) in a model file")
        r = round(x, FLOAT_DECIMALS)
        return 0.0 if r == 0 else r
    if isinstance(x, Mapping):
        return {str(k): _rounded(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_rounded(v) for v in x]
    return x


def models_json(models: Iterable[GenreModel]) -> str:
    """The model file text: deterministic, compact, one model per line."""
    ordered = sorted(models, key=lambda m: (m.genre, str(m.time_signature)))
    lines = [json.dumps(_rounded(m.to_dict()), sort_keys=True, separators=(",", ":"),
                        ensure_ascii=False) for m in ordered]
    return (f'{{"format_version":{MODEL_FORMAT_VERSION},"models":[\n' + ",\n".join(lines)
            + "\n]}\n")


def load_models(path: Path | str) -> dict[str, GenreModel]:
    """Models of a model file by key ('funk@4/4'); {} when the file does not exist."""
    p = Path(path)
    if not p.is_file():
        return {}
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
        items = doc["models"] if isinstance(doc, dict) else doc
        models = [GenreModel.from_dict(d) for d in items]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise StorageError(f"{p} is not a readable genre model file ({type(e).__name__}: {e});"
                           " delete it or import the corpus again") from None
    return {m.key: m for m in models}


def save_models(models: Sequence[GenreModel], path: Path | str, *, merge: bool = False) -> Path:
    """Write models to `path` atomically. `merge` keeps the file's other models and replaces
    those with the same key (genre@meter)."""
    p = Path(path)
    by_key = load_models(p) if merge else {}
    by_key.update({m.key: m for m in models})
    text = models_json(by_key.values())
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(p, text)
    except OSError as e:
        raise StorageError(f"cannot write genre models to {p}: {e.strerror or e}; choose a"
                           " writable file or set MIDIDRUMIGEN_DATA_DIR") from None
    return p


def shipped_models_path() -> Path:
    """The models learned from the Groove MIDI Dataset that ship with the package."""
    return Path(__file__).parent / "data" / MODELS_FILE_NAME


SUMMARY_COLUMNS = ("genre", "meter", "files", "groove bars", "fill bars",
                   "tempo min–median–max", "swing", "notes/bar groove/fill", "grooves", "fills")


def summary_rows(result: CorpusImport) -> list[tuple[str, ...]]:
    """One row of text per model, in SUMMARY_COLUMNS order (for tables in the CLI/script)."""
    rows = []
    for m in result.models:
        c = result.count(m.key) or ModelCounts(m.key, 0, m.bars_learned, 0)
        swing = (f"{m.swing_percent:.1f}% ({m.swing_unit}ths)" if m.swing_percent > 50
                 else "straight")
        rows.append((m.genre, str(m.time_signature), str(c.files), str(c.groove_bars),
                     str(c.fill_bars),
                     f"{m.tempo_min:g}–{m.tempo_median:g}–{m.tempo_max:g}", swing,
                     f"{m.density:.1f}/{m.fill_density:.1f}", str(len(m.grooves)),
                     str(len(m.fills))))
    return rows


SHIPPED_MIN_BARS = 16


def build_genre_models(corpus: Path | str, *, min_bars: int = SHIPPED_MIN_BARS,
                       progress: ProgressFn | None = None) -> tuple[str, CorpusImport]:
    """The shipped model file's text from a GMD folder: (genre, meter) models with at least
    `min_bars` groove bars plus a pooled 'all' model per meter. Same corpus, same text."""
    result = build_models(read_corpus(corpus, progress=progress), min_bars=min_bars, pooled=True)
    return models_json(result.models), result
