"""Read articles from the files users bring: text folders and tables.

:func:`read_articles` turns paths into a stream of :class:`ArticleRecord`
(ready for the store) and :class:`ImportProblem` (one line each, naming the
file, the row and the problem). A bad file never stops the batch.

Accepted inputs
---------------
- a folder (searched recursively) or single files with ``.txt``, ``.md``,
  ``.html``/``.htm`` extensions, with an optional metadata table
  (``metadata.csv``, comma-separated, or ``metadata.tsv``, tab-separated, in
  the folder, or ``metadata_path``) whose ``file`` column names the files,
  relative to the table's folder, with or without their extension (a name
  found nowhere there is looked up by file name among the folder's text files,
  as in PolNeAR, whose ``metadata.tsv`` sits beside its ``text/`` folder; a
  folder's ``README`` file is skipped);
- a ``.csv``, ``.jsonl``/``.ndjson`` or ``.parquet`` table with one article per
  row, its columns found by common names (see ``COLUMN_CANDIDATES``) or given.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import html.parser
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from analysis.metadata_detection import Detection, canonical_outlet, detect_date, detect_outlet, parse_date_text
from analysis.text import CleanArticle, clean_article, count_words

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")
METADATA_FILE_NAMES = ("metadata.csv", "metadata.tsv")
# Files a corpus folder holds besides its articles (annotations, documentation) are
# reported once per extension with this many examples, not once per file.
_SKIPPED_EXAMPLES = 2

COLUMN_CANDIDATES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "content", "article_content", "body", "article_text", "article", "full_text"),
    "outlet": ("outlet", "source", "publisher", "site", "media", "source_name"),
    "title": ("title", "headline", "article_title"),
    "date": ("date", "published", "published_at", "publication_date", "pub_date", "datetime"),
    "file": ("file", "filename", "file_name", "path"),
}

MAX_FILE_MB_ENV = "SOURCE_BIAS_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 10.0

# Magic numbers of binary formats users drop into a corpus folder by mistake.
_BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (or a .docx/.xlsx file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PAR1", "a Parquet file"),
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class InputError(ValueError):
    """A file or row that cannot be imported; the message is for the user."""


@dataclass(frozen=True)
class ImportProblem:
    """One line for the user: what is wrong with which file (and row)."""

    source: str
    message: str
    row: int | None = None
    severity: str = "error"  # "error": not imported; "warning": imported with a caveat

    def __str__(self) -> str:
        where = f"{self.source}, row {self.row}" if self.row is not None else self.source
        return f"{self.severity}: {where}: {self.message}"


@dataclass(frozen=True)
class ArticleRecord:
    """An article ready for the store, keyed by the hash of its clean text."""

    article_id: str
    outlet: str | None
    outlet_basis: str  # "metadata", "detected" or "unknown"
    outlet_evidence: Detection | None
    title: str | None
    published: dt.date | None
    date_basis: str  # "metadata", "detected" or "unknown"
    date_evidence: Detection | None
    source_file: str
    source_row: int | None
    original_text: str
    clean: CleanArticle
    words: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnNames:
    """Column names given by the user; None means "find it by common names"."""

    text: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class ImportOptions:
    """How to read the inputs (all optional)."""

    columns: ColumnNames = field(default_factory=ColumnNames)
    metadata_path: Path | None = None
    dayfirst: bool = False
    max_file_mb: float | None = None
    # Show files under a folder by a label instead of their real path, e.g. the
    # temporary folder of an upload as "upload": (folder, label).
    shown_root: tuple[Path, str] | None = None


def _shown(path: Path, options: ImportOptions) -> str:
    """How a file is named in messages and in the store."""
    if options.shown_root is not None:
        root, label = options.shown_root
        try:
            return f"{label}/{path.resolve().relative_to(root.resolve())}"
        except ValueError:
            pass
    return str(path)


def article_id_for(clean_text: str, outlet: str | None) -> str:
    """Content hash of the outlet and clean text: importing the same article twice stores it once.

    The outlet is part of the key because two outlets running the same wire
    copy are two articles for a comparison of outlets.
    """
    key = f"{(outlet or '').casefold()}\x00{clean_text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def max_file_bytes(options: ImportOptions) -> int:
    """The size limit for one text file, from the options or the environment."""
    limit = options.max_file_mb
    if limit is None:
        limit = float(os.environ.get(MAX_FILE_MB_ENV, DEFAULT_MAX_FILE_MB))
    return int(limit * 1024 * 1024)


# --- decoding ---------------------------------------------------------------

def sniff_binary(head: bytes) -> str | None:
    """Name the binary format ``head`` starts with, or None for text."""
    for signature, name in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return name
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    return None


def detect_encoding(path: Path) -> str:
    """The encoding to read ``path`` with: BOM, else UTF-8 if valid, else cp1252.

    cp1252 is the usual encoding of text exported on Windows and of the FA-KES
    data. Its five unassigned bytes are replaced on reading (and reported).
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        for bom, encoding in _BOMS:
            if head.startswith(bom):
                return encoding
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def decode_text(data: bytes) -> tuple[str, str, int]:
    """Decode the bytes of a text file; returns (text, encoding, bytes replaced).

    Raises
    ------
    InputError
        For a binary file.
    """
    binary = sniff_binary(data[:4096])
    if binary:
        raise InputError(f"not a text file: looks like {binary}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, 0
            except UnicodeDecodeError as error:
                raise InputError(f"starts with a {encoding} byte-order mark "
                                 f"but does not decode: {error.reason}") from None
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        return text, "cp1252", text.count("\ufffd")


# --- HTML and Markdown ---------------------------------------------------------

class _HTMLTextExtractor(html.parser.HTMLParser):
    """Visible text of an HTML page, paragraphs on their own lines."""

    SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "template"}
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
              "section", "article", "figcaption", "pre", "table", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.heading = ""
        self._skip_depth = 0
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skip_depth += 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skip_depth:
            self._skip_depth -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title += data
            return
        if self._skip_depth:
            return
        if "h1" in self._in:
            self.heading += data
        self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text and headline (``<h1>``, else ``<title>``) of an HTML page."""
    extractor = _HTMLTextExtractor()
    extractor.feed(markup)
    extractor.close()
    text = re.sub(r"[ \t]*\n[ \t\n]*\n[ \t\n]*", "\n\n", "".join(extractor.parts)).strip()
    headline = " ".join((extractor.heading or extractor.title).split()) or None
    return text, headline


def markdown_to_text(markup: str) -> tuple[str, str | None]:
    """Plain text and first heading of a Markdown file (links keep their words)."""
    headline = None
    if found := re.search(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", markup, re.MULTILINE):
        headline = found[1]
    text = re.sub(r"^\s{0,3}#{1,6}\s+", "", markup, flags=re.MULTILINE)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return text, headline


# --- metadata values -------------------------------------------------------------

def parse_metadata_date(value: object, *, dayfirst: bool = False) -> dt.date | None:
    """A date from a metadata cell: ISO dates and datetimes, "4/5/2017"
    (month first unless ``dayfirst``), or any form :func:`parse_date_text` reads.

    Returns None for an empty cell. Raises ValueError for a value that is not a date.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if found := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", text):
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        if found := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text):
            first, second, year = int(found[1]), int(found[2]), int(found[3])
            year += 2000 if year < 100 else 0
            month, day = (second, first) if dayfirst else (first, second)
            return dt.date(year, month, day)
    except ValueError as error:
        # "day is out of range for month" alone does not say which cell.
        raise ValueError(f"date {text!r} is not a calendar date ({error})") from None
    parsed = parse_date_text(text)
    if parsed is None:
        raise ValueError(f"date {text!r} not understood")
    return parsed


