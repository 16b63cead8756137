"""services.Runtime: the app-lifetime object that owns what a process loads and caches (made
once, shared, closed at the composition root), and the few module-level caches that remain."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

import mididrumigen
from mididrumigen import services
from mididrumigen.config import Settings
from mididrumigen.domain import GenerationParams, TimeSignature
from mididrumigen.services import Runtime

PACKAGE = Path(mididrumigen.__file__).resolve().parent
# Module-level caches that stay, each a memo of a pure function over immutable inputs:
KEPT_CACHES = {
    ("midi/drum_maps.py", "_builtin"),  # the bundled drum map files, parsed once
    ("midi/drum_maps.py", "_aliases"),  # their alias table
    ("api/errors.py", "field_ranges"),  # the request schemas' bounds
    ("domain/names.py", "normalize_name"),  # a string function
    ("knowledge/artists.py", "_CACHE"),  # knowledge-base files by (folder, names, mtimes, sizes)
    ("storage/similarity.py", "_nearest_statement"),  # the pgvector search's SQL, built once
}


def _module_caches(path: Path) -> set[str]:
    """Functions decorated with functools.cache/lru_cache and module-level cachetools caches."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                target = d.func if isinstance(d, ast.Call) else d
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
                if name in ("cache", "lru_cache"):
                    found.add(node.name)
        elif isinstance(node, ast.AnnAssign | ast.Assign):
            value = node.value
            if isinstance(value, ast.Call):
                func = value.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in ("LRUCache", "TTLCache", "LFUCache", "Cache"):
                    targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
                    found |= {t.id for t in targets if isinstance(t, ast.Name)}
    return found


def test_only_pure_memos_are_module_level_caches() -> None:
    found = {(p.relative_to(PACKAGE).as_posix(), name) for p in sorted(PACKAGE.rglob("*.py"))
             for name in _module_caches(p)}
    assert found == KEPT_CACHES


def test_the_runtime_makes_each_part_once_and_shares_it(runtime: Runtime) -> None:
    assert runtime.knowledge_base is runtime.knowledge_base
    assert runtime.groove_engine is runtime.groove_engine
    assert runtime.coordinator.engine is runtime.groove_engine
    made = []
    barrier = threading.Barrier(4)

    def ask() -> None:
        barrier.wait()
        runtime.shared("test:once", lambda: made.append(1) or object())

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert made == [1]


def test_two_runtimes_share_nothing_they_own(tmp_path: Path) -> None:
    a = Runtime(Settings(output_dir=tmp_path / "a"))
    b = Runtime(Settings(output_dir=tmp_path / "b"))
    assert a.coordinator is not b.coordinator and a.groove_engine is not b.groove_engine
    assert a.profile_memo is not b.profile_memo and a.rate_limiter is not b.rate_limiter
    assert a.generation_store().root == tmp_path / "a" / "api"
    a.close()
    b.close()


def test_open_makes_the_database_and_close_releases_what_it_made(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, output_dir=tmp_path / "out")
    with Runtime.open(settings) as rt:
        assert rt.database is not None
        assert str(rt.database.url) == settings.storage.effective_database_url()
        store = rt.generation_store(write_behind=True)
        res = services.generate(rt, services.GenerateCommand(
            "Questlove", GenerationParams(bars=1, variations=1, seed=1)), store=store,
            db=rt.database)
    assert (tmp_path / "out" / "api" / f"{res.generation_id}.json").is_file()  # flushed
    assert services.history(services.open_database(settings.storage.effective_database_url()),
                            5)[0].artist == "Questlove"
    assert Runtime.open(settings, database=False).database is None


def test_the_groove_engine_keeps_fitted_models_per_model_and_meter(runtime: Runtime) -> None:
    from dataclasses import replace

    from cachetools import LRUCache

    from mididrumigen.groove.engine import FITTED_KEPT, GrooveEngine

    library = runtime.genre_library
    rock = library.model("rock", TimeSignature(4, 4))
    current = {"rock": rock}

    def models(genre: str, ts: TimeSignature):  # type: ignore[no-untyped-def]
        return current.get(genre) or library.model(genre, ts)

    engine = GrooveEngine(models)
    four, seven = TimeSignature(4, 4), TimeSignature(7, 8)
    first = engine.fitted("rock", four)
    assert engine.fitted("rock", four) is first
    assert engine.fitted("rock", seven) is not first  # another meter
    current["rock"] = replace(rock)  # an equal model the library re-read: a new object
    assert engine.fitted("rock", four) is not first
    assert isinstance(engine._fitted, LRUCache) and engine._fitted.maxsize == FITTED_KEPT


@pytest.mark.parametrize("name", ["Stewart Copeland", "stewart copeland"])
def test_forget_profile_takes_any_spelling(runtime: Runtime, tmp_path: Path, name: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db = services.open_database(f"sqlite:///{tmp_path / 'f.db'}")
    from mididrumigen.services.profiles import _MISSING, ProfileMemo

    memo = ProfileMemo(ttl_s=3600)  # a fresh memo that never expires here
    monkeypatch.setattr(runtime, "profile_memo", memo)
    try:
        services.resolve_profile(runtime, "STEWART  copeland", db=db)
        assert memo.get(db, "Stewart Copeland") is None  # remembered: nothing stored
        services.forget_profile(runtime, name)
        assert memo.get(db, "Stewart Copeland") is _MISSING
    finally:
        db.dispose()
