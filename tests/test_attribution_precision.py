"""Tests for the precision side of analysis.attribution: content boundaries (where an indirect content
ends, what is not content, an object's complement in the parse pass), continuations and the speaker span
of a continuation quote."""

from __future__ import annotations

import pytest

from analysis.attribution import extract_attributions
from analysis.attribution.document import read_document
from analysis.attribution.parse import parsed_clause_candidates


def _contents(text: str) -> list[tuple[str, str]]:
    return [(a.verb, a.content) for a in extract_attributions(text)]


# --- continuation quotes ------------------------------------------------------------------------------------

def test_continuation_paragraph_takes_the_span_of_the_mention_it_continues() -> None:
    text = ("“We will win this state,” Senator Rand Paul said on Monday.\n"
            "“Nobody else has the organization we have built here over two years.”")
    first, continuation = extract_attributions(text)
    assert continuation.verb == ""
    assert (continuation.speaker_start, continuation.speaker_end) == (first.speaker_start, first.speaker_end)
    assert text[continuation.speaker_start:continuation.speaker_end] == "Senator Rand Paul"


def test_an_attribution_after_a_continuation_keeps_its_own_mention() -> None:
    text = ("“We will win this state,” Senator Rand Paul said on Monday.\n"
            "“Nobody else has the organization we have built here over two years.”\n"
            "Governor Terry Branstad said that the race was still open.")
    last = extract_attributions(text)[-1]
    assert last.verb == "said"
    assert text[last.speaker_start:last.speaker_end] == "Governor Terry Branstad"


def test_a_short_quotation_right_after_the_attribution_continues_it() -> None:
    assert _contents("Trump was asked about the lawsuits. “They sue,” he said. “Everybody sues, right?”")[-2:] == [
        ("said", "They sue,"), ("", "Everybody sues, right?")]


def test_a_quotation_split_by_its_attribution_goes_on_in_lower_case() -> None:
    text = "“She is too far behind,” said an Iowa Democrat, “and Iowa was not a decisive win.”"
    assert _contents(text) == [("said", "She is too far behind,"), ("", "and Iowa was not a decisive win.")]


def test_a_lower_case_quotation_paragraph_is_no_continuation() -> None:
    text = "“We will win,” Senator Rand Paul said on Monday.\n“and then we will see what the voters think of it.”"
    assert _contents(text) == [("said", "We will win,")]


def test_a_short_quotation_paragraph_is_no_continuation() -> None:
    # Four words at least for a paragraph that is only a quotation: a short one is as often a title.
    assert _contents("“We will win,” Senator Rand Paul said on Monday.\n“Not now.”") == [("said", "We will win,")]


# --- where an indirect content ends ---------------------------------------------------------------------

def test_a_subject_inside_the_content_does_not_end_it() -> None:
    text = "Kiedis said his band and collaborator Brian Burton wrote a host of new songs for the upcoming album."
    assert ("said", "his band and collaborator Brian Burton wrote a host of new songs for the upcoming album") \
        in _contents(text)


def test_a_speaker_whose_verb_ends_the_sentence_ends_the_content_without_commas() -> None:
    # A text whose commas were stripped: the trailing attribution bounds the earlier content.
    text = "Kerry underscored the gravity of any chemical weapons use the official said."
    assert ("underscored", "the gravity of any chemical weapons use") in _contents(text)


def test_a_subject_that_opens_a_clause_ends_the_content_before_it() -> None:
    assert _contents("The mayor said the budget was balanced, and the governor said it was not.") == [
        ("said", "the budget was balanced"), ("said", "it was not")]


# --- what is not content --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Hillary Clinton responded by pointing a finger in the woman’s face.",  # how she responded
    "In an interview with Fox News on Monday night, Donald Trump responded.",  # when, not what
    "Jokes are told, interviews are requested and advice is given to the president.",  # a passive, no speaker
])
def test_a_means_or_an_opening_adverbial_is_not_content(text: str) -> None:
    assert extract_attributions(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The campaign responded that the ad was false.", ("responded", "the ad was false")),
    ("In a merger, he said, the HP brand would survive.", ("said", "In a merger, he said, the HP brand would survive")),
    ("The effects are difficult to predict, many economists say, because there is little precedent.",
     ("say", "The effects are difficult to predict, many economists say, because there is little precedent")),
])
def test_content_that_follows_or_wraps_the_attribution_is_kept(text: str, expected: tuple[str, str]) -> None:
    assert _contents(text) == [expected]


# --- the parse pass: an object with its complement ------------------------------------------------------

def _parsed_contents(text: str) -> list[str]:
    candidates = parsed_clause_candidates(read_document(text), (), frozenset())
    return [text[c.content_start:c.content_end] for c in candidates]


@pytest.mark.parametrize(("text", "expected"), [
    ("Trump praised Putin as a strong leader.", "Putin as a strong leader"),
    ("She defended the decision to voters in Iowa.", "the decision to voters in Iowa"),
    ("The senator praised the report for its candor.", "the report for its candor"),
    # A phrasal cue's object completed by a to-clause.
    ("Protesters are calling on Rahm Emanuel to resign as mayor.", "Rahm Emanuel to resign as mayor"),
])
def test_parse_pass_object_keeps_its_complement(text: str, expected: str) -> None:
    assert _parsed_contents(text) == [expected]


def test_parse_pass_object_without_complement_leaves_the_verbs_adjunct_out() -> None:
    assert _parsed_contents("Trump praised Putin on Monday.") == ["Putin"]
