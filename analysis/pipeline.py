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
import hashlib
import math
import multiprocessing
import os
import sys
import tempfile
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from analysis.attribution import Attribution, extract_attributions, reporting_verbs
from analysis.loaded_terms import (
    ArticleTerms,
    Lexicon,
    article_terms_columns,
    load_lexicon,
    score_article_terms,
)
from analysis.precomputed import store_unfiltered_figures
from analysis.quotes import find_quotations, outer_quotations
from analysis.readability import Readability, readability
from analysis.sourcing import Sourcing, sourcing_summary
from analysis.store import Store
from analysis.stories import regroup_store
from analysis.text import count_words

# Raise when the meaning of a result changes without a data file changing
# (a rule in code); data files and user lexicons are hashed into the version.
PIPELINE_VERSION = "2"
DATA_DIR = Path(__file__).parent / "data"
ATTRIBUTION_KINDS = ("direct", "indirect", "mixed")
RESULT_NAMES = ("scores", "terms", "distancing", "attributions", "citations", "voice")
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
    bytes, so editing a word list invalidates exactly the cached results.
    """
    paths = tuple(str(Path(p).resolve()) for p in extra_lexicons)
    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    for data_file in [*sorted(DATA_DIR.glob("*.csv")), *sorted(DATA_DIR.glob("*.toml")), *map(Path, paths)]:
        digest.update(data_file.name.encode())
        digest.update(data_file.read_bytes())
    analyzer = Analyzer(paths, f"{PIPELINE_VERSION}-{digest.hexdigest()[:12]}")
    analyzer.lexicon  # noqa: B018 - fail here, with the file named, on a broken lexicon
    return analyzer


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


_TERM_COLUMNS = ("article_id", "start", "end", "term", "concept", "stance", "in_quote", "distanced", "target",
                 "target_basis", "name_start", "name_end", "in_headline_stance")
_DISTANCING_COLUMNS = ("article_id", "start", "end", "marker", "kind", "concept", "target_start", "target_end")
_ATTRIBUTION_COLUMNS = ("article_id", "position", "speaker", "speaker_start", "speaker_end", "speaker_type",
                        "affiliation", "verb", "verb_lemma", "verb_class", "kind", "content", "content_start",
                        "content_end", "content_words")
_CITATION_COLUMNS = ("article_id", "name", "kind", "start", "end", "wire_signature")
_VOICE_COLUMNS = ("article_id", "affiliation", "words", "share")


def result_tables(article_ids: Sequence[str], analyses: Sequence[ArticleAnalysis]) -> dict[str, pd.DataFrame]:
    """The analyses of ``article_ids`` as the store's result tables (see the module docstring)."""
    scores, terms, distancing, attributions, citations, voice = [], [], [], [], [], []
    for article_id, analysis in zip(article_ids, analyses, strict=True):
        scores.append({"article_id": article_id, **score_columns(analysis)})
        terms.extend((article_id, m.start, m.end, m.term, m.concept, m.stance, m.in_quote, m.distanced, m.target,
                      m.target_basis, m.name_start, m.name_end, m.in_headline_stance)
                     for m in analysis.terms.matches)
        distancing.extend((article_id, m.start, m.end, m.marker, m.kind, m.concept, m.target_start, m.target_end)
                          for m in analysis.terms.markers)
        attributions.extend((article_id, position, a.speaker, a.speaker_start, a.speaker_end, a.speaker_type,
                             a.affiliation, a.verb, a.verb_lemma, a.verb_class, a.kind, a.content,
                             a.content_start, a.content_end, count_words(a.content))
                            for position, a in enumerate(analysis.attributions))
        wire = {(c.start, c.end) for c in analysis.sourcing.wire_evidence}
        citations.extend((article_id, c.name, c.kind, c.start, c.end, (c.start, c.end) in wire)
                         for c in analysis.sourcing.media)
        shares = dict(analysis.sourcing.voice_share_by_affiliation)
        voice.extend((article_id, affiliation, words, shares.get(affiliation, math.nan))
                     for affiliation, words in analysis.sourcing.words_by_affiliation)
    return {
        "scores": pd.DataFrame(scores) if scores else pd.DataFrame({"article_id": pd.Series(dtype=str)}),
        "terms": _typed_frame(terms, _TERM_COLUMNS),
        "distancing": _typed_frame(distancing, _DISTANCING_COLUMNS),
        "attributions": _typed_frame(attributions, _ATTRIBUTION_COLUMNS),
        "citations": _typed_frame(citations, _CITATION_COLUMNS),
        "voice": _typed_frame(voice, _VOICE_COLUMNS),
    }


