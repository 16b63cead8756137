"""Rich rendering of results for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ..domain.profile import StyleProfile
    from ..services import GenerationResult


def profile_table(profile: StyleProfile) -> object:
    from rich.table import Table

    p = profile.params
    t = Table(show_header=False, box=None, pad_edge=False)
    t.add_column(style="bold cyan")
    t.add_column()
    t.add_row("artist", f"{profile.artist_name} ({profile.kind})")
    if profile.drummers:
        t.add_row("drummers", ", ".join(profile.drummers))
    t.add_row("genres", ", ".join(profile.genres) or "-")
    t.add_row("tempo", f"{p.tempo_min:g}-{p.tempo_max:g} BPM (typical {p.tempo_avg:g})")
    t.add_row("feel", f"swing {p.swing_percent:g}% on 1/{p.swing_unit}, ghost notes "
                      f"{p.ghost_note_prob:.0%}, syncopation {p.syncopation:.2f}, "
                      f"fills {p.fill_rate:.2f}")
    if p.microtiming_ms:
        t.add_row("timing", ", ".join(f"{k} {v:+g} ms" for k, v in p.microtiming_ms.items()))
    t.add_row("confidence", f"{profile.confidence:.2f}  (source: {profile.source})")
    evidence = profile.provenance.get("*") or next(iter(profile.provenance.values()), "")
    if evidence:
        t.add_row("evidence", evidence)
    return t


def print_generation(console: Console, result: GenerationResult) -> None:
    from rich.panel import Panel

    from ..advice import CLI, say
    from ..domain.grid import pattern_to_grid, render_grid

    style = "green" if result.known_artist else "yellow"
    console.print(f"[{style}]{say(result.resolution_note, result.advice, CLI)}[/]")
    console.print(Panel(profile_table(result.profile), title="Profile", expand=False))
    first = result.patterns[0]
    console.print(f"[bold]{first.name}[/] — {first.total_bars} bars of {first.time_signature} at "
                  f"{first.tempo:g} BPM, genre {result.genre}, seed {result.seed}")
    console.print(render_grid(pattern_to_grid(first)), markup=False, highlight=False)
    if result.fallback_reason:
        console.print(f"[yellow]{result.fallback_reason}; the offline engine answered.[/]",
                      highlight=False)
    cost = f", ${result.cost_usd:.4f}" if result.cost_usd else ""
    console.print(f"generated {len(result.patterns)} variations in "
                  f"{result.generation_time_ms:.1f} ms ({result.provider_used}{cost})")
    for f in result.files:
        console.print(f"  wrote {f}", highlight=False)
