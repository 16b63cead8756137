"""Settings: one nested pydantic-settings tree, built once at each composition root (a CLI
command, `create_app`, a Celery worker) and handed down. Nothing below the roots reads the
environment, a config file or a global settings object.

    settings = Settings()                      # environment, dotenv, configs/*.yaml, defaults
    settings.storage.effective_database_url()  # the one place the data dir becomes a URL

Sections and their environment variables. Every field is also MIDIDRUMIGEN_<SECTION>__<FIELD>
(e.g. MIDIDRUMIGEN_STORAGE__OUTPUT_DIR, MIDIDRUMIGEN_LLM__RETRY__MAX_RETRIES); the short names
below are the documented ones and keep working:

    api         keys (MIDIDRUMIGEN_API_KEYS), cors_origins (…_CORS_ORIGINS),
                rate_limit_per_minute (…_RATE_LIMIT_PER_MINUTE), max_body_bytes
                (…_MAX_BODY_BYTES), bind_host (…_BIND_HOST), allowed_hosts
                (…_ALLOWED_HOSTS), trusted_proxies (…_TRUSTED_PROXIES), providers
                (…_API_PROVIDERS)
    storage     data_dir (…_DATA_DIR), database_url (…_DATABASE_URL, else DATABASE_URL),
                output_dir (…_OUTPUT_DIR), cache_dir (…_CACHE_DIR), profile_ttl_days
                (…_PROFILE_TTL_DAYS)
    generation  default_genre (…_DEFAULT_GENRE)
    tasks       broker_url (…_BROKER_URL), workers (…_TASK_WORKERS: the API's task threads),
                heartbeat_s (…_TASK_HEARTBEAT_S), max_runtime_s (…_TASK_MAX_RUNTIME_S)
    research    research/settings.py: MIDIDRUMIGEN_RESEARCH_<FIELD>; text_embeddings and
                text_model also as MIDIDRUMIGEN_TEXT_EMBEDDINGS, MIDIDRUMIGEN_TEXT_MODEL
    llm         llm/config.py: MIDIDRUMIGEN_LLM_ORDER=openai,anthropic (fallback order),
                MIDIDRUMIGEN_LLM_ROUTING=0|1, MIDIDRUMIGEN_LLM_<NAME>_MODEL|_BASE_URL|_TIMEOUT|
                _ENABLED; API keys from the variable each provider names (api_key_env)

Sources, first wins: keyword arguments (`Settings(storage={...})`, or a field by its short
name: `Settings(output_dir=...)`) > MIDIDRUMIGEN_<SECTION>__<FIELD> > the short names > the
dotenv file > the YAML files > defaults.

Files are found relative to this package or named explicitly, never relative to the working
directory. YAML files hold one mapping per section (`storage:`, `llm:` …; a flat `settings:`
mapping of short names is read too): by default the checkout's configs/generation.yaml and
configs/llm.yaml, or the files MIDIDRUMIGEN_CONFIG and MIDIDRUMIGEN_LLM_CONFIG name, or
`Settings(config_files=[...])`. The dotenv file: MIDIDRUMIGEN_ENV_FILE, else the checkout's .env.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ByteSize, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from .errors import UserInputError
from .llm.config import LLMConfig
from .research.settings import ResearchSettings

PREFIX = "MIDIDRUMIGEN_"
CHECKOUT = Path(__file__).resolve().parents[2]  # src/mididrumigen/config.py → the repository
CONFIG_DIR = CHECKOUT / "configs"

# Short names (keyword arguments, MIDIDRUMIGEN_<NAME>, a YAML `settings:` mapping) → the field
SHORT_NAMES: dict[str, tuple[str, str]] = {
    "api_keys": ("api", "keys"), "cors_origins": ("api", "cors_origins"),
    "rate_limit_per_minute": ("api", "rate_limit_per_minute"),
    "max_body_bytes": ("api", "max_body_bytes"), "bind_host": ("api", "bind_host"),
    "allowed_hosts": ("api", "allowed_hosts"), "trusted_proxies": ("api", "trusted_proxies"),
    "api_providers": ("api", "providers"),
    "data_dir": ("storage", "data_dir"), "database_url": ("storage", "database_url"),
    "output_dir": ("storage", "output_dir"), "cache_dir": ("storage", "cache_dir"),
    "profile_ttl_days": ("storage", "profile_ttl_days"),
    "output_max_age_days": ("storage", "output_max_age_days"),
    "output_max_bytes": ("storage", "output_max_bytes"),
    "output_prune_interval_s": ("storage", "output_prune_interval_s"),
    "default_genre": ("generation", "default_genre"),
    "broker_url": ("tasks", "broker_url"), "task_workers": ("tasks", "workers"),
    "task_heartbeat_s": ("tasks", "heartbeat_s"), "task_max_runtime_s": ("tasks", "max_runtime_s"),
    "text_embeddings": ("research", "text_embeddings"), "text_model": ("research", "text_model"),
}
_SECTION = ConfigDict(frozen=True, extra="ignore")


def default_data_dir() -> Path:
    """The platform's user data dir for mididrumigen (storage.data_dir's default)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("mididrumigen", appauthor=False))


