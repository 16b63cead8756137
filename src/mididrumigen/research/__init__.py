"""On-demand artist research: collectors gather evidence, the builder turns it into a profile.

    evidence.py      Evidence, ResearchQuery, CollectorFailure (plain values)
    settings.py      ResearchSettings (MIDIDRUMIGEN_RESEARCH_* env vars): contact, timeouts, URLs
    http.py          Http: the shared httpx.AsyncClient with per-host rate limits, retries
                     honouring Retry-After, an on-disk cache with TTL and robots.txt
    registry.py      collector registry (built-ins and entry points "mididrumigen.collectors")
    collectors/      one collector per file: musicbrainz, wikipedia, semantic_scholar, arxiv,
                     crossref, articles, audio, midi_files, llm_knowledge, knowledge_base
    lexicon.py       descriptor lexicon: "swung eighths", "behind the beat"… → numbers
    builder.py       ProfileBuilder: confidence-weighted aggregation → StyleProfile
    embedder.py      the profile's similarity vector (the one storage stores and searches)
    orchestrator.py  run collectors concurrently under a time bound, with progress events

Nothing is imported here: `import mididrumigen.research` loads no HTTP or audio library.
"""
