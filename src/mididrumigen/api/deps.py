"""Annotated dependency aliases for the routes.

Dependencies that neither block nor compute much are `async def`: FastAPI runs them on the
event loop, where a plain `def` would cost each request a hop to the thread pool and back."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..advice import Words
from .context import ApiContext
from .errors import advice_words


async def get_context(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.ctx
    return ctx


async def get_words(request: Request) -> Words:
    return advice_words(request)


ContextDep = Annotated[ApiContext, Depends(get_context)]
WordsDep = Annotated[Words, Depends(get_words)]  # how this client names fields (advice.py)
