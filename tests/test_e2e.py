"""End to end: ``streamlit run app.py`` against a temporary store, driven by Debian's chromium through Playwright.

Skipped, with the reason, when /usr/bin/chromium is absent, unless the CI
environment variable is set: then a missing browser fails the run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.cli import main
from tests.conftest import CORPUS, PROJECT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PAGES = {"": "Overview", "loaded-language": "Loaded language", "voices": "Voices and sourcing",
         "stories": "Story comparison", "trends": "Trends", "reader": "Article reader", "corpus": "Corpus"}
# An outlet of no row of analysis/data/outlets.csv whose name sorts before every bundled outlet: with colours
# taken from the order of the outlet list, it would shift every other outlet's colour.
NEW_OUTLET = "Aardvark Gazette"
UNKNOWN = "#9e9e9e"  # the colour of "(unknown outlet)"
NEW_ARTICLE = ("DAMASCUS - Rebels said the army shelled the town of Douma on Monday, killing three people, "
               "and a monitor said aid convoys waited at the crossing.")
HOSTILE = ('<script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> '
           '<a href="javascript:window.__xss=1">x</a>')

pytestmark = pytest.mark.e2e


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: install Debian's chromium (see .ci/run)")
    pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningApp:
    def __init__(self, store: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "SOURCE_BIAS_STORE": str(store), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=PROJECT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _store_with(tmp: Path, extra: Path | None = None) -> Path:
    store = tmp / "store.duckdb"
    paths = [str(CORPUS)] + ([str(extra)] if extra else [])
    assert main(["import", *paths, "--store", str(store)]) == 0
    return store


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def bundled_app(tmp_path_factory, browser) -> Iterator[RunningApp]:
    tmp = tmp_path_factory.mktemp("e2e-bundled")
    app = RunningApp(_store_with(tmp), tmp / "streamlit.log")
    yield app
    app.stop()


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    _settle(page)


def _settle(page, title: str | None = None, timeout: float = 60_000) -> None:
    """Wait for the app to finish its run (the page shows ``title``, the status widget is gone)."""
    if title:
        page.wait_for_function("t => document.querySelector('h1')?.innerText.trim() === t", arg=title,
                               timeout=timeout)
    else:
        page.wait_for_selector("h1", timeout=timeout)
    # A run is over when no status widget shows and no element is left stale from the run before;
    # checked twice, since the status widget appears only a moment after a run starts.
    idle = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
            "&& !document.querySelector('[data-stale=\"true\"]')")
    for _ in range(2):
        page.wait_for_function(idle, timeout=timeout)
        page.wait_for_timeout(400)


def _navigate(page, title: str) -> None:
    """Open a page from the sidebar's navigation, as a user does (the session and its filters stay)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    _settle(page, title)


def _assert_clean(page) -> None:
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert not page.query_selector("[data-testid='stException']"), body[:2000]
    for word in ("Error", "Exception"):
        assert word not in body, f"{word!r} on the page: {body[:2000]}"


