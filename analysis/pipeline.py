"""The full per-article analysis, its flat tables, and its runs over a store.

One article's analysis is a pure function of (clean text, lexicons, analyzer
version): loaded terms (with quotations from :mod:`analysis.quotes` so terms
in others' words are kept apart), attributions, sourcing and readability.
That purity is what lets results be cached in the store by analyzer version,
spread over processes, or over a Dask cluster (:mod:`analysis.dask_engine`),
with identical output.

Result tables, one row per ...

``scores``        article: the flat row of ``python -m analysis score``
``terms``         loaded-term occurrence (evidence spans into the clean text), with the target it names
``distancing``    distancing marker ("so-called", scare quotes, "alleged")
``attributions``  attribution (speaker, verb, kind, content span)
``citations``     news medium cited (wire agencies, outlets, state television)
``voice``         (article, speaker affiliation): words of reported content
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import math
import multiprocessing
import os
import sys
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.attribution import Attribution, extract_attributions, reporting_verbs
from analysis.loaded_terms import (
    ArticleTerms,
    DistancingMarker,
    Lexicon,
    TermMatch,
    article_terms_columns,
    load_lexicon,
    score_article_terms,
)
from analysis.precomputed import store_unfiltered_figures
from analysis.quotes import find_quotations, outer_quotations
from analysis.readability import Readability, readability
from analysis.sourcing import MediaCitation, Sourcing, sourcing_summary
from analysis.store import Store
from analysis.stories import regroup_store
from analysis.text import count_words

# Raise when the meaning of a result changes without a data file changing
# (a rule in code); data files and user lexicons are hashed into the version.
PIPELINE_VERSION = "3"
DATA_DIR = Path(__file__).parent / "data"
ATTRIBUTION_KINDS = ("direct", "indirect", "mixed")
# Below this many articles a process pool costs more than it saves.
_PARALLEL_MIN_ARTICLES = 200


@dataclass(frozen=True)
class Analyzer:
    """What an analysis depends on besides the text: lexicons, and the version naming them.

    Build one with :func:`make_analyzer`; it pickles small (paths, not
    compiled patterns), so it can be sent to worker processes and Dask workers.
    """

    extra_lexicons: tuple[str, ...]
    version: str

    @property
    def lexicon(self) -> Lexicon:
        return load_lexicon(extra_paths=self.extra_lexicons)


LEXICONS_ENV = "SOURCE_BIAS_LEXICONS"


def lexicons_from_environment() -> list[Path]:
    """The user's extra lexicon files named in ``$SOURCE_BIAS_LEXICONS`` (separated like PATH)."""
    value = os.environ.get(LEXICONS_ENV, "")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


USER_LEXICON_FOLDER = "lexicons"


def user_lexicon_folder(store_path: str | os.PathLike[str]) -> Path:
    """Where the Lexicon page saves the user's lexicons: a ``lexicons`` folder beside the store file."""
    return Path(store_path).parent / USER_LEXICON_FOLDER


def lexicons_for_store(store_path: str | os.PathLike[str]) -> list[Path]:
    """The extra lexicons every analysis of this store uses: ``$SOURCE_BIAS_LEXICONS``, then the ``.csv``
    files of :func:`user_lexicon_folder` in name order (a later file overrides an earlier one's terms)."""
    return [*lexicons_from_environment(), *sorted(user_lexicon_folder(store_path).glob("*.csv"))]


