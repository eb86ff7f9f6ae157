"""Tests for analysis.commented_csv: the one reader of commented CSV data files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.commented_csv import CommentedCsvError, read_commented_csv


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_rows_with_line_numbers_skipping_comments(tmp_path: Path) -> None:
    path = write(tmp_path, "# where it came from\n\nword,note\n# a comment between rows\nsaid, a verb \nhe\n")
    rows = read_commented_csv(path, required=("word",), optional=("note",))
    assert [(row.line_number, row["word"], row["note"]) for row in rows] == [(5, "said", "a verb"), (6, "he", "")]
    assert rows[0].origin == f"{path}:5"


@pytest.mark.parametrize(("text", "message"), [
    ("# only comments\n", "no header line"),
    ("note\nx\n", ":1: header lacks column(s) word"),
    ("word,colour\nx,y\n", ":1: unknown column(s) colour"),
    ("word\na,b\n", ":2: 2 cells for 1 columns"),
    ('word\n"unclosed\n', ":2: not a CSV line"),
])
def test_errors_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CommentedCsvError, match=re.escape(message)) as raised:
        read_commented_csv(path, required=("word",))
    assert str(path) in str(raised.value)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(CommentedCsvError, match="cannot read"):
        read_commented_csv(tmp_path / "absent.csv", required=("word",))
    path = tmp_path / "latin.csv"
    path.write_bytes(b"word\ncaf\xe9\n")
    with pytest.raises(CommentedCsvError, match="not UTF-8"):
        read_commented_csv(path, required=("word",))
