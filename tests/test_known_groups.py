"""Tests for evaluation/known_groups.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evaluation.known_groups import (
    EvaluationArticle,
    _bootstrap_aucs,
    known_groups_table,
    naive_keyword_ratio,
    part_of,
    roc_auc,
    target_table,
)


def test_roc_auc_hand_computed():
    # Pairs (higher, lower): (3,1) 1, (3,2) 1, (2,1) 1, (2,2) 0.5, (0,1) 0, (0,2) 0 -> 3.5 / 6.
    assert roc_auc([3, 2, 0], [1, 2]) == pytest.approx(3.5 / 6)


def test_roc_auc_of_an_empty_side_is_nan():
    assert math.isnan(roc_auc([], [1.0]))


def test_bootstrap_paired_difference_of_a_measure_with_itself_is_zero():
    higher, lower = np.array([1.0, 0.5, 0.0]), np.array([0.0, -1.0])
    differences = _bootstrap_aucs(higher, lower, resamples=50, seed=1, paired_with=(higher, lower))
    assert np.allclose(differences, 0.0)


@pytest.mark.parametrize(("text", "concept", "expected"), [
    ("Rebels and the opposition fought terrorists.", "armed_groups", (2 - 1) / 3),
    ("The regime and the Syrian army.", "syrian_government", 0.0),
    ("The government said.", "syrian_government", 1.0),
    ("Nothing here.", "armed_groups", 0.0),
])
def test_naive_keyword_ratio(text, concept, expected):
    assert naive_keyword_ratio(text, concept) == pytest.approx(expected)


def test_naive_keyword_ratio_rejects_an_unknown_concept():
    with pytest.raises(ValueError, match="concept must be one of"):
        naive_keyword_ratio("text", "the_dead")


def test_part_of_is_stable_and_holds_out_about_a_third():
    parts = [part_of(str(1914947530 + i)) for i in range(3000)]
    assert part_of("1914947530") == part_of("1914947530")
    assert 0.28 < parts.count("held_out") / len(parts) < 0.38


def _article(group: str, stance: float, naive: float) -> EvaluationArticle:
    scores = {"armed_groups_stance": stance, "naive_armed_groups": naive,
              "syrian_government_stance": math.nan, "naive_syrian_government": 0.0}
    return EvaluationArticle("1", "x", group, "development", scores)


def test_known_groups_table_orients_and_selects_articles():
    articles = [_article("opposition", 1.0, 0.0), _article("opposition", math.nan, 1.0),
                _article("government", -1.0, 0.5)]
    rows, differences = known_groups_table(articles, part="development", resamples=20)
    by_key = {(r.concept, r.articles, r.measure): r for r in rows}
    defined = by_key[("armed_groups", "defined", "stance")]
    assert (defined.n_higher, defined.n_lower, defined.auc) == (1, 1, 1.0)
    assert by_key[("armed_groups", "defined", "naive")].auc == 0.0
    # With undefined counted as 0: opposition stances (1, 0) against -1.
    assert by_key[("armed_groups", "all (undefined = 0)", "stance")].auc == 1.0
    assert differences["armed_groups"][0] == pytest.approx(1.0)


def test_target_table_means_and_auc_per_target():
    def article(group, isis):
        scores = {"armed_groups_stance": 0.0, "armed_groups__isis_stance": isis, "naive_armed_groups": 0.0,
                  "syrian_government_stance": math.nan, "naive_syrian_government": 0.0}
        return EvaluationArticle("1", "x", group, "development", scores)

    rows = target_table([article("government", -1.0), article("government", 0.0), article("opposition", -0.5),
                         article("opposition", math.nan)])
    (row,) = rows
    assert (row.target, row.government_articles, row.government_mean) == ("isis", 2, -0.5)
    assert (row.opposition_articles, row.opposition_mean) == (1, -0.5)
    # Opposition expected higher: -0.5 against -1 (win) and 0 (loss): 1 / 2.
    assert row.auc == pytest.approx(0.5)
