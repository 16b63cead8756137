"""What a job receives besides its params: the database, the settings, a progress callback and
the process's services.Runtime (made by the composition root: the API's lifespan, a worker)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime


@dataclass(frozen=True, slots=True)
class JobContext:
    engine: Engine
    settings: Settings
    progress: Callable[[str, float], None]
    runtime: Runtime | None = None  # the process's; the services jobs need it

    def need_runtime(self) -> Runtime:
        if self.runtime is None:
            from ..errors import MidiDrumiGenError

            raise MidiDrumiGenError("this task runner was started without a services.Runtime")
        return self.runtime
