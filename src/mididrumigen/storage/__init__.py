"""Persistence: StyleProfile store and cache, generation and LLM-call records, tasks, similarity,
and the files generations are saved as.

Import the modules you need; this package imports nothing on its own so that `import
mididrumigen.storage` (and the CLI's --help) never loads SQLAlchemy.

    engine.py       make_engine(url), upgrade(url), open_engine(url), session_scope(engine)
    models.py       the SQLAlchemy tables
    repository.py   artists and style profiles (save, latest with TTL, versions)
    records.py      generation history, LLM calls, provider statistics
    sources.py      research evidence rows and an artist's research status
    task_store.py   task rows: all task SQL (submit with single-flight join, claim, update)
    catalog.py      the artist list: pages by name, genre or name search, counts kept in step
                    by every save (artists.profile_version, artist_genres, catalog_counts)
    similarity.py   similar(session, name, limit): pgvector on PostgreSQL, numpy on SQLite,
                    over the vectors research computed (research/embedder.py); storage
                    stores them and never computes one
    vector_index.py VectorIndex: SQLite's current vectors in memory, kept up to date by reading
                    only the rows saved since
    columns.py      portable column types (UTC timestamps, JSON, embeddings)
    files.py        write_atomic, write_all: every file write (stdlib only; midi/, knowledge/,
                    research/ use it too)
    generations.py  GenerationStore: a generation's manifest, its .mid files rendered on demand,
                    the zip
    retention.py    prune a generation store by age, then by total size (stdlib only)
    spool.py        rows waiting for the database in JSON-lines files, and whether a SQLite file
                    may hold an artist's profile (stdlib only: the CLI's fast path)
    write_behind.py BatchWriter: writes taken off the request path, in batches
"""