def _headline_from_text(text: str) -> str | None:
    """The first paragraph when it reads as a headline: short, no closing period."""
    first = text.split("\n", 1)[0].strip()
    if first and len(first.split()) <= 25 and not first.endswith((".", '."', ".”")):
        return first
    return None


def build_record(original: str, *, source_file: str, source_row: int | None = None,
                 outlet: str | None = None, title: str | None = None,
                 published: dt.date | None = None,
                 warnings: Iterable[str] = ()) -> ArticleRecord:
    """Clean one article, fill in outlet and date from its text where missing.

    Raises
    ------
    InputError
        If the article has no words once page furniture is removed.
    """
    title = " ".join(title.split()) if title and title.strip() else None
    clean = clean_article(original, title=title)
    words = count_words(clean.text)
    if words == 0:
        raise InputError("no words in the article" if not count_words(original)
                         else "no words left once page furniture is removed")
    outlet_evidence = date_evidence = None
    outlet_basis = date_basis = "metadata"
    if outlet and outlet.strip():
        outlet = canonical_outlet(outlet)
    else:
        outlet_evidence = detect_outlet(original)
        outlet = outlet_evidence.value if outlet_evidence else None
        outlet_basis = "detected" if outlet_evidence else "unknown"
    if published is None:
        date_evidence = detect_date(original)
        published = dt.date.fromisoformat(date_evidence.value) if date_evidence else None
        date_basis = "detected" if date_evidence else "unknown"
    return ArticleRecord(
        article_id=article_id_for(clean.text, outlet), outlet=outlet, outlet_basis=outlet_basis,
        outlet_evidence=outlet_evidence, title=title or _headline_from_text(clean.text),
        published=published, date_basis=date_basis, date_evidence=date_evidence,
        source_file=source_file, source_row=source_row, original_text=original, clean=clean,
        words=words, warnings=tuple(warnings))


