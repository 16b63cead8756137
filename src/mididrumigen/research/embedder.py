"""A text embedding of the profile description, when the optional `embeddings` extra
(sentence-transformers) is installed and its model is available locally; otherwise None.
Never downloads at import; the model loads on first use and is kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

MODEL = "all-MiniLM-L6-v2"


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        return SentenceTransformer(MODEL, local_files_only=True)
    except Exception:  # no local copy of the model: no embedding, research still works
        return None


def default_embedder() -> Callable[[str], Sequence[float] | None] | None:
    """An embedder, or None when the extra is not installed."""
    import importlib.util

    if importlib.util.find_spec("sentence_transformers") is None:
        return None

    def embed(text: str) -> Sequence[float] | None:
        model = _model()
        if model is None:
            return None
        return [float(x) for x in model.encode(text[:2000])]

    return embed
