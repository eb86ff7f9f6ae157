"""The Lexicon page (a script, so that st.navigation and AppTest can address it by file)."""

from dashboard.lexicon_page import lexicon_page

lexicon_page()
