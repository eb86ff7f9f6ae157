"""The loaded language page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.pages import loaded_language_page

loaded_language_page()
