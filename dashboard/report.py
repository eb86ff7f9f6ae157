"""A standalone HTML report of the charts and tables on the current page.

The file embeds plotly.js, so it opens offline in any browser, charts still
interactive. Every text in it is escaped.
"""

from __future__ import annotations

import datetime as dt
import html

from plotly.offline import get_plotlyjs

from dashboard.charts import PLOTLY_CONFIG, PageReport


def report_html(report: PageReport) -> str:
    """The report as one HTML document."""
    sections = []
    for item in report.items:
        parts = [f"<h2>{html.escape(item.title)}</h2>"]
        if item.figure is not None:
            parts.append(item.figure.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG))
        parts.append(item.table.to_html(index=False, escape=True, na_rep="", classes="data", border=0))
        sections.append("<section>" + "\n".join(parts) + "</section>")
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(report.page_title)}</title>
<script>{get_plotlyjs()}</script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }}
table.data {{ border-collapse: collapse; font-size: 13px; margin: 1em 0 2em; }}
table.data th, table.data td {{ border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }}
.meta {{ color: #666; font-size: 13px; }}
</style></head>
<body>
<h1>{html.escape(report.page_title)}</h1>
<p class="meta">Filters: {html.escape(report.filters)} · generated {generated}
by the source-bias comparison dashboard</p>
{"".join(sections)}
</body></html>
"""