def make_analyzer(extra_lexicons: Iterable[str | os.PathLike[str]] = ()) -> Analyzer:
    """The analyzer with the bundled data files and the user's extra lexicon files.

    Its version is :data:`PIPELINE_VERSION` plus a hash of every data file's
    bytes and of every result table's columns (:func:`result_schemas`), so
    editing a word list invalidates exactly the cached results, and so does a
    field added to a record or a new score column: the dashboard and ``score``
    alike then see every article as not analyzed under this version.
    """
    paths = tuple(str(Path(p).resolve()) for p in extra_lexicons)
    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    for data_file in [*sorted(DATA_DIR.glob("*.csv")), *sorted(DATA_DIR.glob("*.toml")), *map(Path, paths)]:
        digest.update(data_file.name.encode())
        digest.update(data_file.read_bytes())
    unversioned = Analyzer(paths, "")
    unversioned.lexicon  # noqa: B018 - fail here, with the file named, on a broken lexicon
    for name, schema in result_schemas(unversioned).items():
        digest.update(f"{name}({', '.join(f'{field.name} {field.type}' for field in schema)})".encode())
    return Analyzer(paths, f"{PIPELINE_VERSION}-{digest.hexdigest()[:12]}")


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything measured in one article; offsets index the analyzed text."""

    terms: ArticleTerms
    attributions: tuple[Attribution, ...]
    sourcing: Sourcing
    readability: Readability


def analyze_text(text: str, analyzer: Analyzer, *, outlet: str | None = None) -> ArticleAnalysis:
    """Analyze one article's clean text; ``outlet``, where known, lets a state outlet's anonymous officials
    be read as its government's (``data/outlet_governments.csv``)."""
    quotations = outer_quotations(find_quotations(text))
    terms = score_article_terms(text, analyzer.lexicon,
                                quote_spans=[(q.start, q.end) for q in quotations])
    attributions = tuple(extract_attributions(text, outlet=outlet))
    return ArticleAnalysis(terms, attributions, sourcing_summary(text, attributions), readability(text))


_WARM_UP_TEXT = ("\u201cThe so-called rebels fled,\u201d the minister said on Sunday, "
                 "according to Reuters. Terrorists claimed the town, the army says.")


def warm_up(analyzer: Analyzer | None = None) -> None:
    """Load what a process's first analysis would: lexicon, compiled rules, the pronouncing dictionary.

    About 3 s of a worker's start, mostly textstat parsing ``cmudict``;
    :mod:`analysis.worker_warmup` does it once for all worker processes.
    """
    analyze_text(_WARM_UP_TEXT, analyzer or make_analyzer())


@lru_cache(maxsize=1)
def verb_classes() -> tuple[str, ...]:
    return tuple(sorted({verb.verb_class for verb in reporting_verbs()}))


def score_columns(analysis: ArticleAnalysis) -> dict[str, float | int | bool]:
    """The flat per-article figures (besides id and metadata) of ``python -m analysis score``."""
    row: dict[str, float | int | bool] = dict(article_terms_columns(analysis.terms))
    attributions = analysis.attributions
    row["attributions"] = len(attributions)
    row["direct_quotes"] = sum(a.kind == "direct" for a in attributions)
    row["indirect_quotes"] = sum(a.kind == "indirect" for a in attributions)
    row["mixed_quotes"] = sum(a.kind == "mixed" for a in attributions)
    sourcing = analysis.sourcing
    row["named_share"] = sourcing.named_share
    row["anonymous_share"] = sourcing.anonymous_share
    row["distinct_sources"] = sourcing.distinct_sources
    for verb_class in verb_classes():
        row[f"verb_{verb_class}"] = sum(a.verb_class == verb_class for a in attributions)
    row["media_cited"] = len(sourcing.media_names)
    row["wire_copy"] = sourcing.is_wire_copy
    row["flesch_reading_ease"] = analysis.readability.flesch_reading_ease
    row["flesch_kincaid_grade"] = analysis.readability.flesch_kincaid_grade
    return row


# --- result tables -------------------------------------------------------------------
#
# Each table of records (terms, distancing, attributions, citations) has one row per record: ``article_id``, then
# every field of the record's dataclass in declaration order, then columns derived from it. The columns and their
# types come from the dataclass itself, and ``analyze --json`` lists the same fields, so a field added to a record
# reaches the store, the CSV-side tables and the JSON with no second edit.

_ARROW_TYPES = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(), str: pa.string()}


