#!/usr/bin/env python
"""Rebuild src/mididrumigen/knowledge/data/genre_models.json from the Groove MIDI Dataset.

    .venv/bin/python scripts/build_genre_models.py [CORPUS] [--out FILE] [--min-bars 16]

CORPUS defaults to ../shared/corpora/gmd-train next to the repository root. The output is
deterministic (sorted keys, floats rounded to 3 decimals): rebuilding from the same corpus
gives the same bytes. Prints a summary table of the models and the build time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console
    from rich.table import Table

    from mididrumigen.knowledge.corpus import (
        SHIPPED_MIN_BARS,
        SUMMARY_COLUMNS,
        build_genre_models,
        shipped_models_path,
        summary_rows,
    )

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path,
                    default=ROOT.parent / "shared" / "corpora" / "gmd-train")
    ap.add_argument("--out", type=Path, default=shipped_models_path())
    ap.add_argument("--min-bars", type=int, default=SHIPPED_MIN_BARS)
    args = ap.parse_args(argv)
    if not (args.corpus / "info.csv").is_file():
        print(f"error: {args.corpus} has no info.csv; give the Groove MIDI Dataset folder",
              file=sys.stderr)
        return 2
    console = Console(width=150)
    t0 = time.perf_counter()
    text, result = build_genre_models(args.corpus, min_bars=args.min_bars)
    seconds = time.perf_counter() - t0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    table = Table(title=f"Genre models → {args.out}")
    for col in SUMMARY_COLUMNS:
        table.add_column(col)
    for row in summary_rows(result):
        table.add_row(*row)
    console.print(table)
    for note in result.notes:
        console.print(f"[yellow]left out[/] {note}")
    console.print(f"{result.files_read} files read, {len(result.skipped)} skipped, "
                  f"{result.bars_learned} bars learned, {len(result.models)} models, "
                  f"{len(text.encode()) / 1024:.0f} KiB, built in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
