"""End to end: ``streamlit run app.py`` against a temporary store, driven by Debian's chromium through Playwright.

Skipped, with the reason, when /usr/bin/chromium is absent, unless the CI
environment variable is set: then a missing browser fails the run.
"""

from __future__ import annotations

import os
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
         "stories": "Story comparison", "reader": "Article reader", "corpus": "Corpus"}
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
        if path in ("", "loaded-language", "voices"):
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
    assert Path(csv.value.path()).read_text(encoding="utf-8").startswith("outlet,")
    context.close()


def test_readme_screenshot_of_loaded_language(bundled_app, browser, tmp_path_factory):
    """docs/loaded-language.png, the README's picture of the Loaded language page on the bundled corpus."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    _open(page, f"{bundled_app.url}/loaded-language")
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    _assert_clean(page)
    # The committed picture is rewritten only on request, so a test run leaves the checkout clean.
    if os.environ.get("UPDATE_README_SCREENSHOT"):
        target = PROJECT / "docs" / "loaded-language.png"
    else:
        target = tmp_path_factory.mktemp("readme") / "loaded-language.png"
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000
    context.close()


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
