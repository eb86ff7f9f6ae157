"""The stored tables' columns, written once.

Every ``CREATE TABLE``, every insert, the staged Parquet files of an import
and the column lists that readers check against derive from these pyarrow
schemas, so the tables and the code that writes them cannot drift apart. A
field's ``nullable=False`` is the column's ``NOT NULL``.

Result tables (``result_<name>``) are not listed here: the analysis layer owns
their columns (:data:`analysis.pipeline.RESULT_TABLES` builds their schemas
from its record dataclasses) and the store checks stored tables against the
schemas it is given (:meth:`analysis.store.Store.mark_stale_results`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# Recorded in store_info. Raise it when a table listed here changes its columns: nothing rewrites an article table
# (a store whose article table has other columns is refused on opening, see analysis.store.connection).
SCHEMA_VERSION = 1

_DUCKDB_TYPES = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.float64(): "DOUBLE",
                 pa.bool_(): "BOOLEAN", pa.date32(): "DATE", pa.timestamp("us"): "TIMESTAMP",
                 pa.list_(pa.string()): "VARCHAR[]", pa.binary(): "BLOB"}


def duckdb_type(arrow_type: pa.DataType) -> str:
    """The DuckDB column type an arrow type is stored as (as ``information_schema.columns`` names it)."""
    try:
        return _DUCKDB_TYPES[arrow_type]
    except KeyError:
        raise TypeError(f"no stored column type for {arrow_type}; known: {', '.join(map(str, _DUCKDB_TYPES))}") \
            from None


def column_types(schema: pa.Schema) -> dict[str, str]:
    """Column name -> DuckDB type: what a stored table of ``schema`` reports, for comparing layouts."""
    return {field.name: duckdb_type(field.type) for field in schema}


def create_table_sql(name: str, schema: pa.Schema, *, primary_key: tuple[str, ...] = ()) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for ``schema``: the one place a table's columns are written in SQL."""
    columns = [f"{field.name} {duckdb_type(field.type)}{'' if field.nullable else ' NOT NULL'}" for field in schema]
    if primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(primary_key)})")
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(columns)})"


@dataclass(frozen=True)
class TableSchema:
    """A stored table: its name, its columns, and its primary key."""

    name: str
    columns: pa.Schema
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.columns.names)

    def create_sql(self) -> str:
        return create_table_sql(self.name, self.columns, primary_key=self.primary_key)


def _required(name: str, arrow_type: pa.DataType) -> pa.Field:
    return pa.field(name, arrow_type, nullable=False)


STORE_INFO = TableSchema("store_info", pa.schema([_required("key", pa.string()), ("value", pa.string())]),
                         primary_key=("key",))

# One row per article. Evidence, offset map and removed spans are JSON text (see analysis.store.articles).
ARTICLES = TableSchema("articles", pa.schema([
    _required("article_id", pa.string()),
    ("outlet", pa.string()),
    _required("outlet_basis", pa.string()),
    ("outlet_evidence", pa.string()),
    ("title", pa.string()),
    ("published", pa.date32()),
    _required("date_basis", pa.string()),
    ("date_evidence", pa.string()),
    _required("source_file", pa.string()),
    ("source_row", pa.int32()),
    _required("original_text", pa.string()),
    _required("clean_text", pa.string()),
    _required("offset_map", pa.string()),
    _required("removed", pa.string()),
    _required("words", pa.int32()),
    _required("imported_at", pa.timestamp("us")),
]), primary_key=("article_id",))

# Which articles have results of which analyzer version (an article analyzed with no result rows is listed too).
ANALYZED = TableSchema("analyzed", pa.schema([
    _required("article_id", pa.string()), _required("analyzer_version", pa.string()),
    _required("computed_at", pa.timestamp("us")),
]), primary_key=("article_id", "analyzer_version"))

# Stories (analysis.stories.group_stories over every stored article), saved when articles are analyzed.
STORIES = TableSchema("story_groups", pa.schema([
    ("article_id", pa.string()), ("story_id", pa.int64()), ("story_size", pa.int64()), ("story_label", pa.string()),
]))

# The dashboard's figures for the unfiltered view (one Parquet blob per figure), written and read by
# analysis.precomputed; created when first written, so older stores need no upgrade.
PRECOMPUTED = TableSchema("precomputed_figures", pa.schema([
    _required("analyzer_version", pa.string()), _required("store_state", pa.string()),
    _required("figure", pa.string()), _required("parquet", pa.binary()),
]))

FIXED_TABLES = (STORE_INFO, ARTICLES, ANALYZED, STORIES)

# Result tables are named result_<name>; each row has article_id and analyzer_version.
RESULT_TABLE_PREFIX = "result_"

# The article columns the dashboard and `list` read by default: the metadata, without texts.
ARTICLE_COLUMNS = ("article_id", "outlet", "outlet_basis", "title", "published", "date_basis",
                   "source_file", "source_row", "words", "imported_at")

STORY_TABLE = STORIES.name
STORY_SCHEMA = STORIES.columns
