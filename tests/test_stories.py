from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.stories import group_stories

TRUCE = "Russia and the United States agreed a truce in Aleppo; the ceasefire began at midnight in the city."
TRUCE_OTHER_OUTLET = ("A ceasefire in Aleppo agreed by Russia and the United States began at midnight, "
                      "the city was calm.")
GAS = "A chemical attack in Idlib province killed dozens of civilians including children, doctors said."


def _frame(rows):
    return pd.DataFrame(rows, columns=["article_id", "text", "published"])


def test_same_event_across_outlets_is_one_story_and_other_events_are_not():
    day = dt.date(2016, 9, 12)
    stories = group_stories(_frame([
        ("a", TRUCE, day), ("b", TRUCE_OTHER_OUTLET, day + dt.timedelta(days=1)),
        ("c", GAS, day), ("d", TRUCE, day + dt.timedelta(days=30)),
    ])).set_index("article_id")
    assert stories.loc["a", "story_id"] == stories.loc["b", "story_id"] == 0
    assert stories.loc["a", "story_size"] == 2
    assert len({stories.loc[x, "story_id"] for x in "acd"}) == 3  # same words a month later is another story
    assert "russia" in stories.loc["a", "story_label"]


def test_undated_articles_link_only_to_undated():
    stories = group_stories(_frame([("a", TRUCE, None), ("b", TRUCE_OTHER_OUTLET, None),
                                    ("c", TRUCE, dt.date(2016, 9, 12))])).set_index("article_id")
    assert stories.loc["a", "story_id"] == stories.loc["b", "story_id"] != stories.loc["c", "story_id"]


def test_empty_and_wordless_inputs():
    assert group_stories(_frame([])).empty
    assert list(group_stories(_frame([("a", "12 34", None)])).story_size) == [1]


@pytest.mark.parametrize(("options", "message"), [({"min_similarity": 0}, "min_similarity must be in"),
                                                  ({"max_days_apart": -1}, "max_days_apart must be >= 0")])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        group_stories(_frame([("a", TRUCE, None)]), **options)


def test_stories_are_stored_when_articles_are_analyzed_and_go_stale_on_import(tmp_path):
    from analysis import aggregates
    from analysis.corpus_import import read_articles
    from analysis.pipeline import analyze_store, make_analyzer
    from analysis.store import Store
    from analysis.stories import regroup_store
    from tests.conftest import CORPUS

    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        store.import_articles(read_articles([CORPUS]))
        assert not store.stories_are_current()
    analyze_store(path, make_analyzer(), workers=1)
    with Store(path) as store:
        assert store.stories_are_current()
        stored = aggregates.stored_stories(store, aggregates.ArticleFilter())
        texts = aggregates.texts(store, aggregates.ArticleFilter())
        only_sana = aggregates.stored_stories(store, aggregates.ArticleFilter(outlets=("SANA",)))
    # The same grouping as group_stories over every stored article, with the default settings.
    expected = group_stories(texts.rename(columns={"clean_text": "text"}).sort_values("article_id"))
    assert stored.sort_values("article_id").reset_index(drop=True).equals(
        expected.sort_values("article_id").reset_index(drop=True)[stored.columns])
    assert len(only_sana) == 1
    # An article imported later has no story: the stored grouping is out of date until it is regrouped.
    extra = tmp_path / "extra.txt"
    extra.write_text("A new article about the ceasefire in Aleppo, agreed by Russia and the United States.\n",
                     encoding="utf-8")
    with Store(path) as store:
        store.import_articles(read_articles([extra]))
        assert not store.stories_are_current()
        assert aggregates.stored_stories(store, aggregates.ArticleFilter()) is None
    assert regroup_store(path) == 6
    with Store(path) as store:
        assert store.stories_are_current()
        store.delete_articles(list(stored["article_id"][:1]))
        assert not store.stories_are_current()


def test_regrouping_in_a_child_process_stores_the_same_stories(tmp_path):
    from analysis import aggregates
    from analysis.corpus_import import read_articles
    from analysis.store import Store
    from analysis.stories import regroup_store
    from tests.conftest import CORPUS

    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        store.import_articles(read_articles([CORPUS]))
    assert regroup_store(path, in_child_process=False) == 5
    with Store(path) as store:
        here = aggregates.stored_stories(store, aggregates.ArticleFilter())
    assert regroup_store(path, in_child_process=True) == 5
    with Store(path) as store:
        assert store.stories_are_current()
        in_child = aggregates.stored_stories(store, aggregates.ArticleFilter())
    pd.testing.assert_frame_equal(here, in_child)


def test_a_child_process_that_fails_says_so(tmp_path):
    from analysis.stories import regroup_store

    damaged = tmp_path / "store.duckdb"
    damaged.write_bytes(b"not a DuckDB file" * 1000)
    with pytest.raises(RuntimeError, match="failed in a child process"):
        regroup_store(damaged, in_child_process=True)
