"""Lexicon, aggregation with outlier filtering, and the ProfileBuilder."""

from __future__ import annotations

from mididrumigen.domain.profile import StyleParams
from mididrumigen.research.aggregate import Vote, aggregate
from mididrumigen.research.builder import PARAMS, ProfileBuilder
from mididrumigen.research.evidence import Evidence
from mididrumigen.research.lexicon import analyze_text, genre_for


def test_lexicon_finds_descriptors_and_tempos_and_skips_negations() -> None:
    f = analyze_text("A half-time shuffle with ghost notes, laid back, four on the floor in the "
                     "chorus, double kick in the bridge, at 92 BPM. He is never busy.")
    assert {"half-time shuffle", "ghost notes", "behind the beat", "four on the floor",
            "double kick"} <= set(f.descriptors)
    assert "busy" not in f.descriptors and "shuffle" not in f.descriptors
    assert f.tempos == (92.0,)
    assert set(analyze_text("swung eighths, on top of the beat, sparse").descriptors) == {
        "swung eighths", "on top of the beat", "sparse"}


def test_genre_tags_map_to_our_keys() -> None:
    assert genre_for("Hip-Hop") == "hiphop"
    assert genre_for("psychedelic rock") == "rock"
    assert genre_for("heavy metal") == "metal"
    assert genre_for("British blues") == "blues"
    assert genre_for("vaporwave") is None


def test_outliers_are_dropped_and_named() -> None:
    votes = [Vote(62.0, 0.8, "audio: a.wav", "audio"), Vote(63.0, 0.7, "midi: b.mid", "midi"),
             Vote(61.5, 0.5, "text", "wikipedia"), Vote(50.0, 0.6, "audio: live.wav", "audio")]
    agg = aggregate("swing_percent", votes)
    assert agg is not None and [v.label for v in agg.dropped] == ["audio: live.wav"]
    assert 61.5 <= agg.value <= 63.0
    assert "outliers dropped: audio: live.wav" in agg.provenance()


def test_agreement_raises_confidence() -> None:
    agree = aggregate("syncopation", [Vote(0.4, 0.6, "a", "a"), Vote(0.42, 0.6, "b", "b")])
    disagree = aggregate("syncopation", [Vote(0.1, 0.6, "a", "a"), Vote(0.9, 0.6, "b", "b")])
    more = aggregate("syncopation", [Vote(0.4, 0.6, str(i), str(i)) for i in range(5)])
    assert agree and disagree and more
    assert agree.confidence > disagree.confidence and more.confidence > agree.confidence


def test_booleans_and_units_take_the_weighted_majority() -> None:
    assert aggregate("double_kick", [Vote(True, 0.9, "a", "a"), Vote(False, 0.3, "b", "b")]).value is True
    assert aggregate("swing_unit", [Vote(8, 0.9, "a", "a"), Vote(16, 0.3, "b", "b"),
                                    Vote(16, 0.3, "c", "c")]).value == 8


def _ev(source: str, payload: dict, confidence: float = 0.6) -> Evidence:
    return Evidence(source, f"https://example.org/{source}", payload, confidence, "test",
                    title=source)


def test_builder_every_parameter_names_its_evidence_or_its_default() -> None:
    evidence = [
        _ev("audio", {"params": {"tempo_avg": 92.0, "swing_percent": 58.0, "swing_unit": 16}}),
        _ev("wikipedia", {"descriptors": {"behind the beat": 1, "ghost notes": 2},
                          "tempos": [88.0], "text": "A trio from Houston. More."}),
        _ev("musicbrainz", {"genres": [["funk", 5], ["soul", 2], ["psychedelic rock", 4]],
                            "drummers": [{"name": "DJ Johnson", "era": "2010–"}], "kind": "band"}),
    ]
    profile, report = ProfileBuilder().build("Fixture Trio", evidence)
    assert profile.source == "research" and profile.kind == "band"
    assert profile.genres[0] == "funk" and set(profile.genres) <= {"funk", "rock", "soul"}
    assert profile.drummers == ("DJ Johnson",)
    for name in (*PARAMS, "microtiming_ms", "genres"):
        assert profile.provenance[name], name
    assert "audio: audio" in profile.provenance["swing_percent"]
    assert "“ghost notes”" in profile.provenance["ghost_note_prob"]
    assert profile.params.ghost_note_prob == 0.45
    assert profile.params.microtiming_ms["snare"] == 12.0
    assert profile.provenance["fill_rate"].startswith("no evidence; default of genre model")
    assert profile.params.tempo_min <= 88.0 and profile.params.tempo_max >= 92.0
    assert "tempo_avg" in report.from_evidence and "fill_rate" in report.defaulted
    assert "DJ Johnson (2010–)" in profile.text_description
    assert "A trio from Houston." in profile.text_description


def test_confidence_grows_with_sources_and_agreement() -> None:
    one = [_ev("audio", {"params": {"swing_percent": 60.0, "tempo_avg": 100.0}})]
    three = [*one, _ev("midi_files", {"params": {"swing_percent": 61.0, "tempo_avg": 101.0}}),
             _ev("articles", {"descriptors": {"swung sixteenths": 1}, "tempos": [100.0]})]
    p1, _ = ProfileBuilder().build("A", one)
    p3, _ = ProfileBuilder().build("A", three)
    assert p3.confidence > p1.confidence
    nothing, _ = ProfileBuilder().build("A", [])
    assert nothing.confidence <= 0.1 and nothing.params == StyleParams(
        **{**nothing.params.to_dict()})


def test_values_out_of_range_are_clamped_and_say_so() -> None:
    p, _ = ProfileBuilder().build("A", [_ev("audio", {"params": {"swing_percent": 80.0}})])
    assert p.params.swing_percent == 75.0 and "clamped" in p.provenance["swing_percent"]


def test_embedding_when_an_embedder_is_given() -> None:
    builder = ProfileBuilder(embedder=lambda profile: [profile.params.tempo_avg, 1.0])
    p, _ = builder.build("A", [_ev("audio", {"params": {"tempo_avg": 100.0}})])
    assert p.embedding == (100.0, 1.0)  # the embedder sees the finished profile