# --- text files --------------------------------------------------------------------

@dataclass(frozen=True)
class _FileMetadata:
    outlet: str | None
    title: str | None
    published: dt.date | None
    row: int


def _over_the_limit(limit: int) -> str:
    return f"over the {limit / 2**20:g} MB limit per article; raise it with --max-file-mb or {MAX_FILE_MB_ENV}"


def _read_text_file(path: Path, *, shown_as: str, metadata: _FileMetadata | None,
                    options: ImportOptions) -> ArticleRecord:
    size = path.stat().st_size
    limit = max_file_bytes(options)
    if size == 0:
        raise InputError("empty file")
    if size > limit:
        raise InputError(f"file is {size / 2**20:.1f} MB, {_over_the_limit(limit)}")
    text, encoding, replaced = decode_text(path.read_bytes())
    warnings = []
    if replaced:
        warnings.append(f"{replaced} undecodable byte(s) in {encoding} replaced with U+FFFD")
    headline = None
    if path.suffix.lower() in (".html", ".htm"):
        text, headline = html_to_text(text)
    elif path.suffix.lower() in (".md", ".markdown"):
        text, headline = markdown_to_text(text)
    if not text.strip():
        raise InputError("only whitespace, no text")
    outlet = title = published = None
    if metadata:
        outlet, title, published = metadata.outlet, metadata.title, metadata.published
    return build_record(text, source_file=shown_as, outlet=outlet, title=title or headline,
                        published=published, warnings=warnings)


def _find_column(columns: Iterable[str], role: str, given: str | None) -> str | None:
    columns = list(columns)
    if given is not None:
        return given if given in columns else None
    lowered = {str(column).strip().lower(): column for column in columns}
    for candidate in COLUMN_CANDIDATES[role]:
        if candidate in lowered:
            return lowered[candidate]
    return None


def _metadata_kind(path: Path) -> tuple[str, str]:
    """The delimiter of a metadata table and what messages call it: tab for ``.tsv``/``.tab``, else comma."""
    return ("\t", "metadata TSV") if path.suffix.lower() in (".tsv", ".tab") else (",", "metadata CSV")


