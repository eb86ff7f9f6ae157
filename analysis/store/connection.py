"""Opening the store file: the lock, damage checks, the fixed tables, transactions and helpers shared by the
article, result and story methods of :class:`analysis.store.Store`."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.store.schema import ARTICLES, FIXED_TABLES, SCHEMA_VERSION, STORE_INFO, column_types

STORE_ENV = "SOURCE_BIAS_STORE"
_LOCK_RETRY_SECONDS = 10.0


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says what to do."""


def default_store_path() -> Path:
    """``$SOURCE_BIAS_STORE`` if set, else ``data/store.duckdb`` in the project folder."""
    if configured := os.environ.get(STORE_ENV):
        return Path(configured).expanduser()
    return Path(__file__).resolve().parents[2] / "data" / "store.duckdb"


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


def named_rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """The rows of an executed query as dicts keyed by column name: columns are read by name, never by position."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class StoreConnection:
    """One DuckDB connection to the store file, with the fixed tables of :mod:`analysis.store.schema`.

    Use as a context manager. Writers wait (up to ``lock_timeout`` seconds)
    for another process holding the file to finish rather than failing at once.
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
        existed = self.path.exists()
        self._connection = self._connect(lock_timeout)
        try:
            self._check_length()
            if existed:  # a new file has nothing to check
                self._check_article_table()
            if not read_only:
                for table in FIXED_TABLES:
                    self._connection.execute(table.create_sql())
                self._connection.execute(f"INSERT OR IGNORE INTO {STORE_INFO.name} BY NAME "
                                         "SELECT 'schema_version' AS key, ? AS value", [str(SCHEMA_VERSION)])
        except duckdb.Error as error:
            self._connection.close()
            raise StoreError(self._damaged_message(error)) from None
        except StoreError:
            self._connection.close()
            raise

    def _check_length(self) -> None:
        # A file cut short (a copy or download interrupted) opens, since DuckDB reads only its
        # header, and fails at the first block it reads past the end. The header says how many
        # blocks are in use: a file too short to hold them all is certainly cut short. (The
        # total block count would also flag healthy files, whose trailing free blocks DuckDB
        # trims.) With a write-ahead log beside it, blocks replayed from the log are not in the
        # file yet, so the check is skipped. Shorter cuts surface at the first read, as the
        # same one-line message (see analysis.cli.main).
        size = named_rows(self._connection.execute("PRAGMA database_size"))[0]
        wal = self.path.with_name(self.path.name + ".wal")
        needed = int(size["block_size"]) * int(size["used_blocks"])
        if not wal.exists() and self.path.stat().st_size < needed:
            raise duckdb.IOException(f"the file has {self.path.stat().st_size} bytes but its blocks need "
                                     f"{needed}: it was cut short")

    def _check_article_table(self) -> None:
        """Articles are never rewritten: a store whose article table has other columns is refused, untouched."""
        stored = self.stored_column_types(ARTICLES.name)
        if stored and stored != column_types(ARTICLES.columns):
            differing = sorted(set(stored.items()) ^ set(column_types(ARTICLES.columns).items()))
            raise StoreError(f"the store {self.path} keeps its articles in other columns than this version reads "
                             f"({', '.join(f'{name} {kind}' for name, kind in differing)}); it was left as it is: "
                             "open it with the version that wrote it")

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

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: committed when the block ends, rolled back if anything raises (the store is left
        as it was)."""
        connection = self._connection
        connection.execute("BEGIN TRANSACTION")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    @contextmanager
    def _registered(self, name: str, rows: pa.Table | pd.DataFrame) -> Iterator[str]:
        self._connection.register(name, rows)
        try:
            yield name
        finally:
            self._connection.unregister(name)

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
        ids = pa.table({"article_id": pa.array(list(article_ids), type=pa.string())})
        with self._registered(f"ids_{uuid.uuid4().hex}", ids) as name:
            yield name

    def stored_column_types(self, table: str) -> dict[str, str]:
        """Column name -> DuckDB type of a stored table, in column order; empty if there is no such table."""
        # DESCRIBE, not a catalog function: the first of those on a connection takes ~50 ms, and this runs at
        # every opening of the store (the article table's check).
        try:
            rows = named_rows(self._connection.execute(f"DESCRIBE {table}"))
        except duckdb.CatalogException:
            return {}
        return {row["column_name"]: row["column_type"] for row in rows}

    def _column_types_of_tables(self, prefix: str) -> dict[str, dict[str, str]]:
        """Column name -> DuckDB type of every stored table whose name starts with ``prefix``, by table name."""
        # One query for all of them: every save of results checks its tables.
        rows = self._connection.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE starts_with(table_name, ?) "
            "AND database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index",
            [prefix])
        tables: dict[str, dict[str, str]] = {}
        for row in named_rows(rows):
            tables.setdefault(row["table_name"], {})[row["column_name"]] = row["data_type"]
        return tables

    def query(self, sql: str, parameters: Sequence[object] | Mapping[str, object] = ()) -> pd.DataFrame:
        """The rows of a read-only ``sql`` query (``?`` or ``$name`` parameters) as a DataFrame: for
        :mod:`analysis.aggregates`, which aggregates in the store so that only per-outlet figures (or one row
        per article) reach Python."""
        values = dict(parameters) if isinstance(parameters, Mapping) else list(parameters)
        return self._connection.execute(sql, values).df()
