"""What every page draws from: the store's tables, the user's filters and the outlets' colours."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.colors import outlet_colors
from dashboard.data import Corpus, StoreKey, search_ids
from dashboard.filters import Filters, filter_articles, sidebar_filters

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
    """The store (``corpus``), the filters, and the articles they keep.

    ``base_ids``: the articles kept by the date and text filters, of every
    outlet: figures computed per outlet are cached on these, and the outlet
    filter picks rows afterwards. ``ids``: the articles shown.
    """

    key: StoreKey
    corpus: Corpus
    filters: Filters
    colors: dict[str, str]
    articles: pd.DataFrame
    base_ids: tuple[str, ...]
    ids: tuple[str, ...]

    @property
    def outlets(self) -> list[str]:
        return sorted(self.articles["outlet"].unique())

    def describe(self) -> str:
        return self.filters.describe(self.corpus.articles["outlet"].nunique())

    def rows(self, name: str) -> pd.DataFrame:
        """The rows of a result table (or ``scores``) that belong to the shown articles."""
        table = self.corpus.table(name)
        return table[table["article_id"].isin(self.ids)]

    def outlet_rows(self, table: pd.DataFrame) -> pd.DataFrame:
        """Rows of a per-outlet figure table for the chosen outlets."""
        return table[table["outlet"].isin(self.filters.outlets)]


def build_view(key: StoreKey, corpus: Corpus) -> View:
    """Draw the sidebar filters and keep the view for the page about to run."""
    found = set(corpus.terms["concept"].unique())
    concepts = {c: concept_label(c).capitalize() for c in [*CONCEPT_LABELS, *sorted(found - set(CONCEPT_LABELS))]
                if c in found or not found}
    filters = sidebar_filters(corpus.articles, concepts=concepts)
    matching = search_ids(key, filters.search) if filters.search else None
    every_outlet = Filters(tuple(corpus.articles["outlet"].unique()), filters.start, filters.end, filters.search,
                           filters.concept)
    base = filter_articles(corpus.articles, every_outlet, matching_ids=matching)
    shown = base[base["outlet"].isin(filters.outlets)]
    view = View(key=key, corpus=corpus, filters=filters, colors=outlet_colors(corpus.articles["outlet"].unique()),
                articles=shown, base_ids=tuple(sorted(base["article_id"])), ids=tuple(sorted(shown["article_id"])))
    st.session_state[_VIEW_KEY] = view
    return view


def current_view() -> View | None:
    """The view the app built for this run, or None when the store holds no article."""
    return st.session_state.get(_VIEW_KEY)


def clear_view() -> None:
    st.session_state.pop(_VIEW_KEY, None)
