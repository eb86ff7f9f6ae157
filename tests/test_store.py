"""The store: idempotent imports, one transaction per import, cached results, clear errors."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus_import import ImportProblem, build_record, read_articles
from analysis.store import Store, StoreError
from tests.conftest import CORPUS


def _corpus_records():
    return list(read_articles([CORPUS]))


def test_importing_twice_stores_each_article_once(store_path):
    with Store(store_path) as store:
        first = store.import_articles(_corpus_records())
        second = store.import_articles(_corpus_records())
        assert (first.added, first.already_stored) == (5, 0)
        assert (second.added, second.already_stored) == (0, 5)
        assert store.article_count() == 5


def test_same_text_twice_in_one_batch_is_stored_once_with_a_warning(store_path):
    record = build_record("The army said it advanced.", source_file="a.csv", source_row=2, outlet="SANA")
    again = build_record("The army said it advanced.", source_file="a.csv", source_row=3, outlet="SANA")
    other_outlet = build_record("The army said it advanced.", source_file="a.csv", source_row=4, outlet="TASS")
    with Store(store_path) as store:
        summary = store.import_articles([record, again, other_outlet])
        assert (summary.added, summary.duplicates_in_batch) == (2, 1)
        assert [str(p) for p in summary.warnings] == [
            "warning: a.csv, row 3: same outlet and text as row 2; stored once"]


def test_failed_import_leaves_the_store_as_it_was(store_path):
    with Store(store_path) as store:
        store.import_articles(_corpus_records())
        before = store.articles()

    def records_then_crash():
        yield build_record("A new article about the truce.", source_file="new.txt", outlet="SANA")
        raise OSError("disk vanished")

    with Store(store_path) as store:
        with pytest.raises(OSError, match="disk vanished"):
            store.import_articles(records_then_crash())
        assert store.articles().equals(before)


def test_problems_are_collected_not_stored(store_path):
    problem = ImportProblem("x.txt", "empty file")
    with Store(store_path) as store:
        summary = store.import_articles([problem])
        assert summary.errors == [problem] and store.article_count() == 0


def test_stored_article_maps_clean_spans_to_the_original(store_path):
    with Store(store_path) as store:
        store.import_articles(_corpus_records())
        article_id = store.articles().query("outlet == 'Sputnik'").article_id.iloc[0]
        article = store.article(article_id)
    start = article.clean.text.index("very little")
    original_start, original_end = article.clean.to_original(start, start + len("very little"))
    assert article.original_text[original_start:original_end] == "very little"
    assert {span[2] for span in [(r.start, r.end, r.rule) for r in article.clean.removed]} >= {"listen_live"}


def test_results_are_cached_by_article_and_analyzer_version(store_path):
    with Store(store_path) as store:
        store.import_articles(_corpus_records())
        ids = store.unanalyzed_ids("v1")
        assert len(ids) == 5
        terms = pd.DataFrame({"article_id": [ids[0], ids[0]], "term": ["rebels", "regime"], "stance": [0, -1]})
        store.save_analysis("v1", [ids[0], ids[1]], {"terms": terms})
        assert store.unanalyzed_ids("v1") == ids[2:]
        assert store.result_table("terms", "v1").to_dict("list") == {
            "article_id": [ids[0], ids[0]], "term": ["rebels", "regime"], "stance": [0, -1]}
        # saving the same article again replaces its rows
        store.save_analysis("v1", [ids[0]], {"terms": terms.iloc[:1]})
        assert len(store.result_table("terms", "v1")) == 1
        assert store.delete_articles([ids[0]]) == 1
        assert store.result_table("terms", "v1").empty


def test_a_new_analyzer_version_replaces_old_results_even_with_new_columns(store_path):
    with Store(store_path) as store:
        store.import_articles(_corpus_records())
        ids = store.unanalyzed_ids("v1")
        store.save_analysis("v1", ids, {"terms": pd.DataFrame({"article_id": ids, "n": 1})})
        store.save_analysis("v2", ids[:1], {"terms": pd.DataFrame({"article_id": ids[:1], "n": 2, "extra": "x"})})
        assert store.result_table("terms", "v1").empty
        assert len(store.unanalyzed_ids("v2")) == 4
        assert list(store.result_table("terms", "v2").columns) == ["article_id", "n", "extra"]


def test_batches_of_texts_stream_every_article(store_path):
    with Store(store_path) as store:
        store.import_articles(_corpus_records())
        batches = list(store.iter_texts(batch_rows=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert set(batches[0].columns) >= {"article_id", "outlet", "clean_text"}


def test_damaged_store_gives_a_clear_message(tmp_path):
    damaged = tmp_path / "store.duckdb"
    damaged.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="If the file is damaged, move it aside and rebuild it"):
        Store(damaged)


def test_read_only_store_that_does_not_exist(tmp_path):
    with pytest.raises(StoreError, match="import articles first"):
        Store(tmp_path / "none.duckdb", read_only=True)
