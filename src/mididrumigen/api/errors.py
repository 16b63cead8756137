"""Every error answer in one shape: {error, message, details, timestamp, request_id}.

The error tree is translated here and nowhere else: NotFoundError 404, UserInputError 422
(details.field and details.allowed), ResearchError / GenerationError 502, StorageError 503,
FastAPI's own validation errors 422, HTTP errors with their status, anything else 500.
An error's advice (the fields that would help) is worded for the client: API fields, or the
browser UI's controls when the page asks with `X-MidiDrumiGen-Surface: ui` (advice.py).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from functools import cache
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..advice import API, UI, Words, describe
from ..errors import (
    GenerationError,
    MidiDrumiGenError,
    NotFoundError,
    ResearchError,
    StorageError,
    UserInputError,
)

log = logging.getLogger("mididrumigen.api")
_RANGE = re.compile(r"range (-?[\d.]+\.\.-?[\d.]+)")
_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "payload_too_large", 415: "unsupported_media_type",
          429: "rate_limited", 503: "unavailable"}


SURFACE_HEADER = "X-MidiDrumiGen-Surface"


def advice_words(request: Request) -> Words:
    """How this client names what it can change: the browser UI's controls when it says it is
    the UI (SURFACE_HEADER: ui), else the API's fields."""
    return UI if request.headers.get(SURFACE_HEADER, "").strip().lower() == "ui" else API


def error_response(request: Request, status: int, error: str, message: str,
                   details: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": error, "message": message, "details": details or {},
            "timestamp": datetime.now(UTC).isoformat(),
            "request_id": getattr(request.state, "request_id", None)}
    return JSONResponse(body, status_code=status, headers=headers)


@cache
def field_ranges() -> dict[str, str]:
    """'bars' -> '1..16' for every bounded field of the request models."""
    from .schemas import GenerateRequest

    out: dict[str, str] = {}
    for name, info in GenerateRequest.model_fields.items():
        lo = next((getattr(m, "ge", None) for m in info.metadata if hasattr(m, "ge")), None)
        hi = next((getattr(m, "le", None) for m in info.metadata if hasattr(m, "le")), None)
        if lo is not None and hi is not None:
            out[info.alias or name] = f"{_num(lo)}..{_num(hi)}"
    out.update({"limit": "1..100", "offset": "0..100000"})
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


async def _user_input(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UserInputError)
    details: dict[str, Any] = {"field": exc.field}
    message = describe(exc, advice_words(request))
    if isinstance(exc, NotFoundError):
        if exc.suggestions:
            details["suggestions"] = list(exc.suggestions)
        return error_response(request, 404, "not_found", message, details)
    match = _RANGE.search(message)
    if match:
        details["allowed"] = match.group(1)
    return error_response(request, 422, "invalid_input", message, details)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or "body"
        entry = {"field": field, "message": str(err.get("msg", "invalid value")),
                 "type": str(err.get("type", ""))}
        allowed = field_ranges().get(loc[-1] if loc else "")
        if allowed and err.get("type", "") in ("greater_than_equal", "less_than_equal",
                                                "greater_than", "less_than"):
            entry["allowed"] = allowed
        errors.append(entry)
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
    message = f"{first['field']}: {first['message']}"
    if "allowed" in first:
        message += f" (allowed range {first['allowed']})"
    details = {"field": first["field"], "errors": errors}
    if "allowed" in first:
        details["allowed"] = first["allowed"]
    return error_response(request, 422, "validation_error", message, details)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(request, exc.status_code, code, message,
                          headers=dict(exc.headers or {}))


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    message = describe(exc, advice_words(request))
    if isinstance(exc, StorageError):
        return error_response(request, 503, "storage_unavailable", message)
    if isinstance(exc, ResearchError):
        return error_response(request, 502, "research_failed", message)
    if isinstance(exc, GenerationError):
        return error_response(request, 502, "generation_failed", message)
    return error_response(request, 500, "internal_error", message)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"request_id": getattr(request.state, "request_id", None)})
    return error_response(request, 500, "internal_error",
                          "something went wrong on our side; the request id is in the server log")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UserInputError, _user_input)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(MidiDrumiGenError, _domain)
    app.add_exception_handler(Exception, _unexpected)
