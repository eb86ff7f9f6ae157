"""Source-bias comparison dashboard: ``streamlit run app.py``."""

import streamlit as st

from dashboard.pages import article_reader_page, corpus_page, overview_page

st.set_page_config(page_title="Source-bias comparison", layout="wide")
navigation = st.navigation([
    st.Page(overview_page, title="Overview", url_path="overview", default=True),
    st.Page(article_reader_page, title="Article reader", url_path="reader"),
    st.Page(corpus_page, title="Corpus", url_path="corpus"),
])
navigation.run()
