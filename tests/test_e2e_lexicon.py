"""End to end, in chromium: the Lexicon page proposes substitutes, saves a lexicon, and the Loaded language
page shows the new concept after the app re-analyzes (helpers from tests/test_e2e.py)."""

from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.pipeline import user_lexicon_folder
from tests.test_e2e import RunningApp, _assert_clean, _navigate, _open, _settle, browser  # noqa: F401 - a fixture
from tests.test_lexicon_discovery import made_up_corpus

pytestmark = pytest.mark.e2e


@pytest.fixture
def made_up_app(tmp_path, browser):  # noqa: F811 - the imported fixture
    table = tmp_path / "articles.csv"
    made_up_corpus().rename(columns={"clean_text": "text"})[["outlet", "text"]].to_csv(table, index=False)
    store = tmp_path / "store.duckdb"
    assert main(["import", str(table), "--store", str(store)]) == 0
    app = RunningApp(store, tmp_path / "streamlit.log")
    yield app, store
    app.stop()


def test_lexicon_page_saves_and_loaded_language_uses_it(made_up_app, browser):  # noqa: F811
    app, store = made_up_app
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    _open(page, app.url)  # the first run analyzes the articles, then shows the Overview
    _navigate(page, "Lexicon")
    page.get_by_label("Seed term (a word or a phrase)").fill("illegal aliens")
    page.get_by_role("button", name="Find candidates").click()
    _settle(page, "Lexicon")
    main_text = page.inner_text("[data-testid='stMain']")
    assert "Candidates for \u201cillegal aliens\u201d" in main_text
    assert "undocumented immigrants" in main_text
    _assert_clean(page)

    for key, option in (("lexicon_stance_illegal_aliens", "-1 delegitimizing"),
                        ("lexicon_stance_undocumented_immigrants", "+1 legitimizing")):
        box = page.locator(f".st-key-{key} [data-testid='stSelectbox']")
        box.scroll_into_view_if_needed()
        box.get_by_role("combobox").click()
        page.get_by_role("option", name=option, exact=True).click()
        _settle(page, "Lexicon")
    page.get_by_role("button", name="Save the lexicon").click()
    page.wait_for_selector("text=Saved 2 term(s) to workbench.csv", timeout=120_000)
    _settle(page, "Lexicon")
    assert (user_lexicon_folder(store) / "workbench.csv").exists()

    _navigate(page, "Loaded language")
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert page.locator(".js-plotly-plot", has_text="illegal aliens").count() >= 1
    _assert_clean(page)
    context.close()
