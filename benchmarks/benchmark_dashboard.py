"""How fast the running dashboard answers, and how much memory its server holds, at 1k, 10k and 100k articles.

Run from the project folder (the 100k store takes about 10 minutes to score on 2 cores)::

    python3.11 -m venv .venv && .venv/bin/pip install -q -r requirements-dev.txt -r requirements-bench.txt \\
        && .venv/bin/python benchmarks/benchmark_dashboard.py --sizes 1000,10000,100000

It needs Debian's ``chromium`` (``apt-get install chromium``) and prints a Markdown table for the README.

What is measured
----------------
For the FA-KES development set and for each size N (resampled from it exactly as
``benchmark_scoring.py`` does, each copy made unique), a store is built and fully
analyzed first; then ``streamlit run app.py`` is started on it, as a user
starts it, and Chromium (through Playwright) does what a user does:

1. opens the dashboard: **first page**, the time from the request until the page
   is idle (its title drawn, no status widget, no stale element -- the same test
   the end-to-end suite waits on), server start-up not included;
2. visits every page of the sidebar's navigation in order: **first visit**;
3. narrows the outlet filter to two outlets (``--outlets``, by default SANA and
   Reuters), then visits every page again: **after the filter**, the time from
   the first click that changes the filter (for the first page: one rerun for clearing it
   and one per outlet chosen, the benchmark's pauses between them taken off) or
   from the navigation click until the page is idle.

Peak server memory is the largest sum of resident memory over the server's
process tree (Streamlit and any analysis workers), sampled every 100 ms for the
whole visit; it counts memory shared between processes once per process, so it
errs high. Timings include the browser's rendering. This is a benchmark, not a
test: it asserts nothing and never runs in CI.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))  # run as a script from anywhere: the project's packages are beside this folder

from benchmarks.benchmark_scoring import (  # noqa: E402
    FAKES_CSV,
    _tree_rss,
    benchmark_corpora,
    corpus_sizes,
    load_average,
    machine_description,
)
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RunningApp  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_OUTLETS = ("SANA", "Reuters")
MEMORY_SAMPLE_SECONDS = 0.1
PAGE_TIMEOUT_MS = 600_000
# A run is over when no status widget shows and no element is left stale from the run before; checked twice,
# since the status widget appears only a moment after a run starts.
IDLE_SCRIPT = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') "
               "&& !document.querySelector('[data-stale=\"true\"]')")


@dataclass
class PageTimes:
    first_visit_s: float | None = None
    after_filter_s: float | None = None


@dataclass
class Visit:
    articles: int
    first_page: str = ""
    pages: dict[str, PageTimes] = field(default_factory=dict)
    peak_memory_mb: float = 0.0


class MemoryWatch:
    """The peak resident memory of a process tree, sampled in a background thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self._process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self._process))
            self._stop.wait(MEMORY_SAMPLE_SECONDS)


def build_store(corpus: Path, store: Path) -> int:
    """Import and analyze ``corpus`` into ``store``; returns the number of stored articles."""
    from analysis.corpus_import import read_articles
    from analysis.store import Store, stage_articles

    with tempfile.TemporaryDirectory(prefix=".import-", dir=store.parent) as staging:
        staged = stage_articles(read_articles([corpus]), Path(staging))
        with Store(store) as opened:
            opened.import_staged(staged)
    return analyzed_store_size(store)


def analyzed_store_size(store: Path) -> int:
    """Analyze what ``store`` has not analyzed yet (nothing, for a store built before); returns its articles."""
    from analysis.pipeline import analyze_store, make_analyzer
    from analysis.store import Store

    analyze_store(store, make_analyzer())
    with Store(store, read_only=True) as opened:
        return len(opened.articles(columns=("article_id",)))


def _wait_idle(page, title: str | None = None) -> None:
    if title:
        page.wait_for_function("t => document.querySelector('h1')?.innerText.trim() === t", arg=title,
                               timeout=PAGE_TIMEOUT_MS)
    else:
        page.wait_for_selector("h1", timeout=PAGE_TIMEOUT_MS)
    for _ in range(2):
        page.wait_for_function(IDLE_SCRIPT, timeout=PAGE_TIMEOUT_MS)
        page.wait_for_timeout(300)


SETTLE_SECONDS = 0.6  # the two pauses of _wait_idle


def _timed(action, page, title: str | None, *, waits: int = 0) -> float:
    # The settle pauses of _wait_idle are not the app's time: they are taken off (also those of the ``waits``
    # times the action itself waits for the page to be idle).
    start = time.perf_counter()
    action()
    _wait_idle(page, title)
    return time.perf_counter() - start - SETTLE_SECONDS * (1 + waits)


