"""Import files handed over by the dashboard (uploads) or pasted text.

Uploaded bytes go to a private temporary folder under names reduced to safe
characters, so no upload name can write outside it; they are then read like
any folder and shown as ``upload/<name>``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from analysis.corpus_import import (
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


def import_uploads(store: Store, files: Iterable[tuple[str, bytes]], *,
                   options: ImportOptions | None = None) -> ImportSummary:
    """Import uploaded ``(file name, content)`` pairs into ``store``.

    A file whose type is not an article format is reported and skipped.
    """
    options = options or ImportOptions()
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
        read_options = ImportOptions(columns=options.columns, metadata_path=options.metadata_path,
                                     dayfirst=options.dayfirst, max_file_mb=options.max_file_mb,
                                     shown_root=(root, "upload"))
        summary = store.import_articles([*problems, *read_articles([root], options=read_options)])
    return summary


def import_pasted_text(store: Store, text: str, *, outlet: str | None = None, title: str | None = None
                       ) -> ImportSummary:
    """Import one article pasted as text."""
    try:
        record = build_record(text, source_file="pasted text", outlet=outlet, title=title)
    except InputError as error:
        return store.import_articles([ImportProblem("pasted text", str(error))])
    return store.import_articles([record])
