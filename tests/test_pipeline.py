"""The full per-article analysis, its tables, and cached runs over a store."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.pipeline import (
    RESULT_NAMES,
    analysis_as_json,
    analyze_frame,
    analyze_store,
    analyze_text,
    make_analyzer,
    score_table,
)
from analysis.store import Store
from analysis.text import clean_article

ARTICLE = (
    "Damascus, SANA - The Syrian Arab Army liberated the town from terrorists on Sunday.\n\n"
    "\u201cThe so-called moderate opposition is a myth,\u201d Foreign Minister Walid al-Moallem said.\n\n"
    "The opposition claimed that airstrikes killed 12 civilians, according to Reuters."
)


@pytest.fixture(scope="module")
def analyzer():
    return make_analyzer()


def test_one_article_has_terms_attributions_sourcing_and_readability(analyzer):
    analysis = analyze_text(ARTICLE, analyzer)
    terms = {(m.term, m.concept, m.in_quote) for m in analysis.terms.matches}
    assert ("terrorist", "armed_groups", False) in terms
    assert any(m.concept == "armed_groups" and m.in_quote for m in analysis.terms.matches)
    verbs = {a.verb_lemma: a for a in analysis.attributions}
    assert verbs["say"].kind == "direct" and "Moallem" in verbs["say"].speaker
    assert verbs["claim"].verb_class == "distancing"
    assert "Reuters" in analysis.sourcing.media_names
    assert 0 < analysis.readability.flesch_kincaid_grade < 30
    for match in analysis.terms.matches:
        assert ARTICLE[match.start:match.end].lower().startswith(match.term[:4].lower())
    for attribution in analysis.attributions:
        assert ARTICLE[attribution.content_start:attribution.content_end] == attribution.content


def test_version_changes_with_an_extra_lexicon(analyzer, tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_text("concept,term,stance\narmed_groups,head choppers,-1\n", encoding="utf-8")
    mine = make_analyzer([extra])
    assert mine.version != analyzer.version
    assert make_analyzer().version == analyzer.version
    analysis = analyze_text("The head choppers fled.", mine)
    assert [m.term for m in analysis.terms.matches] == ["head choppers"]


def test_json_spans_point_into_the_original_text(analyzer):
    original = "Share this article\n\n" + ARTICLE.replace("terrorists", "terrorists\u00a0")
    clean = clean_article(original)
    document = analysis_as_json(analyze_text(clean.text, analyzer), to_original=clean.to_original,
                                original=original)
    assert document["terms"]
    for term in document["terms"]:
        assert original[term["start"]:term["end"]].lower().startswith(term["term"][:4].lower())
    for attribution in document["attributions"]:
        assert original[attribution["content_start"]:attribution["content_end"]] == attribution["content"]
    assert document["scores"]["territorial_control_stance"] == 1.0


def test_store_run_is_cached_and_matches_one_by_one_analysis(analyzer, tmp_path, bundled_store):
    first = analyze_store(bundled_store, analyzer, workers=1)
    again = analyze_store(bundled_store, analyzer, workers=1)
    assert (first.analyzed, first.cached) == (5, 0)
    assert (again.analyzed, again.cached) == (0, 5)
    with Store(bundled_store, read_only=True) as store:
        table = score_table(store, analyzer)
        for name in RESULT_NAMES:
            assert not store.result_table(name, analyzer.version).empty, name
        for row in table.itertuples():
            expected = analyze_text(store.article(row.article_id).clean.text, analyzer)
            assert row.attributions == len(expected.attributions)
            assert row.armed_groups_mentions == next(
                c.mentions for c in expected.terms.concepts if c.concept == "armed_groups")
    assert list(table.columns[:5]) == ["article_id", "outlet", "title", "date", "words"]
    assert set(table["outlet"]) == {"SANA", "Press TV", "Sputnik", "The Syrian Observer"}


def test_parallel_run_equals_single_process_run(analyzer, tmp_path, fakes_store_copy):
    single, parallel = fakes_store_copy("single"), fakes_store_copy("parallel")
    analyze_store(single, analyzer, workers=1)
    analyze_store(parallel, analyzer, workers=2, batch_rows=100)
    with Store(single, read_only=True) as a, Store(parallel, read_only=True) as b:
        left = score_table(a, analyzer).sort_values("article_id").reset_index(drop=True)
        right = score_table(b, analyzer).sort_values("article_id").reset_index(drop=True)
        assert len(left) == 474
        assert left.equals(right)
        for name in RESULT_NAMES:
            x = a.result_table(name, analyzer.version).sort_values(["article_id"], kind="stable")
            y = b.result_table(name, analyzer.version).sort_values(["article_id"], kind="stable")
            assert x.reset_index(drop=True).equals(y.reset_index(drop=True)), name


def test_wordless_article_scores_empty_not_zero(analyzer):
    analysis = analyze_text("12 34 \u2014 56", analyzer)
    assert math.isnan(analysis.readability.flesch_reading_ease)
    assert analysis.attributions == ()


def test_extra_lexicons_from_the_environment(monkeypatch, tmp_path):
    from analysis.pipeline import lexicons_from_environment

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    monkeypatch.setenv("SOURCE_BIAS_LEXICONS", f"{first}:{second}")
    assert lexicons_from_environment() == [first, second]
    monkeypatch.setenv("SOURCE_BIAS_LEXICONS", "")
    assert lexicons_from_environment() == []


def test_terms_table_and_json_carry_the_target(analyzer):
    from analysis.pipeline import result_tables

    text = "Daesh terrorists attacked the town."
    analysis = analyze_text(text, analyzer)
    terms = result_tables(["a1"], [analysis], analyzer=analyzer)["terms"].to_pandas()
    row = terms[terms["term"] == "terrorist"].iloc[0]
    assert (row.target, row.target_basis, bool(row.in_headline_stance)) == ("isis", "modifier", False)
    assert text[row.name_start:row.name_end] == "Daesh"
    scores = result_tables(["a1"], [analysis], analyzer=analyzer)["scores"].to_pandas().iloc[0]
    assert scores["armed_groups__isis_stance"] == -1.0 and math.isnan(scores["armed_groups_stance"])
    document = analysis_as_json(analysis, to_original=lambda start, end: (start, end), original=text)
    (term,) = [t for t in document["terms"] if t["term"] == "terrorist"]
    assert (term["target"], text[term["name_start"]:term["name_end"]]) == ("isis", "Daesh")
    armed = next(c for c in document["concepts"] if c["concept"] == "armed_groups")
    assert {t["target"]: t["stance"] for t in armed["targets"]}["isis"] == -1.0
    assert armed["stance"] is None


def test_the_outlet_reaches_the_attribution_of_anonymous_state_sources(analyzer):
    # A state outlet's anonymous military source is its government's; elsewhere the affiliation stays undecided.
    text = "Army units killed dozens of militants in Aleppo, a military source said on Sunday."
    frame = pd.DataFrame({"article_id": ["sana", "reuters", "nowhere"], "outlet": ["SANA", "Reuters", None],
                          "clean_text": [text] * 3})
    attributions = analyze_frame(frame, analyzer)["attributions"].to_pandas().set_index("article_id")
    assert attributions.loc["sana", "affiliation"] == "syria_gov"
    assert attributions.loc["reuters", "affiliation"] == "unknown"
    assert attributions.loc["nowhere", "affiliation"] == "unknown"
