"""Source-bias comparison dashboard: ``streamlit run app.py``.

Before drawing, the app analyzes what the store has not analyzed yet (a
progress bar shows it); then the sidebar filters, the chosen page, and the
"Download report" button of that page's charts and tables.
"""

import streamlit as st

from analysis.store import StoreError
from dashboard import data
from dashboard.charts import current_report
from dashboard.pages import analyze_with_progress
from dashboard.report import report_html
from dashboard.view import build_view, clear_view

st.set_page_config(page_title="Source-bias comparison", layout="wide")

try:
    key = data.store_key()
    pending = data.unanalyzed_count(key)
    if pending:
        st.title("Source-bias comparison")
        analyze_with_progress(pending)
        st.rerun()
    corpus = data.load_corpus(key)
except StoreError as error:  # the message says what to do (another program holds the file, or it is damaged)
    st.title("Source-bias comparison")
    st.error(str(error))
    st.stop()
if corpus is None or corpus.articles.empty:
    clear_view()
else:
    build_view(key, corpus)
st.session_state.pop("_page_report", None)

navigation = st.navigation([
    st.Page("dashboard/page_scripts/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("dashboard/page_scripts/loaded_language.py", title="Loaded language", url_path="loaded-language"),
    st.Page("dashboard/page_scripts/voices.py", title="Voices and sourcing", url_path="voices"),
    st.Page("dashboard/page_scripts/stories.py", title="Story comparison", url_path="stories"),
    st.Page("dashboard/page_scripts/trends.py", title="Trends", url_path="trends"),
    st.Page("dashboard/page_scripts/reader.py", title="Article reader", url_path="reader"),
    st.Page("dashboard/page_scripts/corpus.py", title="Corpus", url_path="corpus"),
    st.Page("dashboard/page_scripts/lexicon.py", title="Lexicon", url_path="lexicon"),
])
navigation.run()

if report := current_report():
    st.sidebar.divider()
    st.sidebar.download_button(
        "Download report (HTML)", lambda: report_html(report).encode("utf-8"), mime="text/html",
        file_name=f"source-bias-{report.page_title.lower().replace(' ', '-')}.html", key="download_report",
        on_click="ignore", help="This page's charts and tables in one HTML file that opens offline.")
