"""Advice that fits the surface: the core names the request fields that would help, each
surface says them in its own words.

An error (`errors.MidiDrumiGenError.advice`) or a resolved profile (`ResolvedProfile.advice`)
carries field names such as ("online", "urls"); its message says what happened, not which
flag to pass. At the edge:

    say("No evidence found.", ("online", "source_dir", "urls"), CLI)
        -> "No evidence found. Try --online, --source-dir DIR or --url URL."
    say(..., API) -> "No evidence found. Try `online: true` or `urls` (article pages)."
    say(..., UI)  -> "No evidence found."            (the browser UI has no research controls)

A field a surface does not offer (folders on the server over HTTP) is left out. `str()` of an
error is the API's wording, the fields as requests spell them (task rows and logs read it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Words = Mapping[str, str]

CLI: Words = {
    "genre": "--genre GENRE",
    "online": "--online",
    "urls": "--url URL",
    "source_dir": "--source-dir DIR",
    "artists": "`mididrumigen artists list`",
}
API: Words = {
    "genre": '`genre` (e.g. "funk"; GET /ui/options lists them)',
    "online": "`online: true`",
    "urls": "`urls` (article pages)",
    "artists": "GET /api/v1/artists",
}
UI: Words = {
    "genre": "another Genre",
    "artists": "the suggestions under the Artist box",
}
SURFACES: Mapping[str, Words] = {"cli": CLI, "api": API, "ui": UI}


def describe(error: BaseException, words: Words) -> str:
    """An error's message with its advice (errors.MidiDrumiGenError.advise) in these words."""
    fields = getattr(error, "advice", ())
    return say(getattr(error, "reason", ""), fields, words) if fields else str(error)


def say(reason: str, fields: Iterable[str], words: Words) -> str:
    """`reason`, then "Try A, B or C." naming the fields this surface offers."""
    named = [words[f] for f in dict.fromkeys(fields) if words.get(f)]
    if not named:
        return reason
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    return f"{reason} Try {listed}."
