"""Tests of analysis.outlet_terms: term shares and stance per outlet with article-bootstrap intervals."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.loaded_terms import load_lexicon, score_article_terms
from analysis.outlet_terms import (
    MATCH_COLUMNS,
    MIN_ARTICLES,
    MIN_MENTIONS,
    OTHER_TERMS,
    matches_frame,
    stance_by_outlet,
    stance_by_outlet_and_target,
    term_shares_by_outlet,
    with_other_terms,
)


def _matches(rows):
    """Rows of (article_id, outlet, concept, term, stance, in_quote, distanced)."""
    return pd.DataFrame(rows, columns=["article_id", "outlet", "concept", "term", "stance", "in_quote", "distanced"])


def _row(frame, **where):
    selected = frame
    for column, value in where.items():
        selected = selected[selected[column] == value]
    assert len(selected) == 1, where
    return selected.iloc[0]


def test_shares_hand_computed_and_degenerate_interval_for_one_article():
    # One article: every resample is that article, so the interval is the point.
    frame = _matches([("a1", "X", "armed_groups", "terrorist", -1, False, False)] * 3
                     + [("a1", "X", "armed_groups", "rebel", 0, False, False)])
    shares = term_shares_by_outlet(frame, n_resamples=200)
    terrorist = _row(shares, term="terrorist")
    assert (terrorist.mentions, terrorist.concept_mentions, terrorist.articles) == (3, 4, 1)
    assert terrorist.share == pytest.approx(0.75)
    assert (terrorist.share_low, terrorist.share_high) == pytest.approx((0.75, 0.75))
    assert _row(shares, term="rebel").share == pytest.approx(0.25)


def test_single_term_outlet_has_share_one_and_zero_for_unused_terms():
    frame = _matches([(f"a{i}", "X", "armed_groups", "terrorist", -1, False, False) for i in range(6)]
                     + [("b1", "Y", "armed_groups", "rebel", 0, False, False)])
    shares = term_shares_by_outlet(frame, n_resamples=300)
    x_terrorist = _row(shares, outlet="X", term="terrorist")
    assert (x_terrorist.share, x_terrorist.share_low, x_terrorist.share_high) == pytest.approx((1.0, 1.0, 1.0))
    # Y never says "terrorist": a row with share 0, so stacked bars line up.
    y_terrorist = _row(shares, outlet="Y", term="terrorist")
    assert (y_terrorist.mentions, y_terrorist.share, y_terrorist.share_high) == (0, 0.0, 0.0)


def test_shares_interval_of_two_opposite_articles_spans_both():
    # a1 says only "terrorist", a2 only "rebel": resamples give terrorist share
    # 1 (a1,a1; p=1/4), 0.5 (p=1/2) or 0 (a2,a2; p=1/4); the 95% interval is [0, 1].
    frame = _matches([("a1", "X", "armed_groups", "terrorist", -1, False, False),
                      ("a2", "X", "armed_groups", "rebel", 0, False, False)])
    terrorist = _row(term_shares_by_outlet(frame, n_resamples=2000), term="terrorist")
    assert terrorist.share == 0.5
    assert (terrorist.share_low, terrorist.share_high) == (0.0, 1.0)


def test_voice_selects_mentions():
    frame = _matches([("a1", "X", "armed_groups", "terrorist", -1, True, False),
                      ("a1", "X", "armed_groups", "rebel", 0, False, True),
                      ("a1", "X", "armed_groups", "militant", 0, False, False)])
    own = term_shares_by_outlet(frame, n_resamples=50)
    assert _row(own, term="militant").share == 1.0 and set(own.term) == {"militant"}
    quoted = term_shares_by_outlet(frame, voice="quoted", n_resamples=50)
    assert set(quoted.term) == {"terrorist"}
    assert _row(term_shares_by_outlet(frame, voice="all", n_resamples=50), term="rebel").share == pytest.approx(1 / 3)


def test_distanced_column_is_optional():
    frame = _matches([("a1", "X", "armed_groups", "rebel", 0, False, True)]).drop(columns="distanced")
    assert _row(term_shares_by_outlet(frame, n_resamples=10), term="rebel").share == 1.0


def test_small_sample_flag_thresholds():
    few_articles = _matches([("a1", "X", "c", "t", 0, False, False)] * (MIN_MENTIONS + 5))
    many = _matches([(f"a{i}", "Y", "c", "t", 0, False, False) for i in range(MIN_MENTIONS)])
    shares = term_shares_by_outlet(pd.concat([few_articles, many]), n_resamples=20)
    assert _row(shares, outlet="X").small_sample
    assert not _row(shares, outlet="Y").small_sample
    assert MIN_ARTICLES <= MIN_MENTIONS
    too_few_mentions = _matches([(f"a{i}", "Z", "c", "t", 0, False, False) for i in range(MIN_MENTIONS - 1)])
    assert _row(term_shares_by_outlet(too_few_mentions, n_resamples=20), outlet="Z").small_sample


def test_stance_hand_computed_mention_weighted():
    # a1: -1, -1, 0 (sum -2, 3 mentions); a2: +1 (1 mention): mean (-2 + 1) / 4 = -0.25.
    frame = _matches([("a1", "X", "armed_groups", "terrorist", -1, False, False)] * 2
                     + [("a1", "X", "armed_groups", "rebel", 0, False, False),
                        ("a2", "X", "armed_groups", "opposition", 1, False, False),
                        ("a2", "X", "armed_groups", "terrorist", -1, True, False)])
    row = _row(stance_by_outlet(frame, n_resamples=100), outlet="X")
    assert row.stance == pytest.approx(-0.25)
    assert (row.mentions, row.articles) == (4, 2)


def test_stance_interval_known_cases():
    # Every article has mean 0, so every resample has mean 0.
    same = _matches([(f"a{i}", "X", "c", "t", s, False, False) for i in range(3) for s in (-1, 1)])
    row = _row(stance_by_outlet(same, n_resamples=500), outlet="X")
    assert (row.stance, row.stance_low, row.stance_high) == (0.0, 0.0, 0.0)
    # Two one-mention articles, -1 and +1: resample means are -1, 0, +1 with
    # probabilities 1/4, 1/2, 1/4, so the 95% interval is [-1, 1].
    opposite = _matches([("a1", "Y", "c", "t", -1, False, False), ("a2", "Y", "c", "t", 1, False, False)])
    row = _row(stance_by_outlet(opposite, n_resamples=2000), outlet="Y")
    assert (row.stance, row.stance_low, row.stance_high) == (0.0, -1.0, 1.0)


def test_intervals_are_seeded_and_do_not_depend_on_other_outlets():
    x = _matches([(f"a{i}", "X", "c", "t", (-1, 0, 1)[i % 3], False, False) for i in range(30)]
                 + [(f"a{i}", "X", "c", "u", 0, False, False) for i in range(0, 30, 4)])
    y = _matches([(f"b{i}", "Y", "c", "t", 1, False, False) for i in range(10)])
    alone, together = stance_by_outlet(x, seed=7), stance_by_outlet(pd.concat([y, x]), seed=7)
    pd.testing.assert_frame_equal(alone, together[together.outlet == "X"].reset_index(drop=True))
    shares_alone = term_shares_by_outlet(x, seed=7)
    assert shares_alone.equals(term_shares_by_outlet(x, seed=7))
    assert not stance_by_outlet(x, seed=8).equals(alone)


@pytest.mark.parametrize(("options", "message"), [
    ({"voice": "mine"}, "voice must be one of own, quoted, all; got 'mine'"),
    ({"n_resamples": 0}, "n_resamples must be a positive integer; got 0"),
    ({"confidence": 1.5}, "confidence must be between 0 and 1"),
])
def test_bad_options_raise(options, message):
    frame = _matches([("a1", "X", "c", "t", 0, False, False)])
    with pytest.raises(ValueError, match=message):
        term_shares_by_outlet(frame, **options)


def test_missing_columns_and_bad_stance_raise():
    with pytest.raises(ValueError, match="missing term"):
        term_shares_by_outlet(pd.DataFrame(columns=["article_id", "outlet", "concept", "in_quote"]))
    with pytest.raises(ValueError, match=r"matches\['stance'\] must hold -1, 0 or 1; got 2"):
        stance_by_outlet(_matches([("a1", "X", "c", "t", 2, False, False)]))
    with pytest.raises(TypeError, match="matches must be a pandas DataFrame"):
        stance_by_outlet([("a1", "X")])


def test_empty_input_gives_empty_tables():
    empty = _matches([])
    assert term_shares_by_outlet(empty).empty and stance_by_outlet(empty).empty


def test_matches_frame_from_article_scores():
    lexicon = load_lexicon()
    text = 'The regime said "terrorists" attacked'
    frame = matches_frame([("a1", "SANA", score_article_terms(text, lexicon, quote_spans=[(17, 27)]))])
    assert tuple(frame.columns) == MATCH_COLUMNS
    assert frame[["term", "stance", "in_quote"]].values.tolist() == [["regime", -1, False], ["terrorist", -1, True]]
    assert text[frame.start[1]:frame.end[1]] == "terrorists"


def _targeted(rows):
    """Rows of (article_id, outlet, concept, term, stance, target, in_headline_stance), all in the own voice."""
    frame = pd.DataFrame(rows, columns=["article_id", "outlet", "concept", "term", "stance", "target",
                                        "in_headline_stance"])
    return frame.assign(in_quote=False, distanced=False)


def test_outlet_stance_counts_only_headline_targets():
    # a1 names Daesh "terrorists" (not a headline target) and the rebels "opposition"; a2 "terrorists", unspecified.
    frame = _targeted([("a1", "X", "armed_groups", "terrorist", -1, "isis", False),
                       ("a1", "X", "armed_groups", "opposition", 1, "syrian_opposition", True),
                       ("a2", "X", "armed_groups", "terrorist", -1, "unspecified", True)])
    row = _row(stance_by_outlet(frame, n_resamples=50), outlet="X")
    # (+1 - 1) / 2 = 0, not (-1 + 1 - 1) / 3.
    assert (row.stance, row.mentions) == (0.0, 2)


def test_stance_by_target_hand_computed():
    frame = _targeted([("a1", "X", "armed_groups", "terrorist", -1, "isis", False),
                       ("a2", "X", "armed_groups", "militant", 0, "isis", False),
                       ("a1", "X", "armed_groups", "rebel", 0, "syrian_opposition", True),
                       ("a1", "X", "the_dead", "killed", 0, "unspecified", True)])
    table = stance_by_outlet_and_target(frame, n_resamples=50)
    assert set(table["concept"]) == {"armed_groups"}  # a concept without targets is left out
    isis = _row(table, target="isis")
    assert (isis.stance, isis.mentions, isis.articles) == (-0.5, 2, 2)
    assert _row(table, target="syrian_opposition").stance == 0.0
    with pytest.raises(ValueError, match="missing target"):
        stance_by_outlet_and_target(_matches([("a1", "X", "c", "t", 0, False, False)]))


def test_matches_frame_carries_the_target():
    frame = matches_frame([("a1", "SANA", score_article_terms("Daesh terrorists and the rebels", load_lexicon()))])
    assert frame[["term", "target", "in_headline_stance"]].values.tolist() == [
        ["terrorist", "isis", False], ["rebel", "syrian_opposition", True]]


def test_with_other_terms_keeps_the_most_mentioned_per_concept_and_shares_still_sum_to_one():
    def mention(article, outlet, term, stance, *, concept="armed_groups", quoted=False):
        return (article, outlet, concept, term, stance, quoted, False)

    frame = _matches([
        mention("a1", "X", "terrorist", -1), mention("a1", "X", "terrorist", -1),
        mention("a2", "Y", "rebel", 0), mention("a2", "Y", "rebel", 0), mention("a2", "Y", "militant", 0),
        # Quoted mentions do not rank a term: "jihadist" is quoted three times, never in the outlet's own voice.
        *[mention("a3", "Y", "jihadist", -1, quoted=True)] * 3,
        mention("a3", "Y", "martyr", 1, concept="the_dead"),
    ])
    grouped = with_other_terms(frame, max_named=2)
    # armed groups: terrorist (2 own-voice) and rebel (2) kept; militant (1) and jihadist (0 own-voice) grouped.
    assert grouped["term"].tolist() == ["terrorist", "terrorist", "rebel", "rebel", OTHER_TERMS, OTHER_TERMS,
                                        OTHER_TERMS, OTHER_TERMS, "martyr"]
    shares = term_shares_by_outlet(grouped, n_resamples=20)
    assert _row(shares, outlet="Y", concept="armed_groups", term=OTHER_TERMS).share == pytest.approx(1 / 3)
    assert shares.groupby(["outlet", "concept"])["share"].sum().tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_with_other_terms_rejects_a_bad_count():
    with pytest.raises(ValueError, match="max_named must be a positive integer; got 0"):
        with_other_terms(_matches([]), max_named=0)