def _arrow_type(owner: type, name: str, hint: object) -> pa.DataType:
    """The stored type of a record field: int, float, bool, str, a tuple of str, or one of them or None."""
    if hint in _ARROW_TYPES:
        return _ARROW_TYPES[hint]
    arguments = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in arguments:
        (inner, *more) = [argument for argument in arguments if argument is not type(None)]
        if not more:
            return _arrow_type(owner, name, inner)
    if typing.get_origin(hint) is tuple and arguments == (str, Ellipsis):
        return pa.list_(pa.string())
    raise TypeError(f"{owner.__name__}.{name}: a stored field is int, float, bool, str, tuple[str, ...] "
                    f"or one of them | None; got {hint}")


@dataclass(frozen=True)
class DerivedColumn:
    """A column computed from a record and its article's analysis, stored after the record's own fields."""

    name: str
    type: pa.DataType
    value: Callable[[typing.Any, ArticleAnalysis], object]
    in_json: bool  # also one of the record's keys in ``analyze --json``


@dataclass(frozen=True)
class RecordTable:
    """A result table of one row per record of an article's analysis (see the comment above)."""

    name: str
    record_type: type
    records: Callable[[ArticleAnalysis], Sequence[typing.Any]]
    numbered: bool = False  # a ``position`` column: the record's index among the article's records
    derived: tuple[DerivedColumn, ...] = ()

    @cached_property
    def fields(self) -> tuple[str, ...]:
        """The record's fields, in declaration order: the columns shared by the store and the JSON."""
        return tuple(field.name for field in dataclasses.fields(self.record_type))

    @cached_property
    def schema(self) -> pa.Schema:
        hints = typing.get_type_hints(self.record_type)
        return pa.schema([
            ("article_id", pa.string()),
            *([("position", pa.int64())] if self.numbered else []),
            *((name, _arrow_type(self.record_type, name, hints[name])) for name in self.fields),
            *((column.name, column.type) for column in self.derived),
        ])

    def rows(self, article_id: str, analysis: ArticleAnalysis) -> Iterator[tuple]:
        fields, derived = self.fields, self.derived
        for position, record in enumerate(self.records(analysis)):
            yield (article_id, *((position,) if self.numbered else ()), *(getattr(record, f) for f in fields),
                   *(column.value(record, analysis) for column in derived))

    def json_rows(self, analysis: ArticleAnalysis) -> list[dict[str, object]]:
        """The records as ``analyze --json`` lists them (spans not yet mapped): fields, then derived columns
        marked ``in_json``."""
        shown = [column for column in self.derived if column.in_json]
        return [{**{f: getattr(record, f) for f in self.fields},
                 **{column.name: column.value(record, analysis) for column in shown}}
                for record in self.records(analysis)]


def _is_wire_signature(citation: MediaCitation, analysis: ArticleAnalysis) -> bool:
    return any((w.start, w.end) == (citation.start, citation.end) for w in analysis.sourcing.wire_evidence)


RECORD_TABLES = {table.name: table for table in (
    RecordTable("terms", TermMatch, lambda analysis: analysis.terms.matches),
    RecordTable("distancing", DistancingMarker, lambda analysis: analysis.terms.markers),
    RecordTable("attributions", Attribution, lambda analysis: analysis.attributions, numbered=True,
                derived=(DerivedColumn("content_words", pa.int64(), lambda a, _: count_words(a.content),
                                       in_json=False),)),
    RecordTable("citations", MediaCitation, lambda analysis: analysis.sourcing.media,
                derived=(DerivedColumn("wire_signature", pa.bool_(), _is_wire_signature, in_json=True),)),
)}

RESULT_NAMES = ("scores", *RECORD_TABLES, "voice")

# Words of reported content per (article, speaker affiliation): pairs of the sourcing summary, not records.
VOICE_SCHEMA = pa.schema([("article_id", pa.string()), ("affiliation", pa.string()), ("words", pa.int64()),
                          ("share", pa.float64())])


def _voice_rows(article_id: str, analysis: ArticleAnalysis) -> Iterator[tuple]:
    shares = dict(analysis.sourcing.voice_share_by_affiliation)
    for affiliation, words in analysis.sourcing.words_by_affiliation:
        yield article_id, affiliation, words, shares.get(affiliation, math.nan)


