"""The settings tree: built once at the composition roots (config.Settings), from the
environment (the documented names and MIDIDRUMIGEN_<SECTION>__<FIELD>), config files found
relative to the package, and keyword arguments; nothing below the roots reads settings or the
environment."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import mididrumigen
from mididrumigen import config
from mididrumigen.config import CONFIG_DIR, Settings
from mididrumigen.errors import UserInputError

PACKAGE = Path(mididrumigen.__file__).resolve().parent
# The composition roots: they build the Settings (and may write the environment for the
# processes they start); everything else is handed what it needs.
ROOTS = {"config.py", "cli/context.py", "cli/serve.py", "api/app.py"}
ENV_NAMES = ("environ", "environb", "getenv", "putenv", "unsetenv")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No MIDIDRUMIGEN_* variable from the developer's shell (the data dir stays private)."""
    for key in [k for k in os.environ if k.upper().startswith("MIDIDRUMIGEN_")
                or k.upper() == "DATABASE_URL"]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("MIDIDRUMIGEN_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def _settings_and_environment_reads(tree: ast.AST) -> list[str]:
    """Where a module reads the environment or builds/fetches the global settings."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in ENV_NAMES
                and isinstance(node.value, ast.Name) and node.value.id == "os"):
            found.append(f"line {node.lineno}: os.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in ("os", "dotenv"):
            names = [a.name for a in node.names if node.module == "dotenv" or a.name in ENV_NAMES]
            found += [f"line {node.lineno}: from {node.module} import {n}" for n in names]
        elif isinstance(node, ast.Call):
            func = node.func
            name = (func.id if isinstance(func, ast.Name)
                    else func.attr if isinstance(func, ast.Attribute) else "")
            if name in ("Settings", "get_settings", "load_llm_config"):
                found.append(f"line {node.lineno}: {name}()")
    return found


def test_no_module_below_the_composition_roots_reads_settings_or_the_environment() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        hits = _settings_and_environment_reads(ast.parse(path.read_text(encoding="utf-8")))
        if hits and rel not in ROOTS:
            offenders[rel] = hits
    assert offenders == {}
    # the check sees what it looks for: the roots do build settings and read the environment
    for root, expected in (("api/app.py", "Settings()"), ("cli/context.py", "Settings()"),
                           ("config.py", "os.environ")):
        hits = _settings_and_environment_reads(ast.parse((PACKAGE / root).read_text("utf-8")))
        assert any(expected in h for h in hits), root
    assert not hasattr(config, "get_settings")


def test_defaults_and_the_sections(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = Settings(config_files=[])
    assert s.storage.data_dir == tmp_path / "data"
    assert s.storage.effective_database_url() == f"sqlite:///{tmp_path / 'data' / 'mididrumigen.db'}"
    assert s.storage.llm_calls_file == tmp_path / "data" / "llm_calls.jsonl"
    assert s.research.cache_dir == tmp_path / "data" / "research-cache"  # the data dir, once
    assert (s.api.keys, s.api.rate_limit_per_minute, s.api.bind_host) == ("", 600, "127.0.0.1")
    assert (s.tasks.broker_url, s.tasks.workers) == (None, 2)
    assert s.generation.default_genre == "rock" and s.storage.profile_ttl_days == 90
    assert s.llm.fallback_order[0] == "anthropic" and not s.research.online


@pytest.mark.parametrize(("variable", "value", "path", "expected"), [
    ("MIDIDRUMIGEN_API_KEYS", "k1,k2", "api.keys", "k1,k2"),
    ("MIDIDRUMIGEN_CORS_ORIGINS", "http://a", "api.cors_origins", "http://a"),
    ("MIDIDRUMIGEN_RATE_LIMIT_PER_MINUTE", "0", "api.rate_limit_per_minute", 0),
    ("MIDIDRUMIGEN_MAX_BODY_BYTES", "2048", "api.max_body_bytes", 2048),
    ("MIDIDRUMIGEN_BIND_HOST", "0.0.0.0", "api.bind_host", "0.0.0.0"),
    ("MIDIDRUMIGEN_DATABASE_URL", "sqlite:///x.db", "storage.database_url", "sqlite:///x.db"),
    ("DATABASE_URL", "postgresql://h/db", "storage.database_url", "postgresql://h/db"),
    ("MIDIDRUMIGEN_OUTPUT_DIR", "/tmp/o", "storage.output_dir", Path("/tmp/o")),
    ("MIDIDRUMIGEN_PROFILE_TTL_DAYS", "0", "storage.profile_ttl_days", 0),
    ("MIDIDRUMIGEN_DEFAULT_GENRE", "funk", "generation.default_genre", "funk"),
    ("MIDIDRUMIGEN_BROKER_URL", "redis://h:6379/0", "tasks.broker_url", "redis://h:6379/0"),
    ("MIDIDRUMIGEN_TASK_WORKERS", "5", "tasks.workers", 5),
    ("MIDIDRUMIGEN_RESEARCH_ONLINE", "1", "research.online", True),
    ("MIDIDRUMIGEN_RESEARCH_LLM", "none", "research.llm", "none"),
    ("MIDIDRUMIGEN_RESEARCH_CONTACT", "me@example.org", "research.contact", "me@example.org"),
    ("MIDIDRUMIGEN_TEXT_EMBEDDINGS", "1", "research.text_embeddings", True),
    ("MIDIDRUMIGEN_LLM_ORDER", "openai,google", "llm.fallback_order", ("openai", "google")),
    ("MIDIDRUMIGEN_LLM_ROUTING", "0", "llm.routing.enabled", False),
    # every field also by its place in the tree
    ("MIDIDRUMIGEN_STORAGE__OUTPUT_DIR", "/tmp/n", "storage.output_dir", Path("/tmp/n")),
    ("MIDIDRUMIGEN_API__KEYS", "k3", "api.keys", "k3"),
    ("MIDIDRUMIGEN_TASKS__WORKERS", "7", "tasks.workers", 7),
    ("MIDIDRUMIGEN_RESEARCH__RETRIES", "4", "research.retries", 4),
    ("MIDIDRUMIGEN_LLM__ROUTING__MEDIUM_AT", "0.5", "llm.routing.medium_at", 0.5),
])
def test_environment_names(clean_env: pytest.MonkeyPatch, variable: str, value: str, path: str,
                           expected: object) -> None:
    clean_env.setenv(variable, value)
    found: object = Settings(config_files=[])
    for part in path.split("."):
        found = getattr(found, part)
    assert found == expected


def test_the_nested_name_wins_over_the_short_one_and_keywords_win_over_both(
        clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATABASE_URL", "sqlite:///c.db")
    assert Settings(config_files=[]).storage.database_url == "sqlite:///c.db"
    clean_env.setenv("MIDIDRUMIGEN_DATABASE_URL", "sqlite:///b.db")
    assert Settings(config_files=[]).storage.database_url == "sqlite:///b.db"
    clean_env.setenv("MIDIDRUMIGEN_STORAGE__DATABASE_URL", "sqlite:///a.db")
    assert Settings(config_files=[]).storage.database_url == "sqlite:///a.db"
    s = Settings(config_files=[], database_url="sqlite:///k.db", rate_limit_per_minute=0,
                 storage={"output_dir": "o"})
    assert s.storage.database_url == "sqlite:///k.db" and s.storage.output_dir == Path("o")
    assert s.api.rate_limit_per_minute == 0


def test_config_files_are_found_relative_to_the_package_not_the_working_directory(
        clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "configs").mkdir(parents=True)
    (elsewhere / "configs" / "generation.yaml").write_text(
        "generation:\n  default_genre: polka\n", encoding="utf-8")
    clean_env.chdir(elsewhere)
    s = Settings()
    assert CONFIG_DIR / "llm.yaml" in s.config_files
    assert CONFIG_DIR / "generation.yaml" in s.config_files
    assert s.generation.default_genre == "rock"  # the working directory's file is not read
    mine = tmp_path / "mine.yaml"
    mine.write_text("generation:\n  default_genre: funk\nstorage:\n  profile_ttl_days: 3\n",
                    encoding="utf-8")
    clean_env.setenv("MIDIDRUMIGEN_CONFIG", str(mine))
    s = Settings()
    assert (s.generation.default_genre, s.storage.profile_ttl_days) == ("funk", 3)
    assert Settings(config_files=[mine]).config_files == (mine,)
    clean_env.setenv("MIDIDRUMIGEN_DEFAULT_GENRE", "jazz")  # the environment wins over files
    assert Settings().generation.default_genre == "jazz"


def test_a_flat_settings_mapping_in_a_file_is_still_read(clean_env: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text("settings:\n  output_dir: flat\n  default_genre: soul\n"
                   "storage:\n  output_dir: nested\n", encoding="utf-8")
    s = Settings(config_files=[old])
    assert s.storage.output_dir == Path("nested")  # the section wins
    assert s.generation.default_genre == "soul"


def test_api_keys_are_read_once_from_the_variable_each_provider_names(
        clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("OPENAI_API_KEY", "sk-test")
    s = Settings(config_files=[])
    assert s.llm.providers["openai"].api_key() == "sk-test"
    assert s.llm.providers["anthropic"].api_key() is None
    assert "sk-test" not in repr(s) and "sk-test" not in s.model_dump_json()
    clean_env.delenv("OPENAI_API_KEY")
    assert s.llm.providers["openai"].api_key() == "sk-test"  # the settings were built with it


def test_bad_values_are_user_errors_that_name_the_field(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(UserInputError, match="api.rate_limit_per_minute"):
        Settings(config_files=[], rate_limit_per_minute=-1)
    clean_env.setenv("MIDIDRUMIGEN_TASK_WORKERS", "many")
    with pytest.raises(UserInputError, match="tasks.workers"):
        Settings(config_files=[])
    clean_env.delenv("MIDIDRUMIGEN_TASK_WORKERS")
    clean_env.setenv("MIDIDRUMIGEN_LLM_OPENAI_TIMEOUT", "soon")
    with pytest.raises(UserInputError, match="MIDIDRUMIGEN_LLM_OPENAI_TIMEOUT"):
        Settings(config_files=[])


def test_the_shipped_generation_yaml_holds_the_defaults(clean_env: pytest.MonkeyPatch) -> None:
    shipped = Settings(config_files=[CONFIG_DIR / "generation.yaml"])
    bare = Settings(config_files=[])
    assert shipped.storage == bare.storage and shipped.generation == bare.generation


def test_the_yaml_files_read_as_yaml_safe_load_reads_them(tmp_path: Path) -> None:
    import yaml

    odd = tmp_path / "odd.yaml"
    odd.write_text("generation:\n  default_genre: \"bossa_nova\"  # a comment\nstorage:\n"
                   "  profile_ttl_days: 0x10\n  output_dir: ~\nllm:\n  fallback_order: [a, 'b']\n"
                   "api:\n  keys: &k abc\n  cors_origins: *k\n", encoding="utf-8")
    for path in (*sorted(CONFIG_DIR.glob("*.yaml")), odd):
        source = config.YamlFilesSource(Settings, yaml_file=[path])
        with path.open(encoding="utf-8") as f:
            assert source.yaml_data == (yaml.safe_load(f) or {}), path.name