def _choose_outlets(page, outlets: tuple[str, ...]) -> None:
    """Narrow the outlet filter to ``outlets`` (clear, then choose each: one rerun per click), waiting for the
    page to be idle between the clicks (``len(outlets)`` times)."""
    chooser = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    chooser.get_by_role("button", name="Clear all").first.click()
    _wait_idle(page)
    for name in outlets[:-1]:
        chooser.locator("input").click()
        page.get_by_role("option", name=name, exact=True).click()
        _wait_idle(page)
    chooser.locator("input").click()
    page.get_by_role("option", name=outlets[-1], exact=True).click()
    page.keyboard.press("Escape")


def visit_every_page(browser, app: RunningApp, articles: int, outlets: tuple[str, ...]) -> Visit:
    """What a user does after starting the server; see the module's docstring."""
    visit = Visit(articles)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        with MemoryWatch(app.process.pid) as memory:
            first = _timed(lambda: page.goto(app.url, wait_until="domcontentloaded"), page, None)
            visit.first_page = page.inner_text("h1").strip()
            links = page.locator("[data-testid='stSidebarNav'] a")
            titles = [links.nth(index).inner_text().strip() for index in range(links.count())]
            visit.pages = {title: PageTimes() for title in titles}
            visit.pages[visit.first_page].first_visit_s = first
            for title in titles[1:] + titles[:1]:
                link = links.filter(has_text=title).first
                seconds = _timed(link.click, page, title)
                if visit.pages[title].first_visit_s is None:
                    visit.pages[title].first_visit_s = seconds
            # Back on the first page: change the filter there, then visit the others with it.
            visit.pages[titles[0]].after_filter_s = _timed(lambda: _choose_outlets(page, outlets), page, titles[0],
                                                           waits=len(outlets))
            for title in titles[1:]:
                visit.pages[title].after_filter_s = _timed(links.filter(has_text=title).first.click, page, title)
        visit.peak_memory_mb = memory.peak / 2**20
    finally:
        context.close()
    return visit


def table(visits: list[tuple[str, Visit]]) -> str:
    lines = ["| corpus | articles | page | first visit s | after the filter s | peak server memory MB |",
             "|---|---:|---|---:|---:|---:|"]
    for name, visit in visits:
        for number, (title, times) in enumerate(visit.pages.items()):
            label = f"{title} (first page)" if title == visit.first_page else title
            memory = f"{visit.peak_memory_mb:,.0f}" if number == 0 else ""
            lines.append(f"| {name} | {visit.articles:,} | {label} | {_seconds(times.first_visit_s)} | "
                         f"{_seconds(times.after_filter_s)} | {memory} |")
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{max(value, 0.0):.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=corpus_sizes, default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated corpus sizes besides FA-KES dev (default: %(default)s; '' for none)")
    parser.add_argument("--source", type=Path, default=FAKES_CSV, help="the corpus to resample (FA-KES dev)")
    parser.add_argument("--outlets", default=",".join(DEFAULT_OUTLETS),
                        help="the outlets the filter is narrowed to (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where corpora, stores and server logs go (default: a temporary folder, removed after)")
    parser.add_argument("--store-dir", type=Path, default=None,
                        help="keep the built stores in this folder and reuse a store already there instead of "
                             "building it again (default: build every store, delete it after its visit)")
    args = parser.parse_args(argv)

    if not args.source.exists():
        print(f"error: {args.source} not found (the shared data folder beside the project)", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"error: {CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 2
    outlets = tuple(name.strip() for name in args.outlets.split(",") if name.strip())
    if not outlets:
        print("error: --outlets names no outlet", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    load_before = load_average()
    visits: list[tuple[str, Visit]] = []
    with tempfile.TemporaryDirectory(prefix="benchmark-dashboard-", dir=args.work_dir) as directory, \
            sync_playwright() as playwright:
        work = Path(directory)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, corpus in benchmark_corpora(args.source, args.sizes, work, seed=args.seed):
            store = (args.store_dir or work) / f"{corpus.stem}.duckdb"
            if args.store_dir and store.exists():
                print(f"{name}: reusing {store}...", file=sys.stderr, flush=True)
                articles = analyzed_store_size(store)
            else:
                print(f"{name}: building the store...", file=sys.stderr, flush=True)
                articles = build_store(corpus, store)
            print(f"{name}: visiting every page...", file=sys.stderr, flush=True)
            app = RunningApp(store, work / f"{corpus.stem}.streamlit.log")
            try:
                visits.append((name, visit_every_page(browser, app, articles, outlets)))
            finally:
                app.stop()
            print(table(visits[-1:]), file=sys.stderr, flush=True)
            if not args.store_dir:
                store.unlink(missing_ok=True)
        browser.close()
    print(f"Dashboard benchmark: {machine_description()}; load average (1/5/15 min) {load_before} at the start, "
          f"{load_average()} at the end.\n")
    print(table(visits))
    print(f"\nTime until the page is idle in Chromium (Playwright), rendering included; 'after the filter': the "
          f"outlet filter narrowed to {', '.join(outlets)}. Peak server memory: the Streamlit server's whole "
          f"process tree over the visit of every page, before and after the filter.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