def _value_type(value: object) -> pa.DataType:
    for python_type, arrow_type in _ARROW_TYPES.items():  # bool before int: a bool is an int too
        if isinstance(value, python_type):
            return arrow_type
    raise TypeError(f"a score is a bool, int, float or str; got {value!r}")


def score_schema(analyzer: Analyzer) -> pa.Schema:
    """The ``scores`` table's columns: ``article_id``, then :func:`score_columns` (which depend on the lexicon's
    concepts and targets; every article has them all), typed by their values."""
    return _score_schema(analyzer.extra_lexicons)


@lru_cache(maxsize=8)
def _score_schema(extra_lexicons: tuple[str, ...]) -> pa.Schema:
    # Keyed by the lexicons, not the analyzer: make_analyzer needs it before the version exists.
    columns = score_columns(analyze_text("", Analyzer(extra_lexicons, "")))
    return pa.schema([("article_id", pa.string()), *((name, _value_type(value)) for name, value in columns.items())])


def result_schemas(analyzer: Analyzer) -> dict[str, pa.Schema]:
    """Every result table's columns (without ``analyzer_version``), in :data:`RESULT_NAMES` order."""
    schemas = {"scores": score_schema(analyzer), **{name: table.schema for name, table in RECORD_TABLES.items()},
               "voice": VOICE_SCHEMA}
    return {name: schemas[name] for name in RESULT_NAMES}


def _typed_table(rows: Sequence[tuple], schema: pa.Schema) -> pa.Table:
    # Typed even when empty, so an empty batch stores the same columns as a full one; NaN is stored as null.
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([pa.array(column, type=field.type, from_pandas=True)
                                 for column, field in zip(columns, schema, strict=True)], schema=schema)


def result_tables(article_ids: Sequence[str], analyses: Sequence[ArticleAnalysis], *,
                  analyzer: Analyzer) -> dict[str, pa.Table]:
    """The analyses of ``article_ids`` as the store's result tables (see the module docstring), typed by
    :func:`result_schemas`."""
    schemas = result_schemas(analyzer)
    score_names = schemas["scores"].names
    rows: dict[str, list[tuple]] = {name: [] for name in RESULT_NAMES}
    for article_id, analysis in zip(article_ids, analyses, strict=True):
        scores = score_columns(analysis)
        if list(scores) != score_names[1:]:
            raise ValueError(f"article {article_id}: its score columns differ from the analyzer's "
                             f"({sorted(set(scores) ^ set(score_names[1:]))})")
        rows["scores"].append((article_id, *scores.values()))
        for name, table in RECORD_TABLES.items():
            rows[name].extend(table.rows(article_id, analysis))
        rows["voice"].extend(_voice_rows(article_id, analysis))
    return {name: _typed_table(rows[name], schemas[name]) for name in RESULT_NAMES}


def analyze_frame(frame: pd.DataFrame, analyzer: Analyzer) -> dict[str, pa.Table]:
    """Result tables for a frame with ``article_id``, ``outlet`` and ``clean_text`` columns.

    A pure function of its arguments: the unit of work for worker processes
    and for Dask partitions.
    """
    ids = frame["article_id"].tolist()
    # An article of no known outlet has a null outlet, which pandas reads as NaN.
    outlets = frame["outlet"].tolist() if "outlet" in frame.columns else [None] * len(frame)
    analyses = [analyze_text(text, analyzer, outlet=outlet if isinstance(outlet, str) else None)
                for text, outlet in zip(frame["clean_text"].tolist(), outlets, strict=True)]
    return result_tables(ids, analyses, analyzer=analyzer)


# --- runs over a store ------------------------------------------------------------


@dataclass(frozen=True)
class AnalysisRun:
    analyzed: int  # articles analyzed in this run
    cached: int  # articles whose results were already stored for this analyzer version
    # One line when stored results of an older layout were marked out of date (and recomputed by this run).
    notice: str | None = None