_COLUMN_TYPES = {"start": "int64", "end": "int64", "stance": "int64", "in_quote": "bool", "distanced": "bool",
                 "name_start": "int64", "name_end": "int64", "in_headline_stance": "bool",
                 "target_start": "int64", "target_end": "int64", "position": "int64", "speaker_start": "int64",
                 "speaker_end": "int64", "content_start": "int64", "content_end": "int64",
                 "content_words": "int64", "wire_signature": "bool", "words": "int64", "share": "float64"}


def _typed_frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    # Typed even when empty, so an empty batch stores the same schema as a full one.
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype({c: _COLUMN_TYPES.get(c, "object") for c in columns})


def analyze_frame(frame: pd.DataFrame, analyzer: Analyzer) -> dict[str, pd.DataFrame]:
    """Result tables for a frame with ``article_id``, ``outlet`` and ``clean_text`` columns.

    A pure function of its arguments: the unit of work for worker processes
    and for Dask partitions.
    """
    ids = frame["article_id"].tolist()
    # An article of no known outlet has a null outlet, which pandas reads as NaN.
    outlets = frame["outlet"].tolist() if "outlet" in frame.columns else [None] * len(frame)
    analyses = [analyze_text(text, analyzer, outlet=outlet if isinstance(outlet, str) else None)
                for text, outlet in zip(frame["clean_text"].tolist(), outlets, strict=True)]
    return result_tables(ids, analyses)


# --- runs over a store ------------------------------------------------------------


@dataclass(frozen=True)
class AnalysisRun:
    analyzed: int  # articles analyzed in this run
    cached: int  # articles whose results were already stored for this analyzer version


def _batches_of_unanalyzed(store_path: Path, analyzer: Analyzer, directory: Path,
                           batch_rows: int) -> tuple[int, int, Iterator[pd.DataFrame]]:
    """Copy the texts that need analysis to Parquet, so the store is not held while analyzing."""
    export = directory / "texts.parquet"
    with Store(store_path) as store:
        pending = store.export_unanalyzed_texts(export, analyzer.version)
        cached = store.article_count() - pending

    def batches() -> Iterator[pd.DataFrame]:
        if not pending:
            return
        for batch in pq.ParquetFile(export).iter_batches(batch_size=batch_rows,
                                                         columns=["article_id", "outlet", "clean_text"]):
            yield batch.to_pandas()

    return pending, cached, batches()


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
        pending, cached, batches = _batches_of_unanalyzed(store_path, analyzer, Path(directory), batch_rows)
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
    return AnalysisRun(analyzed=pending, cached=cached)


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


def _save(store_path: Path, analyzer: Analyzer, article_ids: list[str], tables: dict[str, pd.DataFrame]) -> None:
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

    terms = []
    for match in analysis.terms.matches:
        start, end = mapped(match.start, match.end)
        # The name a target was resolved by, mapped like every span; -1 when none.
        name_start, name_end = mapped(match.name_start, match.name_end) if match.name_start >= 0 else (-1, -1)
        terms.append({**asdict(match), "start": start, "end": end, "name_start": name_start, "name_end": name_end})
    markers = []
    for marker in analysis.terms.markers:
        start, end = mapped(marker.start, marker.end)
        target_start, target_end = mapped(marker.target_start, marker.target_end)
        markers.append({**asdict(marker), "start": start, "end": end,
                        "target_start": target_start, "target_end": target_end})
    attributions = []
    for attribution in analysis.attributions:
        speaker_start, speaker_end = mapped(attribution.speaker_start, attribution.speaker_end)
        content_start, content_end = mapped(attribution.content_start, attribution.content_end)
        content = original[content_start:content_end] if original is not None else attribution.content
        attributions.append({**asdict(attribution), "speaker_start": speaker_start, "speaker_end": speaker_end,
                             "content": content, "content_start": content_start, "content_end": content_end})
    sourcing = analysis.sourcing
    wire = {(c.start, c.end) for c in sourcing.wire_evidence}
    media = []
    for citation in sourcing.media:
        start, end = mapped(citation.start, citation.end)
        media.append({**asdict(citation), "start": start, "end": end,
                      "wire_signature": (citation.start, citation.end) in wire})
    return {
        "scores": {key: _json_float(value) if isinstance(value, float) else value
                   for key, value in score_columns(analysis).items()},
        "concepts": [{**asdict(score), "stance": _json_float(score.stance),
                      "term_counts": dict(score.term_counts),
                      "targets": [{**asdict(target), "stance": _json_float(target.stance)}
                                  for target in score.targets]} for score in analysis.terms.concepts],
        "terms": terms,
        "distancing": markers,
        "attributions": attributions,
        "sourcing": {
            "media": media,
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
