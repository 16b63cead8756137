"""Annotated dependency aliases for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..advice import Words
from .context import ApiContext
from .errors import advice_words


def get_context(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.ctx
    return ctx


ContextDep = Annotated[ApiContext, Depends(get_context)]
WordsDep = Annotated[Words, Depends(advice_words)]  # how this client names fields (advice.py)
