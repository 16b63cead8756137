"""Name search by a later word from an index: artist_name_suffixes holds each listed artist's
normalized name from each later word on ('john bonham band' -> 'bonham band', 'band'), keyed
(suffix, name), so GET /artists?q=bonham reads a range of that index instead of every name.

Filled here from the listed artists (a frozen copy of storage.catalog.name_suffixes).

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-13
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 10_000


def _suffixes(key: str) -> list[str]:
    return list(dict.fromkeys(key[i + 1:] for i, ch in enumerate(key)
                              if ch == " " and key[i + 1:]))


def upgrade() -> None:
    conn = op.get_bind()
    name = sa.String(200, collation="C") if conn.dialect.name == "postgresql" else sa.String(200)
    table = op.create_table(
        "artist_name_suffixes",
        sa.Column("suffix", name, nullable=False),
        sa.Column("normalized_name", name, nullable=False),
        sa.Column("artist_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["artist_id"], ["artists.id"], ondelete="CASCADE",
                                name="fk_artist_name_suffixes_artist_id_artists"),
        sa.PrimaryKeyConstraint("suffix", "normalized_name", name="pk_artist_name_suffixes"),
    )
    op.create_index("ix_artist_name_suffixes_artist_id", "artist_name_suffixes", ["artist_id"])
    artists = sa.table("artists", sa.column("id", sa.Integer()),
                       sa.column("normalized_name", sa.String()),
                       sa.column("profile_version", sa.Integer()))
    rows: list[dict[str, object]] = []
    listed = conn.execute(sa.select(artists.c.id, artists.c.normalized_name)
                          .where(artists.c.profile_version.is_not(None)))
    for artist_id, key in listed.all():
        rows += [{"suffix": s, "normalized_name": key, "artist_id": artist_id}
                 for s in _suffixes(key)]
        if len(rows) >= BATCH:
            conn.execute(sa.insert(table), rows)
            rows = []
    if rows:
        conn.execute(sa.insert(table), rows)


def downgrade() -> None:
    op.drop_index("ix_artist_name_suffixes_artist_id", table_name="artist_name_suffixes")
    op.drop_table("artist_name_suffixes")
