"""The overview page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.pages import overview_page

overview_page()
