"""Charts for reports: one color per outlet everywhere, titles that say what and n,
high-resolution PNG export, and the table behind every chart one click away."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

# Colour-blind-safe colours first, then more distinct ones for large corpora.
_PALETTE = (px.colors.qualitative.Safe[:-1] + px.colors.qualitative.D3 + px.colors.qualitative.Dark24)

# The modebar's camera button saves a PNG at three times the screen size.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 3},
}


def outlet_colors(all_outlets: list[str]) -> dict[str, str]:
    """A fixed colour per outlet, from the sorted list of every outlet in the store,
    so an outlet keeps its colour whatever the filter and page."""
    return {outlet: _PALETTE[index % len(_PALETTE)] for index, outlet in enumerate(sorted(all_outlets))}


def style_figure(figure: go.Figure, *, title: str, height: int | None = None) -> go.Figure:
    """House style: a title that says what the chart shows, readable labels, white background."""
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        template="plotly_white", font={"size": 13}, legend={"title": {"text": ""}},
        margin={"l": 10, "r": 10, "t": 60, "b": 10}, height=height)
    return figure


def slug(text: str) -> str:
    """A file-name-safe version of a title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "table"


@dataclass
class ReportItem:
    title: str
    figure: go.Figure | None
    table: pd.DataFrame


@dataclass
class PageReport:
    """What the current page showed, for the standalone HTML report."""

    page_title: str
    filters: str
    items: list[ReportItem] = field(default_factory=list)


def start_report(page_title: str, filters: str) -> PageReport:
    report = PageReport(page_title, filters)
    st.session_state["_page_report"] = report
    return report


def current_report() -> PageReport | None:
    return st.session_state.get("_page_report")


def show_chart(figure: go.Figure, table: pd.DataFrame, *, title: str, key: str) -> None:
    """Draw ``figure``, offer ``table`` (the data behind it) as CSV, add both to the report."""
    style_figure(figure, title=title)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart-{key}")
    st.download_button("Download the data (CSV)", table.to_csv(index=False).encode("utf-8"),
                       file_name=f"{slug(title)}.csv", mime="text/csv", key=f"csv-{key}")
    if report := current_report():
        report.items.append(ReportItem(title, figure, table))


def show_table(table: pd.DataFrame, *, title: str, key: str, styler=None) -> None:
    """Show a table (optionally styled) with its CSV download, and add it to the report."""
    st.markdown(f"**{title}**")
    st.dataframe(styler if styler is not None else table, hide_index=True)
    st.download_button("Download the table (CSV)", table.to_csv(index=False).encode("utf-8"),
                       file_name=f"{slug(title)}.csv", mime="text/csv", key=f"csv-{key}")
    if report := current_report():
        report.items.append(ReportItem(title, None, table))
