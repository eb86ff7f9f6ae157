"""The stories page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.pages import stories_page

stories_page()
