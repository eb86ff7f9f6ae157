"""The article store: an embedded DuckDB database file.

DuckDB because the dashboard's work is analytics (group by outlet, filter by
date, aggregate over hundreds of thousands of rows) and it does that in
process, from one file, with transactions, and reads and writes Parquet.

Modules: :mod:`~analysis.store.schema` (every stored table's columns, once),
:mod:`~analysis.store.connection` (opening the file, locks, damage checks),
:mod:`~analysis.store.articles` (import and reading of articles),
:mod:`~analysis.store.results` (analysis results cached by article and
analyzer version, and what happens to results of an older layout),
:mod:`~analysis.store.stories` (the stored story grouping). :class:`Store`
joins them; import everything from ``analysis.store``.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.store.articles import (
    ArticleMethods,
    ImportSummary,
    StagedImport,
    StoredArticle,
    stage_articles,
)
from analysis.store.connection import STORE_ENV, StoreError, damaged_store_message, default_store_path
from analysis.store.results import ResultMethods
from analysis.store.schema import (
    ANALYZED,
    ARTICLE_COLUMNS,
    ARTICLES,
    RESULT_TABLE_PREFIX,
    SCHEMA_VERSION,
    STORIES,
    STORY_SCHEMA,
    STORY_TABLE,
    create_table_sql,
)
from analysis.store.stories import StoryMethods

__all__ = ["ARTICLE_COLUMNS", "RESULT_TABLE_PREFIX", "SCHEMA_VERSION", "STORE_ENV", "STORY_SCHEMA", "STORY_TABLE",
           "ImportSummary", "StagedImport", "Store", "StoreError", "StoredArticle", "create_table_sql",
           "damaged_store_message", "default_store_path", "stage_articles"]


class Store(ArticleMethods, ResultMethods, StoryMethods):
    """A DuckDB file of articles, cached analysis results and stories.

    Use as a context manager; each instance holds one connection. Writers
    wait (up to ``lock_timeout`` seconds) for another process holding the
    file to finish rather than failing at once.
    """

    def __enter__(self) -> Store:
        return self

    def delete_articles(self, article_ids: Sequence[str]) -> int:
        """Delete articles, their analysis results and the stored stories; returns how many were deleted."""
        with self._id_table(article_ids) as ids, self.transaction() as connection:
            # A deleted article may have joined two stories: the stories are regrouped at the next analysis
            # (until then the dashboard groups the shown articles itself, see stories_are_current).
            connection.execute(f"DELETE FROM {STORIES.name}")
            for table in [ANALYZED.name, *self._result_tables()]:
                connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM {ids})")
            deleted = connection.execute(f"DELETE FROM {ARTICLES.name} WHERE article_id IN "
                                         f"(SELECT article_id FROM {ids}) RETURNING article_id").fetchall()
        return len(deleted)
