"""Figures aggregated in the store: hand-computed values on made-up result rows, and equality with the
pandas functions of analysis.outlet_sourcing / outlet_terms on the analyzed bundled corpus."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import aggregates
from analysis.aggregates import ArticleFilter
from analysis.outlet_sourcing import (
    distancing_by_outlet,
    media_cited_by_outlet,
    outlet_key_figures,
    speaker_types_by_outlet,
    top_speakers_by_outlet,
    verb_classes_by_affiliation,
    voice_share_by_outlet,
    with_outlets,
)
from analysis.outlet_terms import (
    MATCH_COLUMNS,
    mean_stances_from_sums,
    stance_by_outlet,
    stance_by_outlet_and_target,
    term_shares_by_outlet,
    term_shares_from_counts,
    with_other_terms,
)
from analysis.pipeline import analyze_store, make_analyzer
from analysis.store import Store
from analysis.trends import (
    stance_by_period,
    stance_by_period_from_sums,
    term_share_by_period,
    term_share_by_period_from_counts,
    voice_share_by_period,
)

VERSION = "v-test"
PRESS_TV = ("ac0daba22508c9f4d72c", "a3214ded9724ec017aa1")  # 2016-04-30, 2016-10-28; 392 and 547 words
SANA = "ed059ca2d38eafac58a7"  # 2016-05-06, 290 words, headline mentions "truce"


def _terms(rows: list[tuple]) -> pd.DataFrame:
    columns = ["article_id", "start", "end", "term", "concept", "stance", "in_quote", "distanced", "target",
               "target_basis", "name_start", "name_end", "in_headline_stance"]
    return pd.DataFrame([(a, 0, 1, term, concept, stance, quoted, False, target, "", -1, -1, True)
                         for a, term, concept, stance, quoted, target in rows], columns=columns)


@pytest.fixture
def made_up(bundled_store):
    """The bundled store with hand-made results for Press TV's two articles and SANA's one."""
    ids = [*PRESS_TV, SANA]
    terms = _terms([
        (PRESS_TV[0], "terrorists", "armed_groups", -1, False, "isis"),
        (PRESS_TV[0], "terrorists", "armed_groups", -1, False, "isis"),
        (PRESS_TV[0], "rebels", "armed_groups", 0, False, "opposition"),
        (PRESS_TV[1], "rebels", "armed_groups", 0, False, "opposition"),
        (PRESS_TV[1], "terrorists", "armed_groups", -1, True, "isis"),  # quoted: not the outlet's own voice
        (SANA, "terrorists", "armed_groups", -1, False, "isis"),
    ])
    scores = pd.DataFrame({"article_id": ids, "attributions": [4, 0, 2], "direct_quotes": [2, 0, 1],
                           "anonymous_share": [0.25, float("nan"), 0.5], "distinct_sources": [3, 0, 1],
                           "media_cited": [1, 0, 2], "wire_copy": [True, False, False],
                           "flesch_reading_ease": [50.0, 70.0, 40.0], "flesch_kincaid_grade": [10.0, 8.0, 12.0]})
    voice = pd.DataFrame({"article_id": [PRESS_TV[0], PRESS_TV[0], PRESS_TV[1], SANA],
                          "affiliation": ["russia_gov", "", "russia_gov", "syria_gov"], "words": [30, 10, 20, 5],
                          "share": [0.75, 0.25, 1.0, 1.0]})
    attributions = pd.DataFrame({
        "article_id": [PRESS_TV[0], PRESS_TV[0], PRESS_TV[1], SANA], "position": [0, 1, 0, 0],
        "speaker": ["Peskov", "Peskov", "Lavrov", "Assad"], "speaker_type": ["person", "person", "person", None],
        "affiliation": ["russia_gov", "russia_gov", "", "syria_gov"], "verb": ["said", "claimed", "", "said"],
        "verb_class": ["neutral", "distancing", "", "neutral"], "content_words": [5, 7, 3, 4]})
    citations = pd.DataFrame({"article_id": [PRESS_TV[0], PRESS_TV[0], PRESS_TV[1]], "name": ["Reuters"] * 3,
                              "kind": ["wire"] * 3, "start": [0, 10, 0], "end": [5, 15, 5],
                              "wire_signature": [True, False, False]})
    distancing = pd.DataFrame({"article_id": [PRESS_TV[0], SANA], "start": [0, 0], "end": [1, 1],
                               "marker": ["so-called", "alleged"], "kind": ["so_called", "hedge"],
                               "concept": ["armed_groups", ""], "target_start": [-1, -1], "target_end": [-1, -1]})
    with Store(bundled_store) as store:
        store.save_analysis(VERSION, ids, {"scores": scores, "terms": terms, "voice": voice,
                                           "attributions": attributions, "citations": citations,
                                           "distancing": distancing})
    return bundled_store


def test_filter_by_outlet_dates_and_text_search(made_up):
    with Store(made_up) as store:
        assert set(aggregates.article_index(store, ArticleFilter(outlets=("Press TV",)))["article_id"]) == \
            set(PRESS_TV)
        in_may = aggregates.article_index(store, ArticleFilter(start=dt.date(2016, 5, 1), end=dt.date(2016, 5, 31)))
        assert sorted(in_may["outlet"]) == ["SANA", "The Syrian Observer"]
        # The headline of SANA's article says "truce"; any case.
        assert SANA in set(aggregates.article_index(store, ArticleFilter(search="TRUCE"))["article_id"])
        assert aggregates.article_index(store, ArticleFilter(search="no article says zqxj")).empty


def test_key_figures_by_hand(made_up):
    with Store(made_up) as store:
        figures = aggregates.key_figures(store, VERSION, ArticleFilter()).set_index("outlet")
    press = figures.loc["Press TV"]
    assert press["articles"] == 2
    assert press["quotes_per_article"] == pytest.approx(2.0)  # (4 + 0) / 2
    # named: attributions not anonymous, pooled: (4 - 0.25 * 4) / 4
    assert press["named_share"] == pytest.approx(0.75)
    assert press["wire_copy_share"] == pytest.approx(0.5)
    assert press["reading_ease"] == pytest.approx(60.0)
    assert bool(press["small_sample"])  # 2 articles < 5
    assert figures.loc["SANA", "named_share"] == pytest.approx(0.5)


def test_voice_verbs_speakers_media_and_distancing_by_hand(made_up):
    with Store(made_up) as store:
        every = ArticleFilter()
        voice = aggregates.voice_shares(store, VERSION, every).set_index(["outlet", "affiliation"])
        verbs = aggregates.verb_classes(store, VERSION, every)
        speakers = aggregates.top_speakers(store, VERSION, every)
        media = aggregates.media_cited(store, VERSION, every)
        distancing = aggregates.distancing_rates(store, VERSION, every).set_index(["outlet", "kind"])
    # Press TV: 50 words for russia_gov, 10 for an empty affiliation ("unknown") of 60.
    assert voice.loc[("Press TV", "russia_gov"), "share"] == pytest.approx(50 / 60)
    assert voice.loc[("Press TV", "unknown"), "words"] == 10
    assert voice.loc[("Press TV", "russia_gov"), "articles"] == 2
    # Attributions without a verb class are left out: Press TV's russia_gov has one neutral, one distancing.
    press = verbs[verbs["outlet"] == "Press TV"].set_index("verb_class")
    assert press["share"].to_dict() == {"distancing": 0.5, "neutral": 0.5}
    assert set(press["affiliation_attributions"]) == {2}
    top = speakers[speakers["outlet"] == "Press TV"].iloc[0]
    assert (top["speaker"], top["attributions"], top["words"], top["distancing_verbs"], top["rank"]) == \
        ("Peskov", 2, 12, 1, 1)
    reuters = media.iloc[0]
    assert (reuters["outlet"], reuters["mentions"], reuters["articles"], reuters["signed_articles"]) == \
        ("Press TV", 3, 2, 1)
    # Every outlet of the chosen articles appears, with 0 where it has no marker: Sputnik, 300 words.
    assert distancing.loc[("Sputnik", "hedge"), "markers"] == 0
    assert distancing.loc[("Press TV", "so_called"), "per_1000_words"] == pytest.approx(1000 / (392 + 547))


def test_stance_sums_and_term_counts_by_hand(made_up):
    with Store(made_up) as store:
        sums = aggregates.stance_sums(store, VERSION, ArticleFilter(outlets=("Press TV",)))
        by_target = aggregates.stance_sums(store, VERSION, ArticleFilter(outlets=("Press TV",)), by_target=True)
        counts = aggregates.term_counts(store, VERSION, ArticleFilter(), max_named=1)
    # Own voice only: the quoted "terrorists" of Press TV's second article is left out. One row per distinct
    # (stance sum, mentions) of an outlet and concept, with the articles that have it.
    assert sums[["stance_sum", "mentions", "articles"]].values.tolist() == [[-2, 3, 1], [0, 1, 1]]
    # By target: both articles name the opposition once ("rebels", stance 0): one row for two articles.
    assert by_target[["target", "stance_sum", "mentions", "articles"]].values.tolist() == [
        ["isis", -2, 2, 1], ["opposition", 0, 1, 2]]
    stances = mean_stances_from_sums(sums, ["outlet", "concept"], n_resamples=200)
    assert stances.loc[0, "stance"] == pytest.approx(-2 / 4)
    assert stances.loc[0, "articles"] == 2
    # One named term per concept: "terrorists" (3 own-voice mentions) beats "rebels" (2). Press TV's articles:
    # {terrorists: 2, other: 1} and {other: 1}; SANA's: {terrorists: 1}.
    assert set(counts["term"]) == {"terrorists", "other terms"}
    profiles = {(outlet, tuple(zip(rows["term"], rows["mentions"], strict=True)), rows["articles"].iloc[0])
                for (outlet, _), rows in counts.groupby(["outlet", "profile"])}
    assert profiles == {("Press TV", (("other terms", 1), ("terrorists", 2)), 1),
                        ("Press TV", (("other terms", 1),), 1), ("SANA", (("terrorists", 1),), 1)}
    shares = term_shares_from_counts(counts, n_resamples=200).set_index(["outlet", "term"])
    assert shares.loc[("Press TV", "terrorists"), "share"] == pytest.approx(2 / 4)
    assert shares.loc[("Press TV", "terrorists"), "articles"] == 2


def test_rows_counted_together_give_the_same_bootstrap_as_one_row_per_article():
    # Five articles, three of them alike: counted per article, or as two rows with how many articles each.
    per_article = pd.DataFrame({"outlet": "A", "concept": "c", "article_id": list("vwxyz"),
                                "stance_sum": [-1, -1, -1, 2, 0], "mentions": [1, 1, 1, 2, 3]})
    together = pd.DataFrame({"outlet": "A", "concept": "c", "stance_sum": [-1, 2, 0], "mentions": [1, 2, 3],
                             "articles": [3, 1, 1]})
    pd.testing.assert_frame_equal(mean_stances_from_sums(per_article, ["outlet", "concept"]),
                                  mean_stances_from_sums(together, ["outlet", "concept"]))
    terms = pd.DataFrame({"outlet": "A", "concept": "c", "article_id": ["v", "w", "w", "x", "y"],
                          "term": ["t1", "t1", "t2", "t1", "t2"], "mentions": [1, 1, 1, 1, 4]})
    profiles = pd.DataFrame({"outlet": "A", "concept": "c", "profile": [7, 8, 8, 9], "term": ["t1", "t1", "t2", "t2"],
                             "mentions": [1, 1, 1, 4], "articles": [2, 1, 1, 1]})
    pd.testing.assert_frame_equal(term_shares_from_counts(terms), term_shares_from_counts(profiles))


def test_a_table_no_analysis_saved_gives_empty_figures(bundled_store):
    with Store(bundled_store) as store:
        assert aggregates.key_figures(store, VERSION, ArticleFilter()).empty
        assert aggregates.stance_sums(store, VERSION, ArticleFilter()).empty
        assert aggregates.term_stances(store, VERSION) == {}


@pytest.fixture(scope="module")
def analyzed_bundle(tmp_path_factory):
    from analysis.corpus_import import read_articles
    from tests.conftest import CORPUS

    path = tmp_path_factory.mktemp("aggregates") / "bundled.duckdb"
    with Store(path) as store:
        store.import_articles(read_articles([CORPUS]))
    analyzer = make_analyzer()
    analyze_store(path, analyzer, workers=1)
    return path, analyzer.version


@pytest.mark.parametrize("article_filter", [ArticleFilter(), ArticleFilter(search="aleppo"),
                                            ArticleFilter(outlets=("Press TV", "SANA"))])
def test_store_figures_equal_the_pandas_functions(analyzed_bundle, article_filter):
    path, version = analyzed_bundle
    with Store(path) as store:
        articles = aggregates.article_index(store, article_filter)
        ids = articles["article_id"].tolist()

        def rows(name: str) -> pd.DataFrame:
            return with_outlets(store.result_table(name, version, article_ids=ids), articles)

        scores = rows("scores")
        pairs = [
            (aggregates.key_figures(store, version, article_filter), outlet_key_figures(scores)),
            (aggregates.voice_shares(store, version, article_filter), voice_share_by_outlet(rows("voice"))),
            (aggregates.verb_classes(store, version, article_filter),
             verb_classes_by_affiliation(rows("attributions"))),
            (aggregates.speaker_types(store, version, article_filter), speaker_types_by_outlet(rows("attributions"))),
            (aggregates.top_speakers(store, version, article_filter), top_speakers_by_outlet(rows("attributions"))),
            (aggregates.media_cited(store, version, article_filter), media_cited_by_outlet(rows("citations"))),
            (aggregates.distancing_rates(store, version, article_filter),
             distancing_by_outlet(rows("distancing"), articles)),
        ]
        matches = rows("terms")[list(MATCH_COLUMNS)]
        pairs.append((mean_stances_from_sums(aggregates.stance_sums(store, version, article_filter),
                                             ["outlet", "concept"]), stance_by_outlet(matches)))
        pairs.append((mean_stances_from_sums(aggregates.stance_sums(store, version, article_filter, by_target=True),
                                             ["outlet", "concept", "target"]), stance_by_outlet_and_target(matches)))
        pairs.append((term_shares_from_counts(aggregates.term_counts(store, version, article_filter, max_named=3)),
                      term_shares_by_outlet(with_other_terms(matches, max_named=3))))
    for from_store, from_pandas in pairs:
        assert list(from_store.columns) == list(from_pandas.columns)
        pd.testing.assert_frame_equal(from_store.reset_index(drop=True), from_pandas.reset_index(drop=True),
                                      check_dtype=False, check_index_type=False)


@pytest.mark.parametrize("period", ["week", "month", "quarter", "year"])
@pytest.mark.parametrize("article_filter", [ArticleFilter(), ArticleFilter(outlets=("Press TV", "SANA"))])
def test_per_period_figures_from_the_store_equal_the_pandas_functions(analyzed_bundle, article_filter, period):
    path, version = analyzed_bundle
    with Store(path) as store:
        articles = aggregates.article_index(store, article_filter)
        ids = articles["article_id"].tolist()
        matches = with_outlets(store.result_table("terms", version, article_ids=ids), articles)[list(MATCH_COLUMNS)]
        voice = with_outlets(store.result_table("voice", version, article_ids=ids), articles)
        concept = matches["concept"].value_counts().index[0]
        term = matches.loc[matches["concept"] == concept, "term"].value_counts().index[0]
        sums = aggregates.stance_sums(store, version, article_filter, concept=concept, period=period)
        counts = aggregates.term_counts(store, version, article_filter, max_named=None, concept=concept,
                                        period=period)
        voice_shares = aggregates.voice_shares(store, version, article_filter, period=period)
    pairs = [
        (stance_by_period_from_sums(sums), stance_by_period(matches[matches["concept"] == concept], articles,
                                                            period=period)),
        (term_share_by_period_from_counts(counts, term=term),
         term_share_by_period(matches, articles, period=period, concept=concept, term=term)),
        (voice_shares, voice_share_by_period(voice, articles, period=period)),
    ]
    for from_store, from_pandas in pairs:
        assert not from_pandas.empty
        assert list(from_store.columns) == list(from_pandas.columns)
        pd.testing.assert_frame_equal(from_store.reset_index(drop=True), from_pandas.reset_index(drop=True),
                                      check_dtype=False, check_index_type=False)


def test_a_period_that_is_not_one_is_refused(analyzed_bundle):
    path, version = analyzed_bundle
    with Store(path) as store, pytest.raises(ValueError, match="period must be one of"):
        aggregates.stance_sums(store, version, ArticleFilter(), period="decade")
