"""The stored catalogue: listed artists a page at a time, by name, genre or a name search, and
their counts — each request reading only its page and a few count rows.

    rows = page(session, genre="funk", q=None, tier=0, after=None, limit=51)
    counts(session, genre="funk")   -> {"done": 120, "none": 30, ...}

What the listing reads is kept in step by the repository (repository.save_profile and
sources.set_research_status call `profile_saved` / `set_status` in the same transaction):

* `artists.profile_version`: the current profile's version; NULL until the first one, so only
  artists with a profile are listed (partial index LISTED_INDEX on the name).
* `artist_genres`: (genre, name) for each listed artist's genres, the index a genre's pages
  walk.
* `catalog_counts`: listed artists per (genre, research status), genre '' for all of them.

* `artist_name_suffixes`: each listed name from each later word on ('john bonham band' ->
  'bonham band', 'band'), so a search for a later word is a range of one index.

Order is the normalized name (domain.names), compared byte by byte on both databases. A name
search matches the start of the name (tier 0: a range of the listed-name index) or of a later
word in it (tier 1: 'bonham' finds 'john bonham', a range of the suffix index); pages walk
tier 0, then tier 1. Neither reads names that do not match, so a rare or absent name costs as
little as a common one. `rebuild` recomputes all four from the profile rows (bulk loads
written around the repository, the migration that added them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from ..domain.genres import match_genre
from ..errors import StorageError
from .engine import on_conflict_insert
from .models import Artist, ArtistGenre, ArtistNameSuffix, CatalogCount, StyleProfileRow

ALL = ""  # catalog_counts.genre of the whole catalogue
SEARCH_TIERS = (0, 1)  # name starts with the query; a later word does
_HIGHEST = "\U0010ffff"  # sorts after every character: key < q + _HIGHEST ⇔ key starts with q…


@dataclass(frozen=True, slots=True)
class CatalogRow:
    key: str  # the normalized name: the sort and cursor key
    name: str
    kind: str
    genres: tuple[str, ...]
    confidence: float
    source: str
    research_status: str


def genre_keys(genres: Iterable[str]) -> set[str]:
    """A profile's genres as vocabulary keys (unknown ones dropped)."""
    return {k for k in (match_genre(g) for g in genres) if k}


def name_suffixes(key: str) -> list[str]:
    """A normalized name from each of its later words on: 'john bonham band' -> ['bonham band',
    'band']. A query q matches a later word of the name iff one of these starts with q."""
    return [key[i + 1:] for i, ch in enumerate(key) if ch == " " and key[i + 1:]]


def page(session: Session, *, genre: str | None, q: str | None, tier: int, after: str | None,
         limit: int) -> list[CatalogRow]:
    """Up to `limit` listed artists after the key `after`, in name order; with `genre` only that
    genre's, with `q` (a normalized name fragment) only the names matching it in `tier`."""
    a, p = Artist, StyleProfileRow
    stmt = select(a.normalized_name, p.artist_name, p.kind, p.genres, p.confidence, p.source,
                  a.research_status)
    if genre:
        g = ArtistGenre
        key: Any = g.normalized_name
        stmt = stmt.select_from(g).join(a, a.id == g.artist_id).where(g.genre == genre)
    else:
        key = a.normalized_name
        stmt = stmt.select_from(a).where(a.profile_version.is_not(None))
    stmt = stmt.join(p, and_(p.artist_id == a.id, p.version == a.profile_version))
    if q and tier == 1:  # the page's names come from the suffix index, `after` applied there
        stmt = stmt.where(key.in_(_later_word_keys(q, genre, after, limit)))
    else:
        if q:
            stmt = stmt.where(key >= q, key < q + _HIGHEST)
        if after is not None:
            stmt = stmt.where(key > after)
    return [CatalogRow(k, name, kind, tuple(genres or ()), float(conf), source, status)
            for k, name, kind, genres, conf, source, status
            in session.execute(stmt.order_by(key).limit(limit))]


def _later_word_keys(q: str, genre: str | None, after: str | None, limit: int) -> Any:
    """The first `limit` names after `after` with a later word starting with q (and not the
    name itself: those are tier 0), walked in name order within the suffix index's range."""
    s = ArtistNameSuffix
    stmt = select(s.normalized_name).where(
        s.suffix >= q, s.suffix < q + _HIGHEST,
        ~and_(s.normalized_name >= q, s.normalized_name < q + _HIGHEST))
    if genre:
        g = ArtistGenre  # probed per matching name (a join could drive from the whole genre)
        stmt = stmt.where(select(g.normalized_name).where(
            g.genre == genre, g.normalized_name == s.normalized_name).exists())
    if after is not None:
        stmt = stmt.where(s.normalized_name > after)
    return stmt.group_by(s.normalized_name).order_by(s.normalized_name).limit(limit)


