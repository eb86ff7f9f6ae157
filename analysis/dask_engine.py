"""The per-article analysis over a Dask cluster: ``python -m analysis score --engine dask``.

The unit of work is the local engine's, :func:`analysis.pipeline.analyze_frame`
on a partition of articles, so both engines store identical results; only
where the work runs differs.

How a run goes
--------------
1. The texts with no results for the analyzer's version are exported from the
   store to Parquet (one anti-join in DuckDB); the store is not held while
   the cluster works, so the dashboard can read it.
2. The client reads that file one partition (``partition_rows`` articles) at a
   time and submits it to the cluster. At most two partitions per worker
   thread are in flight, so memory stays bounded on the client and the
   workers however large the corpus.
3. A worker analyzes its partition and returns each result table as Parquet
   (bytes): compressed on the wire, and typed as the local engine's tables.
4. The client stores each partition's tables in one short transaction as they
   arrive, so an interrupted run keeps what it finished.

Why futures, not ``dask.dataframe``'s ``read_parquet``/``map_partitions``/
``to_parquet``: those read and write paths on the workers, which would need a
filesystem shared by the client and every worker, and one partition yields
six tables, not one frame. Here texts go to the workers and results come back
through the scheduler, so a worker needs no access to the store or its files.

What workers need: this project and its pinned requirements, at the same
versions as the client (the bundled word lists and rules are read on the
worker; a worker whose data files differ says so instead of storing results
under the wrong version). A user's extra lexicon files travel by content, not
by path, so they need not exist on the workers.
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.pipeline import AnalysisRun, Analyzer, analyze_frame, export_unanalyzed, make_analyzer
from analysis.store import Store

# Partitions in flight per worker thread: one running, one queued, so no worker waits for the client.
_IN_FLIGHT_PER_THREAD = 2


class WorkerMismatchError(RuntimeError):
    """A Dask worker's analysis data or code differs from the client's."""


@dataclass(frozen=True)
class ShippedAnalyzer:
    """An :class:`~analysis.pipeline.Analyzer` as sent to workers: its extra lexicons by content.

    ``lexicons`` holds (file name, bytes) of each extra lexicon file, in order.
    """

    version: str
    lexicons: tuple[tuple[str, bytes], ...]

    @classmethod
    def of(cls, analyzer: Analyzer) -> ShippedAnalyzer:
        return cls(analyzer.version, tuple((Path(p).name, Path(p).read_bytes()) for p in analyzer.extra_lexicons))


@functools.lru_cache(maxsize=4)
def analyzer_on_worker(shipped: ShippedAnalyzer) -> Analyzer:
    """The analyzer rebuilt from shipped lexicon contents, checked against the client's version.

    Each lexicon is written under its own name (names are part of the
    version) in a private folder of the worker, once per worker process.
    """
    folder = Path(tempfile.mkdtemp(prefix="source-bias-lexicons-"))
    paths = []
    for index, (name, contents) in enumerate(shipped.lexicons):
        path = folder / str(index) / name
        path.parent.mkdir()
        path.write_bytes(contents)
        paths.append(path)
    analyzer = make_analyzer(paths)
    if analyzer.version != shipped.version:
        raise WorkerMismatchError(
            f"a Dask worker's analyzer version is {analyzer.version}, the client's {shipped.version}: "
            "install the same version of this project and its requirements on the workers")
    return analyzer


def analyze_partition(frame: pd.DataFrame, shipped: ShippedAnalyzer) -> dict[str, bytes]:
    """Result tables of a partition (``article_id``, ``outlet``, ``clean_text``) as Parquet bytes; runs on a worker."""
    tables = analyze_frame(frame, analyzer_on_worker(shipped))
    return {name: _parquet_bytes(table) for name, table in tables.items()}


def _parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _table(data: bytes) -> pa.Table:
    # The file keeps the arrow schema the worker's table had (analysis.pipeline.result_schemas).
    return pq.read_table(io.BytesIO(data))


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[object]:
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # Processes, one thread each: the analysis is pure Python, so threads would share one core.
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def analyze_store_on_dask(store_path: str | os.PathLike[str], analyzer: Analyzer, *, scheduler: str | None = None,
                          workers: int | None = None, partition_rows: int = 250,
                          on_progress: Callable[[int], None] | None = None) -> AnalysisRun:
    """Analyze every stored article with no results for ``analyzer.version``, on a Dask cluster.

    Parameters
    ----------
    store_path : path
        The store; results are saved in it one partition per transaction.
    analyzer : Analyzer
        From :func:`analysis.pipeline.make_analyzer`.
    scheduler : str, optional, keyword-only
        A running scheduler's address (``tcp://host:8786``). None: a local
        cluster of ``workers`` processes (default one per core), closed after.
    workers : int, optional, keyword-only
        Worker processes of the local cluster; ignored with ``scheduler``.
    partition_rows : int, keyword-only
        Articles per task.
    on_progress : callable, optional, keyword-only
        Called with the number of articles of each saved partition.

    Returns
    -------
    AnalysisRun
        Articles analyzed now, and those whose results were already stored.
    """
    if not isinstance(partition_rows, int) or partition_rows < 1:
        raise ValueError(f"partition_rows must be a positive whole number; got {partition_rows!r}")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive whole number or None; got {workers!r}")
    store_path = Path(store_path)
    shipped = ShippedAnalyzer.of(analyzer)
    with tempfile.TemporaryDirectory(prefix=".analyze-", dir=store_path.parent) as directory:
        export = Path(directory) / "texts.parquet"
        pending, cached, notice = export_unanalyzed(store_path, analyzer, export)
        if pending:
            with _client(scheduler, workers) as client:
                _run_partitions(client, store_path, analyzer, shipped, export, partition_rows, on_progress)
    return AnalysisRun(analyzed=pending, cached=cached, notice=notice)


def _run_partitions(client, store_path: Path, analyzer: Analyzer, shipped: ShippedAnalyzer, export: Path,
                    partition_rows: int, on_progress: Callable[[int], None] | None) -> None:
    from distributed import wait

    limit = _IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
    shipped_future = client.scatter(shipped, broadcast=True)  # lexicons sent once per worker, not per task
    running: dict[object, list[str]] = {}

    def save_finished() -> None:
        done, _ = wait(list(running), return_when="FIRST_COMPLETED")
        for future in done:
            ids = running.pop(future)
            tables = {name: _table(data) for name, data in future.result().items()}
            with Store(store_path) as store:
                store.save_analysis(analyzer.version, ids, tables)
            if on_progress:
                on_progress(len(ids))

    for batch in pq.ParquetFile(export).iter_batches(batch_size=partition_rows,
                                                     columns=["article_id", "outlet", "clean_text"]):
        while len(running) >= limit:
            save_finished()
        frame = batch.to_pandas()
        future = client.submit(analyze_partition, frame, shipped_future, pure=False)
        running[future] = frame["article_id"].tolist()
    while running:
        save_finished()
