"""Tests for analysis.attribution: who is reported as saying what, with which verb."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.attribution import (
    AFFILIATIONS,
    KINDS,
    SPEAKER_TYPES,
    VERB_CLASSES,
    Attribution,
    extract_attributions,
    reporting_verbs,
)
from tests.conftest import SHARED, require


def only(text: str) -> Attribution:
    attributions = extract_attributions(text)
    assert len(attributions) == 1, attributions
    return attributions[0]


# (text, speaker, verb, kind, content)
PATTERNS = [
    # Direct quotations, verb after the quotation.
    ("“The talks will resume next week,” Sergei Lavrov said.",
     "Sergei Lavrov", "said", "direct", "The talks will resume next week,"),
    ('"The talks will resume next week," Sergei Lavrov said.',
     "Sergei Lavrov", "said", "direct", "The talks will resume next week,"),
    ("“The convoy reached the town,” said Red Cross spokeswoman Ingrid Larsen.",
     "Ingrid Larsen", "said", "direct", "The convoy reached the town,"),
    # Direct quotations, verb before the quotation.
    ("The envoy Jan Egeland told reporters: “Access is still blocked.”",
     "Jan Egeland", "told", "direct", "Access is still blocked."),
    ("Turkish President Recep Tayyip Erdogan said that “the operation will go on.”",
     "Recep Tayyip Erdogan", "said", "direct", "the operation will go on."),
    # Indirect speech.
    ("The Turkish army said that its jets struck three targets near Afrin.",
     "Turkish army", "said", "indirect", "its jets struck three targets near Afrin"),
    ("Aid trucks entered the besieged town on Monday, the Red Crescent said.",
     "Red Crescent", "said", "indirect", "Aid trucks entered the besieged town on Monday"),
    ("Iranian Foreign Minister Mohammad Javad Zarif told reporters the talks had failed.",
     "Mohammad Javad Zarif", "told", "indirect", "the talks had failed"),
    ("The Pentagon denied the reports about civilian deaths.",
     "Pentagon", "denied", "indirect", "the reports about civilian deaths"),
    # Mixed: paraphrase with a partial quotation.
    ("Lavrov said the strikes were “a gross violation” of the deal.",
     "Sergei Lavrov", "said", "mixed", "the strikes were “a gross violation” of the deal"),
    # According to, quoted as saying.
    ("According to the Syrian Observatory for Human Rights, twelve people died in the shelling.",
     "Syrian Observatory for Human Rights", "According to", "indirect", "twelve people died in the shelling"),
    ("Twelve people died in the shelling, according to the White Helmets.",
     "White Helmets", "according to", "indirect", "Twelve people died in the shelling"),
    ("The TASS agency quoted a senior diplomat in Geneva as saying that the meeting was postponed.",
     "a senior diplomat in Geneva", "quoted ... as saying", "indirect", "the meeting was postponed"),
    # Reporting with an object, headline attribution.
    ("Erdogan calls for a safe zone in northern Syria",
     "Recep Tayyip Erdogan", "calls for", "indirect", "a safe zone in northern Syria"),
    ("Ceasefire in Idlib holds for a second day: Monitor",
     "Monitor", "", "indirect", "Ceasefire in Idlib holds for a second day"),
    # Texts whose apostrophes, commas and quotation marks were stripped.
    ("Aid trucks reached Douma on Tuesday the Red Crescent said.",
     "Red Crescent", "said", "indirect", "Aid trucks reached Douma on Tuesday"),
]


@pytest.mark.parametrize(("text", "speaker", "verb", "kind", "content"), PATTERNS)
def test_attribution_patterns(text: str, speaker: str, verb: str, kind: str, content: str) -> None:
    attribution = only(text)
    assert (attribution.speaker, attribution.verb, attribution.kind, attribution.content) == (
        speaker, verb, kind, content)


NOT_ATTRIBUTIONS = [
    "The film “Last Men in Aleppo” was shown in Geneva.",  # a title in quotes
    "Rebels fought the so-called “moderate” factions near Idlib.",  # a scare quote
    "The “cessation of hostilities” agreement collapsed last week.",  # a quoted term in the outlet's own sentence
    "“We will never leave,” read a banner on the wall.",  # an unattributed quotation
    "Putin has rejected a request to resume airstrikes in Aleppo.",  # a mere action
    "Unconfirmed reports of chlorine attacks emerged in June.",  # "reports" as a noun
    "The ministry did not say how many soldiers died.",  # a negated verb
    "Syria's claims about the attack were dismissed.",  # "claims" as a noun
]


@pytest.mark.parametrize("text", NOT_ATTRIBUTIONS)
def test_not_attributions(text: str) -> None:
    assert extract_attributions(text) == []


def test_adding_that_gives_two_attributions() -> None:
    text = "Jan Egeland said the convoy was stopped, adding that the drivers were safe."
    first, second = extract_attributions(text)
    assert (first.verb, first.content) == ("said", "the convoy was stopped")
    assert (second.verb, second.verb_lemma, second.content) == ("adding", "add", "the drivers were safe")
    assert second.speaker == "Jan Egeland"


def test_coreference_across_sentences() -> None:
    text = ("Kremlin spokesman Dmitry Peskov said Moscow backs the truce.\n\n"
            "He added that the talks would resume. The Kremlin spokesman noted that the deal was fragile.\n\n"
            "“We are ready,” the spokesman said.")
    attributions = extract_attributions(text)
    assert [a.speaker for a in attributions] == ["Dmitry Peskov"] * 4
    assert [text[a.speaker_start:a.speaker_end] for a in attributions] == [
        "Kremlin spokesman Dmitry Peskov", "He", "The Kremlin spokesman", "the spokesman"]
    assert all(a.affiliation == "russia_gov" for a in attributions)


def test_group_resolves_to_the_organization_named_before() -> None:
    text = ("The Syrian Observatory for Human Rights reported heavy shelling. "
            "The group said that nine civilians were killed.")
    assert [a.speaker for a in extract_attributions(text)][-1] == "Syrian Observatory for Human Rights"


def test_indefinite_description_resolves_to_the_name_that_follows() -> None:
    text = ("Eleven people were killed in the strike, a local rescue official said. "
            "Ahmad Saleh told Anadolu Agency that the rescuers were still searching.")
    first, second = extract_attributions(text)
    assert first.speaker == second.speaker == "Ahmad Saleh"


def test_anonymous_source_stays_anonymous() -> None:
    attribution = only("A senior Western diplomat said that the talks were stalled.")
    assert attribution.speaker == "A senior Western diplomat"
    assert attribution.speaker_type == "anonymous"


def test_continuation_quote_takes_the_previous_speaker() -> None:
    text = ("“We will rebuild the hospital,” Health Minister Nizar Yazigi said.\n\n"
            "“Every clinic in the province will reopen before winter.”")
    first, second = extract_attributions(text)
    assert second.speaker == "Nizar Yazigi" and second.verb == "" and second.kind == "direct"
    assert second.content == "Every clinic in the province will reopen before winter."


def test_unattributed_quote_paragraph_with_no_earlier_speaker() -> None:
    assert extract_attributions("“Every clinic in the province will reopen before winter.”") == []


def test_quotation_with_a_document_as_speaker_resolves_to_its_author() -> None:
    text = ("UN envoy Staffan de Mistura condemned the attack, saying “this must stop.”\n\n"
            "“The perpetrators must be held to account,” said a statement issued by his office.")
    assert [a.speaker for a in extract_attributions(text)] == ["Staffan de Mistura"] * 2


def test_record_fields_and_vocabularies() -> None:
    attribution = only("The Pentagon claimed that the strike was an accident.")
    assert dataclasses.asdict(attribution) == {
        "speaker": "Pentagon", "speaker_start": 0, "speaker_end": 12, "speaker_type": "organization",
        "affiliation": "us_gov", "verb": "claimed", "verb_lemma": "claim", "verb_class": "distancing",
        "kind": "indirect", "content": "the strike was an accident", "content_start": 26, "content_end": 52}


def test_verb_classes_come_from_the_data_file() -> None:
    classes = {verb.lemma: verb.verb_class for verb in reporting_verbs()}
    assert classes["say"] == "neutral" and classes["reveal"] == "endorsing"
    assert classes["claim"] == "distancing" and classes["admit"] == "conceding"
    assert classes["deny"] == "adversarial"


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        extract_attributions(b"bytes")  # type: ignore[arg-type]


def test_seed_articles_offsets_slice_to_content() -> None:
    seeds = require(SHARED / "seeds")
    for path in sorted(seeds.glob("*.txt")):
        text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
        attributions = extract_attributions(text)
        assert attributions, path.name
        for attribution in attributions:
            assert text[attribution.content_start:attribution.content_end] == attribution.content
            assert attribution.speaker_type in SPEAKER_TYPES
            assert attribution.affiliation in AFFILIATIONS
            assert attribution.kind in KINDS
            assert attribution.verb_class in VERB_CLASSES or attribution.verb == ""


_NOISE = st.lists(st.sampled_from(
    list("aAbZ “”\"‘’'\n.,:;—") + ["said", " said ", " he ", "According to ", "Reuters", "ש", "ع", "\u202e",
                                   "\x00", "🙂", "The group", " told ", ", adding that ", "Peskov", " quoted "]),
    max_size=60).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(_NOISE)
def test_any_text_never_raises_and_spans_slice(text: str) -> None:
    for attribution in extract_attributions(text):
        assert text[attribution.content_start:attribution.content_end] == attribution.content
        assert 0 <= attribution.speaker_start <= attribution.speaker_end <= len(text)
        assert attribution.kind in KINDS
