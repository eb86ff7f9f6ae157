"""Tests of evaluation/target_resolution.answer_for: a label is compared with the mention that contains it."""

from __future__ import annotations

from evaluation.target_resolution import Label, answer_for

MENTIONS = [(10, 27, "isis"), (40, 47, "syrian_opposition")]


def test_a_label_inside_a_joined_phrase_gets_the_phrase_target():
    # "Takfiri" (10-17) labelled alone; the analysis reads "Takfiri militants" (10-27) as one mention.
    assert answer_for(Label("1", 10, 17, "Takfiri", "armed_groups", "isis"), MENTIONS) == "isis"
    assert answer_for(Label("1", 18, 27, "militants", "armed_groups", "isis"), MENTIONS) == "isis"


def test_a_label_with_the_same_offsets_gets_its_mention_target():
    assert answer_for(Label("1", 40, 47, "rebels", "armed_groups", "syrian_opposition"), MENTIONS) == \
        "syrian_opposition"


def test_a_label_no_mention_contains_is_no_longer_a_term():
    assert answer_for(Label("1", 30, 36, "fighter", "armed_groups", "unspecified"), MENTIONS) is None
    # Overlapping but not contained: not an answer either.
    assert answer_for(Label("1", 45, 52, "rebels x", "armed_groups", "unspecified"), MENTIONS) is None
