"""Tests for evaluation/target_resolution.py: the labelled sample and the accuracy of target resolution on it."""

from __future__ import annotations

import pytest

from analysis.loaded_terms import TermMatch
from evaluation.target_resolution import (
    LABEL_COLUMNS,
    LABELS,
    SAMPLE_SIZES,
    SampledMention,
    draw_sample,
    read_labels,
    score_resolution,
)
from tests.conftest import FAKES_CSV, require

# The resolver reached 0.92 on the sample when first measured; the goal is 0.85.
ACCURACY_FLOOR = 0.85


def test_labels_hold_offsets_and_targets_but_no_text():
    header = next(line for line in LABELS.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    assert tuple(header.split(",")) == LABEL_COLUMNS
    labels = read_labels()
    assert len(labels) == sum(SAMPLE_SIZES.values())
    assert all(label.end - label.start == len(label.term) for label in labels)


def test_draw_sample_is_seeded_and_sized_per_concept():
    mentions = [SampledMention(str(i), "", TermMatch(i, i + 1, "t", concept, 0, False, False))
                for i in range(300) for concept in SAMPLE_SIZES]
    first, again = draw_sample(mentions, seed=3), draw_sample(mentions, seed=3)
    assert first == again and first != draw_sample(mentions, seed=4)
    for concept, size in SAMPLE_SIZES.items():
        assert sum(m.match.concept == concept for m in first) == size


def test_resolution_accuracy_on_the_labelled_sample():
    result = score_resolution(read_labels(), require(FAKES_CSV))
    assert result.accuracy >= ACCURACY_FLOOR
    assert result.mentions + len(result.no_longer_terms) == sum(SAMPLE_SIZES.values())


def test_a_label_for_a_missing_article_is_an_error():
    from evaluation.known_groups import InputError
    from evaluation.target_resolution import Label

    with pytest.raises(InputError, match="no article with unit_id 0"):
        score_resolution([Label("0", 0, 5, "rebel", "armed_groups", "syrian_opposition")], require(FAKES_CSV))
