"""The artist data-file format: validation into frozen entries, and the playability rule.

An artist file (`knowledge/data/artists/<family>.json`) is::

    {"format_version": 1, "artists": [ {entry}, ... ]}

Each entry needs name, kind, genres, tempo {min, max, avg}, feel (StyleParams fields except
tempo), description and provenance; aliases, drummers, members, signature_grooves and
confidence are optional. See docs/adding-an-artist.md. Every error names the file, the artist
and the field, and says what to write instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.genres import GENRE_SET, GENRES
from ..domain.grid import Grid, common_lines, parse_grid
from ..domain.meter import TimeSignature
from ..domain.profile import KINDS, SignatureGroove, StyleParams
from ..domain.voices import FOOT_VOICES, Voice
from ..errors import UserInputError

FORMAT_VERSION = 1


REQUIRED_FIELDS = ("name", "kind", "genres", "tempo", "feel", "description", "provenance")
OPTIONAL_FIELDS = ("aliases", "drummers", "members", "signature_grooves", "confidence")
MAX_HANDS = 2


class ArtistDataError(UserInputError):
    """An artist data file breaks the format. `field` is 'file: artist: field'."""


@dataclass(frozen=True, slots=True)
class Drummer:
    name: str
    era: str = ""


@dataclass(frozen=True, slots=True)
class ArtistEntry:
    """One validated artist from a data file."""

    name: str
    kind: str
    genres: tuple[str, ...]
    params: StyleParams
    description: str
    provenance: str
    aliases: tuple[str, ...] = ()
    drummers: tuple[Drummer, ...] = ()
    members: tuple[str, ...] = ()
    signature_grooves: tuple[SignatureGroove, ...] = ()
    confidence: float | None = None
    source_file: str = ""

    @property
    def drummer_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.drummers)


def playability_problems(grid: Grid) -> list[str]:
    """What a two-handed, two-footed drummer could not play, step by step (empty: playable).

    Rules: at most two hand strokes per step (a flam takes both hands), kick and pedal hat on
    the feet, and never an open and a closed hi-hat on the same step.
    """
    spb, lines = common_lines(grid)  # triplet and 32nd lines on one step with the rest
    of = "" if grid.is_sixteenths else f" of {spb}"
    hand_lines = [(v, s) for v, s in lines if v not in FOOT_VOICES and set(s) != {"."}]
    problems: list[str] = []
    if not hand_lines or _quick_ok(hand_lines):
        return problems
    for i, column in enumerate(zip(*(s for _, s in hand_lines), strict=True)):
        hits = [(v, ch) for (v, _), ch in zip(hand_lines, column, strict=True) if ch != "."]
        if len(hits) < 2 and "f" not in column:
            continue  # one stroke (or none) is always playable
        hands = sum(2 if ch == "f" else 1 for _, ch in hits)
        opened = any(v is Voice.OPEN_HAT or ch == "o" for v, ch in hits)
        closed = any(v is Voice.CLOSED_HAT and ch != "o" for v, ch in hits)
        bar, step = divmod(i, spb)
        where = f"bar {bar + 1} step {step + 1}{of}"
        if hands > MAX_HANDS:
            labels = " ".join(v.label + ("(flam)" if ch == "f" else "") for v, ch in hits)
            problems.append(f"{where}: {hands} hand strokes ({labels}); "
                            f"two hands play at most {MAX_HANDS}")
        if closed and opened:
            problems.append(f"{where}: open and closed hi-hat at once; keep one")
    return problems


_HIT_BITS = str.maketrans({".": "0", "X": "1", "x": "1", "g": "1", "o": "1", "f": "1"})
_FLAM_BITS = str.maketrans({".": "0", "X": "0", "x": "0", "g": "0", "o": "0", "f": "1"})
_OPEN_BITS = str.maketrans({".": "0", "X": "0", "x": "0", "g": "0", "o": "1", "f": "0"})


def _quick_ok(hand_lines: list[tuple[Voice, str]]) -> bool:
    """Bit-parallel check: True when no step has 3+ hand strokes or open+closed hi-hat."""
    ones = twos = over = opened = closed = 0
    for voice, steps in hand_lines:
        hits = int(steps.translate(_HIT_BITS), 2)
        flams = int(steps.translate(_FLAM_BITS), 2)
        for m in (hits, flams):
            over |= twos & m
            twos |= ones & m
            ones |= m
        if voice is Voice.OPEN_HAT:
            opened |= hits
        elif voice is Voice.CLOSED_HAT:
            o = int(steps.translate(_OPEN_BITS), 2)
            opened |= o
            closed |= hits & ~o
    return not over and not (opened & closed)


def check_playable_grid(text: str, ts: TimeSignature, *, where: str, field: str) -> Grid:
    """Parse grid text in `ts` and require it to be playable; errors start with `where`."""
    try:
        grid = parse_grid(text, ts)
    except UserInputError as e:
        raise ArtistDataError(f"{where}: {field}: {e}", field=f"{where}: {field}") from None
    problems = playability_problems(grid)
    if problems:
        shown = "; ".join(problems[:3]) + (f" (+{len(problems) - 3} more)" if len(problems) > 3
                                           else "")
        raise ArtistDataError(f"{where}: {field} is not playable: {shown}",
                              field=f"{where}: {field}")
    return grid


def _fail(where: str, field: str, message: str) -> ArtistDataError:
    return ArtistDataError(f"{where}: {field}: {message}", field=f"{where}: {field}")


def _text(where: str, field: str, value: Any, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise _fail(where, field, f"must be non-empty text, got {value!r}")
    return value.strip()


def _texts(where: str, field: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(where, field, f"must be a list of names, got {type(value).__name__}")
    return tuple(_text(where, f"{field}[{i}]", v) for i, v in enumerate(value))


def _drummers(where: str, value: Any) -> tuple[Drummer, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(where, "drummers", 'must be a list of {"name": ..., "era": ...}')
    out = []
    for i, d in enumerate(value):
        if isinstance(d, str):  # tolerated shorthand: just the name
            out.append(Drummer(_text(where, f"drummers[{i}]", d)))
            continue
        if not isinstance(d, Mapping) or "name" not in d:
            raise _fail(where, f"drummers[{i}]", 'must be {"name": ..., "era": ...}')
        out.append(Drummer(_text(where, f"drummers[{i}].name", d["name"]),
                           str(d.get("era", "") or "")))
    return tuple(out)


def _genres(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(where, "genres", "must be a non-empty list of genre keys")
    bad = [g for g in value if g not in GENRE_SET]
    if bad:
        raise _fail(where, "genres", f"unknown genre key(s) {bad}; use lower snake_case keys "
                                     f"from: {', '.join(GENRES)}")
    if len(set(value)) != len(value):
        raise _fail(where, "genres", "lists a genre twice")
    return tuple(value)


def _params(where: str, tempo: Any, feel: Any) -> StyleParams:
    if not isinstance(tempo, Mapping) or set(tempo) != {"min", "max", "avg"}:
        raise _fail(where, "tempo", f'must be {{"min": .., "max": .., "avg": ..}}, got {tempo!r}')
    if not isinstance(feel, Mapping):
        raise _fail(where, "feel", "must be an object of style parameters")
    if any(k.startswith("tempo") for k in feel):
        raise _fail(where, "feel", "tempo belongs in 'tempo', not in 'feel'")
    data = dict(feel, tempo_min=tempo["min"], tempo_max=tempo["max"], tempo_avg=tempo["avg"])
    try:
        return StyleParams.from_dict(data)
    except UserInputError as e:
        raise _fail(where, f"feel.{e.field}" if e.field else "feel", str(e)) from None
    except (TypeError, ValueError) as e:
        raise _fail(where, "feel", str(e)) from None


def _grooves(where: str, value: Any) -> tuple[SignatureGroove, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(where, "signature_grooves", "must be a list of groove objects")
    out = []
    for i, g in enumerate(value):
        fld = f"signature_grooves[{i}]"
        if not isinstance(g, Mapping):
            raise _fail(where, fld, "must be an object with name, time_signature, grid")
        unknown = set(g) - {"name", "song", "time_signature", "tempo", "grid", "kind", "weight"}
        if unknown:
            raise _fail(where, fld, f"unknown key(s) {sorted(unknown)}; allowed: name, song, "
                                    "time_signature, tempo, grid, kind, weight")
        name = _text(where, f"{fld}.name", g.get("name"))
        fld = f"signature_grooves[{name!r}]"
        grid_text = _text(where, f"{fld}.grid", g.get("grid"))
        try:
            ts = TimeSignature.parse(str(g.get("time_signature", "4/4")))
            groove = SignatureGroove.from_dict({**g, "name": name, "grid": grid_text})
        except UserInputError as e:
            raise _fail(where, fld, str(e)) from None
        check_playable_grid(grid_text, ts, where=where, field=f"{fld}.grid")
        out.append(groove)
    return tuple(out)


def validate_entry(raw: Any, *, source_file: str, index: int) -> ArtistEntry:
    """One artist object → ArtistEntry, or ArtistDataError naming file, artist and field."""
    if not isinstance(raw, Mapping):
        raise ArtistDataError(f"{source_file}: artists[{index}] must be an object",
                              field=f"{source_file}: artists[{index}]")
    label = raw.get("name") if isinstance(raw.get("name"), str) else f"artists[{index}]"
    where = f"{source_file}: {label}"
    missing = [f for f in REQUIRED_FIELDS if f not in raw]
    if missing:
        raise _fail(where, missing[0], f"required field(s) missing: {', '.join(missing)}")
    unknown = sorted(set(raw) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise _fail(where, unknown[0], f"unknown field(s) {unknown}; allowed: "
                                       f"{', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)}")
    kind = raw["kind"]
    if kind not in KINDS:
        raise _fail(where, "kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    confidence = raw.get("confidence")
    if confidence is not None and (isinstance(confidence, bool)
                                   or not isinstance(confidence, int | float)
                                   or not 0 <= confidence <= 1):
        raise _fail(where, "confidence", f"must be a number in range 0..1, got {confidence!r}")
    return ArtistEntry(
        name=_text(where, "name", raw["name"]),
        kind=kind,
        genres=_genres(where, raw["genres"]),
        params=_params(where, raw["tempo"], raw["feel"]),
        description=_text(where, "description", raw["description"]),
        provenance=_text(where, "provenance", raw["provenance"]),
        aliases=_texts(where, "aliases", raw.get("aliases")),
        drummers=_drummers(where, raw.get("drummers")),
        members=_texts(where, "members", raw.get("members")),
        signature_grooves=_grooves(where, raw.get("signature_grooves")),
        confidence=None if confidence is None else float(confidence),
        source_file=source_file,
    )


def validate_document(doc: Any, *, source_file: str) -> tuple[ArtistEntry, ...]:
    """A whole parsed artist file → its entries (duplicates inside the file are rejected by
    the knowledge base, which sees every file)."""
    if not isinstance(doc, Mapping):
        raise ArtistDataError(f"{source_file}: the file must hold a JSON object with "
                              '"format_version" and "artists"', field=source_file)
    version = doc.get("format_version")
    if version != FORMAT_VERSION:
        raise ArtistDataError(f"{source_file}: format_version must be {FORMAT_VERSION}, "
                              f"got {version!r}", field=f"{source_file}: format_version")
    artists = doc.get("artists")
    if not isinstance(artists, Sequence) or isinstance(artists, str):
        raise ArtistDataError(f"{source_file}: 'artists' must be a list of artist objects",
                              field=f"{source_file}: artists")
    return tuple(validate_entry(a, source_file=source_file, index=i)
                 for i, a in enumerate(artists))
