"""LLM path figures (not a test): concurrency and output size.

1. A loopback fake OpenAI-compatible server that answers each call after 1 s; a provider asked
   for one variation per call; 4 variations through the ProviderManager → wall time
   (target ≤ 1.3 s: the calls run concurrently).
2. Output tokens per bar: the grid JSON a model writes vs the per-note MIDI JSON of the same
   patterns (the engine's, 4 bars, 4/4 and 7/8). Counted with tiktoken (o200k_base) when it
   is installed and its encoding is available offline, else characters / 4; the output says
   which.

Run: .venv/bin/python benchmarks/llm.py
"""

from __future__ import annotations

import asyncio
import json
import logging
import time

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from mididrumigen import services
from mididrumigen.domain import GenerationParams, TimeSignature
from mididrumigen.domain.grid import pattern_to_grid
from mididrumigen.llm import PromptRequest, ProviderManager
from mididrumigen.llm.fake_provider import basic_answer
from mididrumigen.llm.local_provider import OpenAICompatibleProvider

LATENCY_S = 1.0


def token_counter():  # type: ignore[no-untyped-def]
    try:
        import tiktoken

        enc = tiktoken.get_encoding("o200k_base")
        return "tiktoken o200k_base", lambda s: len(enc.encode(s))
    except Exception:
        return "characters/4 (tiktoken unavailable offline)", lambda s: round(len(s) / 4)


def concurrency() -> float:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    req = PromptRequest(system="S", context="C", bars=4, count=4, total=4)

    def slow(request: Request) -> Response:
        time.sleep(LATENCY_S)
        body = request.get_json()
        k = int(body["messages"][-1]["content"].split("variation ")[1].split(" of")[0])
        text = json.dumps(basic_answer(req.chunk(k, 1)))
        return Response(json.dumps({
            "id": "c", "object": "chat.completion", "created": 1, "model": "local",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": text, "refusal": None}}],
            "usage": {"prompt_tokens": 500, "completion_tokens": 120, "total_tokens": 620}}),
            200, content_type="application/json")

    server.expect_request("/v1/chat/completions").respond_with_handler(slow)
    server.start()
    try:
        p = OpenAICompatibleProvider("local", "local", base_url=server.url_for("/v1"),
                                     variations_per_call=1)
        m = ProviderManager([p])

        async def go() -> float:
            start = time.perf_counter()
            r = await m.generate(req)
            wall = time.perf_counter() - start
            assert len(r.variations) == 4
            await m.aclose()
            return wall

        asyncio.run(go())  # warm-up: SDK import and first connection
        return asyncio.run(go())
    finally:
        server.clear()
        server.stop()


def sizes(count) -> list[tuple[str, float, float]]:  # type: ignore[no-untyped-def]
    out = []
    for artist, ts in (("John Bonham", TimeSignature(4, 4)), ("Clyde Stubblefield", TimeSignature(4, 4)),
                       ("John Bonham", TimeSignature(7, 8))):
        try:
            profile = services.resolve_profile(artist).profile
        except Exception:
            continue
        params = GenerationParams(bars=4, variations=4, time_signature=ts, seed=1)
        patterns = services.engine().generate(profile, params, 1)
        grid_json = json.dumps({"variations": [
            {"name": p.name, "lines": [{"voice": v.label, "steps": "|".join(
                steps[i:i + ts.steps_per_bar] for i in range(0, len(steps), ts.steps_per_bar))}
                for v, steps in pattern_to_grid(p).lines]} for p in patterns]})
        midi_json = json.dumps({"variations": [p.to_dict() for p in patterns]})
        bars = 4 * len(patterns)
        out.append((f"{profile.artist_name} {ts}", count(grid_json) / bars,
                     count(midi_json) / bars))
    return out


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    wall = concurrency()
    print(f"4 variations, 1 per call, server latency {LATENCY_S:.1f} s: wall {wall:.3f} s "
          f"(target <= 1.3 s) {'OK' if wall <= 1.3 else 'SLOW'}")
    name, count = token_counter()
    print(f"output tokens per bar, counted with {name}:")
    for label, grid, midi in sizes(count):
        print(f"  {label:28s} grid JSON {grid:7.1f}   per-note MIDI JSON {midi:7.1f}   "
              f"ratio {midi / grid:4.1f}x")


if __name__ == "__main__":
    main()
