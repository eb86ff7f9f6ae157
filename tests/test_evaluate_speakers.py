"""evaluation/evaluate_speakers.py: the held-out FA-KES speaker sample, its scoring and its floors."""

from __future__ import annotations

import pytest

from analysis.attribution.vocabulary import AFFILIATIONS
from evaluation.evaluate_speakers import (
    DEVELOPMENT_LABELS,
    GOLD_TEXTS,
    LABELS,
    Label,
    SampleArticle,
    draw_sample,
    evaluate_labels,
    fakes_articles,
    main,
    outlet_group,
    read_labels,
)
from evaluation.known_groups import FAKES_DEV, part_of
from tests.conftest import require

# Measured on the held-out sample on 2026-12-01: speaker 0.645 and affiliation 0.715 before the issue-11 speaker
# work (186 of 186 labels matched), 0.728 and 0.783 after it (184 matched), 0.788 and 0.815 after the speakers2
# rules (184 matched; measured twice by that branch, at its start and its end); floors a little below.
HELD_OUT_SPEAKER_FLOOR = 0.77
HELD_OUT_AFFILIATION_FLOOR = 0.80
# Measured on the development sample on 2026-12-01: speaker 0.774 and affiliation 0.812 before the speakers2 rules,
# 0.924 and 0.902 after them (132 of 133 labels matched); floors a little below.
DEVELOPMENT_SPEAKER_FLOOR = 0.87
DEVELOPMENT_AFFILIATION_FLOOR = 0.85

TEXT = "The Observatory said ten people died. Ahmad Omar said the toll could rise."


def _label(text: str, content: str, speaker: str, affiliation: str) -> Label:
    start = text.index(content)
    return Label("1", start, start + len(content), speaker, affiliation)


def test_scoring_counts_speaker_and_affiliation_on_matched_labels() -> None:
    articles = {"1": SampleArticle("1", "Reuters", TEXT)}
    labels = [_label(TEXT, "ten people died", "Syrian Observatory for Human Rights", "ngo"),
              _label(TEXT, "the toll could rise", "Ahmad Omar", "ngo")]
    result = evaluate_labels(labels, articles)
    assert (result.gold, result.matched) == (2, 2)
    assert result.speaker_accuracy == 1.0
    # The second speaker's side is not in this text: the extractor says unknown, which is wrong here.
    assert result.affiliation_accuracy == 0.5


def test_a_label_with_no_overlapping_attribution_is_not_matched() -> None:
    articles = {"1": SampleArticle("1", "Reuters", TEXT)}
    result = evaluate_labels([Label("1", 0, 3, "The", "other")], articles)
    assert (result.gold, result.matched) == (1, 0)


def test_outlet_groups() -> None:
    assert outlet_group("SANA") == "government"
    assert outlet_group("Daily Sabah") == "opposition"
    assert outlet_group("Reuters") == "other"


def test_labels_are_drawn_from_the_held_out_part_and_not_from_the_gold() -> None:
    require(FAKES_DEV)
    require(GOLD_TEXTS)
    labels = read_labels(LABELS)
    assert len(labels) >= 150
    sample = {article.unit_id for article in draw_sample()}
    assert {label.unit_id for label in labels} <= sample
    assert all(part_of(label.unit_id) == "held_out" for label in labels)
    assert all(label.affiliation in AFFILIATIONS and label.affiliation != "unknown" for label in labels)


def test_held_out_speakers_do_not_regress() -> None:
    require(FAKES_DEV)
    articles = {article.unit_id: article for article in fakes_articles()}
    result = evaluate_labels(read_labels(LABELS), articles)
    assert result.speaker_accuracy >= HELD_OUT_SPEAKER_FLOOR
    assert result.affiliation_accuracy >= HELD_OUT_AFFILIATION_FLOOR


def test_development_labels_are_drawn_from_the_development_part_and_not_from_the_gold() -> None:
    require(FAKES_DEV)
    require(GOLD_TEXTS)
    labels = read_labels(DEVELOPMENT_LABELS)
    assert len(labels) >= 120
    sample = {article.unit_id for article in draw_sample(part="development")}
    assert {label.unit_id for label in labels} <= sample
    assert all(part_of(label.unit_id) == "development" for label in labels)
    # Where the article does not say whose a source is, the label says unknown, as the extractor must.
    assert all(label.affiliation in AFFILIATIONS for label in labels)


def test_the_two_samples_share_no_article() -> None:
    require(FAKES_DEV)
    require(GOLD_TEXTS)
    development = {article.unit_id for article in draw_sample(part="development")}
    held_out = {article.unit_id for article in draw_sample(part="held_out")}
    assert development and held_out and not development & held_out
    assert len(draw_sample(part="development", per_outlet=1)) < len(development)


def test_a_part_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="part must be"):
        draw_sample(part="test")


def test_labels_of_the_other_part_are_refused(tmp_path, capsys) -> None:
    require(FAKES_DEV)
    labels = tmp_path / "labels.csv"
    held_out_rows = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    labels.write_text("\n".join(held_out_rows[:3]) + "\n", encoding="utf-8")
    assert main(["--part", "development", "--labels", str(labels)]) == 2
    assert "other part" in capsys.readouterr().err


def test_development_speakers_do_not_regress() -> None:
    require(FAKES_DEV)
    articles = {article.unit_id: article for article in fakes_articles()}
    result = evaluate_labels(read_labels(DEVELOPMENT_LABELS), articles)
    assert result.speaker_accuracy >= DEVELOPMENT_SPEAKER_FLOOR
    assert result.affiliation_accuracy >= DEVELOPMENT_AFFILIATION_FLOOR
