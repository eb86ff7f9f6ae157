"""Tests of target resolution (analysis.term_targets via analysis.loaded_terms): each rule, positive and negative."""

from __future__ import annotations

import pytest

from analysis.loaded_terms import find_loaded_terms, find_target_names, load_lexicon
from analysis.term_targets import UNSPECIFIED, NameMention, article_layout, resolve_target


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _resolved(text: str, lexicon, words: str, occurrence: int = 0) -> tuple[str, str]:
    """(target, basis) of the term written ``words`` (its ``occurrence``-th match)."""
    found = [m for m in find_loaded_terms(text, lexicon) if text[m.start:m.end] == words]
    match = found[occurrence]
    return match.target, match.target_basis


@pytest.mark.parametrize(("text", "words", "expected"), [
    # head: a name right after an uninflected term
    ("Turkish jets hit the terrorist PKK near the border.", "terrorist", ("kurdish_forces", "head")),
    ("Syrian government forces advanced.", "Syrian government", ("army", "head")),
    # modifier: a name right before the term, possessive or -linked
    ("Daesh terrorists attacked the town.", "terrorists", ("isis", "modifier")),
    ("Al Qaeda-linked militants took the base.", "militants", ("al_qaeda", "modifier")),
    ("IS fighters fled.", "fighters", ("isis", "modifier")),
    ("Kurdish fighters entered Manbij.", "fighters", ("kurdish_forces", "modifier")),
    ("pro-regime fighters died.", "fighters", ("pro_government_forces", "modifier")),
    # term: a name among its own words
    ("Rebel groups shelled the city.", "Rebel groups", ("syrian_opposition", "term")),
    ("The Syrian regime denied it.", "Syrian regime", ("state", "term")),
    ("Army units advanced.", "Army units", ("army", "term")),
    # apposition: introduced after the term, or the term in apposition to a name before it
    ("Daesh fought terrorists of the so-called Jaish al-Islam in Ghouta.", "terrorists",
     ("syrian_opposition", "apposition")),
    ("Shells were fired by terrorists from the Islamic State group.", "terrorists", ("isis", "apposition")),
    ("Ankara shelled the YPG, which Turkey calls a terrorist group near Daesh positions.", "terrorist group",
     ("kurdish_forces", "apposition")),
    # sentence: the nearest name in the sentence
    ("Jaish al-Islam shelled the city and the terrorists later withdrew.", "terrorists",
     ("syrian_opposition", "sentence")),
    # previous sentence: its last name
    ("Daesh attacked the town on Monday. The terrorists fled at dawn.", "terrorists", ("isis", "previous_sentence")),
    # headline: the target bound to the headline's own term
    ("Daesh Terrorists Execute 24\n\nThe group struck at night. Later the terrorists fled.", "terrorists",
     ("isis", "headline")),
    # none: no group named
    ("Terrorists fired shells on Aleppo.", "Terrorists", (UNSPECIFIED, "none")),
])
def test_each_rule_resolves_its_case(lexicon, text, words, expected):
    assert _resolved(text, lexicon, words) == expected


@pytest.mark.parametrize(("text", "words", "not_expected"), [
    # head: an inflected term is not a modifier of what follows ("extremists rebels": a list without commas)
    ("a war pitting extremists rebels and Kurdish militia", "extremists", ("syrian_opposition", "head")),
    # modifier: a name separated by punctuation or a verb does not modify the term
    ("After Daesh retreated, terrorists fired shells.", "terrorists", ("isis", "modifier")),
    # term: a term without a name in its words
    ("Terrorist groups fired shells.", "Terrorist groups", ("syrian_opposition", "term")),
    # apposition: a name three words on is not introduced by the preposition
    ("terrorists attacked the headquarters of Jaish al-Islam", "terrorists", ("syrian_opposition", "apposition")),
    # apposition: not across a sentence end
    ("Ankara shelled the YPG. Turkey calls it a terrorist group.", "terrorist group",
     ("kurdish_forces", "apposition")),
    # sentence: a name coordinated with the term names another group
    ("Forces face an array of rebel and terrorist groups.", "terrorist groups", ("syrian_opposition", "sentence")),
    ("Idlib is held by rebel groups and extremists.", "extremists", ("syrian_opposition", "sentence")),
    # previous sentence: two sentences back is too far
    ("Daesh attacked the town. It rained all day. The terrorists fled.", "terrorists", ("isis", "previous_sentence")),
    # headline: a headline naming two groups and no bound term says nothing
    ("Daesh and the YPG clash near Manbij\n\nThe battle raged. Later the terrorists fled.", "terrorists",
     ("isis", "headline")),
])
def test_each_rule_stays_out_of_other_cases(lexicon, text, words, not_expected):
    assert _resolved(text, lexicon, words) != not_expected


