"""The one reader of the project's commented CSV data files.

A commented CSV file is UTF-8 (a byte-order mark is allowed); lines that are
blank or start with ``#`` are comments (where the list came from, how to
extend it); the first other line is the header. Every error names the file and
the line, so that whoever extends a list can find the mistake.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class CommentedCsvError(ValueError):
    """A data file that cannot be read, has no header, lacks a column or has a malformed line."""


@dataclass(frozen=True)
class CsvRow:
    """One data line: its cells by column name (stripped; a missing trailing cell is "") and its line number."""

    path: Path
    line_number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default)

    @property
    def origin(self) -> str:
        """``path:line`` for error messages."""
        return f"{self.path}:{self.line_number}"


def parse_csv_line(path: Path, line_number: int, line: str) -> list[str]:
    """The cells of one CSV line; a malformed line raises with its file and line number."""
    try:
        return next(csv.reader([line], strict=True))
    except csv.Error as error:
        raise CommentedCsvError(f"{path}:{line_number}: not a CSV line ({error})") from None


@dataclass(frozen=True)
class CommentedTable:
    """A commented CSV file's header and data lines, before any column is checked."""

    path: Path
    header_line_number: int
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells as written)


def read_table(path: Path, *, expected: str, what: str = "data file") -> CommentedTable:
    """The header and the data lines of a commented CSV file, for readers whose columns depend on the header.

    ``expected`` names the header(s) the file should have, for the message when
    it has none; ``what`` names the kind of file in a read error ("lexicon file").
    Raises :class:`CommentedCsvError` as :func:`read_commented_csv` does.
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise CommentedCsvError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise CommentedCsvError(f"{path}: cannot read the {what} ({error.strerror})") from None
    numbered = [(number, line) for number, line in enumerate(lines, start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise CommentedCsvError(f"{path}: no header line (expected {expected})")
    header_number, header_line = numbered[0]
    header = [name.strip() for name in parse_csv_line(path, header_number, header_line)]
    rows = []
    for number, line in numbered[1:]:
        cells = parse_csv_line(path, number, line)
        if len(cells) > len(header):
            raise CommentedCsvError(f"{path}:{number}: {len(cells)} cells for {len(header)} columns "
                                    f"(quote a cell that contains a comma)")
        rows.append((number, cells))
    return CommentedTable(path, header_number, header, rows)


def read_commented_csv(path: Path, *, required: Sequence[str], optional: Sequence[str] = ()) -> list[CsvRow]:
    """The data rows of a commented CSV file.

    Parameters
    ----------
    path : Path
        The file.
    required : sequence of str
        Columns the header must have.
    optional : sequence of str
        Further columns it may have; any other column is an error (a typo in a
        header would otherwise silently drop a column).

    Raises
    ------
    CommentedCsvError
        Unreadable or non-UTF-8 file, no header, a missing or unknown column,
        a line with more cells than columns, or a malformed CSV line.
    """
    table = read_table(path, expected=",".join(required))
    header, header_number = table.header, table.header_line_number
    missing = [name for name in required if name not in header]
    if missing:
        raise CommentedCsvError(f"{path}:{header_number}: header lacks column(s) {', '.join(missing)} "
                                f"(got {','.join(header)})")
    unknown = [name for name in header if name not in required and name not in optional]
    if unknown:
        raise CommentedCsvError(f"{path}:{header_number}: unknown column(s) {', '.join(unknown)} "
                                f"(allowed: {','.join([*required, *optional])})")
    rows = []
    for number, cells in table.rows:
        values = {name: "" for name in header}
        values.update(zip(header, (cell.strip() for cell in cells), strict=False))
        rows.append(CsvRow(path, number, values))
    return rows
