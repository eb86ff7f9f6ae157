"""Cached access to the store for the pages, and the actions that write to it.

Every loader is an ``st.cache_data`` function keyed on the store's path, its
version (the file's modification time, which changes on every write) and the
analyzer version, so nothing the store has cached is recomputed on a rerun,
and an import, a deletion or a new analysis refreshes exactly what changed.

Connections are short-lived and all of one kind (read-write: DuckDB refuses
two configurations of one file in one process), and one lock serializes them
within this process, so two browser tabs never open the file at once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.distinctive_vocabulary import distinctive_terms
from analysis.outlet_terms import MATCH_COLUMNS, stance_by_outlet, term_shares_by_outlet, with_other_terms
from analysis.pipeline import (
    AnalysisRun,
    Analyzer,
    analyze_store,
    lexicons_for_store,
    make_analyzer,
    score_table,
)
from analysis.store import ImportSummary, Store, StoredArticle, default_store_path
from analysis.stories import group_stories
from analysis.trends import stance_by_period, term_share_by_period, voice_share_by_period
from analysis.uploads import import_pasted_text, import_uploads
from dashboard.colors import MAX_NAMED_TERMS

UNKNOWN_OUTLET = "(unknown outlet)"
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
    for loader in (load_corpus, unanalyzed_count, load_article, search_ids):
        loader.clear()


@dataclass(frozen=True)
class Corpus:
    """Everything the pages draw from, for the whole store.

    ``articles``: one row per article (no texts) with ``outlet`` filled in;
    ``scores``: :func:`analysis.pipeline.score_table`; ``texts``: article_id
    and clean text; the result tables with each row's ``outlet``.
    """

    articles: pd.DataFrame
    scores: pd.DataFrame
    texts: pd.DataFrame
    terms: pd.DataFrame
    distancing: pd.DataFrame
    attributions: pd.DataFrame
    citations: pd.DataFrame
    voice: pd.DataFrame

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


@st.cache_data(show_spinner=False, max_entries=4)
def load_corpus(key: StoreKey) -> Corpus | None:
    """The store's articles and analysis results, or None when there is no store yet."""
    if not Path(key.path).exists():
        return None
    with _STORE_LOCK, Store(key.path) as store:
        articles = store.articles(columns=("article_id", "outlet", "title", "published", "words", "source_file"))
        version = analyzer()
        scores = score_table(store, version)
        tables = {name: store.result_table(name, key.analyzer_version) for name in RESULT_TABLES}
        texts = pd.concat([batch[["article_id", "clean_text"]] for batch in store.iter_texts()]
                          or [pd.DataFrame(columns=["article_id", "clean_text"])], ignore_index=True)
    articles["outlet"] = articles["outlet"].fillna(UNKNOWN_OUTLET)
    articles["title"] = articles["title"].fillna("")
    articles["published"] = pd.to_datetime(articles["published"])
    scores["outlet"] = scores["outlet"].fillna(UNKNOWN_OUTLET)
    outlets = articles[["article_id", "outlet"]]
    with_outlet = {name: frame.merge(outlets, on="article_id", how="inner") for name, frame in tables.items()}
    return Corpus(articles=articles, scores=scores, texts=texts, **with_outlet)


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
def search_ids(key: StoreKey, query: str) -> frozenset[str]:
    """Ids of the articles whose headline or clean text contains ``query`` (any case)."""
    corpus = load_corpus(key)
    if corpus is None:
        return frozenset()
    needle = query.casefold()
    text_hits = corpus.texts.loc[corpus.texts["clean_text"].str.casefold().str.contains(needle, regex=False),
                                 "article_id"]
    title_hits = corpus.articles.loc[corpus.articles["title"].str.casefold().str.contains(needle, regex=False),
                                     "article_id"]
    return frozenset(text_hits) | frozenset(title_hits)


