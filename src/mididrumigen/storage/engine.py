"""Engines, sessions and migrations. Nothing connects until a function here is called.

    engine = open_engine(url)          # make_engine, migrated to head if it is not
    with session_scope(engine) as s:   # commit on success, rollback on error
        repository.save_profile(s, profile)

SQLite (the default: settings.storage.effective_database_url(), a file in the data dir) runs in
WAL mode with foreign keys on, a busy timeout, and `BEGIN IMMEDIATE` transactions: one writer at
a time, waiting its turn, instead of failing with "database is locked" halfway through. Keep
sessions short.
PostgreSQL is used when the URL says so (postgresql://, postgres://, postgresql+psycopg://);
its migration creates the pgvector extension and an HNSW cosine index.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

PACKAGE_DIR = Path(__file__).resolve().parent
ALEMBIC_INI = PACKAGE_DIR / "alembic.ini"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30.0
HEAD_REVISION = "0006"  # the newest file in migrations/versions (a test keeps them in step)
_migrate_lock = threading.Lock()  # one migration at a time in this process (not a cache)


def normalize_url(url: str) -> str:
    """The SQLAlchemy URL to use: postgres URLs get the psycopg driver."""
    if not url or not url.strip():
        raise StorageError("no database URL; settings.storage.effective_database_url() gives "
                           "the configured one")
    url = url.strip()
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable database URL>"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An Engine for `url`; does not connect or migrate."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    full = normalize_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as e:
        raise StorageError(f"invalid database URL {full!r}: {e}; use e.g. sqlite:///path/to/"
                           "mididrumigen.db or postgresql://user@host/dbname") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StorageError(f"cannot create the folder for the database {database}: {e};"
                                   " set MIDIDRUMIGEN_DATA_DIR to a writable folder") from None
        engine = create_engine(parsed, echo=echo,
                               connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, echo=echo, pool_pre_ping=True)
    return create_engine(parsed, echo=echo)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (so SAVEPOINT
    # works), then set the pragmas every connection needs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


READ_ONLY = "mididrumigen_read_only"  # execution option set by read_scope()


def _sqlite_on_begin(connection: Any) -> None:
    # Writers take the write lock up front, so two of them queue instead of one failing halfway
    # with "database is locked"; readers (read_scope) begin deferred: in WAL mode they never
    # wait for a writer, so a busy history writer cannot stall a request's profile lookup.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def upgrade(url: str | Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to `revision` (creates the database on first use)."""
    from alembic import command
    from sqlalchemy.exc import SQLAlchemyError

    engine = url if _is_engine(url) else make_engine(url)  # type: ignore[arg-type]
    cfg = _alembic_config()
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except SQLAlchemyError as e:
        raise StorageError(f"could not migrate the database at {redact(str(engine.url))}: "
                           f"{_reason(e)}. Check the URL and that the server is running "
                           "(PostgreSQL needs the pgvector extension available)") from e
    finally:
        if not _is_engine(url):
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The migration revision the database is at (None: not migrated)."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as e:
        raise StorageError(f"cannot read the database at {redact(str(engine.url))}: "
                           f"{_reason(e)}. Check the URL and that the server is running") from e


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def open_engine(url: str) -> Engine:
    """make_engine(url), migrated to head if it is not. The composition root opens its
    database once (services.Runtime.open).

    A database already at HEAD_REVISION costs one small query (Alembic is not even imported),
    which keeps CLI start-up fast.
    """
    engine = make_engine(url)
    with _migrate_lock:
        if _stored_revision(engine) != HEAD_REVISION:
            upgrade(engine)
    return engine


def _stored_revision(engine: Engine) -> str | None:
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except SQLAlchemyError:
        return None  # no table yet, or no database: upgrade() creates it or says what is wrong


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A Session that commits when the block ends and rolls back if it raises.

    Database errors come out as StorageError; other exceptions pass through unchanged.
    """
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except SQLAlchemyError as e:
        session.rollback()
        raise database_error(engine, e) from e
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def write_scope(engine: Engine) -> Iterator[Connection]:
    """session_scope for Core statements: a Connection in a transaction, committed when the
    block ends, rolled back if it raises; database errors come out as StorageError. No ORM
    Session to set up and tear down (a few hundred microseconds per transaction), for writers
    that run once per batch of requests (generation history)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.begin() as connection:
            yield connection
    except SQLAlchemyError as e:
        raise database_error(engine, e) from e


def on_conflict_insert(dialect: str) -> Any:
    """The insert() construct of SQLite's or PostgreSQL's dialect, the two that can say
    INSERT … ON CONFLICT; None for another database."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    return None


def database_error(engine: Engine, e: Exception) -> StorageError:
    """What a scope raises for a database error: where (the URL without its password), why, and
    the likely fix."""
    return StorageError(f"database error at {redact(str(engine.url))}: {_reason(e)}. "
                        "If a table is missing, run `mididrumigen db upgrade`")


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A Session for reading only: on SQLite it begins deferred (no write lock, never waits for
    a writer under WAL); writing through it is a mistake the database may refuse.

    The option is set on the session's connection, not through `engine.execution_options()`,
    which would make a new Engine object per call: the session's bind stays `engine`, so what
    is cached per engine (the similarity index) is found again.
    """
    with session_scope(engine) as session:
        session.connection(execution_options={READ_ONLY: True})
        yield session


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _is_engine(obj: object) -> bool:
    from sqlalchemy.engine import Engine

    return isinstance(obj, Engine)


def _reason(e: Exception) -> str:
    orig = getattr(e, "orig", None)
    text = str(orig if orig is not None else e).strip().splitlines()
    return text[0] if text else type(e).__name__