def export_unanalyzed(store_path: Path, analyzer: Analyzer, export: Path) -> tuple[int, int, str | None]:
    """Copy the texts that need analysis to Parquet (``export``), so the store is not held while analyzing.

    First, stored results whose columns differ from what this analyzer writes
    are marked out of date (:meth:`analysis.store.Store.mark_stale_results`),
    so their articles are exported too. Returns (articles to analyze,
    articles already analyzed, the one-line notice or None).
    """
    with Store(store_path) as store:
        notice = store.mark_stale_results(analyzer.version, result_schemas(analyzer))
        pending = store.export_unanalyzed_texts(export, analyzer.version)
        cached = store.article_count() - pending
    return pending, cached, notice


def _batches_of_unanalyzed(store_path: Path, analyzer: Analyzer, directory: Path,
                           batch_rows: int) -> tuple[int, int, str | None, Iterator[pd.DataFrame]]:
    export = directory / "texts.parquet"
    pending, cached, notice = export_unanalyzed(store_path, analyzer, export)

    def batches() -> Iterator[pd.DataFrame]:
        if not pending:
            return
        for batch in pq.ParquetFile(export).iter_batches(batch_size=batch_rows,
                                                         columns=["article_id", "outlet", "clean_text"]):
            yield batch.to_pandas()

    return pending, cached, notice, batches()


def analyze_store(store_path: str | os.PathLike[str], analyzer: Analyzer, *, workers: int | None = None,
                  batch_rows: int = 250, on_progress: Callable[[int], None] | None = None) -> AnalysisRun:
    """Analyze every stored article that has no results for ``analyzer.version``.

    Texts stream from a Parquet export in batches of ``batch_rows``; each
    batch's results are saved in their own short transaction, so memory stays
    bounded, an interrupted run keeps what it finished, and other readers of
    the store wait at most one save. ``workers`` processes (default: one per
    core) analyze batches in parallel; ``on_progress`` gets the number of
    articles of each saved batch. Then, if articles were imported or deleted
    since, the stories are regrouped over the whole store
    (:func:`analysis.stories.regroup_store`).
    """
    store_path = Path(store_path)
    workers = workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix=".analyze-", dir=store_path.parent) as directory:
        pending, cached, notice, batches = _batches_of_unanalyzed(store_path, analyzer, Path(directory), batch_rows)
        if pending < _PARALLEL_MIN_ARTICLES or workers == 1:
            for frame in batches:
                _save(store_path, analyzer, frame["article_id"].tolist(), analyze_frame(frame, analyzer))
                if on_progress:
                    on_progress(len(frame))
        else:
            _analyze_in_processes(store_path, analyzer, batches, workers, on_progress)
    with Store(store_path) as store:
        current = store.stories_are_current()
    if not current:
        regroup_store(store_path)
    store_unfiltered_figures(store_path, analyzer.version)
    return AnalysisRun(analyzed=pending, cached=cached, notice=notice)


