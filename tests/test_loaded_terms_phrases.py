"""Tests of analysis.loaded_terms: a term modifying another term of its concept is one mention (_noun_phrases),
and the exclusions added from the FA-KES development part (fighter jets, opposition sources, technical regimes)."""

from __future__ import annotations

import pytest

from analysis.loaded_terms import find_loaded_terms, load_lexicon, score_article_terms


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _found(text, lexicon):
    return [(text[m.start:m.end], m.term, m.stance) for m in find_loaded_terms(text, lexicon)]


@pytest.mark.parametrize(("text", "expected"), [
    # A marked modifier gives the phrase its term and class.
    ("Takfiri militants attacked.", [("Takfiri militants", "takfiri", -1)]),
    ("jihadist fighters control Idlib", [("jihadist fighters", "jihadist", -1)]),
    ("opposition rebel forces", [("opposition rebel", "opposition", 1)]),
    # A neutral modifier: the head noun decides.
    ("Islamist rebels advanced", [("Islamist rebels", "rebel", 0)]),
    ("the militant opposition groups", [("militant opposition groups", "opposition fighter", 1)]),
    # Joined by a hyphen.
    ("the Assad regime-army", [("Assad regime-army", "assad regime", -1)]),
])
def test_a_modifier_term_and_its_head_are_one_mention(lexicon, text, expected):
    assert _found(text, lexicon) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # An inflected first word is a list whose commas were lost, not a modifier.
    ("pitting extremists rebels government forces", [("extremists", "extremist", -1), ("rebels", "rebel", 0),
                                                     ("government forces", "government force", 0)]),
    # Punctuation or a conjunction between them: two mentions.
    ("rebels, militants and terrorists", [("rebels", "rebel", 0), ("militants", "militant", 0),
                                          ("terrorists", "terrorist", -1)]),
    ("rebel and terrorist groups", [("rebel", "rebel", 0), ("terrorist groups", "terrorist group", -1)]),
    # Terms of different concepts are not one phrase.
    ("anti-government rebels", [("government", "government", 0), ("rebels", "rebel", 0)]),
])
def test_terms_that_are_not_one_noun_phrase_stay_apart(lexicon, text, expected):
    assert _found(text, lexicon) == expected


def test_a_phrase_counts_once_in_the_stance(lexicon):
    # Two mentions, "Takfiri militants" (-1) and "rebel" (0): mean -1/2; counted word by word it would be -1/3.
    scores = score_article_terms("Takfiri militants attacked rebel positions.", lexicon)
    armed = next(s for s in scores.concepts if s.concept == "armed_groups")
    assert armed.mentions == 2
    assert armed.stance == pytest.approx(-0.5)


def test_three_terms_in_a_row_join_only_the_first_pair(lexicon):
    assert _found("radical rebel jihadists", lexicon) == [("radical rebel", "radical", -1),
                                                          ("jihadists", "jihadist", -1)]


@pytest.mark.parametrize("text", [
    "coalition fighter jets struck",
    "The Syrian fighter jet targeted",
    "a fighter-bomber dropped bombs",
    "Opposition websites stated that",
    "an opposition source said",
    "Opposition-linked groups inside Syria reported",
    "attempts to break down regime of cessation of hostilities",
])
def test_warplanes_sources_and_technical_regimes_are_not_terms(lexicon, text):
    assert _found(text, lexicon) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("the fighters fled", [("fighters", "fighter", 0)]),
    ("opposition fighters fled", [("opposition fighters", "opposition fighter", 1)]),
    ("the regime of Bashar al-Assad", [("regime", "regime", -1)]),
])
def test_the_words_of_the_exclusions_still_count_elsewhere(lexicon, text, expected):
    assert _found(text, lexicon) == expected
