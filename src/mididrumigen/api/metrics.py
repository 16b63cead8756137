"""Prometheus metrics, one registry per app (several apps can live in one process)."""

from __future__ import annotations

import threading

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

_FAST = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_SLOW = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("mididrumigen_http_requests", "HTTP requests by route and status",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("mididrumigen_http_request_duration_seconds",
                                 "HTTP request latency", ["method", "route"], buckets=_FAST,
                                 registry=r)
        self.generation = Histogram("mididrumigen_generation_seconds",
                                    "Generation time by provider", ["provider"], buckets=_FAST,
                                    registry=r)
        self.cache = Counter("mididrumigen_profile_cache", "Profile lookups (hit: a stored or "
                             "knowledge-base profile; miss: genre defaults)", ["result"], registry=r)
        self.task_duration = Histogram("mididrumigen_task_duration_seconds",
                                       "Background task run time", ["kind", "status"],
                                       buckets=_SLOW, registry=r)
        self.tasks_submitted = Counter("mididrumigen_tasks_submitted", "Tasks submitted",
                                       ["kind", "joined"], registry=r)
        self._lock = threading.Lock()
        self.counts = {"cache_hits": 0, "cache_misses": 0, "tasks_submitted": 0,
                       "tasks_joined": 0}

    def _bump(self, name: str) -> None:
        with self._lock:
            self.counts[name] += 1

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def observe_generation(self, provider: str, seconds: float, known_artist: bool) -> None:
        self.generation.labels(provider).observe(seconds)
        self.cache.labels("hit" if known_artist else "miss").inc()
        self._bump("cache_hits" if known_artist else "cache_misses")

    def observe_task(self, kind: str, status: str, seconds: float) -> None:
        self.task_duration.labels(kind, status).observe(seconds)

    def observe_submit(self, kind: str, joined: bool) -> None:
        self.tasks_submitted.labels(kind, str(joined).lower()).inc()
        self._bump("tasks_joined" if joined else "tasks_submitted")

    def render(self) -> bytes:
        return generate_latest(self.registry)
