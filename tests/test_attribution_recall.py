"""Tests for the candidate-finding rules added for speech recall (issue 11): each rule with a case it
must find and a case it must leave alone."""

from __future__ import annotations

import pytest

from analysis.attribution import extract_attributions
from analysis.attribution.document import read_document
from analysis.attribution.parse import parsed_clause_candidates


def _found(text: str) -> list[tuple[str, str, str]]:
    """(speaker mention as written, verb, content) of every attribution, in document order."""
    return [(text[a.speaker_start:a.speaker_end], a.verb, a.content) for a in extract_attributions(text)]


def _parsed(text: str) -> list[tuple[str, str, str]]:
    """(speaker mention, verb, content) of the parse pass alone, with no earlier candidates."""
    candidates = parsed_clause_candidates(read_document(text), (), frozenset())
    return [(c.mention.text if c.mention else "", c.verb, text[c.content_start:c.content_end]) for c in candidates]


# ---------------------------------------------------------------------------
# A quotation ending its sentence, attributed by the next sentence ("“…?” Trump said.").

@pytest.mark.parametrize(("text", "expected"), [
    ("“Is that all there is?” Trump said. He left.", ("Trump", "said", "Is that all there is?")),
    ("The drama follows her. “Sometimes us ex-diplomats need our fix!” Clinton said to People.",
     ("Clinton", "said", "Sometimes us ex-diplomats need our fix!")),
    ("“We will win. We will win big.” Trump said on Twitter.", ("Trump", "said", "We will win. We will win big.")),
])
def test_attribution_sentence_after_a_quotation(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _found(text)


def test_next_sentence_with_its_own_content_is_not_the_quotation_attribution() -> None:
    found = _found("“Why not?” He said the plan was bad.")
    assert all(content != "Why not?" for _, _, content in found)
    assert ("He", "said", "the plan was bad") in found


def test_attribution_in_the_next_paragraph_is_not_joined() -> None:
    found = _found("“Why not?”\nTrump said on Twitter.")
    assert all(content != "Why not?" for _, _, content in found)


# ---------------------------------------------------------------------------
# The parse pass's can-it-speak check: people nouns, agent nouns, shares of people, documents.

@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("But the company says it fears it could end up in a similar situation.", "the company",
     "it fears it could end up in a similar situation"),
    ("The 57-year-old scientist says she doesn't take Holocaust comparisons lightly.",
     "The 57-year-old scientist", "she doesn't take Holocaust comparisons lightly"),
    ("Around that time, 47 percent said they would vote for Hillary Clinton.", "47 percent",
     "they would vote for Hillary Clinton"),
    ("Along with a raft of allegations, the suit claims that Gowdy made statements that damaged him.",
     "the suit", "that Gowdy made statements that damaged him"),
])
def test_parse_pass_speakers_that_can_speak(text: str, speaker: str, content: str) -> None:
    assert (speaker, content) in [(found[0], found[2]) for found in _found(text)]


@pytest.mark.parametrize("text", [
    "No one immediately claimed responsibility for the attack but the group has carried out bombings.",
    "The blast shook the building, saying nothing of the damage.",
    "The orange jumpsuits, which the men wore on Monday, say they were prisoners.",
])
def test_parse_pass_subjects_that_cannot_speak(text: str) -> None:
    assert _parsed(text) == []


# ---------------------------------------------------------------------------
# The parse pass's subject through a preposition, an adjective's to-clause and a participle of a noun.

@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("When he returned he began by saying that nobody had to go to jail.", "he", "that nobody had to go to jail"),
    ("Caucus-goers were slightly more likely to say they preferred Clinton.", "Caucus-goers",
     "they preferred Clinton"),
    ("Republican voters saying they want a ban on Muslims were the majority.", "Republican voters",
     "they want a ban on Muslims"),
])
def test_parse_pass_inherited_subjects(text: str, speaker: str, content: str) -> None:
    assert (speaker, content) in [(found[0], found[2]) for found in _parsed(text)]


@pytest.mark.parametrize("text", [
    "The question was hard to say anything about.",  # an adjective's to-clause without a copula's subject
    "The stories that will be talked about today are here.",  # passive: no speaker
    "A website called Real News Right Now was shut down.",  # a naming participle, not a participle of speech
])
def test_parse_pass_no_inherited_subject(text: str) -> None:
    assert _parsed(text) == []


# ---------------------------------------------------------------------------
# The parse pass reads the bare object of some reporting verbs (parsed_cues.csv) and "called X “Y”".

@pytest.mark.parametrize(("text", "content"), [
    ("She quickly noted her years as senator representing the state.", "her years as senator representing the state"),
    ("He barely mentioned his campaign at the start of his speech.", "his campaign"),
    ("Former Florida governor Jeb Bush called the use of executive orders “quite dangerous.”",
     "the use of executive orders “quite dangerous.”"),
])
def test_parse_pass_object_contents(text: str, content: str) -> None:
    assert content in [found[2] for found in _parsed(text)]


@pytest.mark.parametrize("text", [
    "The group claimed responsibility for the attacks.",  # "claim" reads no bare object
    "Clinton maintained a large lead in the polls.",  # nor "maintain"
    "The company will report earnings on Wednesday.",  # nor "report"
    "The senator called the meeting to order.",  # "call" without a predicate
])
def test_parse_pass_objects_that_are_actions(text: str) -> None:
    assert _parsed(text) == []