def default_cache_dir() -> Path:
    """The platform's user cache dir for mididrumigen (storage.cache_dir's default)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mididrumigen", appauthor=False))


class ApiSettings(BaseModel):
    model_config = _SECTION

    keys: str = Field(default="", description="comma-separated API keys (X-API-Key)")
    cors_origins: str = Field(default="", description="comma-separated allowed CORS origins")
    rate_limit_per_minute: int = Field(default=600, ge=0, description="per key/IP; 0: off")
    max_body_bytes: int = Field(default=65536, ge=1024, description="largest request body")
    bind_host: str = Field(default="127.0.0.1", description="where the server listens; beyond "
                           "loopback API keys are required")
    allowed_hosts: str = Field(default="", description="comma-separated Host names a server "
                               "without API keys answers (default: localhost, 127.0.0.1, [::1] "
                               "and the bind host)")
    trusted_proxies: str = Field(default="", description="comma-separated addresses or networks "
                                 "of reverse proxies whose X-Forwarded-For names the client")
    providers: str = Field(default="template", description="comma-separated generators API "
                           "clients may use: template, auto, configured LLM provider names, or "
                           "* for all (LLM calls cost money)")


class StorageSettings(BaseModel):
    model_config = _SECTION

    data_dir: Path = Field(default_factory=default_data_dir, description="the SQLite file, LLM "
                           "call log, research cache and imported genre models")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite if unset")
    output_dir: Path = Field(default=Path("out"), description="where generated files go")
    cache_dir: Path = Field(default_factory=default_cache_dir, description="derived files that "
                            "are safe to delete: the validated knowledge base")
    profile_ttl_days: int = Field(default=90, ge=0, description="researched profiles older than "
                                  "this are not used (0: any age)")
    # the server's generated files (<output_dir>/api): pruned by age, then oldest first by size
    output_max_age_days: float = Field(default=7.0, ge=0, description="generated files older "
                                       "than this are removed (0: any age is kept)")
    output_max_bytes: ByteSize = Field(default=ByteSize(1 << 30), ge=0, description="then the "
                                       "oldest go until the rest fit, e.g. 500MB (0: no limit)")
    output_prune_interval_s: float = Field(default=600.0, gt=0, description="how often each "
                                           "server process prunes them")

    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'mididrumigen.db'}"

    @property
    def llm_calls_file(self) -> Path:
        """Where a process without a database records its LLM calls (moved into the table later)."""
        return self.data_dir / "llm_calls.jsonl"


class GenerationSettings(BaseModel):
    model_config = _SECTION

    default_genre: str = Field(default="rock", description="for artists nobody knows")


class TaskSettings(BaseModel):
    model_config = _SECTION

    broker_url: str | None = Field(default=None, description="redis://… runs tasks on Celery and "
                                   "shares rate limits")
    workers: int = Field(default=2, ge=1, le=32, description="the API's in-process task threads")
    heartbeat_s: float = Field(default=5.0, gt=0, le=300, description="how often task owners say "
                               "they are alive; silent for 6 times this, their tasks are queued "
                               "again")
    max_runtime_s: float = Field(default=900.0, gt=0, description="the longest a task may run (the "
                                 "broker's visibility timeout is sized from it)")


class Settings(BaseSettings):
    """The whole tree; see the module docstring for sources and names."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_nested_delimiter="__",
                                      extra="ignore")

    api: ApiSettings = Field(default_factory=ApiSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    tasks: TaskSettings = Field(default_factory=TaskSettings)
    research: ResearchSettings = Field(default_factory=ResearchSettings)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    config_files: tuple[Path, ...] = Field(default=(), description="the YAML files read")

    def __init__(self, *, config_files: Sequence[str | Path] | None = None,
                 **values: Any) -> None:
        files = (default_config_files(os.environ) if config_files is None
                 else tuple(Path(f) for f in config_files))
        try:
            super().__init__(config_files=tuple(f for f in files if f.is_file()),
                             **nest_short_names(values))
        except ValidationError as e:
            raise UserInputError(f"invalid settings: {describe(e)}", field="settings") from None

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings],
                                   init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        files = list(getattr(init_settings, "init_kwargs", {}).get("config_files") or ())
        env_file = getattr(dotenv_settings, "env_file", None) or default_env_file(os.environ)
        dotenv = DotEnvSettingsSource(settings_cls, env_file=env_file)
        yaml = YamlFilesSource(settings_cls, yaml_file=files, deep_merge=True)
        return (init_settings, env_settings, ShortNameSource(settings_cls, env_file), dotenv,
                yaml, file_secret_settings)

    @model_validator(mode="before")
    @classmethod
    def _flat_file_section(cls, data: Any) -> Any:
        """A YAML file's flat `settings:` mapping of short names (the older layout) fills the
        fields the sections do not set."""
        if not isinstance(data, Mapping) or not isinstance(data.get("settings"), Mapping):
            return data
        data = dict(data)
        for section, values in nest_short_names(data.pop("settings")).items():
            given = data.get(section)
            if given is None:
                data[section] = values
            elif isinstance(given, Mapping):
                data[section] = {**values, **given}
        return data

    @model_validator(mode="after")
    def _derived(self) -> Settings:
        """What follows from other fields: research's cache and MIDI folders in the data dir; each LLM
        provider's API key, read from the environment variable it names, now."""
        data_dir = self.storage.data_dir
        self.research = self.research.model_copy(update={
            "cache_dir": self.research.cache_dir or data_dir / "research-cache",
            "midi_dir": self.research.midi_dir or data_dir / "research-midi"})
        self.llm = self.llm.with_keys(os.environ)
        return self


