"""Audio: local files in the source folder (and, only when enabled and online, URLs fetched with
yt-dlp): tempo, swing, syncopation, density and dynamics per recording (see audio_analysis).

Needs the `audio` extra (librosa, soundfile). yt-dlp is never required: URL audio runs only when
research is online, `url_audio` is enabled, and yt-dlp is installed.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from ...errors import ResearchError
from ..evidence import Evidence, ResearchQuery
from ..http import Http
from ..registry import Collector

AUDIO_EXTENSIONS = (".wav", ".flac", ".ogg", ".oga", ".aiff", ".aif", ".mp3")
LICENSE_LOCAL = "the user's own file (analysed locally; audio not stored)"
BASE_CONFIDENCE = 0.7


def find_audio(folder: Path | None, limit: int) -> tuple[list[Path], int]:
    """The first `limit` audio files under `folder` (sorted by path), and how many there are."""
    if folder is None:
        return [], 0
    folder = Path(folder)
    if folder.is_file():
        found = [folder] if folder.suffix.lower() in AUDIO_EXTENSIONS else []
        return found, len(found)
    if not folder.is_dir():
        return [], 0
    files = sorted(p for p in Path(folder).rglob("*")
                   if p.suffix.lower() in AUDIO_EXTENSIONS and p.is_file())
    return files[:limit], len(files)


def audio_files(folder: Path | None, limit: int) -> list[Path]:
    return find_audio(folder, limit)[0]


def analyse_file(path: Path, max_s: float) -> Evidence:
    from ..audio_analysis import analyze_audio, feature_params, load_audio

    y, sr = load_audio(str(path), max_s)
    features = analyze_audio(y, sr)
    if not features.tempo:
        raise ResearchError(f"{path.name}: no steady beat found")
    confidence = BASE_CONFIDENCE * features.beat_regularity * min(1.0, features.duration_s / 20.0)
    return Evidence("audio", str(path), {"params": feature_params(features),
                                         "features": features.to_dict(),
                                         "tempos": [features.tempo]},
                    round(max(0.05, min(1.0, confidence)), 3), LICENSE_LOCAL, title=path.name)


def download_audio(url: str, folder: Path) -> Path:
    """Fetch the audio of `url` with yt-dlp (optional dependency) into `folder`."""
    try:
        import yt_dlp  # type: ignore[import-not-found]
    except ImportError:
        raise ResearchError("URL audio needs yt-dlp: pip install yt-dlp") from None
    options = {"format": "bestaudio/best", "outtmpl": str(folder / "%(id)s.%(ext)s"),
               "quiet": True, "noprogress": True, "noplaylist": True,
               "postprocessors": [{"key": "FFmpegExtractAudio", "preferredcodec": "wav"}]}
    with yt_dlp.YoutubeDL(options) as ydl:
        info = ydl.extract_info(url, download=True)
    wavs = sorted(folder.glob(f"{info.get('id', '*')}*.wav"))
    if not wavs:
        raise ResearchError(f"{url}: yt-dlp gave no audio")
    return wavs[0]


class AudioCollector(Collector):
    name = "audio"
    online = False
    weight = 2.0

    def applies(self, query: ResearchQuery) -> bool:
        has_urls = bool(query.audio_urls) and query.url_audio and query.online
        return query.source_dir is not None or has_urls

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        from .midi_files import cap_notice, skipped_notice, with_notices

        settings = http.settings
        files, total = find_audio(query.source_dir, settings.max_files)
        out: list[Evidence] = []
        errors: list[str] = []
        if files:  # start-up (librosa, numba) once, on one thread, then files side by side
            from ..audio_analysis import warm_up

            await asyncio.to_thread(warm_up)
        slots = asyncio.Semaphore(max(1, os.cpu_count() or 1))

        async def one(path: Path) -> Evidence | str:
            async with slots:
                try:
                    return await asyncio.to_thread(analyse_file, path, settings.max_audio_s)
                except Exception as e:  # one unreadable file must not lose the others
                    return f"{path.name}: {e}"

        for found in await asyncio.gather(*(one(p) for p in files)):  # in file order
            if isinstance(found, str):
                errors.append(found)
            else:
                out.append(found)
        if query.audio_urls and query.url_audio and query.online:
            with tempfile.TemporaryDirectory(prefix="mdg-audio-") as tmp:
                for url in query.audio_urls:
                    try:
                        path = await asyncio.to_thread(download_audio, url, Path(tmp))
                        ev = await asyncio.to_thread(analyse_file, path, settings.max_audio_s)
                        out.append(Evidence("audio", url, ev.payload, ev.confidence,
                                            "downloaded with the user's consent; analysed, "
                                            "not stored", title=url))
                    except Exception as e:
                        errors.append(f"{url}: {e}")
        if errors and not out:
            raise ResearchError("audio: " + "; ".join(errors)[:600])
        return with_notices(out, cap_notice("audio", len(files), total, query.source_dir)
                            + skipped_notice("audio", errors, len(files)))
