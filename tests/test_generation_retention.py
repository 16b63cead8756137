"""Saved generations: manifests waiting for the disk are bounded in bytes, and a retention policy
(age, then total size) prunes the store — on demand, from the CLI, and on the server's thread."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mididrumigen import services
from mididrumigen.cli import app
from mididrumigen.domain.params import GenerationParams
from mididrumigen.storage.generations import GenerationStore, new_generation_id
from mididrumigen.storage.retention import RetentionPolicy

DAY = 86400.0


def _patterns() -> list[dict[str, object]]:
    from mididrumigen.config import Settings

    runtime = services.Runtime(Settings())
    profile = services.resolve_profile(runtime, "Tony Allen").profile
    made = runtime.groove_engine.generate(profile, GenerationParams(bars=1, variations=2, seed=4),
                                          4)
    return [p.to_dict() for p in made]


PATTERNS = _patterns()


def _save(store: GenerationStore, age_days: float = 0.0) -> str:
    gid = new_generation_id()
    store.save(gid, "Tony Allen", ["a.mid", "b.mid"], PATTERNS, {})
    if age_days:
        then = time.time() - age_days * DAY
        os.utime(store.root / f"{gid}.json", (then, then))
    return gid


def _ids(store: GenerationStore) -> set[str]:
    return {p.stem for p in store.root.glob("*.json")}


def test_prune_by_age_then_by_size(tmp_path: Path) -> None:
    store = GenerationStore(tmp_path / "api", services.render_midi)
    old = [_save(store, age) for age in (30, 20, 10)]
    new = [_save(store, age) for age in (3, 2, 1)]
    store.file_path(old[0], "a.mid")  # rendered files go with their generation
    assert (store.root / old[0]).is_dir()
    report = store.prune(RetentionPolicy(max_age_s=7 * DAY, max_bytes=None), dry_run=True)
    assert (report.removed, report.kept) == (3, 3) and _ids(store) == set(old + new)
    report = store.prune(RetentionPolicy(max_age_s=7 * DAY, max_bytes=None))
    assert _ids(store) == set(new) and not (store.root / old[0]).exists()
    one = (store.root / f"{new[0]}.json").stat().st_size
    report = store.prune(RetentionPolicy(max_age_s=None, max_bytes=one + one // 2))
    assert _ids(store) == {new[2]}  # the newest fits
    assert report.removed == 2 and report.kept == 1 and report.kept_bytes <= one + one // 2


def test_waiting_manifests_are_bounded_in_bytes(tmp_path: Path) -> None:
    store = GenerationStore(tmp_path / "api", services.render_midi, write_behind=True,
                            max_pending_bytes=0)
    gid = _save(store)
    assert (store.root / f"{gid}.json").is_file() and store.pending_bytes == 0  # written now
    store.close()
    store = GenerationStore(tmp_path / "api2", services.render_midi, write_behind=True)
    ids = [_save(store) for _ in range(20)]
    assert store.file_path(ids[-1], "b.mid").is_file()  # downloadable before it is on disk
    store.close()
    assert store.pending_bytes == 0 and _ids(store) == set(ids)


def test_the_server_store_prunes_on_its_own_thread(tmp_path: Path) -> None:
    policy = RetentionPolicy(max_age_s=DAY, max_bytes=None, interval_s=0.05)
    seed = GenerationStore(tmp_path / "api", services.render_midi)
    stale = _save(seed, age_days=3)
    store = GenerationStore(tmp_path / "api", services.render_midi, write_behind=True,
                            retention=policy)
    try:
        fresh = _save(store)
        deadline = time.monotonic() + 10
        while stale in _ids(store) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stale not in _ids(store)
    finally:
        store.close()
    assert _ids(store) == {fresh}


def test_prune_files_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIDIDRUMIGEN_OUTPUT_DIR", str(tmp_path))
    store = services.generation_store(tmp_path)
    old, new = _save(store, age_days=40), _save(store, age_days=1)
    res = CliRunner().invoke(app, ["db", "prune-files", "--max-age-days", "30", "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "would remove 1 generation" in res.output and _ids(store) == {old, new}
    res = CliRunner().invoke(app, ["db", "prune-files"])  # defaults: 7 days, 1 GiB
    assert res.exit_code == 0 and "removed 1 generation" in res.output
    assert _ids(store) == {new}
    res = CliRunner().invoke(app, ["db", "prune-files", "--max-size", "lots"])
    assert res.exit_code == 2 and "--max-size" in res.output
