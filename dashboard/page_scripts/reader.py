"""The reader page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.pages import article_reader_page

article_reader_page()
