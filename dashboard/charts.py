"""Charts for reports: fixed colours (:mod:`dashboard.colors`), titles that say what and n,
high-resolution PNG export, and the table behind every chart one click away."""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

# Re-exported: the pages (and code on other branches written before colors.py) take them from here.
from dashboard.colors import (  # noqa: F401
    DISTANCING_COLORS,
    SPEAKER_TYPE_COLORS,
    STANCE_COLORS,
    VERB_CLASS_COLORS,
    outlet_colors,
    text_color_on,
)
from dashboard.labels import readable

# The modebar's camera button saves a PNG at three times the screen size.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 3},
}


def new_figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, not validated property by property.

    Plotly's validation of every property (and copying its default template
    into each figure) cost most of a page's redraw; the dicts here are written
    by hand against the plotly reference, and the browser validates them anyway.
    """
    axis = {"gridcolor": "#e5e5e5", "linecolor": "#999", "zerolinecolor": "#bbb", "automargin": True}
    base = {"template": {}, "paper_bgcolor": "white", "plot_bgcolor": "white",
            "xaxis": dict(axis), "yaxis": dict(axis)}
    for name in ("xaxis", "yaxis"):
        base[name].update(layout.pop(name, {}))
    base.update(layout)
    return go.Figure(data=traces, layout=base, _validate=False)


def style_figure(figure: go.Figure, *, title: str, height: int | None = None) -> go.Figure:
    """House style: a title that says what the chart shows, readable labels, white background."""
    layout = figure.layout
    layout["title"] = {"text": "<br>".join(textwrap.wrap(title, 95)), "x": 0, "xanchor": "left", "font": {"size": 16}}
    layout["font"] = {"size": 13}
    layout["margin"] = {"l": 10, "r": 10, "t": 40 + 22 * len(textwrap.wrap(title, 95)), "b": 10}
    if height:
        layout["height"] = height
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
    st.download_button("Download the data (CSV)", _csv(table), file_name=f"{slug(title)}.csv", mime="text/csv",
                       key=f"csv-{key}", on_click="ignore")
    if report := current_report():
        report.items.append(ReportItem(title, figure, table))


def _csv(table: pd.DataFrame):
    """The CSV with human headers and the codes kept in extra columns, written only when the user clicks
    (a callable keeps reruns fast)."""
    return lambda: readable(table, keep_codes=True).to_csv(index=False).encode("utf-8")


def show_table(table: pd.DataFrame, *, title: str, key: str, styler=None, column_config: dict | None = None,
               max_rows: int = 20) -> None:
    """Show a table (with human labels, or ``styler`` as given) with its CSV download, and add it to the report.

    Every row up to ``max_rows`` shows without scrolling.
    """
    st.markdown(f"**{text_label(title)}**")
    st.dataframe(styler if styler is not None else readable(table), hide_index=True, column_config=column_config,
                 height=min(len(table), max_rows) * 35 + 38, key=f"table-{key}")
    st.download_button("Download the table (CSV)", _csv(table), file_name=f"{slug(title)}.csv", mime="text/csv",
                       key=f"csv-{key}", on_click="ignore")
    if report := current_report():
        report.items.append(ReportItem(title, None, table))


# --- chart builders: they draw tables the analysis layer computed; they compute nothing ---

SMALL_SAMPLE_NOTE = "hatched = small sample"


def text_label(value: object) -> str:
    """A value as chart text. Plotly reads a subset of HTML in labels, so escape it."""
    return html.escape(str(value))


def outlet_label(outlet: str, n: int, unit: str, small: bool) -> str:
    """``Outlet (n=12 mentions, small sample)``: the sample size is on the chart, not only in the table."""
    flag = ", small sample" if small else ""
    return f"{text_label(outlet)} (n={n:,} {unit}{flag})"


def small_sample_pattern(flagged: list[bool]) -> dict:
    """White diagonal stripes over small samples: the colour stays, so the legend still reads, and so do labels."""
    return {"shape": ["/" if f else "" for f in flagged], "fillmode": "overlay", "fgcolor": "#ffffff",
            "size": 7, "solidity": 0.35}


def stacked_share_bars(table: pd.DataFrame, *, row: str, part: str, share: str, row_labels: dict[str, str],
                       part_colors: dict[str, str], small: str | None = None, hover: dict[str, str] | None = None,
                       part_order: list[str] | None = None, part_label: str = "",
                       part_names: dict[str, str] | None = None) -> go.Figure:
    """100 % stacked horizontal bars: one bar per ``row`` value, one segment per ``part``.

    Small samples (``small`` true) are drawn hatched and lighter, and ``row_labels`` should say so too.
    ``hover`` maps column names to labels shown on hover.
    """
    rows = list(row_labels)
    records = table.to_dict("records")  # plain loops: pandas costs a millisecond per call, a chart makes hundreds
    parts = part_order or sorted({r[part] for r in records})
    cells = {(r[row], r[part]): r for r in records}
    flagged_rows = {r[row] for r in records if small and bool(r[small])}
    flagged = [r in flagged_rows for r in rows]
    hover_lines = "".join(f"<br>{text_label(label)}: %{{customdata[{i}]}}" for i, label in enumerate(hover or {}))
    labels = [row_labels[r] for r in rows]
    marker_pattern = small_sample_pattern(flagged)
    traces = []
    for value in parts:
        found = [cells.get((r, value)) for r in rows]
        values = [float(c[share]) if c is not None and c[share] == c[share] else 0.0 for c in found]
        customdata = [[c[column] if c is not None else "" for column in hover] for c in found] if hover else None
        traces.append({
            "type": "bar", "orientation": "h", "name": text_label((part_names or {}).get(value, value)),
            "y": labels, "x": values,
            "customdata": customdata,
            "marker": {"color": part_colors.get(value, "#999999"), "pattern": marker_pattern},
            "text": [f"{x:.0%}" if x >= 0.07 else "" for x in values], "textposition": "inside",
            "insidetextanchor": "middle", "insidetextfont": {"color": text_color_on(part_colors.get(value, "#999999"))},
            "hovertemplate": f"%{{y}}<br>{text_label(part_label or part)}: "
                             f"{text_label((part_names or {}).get(value, value))}"
                             f"<br>share: %{{x:.1%}}{hover_lines}<extra></extra>"})
    # The legend stands at the right, in segment order, clear of the axis whatever the number of bars.
    return new_figure(traces, {
        "barmode": "stack", "xaxis": {"tickformat": ".0%", "range": [0, 1.001], "dtick": 0.2},
        "yaxis": {"autorange": "reversed"}, "legend": {"traceorder": "normal", "title": {"text": part_label}},
        "height": max(280, 30 * len(rows) + 150, 21 * len(parts) + 150)})  # 30 px a bar: labels fit, pages stay short


def dot_interval_chart(table: pd.DataFrame, *, y: str, x: str, low: str, high: str, colors: dict[str, str],
                       color_by: str, y_labels: dict[str, str], small: str, x_title: str,
                       x_range: tuple[float, float] | None = None) -> go.Figure:
    """One dot per row with its interval; small samples drawn as hollow dots."""
    traces = []
    for item in table.to_dict("records"):
        color = colors.get(item[color_by], "#555")
        flagged = bool(item[small])
        traces.append({
            "type": "scatter", "mode": "markers", "showlegend": False, "x": [item[x]], "y": [y_labels[item[y]]],
            "error_x": {"type": "data", "symmetric": False, "array": [item[high] - item[x]],
                        "arrayminus": [item[x] - item[low]], "color": color, "thickness": 2, "width": 6},
            "marker": {"size": 13, "color": color, "symbol": "circle-open" if flagged else "circle",
                       "line": {"width": 2.5, "color": color}},
            "hovertemplate": f"%{{y}}<br>{text_label(x_title)}: %{{x:.2f}}"
                             f"<br>95% interval: {item[low]:.2f} to {item[high]:.2f}<extra></extra>"})
    return new_figure(traces, {
        "xaxis": {"title": {"text": x_title}, "range": list(x_range) if x_range else None, "zeroline": True,
                  "zerolinecolor": "#888"},
        "yaxis": {"autorange": "reversed"}, "height": max(280, 36 * len(table) + 170)})


def outlet_bars(table: pd.DataFrame, *, outlet: str, value: str, colors: dict[str, str], value_title: str,
                labels: dict[str, str] | None = None, text_format: str = ",") -> go.Figure:
    """Horizontal bars, one per outlet, in the outlet's own colour."""
    labels = labels or {o: text_label(o) for o in table[outlet]}
    trace = {"type": "bar", "orientation": "h", "y": [labels[o] for o in table[outlet]],
             "x": table[value].tolist(), "marker": {"color": [colors.get(o, "#999") for o in table[outlet]]},
             "text": [format(v, text_format) for v in table[value]], "textposition": "outside", "cliponaxis": False,
             "hovertemplate": f"%{{y}}<br>{text_label(value_title)}: %{{x}}<extra></extra>"}
    return new_figure([trace], {"xaxis": {"title": {"text": value_title}}, "yaxis": {"autorange": "reversed"},
                                "height": max(260, 32 * len(table) + 150), "showlegend": False})
