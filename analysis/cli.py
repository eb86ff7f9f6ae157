"""Command line: ``python -m analysis COMMAND ...``.

Commands
--------
import PATH...              read articles into the store (folders, .txt/.md/.html, .csv/.jsonl/.parquet)
list                        list the stored articles
score [INPUT...] --out F    one row of figures per article, to F (.csv or .parquet)
analyze FILE --json         one article's analysis with its evidence spans, as JSON
discover [--seed TERM...]   candidate substitutes for a seed term, or the contested groups of terms
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb

from analysis.attribution import DataFileError
from analysis.corpus_import import (
    DEFAULT_MAX_FILE_MB,
    MAX_FILE_MB_ENV,
    ArticleRecord,
    ColumnNames,
    ImportOptions,
    ImportProblem,
    read_articles,
)
from analysis.loaded_terms import LexiconError
from analysis.store import STORE_ENV, Store, StoreError, damaged_store_message, default_store_path, stage_articles


def _add_store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=None,
                        help=f"the store file (default: ${STORE_ENV} or {default_store_path()})")


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--metadata", type=Path, default=None,
                        help="metadata table (.csv, or .tsv tab-separated) for a folder of text files "
                             "(default: metadata.csv or metadata.tsv in the folder)")
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


def _add_analyzer_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lexicon", type=Path, action="append", default=None,
                        help="an extra lexicon CSV that adds or overrides terms (repeatable; "
                             "default: the files in $SOURCE_BIAS_LEXICONS, separated like PATH, and the "
                             "lexicons/ folder beside the store)")


def _lexicons(args: argparse.Namespace) -> list[Path]:
    from analysis.pipeline import lexicons_for_store

    store_path = getattr(args, "store", None) or default_store_path()
    return args.lexicon if args.lexicon is not None else lexicons_for_store(store_path)


def _import_and_collect_ids(args: argparse.Namespace, store_path: Path) -> tuple[list[str], int]:
    """Import ``args.inputs`` into the store; the ids of their articles and the number of errors."""
    from tqdm import tqdm

    ids: list[str] = []

    def remembered(items):
        for item in items:
            if isinstance(item, ArticleRecord):
                ids.append(item.article_id)
            yield item

    with tempfile.TemporaryDirectory(prefix=".import-", dir=store_path.parent) as staging:
        with tqdm(desc="reading", unit=" articles", disable=None, file=sys.stderr) as progress:
            staged = stage_articles(remembered(read_articles(args.inputs, options=_options(args))), Path(staging),
                                    on_progress=progress.update)
        with Store(store_path) as store:
            summary = store.import_staged(staged)
    for problem in summary.problems:
        print(problem, file=sys.stderr)
    return list(dict.fromkeys(ids)), len(summary.errors)


def _run_score(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from analysis.pipeline import analyze_store, make_analyzer, score_table

    if args.out.suffix.lower() not in (".csv", ".parquet"):
        print(f"error: {args.out}: the output file must end in .csv or .parquet", file=sys.stderr)
        return 2
    analyzer = make_analyzer(_lexicons(args))
    inputs = list(args.inputs)
    store_path = args.store or default_store_path()
    if len(inputs) == 1 and Path(inputs[0]).suffix.lower() == ".duckdb":
        store_path, inputs = Path(inputs[0]), []
    store_path.parent.mkdir(parents=True, exist_ok=True)
    ids, errors = _import_and_collect_ids(argparse.Namespace(**{**vars(args), "inputs": inputs}), store_path) \
        if inputs else (None, 0)
    with tqdm(desc="analyzing", unit=" articles", disable=None, file=sys.stderr) as progress:
        if args.engine == "dask":
            from analysis.dask_engine import analyze_store_on_dask
            run = analyze_store_on_dask(store_path, analyzer, scheduler=args.scheduler, workers=args.workers,
                                        on_progress=progress.update)
        else:
            run = analyze_store(store_path, analyzer, workers=args.workers, on_progress=progress.update)
    if run.notice:
        print(run.notice, file=sys.stderr)
    with Store(store_path, read_only=True) as store:
        table = score_table(store, analyzer, article_ids=ids)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.suffix.lower() == ".csv":
        table.to_csv(args.out, index=False)
    else:
        table.to_parquet(args.out, index=False)
    print(f"scored {len(table)} article(s) ({run.analyzed} analyzed now, {run.cached} from the store's cache) "
          f"into {args.out}", file=sys.stderr)
    return 1 if errors else 0


def _run_analyze(args: argparse.Namespace) -> int:
    import json

    from analysis.pipeline import analysis_as_json, analyze_text, make_analyzer

    records = [item for item in read_articles([args.file], options=_options(args))]
    for problem in (item for item in records if isinstance(item, ImportProblem)):
        print(problem, file=sys.stderr)
    articles = [item for item in records if isinstance(item, ArticleRecord)]
    if len(articles) != 1:
        if articles:
            print(f"error: {args.file}: holds {len(articles)} articles; analyze takes one article "
                  f"(use score for tables)", file=sys.stderr)
        return 1
    article = articles[0]
    analysis = analyze_text(article.clean.text, make_analyzer(_lexicons(args)), outlet=article.outlet)
    document = {
        "file": str(args.file), "article_id": article.article_id, "outlet": article.outlet,
        "title": article.title, "date": article.published.isoformat() if article.published else None,
        "words": article.words,
        "offsets": "spans index the file's text as read (decoded, before cleaning)",
        **analysis_as_json(analysis, to_original=article.clean.to_original, original=article.original_text),
        "removed": [{"start": span.start, "end": span.end, "rule": span.rule} for span in article.clean.removed],
    }
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for key, value in document["scores"].items():
            print(f"{key:32} {value}")
    return 0


def _run_discover(args: argparse.Namespace) -> int:
    from analysis.lexicon_discovery import (
        DiscoveryError,
        DiscoveryOptions,
        candidate_table,
        discover,
        examples,
        outlet_filter,
        store_batches,
    )

    store_path = args.store or default_store_path()
    if not store_path.exists():
        print(f"error: {store_path}: no store yet; import articles first (python -m analysis import PATH)",
              file=sys.stderr)
        return 2
    groups = {}
    for value in args.group or ():
        label, _, members = value.partition("=")
        if not label.strip() or not members.strip():
            print(f"error: --group {value!r}: write it as NAME=OUTLET,OUTLET", file=sys.stderr)
            return 2
        groups[label.strip()] = [member.strip() for member in members.split(",") if member.strip()]
    try:
        found = discover(store_path, seeds=args.seed or (), outlets=args.outlets or (), groups=groups,
                         top=args.top, options=DiscoveryOptions(min_count=args.min_count))
    except DiscoveryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    model = found.model
    print(f"model: {model.articles} article(s), {model.tokens} tokens, {len(model.units)} terms with a vector, "
          f"outlets: {', '.join(model.outlets)}; took {found.seconds:.1f} s", file=sys.stderr)
    status = 0
    for seed, listed in found.candidates.items():
        if not listed:
            print(f"error: {seed!r} occurs fewer than {args.min_count} times in these articles: no candidates",
                  file=sys.stderr)
            status = 1
            continue
        table = candidate_table(model, seed, listed)
        print(f"\n== candidates for {seed!r} (cosine of context vectors; counts per outlet) ==")
        print(table.drop(columns=[c for c in table.columns if c.startswith("share: ")])
              .to_string(index=False, max_colwidth=60))
        if args.examples:
            source = store_batches(store_path)
            for example in examples(source, [seed, *(c.term for c in listed)], per_outlet=args.examples,
                                    outlet_groups=outlet_filter(args.outlets or (), groups)):
                print(f"  [{example.term}] {example.outlet} {example.article_id}:{example.start}-{example.end}: "
                      f"{example.sentence}")
    if not args.seed:
        print("== contested groups: substitutable terms whose use differs most between outlets ==")
        print("(Cramér's V of the terms x outlets table; chi-square p-value; n = mentions)")
        for group in found.groups[:args.top]:
            print(f"V={group.cramers_v:.2f}  p={group.p_value:.1e}  n={group.mentions}  {' / '.join(group.terms)}")
    return status


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

    scorer = commands.add_parser("score", help="one row of figures per article, to a CSV or Parquet file")
    scorer.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files or folders to import and score, or a store file (.duckdb); "
                             "none: every article of the store")
    scorer.add_argument("--out", type=Path, required=True, help="the output file, .csv or .parquet")
    scorer.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local processes (default) or a Dask cluster")
    scorer.add_argument("--scheduler", default=None,
                        help="with --engine dask: the scheduler address (tcp://host:8786); "
                             "default: a local cluster")
    scorer.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: one per core)")
    _add_analyzer_arguments(scorer)
    _add_input_arguments(scorer)
    _add_store_argument(scorer)
    scorer.set_defaults(run=_run_score)

    analyzer = commands.add_parser("analyze", help="one article's analysis with its evidence")
    analyzer.add_argument("file", type=Path, help="a text, Markdown or HTML file holding one article")
    analyzer.add_argument("--json", action="store_true", help="print the whole analysis as JSON")
    _add_analyzer_arguments(analyzer)
    _add_input_arguments(analyzer)
    analyzer.set_defaults(run=_run_analyze)

    discoverer = commands.add_parser("discover", help="candidate substitutes for a term, or contested groups")
    discoverer.add_argument("--seed", action="append", default=None, metavar="TERM",
                            help="a word or phrase whose alternatives to find (repeatable); none: list the "
                                 "groups of substitutable terms whose use differs most between outlets")
    discoverer.add_argument("--outlets", nargs="+", default=None, metavar="OUTLET",
                            help="only these outlets' articles (default: every outlet)")
    discoverer.add_argument("--group", action="append", default=None, metavar="NAME=OUTLET,OUTLET",
                            help="count these outlets together under NAME (repeatable)")
    discoverer.add_argument("--top", type=int, default=20, help="candidates (or groups) to list (default 20)")
    discoverer.add_argument("--min-count", type=int, default=5,
                            help="occurrences a term needs to get a vector (default 5)")
    discoverer.add_argument("--examples", type=int, default=0, metavar="N",
                            help="print N example sentences per term and outlet (default none)")
    _add_store_argument(discoverer)
    discoverer.set_defaults(run=_run_discover)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (StoreError, LexiconError, DataFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except duckdb.Error as error:
        # Damage that DuckDB notices only when a query reads the broken part of the file.
        store_path = getattr(args, "store", None) or default_store_path()
        print(f"error: {damaged_store_message(Path(store_path), error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing from this run was stored", file=sys.stderr)
        return 130
