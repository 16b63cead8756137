"""storage.files: atomic writes whose files get the permissions the user's umask gives."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mididrumigen import services
from mididrumigen.domain.params import GenerationParams
from mididrumigen.storage.files import write_all, write_atomic


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_get_the_umask_permissions(tmp_path: Path, mask: int, expected: int) -> None:
    with umask(mask):
        one = write_atomic(tmp_path / "one.json", "{}")
        both = write_all(tmp_path, [("a.mid", b"MThd"), ("b.mid", b"MThd")])
    assert [mode(p) for p in (one, *both)] == [expected] * 3
    assert not list(tmp_path.glob(".*.tmp"))  # no temp file left behind


def test_replacing_a_file_keeps_it_whole(tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    write_atomic(target, "old")
    write_atomic(target, "new")
    assert target.read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


@pytest.mark.parametrize("fmt", ["mid", "json"])
def test_generated_files_are_0644_under_umask_022(runtime: services.Runtime, tmp_path: Path,
                                                  fmt: str) -> None:
    command = services.GenerateCommand("John Bonham", GenerationParams(bars=1, variations=2, seed=1),
                                       services.OutputOptions(fmt=fmt))
    with umask(0o022):
        result = services.generate(runtime, command, out_dir=tmp_path)
    assert [p.suffix for p in result.files] == [f".{fmt}"] * 2
    assert {mode(p) for p in result.files} == {0o644}
