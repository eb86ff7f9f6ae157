"""Tests for evaluation/scoring.py and evaluation/evaluate_attributions.py."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from analysis.attribution import extract_attributions
from evaluation.evaluate_attributions import (
    DEFAULT_SETS,
    POLNEAR,
    evaluate,
    evaluate_set,
    is_speech_cue,
    join_continuations,
    main,
    polnear_gold_set,
)
from evaluation.polnear import DEVELOPMENT_MONTHS, HELD_OUT_MONTHS, read_polnear
from evaluation.scoring import (
    SpanRecord,
    cue_agrees,
    greedy_matches,
    locate_gold,
    normalize,
    normalize_with_offsets,
    overlap_ratio,
    score,
    speakers_agree,
    verb_lemma,
    verbs_agree,
)
from tests.conftest import require

# The extractor reaches F1 0.98 at overlap 0.3 on the seed gold; CI fails below this floor.
SEED_F1_FLOOR = 0.93
# Measured on PolNeAR's development months (evaluation/polnear.py) on 2026-12-01: P 0.871, speech R 0.780,
# speaker span 0.936 (0.852, 0.616, 0.927 before the parse pass and the continuation and sentence fixes;
# speech R 0.740 before the recall rules of tests/test_attribution_recall.py); floors a little below.
POLNEAR_PRECISION_FLOOR = 0.85
POLNEAR_SPEECH_RECALL_FLOOR = 0.76
POLNEAR_SPAN_FLOOR = 0.92
# Measured on the FA-KES development gold on 2026-12-01: F1 0.968, speaker 0.934, affiliation 0.885.
FAKES_F1_FLOOR = 0.95
FAKES_SPEAKER_FLOOR = 0.90
FAKES_AFFILIATION_FLOOR = 0.85


@pytest.mark.parametrize(("first", "second", "expected"), [
    ((0, 10), (0, 10), 1.0),
    ((0, 10), (5, 10), 0.5),  # 5 shared characters / longer span 10
    ((0, 10), (8, 20), 2 / 12),
    ((0, 10), (10, 20), 0.0),
    ((0, 0), (0, 5), 0.0),
])
def test_overlap_ratio(first: tuple[int, int], second: tuple[int, int], expected: float) -> None:
    assert overlap_ratio(first, second) == pytest.approx(expected)


def test_greedy_matching_is_one_to_one_and_best_first() -> None:
    gold = [(0, 10), (20, 30)]
    predicted = [(0, 9), (0, 10), (21, 30)]
    # (0, 10) matches the exact prediction (ratio 1.0), not the 0.9 one.
    assert sorted(greedy_matches(gold, predicted, threshold=0.3)) == [(0, 1), (1, 2)]
    assert greedy_matches(gold, [(0, 2)], threshold=0.3) == []  # 2 / 10 < 0.3


def test_greedy_matching_rejects_bad_threshold() -> None:
    with pytest.raises(ValueError, match="threshold must be in"):
        greedy_matches([], [], threshold=0)


def test_score_hand_computed() -> None:
    gold = [SpanRecord("d", 0, 10, "Dmitry Peskov", "said", "direct"),
            SpanRecord("d", 20, 30, "the Pentagon", "claimed", "indirect"),
            SpanRecord("d", 40, 50, "Reuters", "reported", "indirect")]
    predicted = [SpanRecord("d", 0, 10, "Peskov", "says", "direct"),
                 SpanRecord("d", 22, 30, "Pentagon", "said", "mixed"),
                 SpanRecord("d", 60, 70, "AFP", "said", "indirect"),
                 SpanRecord("other", 0, 10, "X", "said", "direct")]
    low = score(gold, predicted, threshold=0.3)
    assert (low.matched, low.precision, low.recall) == (2, 0.5, 2 / 3)
    assert low.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert (low.speaker_accuracy, low.verb_accuracy, low.kind_accuracy) == (1.0, 0.5, 0.5)
    high = score(gold, predicted, threshold=0.9)  # 8 / 10 < 0.9
    assert high.matched == 1


def test_score_with_nothing_is_nan() -> None:
    empty = score([], [], threshold=0.3)
    assert math.isnan(empty.precision) and math.isnan(empty.f1) and math.isnan(empty.speaker_accuracy)


@pytest.mark.parametrize(("gold", "predicted", "agree"), [
    ("Dmitry Peskov", "Peskov", True),
    ("the Pentagon", "Pentagon", True),
    ("Syrian opposition factions", "largest Syrian opposition factions", True),
    ("a prominent official in the Defense Ministry", "Russian Defense Ministry", True),  # same last token
    ("Dmitry Peskov", "Sergei Lavrov", False),
])
def test_speakers_agree(gold: str, predicted: str, agree: bool) -> None:
    assert speakers_agree(gold, predicted) is agree


@pytest.mark.parametrize(("gold", "predicted", "agree"), [
    ("said", "say", True), ("adding", "add", True), ("calls for", "called for", True),
    ("calling upon", "call on", True), ("went on to say", "goes on to say", True),
    ("quoted ... as saying", "quoted as saying", True), ("noting", "noted", True),
    ("", "", True), ("said", "", False), ("said", "told", False), ("indicated", "indicates", True),
])
def test_verbs_agree(gold: str, predicted: str, agree: bool) -> None:
    assert verbs_agree(gold, predicted) is agree


def test_verb_lemma_examples() -> None:
    assert [verb_lemma(v) for v in ("said", "told", "according to", "stressed")] == ["say", "tell", "accord",
                                                                                   "stress"]


def test_normalization_maps_offsets() -> None:
    text = "A\u00a0 said  “x”\n\n…done"
    normalized = normalize_with_offsets(text)
    assert normalized.text == "A said “x” ...done"
    start = text.index("…")
    assert normalized.text[slice(*normalized.span(start, len(text)))] == "...done"
    assert normalize("  a \n b ") == "a b"


def test_locate_gold_finds_normalized_content() -> None:
    record = locate_gold("d", "He said the truce holds.", "the  truce\nholds", "He", "said", "indirect")
    assert (record.start, record.end) == (8, 23)


def test_bad_paths_exit_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--gold", str(tmp_path / "absent.jsonl"), "--texts", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a", "speaker": "X", "verb": "said", "kind": "direct",
                                "content": "hi"}) + "\n", encoding="utf-8")
    assert main(["--gold", str(gold), "--texts", str(tmp_path / "nowhere")]) == 2


def test_small_gold_set_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("“We will stay,” Sergei Lavrov said.", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a", "speaker": "Sergei Lavrov", "verb": "said", "kind": "direct",
                                "content": "We will stay,"}) + "\n", encoding="utf-8")
    assert main(["--gold", str(gold), "--texts", str(tmp_path)]) == 0
    output = capsys.readouterr().out
    assert "1.000" in output and "gold.jsonl"[:-6] in output


@pytest.mark.slow
def test_seed_gold_f1_does_not_regress() -> None:
    name, gold, texts = DEFAULT_SETS[0]
    require(gold)
    require(texts)
    evaluation = evaluate(name, gold, texts)
    at_03 = evaluation.scores[0]
    assert at_03.threshold == 0.3
    assert at_03.f1 >= SEED_F1_FLOOR
    assert at_03.speaker_accuracy >= 0.9 and at_03.verb_accuracy >= 0.93


def test_cue_agrees_with_any_word_of_a_polnear_cue() -> None:
    assert cue_agrees("was first reported by", "reported")
    assert cue_agrees("told reporters", "tell")
    assert not cue_agrees("believes", "said")


def test_score_counts_affiliation_span_and_speech_only_where_gold_has_them() -> None:
    gold = [SpanRecord("d", 0, 10, "A", "said", "", affiliation="un", speaker_start=20, speaker_end=25),
            SpanRecord("d", 30, 40, "B", "believes", "", speech=False),
            SpanRecord("d", 50, 60, "C", "said", "")]
    predicted = [SpanRecord("d", 0, 10, "A", "said", "direct", affiliation="unknown", speaker_start=22,
                            speaker_end=30),
                 SpanRecord("d", 30, 40, "B", "thinks", "indirect")]
    scores = score(gold, predicted, threshold=0.3)
    assert math.isnan(scores.kind_accuracy)  # no gold kind
    assert scores.affiliation_accuracy == 0.0  # one pair with a gold affiliation, wrong
    assert scores.speaker_overlap == 1.0  # 22-30 overlaps 20-25
    assert (scores.speech_gold, scores.speech_matched) == (2, 1)
    assert scores.speech_recall == 0.5


def test_speech_cues() -> None:
    assert is_speech_cue("said") and is_speech_cue("according to") and is_speech_cue("told reporters")
    assert not is_speech_cue("believes") and not is_speech_cue("wants")


def test_polnear_reader_picks_the_first_annotator_and_reads_discontinuous_spans(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "ann").mkdir()
    text = "Smith said the vote is rigged, he added, and unfair."
    (tmp_path / "text" / "nyt_2016-05-01_x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\n"
        "train\tnyt_2016-05-01_x\tnyt\t2016-05-01\n", encoding="utf-8")
    (tmp_path / "ann" / "nyt_2016-05-01_x_b.ann").write_text("", encoding="utf-8")
    (tmp_path / "ann" / "nyt_2016-05-01_x_a.ann").write_text(
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 29;45 51\tthe vote is rigged unfair\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n", encoding="utf-8")
    assert read_polnear(tmp_path, part="development") == []
    [article] = read_polnear(tmp_path, part="held-out")
    assert (article.annotator, article.publisher, article.month) == ("a", "nyt", "2016-05")
    [attribution] = article.attributions
    assert attribution.content == (11, 51) and attribution.source_text == "Smith" and attribution.cue_text == "said"
    assert set(DEVELOPMENT_MONTHS).isdisjoint(HELD_OUT_MONTHS)


@pytest.mark.slow
def test_polnear_development_months_do_not_regress() -> None:
    gold_set = polnear_gold_set(require(POLNEAR), part="development")
    evaluation = evaluate_set(gold_set)
    at_03 = evaluation.scores[0]
    assert at_03.precision >= POLNEAR_PRECISION_FLOOR
    assert at_03.speech_recall >= POLNEAR_SPEECH_RECALL_FLOOR
    assert at_03.speaker_overlap >= POLNEAR_SPAN_FLOOR


@pytest.mark.slow
def test_fakes_dev_gold_does_not_regress() -> None:
    name, gold, texts = DEFAULT_SETS[1]
    evaluation = evaluate(name, require(gold), require(texts))
    at_03 = evaluation.scores[0]
    assert at_03.f1 >= FAKES_F1_FLOOR
    assert at_03.speaker_accuracy >= FAKES_SPEAKER_FLOOR
    assert at_03.affiliation_accuracy >= FAKES_AFFILIATION_FLOOR


def test_join_continuations_follows_polnear_convention() -> None:
    text = "“We are ready for this,” Carson said. “There is no question about it.”\n\n“We will win the state.”"
    assert len(extract_attributions(text)) == 3
    joined = join_continuations(text, extract_attributions(text))
    # The second quotation joins the first (same paragraph); the third, a new paragraph, stays apart.
    assert [a.content for a in joined] == ["We are ready for this,” Carson said. “There is no question about it.",
                                           "We will win the state."]
