"""Cached access to the store for the pages, and the actions that write to it.

Every loader is a cached function keyed on the store's path, its version
(the file's modification time, which changes on every write) and the
analyzer version, and on the filter (:class:`analysis.aggregates.ArticleFilter`),
so nothing is recomputed on a rerun, and an import, a deletion or a new
analysis refreshes exactly what changed. The figures are aggregated in the
store (:mod:`analysis.aggregates`): no clean text and no whole result table
is held here, so the server's memory does not grow with the analysis results.

Connections are short-lived and all of one kind (read-write: DuckDB refuses
two configurations of one file in one process), and one lock serializes them
within this process, so two browser tabs never open the file at once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import aggregates, precomputed
from analysis.aggregates import ArticleFilter
from analysis.distinctive_vocabulary import distinctive_terms
from analysis.pipeline import AnalysisRun, Analyzer, analyze_store, lexicons_for_store, make_analyzer
from analysis.store import ImportSummary, Store, StoredArticle, default_store_path
from analysis.stories import DEFAULT_MAX_DAYS_APART, DEFAULT_MIN_SIMILARITY, group_stories
from analysis.trends import stance_by_period_from_sums, term_share_by_period_from_counts
from analysis.uploads import import_pasted_text, import_uploads

RESULT_TABLES = ("terms", "distancing", "attributions", "citations", "voice")
_STORE_LOCK = threading.RLock()


def store_path() -> Path:
    return default_store_path()


def store_version(path: Path | None = None) -> float:
    """Changes whenever the store file (or its write-ahead log) does."""
    path = path or store_path()
    stamps = [p.stat().st_mtime_ns for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return float(max(stamps)) if stamps else 0.0


def analyzer() -> Analyzer:
    """The analyzer of the bundled data files, $SOURCE_BIAS_LEXICONS and the lexicons saved beside the store
    (built again when one of those files changes, so a lexicon saved on the Lexicon page applies at once)."""
    paths = lexicons_for_store(store_path())
    stamps = tuple(path.stat().st_mtime_ns if path.exists() else -1 for path in paths)
    return _analyzer_of(tuple(map(str, paths)), stamps)


@st.cache_resource(show_spinner=False, max_entries=8)
def _analyzer_of(paths: tuple[str, ...], stamps: tuple[int, ...]) -> Analyzer:
    return make_analyzer(paths)


@dataclass(frozen=True)
class StoreKey:
    """What every cached loader is keyed on.

    ``writes`` counts this process's writes to stores: the file's time stamp
    alone can stay the same across a quick write (coarse clocks, a write that
    only touched the write-ahead log), and a session must see its own import
    or deletion at once.
    """

    path: str
    version: float
    analyzer_version: str
    writes: int = 0


_writes = 0


def store_key() -> StoreKey:
    path = store_path()
    return StoreKey(str(path), store_version(path), analyzer().version, _writes)


def _after_write() -> None:
    """Forget everything read from the store: the next run reads the new state."""
    global _writes
    _writes += 1
    for loader in (load_corpus, filtered_articles, unanalyzed_count, load_article):
        loader.clear()


@dataclass(frozen=True)
class Corpus:
    """What every page needs of the whole store, and nothing that grows with the analysis results.

    ``articles``: one row per article, no text (:func:`analysis.aggregates.article_index`:
    about 300 bytes an article, 30 MB at 100,000); ``concepts``: the concepts of the stored term
    matches; ``term_stances``: each loaded term's stance class. Texts and result tables stay in the
    store: figures are aggregated there (:mod:`analysis.aggregates`) for the filter at hand.
    """

    articles: pd.DataFrame
    concepts: tuple[str, ...]
    term_stances: dict[str, int]


# The article index is read on every run: held once (cache_resource, shared by sessions, never modified),
# not copied out of a cache on every run as cache_data would (tens of MB at 100,000 articles).
@st.cache_resource(show_spinner=False, max_entries=4)
def load_corpus(key: StoreKey) -> Corpus | None:
    """The store's article index, or None when there is no store yet."""
    if not Path(key.path).exists():
        return None
    with _reading(key) as store:
        return Corpus(articles=aggregates.article_index(store),
                      concepts=tuple(aggregates.concepts(store, key.analyzer_version)),
                      term_stances=aggregates.term_stances(store, key.analyzer_version))


@contextmanager
def _reading(key: StoreKey) -> Iterator[Store]:
    with _STORE_LOCK, Store(key.path) as store:
        yield store


@st.cache_data(show_spinner=False)
def unanalyzed_count(key: StoreKey) -> int:
    if not Path(key.path).exists():
        return 0
    with _STORE_LOCK, Store(key.path) as store:
        return len(store.unanalyzed_ids(key.analyzer_version))


