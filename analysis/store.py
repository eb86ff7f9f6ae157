"""The article store: an embedded DuckDB database file.

DuckDB because the dashboard's work is analytics (group by outlet, filter by
date, aggregate over hundreds of thousands of rows) and it does that in
process, from one file, with transactions, and reads and writes Parquet.

Articles are keyed by the hash of their clean text, so the same article
imported twice is stored once. An import is one transaction: if it fails or
is killed part-way, the store is as it was before. Analysis results are
cached by (article id, analyzer version), so nothing unchanged is recomputed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.corpus_import import ArticleRecord, ImportProblem
from analysis.offsets import OffsetMap
from analysis.text import CleanArticle, RemovedSpan

STORE_ENV = "SOURCE_BIAS_STORE"
SCHEMA_VERSION = 1
_BATCH_ROWS = 1000
_LOCK_RETRY_SECONDS = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,
    outlet VARCHAR,
    outlet_basis VARCHAR NOT NULL,
    outlet_evidence VARCHAR,
    title VARCHAR,
    published DATE,
    date_basis VARCHAR NOT NULL,
    date_evidence VARCHAR,
    source_file VARCHAR NOT NULL,
    source_row INTEGER,
    original_text VARCHAR NOT NULL,
    clean_text VARCHAR NOT NULL,
    offset_map VARCHAR NOT NULL,
    removed VARCHAR NOT NULL,
    words INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS analyzed (
    article_id VARCHAR NOT NULL,
    analyzer_version VARCHAR NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (article_id, analyzer_version)
);
"""

# Tables of analysis results: each row has article_id and analyzer_version first.
# They are created from the first results saved, so the analysis layer owns their columns.
RESULT_TABLE_PREFIX = "result_"

ARTICLE_COLUMNS = ("article_id", "outlet", "outlet_basis", "title", "published", "date_basis",
                   "source_file", "source_row", "words", "imported_at")


# Stories (analysis.stories.group_stories over every stored article), saved when articles are analyzed.
# The table's columns are made from this schema, and rows are checked against it, so they cannot drift apart.
STORY_TABLE = "story_groups"
STORY_SCHEMA = pa.schema([("article_id", pa.string()), ("story_id", pa.int64()), ("story_size", pa.int64()),
                          ("story_label", pa.string())])
_DUCKDB_TYPES = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.float64(): "DOUBLE",
                 pa.bool_(): "BOOLEAN"}


