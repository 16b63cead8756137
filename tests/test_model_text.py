"""Model-provided text is made printable (issue 15): a variation name carrying terminal escapes
neither clears the CLI's screen nor reaches a MIDI track name; the CLI with its database down
says how to go on without it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import mido
from typer.testing import CliRunner

from mididrumigen import services
from mididrumigen.cli import app
from mididrumigen.domain import GenerationParams
from mididrumigen.domain.names import printable
from mididrumigen.hybrid import HybridCoordinator
from mididrumigen.llm import FakeProvider, ProviderManager
from mididrumigen.llm.base import Completion
from mididrumigen.llm.fake_provider import basic_answer
from mididrumigen.llm.request import PromptRequest

EVIL = "\x1b[2J\x1b]0;pwned\x07Verse\u202egroove\r\n"


def _clean(text: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def test_printable_strips_control_and_format_characters() -> None:
    assert printable(EVIL) == "[2J]0;pwnedVersegroove"
    assert printable("a\nb\tc\x1b", keep_newlines=True) == "a\nb\tc"


class EvilNames(FakeProvider):
    """Plain grooves whose names try to take over the terminal."""

    async def complete(self, request: PromptRequest) -> Completion:
        answer = basic_answer(request)
        for v in answer["variations"]:
            v["name"] = EVIL
        self.enqueue(answer)
        return await super().complete(request)


def test_llm_variation_names_reach_files_and_the_terminal_clean(runtime: services.Runtime,
                                                                tmp_path: Path) -> None:
    fake = EvilNames("fake")
    coordinator = HybridCoordinator(ProviderManager({"fake": fake}, order=["fake"]),
                                    runtime.groove_engine)
    command = services.GenerateCommand("Tony Allen", GenerationParams(bars=2, variations=2,
                                                                      seed=1), provider="fake")
    result = services.generate(runtime, command, coordinator=coordinator, out_dir=tmp_path)
    assert result.provider_used == "fake"
    assert all(_clean(p.name) and "pwned" in p.name for p in result.patterns)
    for f in result.files:
        names = [m.name.encode("latin-1").decode("utf-8")  # the writer's UTF-8, as DAWs read it
                 for t in mido.MidiFile(f).tracks for m in t if m.type == "track_name"]
        assert names and all(_clean(n) for n in names)
    from io import StringIO

    from rich.console import Console

    from mididrumigen.cli.show import print_generation

    out = StringIO()
    print_generation(Console(file=out, force_terminal=True, width=120), result)
    assert "\x1b[2J" not in out.getvalue() and "\x07" not in out.getvalue()


def test_cli_generate_with_the_database_down_mentions_no_history(tmp_path: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.setenv("MIDIDRUMIGEN_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    res = CliRunner().invoke(app, ["generate", "Tony Allen", "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert "--no-history" in res.output
    ok = CliRunner().invoke(app, ["generate", "Tony Allen", "--out", str(tmp_path / "b"),
                                  "--no-history", "-q"])
    assert ok.exit_code == 0, ok.output
