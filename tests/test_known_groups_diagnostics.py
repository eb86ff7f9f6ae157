"""Tests of the diagnostics of evaluation/known_groups.py: coverage and ties at 0, the marked balance, and learned
term weights that never see a held-out article."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from evaluation.known_groups import (
    CONCEPTS,
    EvaluationArticle,
    _fold_of,
    add_learned_scores,
    coverage_table,
    learned_term_weights,
    marked_balance,
)


def _article(unit_id: str, group: str, terms: tuple[tuple[str, int], ...], *, part: str = "development",
             stance: float | None = None) -> EvaluationArticle:
    mean = sum(s for _, s in terms) / len(terms) if terms else math.nan
    scores = {f"{concept}_stance": math.nan for concept in CONCEPTS}
    scores["armed_groups_stance"] = mean if stance is None else stance
    return EvaluationArticle(unit_id, "x", group, part, scores, {"armed_groups": terms})


@pytest.mark.parametrize(("stances", "expected"), [
    ([-1], -0.5),
    ([-1] * 10, -10 / 11),
    ([1, 0, 0, -1], 0.0),
    ([1, 1, 0], 2 / 3),
    ([0, 0], 0.0),
])
def test_marked_balance_hand_computed(stances, expected):
    assert marked_balance(stances) == pytest.approx(expected)


def test_marked_balance_without_mentions_is_nan():
    assert math.isnan(marked_balance([]))


def test_coverage_counts_defined_articles_and_pairs_tied_at_zero():
    articles = [_article("1", "government", (("militant", 0),)), _article("2", "government", (("terrorist", -1),)),
                _article("3", "government", ()),
                _article("4", "opposition", (("rebel", 0),)), _article("5", "opposition", (("rebel", 0),)),
                _article("6", "opposition", (("opposition", 1),))]
    armed = next(c for c in coverage_table(articles) if c.concept == "armed_groups")
    assert (armed.government_articles, armed.government_defined) == (3, 2)
    assert (armed.opposition_articles, armed.opposition_defined) == (3, 3)
    # One government-aligned and two opposition-aligned articles at 0: 2 of 6 pairs tied; ceiling 1 - 2 / 12.
    assert (armed.tied_at_zero, armed.pairs) == (2, 6)
    assert armed.ceiling == pytest.approx(1 - 2 / 12)


def test_learned_term_weights_hand_computed():
    # Opposition-aligned (expected higher for armed groups): 2 articles, both "rebel"; government-aligned: 2
    # articles, one "rebel" (twice) and one "terrorist".
    articles = [_article("1", "opposition", (("rebel", 0),)), _article("2", "opposition", (("rebel", 0),)),
                _article("3", "government", (("rebel", 0), ("rebel", 0))),
                _article("4", "government", (("terrorist", -1),))]
    weights = learned_term_weights(articles, "armed_groups")
    assert weights["rebel"] == pytest.approx(math.log(3 / 4) - math.log(2 / 4))
    assert weights["terrorist"] == pytest.approx(math.log(1 / 4) - math.log(2 / 4))


def test_learned_term_weights_reject_an_unknown_concept():
    with pytest.raises(ValueError, match="concept must be one of"):
        learned_term_weights([], "the_dead")


def test_learned_scores_of_held_out_articles_do_not_depend_on_held_out_labels():
    development = [_article(str(i), "opposition" if i % 2 else "government",
                            (("rebel", 0),) if i % 2 else (("terrorist", -1),)) for i in range(40)]
    held_out = [_article("h1", "opposition", (("rebel", 0), ("terrorist", -1)), part="held_out"),
                _article("h2", "government", (("terrorist", -1),), part="held_out")]
    scored = add_learned_scores([*development, *held_out])
    relabelled = add_learned_scores([*development, *(replace(a, group="government") for a in held_out)])
    assert [a.scores["learned_armed_groups"] for a in scored[-2:]] == \
        [a.scores["learned_armed_groups"] for a in relabelled[-2:]]
    assert scored[-1].scores["learned_armed_groups"] < scored[-2].scores["learned_armed_groups"]


def test_learned_score_of_a_development_article_ignores_its_own_fold():
    # A term used only by article "0" is unknown to the weights that score it: weight 0.
    development = [_article(str(i), "opposition" if i % 2 else "government", (("rebel", 0),)) for i in range(1, 30)]
    lone = _article("0", "government", (("mercenary", -1),))
    scored = add_learned_scores([lone, *development])
    assert scored[0].scores["learned_armed_groups"] == 0.0
    assert all(0 <= _fold_of(a.unit_id) < 5 for a in development)


def test_an_article_without_stance_mentions_has_no_learned_score():
    scored = add_learned_scores([_article("1", "government", ()), _article("2", "opposition", (("rebel", 0),))])
    assert math.isnan(scored[0].scores["learned_armed_groups"])
