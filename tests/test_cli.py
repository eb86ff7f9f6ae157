"""The command line: ``python -m analysis import``."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main
from analysis.store import Store
from tests.conftest import CORPUS, FAKES_CSV, PROJECT, require


def test_import_bundled_corpus_then_again_adds_nothing(store_path, capsys):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    assert "imported 5 new article(s)" in capsys.readouterr().out
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    assert "imported 0 new article(s); 5 already stored" in capsys.readouterr().out


def test_exit_status_says_something_failed_but_the_rest_is_stored(tmp_path, store_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("The army said it advanced on Aleppo.", encoding="utf-8")
    assert main(["import", str(tmp_path), "--store", str(store_path)]) == 1
    output = capsys.readouterr()
    assert f"error: {tmp_path / 'empty.txt'}: empty file" in output.err.splitlines()
    assert "imported 1 new article(s)" in output.out


def test_store_location_from_the_environment(tmp_path, monkeypatch, capsys):
    target = tmp_path / "elsewhere" / "articles.duckdb"
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(target))
    assert main(["import", str(CORPUS)]) == 0
    assert target.exists()


@pytest.mark.slow
def test_fakes_dev_imports_completely(store_path, capsys):
    csv_path = require(FAKES_CSV)
    assert main(["import", str(csv_path), "--store", str(store_path)]) == 0
    err = capsys.readouterr().err
    # 483 rows: 9 repeat an earlier row's outlet and clean text (8 exact copies, and row 287,
    # which differs from row 247 only in its page's time stamp) and are stored once, with a warning.
    assert err.count("same outlet and text as row") == 9
    assert "row 287: same outlet and text as row 247; stored once" in err
    with Store(store_path, read_only=True) as store:
        articles = store.articles(columns=("article_id", "outlet", "published", "source_row", "title"))
        first = store.article(articles.sort_values("source_row").article_id.iloc[0])
    assert len(articles) == 474
    assert articles.outlet.nunique() == 15
    source = pd.read_csv(csv_path, encoding="latin-1")
    expected_dates = {row + 2: dt.datetime.strptime(d, "%m/%d/%Y").date() for row, d in enumerate(source.date)}
    assert all(published == expected_dates[row] for row, published in zip(
        articles.source_row, articles.published.dt.date, strict=True))
    assert first.clean.text.startswith("Syria attack symptoms consistent with nerve agent use WHO\n\nVictims")
    assert main(["import", str(csv_path), "--store", str(store_path)]) == 0
    assert "imported 0 new article(s); 474 already stored" in capsys.readouterr().out


def test_python_dash_m_entry_point(store_path):
    result = subprocess.run([sys.executable, "-m", "analysis", "import", str(CORPUS), "--store", str(store_path)],
                            cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "imported 5 new article(s)" in result.stdout
