"""Health, Prometheus metrics and usage statistics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from ..deps import ContextDep
from ..schemas import HealthPublic, StatsPublic

health_router = APIRouter(tags=["system"])
metrics_router = APIRouter(tags=["system"])
router = APIRouter(tags=["system"])


@health_router.get("/health", response_model=HealthPublic,
                   responses={503: {"model": HealthPublic, "description": "A component is down"}})
def health(ctx: ContextDep) -> Any:
    """Each component (database, knowledge base, genre models, broker or runner); 503 if one is down."""
    report = ctx.health()
    return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)


@metrics_router.get("/metrics", response_class=Response,
            responses={200: {"content": {"text/plain": {}}}})
def metrics(ctx: ContextDep) -> Response:
    """Prometheus text exposition."""
    return Response(ctx.metrics.render(), media_type=ctx.metrics.content_type)


@router.get("/stats", response_model=StatsPublic)
def stats(ctx: ContextDep) -> Any:
    """Per-provider requests, success rate, latency and cost; generations; cache hits."""
    return ctx.stats()