def listed_among(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of these normalized names are listed (have a stored profile)."""
    if not keys:
        return set()
    return set(session.scalars(select(Artist.normalized_name).where(
        Artist.profile_version.is_not(None), Artist.normalized_name.in_(list(keys)))))


def counts(session: Session, genre: str | None = None) -> dict[str, int]:
    """Listed artists by research status, all of them or one genre's."""
    rows = session.execute(select(CatalogCount.status, CatalogCount.n)
                           .where(CatalogCount.genre == (genre or ALL), CatalogCount.n > 0))
    return {status: int(n) for status, n in rows}


# -- keeping it in step ---------------------------------------------------------------------

def profile_saved(session: Session, artist: Artist, version: int, genres: Iterable[str],
                  status: str | None = None) -> None:
    """`artist` now has profile `version` with these genres (and research `status`; None: as
    it was): list it, index its genres, move the counts. Call inside the saving transaction."""
    was = _locked(session, artist)
    status = status or was.research_status
    old_genres = _genres(session, artist)
    new_genres = genre_keys(genres)
    if old_genres - new_genres:
        session.execute(delete(ArtistGenre).where(
            ArtistGenre.artist_id == artist.id,
            ArtistGenre.genre.in_(sorted(old_genres - new_genres))))
    if new_genres - old_genres:
        session.execute(insert(ArtistGenre), [
            {"genre": g, "normalized_name": artist.normalized_name, "artist_id": artist.id}
            for g in sorted(new_genres - old_genres)])
    if was.profile_version is None:  # listed from now on: its later words become searchable
        _add_suffixes(session, [(artist.id, artist.normalized_name)])
    artist.profile_version = version
    artist.research_status = status
    deltas: dict[tuple[str, str], int] = {}
    if was.profile_version is not None:
        _add(deltas, old_genres, was.research_status, -1)
    _add(deltas, new_genres, status, +1)
    _bump(session, deltas)


def set_status(session: Session, artist: Artist, status: str) -> None:
    """Set an artist's research status, moving its counts if it is listed."""
    was = _locked(session, artist)
    artist.research_status = status
    if was.profile_version is None or was.research_status == status:
        return
    genres = _genres(session, artist)
    deltas: dict[tuple[str, str], int] = {}
    _add(deltas, genres, was.research_status, -1)
    _add(deltas, genres, status, +1)
    _bump(session, deltas)


def _locked(session: Session, artist: Artist) -> Any:
    """The artist's stored (profile_version, research_status), its row locked until commit on
    PostgreSQL (SQLite's writers already take turns)."""
    return session.execute(select(Artist.profile_version, Artist.research_status)
                           .where(Artist.id == artist.id).with_for_update()).one()


def _genres(session: Session, artist: Artist) -> set[str]:
    return set(session.scalars(select(ArtistGenre.genre)
                               .where(ArtistGenre.artist_id == artist.id)))


def _add_suffixes(session: Any, artists: Iterable[tuple[int, str]]) -> None:
    rows = [{"suffix": suffix, "normalized_name": key, "artist_id": artist_id}
            for artist_id, key in artists for suffix in dict.fromkeys(name_suffixes(key))]
    for start in range(0, len(rows), 10_000):
        session.execute(insert(ArtistNameSuffix), rows[start:start + 10_000])


def _add(deltas: dict[tuple[str, str], int], genres: Iterable[str], status: str,
         step: int) -> None:
    for g in (ALL, *genres):
        deltas[(g, status)] = deltas.get((g, status), 0) + step


def _bump(session: Session, deltas: dict[tuple[str, str], int]) -> None:
    """Add to catalog_counts rows (made on first use), in key order so that concurrent savers
    lock them in the same order."""
    changed = sorted((k, d) for k, d in deltas.items() if d)
    if not changed:
        return
    dialect = session.get_bind().dialect.name
    upsert = on_conflict_insert(dialect)
    if upsert is None:
        raise StorageError(f"the catalogue's counts need INSERT … ON CONFLICT: SQLite or "
                           f"PostgreSQL, not {dialect}")
    for (genre, status), d in changed:
        stmt = upsert(CatalogCount).values(genre=genre, status=status, n=d)
        session.execute(stmt.on_conflict_do_update(index_elements=["genre", "status"],
                                                   set_={"n": CatalogCount.n + d}))


def rebuild(session: Any) -> None:
    """Recompute profile_version, artist_genres and catalog_counts from the profile rows (a
    Session or Connection; after a bulk load that wrote rows directly, or to repair)."""
    a, p, g, c = Artist, StyleProfileRow, ArtistGenre, CatalogCount
    current = (select(p.version).where(p.artist_id == a.id, p.is_current.is_(True))
               .scalar_subquery())
    session.execute(update(a).values(profile_version=current))
    session.execute(delete(g))
    session.execute(delete(ArtistNameSuffix))
    rows = session.execute(select(a.id, a.normalized_name, p.genres)
                           .join(p, and_(p.artist_id == a.id, p.version == a.profile_version)))
    batch: list[dict[str, Any]] = []
    names: list[tuple[int, str]] = []
    for artist_id, key, genres in rows:
        names.append((artist_id, key))
        batch.extend({"genre": k, "normalized_name": key, "artist_id": artist_id}
                     for k in sorted(genre_keys(genres or ())))
    for start in range(0, len(batch), 10_000):
        session.execute(insert(g), batch[start:start + 10_000])
    _add_suffixes(session, names)
    session.execute(delete(c))
    listed = a.profile_version.is_not(None)
    session.execute(insert(c).from_select(
        ["genre", "status", "n"],
        select(literal(ALL), a.research_status, func.count())
        .where(listed).group_by(a.research_status)))
    session.execute(insert(c).from_select(
        ["genre", "status", "n"],
        select(g.genre, a.research_status, func.count()).join(a, a.id == g.artist_id)
        .group_by(g.genre, a.research_status)))
