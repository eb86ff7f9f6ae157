"""The Lexicon page in streamlit.testing: seed, candidates, assignment, saving, and every page using the result."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.cli import main
from analysis.loaded_terms import load_lexicon
from analysis.pipeline import lexicons_for_store, make_analyzer, user_lexicon_folder
from analysis.store import Store
from tests.conftest import PROJECT
from tests.test_lexicon_discovery import made_up_corpus

PAGE = "dashboard/page_scripts/lexicon.py"


def _app() -> AppTest:
    return AppTest.from_file(str(PROJECT / "app.py"), default_timeout=180)


def _no_exception(app: AppTest) -> None:
    assert not app.exception, [e.message for e in app.exception]


@pytest.fixture
def made_up_store(tmp_path, store_path, monkeypatch):
    """The made-up corpus of tests/test_lexicon_discovery.py (two outlets, known substitutes), imported."""
    table = tmp_path / "articles.csv"
    made_up_corpus().rename(columns={"clean_text": "text"})[["outlet", "text"]].to_csv(table, index=False)
    assert main(["import", str(table), "--store", str(store_path)]) == 0
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    monkeypatch.delenv("SOURCE_BIAS_LEXICONS", raising=False)
    return store_path


def _texts(app: AppTest) -> list[str]:
    return [element.value for element in app.text]


def test_seed_candidates_save_and_every_page_uses_the_lexicon(made_up_store):
    app = _app().run()
    _no_exception(app)
    app.switch_page("dashboard/page_scripts/loaded_language.py").run()
    assert not any("border crossers" in chart.proto.spec for chart in app.get("plotly_chart"))
    app.switch_page(PAGE).run()
    _no_exception(app)
    assert app.title[0].value == "Lexicon"
    app.text_input(key="lexicon_seed").set_value("illegal aliens")
    app.button[0].click().run()  # the form's submit button
    _no_exception(app)
    candidates = app.dataframe[0].value
    assert candidates["term"].iloc[0] == "illegal aliens"
    assert set(candidates["term"].iloc[1:3]) == {"undocumented immigrants", "illegal immigrants"}
    assert {"Left", "Right"} <= set(candidates.columns)
    assert "undocumented immigrants" in _texts(app)

    app.selectbox(key="lexicon_example_term").set_value("undocumented immigrants").run()
    sentences = app.dataframe[2].value
    assert set(sentences["outlet"]) == {"Left"} and sentences["sentence"].str.contains("undocumented").all()

    version_before = make_analyzer(lexicons_for_store(made_up_store)).version
    app.text_input(key="lexicon_concept").set_value("border_crossers").run()
    app.selectbox(key="lexicon_stance_illegal_aliens").set_value("-1 delegitimizing")
    app.selectbox(key="lexicon_stance_undocumented_immigrants").set_value("+1 legitimizing")
    app.selectbox(key="lexicon_stance_illegal_immigrants").set_value("-1 delegitimizing")
    app.text_input(key="lexicon_file").set_value("us border").run()
    app.button(key="lexicon_save").click().run()
    _no_exception(app)

    saved = user_lexicon_folder(made_up_store) / "us_border.csv"
    lexicon = load_lexicon(extra_paths=[saved])
    assert {(e.term, e.stance) for e in lexicon.terms("border_crossers")} == {
        ("illegal aliens", -1), ("undocumented immigrants", 1), ("illegal immigrants", -1)}
    assert any("Saved 3 term(s) to us_border.csv" in s.value for s in app.success)
    analyzer = make_analyzer(lexicons_for_store(made_up_store))
    assert analyzer.version != version_before
    with Store(made_up_store) as store:  # the app analyzed every article again with the new lexicon
        assert store.unanalyzed_ids(analyzer.version) == []
        terms = store.result_table("terms", analyzer.version)
    assert set(terms.loc[terms["concept"] == "border_crossers", "term"]) == {
        "illegal aliens", "undocumented immigrants", "illegal immigrants"}

    app.switch_page("dashboard/page_scripts/loaded_language.py").run()
    _no_exception(app)
    chart_specs = [chart.proto.spec for chart in app.get("plotly_chart")]
    assert any("Terms for border crossers per outlet" in spec and "undocumented immigrants" in spec
               for spec in chart_specs)


def test_contested_groups_show_the_outlet_split(made_up_store):
    app = _app().run()
    app.switch_page(PAGE).run()
    app.button(key="lexicon_groups").click().run()
    _no_exception(app)
    groups = app.dataframe[0].value
    people = [terms for terms in groups["terms"] if "undocumented immigrants" in terms.split(" / ")]
    assert people and "illegal aliens" in people[0].split(" / ")
    app.selectbox(key="lexicon_group").set_value(people[0]).run()
    counts = app.dataframe[1].value.set_index("term")
    assert counts.loc["undocumented immigrants", "Right"] == 0 and counts.loc["illegal aliens", "Left"] == 0


def test_a_seed_too_rare_says_so_and_nothing_is_saved(made_up_store):
    app = _app().run()
    app.switch_page(PAGE).run()
    app.text_input(key="lexicon_seed").set_value("wall")
    app.button[0].click().run()
    _no_exception(app)
    assert any("occurs too rarely" in w.value for w in app.warning)
    assert not user_lexicon_folder(made_up_store).exists()


def test_empty_store_page_says_how_to_import(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(tmp_path / "none.duckdb"))
    app = _app().run()
    app.switch_page(PAGE).run()
    _no_exception(app)
    assert "Import your articles" in app.info[0].value


def test_saved_lexicon_can_be_deleted(made_up_store):
    folder = user_lexicon_folder(made_up_store)
    folder.mkdir()
    (folder / "old.csv").write_text("concept,term,stance\nborder_crossers,aliens,-1\n", encoding="utf-8")
    app = _app().run()
    app.switch_page(PAGE).run()
    _no_exception(app)
    rows = app.dataframe[0].value
    assert isinstance(rows, pd.DataFrame) and list(rows["term"]) == ["aliens"]
    app.button(key="lexicon_delete_old.csv").click().run()
    _no_exception(app)
    assert not (folder / "old.csv").exists()


@pytest.mark.slow
def test_polnear_illegal_immigrants_proposes_undocumented_immigrants(tmp_path, store_path, monkeypatch):
    """The issue's gate: PolNeAR imported with its metadata.tsv, seed "illegal immigrants" on the page,
    "undocumented immigrants" among the top 10 candidates; saving changes the Loaded language page."""
    from tests.conftest import SHARED, require

    polnear = require(SHARED / "polnear")
    assert main(["import", str(polnear / "text"), "--metadata", str(polnear / "metadata.tsv"),
                 "--store", str(store_path)]) == 0
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    monkeypatch.delenv("SOURCE_BIAS_LEXICONS", raising=False)
    app = _app().run()
    app.switch_page("dashboard/page_scripts/loaded_language.py").run()
    assert not any("Terms for immigrants" in chart.proto.spec for chart in app.get("plotly_chart"))
    app.switch_page(PAGE).run()
    app.text_input(key="lexicon_seed").set_value("illegal immigrants")
    app.number_input(key="lexicon_top").set_value(10)
    app.button[0].click().run()
    _no_exception(app)
    candidates = app.dataframe[0].value
    assert candidates["term"].iloc[0] == "illegal immigrants"
    assert "undocumented immigrants" in list(candidates["term"].iloc[1:11])
    app.text_input(key="lexicon_concept").set_value("immigrants").run()
    app.selectbox(key="lexicon_stance_illegal_immigrants").set_value("-1 delegitimizing")
    app.selectbox(key="lexicon_stance_undocumented_immigrants").set_value("+1 legitimizing")
    app.button(key="lexicon_save").click().run()
    _no_exception(app)
    app.switch_page("dashboard/page_scripts/loaded_language.py").run()
    _no_exception(app)
    assert any("Terms for immigrants per outlet" in chart.proto.spec for chart in app.get("plotly_chart"))


def test_lexicons_for_store_reads_the_environment_then_the_folder_in_name_order(tmp_path, monkeypatch):
    store = tmp_path / "store.duckdb"
    folder = user_lexicon_folder(store)
    assert folder == tmp_path / "lexicons"
    folder.mkdir()
    for name in ("b.csv", "a.csv", ".a.csv.saving", "notes.txt"):
        (folder / name).write_text("concept,term,stance\n", encoding="utf-8")
    mine = tmp_path / "mine.csv"
    monkeypatch.setenv("SOURCE_BIAS_LEXICONS", str(mine))
    assert lexicons_for_store(store) == [mine, folder / "a.csv", folder / "b.csv"]
    monkeypatch.delenv("SOURCE_BIAS_LEXICONS")
    assert lexicons_for_store(tmp_path / "elsewhere" / "store.duckdb") == []
