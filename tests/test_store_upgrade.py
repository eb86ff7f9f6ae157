"""Stores written by older code: articles are never touched; result tables of another layout are marked out of
date and recomputed by the next analysis, with one line saying so; nothing is dropped unasked."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from analysis.cli import main
from analysis.pipeline import RESULT_NAMES, analyze_store, make_analyzer, score_table
from analysis.store import Store, StoreError

# The fixed tables as main's code (commit 1ab9663, analysis/store.py) created them, written out as it wrote them.
MAIN_FIXED_TABLES = """
CREATE TABLE store_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY, outlet VARCHAR, outlet_basis VARCHAR NOT NULL, outlet_evidence VARCHAR,
    title VARCHAR, published DATE, date_basis VARCHAR NOT NULL, date_evidence VARCHAR,
    source_file VARCHAR NOT NULL, source_row INTEGER, original_text VARCHAR NOT NULL, clean_text VARCHAR NOT NULL,
    offset_map VARCHAR NOT NULL, removed VARCHAR NOT NULL, words INTEGER NOT NULL, imported_at TIMESTAMP NOT NULL);
CREATE TABLE analyzed (article_id VARCHAR NOT NULL, analyzer_version VARCHAR NOT NULL,
    computed_at TIMESTAMP NOT NULL, PRIMARY KEY (article_id, analyzer_version));
