"""The catalogue in the database: artists.profile_version (the current profile's version, NULL
while an artist has none) with a partial index on the names of listed artists, artist_genres
(genre, name) for paging one genre, and catalog_counts (listed artists per genre and research
status). On PostgreSQL artists.normalized_name compares byte by byte (COLLATE "C", as on
SQLite), and with pg_trgm available a trigram index serves name searches.

Existing rows are filled in from the profile rows by a frozen copy of what
storage.catalog.rebuild did then (0006 added a table that rebuild now fills too).

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NAME = sa.String(200)
C_NAME = sa.String(200, collation="C")
LISTED = "ix_artists_listed"
TRGM = "ix_artists_name_trgm"


def upgrade() -> None:
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    op.add_column("artists", sa.Column("profile_version", sa.Integer()))
    if postgres:
        op.alter_column("artists", "normalized_name", type_=C_NAME, existing_type=NAME,
                        existing_nullable=False)
    op.create_index(LISTED, "artists", ["normalized_name"],
                    sqlite_where=sa.text("profile_version IS NOT NULL"),
                    postgresql_where=sa.text("profile_version IS NOT NULL"))
    name = C_NAME if postgres else NAME
    op.create_table(
        "artist_genres",
        sa.Column("genre", sa.String(40), nullable=False),
        sa.Column("normalized_name", name, nullable=False),
        sa.Column("artist_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["artist_id"], ["artists.id"], ondelete="CASCADE",
                                name="fk_artist_genres_artist_id_artists"),
        sa.PrimaryKeyConstraint("genre", "normalized_name", name="pk_artist_genres"),
    )
    op.create_index("ix_artist_genres_artist_id", "artist_genres", ["artist_id"])
    op.create_table(
        "catalog_counts",
        sa.Column("genre", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("genre", "status", name="pk_catalog_counts"),
    )
    if postgres and conn.scalar(sa.text(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")):
        try:
            with conn.begin_nested():
                conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                conn.execute(sa.text(f"CREATE INDEX {TRGM} ON artists "
                                     "USING gin (normalized_name gin_trgm_ops)"))
        except sa.exc.DBAPIError:
            pass  # not allowed to create the extension: searches scan the name index instead

    _fill(conn)


def _fill(conn: sa.Connection) -> None:
    """profile_version, artist_genres and catalog_counts from the profile rows: storage.catalog's
    rebuild as it was when this was written (frozen: later revisions add tables it fills)."""
    from mididrumigen.domain.genres import match_genre
    from mididrumigen.storage.columns import PortableJSON

    a = sa.table("artists", sa.column("id", sa.Integer()), sa.column("normalized_name"),
                 sa.column("research_status"), sa.column("profile_version", sa.Integer()))
    p = sa.table("style_profiles", sa.column("artist_id", sa.Integer()),
                 sa.column("version", sa.Integer()), sa.column("is_current", sa.Boolean()),
                 sa.column("genres", PortableJSON()))
    g = sa.table("artist_genres", sa.column("genre"), sa.column("normalized_name"),
                 sa.column("artist_id", sa.Integer()))
    c = sa.table("catalog_counts", sa.column("genre"), sa.column("status"), sa.column("n"))
    current = (sa.select(p.c.version).where(p.c.artist_id == a.c.id, p.c.is_current.is_(True))
               .scalar_subquery())
    conn.execute(sa.update(a).values(profile_version=current))
    rows = conn.execute(sa.select(a.c.id, a.c.normalized_name, p.c.genres).join(
        p, sa.and_(p.c.artist_id == a.c.id, p.c.version == a.c.profile_version)))
    batch: list[dict[str, object]] = []
    for artist_id, key, genres in rows.all():
        keys = {k for k in (match_genre(x) for x in genres or ()) if k}
        batch += [{"genre": k, "normalized_name": key, "artist_id": artist_id}
                  for k in sorted(keys)]
    for start in range(0, len(batch), 10_000):
        conn.execute(sa.insert(g), batch[start:start + 10_000])
    listed = a.c.profile_version.is_not(None)
    conn.execute(sa.insert(c).from_select(
        ["genre", "status", "n"],
        sa.select(sa.literal(""), a.c.research_status, sa.func.count())
        .where(listed).group_by(a.c.research_status)))
    conn.execute(sa.insert(c).from_select(
        ["genre", "status", "n"],
        sa.select(g.c.genre, a.c.research_status, sa.func.count())
        .join(a, a.c.id == g.c.artist_id).group_by(g.c.genre, a.c.research_status)))


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(f"DROP INDEX IF EXISTS {TRGM}")
    op.drop_table("catalog_counts")
    op.drop_index("ix_artist_genres_artist_id", table_name="artist_genres")
    op.drop_table("artist_genres")
    op.drop_index(LISTED, table_name="artists")
    if postgres:
        op.alter_column("artists", "normalized_name", type_=NAME, existing_type=C_NAME,
                        existing_nullable=False)
    with op.batch_alter_table("artists") as batch:
        batch.drop_column("profile_version")
