"""What the MIDI database collectors share: which search hits are the artist's songs, fetching
them within limits into the user's data dir, and reading them with the one MIDI path.

- A hit counts when its artist field, or its title, names the artist (or an alias) as whole
  words; one file per song title (the first, i.e. the site's best match); at most
  `settings.midi_db_songs(depth)` songs per site.
- Files are fetched one at a time with `settings.download_interval_s` between them, only where
  the site's robots.txt allows it, at most `settings.midi_max_bytes` each, and kept only when
  they are Standard MIDI Files. They are stored under `settings.effective_midi_dir()/<site>/`
  (the user's data dir: research sources, never part of the package); a file already there is
  not fetched again.
- Then `collectors.midi_files.analyse` reads them like the user's own files (the drum part of a
  full-band file, tempo map, meters, transcription quality) and clusters their bars into the
  artist's grooves, as evidence of the site's collector, attributed to the artist.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .evidence import Evidence, ResearchQuery
from .http import FetchError, Http
from .naming import names_artist, song_title
from .web import fetch_bytes


@dataclass(frozen=True, slots=True)
class MidiHit:
    """One search result of a MIDI database."""

    site: str
    id: str
    title: str  # as the site shows it (may include the artist)
    artist: str
    page_url: str
    download_url: str


def artist_names(query: ResearchQuery) -> list[str]:
    return [query.artist, *(str(a) for a in query.hints.get("aliases", ()))]


async def pause(http: Http, seconds: float) -> None:
    """A polite pause between downloads (the Http's own sleep when it has one: tests)."""
    if seconds > 0:
        await (http.sleep or asyncio.sleep)(seconds)


def songs_of(hits: Sequence[MidiHit], names: Sequence[str], limit: int) -> list[MidiHit]:
    """The hits that are the artist's, one per song title, at most `limit`."""
    out: list[MidiHit] = []
    seen: set[str] = set()
    for hit in hits:
        if not (names_artist(hit.artist, names) or names_artist(hit.title, names)):
            continue
        key = re.sub(r"[^0-9a-z]+", "", song_title(hit.title, names).casefold())
        if key in seen:
            continue
        seen.add(key)
        out.append(hit)
        if len(out) >= limit:
            break
    return out


def _file_name(hit: MidiHit) -> str:
    safe = re.sub(r"[^0-9A-Za-z_-]+", "_", hit.id)[:60] or "file"
    digest = hashlib.sha256(hit.download_url.encode()).hexdigest()[:8]
    return f"{safe}-{digest}.mid"


def _store(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".mid")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return path


async def download(http: Http, hit: MidiHit, *, referer: str = "", attempts: int = 1) -> Path:
    """The hit's file in the data dir (fetched unless already there). A site that answers
    the first request with a page (setting a cookie) gets `attempts` tries."""
    folder = http.settings.effective_midi_dir() / hit.site
    path = folder / _file_name(hit)
    if path.is_file():
        return path
    data = b""
    for attempt in range(max(1, attempts)):
        if attempt:
            await pause(http, http.settings.download_interval_s)
        data = await fetch_bytes(http, hit.download_url, max_bytes=http.settings.midi_max_bytes,
                                 referer=referer)
        if data[:4] == b"MThd":
            break
    if data[:4] != b"MThd":
        raise FetchError(f"{hit.download_url}: not a MIDI file", url=hit.download_url)
    return _store(folder, path.name, data)


async def research_hits(http: Http, query: ResearchQuery, hits: Sequence[MidiHit], *,
                        source: str, license: str, referer_of: dict[str, str] | None = None,
                        attempts: int = 1) -> list[Evidence]:
    """Download the artist's songs among `hits` and analyse them (see the module docstring).
    Raises FetchError when songs were found but none could be read."""
    from .collectors.midi_files import MidiInput, analyse, skipped_notice, with_notices

    names = artist_names(query)
    chosen = songs_of(hits, names, http.settings.midi_db_songs(query.depth))
    inputs: list[MidiInput] = []
    errors: list[str] = []
    for i, hit in enumerate(chosen):
        if i:
            await pause(http, http.settings.download_interval_s)
        try:
            path = await download(http, hit, referer=(referer_of or {}).get(hit.id, ""),
                                  attempts=attempts)
        except FetchError as e:
            errors.append(str(e))
            continue
        inputs.append(MidiInput(path, song_title(hit.title, names), hit.page_url, True))
    evidence: list[Evidence] = []
    if inputs:
        evidence, bad = await asyncio.to_thread(analyse, inputs, artist=names, source=source,
                                                license=license)
        errors += bad
    if chosen and not evidence:
        raise FetchError(f"{source}: none of {len(chosen)} song(s) could be read: "
                         + "; ".join(errors)[:500], url=chosen[0].download_url)
    return with_notices(evidence, skipped_notice(source, errors, len(chosen)))
