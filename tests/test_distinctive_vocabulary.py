"""Tests of analysis.distinctive_vocabulary (Monroe, Colaresi & Quinn 2008 log-odds with informative prior)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.distinctive_vocabulary import distinctive_terms, log_odds_z_scores


def test_z_scores_on_a_2x3_table_by_hand():
    # group [2, 1, 1], rest [1, 1, 2]; n = 4 each. Default prior: pooled
    # counts [3, 2, 3] as pseudo-counts (a_0 = 8).
    # Term 0: delta = log(5 / 7) - log(4 / 8) = log(10 / 7); var = 1/5 + 1/4.
    z = log_odds_z_scores(np.array([2, 1, 1]), np.array([1, 1, 2]))
    expected = math.log(10 / 7) / math.sqrt(1 / 5 + 1 / 4)
    assert z == pytest.approx([expected, 0.0, -expected])
    assert expected == pytest.approx(0.531700, abs=1e-6)


def test_z_scores_with_a_weaker_prior_by_hand():
    # a_0 = 1: a = [3/8, 2/8, 3/8]. Term 0: delta = log(2.375 / 2.625) - log(1.375 / 3.625),
    # var = 1 / 2.375 + 1 / 1.375.
    z = log_odds_z_scores(np.array([2, 1, 1]), np.array([1, 1, 2]), prior_total=1.0)
    delta = math.log(2.375 / 2.625) - math.log(1.375 / 3.625)
    assert z[0] == pytest.approx(delta / math.sqrt(1 / 2.375 + 1 / 1.375))
    assert z[0] == pytest.approx(0.811233, abs=1e-6)


def test_explicit_background_prior():
    uniform = log_odds_z_scores(np.array([2, 1, 1]), np.array([1, 1, 2]), prior=np.ones(3), prior_total=3.0)
    # a_w = 1 for every term: delta_0 = log(3 / 4) - log(2 / 5), var = 1/3 + 1/2.
    assert uniform[0] == pytest.approx((math.log(3 / 4) - math.log(2 / 5)) / math.sqrt(1 / 3 + 1 / 2))


@pytest.mark.parametrize(("group", "rest", "options", "message"), [
    ([1, 2], [1, 2, 3], {}, "same length"),
    ([1, -1], [1, 2], {}, "non-negative"),
    ([0, 0], [1, 2], {}, "counts_in_group must contain at least one count"),
    ([1, 2], [0, 0], {}, "counts_in_rest must contain at least one count"),
    ([1, 0], [1, 0], {}, "prior must be positive for every term"),
    ([1, 2], [1, 2], {"prior": [1.0]}, "prior must have one value per term"),
    ([1, 2], [1, 2], {"prior_total": 0.0}, "prior_total must be positive"),
])
def test_bad_counts_raise(group, rest, options, message):
    with pytest.raises(ValueError, match=message):
        log_odds_z_scores(np.array(group), np.array(rest), **options)


TEXTS = [
    "terrorists attacked the army terrorists fled",
    "terrorists shelled the city",
    "rebels attacked the army",
    "rebels held the city",
    "the rebels and the army",
]


def test_distinctive_terms_ranks_the_group_words_first():
    table = distinctive_terms(TEXTS, np.array([True, True, False, False, False]))
    assert list(table.columns) == ["term", "z", "count_in_group", "count_in_rest"]
    assert table.term.iloc[0] == "terrorists"
    assert table.term.iloc[-1] == "rebels"
    assert table.z.is_monotonic_decreasing
    terrorists = table[table.term == "terrorists"].iloc[0]
    assert (terrorists.count_in_group, terrorists.count_in_rest) == (3, 0)


def test_bigrams_are_counted():
    table = distinctive_terms(TEXTS, [True, True, False, False, False])
    assert "the army" in set(table.term)


@pytest.mark.parametrize(("mask", "message"), [
    ([False] * 5, "the group is empty"),
    ([True] * 5, "the rest is empty"),
    ([True, False], "one value per text"),
    ([1, 0, 0, 0, 0], "must be booleans"),
])
def test_bad_groups_raise(mask, message):
    with pytest.raises(ValueError, match=message):
        distinctive_terms(TEXTS, mask)


def test_no_vocabulary_left_raises():
    with pytest.raises(ValueError, match="no term is left"):
        distinctive_terms(["alpha", "beta", "gamma"], [True, False, False], min_document_frequency=2)
