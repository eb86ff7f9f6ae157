"""Tests of analysis.loaded_terms: matching, quotes, distancing, scores."""

from __future__ import annotations

import math
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.loaded_terms import (
    DISTANCING_REACH_WORDS,
    ArticleTerms,
    article_terms_columns,
    find_distancing_markers,
    find_loaded_terms,
    load_lexicon,
    mean_stance,
    score_article_terms,
)
from tests.conftest import FAKES_CSV, require


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _found(text, lexicon, **options):
    return [(text[m.start:m.end], m.term) for m in find_loaded_terms(text, lexicon, **options)]


@pytest.mark.parametrize(("text", "expected"), [
    # longest match wins, each occurrence counted once
    ("The Syrian Arab Army advanced.", [("Syrian Arab Army", "syrian arab army")]),
    ("the armed opposition said", [("armed opposition", "armed opposition")]),
    ("the Syrian army and the army", [("Syrian army", "syrian army"), ("army", "army")]),
    ("terrorist groups attacked", [("terrorist groups", "terrorist group")]),
    # inflections
    ("a terrorist and two terrorists", [("terrorist", "terrorist"), ("terrorists", "terrorist")]),
    ("one raid, many raids; they raided and were raiding",
     [("raid", "raid"), ("raids", "raid"), ("raided", "raid"), ("raiding", "raid")]),
    ("militias of the armies", [("armies", "army")]),
    ("the armys positions", [("armys", "army")]),
    ("villages were liberated", [("liberated", "liberate")]),
    # case and hyphen/space variants
    ("TERRORISTS and Rebels", [("TERRORISTS", "terrorist"), ("Rebels", "rebel")]),
    ("foreign-backed and foreign backed", [("foreign-backed", "foreign-backed"), ("foreign backed", "foreign-backed")]),
    ("air strikes, airstrikes and air-strikes",
     [("air strikes", "airstrike"), ("airstrikes", "airstrike"), ("air-strikes", "airstrike")]),
    ("U.S.-backed and US-backed fighters",
     [("U.S.-backed", "us-backed"), ("US-backed", "us-backed"), ("fighters", "fighter")]),
    # apostrophes optional (FA-KES strips them)
    ("Assad's forces, Assads forces, Assad’s forces",
     [("Assad's forces", "assad's forces"), ("Assads forces", "assad's forces"),
      ("Assad’s forces", "assad's forces")]),
    # excluded phrases are not counted and hide the terms inside them
    ("the Free Syrian Army attacked", []),
    ("the Turkish army and the Lebanese government", []),
    ("Syrian state TV reported", []),
    ("a ceasefire regime in Aleppo", []),
    ("non-jihadist rebels", [("rebels", "rebel")]),
    ("a hunger strike", []),
    # words that contain a term but are not it
    ("an armyworm in the regimental band", []),
    ("a fellow of the college", []),
    ("Aleppo fell to the rebels", [("fell to", "fell to"), ("rebels", "rebel")]),
    ("shells fell on the district", []),
    ("the deadline and the strikers", []),
    ("", []),
])
def test_find_loaded_terms(lexicon, text, expected):
    assert _found(text, lexicon) == expected


def test_match_records_carry_concept_and_stance(lexicon):
    (match,) = find_loaded_terms("the regime shelled", lexicon)
    assert (match.concept, match.stance, match.in_quote, match.distanced) == ("syrian_government", -1, False, False)


@pytest.mark.parametrize(("text", "quote_spans", "expected_in_quote"), [
    ('He said "the terrorists will lose" and the rebels left.', [(9, 33)], [True, False]),
    ("the terrorists and the rebels", [], [False, False]),
    ("the terrorists and the rebels", [(0, 3)], [False, False]),
    # nested or overlapping spans
    ("the terrorists and the rebels", [(0, 20), (2, 29)], [True, True]),
])
def test_in_quote(lexicon, text, quote_spans, expected_in_quote):
    matches = find_loaded_terms(text, lexicon, quote_spans=quote_spans)
    assert [m.in_quote for m in matches] == expected_in_quote


@pytest.mark.parametrize("quote_spans", [[(5, 2)], [(-1, 3)], [(0, 10_000)], [("a", "b")], [(1,)]])
def test_bad_quote_spans_raise(lexicon, quote_spans):
    with pytest.raises(ValueError, match="quote_spans"):
        find_loaded_terms("the rebels", lexicon, quote_spans=quote_spans)


def test_wrong_types_raise(lexicon):
    with pytest.raises(TypeError, match="text must be a str"):
        find_loaded_terms(None, lexicon)
    with pytest.raises(TypeError, match="lexicon must be a Lexicon"):
        find_loaded_terms("the rebels", {"rebel": 0})


