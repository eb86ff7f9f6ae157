"""The dashboard, run in-process with streamlit.testing: every page, default and filtered,
and the figures it shows equal the analysis layer's."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.cli import main
from analysis.outlet_sourcing import outlet_key_figures
from analysis.outlet_terms import stance_by_outlet
from analysis.pipeline import analyze_store, make_analyzer, score_table
from analysis.store import Store
from tests.conftest import CORPUS, PROJECT

PAGES = ("overview", "loaded_language", "voices", "stories", "trends", "reader", "corpus")


def _page(name: str) -> str:
    return f"dashboard/page_scripts/{name}.py"


def _app() -> AppTest:
    return AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)


def _no_exception(app: AppTest) -> None:
    assert not app.exception, [e.message for e in app.exception]


@pytest.fixture
def corpus_store(store_path, monkeypatch):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    return store_path


@pytest.fixture(scope="module")
def analyzed_fakes(tmp_path_factory, request):
    """A copy of the FA-KES store, analyzed once for this module."""
    fakes_store = request.getfixturevalue("fakes_store")
    path = tmp_path_factory.mktemp("fakes-app") / "fakes.duckdb"
    shutil.copyfile(fakes_store, path)
    analyze_store(path, make_analyzer())
    return path


def test_first_open_analyzes_then_shows_the_overview(corpus_store):
    with Store(corpus_store) as store:
        assert len(store.unanalyzed_ids(make_analyzer().version)) == 5
    app = _app().run()
    _no_exception(app)
    with Store(corpus_store) as store:
        assert store.unanalyzed_ids(make_analyzer().version) == []
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Articles"] == "5" and metrics["Outlets"] == "4"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_with_default_and_filtered_state(corpus_store, page):
    app = _app().run()
    app.switch_page(_page(page)).run()
    _no_exception(app)
    assert app.title[0].value != ""
    outlets = app.sidebar.multiselect(key="outlet")
    chosen = outlets.options[:2]
    outlets.set_value(chosen).run()
    _no_exception(app)
    if page != "corpus":
        assert "Showing" in app.caption[0].value
    app.sidebar.text_input(key="q").set_value("truce").run()
    _no_exception(app)
    app.sidebar.selectbox(key="concept").set_value("armed_groups").run()
    _no_exception(app)


def test_overview_table_equals_the_analysis_layer(corpus_store):
    app = _app().run()
    table = app.dataframe[0].value
    analyzer = make_analyzer()
    with Store(corpus_store) as store:
        assert store.unanalyzed_ids(analyzer.version) == []
        scores = score_table(store, analyzer)
        terms = store.result_table("terms", analyzer.version)
    assert "attributions" in scores.columns, (scores.columns, table)
    expected = scores.groupby("outlet")["attributions"].mean()
    ease = scores.groupby("outlet")["flesch_reading_ease"].mean()
    shown = table.set_index("Outlet")
    assert shown["Quotes"].to_dict() == pytest.approx(expected.to_dict())  # quotes per article
    assert shown["Ease"].to_dict() == pytest.approx(ease.to_dict())
    assert (shown["Named"] / 100).to_dict() == pytest.approx(  # shown in per cent
        outlet_key_figures(scores).set_index("outlet")["named_share"].to_dict(), nan_ok=True)
    # Stance sits in a table of its own, one column per concept.
    stance_shown = app.dataframe[1].value.set_index("Outlet")
    matches = terms.merge(scores[["article_id", "outlet"]], on="article_id")
    stances = stance_by_outlet(matches)
    for row in stances.itertuples():
        assert stance_shown.loc[row.outlet, _label(row.concept)] == pytest.approx(row.stance)


def _label(concept: str) -> str:
    from dashboard.view import concept_label

    return concept_label(concept)


def test_filtering_two_outlets_keeps_their_figures(corpus_store):
    app = _app().run()
    outlets = app.sidebar.multiselect(key="outlet")
    chosen = sorted(outlets.options)[:2]
    outlets.set_value(chosen).run()
    _no_exception(app)
    table = app.dataframe[0].value
    assert sorted(table["Outlet"]) == chosen


def test_a_copied_link_reproduces_the_view(corpus_store):
    """Filters are bound to the URL's query parameters: opening the URL restores them."""
    first = _app().run()
    chosen = sorted(first.sidebar.multiselect(key="outlet").options)[1:3]
    app = _app()
    app.query_params["outlet"] = chosen
    app.query_params["q"] = "Aleppo"
    app.run()
    _no_exception(app)
    assert app.sidebar.multiselect(key="outlet").value == chosen
    assert app.sidebar.text_input(key="q").value == "Aleppo"
    assert sorted(app.dataframe[0].value["Outlet"]) == chosen