@st.cache_data(show_spinner=False, max_entries=256)
def load_article(key: StoreKey, article_id: str) -> StoredArticle | None:
    with _STORE_LOCK, Store(key.path) as store:
        return store.article(article_id)


@st.cache_data(show_spinner=False, max_entries=64)
def article_results(key: StoreKey, article_ids: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """Every result table's rows (and the score row) of a few articles: the reader's one, a story's."""
    with _STORE_LOCK, Store(key.path) as store:
        tables = {name: store.result_table(name, key.analyzer_version, article_ids=article_ids)
                  for name in (*RESULT_TABLES, "scores")}
    return tables


@st.cache_resource(show_spinner=False, max_entries=32)
def filtered_articles(key: StoreKey, article_filter: ArticleFilter) -> pd.DataFrame:
    """The article index of the articles ``article_filter`` keeps (dates and text search run in the store)."""
    if article_filter == ArticleFilter():
        return load_corpus(key).articles
    with _reading(key) as store:
        return aggregates.article_index(store, article_filter)


# Per-outlet figures are computed for every outlet of the date- and text-filtered articles
# (``article_filter.every_outlet()``), and the outlet filter picks rows afterwards: an outlet's
# figures do not depend on the other outlets (each (outlet, concept) group has its own seeded
# generator), and choosing outlets then costs nothing. For the unfiltered view they are read as
# stored when the store was analyzed (:mod:`analysis.precomputed`), computed only when none are.
def _figures(key: StoreKey, article_filter: ArticleFilter, *figures: str) -> list[pd.DataFrame]:
    """``figures`` (names of :data:`analysis.precomputed.FIGURES`) for ``article_filter``, over one connection."""
    version = key.analyzer_version
    with _reading(key) as store:
        stored = precomputed.load(store, version, figures) if article_filter == ArticleFilter() else {}
        return [stored[figure] if figure in stored else precomputed.compute(store, version, figure, article_filter)
                for figure in figures]


def _figure(key: StoreKey, figure: str, article_filter: ArticleFilter) -> pd.DataFrame:
    return _figures(key, article_filter, figure)[0]


@st.cache_data(show_spinner=False, max_entries=32)
def key_figures(key: StoreKey, article_filter: ArticleFilter) -> pd.DataFrame:
    return _figure(key, "key_figures", article_filter)


@st.cache_data(show_spinner="Computing term shares and bootstrap intervals…", max_entries=32)
def term_shares(key: StoreKey, article_filter: ArticleFilter) -> pd.DataFrame:
    """Every concept's term shares; a chart tells apart at most MAX_NAMED_TERMS term colours, the rest are
    shown together as "other terms"."""
    return _figure(key, "term_shares", article_filter)


@st.cache_data(show_spinner="Computing stances and bootstrap intervals…", max_entries=32)
def stances(key: StoreKey, article_filter: ArticleFilter) -> pd.DataFrame:
    return _figure(key, "stances", article_filter)


@st.cache_data(show_spinner="Computing stances by target and bootstrap intervals…", max_entries=32)
def target_stances(key: StoreKey, article_filter: ArticleFilter) -> pd.DataFrame:
    """Stance per outlet, concept and target (whom the terms name)."""
    return _figure(key, "target_stances", article_filter)


@dataclass(frozen=True)
class Sourcing:
    """The Voices page's figures (see the functions of :mod:`analysis.aggregates` of the same names)."""

    voice_shares: pd.DataFrame
    verb_classes: pd.DataFrame
    speaker_types: pd.DataFrame
    media_cited: pd.DataFrame
    top_speakers: pd.DataFrame


@st.cache_data(show_spinner=False, max_entries=32)
def sourcing(key: StoreKey, article_filter: ArticleFilter) -> Sourcing:
    names = ("voice_shares", "verb_classes", "speaker_types", "media_cited", "top_speakers")
    return Sourcing(**dict(zip(names, _figures(key, article_filter, *names), strict=True)))


@st.cache_data(show_spinner=False, max_entries=32)
def distancing(key: StoreKey, article_filter: ArticleFilter) -> pd.DataFrame:
    """Distancing markers per outlet and kind; over the shown articles (the kinds are those seen there)."""
    with _reading(key) as store:
        return aggregates.distancing_rates(store, key.analyzer_version, article_filter)


@st.cache_data(show_spinner="Grouping articles into stories…", max_entries=16)
def stories(key: StoreKey, article_filter: ArticleFilter, min_similarity: float, max_days_apart: int
            ) -> pd.DataFrame:
    """The stories of the filtered articles: stored ones (grouped over the whole store when the articles were
    analyzed) for the default settings, else grouped here over the filtered articles' texts."""
    with _reading(key) as store:
        if (min_similarity, max_days_apart) == (DEFAULT_MIN_SIMILARITY, DEFAULT_MAX_DAYS_APART):
            stored = aggregates.stored_stories(store, article_filter)
            if stored is not None:
                return stored
        frame = aggregates.texts(store, article_filter)
    frame = frame[["article_id", "published", "clean_text"]].rename(columns={"clean_text": "text"})
    return group_stories(frame, min_similarity=min_similarity, max_days_apart=max_days_apart)


# Distinctive vocabulary counts words over a sample of at most this many articles per outlet (the first by
# article id, a hash of the text: random, and the same on every run); the chart's n counts the sample.
VOCABULARY_SAMPLE_PER_OUTLET = 300


@dataclass(frozen=True)
class Vocabulary:
    """Fightin' Words z-scores, and how many articles (of how many filtered) they were counted over."""

    terms: pd.DataFrame
    articles: int
    sampled: bool


@st.cache_data(show_spinner="Comparing vocabularies…", max_entries=32)
def distinctive_vocabulary(key: StoreKey, article_filter: ArticleFilter, group: tuple[str, ...]) -> Vocabulary:
    """Fightin' Words z-scores of ``group``'s articles against the other filtered articles, over a sample of
    at most :data:`VOCABULARY_SAMPLE_PER_OUTLET` articles per outlet."""
    with _reading(key) as store:
        frame = aggregates.texts(store, article_filter, limit_per_outlet=VOCABULARY_SAMPLE_PER_OUTLET)
        counts = aggregates.article_counts(store, article_filter)
    terms = distinctive_terms(frame["clean_text"].tolist(), frame["outlet"].isin(group).to_numpy(),
                              stop_words="english")
    return Vocabulary(terms=terms, articles=len(frame),
                      sampled=bool((counts["articles"] > VOCABULARY_SAMPLE_PER_OUTLET).any()))


# The Trends page's figures per outlet and period are summed per article in the store (``period=``), as the
# other pages' figures; analysis.trends turns the sums into the same figures as from the match rows.
@st.cache_data(show_spinner="Computing stances per period…", max_entries=16)
def stance_trend(key: StoreKey, article_filter: ArticleFilter, period: str, concept: str) -> pd.DataFrame:
    with _reading(key) as store:
        sums = aggregates.stance_sums(store, key.analyzer_version, article_filter, concept=concept, period=period)
    return stance_by_period_from_sums(sums)


@st.cache_data(show_spinner="Computing term shares per period…", max_entries=16)
def term_trend(key: StoreKey, article_filter: ArticleFilter, period: str, concept: str, term: str) -> pd.DataFrame:
    with _reading(key) as store:
        counts = aggregates.term_counts(store, key.analyzer_version, article_filter, max_named=None,
                                        concept=concept, period=period)
    return term_share_by_period_from_counts(counts, term=term)


@st.cache_data(show_spinner=False, max_entries=16)
def term_usage(key: StoreKey, article_filter: ArticleFilter, concept: str) -> pd.DataFrame:
    with _reading(key) as store:
        return aggregates.term_usage(store, key.analyzer_version, article_filter, concept=concept)


@st.cache_data(show_spinner=False, max_entries=16)
def voice_trend(key: StoreKey, article_filter: ArticleFilter, period: str) -> pd.DataFrame:
    with _reading(key) as store:
        return aggregates.voice_shares(store, key.analyzer_version, article_filter, period=period)


# --- actions that write to the store ---------------------------------------------


def run_analysis(on_progress: Callable[[int], None] | None = None) -> AnalysisRun:
    """Analyze every article not yet analyzed by the current analyzer."""
    with _STORE_LOCK:
        try:
            return analyze_store(store_path(), analyzer(), on_progress=on_progress)
        finally:
            _after_write()


def import_files(files: Sequence[tuple[str, bytes]], *, outlet: str | None = None, title: str | None = None,
                 published: dt.date | None = None) -> ImportSummary:
    with _STORE_LOCK, Store(store_path()) as store:
        try:
            return import_uploads(store, files, outlet=outlet, title=title, published=published)
        finally:
            _after_write()


def import_text(text: str, *, outlet: str | None, title: str | None, published: dt.date | None = None
                ) -> ImportSummary:
    with _STORE_LOCK, Store(store_path()) as store:
        try:
            return import_pasted_text(store, text, outlet=outlet, title=title, published=published)
        finally:
            _after_write()


def delete_articles(article_ids: Sequence[str]) -> int:
    with _STORE_LOCK, Store(store_path()) as store:
        try:
            return store.delete_articles(article_ids)
        finally:
            _after_write()
