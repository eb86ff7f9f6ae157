"""A standalone HTML report of the charts and tables on the current page.

The file embeds plotly.js, so it opens offline in any browser, charts still
interactive. Every text in it is escaped. Each chart has one title (the
section heading; the chart's own is left out), tables carry human labels and
numbers rounded as the dashboard shows them, and the page prints on A4 or
Letter: tables wrap long cells and shrink their type rather than run off it.
"""

from __future__ import annotations

import copy
import datetime as dt
import html

import pandas as pd
from plotly.offline import get_plotlyjs

from dashboard.charts import PLOTLY_CONFIG, PageReport
from dashboard.labels import readable

# Columns holding shares in [0, 1]: shown as per cent, as on the charts.
_SHARE_COLUMNS = ("share", "share_low", "share_high", "named_share", "wire_copy_share")
# Means, never counts, even where every value is whole (a stance of exactly -1).
_SIGNED_COLUMNS = ("stance", "stance_low", "stance_high", "z")
# A4 is 210 mm wide, Letter 216 mm: with 12 mm margins a chart of 680 px (at 96 px per inch, 180 mm) fits both.
_PRINT_WIDTH_PX = 680


def rounded(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` as text, numbers rounded as on screen: shares in per cent with one decimal, other
    fractional numbers with two decimals, counts with thousands separators; dates without a time.

    A float column whose values are all whole is a count, unless it holds a mean (stance, z).
    """
    out = {}
    for column in table.columns:
        values = table[column]
        if column in _SHARE_COLUMNS or str(column).endswith("_share"):
            out[column] = values.map(lambda v: "" if pd.isna(v) else f"{float(v):.1%}")
        elif pd.api.types.is_bool_dtype(values):
            out[column] = values
        elif pd.api.types.is_integer_dtype(values):
            out[column] = values.map(lambda v: f"{int(v):,}")
        elif pd.api.types.is_float_dtype(values):
            # A column of whole numbers (counts that became floats in a merge) reads as counts.
            mean = column in _SIGNED_COLUMNS or str(column).startswith("stance")
            whole = bool(((values.dropna() % 1) == 0).all()) and not mean
            out[column] = values.map(lambda v, whole=whole: "" if pd.isna(v) else
                                     f"{v:,.0f}" if whole else f"{v:.2f}")
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.map(lambda v: "" if pd.isna(v) else f"{v:%Y-%m-%d}")
        else:
            out[column] = values
    return pd.DataFrame(out, index=table.index)


def _figure_html(figure) -> str:
    """The chart without its own title (the section heading carries it), sized to print on A4 or Letter."""
    untitled = copy.deepcopy(figure)
    untitled.update_layout(title=None, margin={"t": 20}, width=_PRINT_WIDTH_PX)
    return untitled.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG)


def report_html(report: PageReport) -> str:
    """The report as one HTML document."""
    sections = []
    for item in report.items:
        parts = [f"<h2>{html.escape(item.title)}</h2>"]
        if item.figure is not None:
            parts.append(f'<div class="chart">{_figure_html(item.figure)}</div>')
        table = readable(rounded(item.table))
        parts.append(table.to_html(index=False, escape=True, na_rep="", classes="data", border=0))
        sections.append("<section>" + "\n".join(parts) + "</section>")
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(report.page_title)}</title>
<script>{get_plotlyjs()}</script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }}
h2 {{ font-size: 1.1em; margin-top: 2em; }}
table.data {{ border-collapse: collapse; font-size: 12px; margin: 1em 0 2em; width: 100%; }}
table.data th, table.data td {{ border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }}
table.data th {{ background: #f4f4f4; }}
.meta {{ color: #666; font-size: 13px; }}
@page {{ margin: 12mm; }}
@media print {{
  body {{ max-width: none; margin: 0; padding: 0; }}
  .chart {{ break-inside: avoid; }}
  table.data {{ font-size: 8pt; }}
  table.data th, table.data td {{ padding: 1px 3px; }}
  table.data thead {{ display: table-header-group; }}
  h2 {{ break-after: avoid; }}
}}
</style></head>
<body>
<h1>{html.escape(report.page_title)}</h1>
<p class="meta">Filters: {html.escape(report.filters)} · generated {generated}
by the source-bias comparison dashboard</p>
{"".join(sections)}
</body></html>
"""
