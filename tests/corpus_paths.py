"""Where the Groove MIDI Dataset train split lives: ../shared/corpora/gmd-train beside the repo
(MIDIDRUMIGEN_GMD overrides). Under CI its absence is an error, not a skip (tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GMD = Path(os.environ.get("MIDIDRUMIGEN_GMD", REPO.parent / "shared" / "corpora" / "gmd-train"))