@pytest.mark.parametrize(("text", "expected"), [
    # (marker text, kind, concept, target text)
    ("the so-called armed opposition", [("so-called", "so_called", "armed_groups", "armed opposition")]),
    ("the so called moderate rebels", [("so called", "so_called", "armed_groups", "moderate rebels")]),
    ('the so-called "armed opposition"',
     [("so-called", "so_called", "armed_groups", "armed opposition"),
      ('"armed opposition"', "scare_quotes", "armed_groups", "armed opposition")]),
    ('the "moderate" opposition', [('"moderate"', "scare_quotes", "armed_groups", "opposition")]),
    ("the ‘rebels’ withdrew", [("‘rebels’", "scare_quotes", "armed_groups", "rebels")]),
    ("alleged airstrikes hit", [("alleged", "hedge", "military_action", "airstrikes")]),
    ("the purported Russian airstrikes", [("purported", "hedge", "military_action", "airstrikes")]),
    ("claims of civilians killed", [("claims of", "hedge", "the_dead", "killed")]),
    # unattached: no term within reach
    ("the so-called Syrian Observatory reported", [("so-called", "so_called", None, "Syrian Observatory reported")]),
    ("an alleged chemical attack on the town by rebels", [("alleged", "hedge", None, "chemical attack on")]),
    # the reach stops at punctuation
    ("so-called, the rebels", [("so-called", "so_called", None, "")]),
    # a short quotation introduced by a colon is reported speech, not scare quotes
    ('He said: "terrorists"', []),
    # a capitalized clause is a quotation
    ('"It must stop" said the rebels', []),
    ("no markers and no quotes about the army", []),
])
def test_distancing_markers(lexicon, text, expected):
    markers = find_distancing_markers(text, lexicon)
    assert [(m.marker, m.kind, m.concept, text[m.target_start:m.target_end]) for m in markers] == expected
    for marker in markers:
        assert text[marker.start:marker.end] == marker.marker


def test_reach_is_the_documented_number_of_words(lexicon):
    near = "so-called " + "big " * (DISTANCING_REACH_WORDS - 1) + "rebels"
    far = "so-called " + "big " * DISTANCING_REACH_WORDS + "rebels"
    assert find_distancing_markers(near, lexicon)[0].concept == "armed_groups"
    assert find_distancing_markers(far, lexicon)[0].concept is None


def test_distanced_terms_are_flagged(lexicon):
    text = 'the so-called rebels, the "terrorists" and the militants'
    assert [(text[m.start:m.end], m.distanced) for m in find_loaded_terms(text, lexicon)] == [
        ("rebels", True), ("terrorists", True), ("militants", False)]


def test_scare_quotes_from_caller_spans(lexicon):
    # The caller's quotation finder found the short span; straight quotes would
    # find it too, but here the marks are absent (FA-KES strips many of them).
    text = "the moderate opposition fled"
    markers = find_distancing_markers(text, lexicon, quote_spans=[(4, 23)])
    assert [(m.kind, m.concept) for m in markers] == [("scare_quotes", "armed_groups")]
    (match,) = find_loaded_terms(text, lexicon, quote_spans=[(4, 23)])
    assert match.in_quote and match.distanced


@pytest.mark.parametrize(("stances", "expected"), [
    ([-1, -1, 0, 1], -0.25),
    ([1], 1.0),
    ([0, 0], 0.0),
    ([-1, 1, 1], 1 / 3),
])
def test_mean_stance(stances, expected):
    assert mean_stance(stances) == pytest.approx(expected)


def test_mean_stance_of_nothing_is_nan():
    assert math.isnan(mean_stance([]))


def test_score_article_terms_hand_computed(lexicon):
    # 20 words. armed_groups: terrorists (-1), rebels (0), so-called armed
    # opposition (+1, distanced), "militants" inside a quotation (0, in quote).
    text = ("Terrorists and rebels fought the so-called armed opposition today while officials said "
            '"militants are near" again in the north today.')
    quote_start = text.index("militants")
    scores = score_article_terms(text, lexicon, quote_spans=[(quote_start, quote_start + len("militants are near"))])
    assert isinstance(scores, ArticleTerms)
    assert scores.words == 20
    armed = scores.score("armed_groups")
    assert (armed.mentions, armed.own_voice, armed.in_quote, armed.distanced) == (4, 2, 1, 1)
    assert armed.stance == pytest.approx(-0.5)  # mean of -1 and 0
    assert armed.rate_per_1000_words == pytest.approx(4 / 20 * 1000)
    assert dict(armed.term_counts) == {"terrorist": 1, "rebel": 1, "armed opposition": 1, "militant": 1}
    government = scores.score("syrian_government")
    assert government.mentions == 0 and math.isnan(government.stance)
    assert scores.rate_per_1000_words == pytest.approx(200.0)


def test_stance_is_nan_when_only_quoted(lexicon):
    text = '"terrorists" he said'
    scores = score_article_terms(text, lexicon, quote_spans=[(1, 11)])
    assert scores.score("armed_groups").mentions == 1
    assert math.isnan(scores.score("armed_groups").stance)


