from __future__ import annotations

import datetime as dt

import pytest

from analysis.store import Store
from analysis.uploads import import_pasted_text, import_uploads, safe_file_name

ARTICLE = b"MOSCOW (Sputnik) - The Russian Defense Ministry said the truce in Aleppo was holding."


@pytest.mark.parametrize(
    ("name", "safe"),
    [("../../etc/passwd.txt", "passwd.txt"), ("..\\..\\boot.ini", "boot.ini"), ("a b<script>.txt", "a_b_script_.txt"),
     ("...hidden.md", "hidden.md"), ("", "upload"), ("/", "upload")],
)
def test_safe_file_name(name, safe):
    assert safe_file_name(name) == safe


def test_uploads_import_and_report_bad_files_without_writing_outside(tmp_path, store_path):
    with Store(store_path) as store:
        summary = import_uploads(store, [("../../escape.txt", ARTICLE + b" Escape."), ("notes.exe", b"MZ"),
                                         ("empty.txt", b""), ("a.txt", ARTICLE), ("a.txt", ARTICLE + b" More."),
                                         ("b.txt", ARTICLE)])
        sources = sorted(store.articles().source_file)
    assert summary.added == 3 and summary.duplicates_in_batch == 1  # b.txt repeats the first a.txt
    assert sources == ["upload/_a.txt", "upload/a.txt", "upload/escape.txt"]
    assert sorted(str(p) for p in summary.errors) == [
        "error: upload/empty.txt: empty file",
        "error: upload/notes.exe: not an article format (expected .txt, .md, .markdown, .html, .htm, .csv, "
        ".jsonl, .ndjson, .parquet)"]
    assert not (tmp_path.parent / "escape.txt").exists()


def test_pasted_text(store_path):
    with Store(store_path) as store:
        assert import_pasted_text(store, ARTICLE.decode(), outlet="sputnik").added == 1
        assert import_pasted_text(store, "   ").errors[0].message == "no words in the article"
        assert store.articles().outlet.tolist() == ["Sputnik"]


UNSIGNED = b"The truce in Aleppo was holding on Saturday, residents said, as aid convoys waited at the crossing."


def test_uploads_take_the_outlet_headline_and_date_typed_with_them(store_path):
    with Store(store_path) as store:
        summary = import_uploads(store, [("one.txt", UNSIGNED)], outlet="press tv", title="Truce holds",
                                 published=dt.date(2016, 9, 17))
        row = store.articles().iloc[0]
    assert summary.added == 1 and not summary.problems
    assert (row.outlet, row.title, str(row.published)[:10]) == ("Press TV", "Truce holds", "2016-09-17")


def test_uploads_without_metadata_keep_what_the_text_says(store_path):
    with Store(store_path) as store:
        import_uploads(store, [("one.txt", ARTICLE)])
        assert store.articles().outlet.tolist() == ["Sputnik"]


def test_a_typed_headline_is_not_given_to_several_files_and_the_warning_says_so(store_path):
    with Store(store_path) as store:
        summary = import_uploads(store, [("one.txt", UNSIGNED), ("two.txt", ARTICLE)], outlet="Reuters",
                                 title="Truce holds")
        articles = store.articles()
    assert summary.added == 2
    assert set(articles.outlet) == {"Reuters"} and "Truce holds" not in set(articles.title)
    assert [p.severity for p in summary.problems] == ["warning"]
    assert "applies to one file; 2 text files" in summary.problems[0].message


def test_an_uploaded_metadata_file_wins_over_the_form(store_path):
    metadata = b"file,outlet\none.txt,SANA\n"
    with Store(store_path) as store:
        summary = import_uploads(store, [("one.txt", UNSIGNED), ("metadata.csv", metadata)], outlet="Reuters")
        assert store.articles().outlet.tolist() == ["SANA"]
    assert "not used" in summary.problems[0].message


def test_pasted_text_takes_a_date(store_path):
    with Store(store_path) as store:
        import_pasted_text(store, UNSIGNED.decode(), published=dt.date(2017, 1, 2))
        assert str(store.articles().published.iloc[0])[:10] == "2017-01-02"
