"""What `mididrumigen generate` loads, run as a fresh process with history on: no numpy and
no SQLAlchemy when the database holds nothing for the artist (the row waits in the database's
spool file, and `history` shows it), SQLAlchemy but still no numpy when it does; never the
other commands' modules or corpus learning. The same seed writes the same files whether the
knowledge base was validated from its files or read from the cache dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mididrumigen.domain.profile import StyleProfile
from mididrumigen.storage.engine import open_engine, session_scope
from mididrumigen.storage.repository import save_profile

HEAVY = ("numpy", "sqlalchemy", "alembic", "rich", "openai", "anthropic", "httpx")
# what generate does not need of the package: the other commands (their modules, and Typer
# building their options), the other use cases, corpus learning, the LLM providers, research
NOT_FOR_GENERATE = ("mididrumigen.cli.db", "mididrumigen.cli.serve", "mididrumigen.cli.llm",
                    "mididrumigen.cli.research", "mididrumigen.cli.corpus",
                    "mididrumigen.cli.artists", "mididrumigen.cli.ableton",
                    "mididrumigen.cli.show", "mididrumigen.knowledge.corpus",
                    "mididrumigen.knowledge.corpus_stats", "mididrumigen.llm.manager",
                    "mididrumigen.research.orchestrator", "mididrumigen.storage.repository",
                    "mididrumigen.services.catalog", "mididrumigen.services.corpus",
                    "mididrumigen.services.research", "mididrumigen.services.humanize")
DRIVER = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n"))
from mididrumigen.cli import main
sys.argv = ["mididrumigen", *sys.argv[1:]]
main()
"""


def _generate(data: Path, artist: str, out: str = "out") -> set[str]:
    """The modules a `generate` process loaded (full names)."""
    env = {**os.environ, "MIDIDRUMIGEN_DATA_DIR": str(data),
           "MIDIDRUMIGEN_CACHE_DIR": str(data / "cache")}
    env.pop("MIDIDRUMIGEN_DATABASE_URL", None)
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", DRIVER, "generate", artist, "--out",
                           str(data / out), "--seed", "1", "-q"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) == 4  # the four files' paths
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    modules: set[str] = set(json.loads(line.removeprefix("MODULES ")))
    return modules


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_generate_with_history_loads_no_database_library_it_does_not_need(
        tmp_path: Path) -> None:
    from mididrumigen import services

    first = _generate(tmp_path, "John Bonham")  # validates the artist files, fills the cache
    loaded = _generate(tmp_path, "John Bonham", out="again")
    for modules in (first, loaded):
        assert not _top(modules) & set(HEAVY), _top(modules) & set(HEAVY)
        assert not modules & set(NOT_FOR_GENERATE), modules & set(NOT_FOR_GENERATE)
    assert list((tmp_path / "cache").glob("knowledge-*.json"))
    # the same seed wrote the same files, whether the knowledge base was validated or cached
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "again").iterdir()) and len(names) == 4
    for name in names:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    db = open_engine(f"sqlite:///{tmp_path / 'mididrumigen.db'}")
    try:
        rows = services.history(db)  # the spooled rows move into the table
        assert [r.artist for r in rows] == ["John Bonham", "John Bonham"]
        assert rows[0].params["seed"] == 1 and len(rows[0].output_files) == 4
        assert not list(tmp_path.glob("*.history.jsonl"))
    finally:
        db.dispose()


def test_generate_reads_a_stored_profile_without_numpy(tmp_path: Path) -> None:
    from mididrumigen import services

    db = open_engine(f"sqlite:///{tmp_path / 'mididrumigen.db'}")
    try:
        with session_scope(db) as s:
            save_profile(s, StyleProfile("Stored Drummer", genres=("funk",), source="research"))
        loaded = _top(_generate(tmp_path, "Stored Drummer"))
        assert "sqlalchemy" in loaded and "numpy" not in loaded
        assert [r.artist for r in services.history(db)] == ["Stored Drummer"]
    finally:
        db.dispose()


def test_the_stored_profile_probe_only_says_no_when_sure(tmp_path: Path) -> None:
    from mididrumigen.storage.engine import upgrade
    from mididrumigen.storage.spool import stored_profile_possible

    url = f"sqlite:///{tmp_path / 'p.db'}"
    assert stored_profile_possible(url, "Anyone") is False  # no database yet
    upgrade(url, "0003")  # an older schema: not sure
    assert stored_profile_possible(url, "Anyone") is True
    db = open_engine(url)
    try:
        with session_scope(db) as s:
            save_profile(s, StyleProfile("The Meters", genres=("funk",)))
    finally:
        db.dispose()
    assert stored_profile_possible(url, "meters") is True  # the same key as the repository's
    assert stored_profile_possible(url, "Anyone") is False
    assert stored_profile_possible("postgresql://u@h/db", "Anyone") is True