class YamlFilesSource(YamlConfigSettingsSource):
    """The YAML files, parsed by libyaml's safe loader when PyYAML was built with it: the same
    documents and values as yaml.safe_load, without the pure-Python parser that took most of
    the time building the settings took."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        import yaml  # type: ignore[import-untyped,unused-ignore]

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with file_path.open(encoding=self.yaml_file_encoding or "utf-8") as f:
            data: dict[str, Any] = yaml.load(f, Loader=loader) or {}  # a safe loader
        return data


class ShortNameSource(PydanticBaseSettingsSource):
    """The documented environment names that are not MIDIDRUMIGEN_<SECTION>__<FIELD> (from
    the environment, then the dotenv file)."""

    def __init__(self, settings_cls: type[BaseSettings], env_file: Any = None) -> None:
        super().__init__(settings_cls)
        self.env_file = env_file

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        env: dict[str, str] = {}
        if self.env_file is not None and Path(self.env_file).is_file():
            from dotenv import dotenv_values

            env.update({k: v for k, v in dotenv_values(self.env_file).items() if v is not None})
        env.update(os.environ)
        return short_names_from_env(env)


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


_PROVIDER_SUFFIXES = (("_MODEL", "model", str), ("_BASE_URL", "base_url", str),
                      ("_TIMEOUT", "timeout_s", float), ("_ENABLED", "enabled", _flag))


def short_names_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings the short environment names set, as nested mappings."""
    env = {k.upper(): v for k, v in environ.items()}
    out: dict[str, Any] = {}

    def put(path: tuple[str, ...], value: Any) -> None:
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value

    if "DATABASE_URL" in env:
        put(("storage", "database_url"), env["DATABASE_URL"])
    for name, path in SHORT_NAMES.items():
        if PREFIX + name.upper() in env:
            put(path, env[PREFIX + name.upper()])
    for name in ResearchSettings.model_fields:
        if f"{PREFIX}RESEARCH_{name.upper()}" in env:
            put(("research", name), env[f"{PREFIX}RESEARCH_{name.upper()}"])
    order = env.get(f"{PREFIX}LLM_ORDER")
    if order:
        put(("llm", "fallback_order"), [n.strip() for n in order.split(",") if n.strip()])
    if f"{PREFIX}LLM_ROUTING" in env:
        put(("llm", "routing", "enabled"), _flag(env[f"{PREFIX}LLM_ROUTING"]))
    llm_prefix = f"{PREFIX}LLM_"
    for key, value in env.items():
        if not key.startswith(llm_prefix) or "__" in key:
            continue
        for suffix, field, convert in _PROVIDER_SUFFIXES:
            name = key[len(llm_prefix):-len(suffix)].lower() if key.endswith(suffix) else ""
            if name:
                try:
                    put(("llm", "providers", name, field), convert(value))
                except ValueError:
                    raise UserInputError(f"{key} must be a number, got {value!r}",
                                         field=key) from None
                break
    return out