def test_reader_highlights_evidence_and_shows_removed_furniture(corpus_store):
    app = _app().run()
    app.switch_page(_page("reader")).run()
    _no_exception(app)
    text = next(m.value for m in app.markdown if "article-text" in m.value)
    assert "Peskov" in text or "Gatilov" in text
    assert 'title="loaded term' in text and 'title="speaker:' in text
    assert "Removed page furniture" in app.expander[0].label


def test_reader_renders_hostile_text_as_text(store_path, monkeypatch, tmp_path):
    hostile = "<script>alert(1)</script> The <b onerror=alert(2)>army</b> said it advanced."
    (tmp_path / "x.txt").write_text(hostile, encoding="utf-8")
    assert main(["import", str(tmp_path), "--store", str(store_path)]) == 0
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    app = _app().run()
    app.switch_page(_page("reader")).run()
    _no_exception(app)
    text = next(m.value for m in app.markdown if "article-text" in m.value)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b onerror" not in text


def test_pasted_article_shows_up_in_the_same_session(corpus_store):
    """A new outlet joins the outlet filter, the article the reader, without a reload."""
    app = _app().run()
    outlets = app.sidebar.multiselect(key="outlet")
    outlets.set_value(sorted(outlets.options)[:2]).run()
    app.switch_page(_page("corpus")).run()
    app.text_area(key="paste_text").set_value("Rebels said the army shelled the town on Monday, killing 3.")
    app.text_input(key="paste_outlet").set_value("Test Outlet")
    app.text_input(key="paste_title").set_value("Shelling on Monday")
    app.date_input(key="paste_date").set_value(dt.date(2016, 10, 3)).run()
    app.button(key="import_text").click().run()
    _no_exception(app)
    assert "Imported 1 new article" in app.success[0].value
    chosen = app.sidebar.multiselect(key="outlet")
    assert "Test Outlet" in chosen.options and "Test Outlet" in chosen.value
    assert len(chosen.value) == 3  # the two chosen before, and the new one
    app.switch_page(_page("reader")).run()
    _no_exception(app)
    reader = app.selectbox(key="article")
    assert any("Shelling on Monday" in label for label in reader.options), reader.options
    with Store(corpus_store) as store:
        assert store.unanalyzed_ids(make_analyzer().version) == []


def test_an_import_that_fails_says_so_in_red(corpus_store):
    app = _app().run()
    app.switch_page(_page("corpus")).run()
    app.text_area(key="paste_text").set_value("... --- ...").run()
    app.button(key="import_text").click().run()
    _no_exception(app)
    assert not app.success
    assert "Not imported (1 error(s)): pasted text" in app.error[0].value
    problems = next(d.value for d in app.dataframe if "Problem" in d.value.columns)
    assert problems["Severity"].tolist() == ["not imported"] and "no words" in problems["Problem"][0]


def test_deleting_an_article_removes_it_at_once(corpus_store):
    app = _app().run()
    app.switch_page(_page("corpus")).run()
    with Store(corpus_store) as store:
        first = store.articles(columns=("article_id",))["article_id"][0]
    app.multiselect(key="delete_ids").set_value([first]).run()
    app.button(key="delete").click().run()
    _no_exception(app)
    with Store(corpus_store) as store:
        assert store.article_count() == 4
    assert first not in app.multiselect(key="delete_ids").options
    assert any("(n = 4 of 4)" in m.value for m in app.markdown), [m.value for m in app.markdown]


