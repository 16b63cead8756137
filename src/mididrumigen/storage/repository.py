"""Artists and their StyleProfiles: plain functions over a Session; the caller commits.

Each save adds a new profile version and keeps the old ones; `latest_profile` is the cache
lookup (with an optional maximum age). Creating an artist is single-flight: the unique
normalized name decides, and a loser of the race re-reads the winner's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.names import normalize_name as domain_normalize_name
from ..domain.profile import StyleProfile
from ..errors import StorageError, UserInputError
from . import catalog
from .columns import utcnow
from .models import Artist, StyleProfileRow

MAX_NAME = 200
_RETRIES = 5


def normalize_name(name: str) -> str:
    """The unique key of an artist: domain.names.normalize_name ('The Mötley Crüe' -> 'motley
    crue'), the same key the knowledge base resolves by, capped at MAX_NAME characters."""
    text = domain_normalize_name(name)
    if not text:
        raise UserInputError(f"artist name {name!r} has no letters or digits", field="artist")
    return text[:MAX_NAME]


def find_artist(session: Session, name: str) -> Artist | None:
    return session.scalar(select(Artist).where(Artist.normalized_name == normalize_name(name)))


def get_or_create_artist(session: Session, name: str, **fields: Any) -> Artist:
    """The artist row for `name`, created (with `fields`) if absent.

    Two sessions creating the same artist at once end with one row: the loser's INSERT fails
    on the unique key inside a savepoint, and it reads the winner's row instead.
    """
    key = normalize_name(name)
    display = " ".join(name.split())[:MAX_NAME]
    for _ in range(_RETRIES):
        artist = session.scalar(select(Artist).where(Artist.normalized_name == key))
        if artist is not None:
            return artist
        try:
            with session.begin_nested():
                artist = Artist(name=display, normalized_name=key, **fields)
                session.add(artist)
            return artist
        except IntegrityError:
            continue  # another session created it first; read theirs
    raise StorageError(f"could not create or read artist {display!r} after {_RETRIES} tries; "
                       "the database may be overloaded, try again")


def save_profile(session: Session, profile: StyleProfile, *,
                 templates: Sequence[dict[str, Any]] = ()) -> int:
    """Store `profile` as its artist's newest version and return that version number (1, 2…).

    Its similarity vector is stored as it comes, in `profile.embedding` (research computes it,
    research/embedder.py); a profile without one is stored without one and is left out of
    similarity searches. Older versions are kept (no longer current). The artist's confidence
    follows the newest profile, and the catalogue lists it (storage/catalog.py).
    """
    vector = None if profile.embedding is None else list(profile.embedding)
    artist = get_or_create_artist(session, profile.artist_name)
    for _ in range(_RETRIES):
        latest = session.scalar(select(func.max(StyleProfileRow.version))
                                .where(StyleProfileRow.artist_id == artist.id))
        version = (latest or 0) + 1
        try:
            with session.begin_nested():
                session.execute(update(StyleProfileRow)
                                .where(StyleProfileRow.artist_id == artist.id,
                                       StyleProfileRow.is_current.is_(True))
                                .values(is_current=False))
                session.add(_row(artist.id, version, profile, vector, templates))
        except IntegrityError:
            continue  # a concurrent save took this version number; take the next
        artist.confidence = profile.confidence
        artist.updated_at = utcnow()
        catalog.profile_saved(session, artist, version, profile.genres,
                              "done" if profile.source == "research" else None)
        session.flush()
        return version
    raise StorageError(f"could not save a profile for {profile.artist_name!r}: too many "
                       "concurrent saves; try again")


def _row(artist_id: int, version: int, p: StyleProfile, vector: list[float] | None,
         templates: Sequence[dict[str, Any]]) -> StyleProfileRow:
    return StyleProfileRow(
        artist_id=artist_id, version=version, is_current=True, artist_name=p.artist_name,
        kind=p.kind, aliases=list(p.aliases), drummers=list(p.drummers), genres=list(p.genres),
        params=p.params.to_dict(), description=p.text_description,
        signature_grooves=[g.to_dict() for g in p.signature_grooves],
        templates=[dict(t) for t in templates], embedding=vector, confidence=p.confidence,
        sources_count=p.sources_count, provenance=dict(p.provenance), source=p.source,
        created_at=utcnow())


def row_to_profile(row: StyleProfileRow, *, with_embedding: bool = False) -> StyleProfile:
    profile = StyleProfile.from_dict({
        "artist_name": row.artist_name, "aliases": row.aliases, "kind": row.kind,
        "drummers": row.drummers, "genres": row.genres, "text_description": row.description,
        "params": row.params, "signature_grooves": row.signature_grooves,
        "confidence": row.confidence, "sources_count": row.sources_count,
        "provenance": row.provenance, "source": row.source,
    })
    if with_embedding and row.embedding is not None:
        profile = replace(profile, embedding=tuple(row.embedding))
    return profile


def latest_profile_row(session: Session, name: str) -> StyleProfileRow | None:
    return session.scalar(
        select(StyleProfileRow).join(Artist, Artist.id == StyleProfileRow.artist_id)
        .where(Artist.normalized_name == normalize_name(name),
               StyleProfileRow.is_current.is_(True)))


def current_vector(session: Session, name: str) -> Row[tuple[int, str, list[float] | None]] | None:
    """(artist_id, artist_name, embedding) of `name`'s current profile, or None: what a
    similarity search starts from, without reading and parsing the rest of the profile."""
    return session.execute(
        select(StyleProfileRow.artist_id, StyleProfileRow.artist_name, StyleProfileRow.embedding)
        .join(Artist, Artist.id == StyleProfileRow.artist_id)
        .where(Artist.normalized_name == normalize_name(name),
               StyleProfileRow.is_current.is_(True))).first()


def latest_profile(session: Session, name: str, max_age: timedelta | None = None, *,
                   now: datetime | None = None) -> StyleProfile | None:
    """The newest stored profile of `name`, or None if there is none or it is older than
    `max_age` (the cache TTL; None: any age)."""
    row = latest_profile_row(session, name)
    if row is None:
        return None
    if max_age is not None and row.created_at < (now or utcnow()) - max_age:
        return None
    return row_to_profile(row)


def profile_versions(session: Session, name: str) -> list[tuple[int, datetime, StyleProfile]]:
    """Every stored version of `name`'s profile, oldest first: (version, created_at, profile)."""
    rows = session.scalars(
        select(StyleProfileRow).join(Artist, Artist.id == StyleProfileRow.artist_id)
        .where(Artist.normalized_name == normalize_name(name))
        .order_by(StyleProfileRow.version)).all()
    return [(r.version, r.created_at, row_to_profile(r)) for r in rows]


def profile_version(session: Session, name: str, version: int) -> StyleProfile | None:
    row = session.scalar(
        select(StyleProfileRow).join(Artist, Artist.id == StyleProfileRow.artist_id)
        .where(Artist.normalized_name == normalize_name(name), StyleProfileRow.version == version))
    return None if row is None else row_to_profile(row)

