"""The Trends page: per outlet and period, articles, stance, a term's share and share of voice.

The figures come from :mod:`analysis.trends`; this module lays out and draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis.aggregates import ArticleFilter
from analysis.trends import PERIODS, articles_by_period, choose_period
from dashboard import data
from dashboard.charts import SMALL_SAMPLE_NOTE, new_figure, show_chart, small_sample_pattern, text_label
from dashboard.colors import affiliation_color
from dashboard.pages import _start  # the pages' common opening: title, filters caption, empty-store notice
from dashboard.view import AFFILIATION_LABELS, CONCEPT_LABELS, View, affiliation_label, concept_label

AUTOMATIC = "automatic"
MAX_COMPARED = 6
_PERIOD_FORMATS = {"week": "%d %b %Y", "month": "%b %Y", "quarter": "%b %Y", "year": "%Y"}
_MARK_COLOR = "rgba(241, 196, 15, 0.22)"
# Plotly's period positioning: a bar or point stands in the middle of its period, not on its first day.
_XPERIOD = {"week": 7 * 24 * 3600 * 1000, "month": "M1", "quarter": "M3", "year": "M12"}


def trends_page() -> None:
    view = _start("Trends")
    if view is None:
        return
    dated = view.articles[view.articles["published"].notna()]
    if dated.empty:
        st.info("None of the shown articles has a publication date.")
        return
    automatic = choose_period(dated["published"])
    left, middle, right = st.columns([2, 3, 3])
    chosen = left.selectbox("Period", [AUTOMATIC, *PERIODS], key="trend_period", bind="query-params",
                            format_func=lambda p: f"automatic ({automatic})" if p == AUTOMATIC else p,
                            help="Automatic: the finest period that keeps the chart under 60 periods.")
    period = automatic if chosen in (None, AUTOMATIC) else chosen
    by_size = dated["outlet"].value_counts()
    outlets = [o for o in by_size.index if o in view.filters.outlets]
    compared = middle.multiselect("Outlets compared over time", sorted(outlets), default=sorted(outlets[:4]),
                                  max_selections=MAX_COMPARED, key="trend_outlets",
                                  help=f"Up to {MAX_COMPARED} lines per chart stay readable.")
    mark = right.date_input("Mark a date range (optional)", value=(), key="trend_mark", format="YYYY-MM-DD",
                            min_value=dated["published"].min().date(), max_value=dated["published"].max().date(),
                            help="An event to compare before and after: shaded on every chart.")
    marked = tuple(mark) if isinstance(mark, tuple | list) and len(mark) == 2 else None
    undated = len(view.articles) - len(dated)
    st.caption(f"Per {period}: each article counts in the {period} of its publication date"
               f"{f'; {undated:,} undated article(s) left out' if undated else ''}. Intervals: 95% bootstrap over "
               f"articles; hollow points and hatched bars: small samples (under 20 mentions or 5 articles).")

    _articles_chart(view, dated, period, marked)
    if not compared:
        st.info("Choose outlets above to compare their stance, terms and sources over time.")
        return
    # The compared outlets' articles under the date and text filters (the trend functions leave out undated ones).
    ids = replace(view.base_filter, outlets=tuple(sorted(compared)))
    found = [c for c in CONCEPT_LABELS if c in set(view.corpus.concepts)] or list(view.corpus.concepts)
    if not found:
        st.info("No loaded term in the store.")
        return
    concept = view.filters.concept if view.filters.concept in found else found[0]
    concept = st.selectbox("Concept", found, index=found.index(concept), format_func=concept_label,
                           key="trend_concept")
    _stance_chart(view, ids, period, concept, marked)
    _term_chart(view, ids, period, concept, marked)
    _voice_chart(view, ids, compared, period, marked)


def _period_label(start: pd.Timestamp, period: str) -> str:
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return f"{start:{_PERIOD_FORMATS[period]}}"


def _layout(period: str, marked: tuple[dt.date, dt.date] | None, **layout) -> dict:
    """Dates along x; the marked range shaded."""
    shapes = []
    if marked:
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": str(marked[0]), "x1": str(marked[1]),
                       "y0": 0, "y1": 1, "fillcolor": _MARK_COLOR, "line": {"width": 0}, "layer": "below"})
    layout.setdefault("xaxis", {}).update({"type": "date", "title": {"text": period}})
    return {"shapes": shapes, "hovermode": "closest", **layout}


def _articles_chart(view: View, dated: pd.DataFrame, period: str, marked) -> None:
    counts = articles_by_period(dated, period=period)
    traces = []
    for outlet in sorted(counts["outlet"].unique()):
        part = counts[counts["outlet"] == outlet]
        traces.append({"type": "bar", "name": text_label(outlet), "x": part["period_start"].tolist(),
                       "xperiod": _XPERIOD[period], "xperiodalignment": "middle",
                       "y": part["articles"].tolist(), "marker": {"color": view.colors.get(outlet, "#888")},
                       "customdata": [_period_label(p, period) for p in part["period_start"]],
                       "hovertemplate": f"{text_label(outlet)}<br>%{{customdata}}: %{{y}} articles<extra></extra>"})
    figure = new_figure(traces, _layout(period, marked, barmode="stack", bargap=0.1,
                                        yaxis={"title": {"text": "articles"}}, height=420,
                                        legend={"title": {"text": "outlet"}, "traceorder": "normal"}))
    show_chart(figure, counts, key="trend-articles",
               title=f"Articles per {period} and outlet (n = {len(dated):,} dated articles)")


def _interval_lines(table: pd.DataFrame, *, value: str, low: str, high: str, n: str, colors: dict[str, str],
                    period: str, value_title: str, value_format: str) -> list[dict]:
    """One line per outlet with each period's interval; small samples as hollow points."""
    traces = []
    for outlet in sorted(table["outlet"].unique()):
        part = table[table["outlet"] == outlet].sort_values("period_start")
        color = colors.get(outlet, "#555")
        small = part["small_sample"].astype(bool).tolist()
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": text_label(outlet), "x": part["period_start"].tolist(),
            "xperiod": _XPERIOD[period], "xperiodalignment": "middle",
            "y": part[value].tolist(), "line": {"color": color, "width": 1.5},
            "error_y": {"type": "data", "symmetric": False, "array": (part[high] - part[value]).tolist(),
                        "arrayminus": (part[value] - part[low]).tolist(), "color": color, "thickness": 1.2,
                        "width": 3},
            "marker": {"size": 9, "color": [("white" if s else color) for s in small],
                       "symbol": "circle", "line": {"width": 2, "color": color}},
            "customdata": [[_period_label(p, period), f"{lo:{value_format}}", f"{hi:{value_format}}", int(n),
                            "small sample" if s else ""]
                           for p, lo, hi, n, s in zip(part["period_start"], part[low], part[high], part[n],
                                                      small, strict=True)],
            "hovertemplate": f"{text_label(outlet)} · %{{customdata[0]}}<br>{text_label(value_title)}: "
                             f"%{{y:{value_format}}} (95%: %{{customdata[1]}} to %{{customdata[2]}})"
                             f"<br>n = %{{customdata[3]}} mentions %{{customdata[4]}}<extra></extra>"})
    return traces