def _analyze_in_processes(store_path: Path, analyzer: Analyzer, batches: Iterator[pd.DataFrame], workers: int,
                          on_progress: Callable[[int], None] | None) -> None:
    # forkserver, not fork: the dashboard calls this from a threaded server, and forking threads is unsafe.
    context = multiprocessing.get_context("forkserver")
    # The server imports this once and workers fork from it warm (ignored once the server runs).
    context.set_forkserver_preload(["analysis.worker_warmup"])
    with _main_module_hidden(), ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running: dict[Future, list[str]] = {}
        for frame in batches:
            # At most two batches per worker in flight: memory stays bounded however large the corpus.
            while len(running) >= 2 * workers:
                running = _save_finished(store_path, analyzer, running, on_progress)
            running[pool.submit(analyze_frame, frame, analyzer)] = frame["article_id"].tolist()
        while running:
            running = _save_finished(store_path, analyzer, running, on_progress)


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Keep worker processes from running the caller's ``__main__`` script.

    A forkserver worker re-runs the parent's ``__main__`` file before its
    first task. For a script such as the dashboard (Streamlit runs app.py as
    ``__main__``) that would start the app, and another analysis, inside the
    worker. Workers need only the analysis code, so while the pool starts its
    workers a stand-in ``__main__`` without a file is shown to them.
    """
    original = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if original is not None:
            sys.modules["__main__"] = original


def _save_finished(store_path: Path, analyzer: Analyzer, running: dict[Future, list[str]],
                   on_progress: Callable[[int], None] | None) -> dict[Future, list[str]]:
    done, _ = wait(running, return_when=FIRST_COMPLETED)
    for future in done:
        ids = running.pop(future)
        _save(store_path, analyzer, ids, future.result())
        if on_progress:
            on_progress(len(ids))
    return running


def _save(store_path: Path, analyzer: Analyzer, article_ids: list[str], tables: dict[str, pa.Table]) -> None:
    with Store(store_path) as store:
        store.save_analysis(analyzer.version, article_ids, tables)


def analysis_as_json(analysis: ArticleAnalysis, *, to_original: Callable[[int, int], tuple[int, int]],
                     original: str | None = None) -> dict:
    """One article's analysis as plain data, with every span mapped by ``to_original``.

    ``python -m analysis analyze FILE --json`` prints this with spans mapped
    to the file's text as read, so ``text[start:end]`` shows the evidence.
    Given that ``original`` text, each attribution's ``content`` is its slice
    (as written, before Unicode normalization), so the two always agree.
    """

    def mapped(start: int, end: int) -> tuple[int, int]:
        return to_original(start, end) if end > start else to_original(start, start)

    def with_spans_mapped(row: dict[str, object]) -> dict[str, object]:
        # Every span of a record is a pair of fields start/end or <name>_start/<name>_end; -1 means none.
        mapped_row = dict(row)
        for key in row:
            if key == "start" or key.endswith("_start"):
                end_key = key[:-len("start")] + "end"
                if end_key in row and row[key] >= 0:
                    mapped_row[key], mapped_row[end_key] = mapped(row[key], row[end_key])
        return mapped_row

    tables = {name: [with_spans_mapped(row) for row in table.json_rows(analysis)]
              for name, table in RECORD_TABLES.items()}
    if original is not None:
        for attribution in tables["attributions"]:
            attribution["content"] = original[attribution["content_start"]:attribution["content_end"]]
    sourcing = analysis.sourcing
    return {
        "scores": {key: _json_float(value) if isinstance(value, float) else value
                   for key, value in score_columns(analysis).items()},
        "concepts": [{**asdict(score), "stance": _json_float(score.stance),
                      "term_counts": dict(score.term_counts),
                      "targets": [{**asdict(target), "stance": _json_float(target.stance)}
                                  for target in score.targets]} for score in analysis.terms.concepts],
        "terms": tables["terms"],
        "distancing": tables["distancing"],
        "attributions": tables["attributions"],
        "sourcing": {
            "media": tables["citations"],
            "media_names": list(sourcing.media_names),
            "is_wire_copy": sourcing.is_wire_copy,
            "attributions": sourcing.attributions,
            "distinct_sources": sourcing.distinct_sources,
            "named_share": _json_float(sourcing.named_share),
            "anonymous_share": _json_float(sourcing.anonymous_share),
            "words_by_affiliation": dict(sourcing.words_by_affiliation),
            "voice_share_by_affiliation": dict(sourcing.voice_share_by_affiliation),
        },
    }


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else value


def score_table(store: Store, analyzer: Analyzer, *, article_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The ``score`` command's table: ``article_id, outlet, title, date, words``, then the figures.

    One row per article of the store (or of ``article_ids``), in the store's
    order (outlet, date); articles not yet analyzed have empty figures.
    """
    articles = store.articles(columns=("article_id", "outlet", "title", "published"))
    if article_ids is not None:
        articles = articles[articles["article_id"].isin(set(article_ids))]
    scores = store.result_table("scores", analyzer.version, article_ids=article_ids)
    if scores.empty:
        scores = pd.DataFrame({"article_id": pd.Series(dtype=str), "words": pd.Series(dtype="int64")})
    table = articles.rename(columns={"published": "date"}).merge(scores, on="article_id", how="left")
    leading = ["article_id", "outlet", "title", "date", "words"]
    return table[leading + [c for c in table.columns if c not in leading]].reset_index(drop=True)
