"""The trends page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.trends_page import trends_page

trends_page()
