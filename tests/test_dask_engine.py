"""The Dask engine: same results as the local engine, lexicons shipped by content, bounded inputs."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.cli import main
from analysis.dask_engine import (
    ShippedAnalyzer,
    WorkerMismatchError,
    analyze_partition,
    analyze_store_on_dask,
    analyzer_on_worker,
)
from analysis.pipeline import RESULT_NAMES, analyze_frame, analyze_store, make_analyzer, score_table
from analysis.store import Store


@pytest.fixture(scope="module")
def analyzer():
    return make_analyzer()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    # Partitions finish in any order; within an article, rows keep the analyzer's order.
    return frame.sort_values("article_id", kind="stable").reset_index(drop=True)


@pytest.mark.slow
def test_dask_scores_equal_local_scores_on_fakes(analyzer, fakes_store_copy, tmp_path):
    local, on_dask = fakes_store_copy("local"), fakes_store_copy("dask")
    analyze_store(local, analyzer, workers=2)
    out = tmp_path / "scores.parquet"
    # Through the command line, on a two-process local cluster.
    assert main(["score", str(on_dask), "--out", str(out), "--engine", "dask", "--workers", "2"]) == 0

    with Store(local, read_only=True) as a, Store(on_dask, read_only=True) as b:
        expected = score_table(a, analyzer)
        assert len(expected) == 474
        assert score_table(b, analyzer).equals(expected)
        for name in RESULT_NAMES:
            left = _sorted(a.result_table(name, analyzer.version))
            right = _sorted(b.result_table(name, analyzer.version))
            assert not left.empty, name
            pd.testing.assert_frame_equal(left, right, check_exact=True, obj=name)
    written = pd.read_parquet(out)
    assert list(written.columns) == list(expected.columns)
    assert written["article_id"].tolist() == expected["article_id"].tolist()

    again = analyze_store_on_dask(on_dask, analyzer, workers=2)
    assert (again.analyzed, again.cached) == (0, 474)


def test_partition_tables_round_trip_through_parquet_unchanged(analyzer, bundled_store):
    with Store(bundled_store, read_only=True) as store:
        frame = next(store.iter_texts())[["article_id", "clean_text"]]
    shipped = analyze_partition(frame, ShippedAnalyzer.of(analyzer))
    direct = analyze_frame(frame, analyzer)
    assert set(shipped) == set(RESULT_NAMES)
    for name in RESULT_NAMES:
        back = pq.read_table(io.BytesIO(shipped[name]))
        assert back.equals(direct[name]), name  # the same schema (types included) and values


def test_extra_lexicon_travels_by_content_not_path(tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_text("concept,term,stance\narmed_groups,head choppers,-1\n", encoding="utf-8")
    client_side = make_analyzer([extra])
    shipped = ShippedAnalyzer.of(client_side)
    extra.unlink()  # as on a worker that never saw the file
    on_worker = analyzer_on_worker(shipped)
    assert on_worker.version == client_side.version
    tables = analyze_frame(pd.DataFrame({"article_id": ["a"], "clean_text": ["The head choppers fled."]}),
                           on_worker)
    assert tables["terms"]["term"].to_pylist() == ["head choppers"]


def test_worker_with_other_data_refuses_to_analyze():
    with pytest.raises(WorkerMismatchError, match="same version"):
        analyzer_on_worker(ShippedAnalyzer("1-000000000000", ()))


@pytest.mark.parametrize(("options", "message"), [
    ({"partition_rows": 0}, "partition_rows must be a positive whole number; got 0"),
    ({"workers": -1}, "workers must be a positive whole number or None; got -1"),
])
def test_bad_options_are_named(analyzer, bundled_store, options, message):
    with pytest.raises(ValueError, match=message):
        analyze_store_on_dask(bundled_store, analyzer, **options)
