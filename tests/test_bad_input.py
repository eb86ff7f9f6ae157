"""Every bad input a user can bring, and the one line ``python -m analysis import`` answers with.

One table, one row per case: the files, what is imported, the exit status and
every problem line printed (``error: <file>[, row N]: <problem>`` for what was
not imported, ``warning: ...`` for what was imported with a caveat; in a JSONL
file the row is the line number). ``{in}`` in an expected line stands for the
folder holding the case's files. Cases that import something also say what
the stored text or date must be.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

import pytest

from analysis.cli import main
from analysis.store import Store
from tests.conftest import CORPUS

ARTICLE = ("Russia says truce holds\n\nMOSCOW (Sputnik) — The Russian Defense Ministry said on Monday "
           "that the truce in Aleppo was holding, and rebels said it was not.")
EXPECTED_FORMATS = ".txt, .md, .markdown, .html, .htm, .csv, .jsonl, .ndjson, .parquet"
TEXT_COLUMNS = "text, content, article_content, body, article_text, article, full_text"


def _zip_archive() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ARTICLE)
    return buffer.getvalue()


def _fifty_megabytes() -> bytes:
    line = ("The army said it advanced. " * 38_836 + "\n").encode()  # about 1 MB
    return line * 50


def _jsonl(*lines: object) -> bytes:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines).encode()


@dataclass(frozen=True)
class BadInput:
    """A case: files written into a folder, the paths given to ``import`` (relative to it; "." is the folder)."""

    files: dict[str, bytes | Callable[[], bytes]]
    paths: tuple[str, ...]
    lines: tuple[str, ...]
    imported: int
    exit_status: int
    stored_text: str | None = None  # a piece of the stored clean text
    dates: tuple[dt.date | None, ...] | None = None  # stored dates, by row
    args: tuple[str, ...] = field(default=())


GOOD = {"good.txt": ARTICLE.encode()}

CASES = {
    "empty file": BadInput(
        {"empty.txt": b"", **GOOD}, (".",), ("error: {in}/empty.txt: empty file",), 1, 1),
    "whitespace only": BadInput(
        {"blank.txt": b"  \n\t \n", **GOOD}, (".",), ("error: {in}/blank.txt: only whitespace, no text",), 1, 1),
    "no words, only numbers": BadInput(
        {"numbers.txt": b"--- 12 / 34 ---", **GOOD}, (".",),
        ("error: {in}/numbers.txt: no words in the article",), 1, 1),
    "only page furniture": BadInput(
        {"furniture.txt": b"Listen Live\nGet short URL\n", **GOOD}, (".",),
        ("error: {in}/furniture.txt: no words left once page furniture is removed",), 1, 1),
    "PDF named .txt": BadInput(
        {"doc.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", **GOOD}, (".",),
        ("error: {in}/doc.txt: not a text file: looks like a PDF document",), 1, 1),
    "PDF in a folder": BadInput(
        {"report.pdf": b"%PDF-1.7\n", **GOOD}, (".",),
        (f"warning: {{in}}/report.pdf: skipped: .pdf is not an article format (expected {EXPECTED_FORMATS})",),
        1, 0),
    "PDF given by name": BadInput(
        {"report.pdf": b"%PDF-1.7\n"}, ("report.pdf",),
        (f"error: {{in}}/report.pdf: not an article format: .pdf (expected {EXPECTED_FORMATS})",), 0, 1),
    "PNG named .txt": BadInput(
        {"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", **GOOD}, (".",),
        ("error: {in}/image.txt: not a text file: looks like a PNG image",), 1, 1),
    "PNG named .csv": BadInput(
        {"image.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, ("image.csv",),
        ("error: {in}/image.csv: not a CSV file: looks like a PNG image",), 0, 1),
    "zip named .md": BadInput(
        {"archive.md": _zip_archive(), **GOOD}, (".",),
        ("error: {in}/archive.md: not a text file: looks like a zip archive (or a .docx/.xlsx file)",), 1, 1),
    "zip given by name": BadInput(
        {"articles.zip": _zip_archive()}, ("articles.zip",),
        (f"error: {{in}}/articles.zip: not an article format: .zip (expected {EXPECTED_FORMATS})",), 0, 1),
    "invalid UTF-8 (read as cp1252, undefined bytes replaced)": BadInput(
        {"bad.txt": b"The army \x81advanced in Aleppo \x95 today."}, ("bad.txt",),
        ("warning: {in}/bad.txt: 1 undecodable byte(s) in cp1252 replaced with U+FFFD",), 1, 0,
        stored_text="The army \ufffdadvanced in Aleppo • today."),
    "UTF-16 with a byte-order mark": BadInput(
        {"wide.txt": "\ufeffSyria’s army said “we advanced” near the café.".encode("utf-16-le")}, ("wide.txt",),
        (), 1, 0, stored_text="Syria’s army said “we advanced” near the café."),
    "cp1252 (Windows export)": BadInput(
        {"win.txt": "Syria’s army said “we advanced” – café".encode("cp1252")}, ("win.txt",),
        (), 1, 0, stored_text="Syria’s army said “we advanced” – café"),
    "50 MB text file": BadInput(
        {"huge.txt": _fifty_megabytes, **GOOD}, (".",),
        ("error: {in}/huge.txt: file is 50.0 MB, over the 10 MB limit per article; "
         "raise it with --max-file-mb or SOURCE_BIAS_MAX_FILE_MB",), 1, 1),
    "CSV cell over the size limit": BadInput(
        {"dump.csv": b"text\nThe army said it advanced.\n" + b"x" * (2 * 2**20 + 1) + b"\n"}, ("dump.csv",),
        ("error: {in}/dump.csv, row 3: text is 2.0 MB, over the 1 MB limit per article; "
         "raise it with --max-file-mb or SOURCE_BIAS_MAX_FILE_MB",), 1, 1, args=("--max-file-mb", "1")),
    "metadata CSV with a date that is not one": BadInput(
        {"here.txt": ARTICLE.encode(), "metadata.csv": b"file,outlet,date\nhere.txt,SANA,31/31/2016\n"}, (".",),
        ("warning: {in}/metadata.csv, row 2: date '31/31/2016' is not a calendar date (month must be in 1..12); "
         "imported without a date",), 1, 0, dates=(None,)),
    "CSV with no text column": BadInput(
        {"meta_only.csv": b"outlet,title\nSANA,x\n"}, ("meta_only.csv",),
        (f"error: {{in}}/meta_only.csv: no text column (looked for {TEXT_COLUMNS}; found outlet, title); "
         "name it with --text-column",), 0, 1),
    "CSV text column named by a flag that is not there": BadInput(
        {"a.csv": b"body,outlet\nThe army said it advanced.,SANA\n"}, ("a.csv",),
        ("error: {in}/a.csv: no text column (looked for 'story'; found body, outlet); name it with --text-column",),
        0, 1, args=("--text-column", "story")),
    "empty CSV": BadInput(
        {"empty.csv": b""}, ("empty.csv",), ("error: {in}/empty.csv: empty file",), 0, 1),
    "CSV with a header and no rows": BadInput(
        {"header.csv": b"text,outlet\n"}, ("header.csv",),
        ("error: {in}/header.csv: no rows: the table has no articles",), 0, 1),
    "CSV with a quote never closed": BadInput(
        {"open.csv": b'text\n"The army said\n'}, ("open.csv",),
        ("error: {in}/open.csv: cannot be read as a table: Error tokenizing data. "
         "C error: EOF inside string starting at row 1",), 0, 1),
    "bad dates": BadInput(
        {"dates.csv": b"text,date\nThe army said it advanced.,not a date\nRebels said they withdrew.,2016-02-30\n"
                      b"Russia said the truce held.,2016-02-29\n"}, ("dates.csv",),
        ("warning: {in}/dates.csv, row 2: date 'not a date' not understood; imported without a date",
         "warning: {in}/dates.csv, row 3: date '2016-02-30' is not a calendar date (day is out of range for month); "
         "imported without a date"), 3, 0, dates=(None, None, dt.date(2016, 2, 29))),
    "JSONL with one broken line": BadInput(
        {"rows.jsonl": _jsonl({"text": ARTICLE, "date": "2016-05-06"}, "{broken",
                              {"text": "Rebels said they withdrew from Aleppo."})}, ("rows.jsonl",),
        ("error: {in}/rows.jsonl, row 2: not valid JSON (Expecting property name enclosed in double quotes)",),
        2, 1, dates=(dt.date(2016, 5, 6), None)),
    "JSONL whose first lines are broken": BadInput(
        {"rows.jsonl": _jsonl("{broken", "[1, 2]", {"text": "Rebels said they withdrew from Aleppo."})},
        ("rows.jsonl",),
        ("error: {in}/rows.jsonl, row 1: not valid JSON (Expecting property name enclosed in double quotes)",
         "error: {in}/rows.jsonl, row 2: not a JSON object"), 1, 1),
    "JSONL with a broken line, an empty text and a bad date": BadInput(
        {"rows.jsonl": _jsonl({"text": ARTICLE, "date": "2016-05-06"}, "{broken", {"text": ""},
                              {"text": ARTICLE.replace("Monday", "Tuesday"), "date": "not a date"})},
        ("rows.jsonl",),
        ("error: {in}/rows.jsonl, row 2: not valid JSON (Expecting property name enclosed in double quotes)",
         "error: {in}/rows.jsonl, row 3: no text in the text column",
         "warning: {in}/rows.jsonl, row 4: date 'not a date' not understood; imported without a date"),
        2, 1, dates=(dt.date(2016, 5, 6), None)),
    "duplicate articles": BadInput(
        {"dups.csv": b"text,outlet\nThe army said it advanced.,SANA\nThe army said it advanced.,SANA\n"
                     b"The army said it advanced.,Reuters\n"}, ("dups.csv",),
        ("warning: {in}/dups.csv, row 3: same outlet and text as row 2; stored once",), 2, 0),
    "metadata CSV naming a missing file": BadInput(
        {"here.txt": ARTICLE.encode(), "metadata.csv": b"file,outlet\nhere.txt,SANA\ngone.txt,SANA\n"}, (".",),
        ("error: {in}/metadata.csv, row 3: names missing file 'gone.txt'",), 1, 1),
    "metadata TSV naming a missing file": BadInput(
        {"here.txt": ARTICLE.encode(), "metadata.tsv": b"filename\tpublisher\nhere\tSANA\ngone\tSANA\n"}, (".",),
        ("error: {in}/metadata.tsv, row 3: names missing file 'gone'",), 1, 1),
    "metadata TSV with no file column": BadInput(
        {"here.txt": ARTICLE.encode(), "metadata.tsv": b"name\tpublisher\nhere\tSANA\n"}, (".",),
        ("error: {in}/metadata.tsv: metadata TSV has no file column (looked for file, filename, file_name, path; "
         "found name, publisher)",), 1, 1),
    "metadata TSV that is comma-separated": BadInput(
        {"here.txt": ARTICLE.encode(), "metadata.tsv": b"file,outlet\nhere.txt,SANA\n"}, (".",),
        ("error: {in}/metadata.tsv: metadata TSV has no file column (looked for file, filename, file_name, path; "
         "found file,outlet)",), 1, 1),
    "annotation files beside the articles": BadInput(
        {"here.txt": ARTICLE.encode(), "a.ann": b"T1", "b.ann": b"T2", "c.ann": b"T3"}, (".",),
        (f"warning: {{in}}: skipped 3 files: .ann is not an article format (expected {EXPECTED_FORMATS}); "
         "for example {in}/a.ann, {in}/b.ann",), 1, 0),
    "Parquet file that is not one": BadInput(
        {"rows.parquet": b"garbage"}, ("rows.parquet",),
        ("error: {in}/rows.parquet: not a readable Parquet file (Parquet file size is 7 bytes, smaller than the "
         "minimum file footer (8 bytes))",), 0, 1),
    "path that does not exist": BadInput(
        {}, ("nowhere",), ("error: {in}/nowhere: no such file or folder",), 0, 1),
    "Word document given by name": BadInput(
        {"notes.docx": b"PK\x03\x04"}, ("notes.docx",),
        (f"error: {{in}}/notes.docx: not an article format: .docx (expected {EXPECTED_FORMATS})",), 0, 1),
}


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("error:", "warning:"))]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_its_one_line_and_the_rest_is_imported(name, tmp_path, store_path, capsys):
    case = CASES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    for file_name, content in case.files.items():
        (folder / file_name).write_bytes(content() if callable(content) else content)
    paths = [str(folder) if path == "." else str(folder / path) for path in case.paths]

    status = main(["import", *paths, *case.args, "--store", str(store_path)])

    output = capsys.readouterr()
    assert _problem_lines(output.err) == [line.replace("{in}", str(folder)) for line in case.lines]
    assert f"imported {case.imported} new article(s)" in output.out
    assert status == case.exit_status
    with Store(store_path, read_only=True) as store:
        stored = store.articles(columns=("article_id", "published", "source_row"))
        assert len(stored) == case.imported
        if case.stored_text is not None:
            (article_id,) = stored.article_id
            assert case.stored_text in store.article(article_id).clean.text
        if case.dates is not None:
            dates = [None if value is None or value != value else value.date()
                     for value in stored.sort_values("source_row").published]
            assert dates == list(case.dates)


def test_every_problem_is_one_line_naming_its_file(tmp_path, store_path, capsys):
    """All the cases at once, as one batch: each problem still one line, nothing else lost."""
    for index, case in enumerate(CASES.values()):
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        for file_name, content in case.files.items():
            if not callable(content):  # the 50 MB file has its own case
                (folder / file_name).write_bytes(content)
    main(["import", str(tmp_path), "--store", str(store_path)])
    for line in _problem_lines(capsys.readouterr().err):
        assert line.startswith((f"error: {tmp_path}", f"warning: {tmp_path}")), line


@pytest.mark.parametrize("failure", ["bad files only", "interrupted while storing", "crash while storing"])
def test_a_store_keeps_every_article_after_a_failing_batch(failure, tmp_path, store_path, capsys, monkeypatch):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    with Store(store_path, read_only=True) as store:
        before = set(store.articles(columns=("article_id",)).article_id)
    batch = tmp_path / "batch"
    batch.mkdir()
    if failure == "bad files only":
        (batch / "empty.txt").write_bytes(b"")
        (batch / "doc.txt").write_bytes(b"%PDF-1.7\n")
        assert main(["import", str(batch), "--store", str(store_path)]) == 1
    else:
        # A batch staged in three parts; storing fails after the first part went in.
        import analysis.store.articles

        lines = [json.dumps({"text": f"Article {i}: the army said it advanced on district {i}."}) for i in range(30)]
        (batch / "rows.jsonl").write_text("\n".join(lines), encoding="utf-8")
        monkeypatch.setattr(analysis.store.articles, "_BATCH_ROWS", 10)
        error = KeyboardInterrupt() if failure == "interrupted while storing" else OSError("disk unplugged")
        stored_parts = []

        def failing_after_the_first_part(parts):
            for part in parts:
                if stored_parts:
                    raise error
                stored_parts.append(part)
                yield part

        import_staged = analysis.store.Store.import_staged

        def import_failing(self, staged):
            assert len(staged.parts) == 3
            staged.parts = failing_after_the_first_part(staged.parts)
            return import_staged(self, staged)

        monkeypatch.setattr(analysis.store.Store, "import_staged", import_failing)
        if failure == "interrupted while storing":
            assert main(["import", str(batch), "--store", str(store_path)]) == 130
            assert "interrupted: nothing from this run was stored" in capsys.readouterr().err
        else:
            with pytest.raises(OSError, match="disk unplugged"):
                main(["import", str(batch), "--store", str(store_path)])
        assert len(stored_parts) == 1  # it failed part-way, after storing a first part
    with Store(store_path, read_only=True) as store:
        assert set(store.articles(columns=("article_id",)).article_id) == before