def test_rate_of_empty_text_is_nan(lexicon):
    scores = score_article_terms("", lexicon)
    assert scores.words == 0 and math.isnan(scores.rate_per_1000_words)


def test_unknown_concept_raises(lexicon):
    with pytest.raises(KeyError, match="concept must be one of"):
        score_article_terms("the rebels", lexicon).score("weather")


def test_article_terms_columns(lexicon):
    row = article_terms_columns(score_article_terms("The regime and the rebels.", lexicon))
    assert row["words"] == 5
    assert row["loaded_terms_per_1000_words"] == pytest.approx(400.0)
    assert (row["syrian_government_mentions"], row["syrian_government_stance"]) == (1, -1.0)
    assert (row["armed_groups_mentions"], row["armed_groups_stance"]) == (1, 0.0)
    assert math.isnan(row["the_dead_stance"])
    for concept in lexicon.concepts:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", concept)
        assert {f"{concept}_mentions", f"{concept}_own_voice", f"{concept}_stance"} <= row.keys()


def test_stance_per_target_and_headline_stance(lexicon):
    text = "Daesh terrorists attacked the town. Later the rebels advanced and the opposition fighters held it."
    terms = score_article_terms(text, lexicon)
    armed = terms.score("armed_groups")
    # Headline: rebel (0) and opposition fighter (+1), both naming the Syrian opposition; Daesh is left out.
    assert (armed.stance, armed.stance_mentions, armed.own_voice) == (0.5, 2, 3)
    by_target = {t.target: t for t in armed.targets}
    assert (by_target["isis"].stance, by_target["isis"].mentions) == (-1.0, 1)
    assert by_target["syrian_opposition"].stance == 0.5
    row = article_terms_columns(terms)
    assert (row["armed_groups_stance"], row["armed_groups_own_voice"]) == (0.5, 2)
    assert row["armed_groups__isis_stance"] == -1.0
    assert math.isnan(row["armed_groups__kurdish_forces_stance"])
    assert "the_dead__unspecified_stance" not in row  # a concept without targets has no target columns
    for concept in ("armed_groups", "syrian_government"):
        for target in lexicon.targets_of(concept):
            assert f"{concept}__{target}_stance" in row


def test_only_non_headline_targets_leave_the_stance_undefined(lexicon):
    armed = score_article_terms("Daesh terrorists attacked.", lexicon).score("armed_groups")
    assert math.isnan(armed.stance) and armed.own_voice == 1 and armed.stance_mentions == 0


_HOSTILE_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from(list("ارهابيون مسلحون‏‎\u202e🙂👍🏽\x00\x07\r\n\t \"'“”‘’«»-‐.,")), max_size=300),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(min_value=1, max_value=5000)),
    st.builds(lambda words: "".join(words), st.lists(st.sampled_from(
        ["terrorists", "so-called", "Syrian", "Arab", "Army", "rebels", '"', "“", "’", "-", "alleged", "İ", "🙂",
         "armed", "opposition", "regime", "\u0301", "\n"]), max_size=60)),
    st.builds(lambda words: " ".join(words), st.lists(st.sampled_from(
        ["terrorists", "so-called", "Syrian", "Arab", "Army", "rebels", '"moderate"', "‘rebels’", "alleged",
         "İstanbul", "ΣΟΦΙΑ", "Assad's", "forces", "fell", "to", ":", ",", "\n\n"]), max_size=60)),
)


@settings(max_examples=150, deadline=None)
@given(text=_HOSTILE_TEXT, data=st.data())
def test_any_text_gives_spans_inside_the_text(text, data):
    lexicon = load_lexicon()
    quote_spans = data.draw(st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted).map(tuple), max_size=3))
    scores = score_article_terms(text, lexicon, quote_spans=quote_spans)
    entries = {entry.term: entry for entry in lexicon.entries}
    previous_end = 0
    for match in scores.matches:
        assert previous_end <= match.start < match.end <= len(text)
        previous_end = match.end
        # The span slices to a written form of the reported term.
        assert find_loaded_terms(text[match.start:match.end], lexicon)[0].term == match.term
        assert entries[match.term].concept == match.concept
    for marker in scores.markers:
        assert 0 <= marker.start < marker.end <= len(text)
        assert text[marker.start:marker.end] == marker.marker
        assert 0 <= marker.target_start <= marker.target_end <= len(text)


@pytest.mark.slow
def test_speed_on_fakes(lexicon):
    import pandas as pd

    texts = pd.read_csv(require(FAKES_CSV), encoding="latin-1")["article_content"].astype(str).tolist()
    started = time.perf_counter()
    words = sum(score_article_terms(text, lexicon).words for text in texts)
    elapsed = time.perf_counter() - started
    # Well under 2 ms per 500-word article, with room for a slow CI machine.
    assert elapsed / words * 500 < 2e-3 * 2.5
