"""The layout of a StyleProfile's similarity vector (`StyleProfile.embedding`).

research/embedder.py computes the vector; storage stores it in one fixed-width column (a
pgvector `vector(EMBEDDING_DIM)` on PostgreSQL) and searches by cosine similarity. Both read
the width from here, so storage never needs the embedder.

    [ GROOVE_FEATURES (15) | GENRES (38, domain.genres) | text (TEXT_DIM = 384) ]
"""

from __future__ import annotations

from .genres import GENRES

GROOVE_FEATURES: tuple[str, ...] = (
    "tempo", "swing", "ghost_notes", "syncopation", "velocity_mean", "velocity_spread",
    "microtiming_kick", "microtiming_snare", "microtiming_hat", "fill_rate", "hat_openness",
    "complexity", "double_kick", "ride_led", "presence",
)
TEXT_DIM = 384  # a sentence embedding of the description (all-MiniLM-L6-v2)
EMBEDDING_DIM = len(GROOVE_FEATURES) + len(GENRES) + TEXT_DIM