def test_trends_page_draws_the_analysis_layers_figures_for_the_filtered_outlets(corpus_store):
    from analysis.trends import articles_by_period, choose_period

    app = _app().run()
    outlets = app.sidebar.multiselect(key="outlet")
    chosen = sorted(outlets.options)[:3]
    outlets.set_value(chosen).run()
    app.switch_page(_page("trends")).run()
    _no_exception(app)
    assert app.title[0].value == "Trends"
    with Store(corpus_store) as store:
        articles = store.articles(columns=("article_id", "outlet", "published"))
    articles = articles[articles["outlet"].isin(chosen) & articles["published"].notna()]
    articles["published"] = pd.to_datetime(articles["published"])
    automatic = choose_period(articles["published"])
    period = app.selectbox(key="trend_period")
    assert period.value == "automatic" and f"automatic ({automatic})" in period.options
    # The page offers only the filtered outlets to compare, and its first chart counts their articles.
    assert sorted(app.multiselect(key="trend_outlets").options) == sorted(articles["outlet"].unique())
    charts = [c.proto.spec for c in app.get("plotly_chart")]
    assert len(charts) >= 2, "articles and stance per period"
    expected = articles_by_period(articles, period=automatic)
    drawn = sum(sum(trace["y"]) for trace in _plotly(charts[0])["data"])
    assert drawn == expected["articles"].sum() == len(articles)
    # Choosing a period by hand redraws per that period.
    period.set_value("month").run()
    _no_exception(app)
    title = _plotly(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert title.startswith("Articles per month and outlet"), title
    # A marked date range is shaded on every chart.
    app.date_input(key="trend_mark").set_value((dt.date(2016, 5, 1), dt.date(2016, 5, 31))).run()
    _no_exception(app)
    for chart in app.get("plotly_chart"):
        shapes = _plotly(chart.proto.spec)["layout"]["shapes"]
        assert [(s["x0"], s["x1"]) for s in shapes] == [("2016-05-01", "2016-05-31")]


def _plotly(spec: str) -> dict:
    import json

    return json.loads(spec)


def test_empty_store_explains_what_to_do(store_path, monkeypatch):
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(store_path))
    app = _app().run()
    _no_exception(app)
    assert "python -m analysis import corpus" in app.info[0].value


def test_the_ui_computes_no_metric_itself():
    """The two layers: analysis/ never imports the UI, streamlit or plotly."""
    ui_import = re.compile(r"^\s*(from|import)\s+(streamlit|plotly|dashboard)\b", re.MULTILINE)
    for path in (PROJECT / "analysis").glob("*.py"):
        assert not ui_import.search(path.read_text(encoding="utf-8")), path


@pytest.mark.slow
def test_fakes_overview_matches_score_table_and_redraws_fast(analyzed_fakes, monkeypatch):
    monkeypatch.setenv("SOURCE_BIAS_STORE", str(analyzed_fakes))
    app = _app().run()
    _no_exception(app)
    analyzer = make_analyzer()
    with Store(analyzed_fakes) as store:
        scores = score_table(store, analyzer)
    table = app.dataframe[0].value.set_index("Outlet")
    expected = scores.groupby("outlet")["attributions"].mean()
    assert table["Quotes"].to_dict() == pytest.approx(expected.to_dict())
    # Warm every page once, then time a filter change on each (the figures are cached on the store's version).
    outlets = sorted(app.sidebar.multiselect(key="outlet").options)
    timings = {}
    for page in PAGES:
        app.switch_page(_page(page)).run()
        _no_exception(app)
        for chosen in (outlets[:2], outlets):
            app.sidebar.multiselect(key="outlet").set_value(chosen).run()
        start = time.perf_counter()
        app.sidebar.multiselect(key="outlet").set_value(outlets[:2]).run()
        timings[page] = time.perf_counter() - start
        _no_exception(app)
    print("warm redraw after a filter change (s):", {p: round(t, 3) for p, t in timings.items()})
    assert max(timings.values()) < 1.0, timings  # 0.5 s on the reference machine; slack for slow CI


def test_store_path_comes_from_the_environment(corpus_store):
    from dashboard.data import store_path

    assert store_path() == Path(corpus_store)
    assert isinstance(pd.Timestamp.now(), pd.Timestamp)


def test_highlights_escape_text_and_hover_titles():
    from dashboard.highlight import Highlight, highlighted_html

    text = 'He said <b>"x"</b>'
    markup = highlighted_html(text, [Highlight(0, 2, "color: red;", 'speaker "<script>"', 1),
                                     Highlight(0, 7, "color: blue;", "quote & more", 0)])
    assert "<b>" not in markup and "&lt;b&gt;" in markup
    assert 'title="speaker &quot;&lt;script&gt;&quot;"' in markup and 'title="quote &amp; more"' in markup
    # Overlapping spans nest: the outer (layer 0) wraps the inner piece.
    assert markup.startswith('<span style="color: blue;" title="quote &amp; more"><span style="color: red;"')


def test_highlights_outside_the_text_are_ignored():
    from dashboard.highlight import Highlight, highlighted_html

    assert highlighted_html("abc", [Highlight(2, 9, "", "t", 0)]) == "abc"


