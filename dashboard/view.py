"""What every page draws from: the store's tables, the user's filters and the outlets' colours."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from analysis.aggregates import ArticleFilter
from dashboard.colors import outlet_colors
from dashboard.data import Corpus, StoreKey, filtered_articles
from dashboard.filters import Filters, sidebar_filters

CONCEPT_LABELS = {
    "armed_groups": "armed groups",
    "syrian_government": "the Syrian government",
    "military_action": "military action",
    "territorial_control": "territorial control",
    "the_dead": "the dead",
    "foreign_backing": "foreign backing",
}
AFFILIATION_LABELS = {
    "russia_gov": "Russian government", "syria_gov": "Syrian government", "syria_opposition": "Syrian opposition",
    "us_gov": "US government", "un": "United Nations", "ngo": "NGO / monitor", "media": "media",
    "kurdish": "Kurdish groups", "turkey_gov": "Turkish government", "iran_gov": "Iranian government",
    "other_gov": "other government", "militant_group": "militant group", "witness": "witness / resident",
    "other": "other", "unknown": "unknown",
}
_VIEW_KEY = "_view"


def affiliation_label(affiliation: str) -> str:
    return AFFILIATION_LABELS.get(affiliation, affiliation.replace("_", " "))


def concept_label(concept: str) -> str:
    return CONCEPT_LABELS.get(concept, concept.replace("_", " "))


@dataclass(frozen=True)
class View:
    """The store's article index (``corpus``), the filters, and the articles they keep.

    ``base_filter``: the date and text filters over every outlet: figures computed per
    outlet are cached on it, and the outlet filter picks rows afterwards (:meth:`outlet_rows`).
    ``shown_filter``: the same with the chosen outlets. ``articles``: the shown articles'
    index rows (no text). Figures come from :mod:`dashboard.data`, aggregated in the store.
    """

    key: StoreKey
    corpus: Corpus
    filters: Filters
    colors: dict[str, str]
    articles: pd.DataFrame
    base_filter: ArticleFilter
    shown_filter: ArticleFilter

    @property
    def outlets(self) -> list[str]:
        return sorted(self.articles["outlet"].unique())

    def describe(self) -> str:
        return self.filters.describe(self.corpus.articles["outlet"].nunique())

    def outlet_rows(self, table: pd.DataFrame) -> pd.DataFrame:
        """Rows of a per-outlet figure table for the chosen outlets."""
        return table[table["outlet"].isin(self.filters.outlets)]


def build_view(key: StoreKey, corpus: Corpus) -> View:
    """Draw the sidebar filters and keep the view for the page about to run."""
    found = set(corpus.concepts)
    concepts = {c: concept_label(c).capitalize() for c in [*CONCEPT_LABELS, *sorted(found - set(CONCEPT_LABELS))]
                if c in found or not found}
    filters = sidebar_filters(corpus.articles, concepts=concepts)
    base_filter = ArticleFilter(start=filters.start, end=filters.end, search=filters.search)
    base = filtered_articles(key, base_filter)
    shown = base[base["outlet"].isin(filters.outlets)]
    view = View(key=key, corpus=corpus, filters=filters, colors=outlet_colors(corpus.articles["outlet"].unique()),
                articles=shown, base_filter=base_filter,
                shown_filter=replace(base_filter, outlets=tuple(sorted(filters.outlets))))
    st.session_state[_VIEW_KEY] = view
    return view


def current_view() -> View | None:
    """The view the app built for this run, or None when the store holds no article."""
    return st.session_state.get(_VIEW_KEY)


def clear_view() -> None:
    st.session_state.pop(_VIEW_KEY, None)
