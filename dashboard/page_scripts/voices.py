"""The voices page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.pages import voices_page

voices_page()