def create_table_sql(name: str, schema: pa.Schema) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for ``schema``: the one place a derived table's columns are written."""
    columns = ", ".join(f"{field.name} {_DUCKDB_TYPES[field.type]}" for field in schema)
    return f"CREATE TABLE IF NOT EXISTS {name} ({columns})"


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says what to do."""


def default_store_path() -> Path:
    """``$SOURCE_BIAS_STORE`` if set, else ``data/store.duckdb`` in the project folder."""
    if configured := os.environ.get(STORE_ENV):
        return Path(configured).expanduser()
    return Path(__file__).resolve().parents[1] / "data" / "store.duckdb"


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


def _detection_json(detection: object) -> str | None:
    if detection is None:
        return None
    return json.dumps({k: getattr(detection, k) for k in ("value", "start", "end", "rule")})


def _record_row(record: ArticleRecord, imported_at: dt.datetime) -> dict[str, object]:
    return {
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


_STAGED_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("outlet", pa.string()), ("outlet_basis", pa.string()),
    ("outlet_evidence", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("date_basis", pa.string()), ("date_evidence", pa.string()), ("source_file", pa.string()),
    ("source_row", pa.int32()), ("original_text", pa.string()), ("clean_text", pa.string()),
    ("offset_map", pa.string()), ("removed", pa.string()), ("words", pa.int32()),
    ("imported_at", pa.timestamp("us")),
])


@dataclass
class StagedImport:
    """Articles read and cleaned, waiting in Parquet files to be stored."""

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
        pq.write_table(pa.Table.from_pylist(batch, schema=_STAGED_SCHEMA), part)
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
        batch.append(_record_row(item, imported_at))
        if len(batch) >= _BATCH_ROWS:
            flush()
    if batch:
        flush()
    return StagedImport(parts, summary, staged_rows)


def damaged_store_message(path: Path, error: Exception) -> str:
    """One line: the file, the problem, and how to rebuild the store (the README says the same)."""
    first_line = str(error).splitlines()[0].rstrip(".!") if str(error) else type(error).__name__
    store_option = "" if path.resolve() == default_store_path().resolve() else f" --store {path}"
    wal = path.with_name(path.name + ".wal")
    with_wal = f" (move {wal.name} aside too)" if wal.exists() else ""
    message = (f"cannot open the store {path}: {first_line}. If the file is damaged, move it aside and "
               f"rebuild it from your files: python -m analysis import corpus [YOUR FILES...]{store_option}"
               f"{with_wal}")
    return " ".join(message.split())  # one line, whatever DuckDB's message held


class Store:
    """A DuckDB file of articles and cached analysis results.

    Use as a context manager; each instance holds one connection. Writers
    wait (up to ``lock_timeout`` seconds) for another process holding the
    file to finish rather than failing at once.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 lock_timeout: float = _LOCK_RETRY_SECONDS) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}: import articles first "
                             "(python -m analysis import corpus)")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = self._connect(lock_timeout)
        try:
            # A file cut short (a copy or download interrupted) opens, since DuckDB reads only its
            # header, and fails at the first block it reads past the end. The header says how many
            # blocks are in use: a file too short to hold them all is certainly cut short. (The
            # total block count would also flag healthy files, whose trailing free blocks DuckDB
            # trims.) With a write-ahead log beside it, blocks replayed from the log are not in the
            # file yet, so the check is skipped. Shorter cuts surface at the first read, as the
            # same one-line message (see analysis.cli.main).
            _, _, block_size, _, used_blocks, *_ = self._connection.execute("PRAGMA database_size").fetchall()[0]
            wal = self.path.with_name(self.path.name + ".wal")
            needed = int(block_size) * int(used_blocks)
            if not wal.exists() and self.path.stat().st_size < needed:
                raise duckdb.IOException(f"the file has {self.path.stat().st_size} bytes but its blocks need "
                                         f"{needed}: it was cut short")
            if not read_only:
                self._connection.execute(_SCHEMA)
                self._connection.execute(create_table_sql(STORY_TABLE, STORY_SCHEMA))
                self._connection.execute(
                    "INSERT OR IGNORE INTO store_info VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        except duckdb.Error as error:
            self._connection.close()
            raise StoreError(self._damaged_message(error)) from None

    def _connect(self, lock_timeout: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + lock_timeout
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as error:
                if "lock" in str(error).lower() and time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                if "lock" in str(error).lower():
                    raise StoreError(f"the store {self.path} is in use by another program "
                                     f"(waited {lock_timeout:g} s); try again when it has finished") from None
                raise StoreError(self._damaged_message(error)) from None
            except duckdb.Error as error:
                raise StoreError(self._damaged_message(error)) from None

    def _damaged_message(self, error: Exception) -> str:
        return damaged_store_message(self.path, error)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- articles -------------------------------------------------------------

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
        connection = self._connection
        connection.execute("BEGIN TRANSACTION")
        try:
            # Part by part, each checked against the stored ids with a hash join: the time is
            # linear in the rows, and DuckDB holds one part in memory at a time, not the import.
            for part in staged.parts:
                counts = connection.execute(
                    "SELECT count(*), count(a.article_id) FROM read_parquet(?) p "
                    "LEFT JOIN articles a ON a.article_id = p.article_id", [str(part)]).fetchall()[0]
                summary.already_stored += counts[1]
                summary.added += counts[0] - counts[1]
                connection.execute("INSERT INTO articles SELECT p.* FROM read_parquet(?) p "
                                   "ANTI JOIN articles a ON a.article_id = p.article_id", [str(part)])
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return summary

    def _scalar(self, query: str, parameters: Sequence[object] = ()) -> object:
        # fetchall, not fetchone: DuckDB keeps a half-read result open and refuses other work.
        return self._connection.execute(query, list(parameters)).fetchall()[0][0]

    @contextmanager
    def _id_table(self, article_ids: Iterable[str]) -> Iterator[str]:
        """``article_ids`` as a one-column view (its name is yielded), for joins.

        Filtering with ``IN (SELECT article_id FROM view)`` is a hash join,
        linear in rows plus ids; ``list_contains(?, article_id)`` compares
        every row with every id, which at 100,000 articles takes hours.
        """
        name = f"ids_{uuid.uuid4().hex}"
        ids = pa.table({"article_id": pa.array(list(article_ids), type=pa.string())})
        self._connection.register(name, ids)
        try:
            yield name
        finally:
            self._connection.unregister(name)

    def article_count(self) -> int:
        return self._scalar("SELECT count(*) FROM articles")

    def articles(self, *, columns: Sequence[str] = ARTICLE_COLUMNS) -> pd.DataFrame:
        """One row per article with the given columns, ordered by outlet and date."""
        selected = ", ".join(_checked_columns(columns))
        return self._connection.execute(
            f"SELECT {selected} FROM articles ORDER BY outlet, published, article_id").df()

    def article(self, article_id: str) -> StoredArticle | None:
        """Everything stored about one article, or None."""
        row = self._connection.execute(
            "SELECT article_id, outlet, title, published, original_text, clean_text, offset_map, removed, "
            "outlet_evidence, date_evidence FROM articles WHERE article_id = ?", [article_id]).fetchall()
        if not row:
            return None
        row = row[0]
        clean = CleanArticle(row[5], OffsetMap.from_json(json.loads(row[6])),
                             tuple(RemovedSpan(*span) for span in json.loads(row[7])))
        return StoredArticle(article_id=row[0], outlet=row[1], title=row[2], published=row[3],
                             original_text=row[4], clean=clean,
                             outlet_evidence=json.loads(row[8]) if row[8] else None,
                             date_evidence=json.loads(row[9]) if row[9] else None)

    def iter_texts(self, *, batch_rows: int = _BATCH_ROWS,
                   article_ids: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
        """Articles' ids, outlets and clean texts in batches, for streaming analysis."""
        query = "SELECT article_id, outlet, title, published, words, clean_text FROM articles"
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
        query = ("SELECT a.article_id, a.outlet, a.title, a.published, a.words, a.clean_text FROM articles a "
                 "ANTI JOIN (SELECT article_id FROM analyzed WHERE analyzer_version = ?) r "
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

    def delete_articles(self, article_ids: Sequence[str]) -> int:
        """Delete articles and their analysis results; returns how many were deleted."""
        connection = self._connection
        with self._id_table(article_ids) as ids:
            connection.execute("BEGIN TRANSACTION")
            try:
                # A deleted article may have joined two stories: the stories are regrouped at the next analysis
                # (until then the dashboard groups the shown articles itself, see stories_are_current).
                connection.execute(f"DELETE FROM {STORY_TABLE}")
                for table in ["analyzed", *self._result_tables()]:
                    connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM {ids})")
                deleted = connection.execute(f"DELETE FROM articles WHERE article_id IN "
                                             f"(SELECT article_id FROM {ids}) RETURNING article_id").fetchall()
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return len(deleted)

    # --- cached analysis --------------------------------------------------------

    def _result_tables(self) -> list[str]:
        rows = self._connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE starts_with(table_name, ?) ORDER BY 1",
            [RESULT_TABLE_PREFIX]).fetchall()
        return [row[0] for row in rows]

    def unanalyzed_ids(self, analyzer_version: str) -> list[str]:
        """Ids of articles with no results for ``analyzer_version``."""
        rows = self._connection.execute(
            "SELECT a.article_id FROM articles a ANTI JOIN analyzed r "
            "ON a.article_id = r.article_id AND r.analyzer_version = ? ORDER BY a.article_id",
            [analyzer_version]).fetchall()
        return [row[0] for row in rows]

    def save_analysis(self, analyzer_version: str, article_ids: Sequence[str],
                      tables: Mapping[str, pd.DataFrame]) -> None:
        """Store the results of analyzing ``article_ids``, in one transaction.

        ``tables`` maps a result name (``"terms"``) to rows whose first
        columns are ``article_id``; the rows are stored in ``result_<name>``
        with the analyzer version. Results of other analyzer versions are
        deleted: a new version means every article is analyzed again, and
        its tables may have other columns.
        """
        connection = self._connection
        connection.execute("BEGIN TRANSACTION")
        try:
            stale = self._scalar("SELECT count(*) FROM analyzed WHERE analyzer_version <> ?", [analyzer_version])
            if stale:
                connection.execute("DELETE FROM analyzed WHERE analyzer_version <> ?", [analyzer_version])
                for table in self._result_tables():
                    connection.execute(f"DROP TABLE {table}")
            done = pd.DataFrame({"article_id": list(article_ids), "analyzer_version": analyzer_version,
                                 "computed_at": dt.datetime.now()})
            connection.register("incoming_analyzed", done)
            try:
                # Result rows exist only for analyzed articles: when none of these was, there is nothing
                # to replace, and the per-table deletes (each a scan of the table) are skipped.
                replacing = self._scalar("SELECT count(*) FROM analyzed r SEMI JOIN incoming_analyzed i "
                                         "ON r.article_id = i.article_id") > 0
                for name, frame in tables.items():
                    self._append_result_rows(f"{RESULT_TABLE_PREFIX}{name}", analyzer_version, frame,
                                             replacing=replacing)
                connection.execute("INSERT OR REPLACE INTO analyzed SELECT * FROM incoming_analyzed")
            finally:
                connection.unregister("incoming_analyzed")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _append_result_rows(self, table: str, analyzer_version: str, frame: pd.DataFrame, *,
                            replacing: bool = True) -> None:
        if not table.replace("_", "").isalnum():
            raise ValueError(f"result table names are letters, digits and underscores; got {table!r}")
        rows = frame.copy()
        rows.insert(1, "analyzer_version", analyzer_version)
        connection = self._connection
        connection.register("incoming_rows", rows)
        try:
            existing = self._result_tables()
            if table in existing:
                columns = [row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall()]
                if columns != list(rows.columns):
                    connection.execute(f"DROP TABLE {table}")
                    existing.remove(table)
            if table not in existing:
                connection.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming_rows LIMIT 0")
            if replacing:
                connection.execute(f"DELETE FROM {table} WHERE article_id IN "
                                   "(SELECT article_id FROM incoming_analyzed)")
            connection.execute(f"INSERT INTO {table} SELECT * FROM incoming_rows")
        finally:
            connection.unregister("incoming_rows")

    # --- stories --------------------------------------------------------------------

    def save_stories(self, stories: pd.DataFrame) -> None:
        """Replace the stored stories by ``stories`` (one row per article, the columns of :data:`STORY_SCHEMA`)
        in one transaction."""
        rows = pa.Table.from_pandas(stories[STORY_SCHEMA.names], schema=STORY_SCHEMA, preserve_index=False)
        connection = self._connection
        connection.register("incoming_stories", rows)
        connection.execute("BEGIN TRANSACTION")
        try:
            connection.execute(f"DELETE FROM {STORY_TABLE}")
            connection.execute(f"INSERT INTO {STORY_TABLE} SELECT * FROM incoming_stories")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        finally:
            connection.unregister("incoming_stories")

    def stories_are_current(self) -> bool:
        """Whether every stored article has a stored story (none was imported or deleted since the grouping)."""
        if self.read_only and not self._scalar("SELECT count(*) FROM information_schema.tables "
                                               "WHERE table_name = ?", [STORY_TABLE]):
            return False
        return self._scalar(f"SELECT count(*) FROM articles ANTI JOIN {STORY_TABLE} USING (article_id)") == 0 \
            and self._scalar(f"SELECT count(*) FROM {STORY_TABLE}") == self.article_count()

    def has_results(self, name: str) -> bool:
        """Whether result table ``name`` (``"terms"``) exists, i.e. some analysis saved rows for it."""
        return f"{RESULT_TABLE_PREFIX}{name}" in self._result_tables()

    def query(self, sql: str, parameters: Sequence[object] | Mapping[str, object] = ()) -> pd.DataFrame:
        """The rows of a read-only ``sql`` query (``?`` or ``$name`` parameters) as a DataFrame: for
        :mod:`analysis.aggregates`, which aggregates in the store so that only per-outlet figures (or one row
        per article) reach Python."""
        values = dict(parameters) if isinstance(parameters, Mapping) else list(parameters)
        return self._connection.execute(sql, values).df()

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


_ALL_ARTICLE_COLUMNS = ("article_id", "outlet", "outlet_basis", "outlet_evidence", "title", "published",
                        "date_basis", "date_evidence", "source_file", "source_row", "original_text",
                        "clean_text", "offset_map", "removed", "words", "imported_at")


def _checked_columns(columns: Sequence[str]) -> list[str]:
    unknown = [c for c in columns if c not in _ALL_ARTICLE_COLUMNS]
    if unknown:
        raise ValueError(f"columns must be among {_ALL_ARTICLE_COLUMNS}; got {unknown}")
    return list(columns)
