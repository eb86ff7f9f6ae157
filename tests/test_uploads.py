from __future__ import annotations

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
