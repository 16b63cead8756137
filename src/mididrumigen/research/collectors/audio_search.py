"""Audio found by search (opt-in): the artist's recordings found with yt-dlp's search, a bounded
number of clips analysed (tempo, swing, syncopation, density, dynamics; see audio_analysis),
and the audio deleted right after — never kept, never served.

Runs only when research is online, MIDIDRUMIGEN_RESEARCH_URL_AUDIO=1 (the same opt-in as audio
URLs), and yt-dlp is installed (the `audio-search` extra; it is never required). At most
settings.audio_search_clips recordings whose title names the artist and that are no longer
than settings.max_audio_s * 2 are fetched, into a temporary folder that is removed when the
collector finishes, whatever happens.

The two seams (`search(query_text, n) -> [{"id", "title", "url", "duration"}]` and
`download(url, folder) -> Path`) default to yt-dlp and are handed in by tests.
"""

from __future__ import annotations

import asyncio
import importlib.util
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...errors import ResearchError
from ..evidence import Evidence, ResearchQuery
from ..http import Http
from ..naming import names_artist
from ..registry import Collector
from .audio import analyse_file, download_audio

LICENSE = "found by search with the user's consent; analysed, audio not stored"
CANDIDATES = 10

Search = Callable[[str, int], list[dict[str, Any]]]
Download = Callable[[str, Path], Path]


def yt_search(text: str, n: int) -> list[dict[str, Any]]:
    """yt-dlp's search, without downloading: entries with id, title, url, duration."""
    import yt_dlp  # type: ignore[import-not-found]

    with yt_dlp.YoutubeDL({"quiet": True, "noprogress": True, "extract_flat": True,
                           "skip_download": True}) as ydl:
        info = ydl.extract_info(f"ytsearch{n}:{text}", download=False)
    return [e for e in (info or {}).get("entries") or [] if isinstance(e, dict)]


class AudioSearchCollector(Collector):
    name = "audio_search"
    online = True
    weight = 3.0

    def __init__(self, search: Search | None = None, download: Download | None = None) -> None:
        self.search = search
        self.download = download

    def applies(self, query: ResearchQuery) -> bool:
        installed = self.search is not None or importlib.util.find_spec("yt_dlp") is not None
        return query.online and query.url_audio and installed and query.depth in self.depths

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        settings = http.settings
        search = self.search or yt_search
        download = self.download or download_audio
        entries = await asyncio.to_thread(search, f"{query.artist} drums", CANDIDATES)
        longest = settings.max_audio_s * 2
        picked = [e for e in entries if names_artist(str(e.get("title", "")), [query.artist])
                  and float(e.get("duration") or 0) <= longest][:settings.audio_search_clips]
        out: list[Evidence] = []
        errors: list[str] = []
        with tempfile.TemporaryDirectory(prefix="mdg-audio-search-") as tmp:
            for e in picked:
                url = str(e.get("url") or e.get("webpage_url") or "")
                try:
                    path = await asyncio.to_thread(download, url, Path(tmp))
                    ev = await asyncio.to_thread(analyse_file, path, settings.max_audio_s)
                    path.unlink(missing_ok=True)
                except Exception as exc:  # one clip failing must not lose the others
                    errors.append(f"{url}: {exc}")
                    continue
                out.append(Evidence(self.name, url, ev.payload, ev.confidence, LICENSE,
                                    title=str(e.get("title") or url)[:200]))
        if errors and not out:
            raise ResearchError("audio search: " + "; ".join(errors)[:600])
        return out