def _resolve_named_file(name: str, folder: Path, text_files: Mapping[str, list[Path]]) -> Path | None:
    """The file a metadata row names: ``folder/name``, else ``folder/name`` plus a text extension,
    else the one text file of the imported folder with that file name or stem (None if none or several)."""
    target = (folder / name).resolve()
    if target.is_file():
        return target
    if not Path(name).suffix:
        for suffix in TEXT_SUFFIXES:
            if (with_suffix := target.with_name(target.name + suffix)).is_file():
                return with_suffix
    matches = text_files.get(Path(name).name.casefold(), [])
    return matches[0] if len(matches) == 1 else None


def _index_text_files(paths: Iterable[Path]) -> dict[str, list[Path]]:
    """Text files by lower-cased file name and by stem, for :func:`_resolve_named_file`."""
    index: dict[str, list[Path]] = {}
    for path in paths:
        resolved = path.resolve()
        for key in {path.name.casefold(), path.stem.casefold()}:
            index.setdefault(key, []).append(resolved)
    return index


def _read_metadata_csv(path: Path, *, folder: Path, options: ImportOptions,
                       text_files: Mapping[str, list[Path]] | None = None,
                       ) -> tuple[dict[Path, _FileMetadata], list[ImportProblem]]:
    problems: list[ImportProblem] = []
    delimiter, kind = _metadata_kind(path)
    try:
        data = path.read_bytes()
        text, _, _ = decode_text(data)
    except (OSError, InputError) as error:
        return {}, [ImportProblem(_shown(path, options), f"metadata not read: {error}")]
    try:
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        return {}, [ImportProblem(_shown(path, options), f"{kind} not read: {error}")]
    header = rows[0].keys() if rows else []
    file_column = _find_column(header, "file", None)
    if file_column is None:
        found = ", ".join(str(column) for column in header) or "none"
        return {}, [ImportProblem(_shown(path, options), f"{kind} has no file column "
                                  f"(looked for {', '.join(COLUMN_CANDIDATES['file'])}; found {found})")]
    columns = {role: _find_column(header, role, getattr(options.columns, role))
               for role in ("outlet", "title", "date")}
    by_file: dict[Path, _FileMetadata] = {}
    for row_number, row in enumerate(rows, start=2):  # row 1 is the header
        name = (row.get(file_column) or "").strip()
        if not name:
            problems.append(ImportProblem(_shown(path, options), "no file name", row=row_number))
            continue
        target = _resolve_named_file(name, folder, text_files or {})
        if target is None:
            problems.append(ImportProblem(_shown(path, options), f"names missing file {name!r}", row=row_number))
            continue
        published = None
        if columns["date"]:
            try:
                published = parse_metadata_date(row.get(columns["date"]), dayfirst=options.dayfirst)
            except ValueError as error:
                problems.append(ImportProblem(_shown(path, options), f"{error}; imported without a date",
                                              row=row_number, severity="warning"))
        by_file[target] = _FileMetadata(
            outlet=(row.get(columns["outlet"]) or None) if columns["outlet"] else None,
            title=(row.get(columns["title"]) or None) if columns["title"] else None,
            published=published, row=row_number)
    return by_file, problems


def _folder_metadata_path(folder: Path, options: ImportOptions) -> Path | None:
    if options.metadata_path is not None:
        return options.metadata_path
    return next((folder / name for name in METADATA_FILE_NAMES if (folder / name).is_file()), None)


