"""Cached analysis results: ``result_<name>`` tables keyed by (article id, analyzer version).

The analysis layer owns the result tables' columns (they are part of its
analyzer version); it passes their schemas to
:meth:`ResultMethods.mark_stale_results` before an analysis, and a stored
table whose columns differ (a store written by an older version of the code)
is marked out of date rather than silently dropped or misread: the results
are removed, every article is marked unanalyzed, so the analysis that follows
recomputes every result, and a one-line message says so. Articles are never
touched. Rows are written and read by column name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.store.connection import StoreConnection, StoreError, named_rows
from analysis.store.schema import ANALYZED, RESULT_TABLE_PREFIX, column_types


def _checked_table_name(name: str) -> str:
    table = f"{RESULT_TABLE_PREFIX}{name}"
    if not table.replace("_", "").isalnum():
        raise ValueError(f"result table names are letters, digits and underscores; got {table!r}")
    return table


def _as_arrow(rows: pa.Table | pd.DataFrame) -> pa.Table:
    return rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows, preserve_index=False)


def _query_column_types(connection: duckdb.DuckDBPyConnection, query: str) -> dict[str, str]:
    return {row["column_name"]: row["column_type"] for row in named_rows(connection.execute(f"DESCRIBE {query}"))}


class ResultMethods(StoreConnection):
    """Saving and reading analysis results (part of :class:`analysis.store.Store`)."""

    def _result_tables(self) -> list[str]:
        rows = self._connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, ?) "
            "AND database_name = current_database() AND schema_name = 'main' ORDER BY 1", [RESULT_TABLE_PREFIX])
        return [row["table_name"] for row in named_rows(rows)]

    def mark_stale_results(self, analyzer_version: str, schemas: Mapping[str, pa.Schema]) -> str | None:
        """Mark out of date the stored results whose columns differ from ``schemas``; a message if any were.

        ``schemas`` maps each result name (``"terms"``) to the columns the
        analysis now writes (``article_id`` first, without
        ``analyzer_version``). A stored table with other columns or types (a
        store written by an older version of the code, or with other word
        lists), or a missing one while articles are analyzed under
        ``analyzer_version``, cannot take the new rows. Then, in one
        transaction, every result table is removed and every article marked
        unanalyzed, so the analysis that follows recomputes every result.
        Returns one line naming the changed tables, or None when all match
        (results of another analyzer version in matching tables are replaced
        as their articles are analyzed again, see :meth:`save_analysis`).
        """
        stored = self._column_types_of_tables(RESULT_TABLE_PREFIX)
        current = self._scalar(f"SELECT count(*) FROM {ANALYZED.name} WHERE analyzer_version = ?",
                               [analyzer_version])
        changed = []
        for name, schema in schemas.items():
            table = _checked_table_name(name)
            expected = {**column_types(schema), "analyzer_version": "VARCHAR"}
            if (table in stored or current) and stored.get(table, {}) != expected:
                changed.append(table)
        if not changed:
            return None
        analyzed = self._scalar(f"SELECT count(DISTINCT article_id) FROM {ANALYZED.name}")
        # Every result table goes, not only the changed ones: the articles are analyzed again as a whole, and rows
        # left in a matching table would be kept beside their recomputed copies (rows are replaced only for
        # articles marked analyzed).
        with self.transaction() as connection:
            for table in self._result_tables():
                connection.execute(f"DROP TABLE {table}")
            connection.execute(f"DELETE FROM {ANALYZED.name}")
        return (f"the stored results in {', '.join(changed)} were written with other columns than this version "
                f"of the analysis writes: marked out of date; the {analyzed} article(s) analyzed before are "
                "analyzed again (the articles themselves are kept as they were)")

    def save_analysis(self, analyzer_version: str, article_ids: Sequence[str],
                      tables: Mapping[str, pa.Table | pd.DataFrame]) -> None:
        """Store the results of analyzing ``article_ids``, in one transaction.

        ``tables`` maps a result name (``"terms"``) to rows (arrow or pandas)
        whose first column is ``article_id``; the rows are stored in
        ``result_<name>`` with the analyzer version. Results of other analyzer
        versions are deleted: a new version means every article is analyzed
        again, and its tables may have other columns. Rows whose columns differ
        from those stored for this same version raise :class:`StoreError`
        (see :meth:`mark_stale_results`): nothing stored is dropped unasked.
        """
        done = pa.table({"article_id": pa.array(list(article_ids), type=pa.string()),
                         "analyzer_version": pa.array([analyzer_version] * len(article_ids), type=pa.string()),
                         "computed_at": pa.array([dt.datetime.now()] * len(article_ids), type=pa.timestamp("us"))})
        with self.transaction() as connection, self._registered("incoming_analyzed", done):
            stored = self._column_types_of_tables(RESULT_TABLE_PREFIX)
            stale = self._scalar(f"SELECT count(*) FROM {ANALYZED.name} WHERE analyzer_version <> ?",
                                 [analyzer_version])
            if stale:
                connection.execute(f"DELETE FROM {ANALYZED.name} WHERE analyzer_version <> ?", [analyzer_version])
                for table in stored:
                    connection.execute(f"DROP TABLE {table}")
                stored = {}
            # Result rows exist only for analyzed articles: when none of these was, there is nothing
            # to replace, and the per-table deletes (each a scan of the table) are skipped.
            replacing = self._scalar(f"SELECT count(*) FROM {ANALYZED.name} r SEMI JOIN incoming_analyzed i "
                                     "ON r.article_id = i.article_id") > 0
            for name, rows in tables.items():
                table = _checked_table_name(name)
                self._append_result_rows(table, analyzer_version, _as_arrow(rows), stored=stored.get(table, {}),
                                         replacing=replacing)
            connection.execute(f"INSERT OR REPLACE INTO {ANALYZED.name} BY NAME SELECT * FROM incoming_analyzed")

    def _append_result_rows(self, table: str, analyzer_version: str, rows: pa.Table, *, stored: dict[str, str],
                            replacing: bool) -> None:
        version = pa.array([analyzer_version] * rows.num_rows, type=pa.string())
        rows = rows.add_column(1, pa.field("analyzer_version", pa.string()), version)
        connection = self._connection
        with self._registered("incoming_rows", rows):
            if not stored:
                connection.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming_rows LIMIT 0")
            elif stored != _query_column_types(connection, "SELECT * FROM incoming_rows"):
                raise StoreError(f"{table} holds columns {list(stored)} but the results to save have "
                                 f"{rows.column_names} under the same analyzer version {analyzer_version}; "
                                 "run the analysis again (python -m analysis score), which recomputes them")
            if replacing:
                connection.execute(f"DELETE FROM {table} WHERE article_id IN "
                                   "(SELECT article_id FROM incoming_analyzed)")
            connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")

    def has_results(self, name: str) -> bool:
        """Whether result table ``name`` (``"terms"``) exists, i.e. some analysis saved rows for it."""
        return f"{RESULT_TABLE_PREFIX}{name}" in self._result_tables()

    def result_table(self, name: str, analyzer_version: str, *,
                     article_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Rows of result table ``name`` for ``analyzer_version`` (empty if none were saved)."""
        table = f"{RESULT_TABLE_PREFIX}{name}"
        if table not in self._result_tables():
            return pd.DataFrame()
        query = f"SELECT * EXCLUDE (analyzer_version) FROM {table} WHERE analyzer_version = ?"
        with self._id_table([] if article_ids is None else article_ids) as ids:
            if article_ids is not None:
                query += f" AND article_id IN (SELECT article_id FROM {ids})"
            return self._connection.execute(query, [analyzer_version]).df()
