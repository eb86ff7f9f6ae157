"""Each input format and the metadata rules (every bad input: tests/test_bad_input.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus_import import (
    ArticleRecord,
    ColumnNames,
    ImportOptions,
    ImportProblem,
    parse_metadata_date,
    read_articles,
)

ARTICLE = ("Russia says truce holds\n\nMOSCOW (Sputnik) — The Russian Defense Ministry said on Monday "
           "that the truce in Aleppo was holding, and rebels said it was not.")


def _split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, ArticleRecord)],
            [i for i in items if isinstance(i, ImportProblem)])


def test_text_file_gets_outlet_and_title_from_its_own_text(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (record,), problems = _split(read_articles([tmp_path / "a.txt"]))
    assert problems == []
    assert (record.outlet, record.outlet_basis, record.title) == ("Sputnik", "detected", "Russia says truce holds")
    evidence = record.outlet_evidence
    assert record.original_text[evidence.start:evidence.end] == "(Sputnik) —"
    assert (record.published, record.date_basis) == (None, "unknown")


def test_folder_with_metadata_csv(tmp_path):
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "two.md").write_text("# Army advances\n\nThe [army](http://x) advanced on **Monday**.",
                                     encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this folder\n\nNot an article.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,outlet,headline,published\none.txt,presstv,Given title,2016-05-06\n", encoding="utf-8")
    records, problems = _split(read_articles([tmp_path]))
    assert problems == []
    by_file = {Path(r.source_file).name: r for r in records}
    assert set(by_file) == {"one.txt", "two.md"}
    one = by_file["one.txt"]
    assert (one.outlet, one.outlet_basis, one.title, one.published) == (
        "Press TV", "metadata", "Given title", dt.date(2016, 5, 6))
    two = by_file["two.md"]
    assert two.title == "Army advances"
    assert "The army advanced on Monday." in two.clean.text


def test_html_file_keeps_text_drops_scripts_and_navigation(tmp_path):
    page = ("<html><head><title>Site | Page</title><script>alert('x')</script></head><body>"
            "<nav>Home News</nav><h1>Army advances &amp; holds</h1><p>The army advanced.</p>"
            "<p>Rebels withdrew.</p><footer>Contact us</footer></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (record,), problems = _split(read_articles([tmp_path / "page.html"]))
    assert problems == []
    assert record.title == "Army advances & holds"
    assert record.clean.text == "Army advances & holds\n\nThe army advanced.\n\nRebels withdrew."


def test_folder_with_metadata_tsv_beside_a_text_folder(tmp_path):
    # PolNeAR's layout: metadata.tsv names files without their extension, the texts are in text/.
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "nyt_2016-01-02_vote.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "text" / "other.txt").write_text("The senator said the vote was close.", encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\ttitle\n"
        "train\tnyt_2016-01-02_vote\tnyt\t2016-01-02\tA title, with a comma\n", encoding="utf-8")
    records, problems = _split(read_articles([tmp_path]))
    assert problems == []
    by_file = {Path(r.source_file).name: r for r in records}
    vote = by_file["nyt_2016-01-02_vote.txt"]
    assert (vote.outlet, vote.outlet_basis, vote.title, vote.published) == (
        "The New York Times", "metadata", "A title, with a comma", dt.date(2016, 1, 2))
    assert by_file["other.txt"].outlet_basis != "metadata"


def test_text_folder_with_metadata_tsv_given_by_path(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "meta.tsv").write_text("filename\tpublisher\tpublication_date\na\tusa-today\t2016-03-04\n",
                                       encoding="utf-8")
    records, problems = _split(read_articles([tmp_path / "text"],
                                             options=ImportOptions(metadata_path=tmp_path / "meta.tsv")))
    assert problems == []
    assert [(r.outlet, r.published) for r in records] == [("USA Today", dt.date(2016, 3, 4))]


def test_a_name_matching_two_files_is_not_guessed(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text("filename\tpublisher\nsame\tnyt\n", encoding="utf-8")
    records, problems = _split(read_articles([tmp_path]))
    assert [str(p) for p in problems] == [f"error: {tmp_path / 'metadata.tsv'}, row 2: names missing file 'same'"]
    assert len(records) == 2 and all(r.outlet_basis != "metadata" for r in records)


@pytest.mark.slow
def test_polnear_imports_with_its_metadata_tsv():
    from tests.conftest import SHARED, require

    folder = require(SHARED / "polnear")
    records, problems = _split(read_articles([folder / "text"],
                                             options=ImportOptions(metadata_path=folder / "metadata.tsv")))
    assert [p for p in problems if p.severity == "error"] == []
    assert len(records) == 840
    assert all(r.outlet_basis == "metadata" and r.date_basis == "metadata" and r.title for r in records)
    assert {r.outlet for r in records} == {"Breitbart", "HuffPost", "The New York Times", "Politico", "USA Today",
                                           "The Washington Post", "Western Journal"}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_tables_find_columns_by_common_names(tmp_path, suffix):
    frame = pd.DataFrame({
        "article_content": [ARTICLE, "Second article: the army said rebels shelled Aleppo on Friday."],
        "Publisher": ["sana", "Reuters"],
        "headline": ["First", "Second"],
        "published_at": ["2016-05-06T10:00:00Z", "9/20/2016"],
    })
    path = tmp_path / f"table{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        frame.to_parquet(path)
    records, problems = _split(read_articles([path]))
    assert problems == []
    assert [(r.outlet, r.title, r.published) for r in records] == [
        ("SANA", "First", dt.date(2016, 5, 6)), ("Reuters", "Second", dt.date(2016, 9, 20))]


def test_columns_given_by_flags(tmp_path):
    path = tmp_path / "odd.csv"
    pd.DataFrame({"txt": [ARTICLE], "who": ["TASS"], "when": ["20/09/2016"]}).to_csv(path, index=False)
    options = ImportOptions(columns=ColumnNames(text="txt", outlet="who", date="when"), dayfirst=True)
    (record,), problems = _split(read_articles([path], options=options))
    assert problems == []
    assert (record.outlet, record.published) == ("TASS", dt.date(2016, 9, 20))


@pytest.mark.parametrize(
    ("value", "dayfirst", "expected"),
    [("4/5/2017", False, dt.date(2017, 4, 5)), ("4/5/2017", True, dt.date(2017, 5, 4)),
     ("2016-09-20", False, dt.date(2016, 9, 20)), ("", False, None), (None, False, None),
     ("Sunday 25 August 2013", False, dt.date(2013, 8, 25))],
)
def test_parse_metadata_date(value, dayfirst, expected):
    assert parse_metadata_date(value, dayfirst=dayfirst) == expected


def test_oversized_file_names_the_limit_and_how_to_change_it(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 300_000, encoding="utf-8")
    (problem,) = list(read_articles([tmp_path / "big.txt"], options=ImportOptions(max_file_mb=1)))
    assert "over the 1 MB limit" in problem.message and "--max-file-mb" in problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=2000))
def test_any_bytes_give_a_record_or_a_one_line_problem(tmp_path, content):
    path = tmp_path / "any.txt"
    path.write_bytes(content)
    for item in read_articles([path]):
        if isinstance(item, ImportProblem):
            assert "\n" not in str(item)
        else:
            span = item.clean.to_original(0, len(item.clean.text))
            assert 0 <= span[0] <= span[1] <= len(item.original_text)
