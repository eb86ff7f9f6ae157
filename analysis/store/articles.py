"""Articles in the store: staging an import to Parquet, storing it in one transaction, reading articles back.

Articles are keyed by the hash of their clean text, so the same article
imported twice is stored once. An import is one transaction: if it fails or
is killed part-way, the store is as it was before. Every row written and
every column read is named by :data:`analysis.store.schema.ARTICLES`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.corpus_import import ArticleRecord, ImportProblem
from analysis.offsets import OffsetMap
from analysis.store.connection import StoreConnection, named_rows
from analysis.store.schema import ANALYZED, ARTICLE_COLUMNS, ARTICLES
from analysis.text import CleanArticle, RemovedSpan

_BATCH_ROWS = 1000
# What analysis reads of an article: metadata and clean text (exported to Parquet, streamed in batches).
TEXT_COLUMNS = ("article_id", "outlet", "title", "published", "words", "clean_text")


@dataclass
class ImportSummary:
    """What an import did: counts, and every problem as one line."""

    added: int = 0
    already_stored: int = 0
    duplicates_in_batch: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass(frozen=True)
class StoredArticle:
    """One article as stored: metadata, original and clean text with their map."""

    article_id: str
    outlet: str | None
    title: str | None
    published: dt.date | None
    original_text: str
    clean: CleanArticle
    outlet_evidence: dict[str, object] | None
    date_evidence: dict[str, object] | None


def _detection_json(detection: object) -> str | None:
    if detection is None:
        return None
    return json.dumps({k: getattr(detection, k) for k in ("value", "start", "end", "rule")})


def article_row(record: ArticleRecord, imported_at: dt.datetime) -> dict[str, object]:
    """One row of the article table for ``record``; its keys are exactly the columns of :data:`ARTICLES`."""
    values = {
        "article_id": record.article_id,
        "outlet": record.outlet,
        "outlet_basis": record.outlet_basis,
        "outlet_evidence": _detection_json(record.outlet_evidence),
        "title": record.title,
        "published": record.published,
        "date_basis": record.date_basis,
        "date_evidence": _detection_json(record.date_evidence),
        "source_file": record.source_file,
        "source_row": record.source_row,
        "original_text": record.original_text,
        "clean_text": record.clean.text,
        "offset_map": json.dumps(record.clean.offset_map.to_json()),
        "removed": json.dumps([[r.start, r.end, r.rule] for r in record.clean.removed]),
        "words": record.words,
        "imported_at": imported_at,
    }
    # In the schema's order; a column of the schema missing here fails at once instead of being stored empty.
    return {name: values[name] for name in ARTICLES.names}


def stored_article(row: dict[str, object]) -> StoredArticle:
    """The :class:`StoredArticle` of a row of the article table read by column name."""
    clean = CleanArticle(row["clean_text"], OffsetMap.from_json(json.loads(row["offset_map"])),
                         tuple(RemovedSpan(*span) for span in json.loads(row["removed"])))
    return StoredArticle(article_id=row["article_id"], outlet=row["outlet"], title=row["title"],
                         published=row["published"], original_text=row["original_text"], clean=clean,
                         outlet_evidence=json.loads(row["outlet_evidence"]) if row["outlet_evidence"] else None,
                         date_evidence=json.loads(row["date_evidence"]) if row["date_evidence"] else None)


@dataclass
class StagedImport:
    """Articles read and cleaned, waiting in Parquet files (columns of :data:`ARTICLES`) to be stored."""

    parts: list[Path]
    summary: ImportSummary
    rows: int = 0


def stage_articles(items: Iterable[ArticleRecord | ImportProblem], directory: Path, *,
                   on_progress: Callable[[int], None] | None = None) -> StagedImport:
    """Write the records among ``items`` to Parquet files in ``directory``; collect the problems.

    Reading and cleaning are the slow part of an import; doing them before the
    store is opened keeps the store's lock (one writer at a time) short, so
    the dashboard can read while a large import is being prepared. Records
    repeating an earlier one of the same batch are reported, not staged.
    """
    summary = ImportSummary()
    first_seen: dict[str, str] = {}
    imported_at = dt.datetime.now()
    parts: list[Path] = []
    batch: list[dict[str, object]] = []

    staged_rows = 0

    def flush() -> None:
        nonlocal staged_rows
        staged_rows += len(batch)
        part = directory / f"part-{len(parts):05d}.parquet"
        pq.write_table(pa.Table.from_pylist(batch, schema=ARTICLES.columns), part)
        parts.append(part)
        if on_progress:
            on_progress(len(batch))
        batch.clear()

    for item in items:
        if isinstance(item, ImportProblem):
            summary.problems.append(item)
            continue
        summary.problems.extend(ImportProblem(item.source_file, warning, row=item.source_row, severity="warning")
                                for warning in item.warnings)
        if item.article_id in first_seen:
            summary.duplicates_in_batch += 1
            summary.problems.append(ImportProblem(
                item.source_file, f"same outlet and text as {first_seen[item.article_id]}; stored once",
                row=item.source_row, severity="warning"))
            continue
        first_seen[item.article_id] = f"row {item.source_row}" if item.source_row is not None else item.source_file
        batch.append(article_row(item, imported_at))
        if len(batch) >= _BATCH_ROWS:
            flush()
    if batch:
        flush()
    return StagedImport(parts, summary, staged_rows)


def checked_article_columns(columns: Sequence[str]) -> list[str]:
    unknown = [c for c in columns if c not in ARTICLES.names]
    if unknown:
        raise ValueError(f"columns must be among {ARTICLES.names}; got {unknown}")
    return list(columns)


class ArticleMethods(StoreConnection):
    """Importing and reading articles (part of :class:`analysis.store.Store`)."""

    def import_articles(self, items: Iterable[ArticleRecord | ImportProblem], *,
                        on_progress: Callable[[int], None] | None = None) -> ImportSummary:
        """Stage ``items`` (see :func:`stage_articles`), then store them in one transaction."""
        with tempfile.TemporaryDirectory(prefix=".import-", dir=self.path.parent) as staging:
            staged = stage_articles(items, Path(staging), on_progress=on_progress)
            return self.import_staged(staged)

    def import_staged(self, staged: StagedImport) -> ImportSummary:
        """Store staged articles in one transaction; those already stored are counted, not stored again.

        If anything raises, the transaction is rolled back and the store is
        left as it was.
        """
        summary = staged.summary
        with self.transaction() as connection:
            # Part by part, each checked against the stored ids with a hash join: the time is
            # linear in the rows, and DuckDB holds one part in memory at a time, not the import.
            for part in staged.parts:
                counts = named_rows(connection.execute(
                    "SELECT count(*) AS staged, count(a.article_id) AS stored FROM read_parquet(?) p "
                    f"LEFT JOIN {ARTICLES.name} a ON a.article_id = p.article_id", [str(part)]))[0]
                summary.already_stored += counts["stored"]
                summary.added += counts["staged"] - counts["stored"]
                connection.execute(f"INSERT INTO {ARTICLES.name} BY NAME SELECT p.* FROM read_parquet(?) p "
                                   f"ANTI JOIN {ARTICLES.name} a ON a.article_id = p.article_id", [str(part)])
        return summary

    def article_count(self) -> int:
        return self._scalar(f"SELECT count(*) FROM {ARTICLES.name}")

    def articles(self, *, columns: Sequence[str] = ARTICLE_COLUMNS) -> pd.DataFrame:
        """One row per article with the given columns, ordered by outlet and date."""
        selected = ", ".join(checked_article_columns(columns))
        return self._connection.execute(
            f"SELECT {selected} FROM {ARTICLES.name} ORDER BY outlet, published, article_id").df()

    def article(self, article_id: str) -> StoredArticle | None:
        """Everything stored about one article, or None."""
        rows = named_rows(self._connection.execute(
            f"SELECT {', '.join(ARTICLES.names)} FROM {ARTICLES.name} WHERE article_id = ?",
            [article_id]))
        return stored_article(rows[0]) if rows else None

    def iter_texts(self, *, batch_rows: int = _BATCH_ROWS,
                   article_ids: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
        """Articles' ids, outlets and clean texts in batches, for streaming analysis."""
        query = f"SELECT {', '.join(TEXT_COLUMNS)} FROM {ARTICLES.name}"
        with self._id_table([] if article_ids is None else article_ids) as ids:
            if article_ids is not None:
                query += f" WHERE article_id IN (SELECT article_id FROM {ids})"
            relation = self._connection.sql(query + " ORDER BY article_id")
            for batch in relation.to_arrow_reader(batch_rows):
                yield batch.to_pandas()

    def export_unanalyzed_texts(self, path: str | os.PathLike[str], analyzer_version: str, *,
                                row_group_rows: int = 10_000) -> int:
        """Write the ids, metadata and clean texts of the articles with no results for
        ``analyzer_version`` to a Parquet file, so analysis does not hold the store while it runs.

        One anti-join in the database, so the ids never travel through Python.
        Returns the number of rows written.
        """
        query = (f"SELECT {', '.join(f'a.{name}' for name in TEXT_COLUMNS)} FROM {ARTICLES.name} a "
                 f"ANTI JOIN (SELECT article_id FROM {ANALYZED.name} WHERE analyzer_version = ?) r "
                 "ON a.article_id = r.article_id ORDER BY a.article_id")
        self._copy_to_parquet(query, path, [analyzer_version], row_group_rows=row_group_rows)
        return pq.ParquetFile(path).metadata.num_rows

    def _copy_to_parquet(self, query: str, path: str | os.PathLike[str], parameters: Sequence[object] = (), *,
                         row_group_rows: int = 10_000) -> None:
        # Row groups bound what a reader of the file (a batch iterator, a Dask task) holds at once.
        target = str(path).replace("'", "''")
        self._connection.execute(
            f"COPY ({query}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE {int(row_group_rows)})",
            list(parameters))

    def unanalyzed_ids(self, analyzer_version: str) -> list[str]:
        """Ids of articles with no results for ``analyzer_version``."""
        rows = self._connection.execute(
            f"SELECT a.article_id FROM {ARTICLES.name} a ANTI JOIN {ANALYZED.name} r "
            "ON a.article_id = r.article_id AND r.analyzer_version = ? ORDER BY a.article_id",
            [analyzer_version])
        return [row["article_id"] for row in named_rows(rows)]
