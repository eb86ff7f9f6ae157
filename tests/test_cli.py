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


def test_score_writes_the_contract_columns_once_per_article(tmp_path, store_path, capsys):
    out = tmp_path / "scores.csv"
    assert main(["score", str(CORPUS), "--store", str(store_path), "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert len(table) == 5
    assert list(table.columns[:5]) == ["article_id", "outlet", "title", "date", "words"]
    for column in ("armed_groups_mentions", "armed_groups_stance", "attributions", "direct_quotes", "named_share",
                   "anonymous_share", "distinct_sources", "verb_neutral", "verb_distancing", "verb_endorsing",
                   "verb_conceding", "verb_adversarial"):
        assert column in table.columns
    assert "5 analyzed now, 0 from the store's cache" in capsys.readouterr().err
    parquet = tmp_path / "scores.parquet"
    assert main(["score", str(store_path), "--out", str(parquet)]) == 0
    assert "0 analyzed now, 5 from the store's cache" in capsys.readouterr().err
    pd.testing.assert_frame_equal(pd.read_parquet(parquet).drop(columns="date"), table.drop(columns="date"),
                                  check_dtype=False)


def test_score_of_some_inputs_lists_only_their_articles(tmp_path, store_path):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    one = tmp_path / "one.txt"
    one.write_text("Rebels said they shelled the town.", encoding="utf-8")
    out = tmp_path / "one.csv"
    assert main(["score", str(one), "--store", str(store_path), "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == 1


def test_score_refuses_an_unknown_output_format(tmp_path, capsys):
    assert main(["score", str(CORPUS), "--out", str(tmp_path / "scores.xlsx")]) == 2
    assert "must end in .csv or .parquet" in capsys.readouterr().err


def test_analyze_json_spans_slice_the_file_as_read(capsys):
    import json

    path = sorted((CORPUS / "articles").glob("*sputnik*"))[0]
    assert main(["analyze", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    assert document["terms"] and document["attributions"]
    for term in document["terms"]:
        assert text[term["start"]:term["end"]].lower()[:4] == term["term"].lower()[:4]
    for attribution in document["attributions"]:
        assert text[attribution["content_start"]:attribution["content_end"]] == attribution["content"]
        assert attribution["speaker_type"]
        # A quotation with no verb continues the last speaker: it has neither verb nor verb class.
        assert bool(attribution["verb"]) == bool(attribution["verb_class"])
    assert {"media", "is_wire_copy", "named_share", "distinct_sources"} <= set(document["sourcing"])


def test_analyze_reports_an_unreadable_file(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["analyze", str(empty), "--json"]) == 1
    assert "empty file" in capsys.readouterr().err


def test_score_with_an_extra_lexicon_from_the_environment(tmp_path, store_path, monkeypatch):
    extra = tmp_path / "mine.csv"
    extra.write_text("concept,term,stance\narmed_groups,head choppers,-1\n", encoding="utf-8")
    article = tmp_path / "one.txt"
    article.write_text("The head choppers fled the town.", encoding="utf-8")
    out = tmp_path / "one.csv"
    monkeypatch.setenv("SOURCE_BIAS_LEXICONS", str(extra))
    assert main(["score", str(article), "--store", str(store_path), "--out", str(out)]) == 0
    row = pd.read_csv(out).iloc[0]
    assert row["armed_groups_mentions"] == 1 and row["armed_groups_stance"] == -1


def test_discover_lists_candidates_with_outlet_counts_and_the_time(tmp_path, store_path, capsys):
    from tests.test_lexicon_discovery import made_up_corpus

    table = tmp_path / "articles.csv"
    made_up_corpus().rename(columns={"clean_text": "text"})[["outlet", "text"]].to_csv(table, index=False)
    assert main(["import", str(table), "--store", str(store_path)]) == 0
    capsys.readouterr()
    assert main(["discover", "--seed", "illegal aliens", "--top", "3", "--examples", "1",
                 "--store", str(store_path)]) == 0
    output = capsys.readouterr()
    assert "model: 60 article(s)" in output.err and "took" in output.err
    lines = output.out.splitlines()
    header = next(line for line in lines if line.strip().startswith("term"))
    assert "Left" in header and "Right" in header
    assert any(line.strip().startswith("undocumented immigrants") for line in lines)
    assert any(line.startswith("  [undocumented immigrants] Left ") for line in lines)

    assert main(["discover", "--store", str(store_path)]) == 0
    output = capsys.readouterr().out
    assert "contested groups" in output and "undocumented immigrants" in output

    assert main(["discover", "--seed", "wall", "--store", str(store_path)]) == 1
    assert "'wall' occurs fewer than 5 times" in capsys.readouterr().err
    assert main(["discover", "--group", "bad", "--store", str(store_path)]) == 2
    assert main(["discover", "--store", str(tmp_path / "none.duckdb")]) == 2
    assert "no store yet" in capsys.readouterr().err
