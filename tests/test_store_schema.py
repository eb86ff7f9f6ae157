"""analysis.store.schema: every table's SQL, staged files and column lists derive from one schema per table."""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.corpus_import import read_articles
from analysis.store import Store, StoreError, stage_articles
from analysis.store.articles import article_row
from analysis.store.schema import (
    ARTICLES,
    FIXED_TABLES,
    STORIES,
    column_types,
    create_table_sql,
    duckdb_type,
)
from tests.conftest import CORPUS


def _stored_columns(connection: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, bool]]:
    rows = connection.execute("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                              "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
    return [(name, kind, nullable == "YES") for name, kind, nullable in rows]


def _primary_key(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[str, ...]:
    rows = connection.execute("SELECT constraint_column_names FROM duckdb_constraints() "
                              "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'", [table]).fetchall()
    return tuple(rows[0][0]) if rows else ()


def test_create_table_sql_is_written_from_the_schema():
    schema = pa.schema([pa.field("id", pa.string(), nullable=False), ("n", pa.int64()), ("day", pa.date32())])
    assert create_table_sql("t", schema, primary_key=("id",)) == \
        "CREATE TABLE IF NOT EXISTS t (id VARCHAR NOT NULL, n BIGINT, day DATE, PRIMARY KEY (id))"
    assert create_table_sql("t", schema) == "CREATE TABLE IF NOT EXISTS t (id VARCHAR NOT NULL, n BIGINT, day DATE)"


def test_a_type_with_no_stored_column_type_is_named():
    with pytest.raises(TypeError, match="no stored column type for halffloat"):
        duckdb_type(pa.float16())


@pytest.mark.parametrize("table", FIXED_TABLES, ids=lambda table: table.name)
def test_each_created_table_has_exactly_the_schemas_columns_types_and_key(table):
    with duckdb.connect() as connection:
        connection.execute(table.create_sql())
        assert _stored_columns(connection, table.name) == [
            (field.name, duckdb_type(field.type), field.nullable and field.name not in table.primary_key)
            for field in table.columns]
        assert _primary_key(connection, table.name) == table.primary_key


def test_a_new_store_holds_the_fixed_tables_as_the_schemas_say(store_path):
    with Store(store_path) as store:
        for table in FIXED_TABLES:
            assert store.stored_column_types(table.name) == column_types(table.columns), table.name


def test_staged_files_and_rows_carry_the_article_schema(tmp_path):
    records = list(read_articles([CORPUS]))
    assert list(article_row(records[0], dt.datetime(2026, 1, 1))) == list(ARTICLES.names)
    staged = stage_articles(records, tmp_path)
    assert pq.read_schema(staged.parts[0]).remove_metadata() == ARTICLES.columns


def test_every_article_column_reads_back_by_name(store_path):
    with Store(store_path) as store:
        store.import_articles(read_articles([CORPUS]))
        frame = store.articles(columns=ARTICLES.names)
        assert tuple(frame.columns) == ARTICLES.names and len(frame) == 5
        with pytest.raises(ValueError, match="columns must be among"):
            store.articles(columns=("article_id", "colour"))


def test_stories_are_saved_by_column_name_whatever_the_frames_order(store_path):
    import pandas as pd

    with Store(store_path) as store:
        store.import_articles(read_articles([CORPUS]))
        ids = store.articles()["article_id"].tolist()
        stories = pd.DataFrame({"story_label": ["a"] * 5, "story_size": [5] * 5, "article_id": ids,
                                "story_id": [0] * 5, "ignored": [1] * 5})
        store.save_stories(stories)
        stored = store.query(f"SELECT * FROM {STORIES.name} ORDER BY article_id")
        assert list(stored.columns) == list(STORIES.names)
        assert stored["article_id"].tolist() == sorted(ids) and set(stored["story_label"]) == {"a"}
        assert store.stories_are_current()


def test_a_store_whose_articles_have_other_columns_is_refused_untouched(store_path):
    with duckdb.connect(str(store_path)) as connection:
        connection.execute("CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, text VARCHAR)")
        connection.execute("INSERT INTO articles VALUES ('a', 'kept')")
    with pytest.raises(StoreError, match="keeps its articles in other columns than this version reads"):
        Store(store_path)
    with duckdb.connect(str(store_path)) as connection:
        assert connection.execute("SELECT * FROM articles").fetchall() == [("a", "kept")]
        assert connection.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("articles",)]
        assert _stored_columns(connection, "articles") == [("article_id", "VARCHAR", False),
                                                           ("text", "VARCHAR", True)]
