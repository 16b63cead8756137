"""Request and response bodies, one model per role (the OpenAPI schema is built from these)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator

from ..domain import params as bounds
from ..domain.names import MAX_ARTIST_NAME
from ..domain.params import SUPPORTED_TIME_SIGNATURES
from ..domain.structure import MAX_BARS as MAX_STRUCTURE_BARS
from ..domain.structure import SECTION_BARS, SECTION_KINDS

if TYPE_CHECKING:
    from ..services import GenerateCommand

ARTIST_DOC = "Artist, band or drummer: 1..100 characters, any script, no control characters."
METER_DOC = ("Meter as \"n/d\" or [n, d] (the seeds' form): " + " ".join(SUPPORTED_TIME_SIGNATURES))
_METER_PATTERN = r"^\d{1,2}/\d{1,2}$"


def _meter_text(value: Any) -> Any:
    """[7, 8] (the seeds' API) → "7/8"; text passes through to the str checks."""
    if isinstance(value, list | tuple):
        if len(value) != 2 or not all(type(x) is int and 1 <= x <= 32 for x in value):
            raise ValueError('time_signature must be "n/d" text or an [n, d] pair of whole '
                             "numbers 1..32, e.g. [4, 4]")
        return f"{value[0]}/{value[1]}"
    return value


# one field, two spellings: the schema says both, the command gets the text
MeterField = Annotated[str, BeforeValidator(_meter_text), WithJsonSchema({
    "anyOf": [{"type": "string", "maxLength": 8, "pattern": _METER_PATTERN},
              {"type": "array", "minItems": 2, "maxItems": 2,
               "items": {"type": "integer", "minimum": 1, "maximum": 32}}]})]


class GenerateRequest(BaseModel):
    """The API form of services.GenerateCommand; every bound is the domain's (domain/params.py)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra={
        "examples": [{"artist": "John Bonham", "bars": 4, "variations": 4, "seed": 7}]})

    artist: str = Field(min_length=1, max_length=MAX_ARTIST_NAME, description=ARTIST_DOC)
    bars: int = Field(4, ge=bounds.BARS[0], le=bounds.BARS[1], description="Bars per variation.")
    tempo: float | None = Field(None, ge=bounds.TEMPO[0], le=bounds.TEMPO[1],
                                description="BPM; default: the artist's.")
    time_signature: MeterField = Field("4/4", max_length=8,
                                       description=METER_DOC, examples=["4/4", [7, 8]])
    variations: int = Field(4, ge=bounds.VARIATIONS[0], le=bounds.VARIATIONS[1])
    provider: str = Field("template", min_length=1, max_length=40,
                          description="Generator; 'template' is the offline engine.")
    humanize: bool = Field(True, strict=True, description="false: the grid with the learned accents "
                                              "(the same as humanize_amount 0).")
    humanize_amount: float = Field(1.0, ge=bounds.HUMANIZE_AMOUNT[0], le=bounds.HUMANIZE_AMOUNT[1],
                                   description="How much of the human timing and dynamics to "
                                               "play: 0 the grid, 1 the full feel.")
    complexity: float | None = Field(None, ge=bounds.COMPLEXITY[0], le=bounds.COMPLEXITY[1],
                                     description="Denser, more syncopated, more ghost notes "
                                                 "toward 1; default: the artist's.")
    swing: float | None = Field(None, ge=bounds.SWING[0], le=bounds.SWING[1],
                                description="Swing percent (50 straight, 66.7 triplet); "
                                            "default: the artist's.")
    seed: int | None = Field(None, ge=bounds.SEED[0], le=bounds.SEED[1],
                             description="Same seed, same output.")
    genre: str | None = Field(None, min_length=bounds.GENRE_LENGTH[0],
                              max_length=bounds.GENRE_LENGTH[1])
    fill_every: int = Field(4, ge=bounds.FILL_EVERY[0], le=bounds.FILL_EVERY[1],
                            description="A fill every N bars (0: none).")
    structure: str | None = Field(
        None, max_length=200, examples=["intro:4 verse:8 chorus:8 bridge:4 outro:4"],
        description="Song sections (kinds: " + " ".join(SECTION_KINDS) + f"; 1..{SECTION_BARS[1]}"
                    f" bars each, at most {MAX_STRUCTURE_BARS} in all): each variation is one "
                    "arrangement with fills into each section; replaces `bars`.")
    count_in: bool = Field(False, strict=True,
                           description="One bar of count-in before the first bar.")
    drum_map: str | None = Field(None, min_length=1, max_length=40,
                                 description="Kit layout: gm, ableton, ezd3, sd3, ad2, bfd3 …")
    midi_type: Literal[bounds.MIDI_TYPES] = 1  # type: ignore[valid-type]
    ppq: int | None = Field(None, ge=bounds.OUTPUT_PPQ[0], le=bounds.OUTPUT_PPQ[1], multiple_of=4,
                            description="Ticks per quarter.")
    run_async: bool = Field(False, alias="async", strict=True,
                            description="true: answer 202 with a task id to poll at /task/{id}.")

    def to_command(self) -> GenerateCommand:
        from ..services import GenerateCommand

        return GenerateCommand.from_fields(self.model_dump(exclude={"run_async"}))


class NotePublic(BaseModel):
    pitch: int
    velocity: int
    time: int
    duration: int


class PatternPublic(BaseModel):
    """The MIDI JSON of one variation (ticks at `ppq` per quarter note)."""

    name: str
    tempo: float
    time_signature: list[int]
    total_bars: int
    ppq: int
    notes: list[NotePublic]


class ProfileSummary(BaseModel):
    artist_name: str
    kind: str
    genres: list[str]
    confidence: float
    source: str
    sources_count: int
    description: str
    tempo_range: list[float]
    swing_percent: float


class GenerationPublic(BaseModel):
    status: Literal["success"] = Field(description="\"success\", as the seeds' API specifies "
                                                   "(a task's own status is \"succeeded\").")
    generation_id: str
    generation_time_ms: float
    provider_used: str
    artist: str
    known_artist: bool
    genre: str
    seed: int
    variation_seeds: list[int] = Field(
        description="The seed each variation was played from: the generation's seed, but a "
                    "re-rolled variation's own.")
    confidence: float
    resolution_note: str
    fallback_reason: str = Field("", description="Why an LLM provider was asked but the offline "
                                                 "engine answered (empty when it did not).")
    midi_files: list[str] = Field(description="Download URLs of the .mid files, one per variation.")
    zip_url: str
    profile: ProfileSummary
    patterns: list[PatternPublic]


class HumanizePublic(BaseModel):
    """Your clip played with an artist's feel: every note kept, timing and dynamics moved."""

    status: Literal["success"]
    generation_id: str
    artist: str
    known_artist: bool
    confidence: float
    resolution_note: str
    seed: int
    amount: float
    ghosts: bool
    midi_files: list[str] = Field(description="Download URL of the humanized .mid (one).")
    zip_url: str
    source: PatternPublic = Field(description="Your clip as read (MIDI JSON).")
    pattern: PatternPublic = Field(description="The same notes, played like the artist.")


class NoteIn(BaseModel):
    """One note of a clip (MIDI JSON): ticks at the pattern's `ppq`."""

    model_config = ConfigDict(extra="forbid")

    pitch: int = Field(ge=0, le=127)
    velocity: int = Field(ge=1, le=127)
    time: int = Field(ge=0, le=2**31 - 1, description="Onset in ticks from the clip's start.")
    duration: int = Field(60, ge=1, le=2**31 - 1, description="Length in ticks.")


class PatternIn(BaseModel):
    """A clip as MIDI JSON (the shape of `patterns[]` in answers); checked again by the
    domain (Pattern.from_dict: ppq a multiple of 4, a supported meter, at most 100,000 notes)."""

    model_config = ConfigDict(extra="forbid")

    tempo: float = Field(120.0, ge=20, le=400)
    time_signature: list[int] | str = Field(
        [4, 4], description='[n, d] or "n/d"', json_schema_extra={"examples": [[4, 4]]})
    total_bars: int = Field(1, ge=1, le=1024, description="The clip's length in bars; every "
                                                          "note starts before its end.")
    ppq: int = Field(480, ge=24, le=9600, description="Ticks per quarter note (a multiple of 4).")
    name: str = Field("", max_length=200)
    notes: list[NoteIn] = Field(min_length=1, max_length=100_000)


class HumanizeNotesRequest(BaseModel):
    """POST /humanize with a JSON body: notes a client already holds (a Live clip) instead of
    a .mid upload; the same fields as the form, and the same answer."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "like": "J Dilla", "amount": 0.8, "ghosts": False,
        "pattern": {"tempo": 90, "time_signature": [4, 4], "total_bars": 1, "ppq": 480,
                    "notes": [{"pitch": 36, "velocity": 100, "time": 0, "duration": 120},
                              {"pitch": 38, "velocity": 100, "time": 960, "duration": 120}]}}]})

    like: str = Field(min_length=1, max_length=400, description=ARTIST_DOC)
    amount: float = Field(1.0, ge=0.0, le=1.0, description="How far toward the artist's timing "
                                                           "and dynamics: 0 as played, 1 the "
                                                           "full feel.")
    ghosts: bool = Field(False, description="Also add the artist's ghost notes.")
    genre: str | None = Field(None, min_length=bounds.GENRE_LENGTH[0],
                              max_length=bounds.GENRE_LENGTH[1],
                              description="Genre whose feel model to use; default: the artist's.")
    seed: int | None = Field(None, ge=bounds.SEED[0], le=bounds.SEED[1])
    pattern: PatternIn


class RerollRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"seed": 42}]})

    seed: int | None = Field(None, ge=bounds.SEED[0], le=bounds.SEED[1],
                             description="The new variation's seed; default: random.")


class TaskAccepted(BaseModel):
    task_id: str
    status: str
    joined: bool = Field(description="true: an identical request was running; this is its task.")
    poll_url: str
    estimated_time_minutes: float | None = None


class AugmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"urls": ["https://example.org/interview-with-the-drummer"]}]})

    urls: list[str] = Field(default_factory=list, max_length=10,
                            description="Article pages to read (http/https, robots.txt respected).")
    online: bool = Field(False, strict=True, description="Also ask MusicBrainz, Wikipedia/Wikidata and paper "
                                            "indexes.")

    @field_validator("urls")
    @classmethod
    def _http_only(cls, urls: list[str]) -> list[str]:
        for u in urls:
            if not u.startswith(("http://", "https://")) or len(u) > 2000:
                raise ValueError("each url must be an http:// or https:// address of at most "
                                 "2000 characters")
        return urls


class ResearchRequest(AugmentRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"artist": "Tony Allen", "depth": "quick"}]})

    artist: str = Field(min_length=1, max_length=MAX_ARTIST_NAME, description=ARTIST_DOC)
    depth: Literal["quick", "full"] = "quick"


class TaskPublic(BaseModel):
    task_id: str
    kind: str
    status: Literal["pending", "running", "succeeded", "failed", "cancelled"]
    progress: float = Field(description="Percent done, 0..100.")
    step: str
    eta_seconds: float | None
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class ResearchStatusPublic(BaseModel):
    artist: str
    exists: bool
    confidence: float
    last_updated: datetime | None
    sources_count: int
    source: str
    status: str


class ArtistPublic(BaseModel):
    name: str
    kind: str
    genres: list[str]
    confidence: float
    source: str
    status: str


class ArtistsPublic(BaseModel):
    data: list[ArtistPublic]
    count: int | None = Field(description="Artists matching the filters, across pages; null for "
                                          "a name search (q).")
    counts_by_status: dict[str, int] | None
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on "
                                                "the last page.")
    limit: int


class SimilarArtist(BaseModel):
    name: str
    score: float = Field(description="Cosine similarity of the style vectors, -1..1.")


class SimilarPublic(BaseModel):
    artist: str
    data: list[SimilarArtist]
    count: int


class ProviderStatsPublic(BaseModel):
    provider: str
    requests: int
    successes: int
    failures: int
    success_rate: float
    mean_latency_ms: float
    tokens_in: int
    tokens_out: int
    cost_usd: str = Field(description="US dollars, as a decimal string.")


class StatsPublic(BaseModel):
    providers: list[ProviderStatsPublic]
    generations: dict[str, Any]
    llm_usage: dict[str, Any] = Field(
        description="LLM calls of the last 30 days per provider per UTC day (requests, success "
                    "rate, mean latency, USD cost), local vs cloud calls and estimated savings.")
    cache: dict[str, int] = Field(description="Profile lookups since this server started.")
    tasks: dict[str, int] = Field(description="Tasks submitted since this server started.")


class ComponentHealth(BaseModel):
    ok: bool
    detail: str


class HealthPublic(BaseModel):
    status: Literal["ok", "degraded"]
    components: dict[str, ComponentHealth]


class ErrorPublic(BaseModel):
    error: str
    message: str
    details: dict[str, Any]
    timestamp: datetime
    request_id: str | None