def test_loaded_language_page_shows_the_stance_by_target(corpus_store):
    import json

    app = _app().run()
    app.switch_page(_page("loaded_language")).run()
    _no_exception(app)
    titles = [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")]
    assert any(title.startswith("How outlets name each group among armed groups") for title in titles)


def test_reader_tooltip_names_the_target():
    from dashboard.highlight import article_highlights

    terms = pd.DataFrame([{"start": 6, "end": 16, "term": "terrorist", "concept": "armed_groups", "stance": -1,
                           "in_quote": False, "distanced": False, "target": "isis", "target_basis": "modifier"},
                          {"start": 20, "end": 26, "term": "killed", "concept": "the_dead", "stance": 0,
                           "in_quote": False, "distanced": False, "target": "unspecified",
                           "target_basis": "no_targets"}])
    empty = pd.DataFrame(columns=["start", "end", "kind", "marker"])
    titles = [h.title for h in article_highlights(terms, pd.DataFrame(), empty)]
    assert titles[0].endswith("names: isis (the name before it)")
    assert "names:" not in titles[1]


def test_report_has_one_title_per_chart_and_numbers_rounded_as_on_screen():
    from dashboard.charts import PageReport, ReportItem, new_figure, style_figure
    from dashboard.report import report_html

    title = "Mean stance of armed groups (n = 12 mentions)"
    figure = style_figure(new_figure([{"type": "bar", "x": [0.5], "y": ["A"]}], {}), title=title)
    table = pd.DataFrame({"outlet": ["A"], "share": [0.123456], "stance": [-0.333333], "mentions": [1234],
                          "small_sample": [True], "affiliation": ["syria_gov"], "articles": [12.0],
                          "stance: the dead": [1.0]})
    page = report_html(PageReport("Overview", "all outlets", [ReportItem(title, figure, table)]))
    assert page.count("Mean stance of armed groups") == 1  # the section heading, not the chart's title too
    assert re.findall(r"<th>(.*?)</th>", page) == ["Outlet", "Share", "Stance", "Mentions", "Small sample",
                                                   "Affiliation", "Articles", "Stance: the dead"]
    # A count that became a float reads as a count; a mean of exactly 1 keeps its decimals.
    assert re.findall(r"<td>(.*?)</td>", page) == ["A", "12.3%", "-0.33", "1,234", "yes", "Syrian government", "12",
                                                   "1.00"]
    assert "0.123456" not in page and "@media print" in page


def test_colours_depend_on_neither_the_store_nor_the_filter():
    from analysis.metadata_detection import listed_outlet_colors
    from dashboard.colors import (
        OTHER_TERMS,
        UNKNOWN_COLOR,
        affiliation_colors,
        outlet_color,
        outlet_colors,
        target_colors,
        term_colors,
        text_color_on,
    )
    from dashboard.view import AFFILIATION_LABELS

    small, large = outlet_colors(["SANA", "Reuters"]), outlet_colors(["Aardvark", "Reuters", "SANA", "Zed"])
    assert small == {outlet: large[outlet] for outlet in small}
    listed = listed_outlet_colors()
    assert len(listed) == 24 and len(set(listed.values())) == 24 and UNKNOWN_COLOR not in listed.values()
    assert outlet_color("SANA") == listed["SANA"] == "#d62728"
    assert outlet_color("(unknown outlet)") == UNKNOWN_COLOR
    assert outlet_color("Aardvark  Gazette") == outlet_color("aardvark gazette") not in (UNKNOWN_COLOR, "")
    assert target_colors(["isis"]) == {"isis": target_colors(["army", "isis", "my_target"])["isis"]}
    assert target_colors(["unspecified"])["unspecified"] == UNKNOWN_COLOR
    sides = affiliation_colors(AFFILIATION_LABELS)  # every affiliation of actors.csv, and "unknown"
    assert sides["unknown"] == UNKNOWN_COLOR and len(set(sides.values())) == len(AFFILIATION_LABELS)
    stance_of = {"terrorist": -1, "jihadist": -1, "extremist": -1, "rebel": 0, "militant": 0, "fighter": 0,
                 "opposition": 1, "revolutionary": 1}
    colors = term_colors([*stance_of, OTHER_TERMS], stance_of)
    assert len(set(colors.values())) == 9  # eight named terms and "other terms", all apart
    assert colors["terrorist"] == term_colors(["terrorist"], stance_of)["terrorist"]  # first of its class: darkest
    assert (text_color_on("#ffffff"), text_color_on("#000000"), text_color_on("#7b1712")) == ("#111111", "#ffffff",
                                                                                              "#ffffff")


def test_distinctive_vocabulary_is_counted_only_once_its_section_is_opened(corpus_store):
    import json

    def titles(app: AppTest) -> list[str]:
        return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")]

    app = _app().run()
    app.switch_page(_page("loaded_language")).run()
    _no_exception(app)
    assert [e.label for e in app.get("expander")] == ["Distinctive vocabulary: the words typical of an outlet"]
    assert not any(title.startswith("Words typical of") for title in titles(app))
    app.session_state["vocabulary"] = True
    app.run()
    _no_exception(app)
    assert any(title.startswith("Words typical of") for title in titles(app))