CREATE TABLE story_groups (article_id VARCHAR, story_id BIGINT, story_size BIGINT, story_label VARCHAR);
INSERT INTO store_info VALUES ('schema_version', '1');
"""

# Main's result tables (created by main from its pandas frames: object -> VARCHAR, int64 -> BIGINT, ...).
MAIN_RESULT_TABLES = {
    "terms": 'article_id VARCHAR, analyzer_version VARCHAR, start BIGINT, "end" BIGINT, term VARCHAR, '
             "concept VARCHAR, stance BIGINT, in_quote BOOLEAN, distanced BOOLEAN, target VARCHAR, "
             "target_basis VARCHAR, name_start BIGINT, name_end BIGINT, in_headline_stance BOOLEAN",
    "distancing": 'article_id VARCHAR, analyzer_version VARCHAR, start BIGINT, "end" BIGINT, marker VARCHAR, '
                  "kind VARCHAR, concept VARCHAR, target_start BIGINT, target_end BIGINT",
    "attributions": "article_id VARCHAR, analyzer_version VARCHAR, position BIGINT, speaker VARCHAR, "
                    "speaker_start BIGINT, speaker_end BIGINT, speaker_type VARCHAR, affiliation VARCHAR, "
                    "verb VARCHAR, verb_lemma VARCHAR, verb_class VARCHAR, kind VARCHAR, content VARCHAR, "
                    "content_start BIGINT, content_end BIGINT, content_words BIGINT",
    "citations": 'article_id VARCHAR, analyzer_version VARCHAR, name VARCHAR, kind VARCHAR, start BIGINT, '
                 '"end" BIGINT, wire_signature BOOLEAN',
    "voice": "article_id VARCHAR, analyzer_version VARCHAR, affiliation VARCHAR, words BIGINT, share DOUBLE",
}
# An older layout still: terms before targets were resolved, and no distancing table yet.
OLDER_RESULT_TABLES = {
    **{name: columns for name, columns in MAIN_RESULT_TABLES.items() if name != "distancing"},
    "terms": 'article_id VARCHAR, analyzer_version VARCHAR, start BIGINT, "end" BIGINT, term VARCHAR, '
             "concept VARCHAR, stance BIGINT, in_quote BOOLEAN, distanced BOOLEAN",
}


@pytest.fixture(scope="module")
def analyzer():
    return make_analyzer()


@pytest.fixture
def reference(bundled_store, analyzer):
    """The bundled corpus analyzed by this code: the store, its score table and result tables."""
    analyze_store(bundled_store, analyzer, workers=1)
    with Store(bundled_store, read_only=True) as store:
        return bundled_store, score_table(store, analyzer), _results(store, analyzer)


def _results(store: Store, analyzer) -> dict[str, pd.DataFrame]:
    return {name: store.result_table(name, analyzer.version).sort_values(
        list(store.result_table(name, analyzer.version).columns)).reset_index(drop=True) for name in RESULT_NAMES}


# Main's analyzer version: its hash did not cover the result columns, so it differs from this code's.
MAIN_VERSION = "2-0123456789ab"


def _old_store(path, reference_path, result_tables: dict[str, str], score_columns: str, *, version: str):
    """A store in an old layout, written with SQL; its rows are those of ``reference_path`` (which are what main
    wrote too: the score CSV and every stored table of FA-KES dev are byte-identical between the two) under the
    analyzer version ``version``."""
    with duckdb.connect(str(path)) as connection:
        connection.execute(MAIN_FIXED_TABLES)
        connection.execute(f"CREATE TABLE result_scores ({score_columns})")
        for name, columns in result_tables.items():
            connection.execute(f"CREATE TABLE result_{name} ({columns})")
        connection.execute(f"ATTACH '{reference_path}' AS reference (READ_ONLY)")
        for table in ["articles", "analyzed", "story_groups", *(f"result_{n}" for n in ["scores", *result_tables])]:
            connection.execute(f"INSERT INTO {table} BY NAME SELECT "
                               f"{', '.join(_quoted(c) for c in _columns(connection, table))} FROM reference.{table}")
        connection.execute("DETACH reference")
        for table in ["analyzed", *(f"result_{n}" for n in ["scores", *result_tables])]:
            connection.execute(f"UPDATE {table} SET analyzer_version = ?", [version])


def _columns(connection, table: str) -> list[str]:
    return [row[0] for row in connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_catalog <> 'reference' "
        "ORDER BY ordinal_position", [table]).fetchall()]


def _quoted(name: str) -> str:
    return f'"{name}"'


def _main_score_columns(reference_path) -> str:
    # The score columns come from the lexicon; main typed them from its pandas frame (int64, float64, bool).
    with duckdb.connect(str(reference_path), read_only=True) as connection:
        rows = connection.execute("SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_name = 'result_scores' ORDER BY ordinal_position").fetchall()
    return ", ".join(f'"{name}" {kind}' for name, kind in rows)


def _articles(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute("SELECT * FROM articles ORDER BY article_id").fetchall()


def test_a_store_in_mains_layout_is_analyzed_once_more_and_keeps_its_articles(reference, analyzer, tmp_path):
    reference_path, expected_scores, expected_results = reference
    old = tmp_path / "main.duckdb"
    _old_store(old, reference_path, MAIN_RESULT_TABLES, _main_score_columns(reference_path), version=MAIN_VERSION)
    articles_before = _articles(old)
    # Same columns, another analyzer version: replaced like the results of an edited word list, with no notice.
    run = analyze_store(old, analyzer, workers=1)
    assert (run.analyzed, run.cached, run.notice) == (5, 0, None)
    assert _articles(old) == articles_before
    with Store(old, read_only=True) as store:
        assert score_table(store, analyzer).equals(expected_scores)
        for name, recomputed in _results(store, analyzer).items():
            pd.testing.assert_frame_equal(recomputed, expected_results[name], obj=name)
        assert store.query("SELECT DISTINCT analyzer_version FROM analyzed")["analyzer_version"].tolist() == \
            [analyzer.version]


def test_result_tables_of_an_older_layout_are_recomputed_with_one_line(reference, analyzer, tmp_path, capsys):
    reference_path, expected_scores, expected_results = reference
    old = tmp_path / "older.duckdb"
    _old_store(old, reference_path, OLDER_RESULT_TABLES, _main_score_columns(reference_path), version=MAIN_VERSION)
    articles_before = _articles(old)
    out = tmp_path / "scores.csv"

    assert main(["score", str(old), "--out", str(out)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "marked out of date" in line]
    # (A table the older store lacks altogether is simply created: nothing of it was stored.)
    assert lines == ["the stored results in result_terms were written with other columns than "
                     "this version of the analysis writes: marked out of date; the 5 article(s) analyzed before are "
                     "analyzed again (the articles themselves are kept as they were)"]
    assert _articles(old) == articles_before
    with Store(old, read_only=True) as store:
        assert score_table(store, analyzer).equals(expected_scores)
        for name, recomputed in _results(store, analyzer).items():
            pd.testing.assert_frame_equal(recomputed, expected_results[name], obj=name)
    written = pd.read_csv(out)
    assert written["article_id"].tolist() == expected_scores["article_id"].tolist()

    assert main(["score", str(old), "--out", str(out)]) == 0
    assert "marked out of date" not in capsys.readouterr().err
    assert analyze_store(old, analyzer, workers=1).cached == 5


def test_an_older_layout_under_this_very_version_is_recomputed_too(reference, analyzer, tmp_path):
    # Cannot happen through make_analyzer (the columns are part of the version); the store checks it all the same.
    reference_path, expected_scores, _ = reference
    old = tmp_path / "same-version.duckdb"
    _old_store(old, reference_path, OLDER_RESULT_TABLES, _main_score_columns(reference_path),
               version=analyzer.version)
    run = analyze_store(old, analyzer, workers=1)
    assert run.analyzed == 5 and run.notice.startswith("the stored results in result_terms, result_distancing")
    with Store(old, read_only=True) as store:
        assert score_table(store, analyzer).equals(expected_scores)


def test_results_of_another_version_in_the_same_columns_are_left_to_be_replaced(store_path):
    from analysis.corpus_import import read_articles
    from tests.conftest import CORPUS

    schema = {"terms": pa.schema([("article_id", pa.string()), ("n", pa.int64())])}
    with Store(store_path) as store:
        store.import_articles(read_articles([CORPUS]))
        ids = store.unanalyzed_ids("v1")
        store.save_analysis("v1", ids[:1], {"terms": pd.DataFrame({"article_id": ids[:1], "n": [1]})})
        # An edited word list: another version, the same columns. Replaced as articles are analyzed, no notice.
        assert store.mark_stale_results("v2", schema) is None
        assert store.result_table("terms", "v1")["n"].tolist() == [1]
        # Other columns under another version: marked out of date at once, with the notice.
        other = {"terms": pa.schema([("article_id", pa.string()), ("n", pa.float64())])}
        assert store.mark_stale_results("v2", other).startswith("the stored results in result_terms were written")
        assert not store.has_results("terms") and len(store.unanalyzed_ids("v1")) == 5
        assert store.article_count() == 5


def test_saving_other_columns_under_the_same_version_raises_and_keeps_everything(store_path):
    from analysis.corpus_import import read_articles
    from tests.conftest import CORPUS

    with Store(store_path) as store:
        store.import_articles(read_articles([CORPUS]))
        ids = store.unanalyzed_ids("v1")
        store.save_analysis("v1", ids[:2], {"terms": pd.DataFrame({"article_id": ids[:2], "n": [1, 2]})})
        with pytest.raises(StoreError, match=r"result_terms holds columns \['article_id', 'analyzer_version', 'n'\] "
                                             r"but the results to save have"):
            store.save_analysis("v1", ids[2:3], {"terms": pd.DataFrame({"article_id": ids[2:3], "m": ["x"]})})
        assert store.result_table("terms", "v1")["n"].tolist() == [1, 2]
        assert store.unanalyzed_ids("v1") == ids[2:]
