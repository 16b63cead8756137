"""What a job receives besides its params: the database, the settings and a progress callback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..hybrid import HybridCoordinator


@dataclass(frozen=True, slots=True)
class JobContext:
    engine: Engine
    settings: Settings
    progress: Callable[[str, float], None]
    coordinator: HybridCoordinator | None = None  # the process's; None: the offline engine