def _stance_chart(view: View, ids: ArticleFilter, period: str, concept: str, marked) -> None:
    stances = data.stance_trend(view.key, ids, period, concept)
    if stances.empty:
        st.info(f"The compared outlets never name {concept_label(concept)} in their own words.")
        return
    traces = _interval_lines(stances, value="stance", n="mentions", low="stance_low", high="stance_high",
                             colors=view.colors, period=period, value_title="mean stance", value_format="+.2f")
    figure = new_figure(traces, _layout(period, marked, height=440,
                                        yaxis={"title": {"text": "mean stance (−1 delegitimizing … +1 legitimizing)"},
                                               "range": [-1.08, 1.08], "zeroline": True, "zerolinecolor": "#888"},
                                        legend={"title": {"text": "outlet"}}))
    show_chart(figure, stances, key="trend-stance",
               title=f"How outlets name {concept_label(concept)} per {period}: mean stance of their own words, 95% "
                     f"interval (n = {int(stances['mentions'].sum()):,} mentions; hollow = small sample)")


def _term_chart(view: View, ids: ArticleFilter, period: str, concept: str, marked) -> None:
    used = data.term_usage(view.key, ids, concept)
    if used.empty:
        return
    term = st.selectbox("Term", list(used["term"]), key="trend_term",
                        help="Its share among the outlet's own-voice mentions of the concept, per period.")
    shares = data.term_trend(view.key, ids, period, concept, term)
    if shares.empty:
        return
    traces = _interval_lines(shares, value="share", n="concept_mentions", low="share_low", high="share_high",
                             colors=view.colors, period=period, value_title=f"share of “{term}”", value_format=".0%")
    figure = new_figure(traces, _layout(period, marked, height=420,
                                        yaxis={"title": {"text": f"share of “{text_label(term)}”"},
                                               "tickformat": ".0%", "range": [-0.03, 1.03]},
                                        legend={"title": {"text": "outlet"}}))
    show_chart(figure, shares, key="trend-term",
               title=f"Share of “{text_label(term)}” among own-voice mentions of {concept_label(concept)} per "
                     f"{period} (n = {int(shares['concept_mentions'].sum()):,} mentions; hollow = small sample)")


