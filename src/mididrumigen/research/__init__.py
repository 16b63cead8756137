"""On-demand artist research: collectors gather evidence, the builder turns it into a profile.

    evidence.py      Evidence, ResearchQuery, CollectorFailure (plain values)
    settings.py      ResearchSettings (MIDIDRUMIGEN_RESEARCH_* env vars): contact, timeouts, URLs
    http.py          Http: the shared httpx.AsyncClient with per-host rate limits, retries
                     honouring Retry-After, an on-disk cache with TTL and robots.txt
    web.py           search pages with a query, binary downloads (over Http's public API)
    registry.py      collector registry (built-ins and entry points "mididrumigen.collectors")
    collectors/      one collector per file: musicbrainz, wikipedia, semantic_scholar, arxiv,
                     crossref, articles, audio, audio_search, midi_files, bitmidi, freemidi,
                     musescore, drummerworld, press, llm_knowledge, knowledge_base
    midi_song.py     one song's drum part from a MIDI file: tempo, meters, bars, quality
    groove_clusters.py  the songs' bars → main grooves, variations, fills (grid text)
    midi_downloads.py   MIDI database hits → downloads in the data dir → the MIDI path
    naming.py        whether a text names the artist; song titles from file names
    lexicon.py       descriptor lexicon: "one drop", "behind the beat"… → traits and numbers
    weighting.py     how much evidence counts by its kind (drum part > estimate > keyword)
    aggregate.py     one parameter's votes → a value, with a minority-only outlier filter
    merge.py         a curated profile refined, never replaced by weaker evidence; the diff
    builder.py       ProfileBuilder: weighted, anchored aggregation → StyleProfile
    embedder.py      the profile's similarity vector (the one storage stores and searches)
    orchestrator.py  run collectors concurrently under a time bound, with progress events

Nothing is imported here: `import mididrumigen.research` loads no HTTP or audio library.
"""
