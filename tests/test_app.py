"""The dashboard, run in-process with streamlit.testing on the bundled corpus."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.cli import main
from tests.conftest import CORPUS, PROJECT


@pytest.fixture
def corpus_store(store_path, monkeypatch):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    return store_path


def test_overview_shows_corpus_size(corpus_store):
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Articles"] == "5" and metrics["Outlets"] == "4"


def test_reader_shows_clean_text_and_removed_furniture(corpus_store):
    app = AppTest.from_function(_reader, default_timeout=60).run()
    assert not app.exception
    shown = app.markdown[0].value
    assert "Peskov" in shown or "Gatilov" in shown
    assert "Removed page furniture" in app.expander[0].label


def test_reader_renders_hostile_text_as_text(store_path, monkeypatch, tmp_path):
    (tmp_path / "x.txt").write_text("<script>alert(1)</script> The <b onerror=alert(2)>army</b> said it advanced.",
                                    encoding="utf-8")
    assert main(["import", str(tmp_path), "--store", str(store_path)]) == 0
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    app = AppTest.from_function(_reader, default_timeout=60).run()
    shown = app.markdown[0].value
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def _reader():
    from dashboard.pages import article_reader_page

    article_reader_page()


def test_empty_store_explains_what_to_do(store_path, monkeypatch):
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert "python -m analysis import corpus" in app.info[0].value