def _voice_chart(view: View, ids: ArticleFilter, compared: list[str], period: str, marked) -> None:
    voice = data.voice_trend(view.key, ids, period)
    if voice.empty:
        return
    outlet = st.selectbox("Outlet for share of voice", compared, key="trend_voice_outlet")
    rows = voice[voice["outlet"] == outlet]
    if rows.empty:
        st.info(f"{outlet} quotes nobody in the dated articles shown.")
        return
    order = list(rows.groupby("affiliation")["words"].sum().sort_values(ascending=False).index)
    periods = sorted(rows["period_start"].unique())
    small_of = dict(zip(rows["period_start"], rows["small_sample"].astype(bool), strict=False))
    traces = []
    for affiliation in order:
        part = rows[rows["affiliation"] == affiliation].set_index("period_start").reindex(periods)
        traces.append({"type": "bar", "name": text_label(AFFILIATION_LABELS.get(affiliation,
                                                                              affiliation_label(affiliation))),
                       "x": [pd.Timestamp(p) for p in periods], "y": part["share"].fillna(0).tolist(),
                       "xperiod": _XPERIOD[period], "xperiodalignment": "middle",
                       "marker": {"color": affiliation_color(affiliation),
                                  "pattern": small_sample_pattern([small_of[p] for p in periods])},
                       "customdata": [[_period_label(pd.Timestamp(p), period), int(w) if w == w else 0]
                                      for p, w in zip(periods, part["words"], strict=True)],
                       "hovertemplate": f"{text_label(affiliation_label(affiliation))} · %{{customdata[0]}}"
                                        f"<br>share: %{{y:.0%}} (%{{customdata[1]}} words)<extra></extra>"})
    figure = new_figure(traces, _layout(period, marked, barmode="stack", bargap=0.1, height=440,
                                        yaxis={"title": {"text": "share of words quoted"}, "tickformat": ".0%",
                                               "range": [0, 1.001]},
                                        legend={"title": {"text": "speaker affiliation"}, "traceorder": "normal"}))
    show_chart(figure, rows, key="trend-voice",
               title=f"Share of voice by speaker affiliation in {text_label(outlet)} per {period}: words of quoted "
                     f"or reported content (n = {int(rows['words'].sum()):,} words; {SMALL_SAMPLE_NOTE}, "
                     f"under 5 articles)")

