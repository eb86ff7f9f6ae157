"""Tests for analysis.sourcing: media cited, wire copy, share of voice."""

from __future__ import annotations

import math

import pytest

from analysis.attribution import Attribution, extract_attributions
from analysis.sourcing import cited_media, sourcing_summary


def attribution(speaker: str, affiliation: str, speaker_type: str, content: str) -> Attribution:
    return Attribution(speaker, 0, 0, speaker_type, affiliation, "said", "say", "neutral", "indirect",
                       content, 0, len(content))


@pytest.mark.parametrize(("text", "names"), [
    ("The Interfax news agency quoted an official.", ["Interfax"]),
    ("RIA Novosti and TASS reported the strike, Reuters said.", ["RIA Novosti", "TASS", "Reuters"]),
    ("Syrian state television showed the town.", ["state television"]),
    ("A photo of the town. (AFP photo)", []),
    ("Photo by AFP", []),
    ("The map shows a gap.", []),  # "map" is not AP
])
def test_cited_media(text: str, names: list[str]) -> None:
    assert [citation.name for citation in cited_media(text)] == names


def test_citation_offsets_slice_to_the_mention() -> None:
    text = "Rebels advanced, Al-Souria Net reported."
    (citation,) = cited_media(text)
    assert text[citation.start:citation.end] == "Al-Souria Net"


@pytest.mark.parametrize(("text", "wire"), [
    ("MOSCOW (Sputnik) — The Kremlin said the truce holds.", True),
    ("BEIRUT (AFP) - Fighting raged on Sunday.", True),
    ("Fighting raged on Sunday.\n\n--Reuters", True),
    ("Fighting raged on Sunday. (With AFP and Reuters)", True),
    ("Fighting raged on Sunday, Reuters reported.", False),
    ("A man walks. (AFP photo)", False),
])
def test_wire_copy(text: str, wire: bool) -> None:
    assert sourcing_summary(text, []).is_wire_copy is wire


def test_share_of_voice_and_named_share_hand_computed() -> None:
    attributions = [
        attribution("Dmitry Peskov", "russia_gov", "person", "one two three"),
        attribution("Dmitry Peskov", "russia_gov", "person", "four five six seven"),
        attribution("a senior official", "us_gov", "anonymous", "eight nine"),
        attribution("a Syria's monitor", "ngo", "organization", "ten"),
    ]
    summary = sourcing_summary("", attributions)
    assert summary.attributions == 4
    assert summary.distinct_sources == 3
    assert summary.named_share == pytest.approx(0.75)
    assert summary.anonymous_share == pytest.approx(0.25)
    assert summary.words_by_affiliation == (("russia_gov", 7), ("us_gov", 2), ("ngo", 1))
    assert summary.voice_share_by_affiliation == (("russia_gov", 0.7), ("us_gov", 0.2), ("ngo", 0.1))


def test_no_attributions_gives_nan_shares() -> None:
    summary = sourcing_summary("Nothing is reported here.", [])
    assert math.isnan(summary.named_share) and math.isnan(summary.anonymous_share)
    assert summary.voice_share_by_affiliation == ()


def test_works_with_extracted_attributions() -> None:
    text = ("MOSCOW (Sputnik) — Aid trucks reached Douma, the Red Crescent said. "
            "A senior official said the road is open.")
    summary = sourcing_summary(text, extract_attributions(text))
    assert summary.media_names == ("Sputnik",) and summary.is_wire_copy
    assert summary.distinct_sources == 2 and summary.anonymous_share == pytest.approx(0.5)


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        sourcing_summary(None, [])  # type: ignore[arg-type]