def test_parsed_cue_row_of_a_reporting_verb_must_keep_its_class(tmp_path, monkeypatch) -> None:
    from analysis.attribution import parse as parse_module
    from analysis.attribution.vocabulary import DataFileError

    data = tmp_path / "parsed_cues.csv"
    data.write_text("lemma,forms,class,content\nnote,note|notes|noted|noting,adversarial,object\n", encoding="utf-8")
    monkeypatch.setattr(parse_module, "PARSED_CUES_FILE", data)
    parse_module.parsed_cues.cache_clear()
    try:
        with pytest.raises(DataFileError, match="differs from reporting_verbs.csv"):
            parse_module.parsed_cues()
    finally:
        monkeypatch.undo()
        parse_module.parsed_cues.cache_clear()


# ---------------------------------------------------------------------------
# Shares of people as speakers: "Some said", "one in five say", "those surveyed said".

@pytest.mark.parametrize(("text", "speaker"), [
    ("Some of Clinton’s longtime allies said they have come to accept his new position.",
     "Some of Clinton’s longtime allies"),
    ("Again, those surveyed said Trump was best able to handle the issue.", "those surveyed"),
    ("Nearly a third say they don't know, and one in five say it's not an improvement.", "one in five"),
])
def test_shares_of_people_speak(text: str, speaker: str) -> None:
    assert speaker in [found[0] for found in _found(text)]


def test_a_lone_determiner_names_no_source() -> None:
    from analysis.attribution.mentions import _describe, names_no_source

    text = "The said it."
    assert names_no_source(text, _describe(text, 0, 3))
    text = "Many said it."
    assert not names_no_source(text, _describe(text, 0, 4))


def test_phrasal_cue_particle_follows_the_verb() -> None:
    # "On Saturday" is no particle of "called": the content is never "Saturday".
    found = _parsed("On Saturday, Sen. Bernie Sanders (I-Vt.) called on Michigan Gov. Rick Snyder (R) to resign.")
    assert found and all("Saturday" not in content for _, _, content in found)


# ---------------------------------------------------------------------------
# "“A,” X, apposition, said": the speaker before its apposition.

@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("“It is not the position that everything is hunky-dory,” Gene Sperling, a top outside Clinton adviser, "
     "said at a recent event in Iowa.", "Gene Sperling", "It is not the position that everything is hunky-dory,"),
    ("“Very good reporter,” Trump, the 2016 GOP presidential frontrunner nationally and polling leader in South "
     "Carolina, said when Boyle asked him a question.", "Trump", "Very good reporter,"),
])
def test_direct_quotation_speaker_with_apposition(text: str, speaker: str, content: str) -> None:
    assert (speaker, "said", content) in _found(text)


def test_direct_quotation_with_a_clause_before_the_verb_is_not_read_as_apposition() -> None:
    # The words before "said" are a clause of their own, not a name with its apposition.
    found = _found("“We will see,” the crowd roared, and officials said nothing.")
    assert all(speaker != "the crowd roared" for speaker, _, _ in found)


# ---------------------------------------------------------------------------
# "X said, “...” until ...": a comma then a quotation after the verb opens its content.

def test_quotation_after_the_verb_and_a_comma_is_the_content() -> None:
    text = ('When asked why Cruz decided to go after Trump this past week, Tyler said, '
            '"We have three weeks to go" until then.')
    said = [content for _, verb, content in _found(text) if verb == "said"]
    assert said == ['"We have three weeks to go" until then']


def test_comma_without_a_quotation_keeps_the_content_before_the_verb() -> None:
    text = "In a merger, he said, the brand would survive."
    said = [content for _, verb, content in _found(text) if verb == "said"]
    assert said and all(not content.startswith('"') for content in said)


# ---------------------------------------------------------------------------
# Nouns of saying (nominal_cues.csv): "his warning that ...", "made no mention of ...".

@pytest.mark.parametrize(("text", "speaker", "verb", "content"), [
    ("His warning that Britain would go to the back of the queue angered many.", "His", "warning",
     "that Britain would go to the back of the queue"),
    ("But Trump notably made no mention of Jeb Bush, who announced he is suspending his campaign.", "Trump",
     "mention", "Jeb Bush, who announced he is suspending his campaign"),
    ("Trump's call for a temporary ban on Muslims drew condemnation.", "Trump's", "call",
     "a temporary ban on Muslims"),
])
def test_nominal_cues(text: str, speaker: str, verb: str, content: str) -> None:
    assert (speaker, verb, content) in _found(text)


@pytest.mark.parametrize("text", [
    "Russia's attacks on Aleppo continued.",  # a deed, not a noun of saying
    "A Politico story about his claim that he was offered a scholarship ran on Friday.",  # what a story is about
    "The claim that he was offered a scholarship was false.",  # no source beside the noun
])
def test_nominal_cues_negative(text: str) -> None:
    assert all(verb not in ("attacks", "claim") for _, verb, _ in _found(text))


def test_nominal_cue_rows_are_checked(tmp_path, monkeypatch) -> None:
    from analysis.attribution import parse as parse_module
    from analysis.attribution.vocabulary import DataFileError

    data = tmp_path / "nominal_cues.csv"
    data.write_text("lemma,forms,class,prepositions\nclaim,claim|claims,doubtful,of\n", encoding="utf-8")
    monkeypatch.setattr(parse_module, "NOMINAL_CUES_FILE", data)
    parse_module.nominal_cues.cache_clear()
    try:
        with pytest.raises(DataFileError, match="is not one of"):
            parse_module.nominal_cues()
    finally:
        monkeypatch.undo()
        parse_module.nominal_cues.cache_clear()


# ---------------------------------------------------------------------------
# "talk" and "speak" report through a preposition only; "of" introduces content like "about".

def test_speak_and_talk_report_through_a_preposition() -> None:
    assert [found[2] for found in _parsed("He talked of reforms in the tax code.")] == ["reforms in the tax code"]
    assert _parsed("Obama spoke Hebrew at the dinner.") == []
    assert _parsed("Trump was talking immigration at the debate.") == []
