"""Stored stories: the grouping of every stored article (:func:`analysis.stories.regroup_store`)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from analysis.store.connection import StoreConnection
from analysis.store.schema import ARTICLES, STORIES


class StoryMethods(StoreConnection):
    """Saving and checking the stored stories (part of :class:`analysis.store.Store`)."""

    def save_stories(self, stories: pd.DataFrame) -> None:
        """Replace the stored stories by ``stories`` (one row per article, the columns of
        :data:`analysis.store.schema.STORIES`) in one transaction."""
        rows = pa.Table.from_pandas(stories[list(STORIES.names)], schema=STORIES.columns, preserve_index=False)
        with self._registered("incoming_stories", rows), self.transaction() as connection:
            connection.execute(f"DELETE FROM {STORIES.name}")
            connection.execute(f"INSERT INTO {STORIES.name} BY NAME SELECT * FROM incoming_stories")

    def stories_are_current(self) -> bool:
        """Whether every stored article has a stored story (none was imported or deleted since the grouping)."""
        if self.read_only and not self.stored_column_types(STORIES.name):
            return False
        return self._scalar(f"SELECT count(*) FROM {ARTICLES.name} ANTI JOIN {STORIES.name} USING (article_id)") \
            == 0 and self._scalar(f"SELECT count(*) FROM {STORIES.name}") == self.article_count()