def test_every_page_renders_with_an_outlet_filter(bundled_app, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    shots = tmp_path / "screenshots"
    shots.mkdir()
    _open(page, bundled_app.url)
    # Filter to two outlets: clear the multiselect, then choose two.
    outlets = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    outlets.get_by_role("button", name="Clear all").first.click()
    _settle(page)
    for name in ("Press TV", "Sputnik"):
        outlets.locator("input").click()
        page.get_by_role("option", name=name, exact=True).click()
        _settle(page)
    page.keyboard.press("Escape")
    assert "outlet=Press+TV" in page.url or "outlet=Press%20TV" in page.url, page.url
    for path, title in PAGES.items():
        _navigate(page, title)
        if path != "corpus":
            assert "Press TV, Sputnik" in page.inner_text("[data-testid='stMain']")
        _assert_clean(page)
        if path in ("", "loaded-language", "voices", "trends"):
            page.wait_for_selector(".js-plotly-plot", timeout=30_000)
            assert page.locator(".js-plotly-plot").count() >= 1
        page.screenshot(path=str(shots / f"{path or 'overview'}.png"), full_page=True)
    assert len(list(shots.glob("*.png"))) == len(PAGES)

    # The downloads a report needs: the HTML report and a CSV behind a chart.
    _navigate(page, "Overview")
    with page.expect_download() as report:
        page.get_by_role("button", name="Download report (HTML)").click()
    html = Path(report.value.path()).read_text(encoding="utf-8")
    assert "<h1>Overview</h1>" in html and "Plotly.newPlot" in html and "Press TV" in html
    with page.expect_download() as csv:
        page.get_by_role("button", name="Download the data (CSV)").first.click()
    assert Path(csv.value.path()).read_text(encoding="utf-8").startswith("Outlet,")  # human headers
    context.close()


def _outlet_filter(page, names: list[str]) -> None:
    """Keep only ``names`` in the sidebar's outlet filter, as a user does."""
    outlets = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    outlets.get_by_role("button", name="Clear all").first.click()
    _settle(page)
    for name in names:
        outlets.locator("input").click()
        page.get_by_role("option", name=name, exact=True).click()
        _settle(page)
    page.keyboard.press("Escape")


def _chart_colors(page, title_start: str) -> dict[str, str]:
    """Each bar's (or trace's) label and colour in the chart whose title starts with ``title_start``."""
    page.wait_for_function("""start => [...document.querySelectorAll('.js-plotly-plot')]
        .some(d => d.data && (d.layout.title.text || '').replace(/<[^>]+>/g, '').startsWith(start))""",
                           arg=title_start, timeout=30_000)
    return page.evaluate("""start => {
        const chart = [...document.querySelectorAll('.js-plotly-plot')]
            .find(d => (d.layout.title.text || '').replace(/<[^>]+>/g, '').startsWith(start));
        const colors = {};
        for (const trace of chart.data) {
            if (trace.type === 'scatter') {
                colors[trace.name] = trace.line.color;
            } else if (Array.isArray(trace.marker.color)) {
                trace.y.forEach((label, i) => { colors[label.replace(/ \\(n=.*$/, '')] = trace.marker.color[i]; });
            } else {
                colors[trace.name] = trace.marker.color;
            }
        }
        return colors;
    }""", title_start)


def test_colours_are_the_same_in_two_stores_and_under_a_filter(bundled_app, browser, tmp_path):
    """An outlet and an affiliation keep their colour after an import of a new outlet, and under a filter."""
    from analysis.metadata_detection import listed_outlet_colors

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (extra / "metadata.csv").write_text(f"file,outlet,date\nnew.txt,{NEW_OUTLET},2016-10-03\n", encoding="utf-8")
    bigger = RunningApp(_store_with(tmp_path, extra), tmp_path / "streamlit.log")
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        _open(page, bundled_app.url)
        before = _chart_colors(page, "Articles per outlet")
        _navigate(page, "Voices and sourcing")
        voices_before = _chart_colors(page, "Share of voice")
        _open(page, bigger.url)
        after = _chart_colors(page, "Articles per outlet")
        assert set(after) == set(before) | {NEW_OUTLET}
        assert {o: after[o] for o in before} == before
        listed = listed_outlet_colors()
        assert before == {o: listed[o] for o in before}  # the colours of outlets.csv
        assert after[NEW_OUTLET] not in (UNKNOWN, *before.values())
        _navigate(page, "Voices and sourcing")
        voices_after = _chart_colors(page, "Share of voice")
        _outlet_filter(page, ["Press TV", "Sputnik"])
        voices_filtered = _chart_colors(page, "Share of voice")
        assert voices_filtered and {a: voices_before[a] for a in voices_filtered} == voices_filtered
        assert {a: voices_after[a] for a in voices_before} == voices_before
        _navigate(page, "Overview")
        filtered = _chart_colors(page, "Articles per outlet")
        assert filtered == {o: before[o] for o in ("Press TV", "Sputnik")}
        context.close()
    finally:
        bigger.stop()


def test_a_pasted_article_and_its_deletion_show_up_without_a_reload(browser, tmp_path):
    app = RunningApp(_store_with(tmp_path), tmp_path / "streamlit.log")
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        _open(page, app.url)
        _navigate(page, "Corpus")
        page.get_by_role("tab", name="Paste text").click()
        panel = page.locator("[role='tabpanel']:visible")
        panel.get_by_role("textbox", name="Article text").fill(NEW_ARTICLE)
        panel.get_by_role("textbox", name="Outlet (optional)").fill(NEW_OUTLET)
        panel.get_by_role("textbox", name="Headline (optional)").fill("Shelling of Douma")
        panel.get_by_role("textbox", name="Headline (optional)").press("Tab")
        _settle(page)
        page.get_by_role("button", name="Import the text").click()
        page.get_by_text("Imported 1 new article").wait_for(timeout=120_000)  # after the analysis of it
        _settle(page, "Corpus")
        assert "Imported 1 new article" in page.inner_text("[data-testid='stAlert']")
        sidebar = page.inner_text("[data-testid='stSidebar']")
        assert NEW_OUTLET in sidebar  # chosen in the outlet filter, not only offered
        _navigate(page, "Article reader")
        assert "Showing 6 of 6 articles" in page.inner_text("[data-testid='stMain']")
        reader = page.locator("[data-testid='stSelectbox']").filter(has_text="Article").first
        reader.click()
        page.keyboard.type("Shelling of Douma")
        page.get_by_role("option").filter(has_text="Shelling of Douma").click()
        _settle(page)
        assert "Shelling of Douma" in page.inner_text("h3")
        _navigate(page, "Corpus")
        doomed = page.locator("[data-testid='stMultiSelect']").filter(has_text="Articles to delete")
        doomed.locator("input").click()
        page.keyboard.type("Shelling of Douma")
        page.get_by_role("option").filter(has_text="Shelling of Douma").click()
        page.keyboard.press("Escape")
        _settle(page)
        page.get_by_role("button", name="Delete 1 article(s)").click()
        page.get_by_text("Deleted 1 article(s)").wait_for(timeout=60_000)  # the run after the deletion
        _settle(page, "Corpus")
        doomed.locator("input").click()
        page.keyboard.type("Shelling of Douma")
        assert page.get_by_role("option").filter(has_text="Shelling of Douma").count() == 0
        page.keyboard.press("Escape")
        assert NEW_OUTLET not in page.inner_text("[data-testid='stSidebar']")
        assert "outlet=" not in page.url  # every outlet chosen again: a copied link still means "all outlets"
        _assert_clean(page)
        context.close()
    finally:
        app.stop()


def test_trends_page_with_an_outlet_filter(bundled_app, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    _open(page, bundled_app.url)
    _outlet_filter(page, ["Press TV", "Sputnik"])
    _navigate(page, "Trends")
    _assert_clean(page)
    assert "Press TV, Sputnik" in page.inner_text("[data-testid='stMain']")
    articles = _chart_colors(page, "Articles per")
    assert set(articles) == {"Press TV", "Sputnik"}
    stance = _chart_colors(page, "How outlets name")
    assert set(stance) <= {"Press TV", "Sputnik"} and stance
    assert {o: articles[o] for o in stance} == stance  # one colour per outlet on every chart
    with page.expect_download() as csv:
        page.get_by_role("button", name="Download the data (CSV)").first.click()
    header = Path(csv.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert header == "Outlet,Period start,Articles"
    context.close()


def test_report_prints_on_a4_without_cutting_tables(bundled_app, browser, tmp_path):
    """The downloaded report, printed: every table and chart inside the A4 (and Letter) text width."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    _open(page, bundled_app.url)
    with page.expect_download() as report:
        page.get_by_role("button", name="Download report (HTML)").click()
    saved = tmp_path / "report.html"  # the download's own file has no extension: opened as text
    report.value.save_as(saved)
    printed = context.new_page()
    # A4's text width with the report's 12 mm margins: 186 mm at 96 px per inch (Letter's is wider).
    printed.set_viewport_size({"width": 703, "height": 1000})
    printed.emulate_media(media="print")
    printed.goto(saved.as_uri())
    printed.wait_for_selector(".js-plotly-plot", timeout=30_000)
    widths = printed.evaluate("""() => ({
        page: document.documentElement.clientWidth,
        tables: [...document.querySelectorAll('table.data')].map(t => t.scrollWidth),
        charts: [...document.querySelectorAll('.js-plotly-plot')].map(c => c.getBoundingClientRect().right),
        headings: [...document.querySelectorAll('h2')].map(h => h.innerText)})""")
    assert widths["tables"] and max(widths["tables"]) <= widths["page"], widths
    assert max(widths["charts"]) <= widths["page"], widths
    assert len(widths["headings"]) == len(set(widths["headings"]))
    body = printed.inner_text("body")
    assert "Key figures per outlet" in body and not re.search(r"\d\.\d{4,}", body), body[:3000]
    assert len(printed.pdf(format="A4")) > 10_000
    context.close()


def test_screenshots_of_every_page(browser, tmp_path):
    """docs/screenshots/<page>.png: every page on FA-KES dev plus the bundled corpus, for the README.

    The committed pictures are rewritten only on request (UPDATE_SCREENSHOTS=1), so a test run leaves the
    checkout clean.
    """
    from PIL import Image

    from tests.conftest import FAKES_CSV, require

    store = _store_with(tmp_path, require(FAKES_CSV))
    app = RunningApp(store, tmp_path / "streamlit.log")
    target = PROJECT / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path / "shots"
    target.mkdir(parents=True, exist_ok=True)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        page = context.new_page()
        for path, title in PAGES.items():
            _open(page, f"{app.url}/{path}")
            _settle(page, title, timeout=300_000)
            _assert_clean(page)
            height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 9000)})
            page.wait_for_timeout(1500)
            shot = target / f"{path or 'overview'}.png"
            page.screenshot(path=str(shot), full_page=True)
            page.set_viewport_size({"width": 1400, "height": 1000})
            # 256 colours: a third of the bytes in the repository, no visible change to flat charts.
            Image.open(shot).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
                shot, optimize=True)
            assert shot.stat().st_size > 20_000
        context.close()
    finally:
        app.stop()


def test_hostile_article_is_shown_as_text(tmp_path, browser):
    source = tmp_path / "hostile"
    source.mkdir()
    (source / "hostile.txt").write_text(f"The army said it advanced. {HOSTILE} Rebels said they held the town.\n",
                                        encoding="utf-8")
    (source / "metadata.csv").write_text(
        'file,outlet,title,date\nhostile.txt,"Outlet ' + HOSTILE.replace('"', '""') + '","Title '
        + HOSTILE.replace('"', '""') + '",2016-10-05\n', encoding="utf-8")
    store = tmp_path / "store.duckdb"
    assert main(["import", str(source), "--store", str(store)]) == 0
    app = RunningApp(store, tmp_path / "streamlit.log")
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        _open(page, app.url)
        for title in ("Overview", "Loaded language", "Voices and sourcing", "Corpus", "Article reader"):
            _navigate(page, title)
            assert page.evaluate("() => typeof window.__xss") == "undefined", title
        page.get_by_text("Hover over a highlight").wait_for(timeout=30_000)
        text = page.inner_text("[data-testid='stMain']")
        assert "<script>window.__xss=1</script>" in text
        assert page.evaluate("() => typeof window.__xss") == "undefined"
        context.close()
    finally:
        app.stop()


def test_distinctive_vocabulary_is_drawn_when_its_section_is_opened(bundled_app, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(bundled_app.url, wait_until="domcontentloaded")
    _settle(page, "Overview", timeout=300_000)  # the first test to open the store waits for its analysis
    _navigate(page, "Loaded language")
    titles = """() => [...document.querySelectorAll('.js-plotly-plot')]
        .map(d => (d.layout && d.layout.title && d.layout.title.text || '').replace(/<[^>]+>/g, ''))"""
    assert not any(title.startswith("Words typical of") for title in page.evaluate(titles))
    page.get_by_text("Distinctive vocabulary: the words typical of an outlet").click()
    _settle(page, "Loaded language")
    page.wait_for_function(f"() => ({titles})().some(t => t.startsWith('Words typical of'))", timeout=60_000)
    _assert_clean(page)
    # The link keeps the section open.
    page.reload(wait_until="domcontentloaded")
    _settle(page, "Loaded language")
    page.wait_for_function(f"() => ({titles})().some(t => t.startsWith('Words typical of'))", timeout=60_000)
    context.close()
