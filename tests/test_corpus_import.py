"""Each input format, the metadata rules, and every bad input the importer must survive."""

from __future__ import annotations

import datetime as dt
import json
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


def test_cp1252_and_utf16_files_decode_right(tmp_path):
    (tmp_path / "win.txt").write_bytes("Syria’s army said “we advanced” – café".encode("cp1252"))
    (tmp_path / "wide.txt").write_bytes("\ufeffThe army said it advanced in Aleppo.".encode("utf-16-le"))
    records, problems = _split(read_articles([tmp_path]))
    assert problems == []
    texts = sorted(r.clean.text for r in records)
    assert texts == ["Syria’s army said “we advanced” – café", "The army said it advanced in Aleppo."]


def test_undecodable_bytes_are_replaced_and_reported_not_hidden(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"The army \x81advanced in Aleppo \x95 today.")
    (record,), problems = _split(read_articles([tmp_path / "bad.txt"]))
    assert problems == []
    assert record.warnings == ("1 undecodable byte(s) in cp1252 replaced with U+FFFD",)
    assert "\ufffdadvanced in Aleppo • today." in record.clean.text


BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t \n", "only whitespace, no text"),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "not a text file: looks like a PDF document"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file: looks like a PNG image"),
    ("archive.md", b"PK\x03\x04\x14\x00", "not a text file: looks like a zip archive"),
    ("numbers.txt", b"--- 12 / 34 ---", "no words in the article"),
    ("furniture.txt", b"Listen Live\nGet short URL\n", "no words left once page furniture is removed"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_file_gets_one_line_naming_it_and_the_batch_goes_on(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    records, problems = _split(read_articles([tmp_path]))
    assert len(records) == 1
    (problem,) = problems
    assert problem.source.endswith(name)
    assert message in problem.message
    assert "\n" not in str(problem)


def test_oversized_file_names_the_limit_and_how_to_change_it(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 300_000, encoding="utf-8")
    (problem,) = list(read_articles([tmp_path / "big.txt"], options=ImportOptions(max_file_mb=1)))
    assert "over the 1 MB limit" in problem.message and "--max-file-mb" in problem.message


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "meta_only.csv"
    pd.DataFrame({"outlet": ["SANA"], "title": ["x"]}).to_csv(path, index=False)
    (problem,) = list(read_articles([path]))
    assert problem.source == str(path)
    assert problem.message.startswith("no text column (looked for text, content, article_content")


def test_table_rows_with_problems_are_reported_by_row(tmp_path):
    path = tmp_path / "rows.jsonl"
    lines = [json.dumps({"text": ARTICLE, "date": "2016-05-06"}), "{broken", json.dumps({"text": ""}),
             json.dumps({"text": ARTICLE.replace("Monday", "Tuesday"), "date": "not a date"})]
    path.write_text("\n".join(lines), encoding="utf-8")
    records, problems = _split(read_articles([path]))
    assert len(records) == 2
    assert records[1].published is None
    assert [(p.row, p.severity, p.message.split(" (")[0]) for p in problems] == [
        (2, "error", "not valid JSON"), (3, "error", "no text in the text column"),
        (4, "warning", "date 'not a date' not understood; imported without a date")]


def test_metadata_naming_a_missing_file(tmp_path):
    (tmp_path / "here.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,outlet\nhere.txt,SANA\ngone.txt,SANA\n", encoding="utf-8")
    records, problems = _split(read_articles([tmp_path]))
    assert [r.outlet for r in records] == ["SANA"]
    assert [str(p) for p in problems] == [f"error: {tmp_path / 'metadata.csv'}, row 3: names missing file 'gone.txt'"]


def test_missing_path_and_unknown_format(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    problems = list(read_articles([tmp_path / "nowhere", tmp_path / "notes.docx"]))
    assert [p.message.split(":")[0] for p in problems] == ["no such file or folder", "not an article format"]


@pytest.mark.slow
def test_a_50_mb_text_file_is_refused_by_the_default_limit(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("w", encoding="utf-8") as handle:
        for _ in range(50):
            handle.write("The army said it advanced. " * 38_836 + "\n")  # about 1 MB a line
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    records, problems = _split(read_articles([tmp_path]))
    assert len(records) == 1
    assert [str(p) for p in problems] == [
        f"error: {big}: file is 50.0 MB, over the 10 MB limit per article; "
        "raise it with --max-file-mb or SOURCE_BIAS_MAX_FILE_MB"]


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
