"""RequestContext: a pure ASGI middleware around every request.

It takes the X-Request-ID from the client (if it is a sane token) or makes one, returns it in
the response, refuses bodies over the size limit with 413 (by Content-Length at once, or while
streaming; a route that takes uploads may have its own, larger limit), and records one
access-log line and the Prometheus request metrics.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException

from .metrics import Metrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("mididrumigen.api.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, max_body_bytes: int,
                 prefix: str = "", upload_limits: Mapping[str, int] | None = None) -> None:
        self.app, self.metrics, self.max_body, self.prefix = app, metrics, max_body_bytes, prefix
        self.upload_limits = dict(upload_limits or {})  # path -> its own body limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        headers = dict(scope.get("headers") or ())
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = [500]
        rid_header = (b"x-request-id", request_id.encode())

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", ()), rid_header]
            await send(message)

        limit = self.upload_limits.get(scope.get("path", ""), self.max_body)
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            await self._too_large(scope, send_wrapper, request_id, limit)
            status[0] = 413
        else:
            try:
                await self.app(scope, self._limited(receive, limit), send_wrapper)
            finally:
                self._record(scope, status[0], time.perf_counter() - start, request_id)
            return
        self._record(scope, status[0], time.perf_counter() - start, request_id)

    def _limited(self, receive: Receive, limit: int) -> Receive:
        seen = [0]

        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen[0] += len(message.get("body", b""))
                if seen[0] > limit:
                    raise HTTPException(413, f"request body over the {limit}-byte limit")
            return message

        return wrapped

    async def _too_large(self, scope: Scope, send: Send, request_id: str, limit: int) -> None:
        body = json.dumps({"error": "payload_too_large",
                           "message": f"request body over the {limit}-byte limit",
                           "details": {"max_body_bytes": limit},
                           "timestamp": datetime.now(UTC).isoformat(),
                           "request_id": request_id}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    def _record(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        route = getattr(scope.get("route"), "path", None)
        path = scope.get("path", "")
        # routers included with a prefix report their own path: add the prefix back
        template = ("unmatched" if route is None
                    else route if path.startswith(route.split("{")[0]) or route.startswith(self.prefix)
                    else self.prefix + route)
        method = scope.get("method", "")
        self.metrics.observe_request(method, template, status, seconds)
        if access_log.isEnabledFor(logging.INFO):
            client = scope.get("client") or ("", 0)
            access_log.info("request", extra={
                "request_id": request_id, "method": method, "path": scope.get("path", ""),
                "route": template, "status": status, "duration_ms": round(seconds * 1000, 2),
                "client": client[0]})
