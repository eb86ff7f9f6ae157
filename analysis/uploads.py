"""Import files handed over by the dashboard (uploads) or pasted text.

Uploaded bytes go to a private temporary folder under names reduced to safe
characters, so no upload name can write outside it; they are then read like
any folder and shown as ``upload/<name>``. The outlet, headline and date the
user gives with the upload reach the text files through the import's own
metadata mechanism (a metadata CSV next to them).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from analysis.corpus_import import (
    METADATA_FILE_NAMES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    ImportOptions,
    ImportProblem,
    InputError,
    build_record,
    read_articles,
)
from analysis.store import ImportSummary, Store

UPLOAD_SUFFIXES = TEXT_SUFFIXES + TABLE_SUFFIXES


def safe_file_name(name: str) -> str:
    """The last component of ``name`` with only letters, digits, ``.``, ``-`` and ``_``.

    >>> safe_file_name("../../etc/passwd")
    'passwd'
    >>> safe_file_name("C:\\\\reports\\\\Aleppo truce.txt")
    'Aleppo_truce.txt'
    """
    base = re.split(r"[\\\\/]", name)[-1]
    cleaned = re.sub(r"[^\w.-]", "_", base).lstrip(".")
    return cleaned[:120] or "upload"


def import_uploads(store: Store, files: Iterable[tuple[str, bytes]], *, options: ImportOptions | None = None,
                   outlet: str | None = None, title: str | None = None, published: dt.date | None = None
                   ) -> ImportSummary:
    """Import uploaded ``(file name, content)`` pairs into ``store``.

    A file whose type is not an article format is reported and skipped.
    ``outlet``, ``title`` and ``published`` (keyword-only, optional) are the
    user's metadata for the uploaded text files: the outlet and date apply to
    each, the headline only when one text file is uploaded. Tables carry
    their own columns, and an uploaded ``metadata.csv`` takes precedence;
    either case is reported as a warning when the user gave metadata.
    """
    options = options or ImportOptions()
    outlet = outlet.strip() if outlet and outlet.strip() else None
    title = title.strip() if title and title.strip() else None
    problems: list[ImportProblem] = []
    with tempfile.TemporaryDirectory(prefix="source-bias-upload-") as folder:
        root = Path(folder)
        used: set[str] = set()
        for name, content in files:
            safe = safe_file_name(name)
            if not safe.lower().endswith(UPLOAD_SUFFIXES):
                problems.append(ImportProblem(f"upload/{safe}", "not an article format "
                                              f"(expected {', '.join(UPLOAD_SUFFIXES)})"))
                continue
            while safe in used:  # two uploads with one name keep both
                safe = f"_{safe}"
            used.add(safe)
            (root / safe).write_bytes(content)
        metadata_path, metadata_problems = _form_metadata(root, sorted(used), outlet=outlet, title=title,
                                                          published=published)
        problems.extend(metadata_problems)
        read_options = ImportOptions(columns=options.columns, metadata_path=metadata_path or options.metadata_path,
                                     dayfirst=options.dayfirst, max_file_mb=options.max_file_mb,
                                     shown_root=(root, "upload"))
        summary = store.import_articles([*problems, *read_articles([root], options=read_options)])
    return summary


def _form_metadata(root: Path, names: list[str], *, outlet: str | None, title: str | None,
                   published: dt.date | None) -> tuple[Path | None, list[ImportProblem]]:
    """Write the user's outlet, headline and date for the uploaded text files as a metadata CSV in ``root``.

    The file's name starts with a dot, which no upload's safe name does, and the folder reader skips it.
    """
    if outlet is None and title is None and published is None:
        return None, []
    texts = [name for name in names if name.lower().endswith(TEXT_SUFFIXES)]
    problems = []
    if metadata := next((name for name in METADATA_FILE_NAMES if name in names), None):
        return None, [ImportProblem(f"upload/{metadata}", f"the uploaded {metadata} gives outlets, "
                                    "headlines and dates; the ones typed in the form were not used",
                                    severity="warning")]
    tables = [name for name in names if name.lower().endswith(TABLE_SUFFIXES)]
    if tables and (outlet or published):
        problems.extend(ImportProblem(f"upload/{name}", "a table's outlets and dates come from its columns; the "
                                      "outlet and date typed in the form were not used", severity="warning")
                        for name in tables)
    if title and len(texts) > 1:
        problems.append(ImportProblem("upload", f"the headline typed in the form applies to one file; {len(texts)} "
                                      "text files were uploaded, each keeps its own headline", severity="warning"))
        title = None
    path = root / ".upload-form-metadata.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "outlet", "title", "date"])
        for name in texts:
            writer.writerow([name, outlet or "", title or "", published.isoformat() if published else ""])
    return path, problems


def import_pasted_text(store: Store, text: str, *, outlet: str | None = None, title: str | None = None,
                       published: dt.date | None = None) -> ImportSummary:
    """Import one article pasted as text; outlet, headline and date found in the text where not given."""
    try:
        record = build_record(text, source_file="pasted text", outlet=outlet, title=title, published=published)
    except InputError as error:
        return store.import_articles([ImportProblem("pasted text", str(error))])
    return store.import_articles([record])
