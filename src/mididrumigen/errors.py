"""Every error MidiDrumiGen raises on purpose, in one tree.

    MidiDrumiGenError
    ├── UserInputError          bad parameters, unknown artist, malformed grid text
    │   ├── MidiFileError       an untrusted MIDI file that is broken, too big or not drums
    │   └── NotFoundError       the named thing (artist profile, task, file) does not exist
    ├── ResearchError           research could not build a profile
    ├── GenerationError         no pattern could be produced
    │   ├── LLMProviderError    a language-model provider failed (carries the provider name)
    │   └── ProvidersFailedError  every provider in a fallback chain failed (an ExceptionGroup
    │                             of their LLMProviderErrors)
    └── StorageError            the database or the output directory failed

Adapters translate these at the edge only: the CLI to exit code 2 (user input) or 1 (the
rest), the API to 422 / 404 / 502 / 503. Messages say what was wrong and what to do; what to
change is named as request fields (`advise`), which each surface says in its own words
(advice.py: CLI flags, API fields, the browser UI's controls).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class MidiDrumiGenError(Exception):
    """Base of every deliberate MidiDrumiGen error.

    `advice`: the request fields that would help (("online", "urls")); `reason` is the message
    without them and str() adds them in the API's words (advice.say with advice.API).
    """

    advice: tuple[str, ...] = ()

    def advise(self, *fields: str) -> Self:
        """This error, advising `fields` (e.g. raise ResearchError(…).advise("online"))."""
        self.advice = fields
        return self

    @property
    def reason(self) -> str:
        return super().__str__()

    def __str__(self) -> str:
        if not self.advice:
            return super().__str__()
        from .advice import API, say

        return say(super().__str__(), self.advice, API)


class UserInputError(MidiDrumiGenError, ValueError):
    """The caller gave something invalid; the message names the field and the allowed range."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class MidiFileError(UserInputError):
    """An untrusted MIDI file could not be read safely."""


class NotFoundError(UserInputError):
    """What the caller named does not exist (the API answers 404); `suggestions` may help."""

    def __init__(self, message: str, *, field: str | None = None,
                 suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message, field=field)
        self.suggestions = suggestions


class ResearchError(MidiDrumiGenError):
    """Research for an artist failed as a whole."""


class GenerationError(MidiDrumiGenError):
    """No pattern could be generated."""


class CallOutcome(StrEnum):
    """What one language-model call came to: success, or the `kind` of the LLMProviderError it
    raised. The one vocabulary of the providers, the llm_calls table and the statistics."""

    SUCCESS = "success"
    INVALID_OUTPUT = "invalid_output"  # the answer failed validation (after the re-ask)
    AUTH = "auth"  # 401/403 or no key: the next provider at once
    RATE_LIMIT = "rate_limit"  # 429: retried, honouring Retry-After
    SERVER = "server"  # 408/409/5xx: retried
    TIMEOUT = "timeout"  # retried
    CONNECTION = "connection"  # retried (not for a local server that is not running)
    BAD_REQUEST = "bad_request"  # another 4xx: the next provider
    ERROR = "error"  # anything else, e.g. a bug in a provider

    @classmethod
    def of(cls, kind: str) -> CallOutcome:
        """The outcome named `kind`; ERROR for a kind outside the vocabulary."""
        try:
            return cls(kind)
        except ValueError:
            return cls.ERROR


class LLMProviderError(GenerationError):
    """A language-model provider failed; `provider` names it, `retryable` says if a retry may help."""

    def __init__(self, message: str, *, provider: str, retryable: bool = False,
                 kind: str = "error", status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.provider = provider
        self.retryable = retryable
        # kind: a CallOutcome other than success; status: the HTTP status when there was one;
        # retry_after: seconds the provider asked us to wait (Retry-After), when it said.
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


class ProvidersFailedError(ExceptionGroup, GenerationError):
    """Every provider tried failed; `exceptions` holds each cause in the order tried."""

    def __new__(cls, message: str, exceptions: list[Exception]) -> ProvidersFailedError:
        return super().__new__(cls, message, exceptions)

    def derive(self, excs: list[Exception]) -> ProvidersFailedError:  # type: ignore[override]
        return ProvidersFailedError(self.message, excs)


class StorageError(MidiDrumiGenError):
    """The database or the file store failed."""