def nest_short_names(values: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments with short names (output_dir=…) moved into their sections."""
    out: dict[str, Any] = {k: v for k, v in values.items() if k not in SHORT_NAMES}
    for name, (section, field) in SHORT_NAMES.items():
        if name not in values:
            continue
        given = out.get(section)
        if isinstance(given, BaseModel):
            out[section] = given.model_copy(update={field: values[name]})
        else:
            out[section] = {**(given or {}), field: values[name]}
    return out


def default_config_files(environ: Mapping[str, str]) -> tuple[Path, ...]:
    """MIDIDRUMIGEN_CONFIG (else the checkout's configs/generation.yaml), then
    MIDIDRUMIGEN_LLM_CONFIG (else configs/llm.yaml); later files win."""
    in_checkout = (CHECKOUT / "pyproject.toml").is_file()
    files = []
    for variable, name in (("MIDIDRUMIGEN_CONFIG", "generation.yaml"),
                           ("MIDIDRUMIGEN_LLM_CONFIG", "llm.yaml")):
        if environ.get(variable):
            files.append(Path(environ[variable]))
        elif in_checkout:
            files.append(CONFIG_DIR / name)
    return tuple(files)


def default_env_file(environ: Mapping[str, str]) -> Path | None:
    """MIDIDRUMIGEN_ENV_FILE, else the checkout's .env (None outside a checkout)."""
    if environ.get("MIDIDRUMIGEN_ENV_FILE"):
        return Path(environ["MIDIDRUMIGEN_ENV_FILE"])
    return CHECKOUT / ".env" if (CHECKOUT / "pyproject.toml").is_file() else None


def describe(error: ValidationError, section: str = "") -> str:
    """A pydantic ValidationError as `where: what` per problem, joined by '; '."""
    problems = []
    for e in error.errors():
        where = ".".join(str(p) for p in (section, *e["loc"]) if p != "")
        what = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{where}: {what}" if where else what)
    return "; ".join(problems)
