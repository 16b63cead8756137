"""`mididrumigen llm …`: which language-model providers are usable, and what they cost.

Both go through services. `doctor` never calls a paid API: cloud providers are checked for
their key, local servers are probed only on loopback. `stats` reads the llm_calls table (after
moving in the calls of processes without a database, settings.storage.llm_calls_file).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .context import cli_runtime
from .guard import guarded

app = typer.Typer(help="Language-model providers: health and usage.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("doctor")
@guarded
def doctor(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show each configured provider: key present / server reachable, model, fallback order."""
    from .. import services

    report = services.provider_checks(cli_runtime(ctx, database=False))
    if as_json:
        typer.echo(json.dumps(report, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    rows, order = report["providers"], report["fallback_order"]
    table = Table("provider", "kind", "model", "usable", "detail")
    for r in rows:
        table.add_row(r["provider"], r["kind"], r["model"], "yes" if r["usable"] else "no",
                      r["detail"])
    console = Console()
    console.print(table)
    console.print(f"fallback order: {' → '.join(order) or '(none)'} → template (offline engine)")
    console.print(f"complexity routing (provider=auto): {'on' if report['routing'] else 'off'}")
    if not any(r["usable"] for r in rows):
        console.print("No LLM provider is usable; generation uses the offline engine. Set "
                      "ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, or start Ollama.")


@app.command("stats")
@guarded
def stats(ctx: typer.Context,
          days: Annotated[int, typer.Option(min=1, max=3650, help="Look back this many days.")] = 7,
          as_json: JsonOption = False) -> None:
    """Requests, success rate, mean latency and USD cost per provider per day."""
    from .. import services

    runtime = cli_runtime(ctx)
    db = runtime.database
    assert db is not None
    if as_json:
        typer.echo(json.dumps(services.llm_usage_public(runtime, days, db), indent=1))
        return
    rows, report = services.llm_usage(runtime, days, db)
    if not rows:
        typer.echo(f"No LLM calls in the last {days} day(s).")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("day", "provider", "requests", "success", "mean latency", "cost (USD)",
                  "tokens in/out")
    for r in rows:
        cost = f"{r.cost_cents}" + (f" (+{r.unknown_cost_calls} unpriced)"
                                    if r.unknown_cost_calls else "")
        table.add_row(str(r.day), r.provider, str(r.requests), f"{r.success_rate:.0%}",
                      f"{r.mean_latency_ms:.0f} ms", cost, f"{r.input_tokens}/{r.output_tokens}")
    console = Console()
    console.print(table)
    console.print(f"local calls {report.local_calls}, cloud calls {report.cloud_calls}; "
                  f"total ${report.actual_cost_usd:.2f}, estimated savings vs "
                  f"all-cloud ${report.savings_usd:.2f}")
