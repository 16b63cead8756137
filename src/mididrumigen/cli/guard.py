"""Turn MidiDrumiGen errors into one-line messages and exit codes (2: your input, 1: the rest)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

P = ParamSpec("P")
R = TypeVar("R")

EXIT_USER_INPUT = 2
EXIT_FAILURE = 1


def fail(message: str, code: int = EXIT_USER_INPUT) -> typer.Exit:
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(code)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator for commands: known errors print `error: …` and exit; nothing else is caught."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from ..advice import CLI, describe
        from ..errors import MidiDrumiGenError, UserInputError

        try:
            return fn(*args, **kwargs)
        except UserInputError as e:
            raise fail(describe(e, CLI), EXIT_USER_INPUT) from None
        except MidiDrumiGenError as e:
            raise fail(describe(e, CLI), EXIT_FAILURE) from None

    return wrapper
