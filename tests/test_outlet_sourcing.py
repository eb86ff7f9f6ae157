"""Per-outlet sourcing and voice figures, against values computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.outlet_sourcing import (
    distancing_by_outlet,
    media_cited_by_outlet,
    outlet_key_figures,
    speaker_types_by_outlet,
    stance_table,
    term_choices_by_article,
    top_speakers_by_outlet,
    verb_classes_by_affiliation,
    voice_share_by_outlet,
    with_outlets,
)

ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "b1"], "outlet": ["A", "A", "B"], "words": [100, 300, 200]})


def _attributions(rows):
    columns = ["article_id", "outlet", "speaker", "speaker_type", "affiliation", "verb_class", "content_words"]
    return pd.DataFrame(rows, columns=columns)


ATTRIBUTIONS = _attributions([
    ("a1", "A", "Lavrov", "person", "russia_gov", "neutral", 10),
    ("a1", "A", "Lavrov", "person", "russia_gov", "endorsing", 20),
    ("a2", "A", "sources", "anonymous", "", "distancing", 5),
    ("a2", "A", "Lavrov", "person", "russia_gov", "", 4),  # continues a quotation: no verb
    ("b1", "B", "White Helmets", "organization", "ngo", "distancing", 8),
])


def test_with_outlets_adds_the_outlet_and_drops_filtered_articles():
    table = pd.DataFrame({"article_id": ["a1", "zz"], "value": [1, 2]})
    result = with_outlets(table, ARTICLES)
    assert result.to_dict("records") == [{"article_id": "a1", "value": 1, "outlet": "A"}]


def test_with_outlets_names_missing_columns():
    with pytest.raises(ValueError, match="articles must have columns article_id, outlet; missing outlet"):
        with_outlets(pd.DataFrame({"article_id": []}), pd.DataFrame({"article_id": []}))


def test_outlet_key_figures_means_and_pooled_named_share():
    scores = pd.DataFrame({
        "outlet": ["A", "A", "B", "B"],
        "attributions": [4.0, 1.0, 0.0, None],  # the last article is not analyzed yet
        "direct_quotes": [2, 0, 0, None],
        "anonymous_share": [0.25, 1.0, math.nan, None],
        "distinct_sources": [3, 1, 0, None],
        "media_cited": [1, 0, 2, None],
        "wire_copy": [True, False, False, None],
        "flesch_reading_ease": [50.0, 70.0, 40.0, None],
        "flesch_kincaid_grade": [10.0, 8.0, 12.0, None],
    })
    figures = outlet_key_figures(scores).set_index("outlet")
    assert figures.loc["A", "articles"] == 2 and figures.loc["B", "articles"] == 1
    assert figures.loc["A", "quotes_per_article"] == pytest.approx(2.5)
    # Pooled: 5 attributions, 1 + 1 anonymous -> 3 named of 5.
    assert figures.loc["A", "named_share"] == pytest.approx(0.6)
    assert math.isnan(figures.loc["B", "named_share"])  # no attribution at all
    assert figures.loc["A", "reading_ease"] == pytest.approx(60.0)
    assert figures.loc["A", "wire_copy_share"] == pytest.approx(0.5)
    assert figures["small_sample"].all()


def test_voice_share_sums_to_one_per_outlet():
    voice = pd.DataFrame({"article_id": ["a1", "a1", "a2", "b1"], "outlet": ["A", "A", "A", "B"],
                          "affiliation": ["russia_gov", "ngo", "russia_gov", ""], "words": [30, 10, 60, 8]})
    result = voice_share_by_outlet(voice).set_index(["outlet", "affiliation"])
    assert result.loc[("A", "russia_gov"), "share"] == pytest.approx(0.9)
    assert result.loc[("A", "ngo"), "share"] == pytest.approx(0.1)
    assert result.loc[("B", "unknown"), "share"] == pytest.approx(1.0)
    assert result.loc[("A", "ngo"), "articles"] == 2


def test_verb_classes_leave_out_continued_quotations():
    result = verb_classes_by_affiliation(ATTRIBUTIONS).set_index(["outlet", "affiliation", "verb_class"])
    assert result.loc[("A", "russia_gov", "neutral"), "share"] == pytest.approx(0.5)
    assert result.loc[("A", "russia_gov", "endorsing"), "affiliation_attributions"] == 2
    assert result.loc[("A", "unknown", "distancing"), "share"] == 1.0
    assert "" not in set(result.index.get_level_values("verb_class"))


def test_speaker_types_by_outlet():
    result = speaker_types_by_outlet(ATTRIBUTIONS).set_index(["outlet", "speaker_type"])
    assert result.loc[("A", "person"), "share"] == pytest.approx(0.75)
    assert result.loc[("A", "anonymous"), "share"] == pytest.approx(0.25)
    assert result.loc[("B", "organization"), "outlet_attributions"] == 1


def test_media_cited_counts_mentions_articles_and_signatures():
    citations = pd.DataFrame({"article_id": ["a1", "a1", "a2", "b1"], "outlet": ["A", "A", "A", "B"],
                              "name": ["AFP", "AFP", "AFP", "SANA"], "kind": ["wire", "wire", "wire", "wire"],
                              "wire_signature": [True, False, False, False]})
    result = media_cited_by_outlet(citations).set_index(["outlet", "name"])
    assert result.loc[("A", "AFP")].tolist() == ["wire", 3, 2, 1]
    assert result.loc[("B", "SANA"), "signed_articles"] == 0


def test_top_speakers_rank_by_attributions():
    result = top_speakers_by_outlet(ATTRIBUTIONS, top=1)
    assert result[["outlet", "rank", "speaker", "attributions", "words"]].values.tolist() == [
        ["A", 1, "Lavrov", 3, 34], ["B", 1, "White Helmets", 1, 8]]
    assert result.loc[0, "affiliation"] == "russia_gov"


def test_top_speakers_rejects_a_bad_top():
    with pytest.raises(ValueError, match="top must be a positive integer; got 0"):
        top_speakers_by_outlet(ATTRIBUTIONS, top=0)


def test_distancing_rate_counts_outlets_without_markers():
    distancing = pd.DataFrame({"article_id": ["a1", "a1"], "outlet": ["A", "A"], "kind": ["so_called", "hedge"]})
    result = distancing_by_outlet(distancing, ARTICLES).set_index(["outlet", "kind"])
    assert result.loc[("A", "so_called"), "per_1000_words"] == pytest.approx(2.5)  # 1 in 400 words
    assert result.loc[("B", "hedge"), "markers"] == 0


def test_stance_table_is_wide():
    stances = pd.DataFrame({"outlet": ["A", "A", "B"], "concept": ["armed_groups", "the_dead", "armed_groups"],
                            "stance": [-0.5, 0.0, 1.0]})
    wide = stance_table(stances).set_index("outlet")
    assert wide.loc["A", "armed_groups"] == -0.5 and math.isnan(wide.loc["B", "the_dead"])


def test_term_choices_split_own_voice():
    terms = pd.DataFrame({"article_id": ["a1"] * 3, "concept": ["armed_groups"] * 3,
                          "term": ["terrorist", "terrorist", "rebel"], "stance": [-1, -1, 0],
                          "in_quote": [False, True, False], "distanced": [False, False, False]})
    result = term_choices_by_article(terms)
    assert result[["term", "mentions", "own_voice"]].values.tolist() == [["terrorist", 2, 1], ["rebel", 1, 1]]
