"""Figures of the unfiltered view stored at analysis time: equal to the computed ones, used only while the
store is in the state they were computed on."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import precomputed
from analysis.aggregates import ArticleFilter
from analysis.pipeline import analyze_store, make_analyzer
from analysis.store import Store
from analysis.uploads import import_pasted_text

PASTED = ("Syrian government forces shelled the rebel-held town on Tuesday, a monitor said. "
          "The Syrian Observatory for Human Rights said twelve civilians were killed.")


@pytest.fixture
def analyzed(bundled_store):
    analyzer = make_analyzer()
    analyze_store(bundled_store, analyzer, workers=1)
    return bundled_store, analyzer.version


def test_stored_figures_equal_the_computed_ones(analyzed):
    path, version = analyzed
    with Store(path) as store:
        stored_figures = precomputed.load(store, version, list(precomputed.FIGURES))
        assert set(stored_figures) == set(precomputed.FIGURES)
        for figure, stored in stored_figures.items():
            computed = precomputed.compute(store, version, figure, ArticleFilter())
            assert not computed.empty, figure
            pd.testing.assert_frame_equal(stored, computed, check_index_type=False)


def test_an_analysis_of_an_unchanged_store_does_not_compute_them_again(analyzed):
    path, version = analyzed
    assert precomputed.store_unfiltered_figures(path, version) is False


def test_an_import_or_a_deletion_makes_them_stale_until_the_next_analysis(analyzed):
    path, version = analyzed
    with Store(path) as store:
        summary = import_pasted_text(store, PASTED, outlet="Test outlet", title="Shelling")
        assert summary.added == 1
        assert precomputed.load(store, version, ["key_figures"]) == {}
    analyze_store(path, make_analyzer(), workers=1)
    with Store(path) as store:
        figures = precomputed.load(store, version, ["key_figures"])["key_figures"]
        assert "Test outlet" in set(figures["outlet"])
        pasted = store.query("SELECT article_id FROM articles WHERE outlet = 'Test outlet'")["article_id"].tolist()
        store.delete_articles(pasted)
        assert precomputed.load(store, version, ["key_figures"]) == {}


def test_another_analyzer_version_finds_none(analyzed):
    path, _ = analyzed
    with Store(path) as store:
        assert precomputed.load(store, "another-version", ["stances"]) == {}


def test_an_unknown_figure_is_refused(analyzed):
    path, version = analyzed
    with Store(path) as store, pytest.raises(ValueError, match="figure must be one of"):
        precomputed.load(store, version, ["stances", "everything"])
