"""`mididrumigen llm …`: which language-model providers are usable, and what they cost.

`doctor` never calls a paid API: cloud providers are checked for their key, local servers are
probed only on loopback. `stats` reads the recorded calls (<data_dir>/llm_calls.jsonl).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .guard import guarded

app = typer.Typer(help="Language-model providers: health and usage.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("doctor")
@guarded
def doctor(as_json: JsonOption = False) -> None:
    """Show each configured provider: key present / server reachable, model, fallback order."""
    import asyncio

    from ..llm.config import load_llm_config
    from ..llm.registry import build_providers

    config = load_llm_config()
    providers = build_providers(config)

    async def check_all() -> list:  # type: ignore[type-arg]
        try:
            return list(await asyncio.gather(*(p.validate_credentials()
                                               for p in providers.values())))
        finally:
            for p in providers.values():
                await p.aclose()

    checks = asyncio.run(check_all())
    rows = [{"provider": c.provider, "kind": providers[c.provider].kind,
             "model": providers[c.provider].model, "local": providers[c.provider].is_local,
             "configured": c.configured, "usable": c.usable, "detail": c.detail}
            for c in checks]
    order = [n for n in config.fallback_order if n in providers]
    if as_json:
        typer.echo(json.dumps({"providers": rows, "fallback_order": order,
                               "routing": config.routing.enabled}, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("provider", "kind", "model", "usable", "detail")
    for r in rows:
        table.add_row(r["provider"], r["kind"], r["model"], "yes" if r["usable"] else "no",
                      r["detail"])

    console = Console()
    console.print(table)
    usable = [r["provider"] for r in rows if r["usable"]]
    console.print(f"fallback order: {' → '.join(order) or '(none)'} → template (offline engine)")
    console.print(f"complexity routing (provider=auto): {'on' if config.routing.enabled else 'off'}")
    if not usable:
        console.print("No LLM provider is usable; generation uses the offline engine. Set "
                      "ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, or start Ollama.")


@app.command("stats")
@guarded
def stats(days: Annotated[int, typer.Option(min=1, max=3650, help="Look back this many days.")] = 7,
          as_json: JsonOption = False) -> None:
    """Requests, success rate, mean latency and USD cost per provider per day."""
    from .. import services

    db = services.open_database()
    if as_json:
        typer.echo(json.dumps(services.llm_usage_public(days, db), indent=1))
        return
    rows, report = services.llm_usage(days, db)
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
        table.add_row(r.day.isoformat(), r.provider, str(r.requests),
                      f"{r.success_rate:.0%}", f"{r.mean_latency_ms:.0f} ms", cost,
                      f"{r.input_tokens}/{r.output_tokens}")
    from ..llm.recorder import CENT

    console = Console()
    console.print(table)
    console.print(f"local calls {report.local_calls}, cloud calls {report.cloud_calls}; "
                  f"total ${report.actual_cost_usd.quantize(CENT)}, estimated savings vs "
                  f"all-cloud ${report.savings_usd.quantize(CENT)}")