def test_coordination_and_distance_leave_a_term_unspecified(lexicon):
    assert _resolved("Forces face an array of rebel and terrorist groups.", lexicon, "terrorist groups") == \
        (UNSPECIFIED, "none")
    assert _resolved("Daesh attacked the town. It rained all day. The terrorists fled.", lexicon,
                     "terrorists") == (UNSPECIFIED, "none")


def test_acronyms_match_in_capitals_only(lexicon):
    assert _resolved("IS fighters fled.", lexicon, "fighters")[0] == "isis"
    assert _resolved("It is fighters who fled.", lexicon, "fighters")[0] == UNSPECIFIED
    names = find_target_names("The SDF and the sdf", lexicon)
    assert [(n.start, n.end, n.target) for n in names] == [(4, 7, "kurdish_forces")]


def test_names_take_plural_and_stripped_possessive_forms(lexicon):
    names = find_target_names("Al-Qaedas Syrian affiliate and the rebels", lexicon)
    assert [n.target for n in names if n.concept == "armed_groups"] == ["al_qaeda", "syrian_opposition"]


def test_a_group_modifying_a_government_term_is_not_the_government(lexicon):
    assert _resolved("Al-Qaeda loyalists attacked a Kurdish town.", lexicon, "loyalists") == ("other", "modifier")
    assert _resolved("The loyalists held the town.", lexicon, "loyalists") == ("army", "term")


def test_the_match_records_the_name_it_relied_on(lexicon):
    text = "Daesh terrorists attacked."
    (match,) = find_loaded_terms(text, lexicon)
    assert text[match.name_start:match.name_end] == "Daesh"


def test_a_concept_without_targets_is_not_resolved(lexicon):
    (match,) = [m for m in find_loaded_terms("Daesh airstrikes hit the town.", lexicon)
                if m.concept == "military_action"]
    assert (match.target, match.target_basis, match.name_start, match.in_headline_stance) == \
        (UNSPECIFIED, "no_targets", -1, True)


def test_resolve_target_without_names_is_unspecified():
    text = "Terrorists fired shells."
    assert resolve_target(text, 0, 11, [], article_layout(text)).target == UNSPECIFIED


def test_article_layout_splits_sentences_and_finds_the_headline():
    text = "Headline here\n\nFirst one. Second one! third lower. Fourth?"
    layout = article_layout(text)
    assert layout.headline_end == 13
    assert [text[s:s + 6] for s in layout.sentence_starts] == ["Headli", "First ", "Second", "Fourth"]


def test_sentence_rule_prefers_the_nearer_side():
    text = "Daesh x rebels shelled y terrorists z Nusra"
    names = [NameMention(0, 5, "armed_groups", "isis"), NameMention(8, 14, "armed_groups", "syrian_opposition"),
             NameMention(38, 43, "armed_groups", "al_qaeda")]
    start = text.index("terrorists")
    resolution = resolve_target(text, start, start + 10, names, article_layout(text), inflected=True)
    # "rebels ... " ends 11 characters before, "Nusra" starts 3 after: the nearer wins.
    assert (resolution.target, resolution.basis) == ("al_qaeda", "sentence")
