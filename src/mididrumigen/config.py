"""Settings from environment variables (MIDIDRUMIGEN_*), a .env file and configs/generation.yaml.

Precedence: explicit arguments > environment > .env > YAML file > defaults.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ByteSize, Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict


def default_data_dir() -> Path:
    env = os.environ.get("MIDIDRUMIGEN_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("mididrumigen", appauthor=False))


class _YamlSource(PydanticBaseSettingsSource):
    """Reads the `settings:` mapping of configs/generation.yaml (or MIDIDRUMIGEN_CONFIG)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = Path(os.environ.get("MIDIDRUMIGEN_CONFIG", "configs/generation.yaml"))
        if not path.is_file():
            return {}
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        section = data.get("settings", {}) if isinstance(data, dict) else {}
        return section if isinstance(section, dict) else {}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MIDIDRUMIGEN_", env_file=".env",
                                      extra="ignore")

    output_dir: Path = Field(default=Path("out"), description="where generated files go")
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite if unset")
    default_genre: str = "rock"
    fill_every: int = Field(default=4, ge=0, le=16)
    profile_ttl_days: int = Field(default=90, ge=0)
    # REST API and task workers
    api_keys: str = Field(default="", description="comma-separated API keys (X-API-Key)")
    cors_origins: str = Field(default="", description="comma-separated allowed CORS origins")
    broker_url: str | None = Field(default=None, description="redis://… runs tasks on Celery")
    rate_limit_per_minute: int = Field(default=600, ge=0, description="per key/IP; 0: off")
    max_body_bytes: int = Field(default=65536, ge=1024, description="largest request body")
    # the server's generated files (<output_dir>/api): pruned by age, then oldest first by size
    output_max_age_days: float = Field(default=7.0, ge=0, description="0: any age is kept")
    output_max_bytes: ByteSize = Field(default=ByteSize(1 << 30), ge=0,
                                       description="e.g. 500MB, 2GiB; 0: no size limit")
    output_prune_interval_s: float = Field(default=600.0, gt=0, description="how often")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings],
                                   init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, dotenv_settings, _YamlSource(settings_cls),
                file_secret_settings)

    def effective_database_url(self) -> str:
        return (self.database_url or os.environ.get("DATABASE_URL")
                or f"sqlite:///{self.data_dir / 'mididrumigen.db'}")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
