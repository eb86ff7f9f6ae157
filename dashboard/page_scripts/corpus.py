"""The corpus page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.pages import corpus_page

corpus_page()
