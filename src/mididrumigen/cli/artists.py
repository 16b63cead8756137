"""`mididrumigen artists …`: browse, search and validate the offline artist knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .guard import fail, guarded

if TYPE_CHECKING:
    from rich.console import Console

    from ..knowledge.artists import KnowledgeBase

app = typer.Typer(help="Browse the offline artist knowledge base.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)

DirOption = Annotated[Path | None, typer.Option(
    "--dir", help="Read artist files from this folder instead of the bundled data.",
    hidden=True, file_okay=False)]
FORMATS = ("table", "json")


def _kb(directory: Path | None) -> KnowledgeBase:
    """The bundled knowledge base, or the one in `directory`."""
    from ..knowledge.artists import load_knowledge_base

    return load_knowledge_base(directory)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")


@app.command("list")
@guarded
def list_artists(
    genre: Annotated[str | None, typer.Option("--genre", "-g", help="Only this genre.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    directory: DirOption = None,
) -> None:
    """List every artist, band and drummer the knowledge base knows."""
    _check_format(fmt)
    kb = _kb(directory)
    entries = list(kb.entries)
    if genre:
        from ..knowledge.genres import canonical_genre

        key = canonical_genre(genre)
        entries = [e for e in entries if key in e.genres]
    entries.sort(key=lambda e: e.name.casefold())
    if fmt == "json":
        data = [{"name": e.name, "kind": e.kind, "genres": list(e.genres),
                 "aliases": list(e.aliases), "drummers": list(e.drummer_names),
                 "signature_grooves": len(e.signature_grooves), "file": e.source_file}
                for e in entries]
        typer.echo(json.dumps({"data": data, "count": len(data)}, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    t = Table(title=f"{len(entries)} artists" + (f" in {genre}" if genre else ""))
    for col in ("name", "kind", "genres", "drummers", "grooves", "tempo"):
        t.add_column(col)
    for e in entries:
        p = e.params
        t.add_row(e.name, e.kind, ", ".join(e.genres), ", ".join(e.drummer_names) or "-",
                  str(len(e.signature_grooves)), f"{p.tempo_min:g}-{p.tempo_max:g}")
    _console().print(t)


@app.command("show")
@guarded
def show(
    name: Annotated[str, typer.Argument(help="Artist, band or drummer (typos are forgiven).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    directory: DirOption = None,
) -> None:
    """Show one artist's profile: feel, drummers, signature grooves and provenance."""
    _check_format(fmt)
    from ..knowledge.artists import entry_profile

    kb = _kb(directory)
    res = kb.resolve(name)
    if res.entry is None:
        raise fail(res.note + ("" if res.suggestions else
                               " Run `mididrumigen artists list` to see who is known."))
    profile = entry_profile(res.entry)
    if fmt == "json":
        typer.echo(json.dumps({"resolution": {"how": res.how, "score": round(res.score, 1),
                                              "note": res.note},
                               "profile": profile.to_dict()}, ensure_ascii=False, indent=1))
        return
    from rich.panel import Panel

    from ..domain.grid import parse_grid, render_grid
    from .show import profile_table

    console = _console()
    if res.how != "exact":
        console.print(f"[yellow]{res.note}[/]")
    console.print(Panel(profile_table(profile), title=profile.artist_name,  # type: ignore[arg-type]
                        expand=False))
    console.print(profile.text_description)
    if res.entry.members:
        label = "bands" if res.entry.kind == "drummer" else "members"
        console.print(f"[bold]{label}:[/] {', '.join(res.entry.members)}")
    for g in profile.signature_grooves:
        head = f"\n[bold]{g.name}[/]" + (f" — {g.song}" if g.song and g.song != g.name else "")
        head += f" ({g.time_signature}" + (f", {g.tempo:g} BPM)" if g.tempo else ")")
        console.print(head)
        console.print(render_grid(parse_grid(g.grid, g.time_signature)), markup=False)
    console.print(f"\n[bold]provenance:[/] {res.entry.provenance}")


@app.command("search")
@guarded
def search(
    query: Annotated[str, typer.Argument(help="Part of a name, a member, a typo …")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=50)] = 10,
    directory: DirOption = None,
) -> None:
    """Rank knowledge-base artists by how well they match QUERY."""
    kb = _kb(directory)
    hits = kb.search(query, limit)
    if not hits:
        raise fail(f"nothing in the knowledge base looks like {query!r}; try a shorter query "
                   "or `mididrumigen artists list`")
    from rich.table import Table

    t = Table(title=f"matches for {query!r}")
    for col in ("score", "name", "kind", "genres", "matched"):
        t.add_column(col)
    for entry, score, matched in hits:
        t.add_row(f"{score:.0f}", entry.name, entry.kind, ", ".join(entry.genres),
                  matched if matched != entry.name else "")
    _console().print(t)


@app.command("validate")
@guarded
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Artist files or folders (default: the bundled data).")] = None,
) -> None:
    """Check artist files: schema, genre keys, feel ranges, playable grooves, unique names."""
    from ..knowledge.artists import DATA_DIR, KnowledgeBase, load_file

    files: list[Path] = []
    for p in paths or [DATA_DIR]:
        if p.is_dir():
            files.extend(sorted(p.glob("*.json")))
        elif p.is_file():
            files.append(p)
        else:
            raise fail(f"{p} is neither a file nor a folder")
    entries = [e for f in files for e in load_file(f)]
    KnowledgeBase.from_entries(entries)
    grooves = sum(len(e.signature_grooves) for e in entries)
    typer.echo(f"ok: {len(files)} files, {len(entries)} artists, {grooves} signature grooves")