def _read_folder(folder: Path, options: ImportOptions) -> Iterator[ArticleRecord | ImportProblem]:
    # A folder's README describes the corpus; it is not an article.
    paths = [path for path in sorted(folder.rglob("*"))
             if path.is_file() and not path.name.startswith(".") and path.stem.upper() != "README"]
    metadata_path = _folder_metadata_path(folder, options)
    metadata: dict[Path, _FileMetadata] = {}
    if metadata_path is not None and metadata_path.is_file():
        text_files = _index_text_files(path for path in paths if path.suffix.lower() in TEXT_SUFFIXES)
        metadata, problems = _read_metadata_csv(metadata_path, folder=metadata_path.parent, options=options,
                                                text_files=text_files)
        yield from problems
    skipped: dict[str, list[Path]] = {}
    for path in paths:
        if metadata_path is not None and path.resolve() == metadata_path.resolve():
            continue
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            yield from _read_one_text_file(path, metadata.get(path.resolve()), options)
        elif suffix in TABLE_SUFFIXES:
            yield from _read_table(path, options)
        else:
            skipped.setdefault(suffix, []).append(path)
    for suffix, files in skipped.items():
        reason = (f"{suffix or 'no extension'} is not an article format "
                  f"(expected {', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)})")
        if len(files) == 1:
            yield ImportProblem(_shown(files[0], options), f"skipped: {reason}", severity="warning")
        else:
            examples = ", ".join(_shown(path, options) for path in files[:_SKIPPED_EXAMPLES])
            yield ImportProblem(_shown(folder, options), f"skipped {len(files)} files: {reason}; "
                                f"for example {examples}", severity="warning")


def _read_one_text_file(path: Path, metadata: _FileMetadata | None,
                        options: ImportOptions) -> Iterator[ArticleRecord | ImportProblem]:
    try:
        yield _read_text_file(path, shown_as=_shown(path, options), metadata=metadata, options=options)
    except InputError as error:
        yield ImportProblem(_shown(path, options), str(error))
    except OSError as error:
        yield ImportProblem(_shown(path, options), f"cannot be read: {error.strerror or error}")


# --- tables ----------------------------------------------------------------------

_TABLE_CHUNK_ROWS = 2000


