"""Command line: ``python -m analysis COMMAND ...``.

Commands
--------
import PATH...   read articles into the store (folders, .txt/.md/.html, .csv/.jsonl/.parquet)
list             list the stored articles
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from analysis.corpus_import import DEFAULT_MAX_FILE_MB, MAX_FILE_MB_ENV, ColumnNames, ImportOptions, read_articles
from analysis.store import STORE_ENV, Store, StoreError, default_store_path, stage_articles


def _add_store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=None,
                        help=f"the store file (default: ${STORE_ENV} or {default_store_path()})")


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--metadata", type=Path, default=None,
                        help="metadata CSV for a folder of text files (default: metadata.csv in the folder)")
    for role in ("text", "outlet", "title", "date"):
        parser.add_argument(f"--{role}-column", default=None,
                            help=f"name of the {role} column of a table (default: found by common names)")
    parser.add_argument("--dayfirst", action="store_true",
                        help="read dates such as 4/5/2017 as 4 May (default: month first, 5 April)")
    parser.add_argument("--max-file-mb", type=float, default=None,
                        help=f"size limit of one text file in MB "
                             f"(default: ${MAX_FILE_MB_ENV} or {DEFAULT_MAX_FILE_MB:g})")


def _options(args: argparse.Namespace) -> ImportOptions:
    return ImportOptions(
        columns=ColumnNames(text=args.text_column, outlet=args.outlet_column,
                            title=args.title_column, date=args.date_column),
        metadata_path=args.metadata, dayfirst=args.dayfirst, max_file_mb=args.max_file_mb)


def _run_import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    store_path = args.store or default_store_path()
    store_path.parent.mkdir(parents=True, exist_ok=True)
    # Read and clean first, then open the store: its lock is held only while rows are inserted.
    with tempfile.TemporaryDirectory(prefix=".import-", dir=store_path.parent) as staging:
        with tqdm(desc="reading", unit=" articles", disable=None, file=sys.stderr) as progress:
            staged = stage_articles(read_articles(args.paths, options=_options(args)), Path(staging),
                                    on_progress=progress.update)
        print(f"storing {staged.rows} article(s) in {store_path}...",
              file=sys.stderr, flush=True)
        with Store(store_path) as store:
            summary = store.import_staged(staged)
            total = store.article_count()
    for problem in summary.problems:
        print(problem, file=sys.stderr)
    print(f"imported {summary.added} new article(s); {summary.already_stored} already stored, "
          f"{summary.duplicates_in_batch} duplicate(s) in this batch; "
          f"{len(summary.errors)} error(s), {len(summary.warnings)} warning(s); "
          f"the store {store.path} holds {total} article(s)")
    return 1 if summary.errors else 0


def _run_list(args: argparse.Namespace) -> int:
    with Store(args.store, read_only=True) as store:
        frame = store.articles(columns=("article_id", "outlet", "published", "words", "title"))
    if frame.empty:
        print("the store is empty")
        return 0
    print(frame.to_string(index=False, max_colwidth=70))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Source-bias comparison: import and analyze news articles.")
    commands = parser.add_subparsers(dest="command", required=True)

    importer = commands.add_parser("import", help="read articles into the store")
    importer.add_argument("paths", nargs="+", help="folders, text files or tables")
    _add_input_arguments(importer)
    _add_store_argument(importer)
    importer.set_defaults(run=_run_import)

    lister = commands.add_parser("list", help="list the stored articles")
    _add_store_argument(lister)
    lister.set_defaults(run=_run_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing from this run was stored", file=sys.stderr)
        return 130
