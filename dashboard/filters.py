"""Sidebar filters. Their state lives in the URL's query parameters
(``bind="query-params"``), so a copied link reproduces the view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

ALL_CONCEPTS = "all"


@dataclass(frozen=True)
class Filters:
    """The user's choices: which outlets, which dates, which words, which concept."""

    outlets: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    search: str
    concept: str | None

    def describe(self, all_outlets: int) -> str:
        """One line for captions and reports."""
        parts = ["all outlets" if len(self.outlets) == all_outlets else ", ".join(self.outlets) or "no outlet"]
        if self.start or self.end:
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        if self.search:
            parts.append(f"text contains “{self.search}”")
        if self.concept:
            parts.append(f"concept: {self.concept.replace('_', ' ')}")
        return "; ".join(parts)


def sidebar_filters(articles: pd.DataFrame, *, concepts: dict[str, str] | None = None) -> Filters:
    """Draw the filters in the sidebar and return the choices.

    ``concepts`` maps concept ids to labels; the concept filter appears only when given.
    """
    sidebar = st.sidebar
    sidebar.header("Filters")
    all_outlets = sorted(articles["outlet"].dropna().unique())
    # The defaults stay what a fresh link shows (every outlet, every date), so a link with no filter keeps
    # meaning "everything"; the state set here wins over them (Streamlit logs that once).
    _follow_store_changes(all_outlets, articles["published"].dropna())
    outlets = sidebar.multiselect("Outlets", all_outlets, default=all_outlets, key="outlet",
                                  bind="query-params")
    dates = articles["published"].dropna()
    start = end = None
    if not dates.empty:
        first, last = pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date()
        chosen = sidebar.date_input("Published between", value=(first, last), min_value=first,
                                    max_value=last, key="dates", bind="query-params")
        if isinstance(chosen, tuple | list) and len(chosen) == 2:
            start, end = chosen
            start = None if start == first else start
            end = None if end == last else end
    search = sidebar.text_input("Text contains", key="q", bind="query-params",
                                help="Keep articles whose headline or text contains these words (any case).")
    concept = None
    if concepts:
        options = [ALL_CONCEPTS, *concepts]
        labels = {ALL_CONCEPTS: "All concepts", **concepts}
        chosen = sidebar.selectbox("Concept", options, format_func=labels.get, key="concept",
                                   bind="query-params", help="The concept the loaded-language charts show.")
        concept = None if chosen in (None, ALL_CONCEPTS) else chosen
    return Filters(tuple(outlets), start, end, search.strip(), concept)


def _follow_store_changes(all_outlets: list[str], dates: pd.Series) -> None:
    """Extend the user's choices to what an import added, and drop what a deletion removed.

    An outlet new since this session's last run joins the chosen outlets (the user imported it to see it); a
    date range that covered every article is widened to cover the new ones; choices no longer in the store go.
    """
    state = st.session_state
    known_outlets = state.get("_known_outlets")
    if known_outlets is not None and "outlet" in state:
        chosen = [outlet for outlet in state["outlet"] if outlet in all_outlets]
        added = [outlet for outlet in all_outlets if outlet not in known_outlets]
        if added or len(chosen) != len(state["outlet"]):
            state["outlet"] = chosen + added
    state["_known_outlets"] = all_outlets
    if dates.empty:
        return
    first, last = pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date()
    known_range = state.get("_known_dates")
    chosen_range = state.get("dates")
    if known_range is not None and known_range != (first, last) and isinstance(chosen_range, tuple | list) \
            and len(chosen_range) == 2:
        start, end = chosen_range
        start = first if start <= known_range[0] else min(max(start, first), last)
        end = last if end >= known_range[1] else max(min(end, last), first)
        state["dates"] = (start, end)
    state["_known_dates"] = (first, last)