def _matches(corpus: Corpus, article_ids: tuple[str, ...]) -> pd.DataFrame:
    terms = corpus.terms[corpus.terms["article_id"].isin(article_ids)]
    return terms[list(MATCH_COLUMNS)]


# Term shares and stances are computed for every outlet of the date- and text-filtered
# articles, and the outlet filter is applied afterwards: each (outlet, concept) group has
# its own seeded generator, so the figures are the same, and choosing outlets costs nothing.
@st.cache_data(show_spinner="Computing term shares and bootstrap intervals…", max_entries=32)
def term_shares(key: StoreKey, article_ids: tuple[str, ...], concept: str | None) -> pd.DataFrame:
    corpus = load_corpus(key)
    matches = _matches(corpus, article_ids)
    if concept:
        matches = matches[matches["concept"] == concept]
    # A chart tells apart at most MAX_NAMED_TERMS term colours; the rest are shown together as "other terms".
    return term_shares_by_outlet(with_other_terms(matches, max_named=MAX_NAMED_TERMS))


@st.cache_data(show_spinner="Computing stances and bootstrap intervals…", max_entries=32)
def stances(key: StoreKey, article_ids: tuple[str, ...]) -> pd.DataFrame:
    return stance_by_outlet(_matches(load_corpus(key), article_ids))


@st.cache_data(show_spinner="Grouping articles into stories…", max_entries=16)
def stories(key: StoreKey, article_ids: tuple[str, ...], min_similarity: float, max_days_apart: int
            ) -> pd.DataFrame:
    corpus = load_corpus(key)
    articles = corpus.articles[corpus.articles["article_id"].isin(article_ids)]
    frame = articles[["article_id", "published"]].merge(corpus.texts, on="article_id")
    frame = frame.rename(columns={"clean_text": "text"})
    return group_stories(frame, min_similarity=min_similarity, max_days_apart=max_days_apart)


@st.cache_data(show_spinner="Comparing vocabularies…", max_entries=32)
def distinctive_vocabulary(key: StoreKey, article_ids: tuple[str, ...], group: tuple[str, ...]) -> pd.DataFrame:
    """Fightin' Words z-scores of ``group``'s articles against the other filtered articles."""
    corpus = load_corpus(key)
    articles = corpus.articles[corpus.articles["article_id"].isin(article_ids)][["article_id", "outlet"]]
    frame = articles.merge(corpus.texts, on="article_id")
    return distinctive_terms(frame["clean_text"].tolist(), frame["outlet"].isin(group).to_numpy(),
                             stop_words="english")


def _dated_articles(corpus: Corpus, article_ids: tuple[str, ...]) -> pd.DataFrame:
    return corpus.articles.loc[corpus.articles["article_id"].isin(article_ids), ["article_id", "outlet", "published"]]


@st.cache_data(show_spinner="Computing stances per period…", max_entries=16)
def stance_trend(key: StoreKey, article_ids: tuple[str, ...], period: str, concept: str) -> pd.DataFrame:
    corpus = load_corpus(key)
    matches = _matches(corpus, article_ids)
    return stance_by_period(matches[matches["concept"] == concept], _dated_articles(corpus, article_ids),
                            period=period)


@st.cache_data(show_spinner="Computing term shares per period…", max_entries=16)
def term_trend(key: StoreKey, article_ids: tuple[str, ...], period: str, concept: str, term: str) -> pd.DataFrame:
    corpus = load_corpus(key)
    return term_share_by_period(_matches(corpus, article_ids), _dated_articles(corpus, article_ids), period=period,
                                concept=concept, term=term)


@st.cache_data(show_spinner=False, max_entries=16)
def voice_trend(key: StoreKey, article_ids: tuple[str, ...], period: str) -> pd.DataFrame:
    corpus = load_corpus(key)
    voice = corpus.voice[corpus.voice["article_id"].isin(article_ids)]
    return voice_share_by_period(voice, _dated_articles(corpus, article_ids), period=period)


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