def _table_chunks(path: Path) -> Iterator[list[dict[str, object]]]:
    """Rows of a table file in chunks, each row a dict (with its 1-based line in ``__row``)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        import pandas as pd

        encoding = detect_encoding(path)
        with path.open("rb") as handle:
            binary = sniff_binary(handle.read(4096))
        if binary:
            raise InputError(f"not a CSV file: looks like {binary}")
        reader = pd.read_csv(path, encoding=encoding, encoding_errors="replace", dtype=str,
                             keep_default_na=False, chunksize=_TABLE_CHUNK_ROWS)
        first_row = 2  # after the header
        for frame in reader:
            records = frame.to_dict("records")
            for offset, record in enumerate(records):
                record["__row"] = first_row + offset
            first_row += len(records)
            yield records
    elif suffix in (".jsonl", ".ndjson"):
        encoding = detect_encoding(path)
        chunk: list[dict[str, object]] = []
        with path.open(encoding=encoding, errors="replace") as handle:
            for line_number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    chunk.append({"__row": line_number, "__error": f"not valid JSON ({error.msg})"})
                    continue
                if not isinstance(record, dict):
                    chunk.append({"__row": line_number, "__error": "not a JSON object"})
                    continue
                record["__row"] = line_number
                chunk.append(record)
                if len(chunk) >= _TABLE_CHUNK_ROWS:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk
    elif suffix == ".parquet":
        import pyarrow.lib
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(path)
        except pyarrow.lib.ArrowException as error:
            raise InputError(f"not a readable Parquet file ({error})") from None
        first_row = 1
        for batch in parquet.iter_batches(batch_size=_TABLE_CHUNK_ROWS):
            records = batch.to_pylist()
            for offset, record in enumerate(records):
                record["__row"] = first_row + offset
            first_row += len(records)
            yield records
    else:
        raise InputError(f"unknown table format {suffix!r}")


def _read_table(path: Path, options: ImportOptions) -> Iterator[ArticleRecord | ImportProblem]:
    source = _shown(path, options)
    columns: dict[str, str | None] | None = None
    rows = 0
    try:
        if path.stat().st_size == 0:
            yield ImportProblem(source, "empty file")
            return
        chunks = _table_chunks(path)
        for chunk in chunks:
            if not chunk:
                continue  # a CSV with a header and no rows gives one empty chunk
            rows += len(chunk)
            if columns is None:
                header = {key for record in chunk for key in record if not key.startswith("__")}
                if chunk and all("__error" in record for record in chunk):
                    # Only unreadable lines so far ("{broken"): say so line by line, and
                    # find the columns in the lines that follow.
                    for record in chunk:
                        yield ImportProblem(source, str(record["__error"]), row=int(record["__row"]))
                    continue
                columns = {role: _find_column(header, role, getattr(options.columns, role))
                           for role in ("text", "outlet", "title", "date")}
                if columns["text"] is None:
                    wanted = (repr(options.columns.text) if options.columns.text
                              else ", ".join(COLUMN_CANDIDATES["text"]))
                    yield ImportProblem(source, f"no text column (looked for {wanted}; "
                                        f"found {', '.join(sorted(map(str, header))) or 'none'}); "
                                        "name it with --text-column")
                    return
            for record in chunk:
                yield from _record_from_row(record, columns, source=source, options=options)
        if rows == 0:
            yield ImportProblem(source, "no rows: the table has no articles")
    except InputError as error:
        yield ImportProblem(source, str(error))
    except (OSError, ValueError, UnicodeError) as error:
        yield ImportProblem(source, f"cannot be read as a table: {error}")


def _cell(record: Mapping[str, object], column: str | None) -> object:
    return record.get(column) if column else None


def _record_from_row(record: dict[str, object], columns: Mapping[str, str | None], *, source: str,
                     options: ImportOptions) -> Iterator[ArticleRecord | ImportProblem]:
    row = int(record["__row"])  # type: ignore[arg-type]
    if "__error" in record:
        yield ImportProblem(source, str(record["__error"]), row=row)
        return
    text = _cell(record, columns["text"])
    if not isinstance(text, str) or not text.strip():
        yield ImportProblem(source, "no text in the text column", row=row)
        return
    size, limit = len(text.encode("utf-8", errors="replace")), max_file_bytes(options)
    if size > limit:
        # The same limit as for an article file: one cell can hold a whole dump.
        yield ImportProblem(source, f"text is {size / 2**20:.1f} MB, {_over_the_limit(limit)}", row=row)
        return
    warnings = []
    if "\ufffd" in text:
        warnings.append(f"{text.count(chr(0xFFFD))} undecodable byte(s) replaced with U+FFFD")
    published = None
    try:
        published = parse_metadata_date(_cell(record, columns["date"]), dayfirst=options.dayfirst)
    except ValueError as error:
        yield ImportProblem(source, f"{error}; imported without a date", row=row, severity="warning")
    outlet = _cell(record, columns["outlet"])
    title = _cell(record, columns["title"])
    try:
        yield build_record(text, source_file=source, source_row=row,
                           outlet=str(outlet) if outlet else None, title=str(title) if title else None,
                           published=published, warnings=warnings)
    except InputError as error:
        yield ImportProblem(source, str(error), row=row)


# --- entry point ---------------------------------------------------------------------

def read_articles(paths: Iterable[str | Path], *,
                  options: ImportOptions | None = None) -> Iterator[ArticleRecord | ImportProblem]:
    """Read every article under ``paths``, yielding records and problems as they come.

    Nothing here touches the store: see :func:`analysis.store.Store.import_articles`.
    """
    options = options or ImportOptions()
    for raw_path in paths:
        path = Path(raw_path)
        if not path.exists():
            yield ImportProblem(_shown(path, options), "no such file or folder")
        elif path.is_dir():
            yield from _read_folder(path, options)
        elif path.suffix.lower() in TABLE_SUFFIXES:
            yield from _read_table(path, options)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            metadata = None
            if options.metadata_path:
                by_file, problems = _read_metadata_csv(options.metadata_path,
                                                       folder=options.metadata_path.parent, options=options,
                                                       text_files=_index_text_files([path]))
                yield from problems
                metadata = by_file.get(path.resolve())
            yield from _read_one_text_file(path, metadata, options)
        else:
            yield ImportProblem(_shown(path, options), f"not an article format: {path.suffix or 'no extension'} "
                                f"(expected {', '.join(TEXT_SUFFIXES + TABLE_SUFFIXES)})")
