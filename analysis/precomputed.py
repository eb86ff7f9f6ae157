"""The dashboard's figures for the unfiltered view, computed when the store is analyzed and stored in it.

Every figure of :mod:`analysis.aggregates` is a query over the result tables;
at 100,000 articles the term shares, stances and speaker tables each read a
million or more result rows and resample per outlet, seconds each on a busy
machine. The view a user opens first -- every outlet, every date, no text
search -- is the same until the store changes, so
:func:`store_unfiltered_figures` computes its figures once, at the end of
:func:`analysis.pipeline.analyze_store`, with the very functions the dashboard
calls, and stores them (one Parquet blob per figure). The dashboard reads them
with :func:`load` instead of computing them; any other filter (dates, text
search) is computed for the filter at hand as before. The outlet filter picks
rows of the per-outlet figures (each outlet's figures do not depend on the
other outlets), so choosing outlets reads the stored figures too.

A stored figure is used only for the store state it was computed on: the
analyzer version, the stored articles (their count and a hash over their ids)
and the analyzed articles; an import, a deletion or a new lexicon makes
:func:`load` find none until the next analysis stores them again.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis import aggregates
from analysis.aggregates import ArticleFilter
from analysis.outlet_terms import mean_stances_from_sums, term_shares_from_counts
from analysis.store import Store
from analysis.store.schema import PRECOMPUTED

TABLE = PRECOMPUTED.name
# A term-share chart tells apart at most this many term colours per concept; the rest are "other terms".
MAX_NAMED_TERMS = 8
TOP_SPEAKERS = 10


def _term_shares(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    return term_shares_from_counts(aggregates.term_counts(store, version, article_filter,
                                                          max_named=MAX_NAMED_TERMS))


def _stances(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    return mean_stances_from_sums(aggregates.stance_sums(store, version, article_filter), ["outlet", "concept"])


def _target_stances(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    return mean_stances_from_sums(aggregates.stance_sums(store, version, article_filter, by_target=True),
                                  ["outlet", "concept", "target"])


def _top_speakers(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    return aggregates.top_speakers(store, version, article_filter, top=TOP_SPEAKERS)


# The per-outlet figures of the dashboard, each a function of (store, analyzer version, filter).
FIGURES: dict[str, Callable[[Store, str, ArticleFilter], pd.DataFrame]] = {
    "key_figures": aggregates.key_figures,
    "stances": _stances,
    "target_stances": _target_stances,
    "term_shares": _term_shares,
    "voice_shares": aggregates.voice_shares,
    "verb_classes": aggregates.verb_classes,
    "speaker_types": aggregates.speaker_types,
    "media_cited": aggregates.media_cited,
    "top_speakers": _top_speakers,
}


def compute(store: Store, version: str, figure: str, article_filter: ArticleFilter) -> pd.DataFrame:
    """Figure ``figure`` (a key of :data:`FIGURES`) for ``article_filter``, computed from the result tables."""
    if figure not in FIGURES:
        raise ValueError(f"figure must be one of {', '.join(FIGURES)}; got {figure!r}")
    return FIGURES[figure](store, version, article_filter)


def store_state(store: Store, version: str) -> str:
    """What the stored figures depend on: the stored articles and which of them ``version`` analyzed."""
    articles = store.query("SELECT count(*) AS n, coalesce(bit_xor(hash(article_id)), 0) AS h FROM articles")
    analyzed = store.query("SELECT count(*) AS n, coalesce(bit_xor(hash(article_id)), 0) AS h FROM analyzed "
                           "WHERE analyzer_version = $v", {"v": version})
    return f"{articles['n'][0]}:{articles['h'][0]}:{analyzed['n'][0]}:{analyzed['h'][0]}"


def _table_exists(store: Store) -> bool:
    return bool(store.stored_column_types(TABLE))


def store_unfiltered_figures(store_path: str | os.PathLike[str], version: str) -> bool:
    """Compute every figure of :data:`FIGURES` for the unfiltered view and store them (replacing those of
    ``version``), unless the stored ones are of the current state; returns whether it computed them."""
    with Store(Path(store_path)) as store:
        state = store_state(store, version)
        if _table_exists(store) and store.query(
                f"SELECT count(*) AS n FROM {TABLE} WHERE analyzer_version = $v AND store_state = $s",
                {"v": version, "s": state})["n"][0] == len(FIGURES):
            return False
        blobs = {}
        for figure in FIGURES:
            buffer = io.BytesIO()
            compute(store, version, figure, ArticleFilter()).to_parquet(buffer, index=False)
            blobs[figure] = buffer.getvalue()
        with store.transaction() as connection:
            connection.execute(PRECOMPUTED.create_sql())
            connection.execute(f"DELETE FROM {TABLE} WHERE analyzer_version = $v", {"v": version})
            for figure, blob in blobs.items():
                connection.execute(f"INSERT INTO {TABLE} ({', '.join(PRECOMPUTED.names)}) VALUES ($v, $s, $f, $b)",
                                   {"v": version, "s": state, "f": figure, "b": blob})
    return True


def load(store: Store, version: str, figures: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The stored ``figures`` of the unfiltered view, by name; those not stored for the store's present state
    are missing (all of them after an import or a deletion, until the next analysis)."""
    unknown = [figure for figure in figures if figure not in FIGURES]
    if unknown:
        raise ValueError(f"figure must be one of {', '.join(FIGURES)}; got {unknown[0]!r}")
    if not figures or not _table_exists(store):
        return {}
    rows = store.query(f"SELECT figure, parquet FROM {TABLE} WHERE analyzer_version = $v AND store_state = $s "
                       "AND list_contains($f, figure)",
                       {"v": version, "s": store_state(store, version), "f": list(figures)})
    return {figure: pd.read_parquet(io.BytesIO(bytes(blob)))
            for figure, blob in zip(rows["figure"], rows["parquet"], strict=True)}
