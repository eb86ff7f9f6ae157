"""Nothing is lost: killed imports, concurrent use of the store."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from analysis.cli import main
from analysis.store import Store
from tests.conftest import CORPUS, PROJECT


def _big_csv(path, rows=4000):
    texts = [f"Article {i}: the army said rebels shelled district {i} of Aleppo on Friday. " * 40 for i in range(rows)]
    pd.DataFrame({"text": texts, "outlet": "SANA", "date": "2016-05-06"}).to_csv(path, index=False)
    return path


def _import_process(csv_path, store_path):
    return subprocess.Popen([sys.executable, "-m", "analysis", "import", str(csv_path), "--store", str(store_path)],
                            cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for_line(process, prefix):
    for line in process.stderr:
        if line.startswith(prefix):
            return
    raise AssertionError(f"the import ended without printing {prefix!r}")


@pytest.mark.slow
@pytest.mark.parametrize(("phase", "delay"), [("reading", 0.3), ("storing", 0.0), ("storing", 0.05), ("storing", 0.2)])
def test_import_killed_with_sigkill_leaves_an_openable_store_with_everything_before(
        tmp_path, store_path, phase, delay):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    process = _import_process(_big_csv(tmp_path / "big.csv"), store_path)
    if phase == "storing":
        _wait_for_line(process, "storing 4000 article(s)")
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with Store(store_path) as store:
        count = store.article_count()
        outlets = set(store.articles().outlet)
    # All or nothing: the five articles from before, plus the whole CSV only if its import committed.
    assert count in (5, 4005)
    assert {"SANA", "Press TV", "Sputnik", "The Syrian Observer"} <= outlets


@pytest.mark.slow
def test_import_waits_for_a_reader_instead_of_failing(store_path):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from analysis.store import Store\n"
         f"s = Store({str(store_path)!r}); print('open', flush=True); time.sleep(3); s.close()"],
        cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "analysis", "list", "--store", str(store_path)],
                            cwd=PROJECT, capture_output=True, text=True, timeout=60)
    holder.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Peskov" in result.stdout
    assert time.monotonic() - started >= 1.0  # it waited for the other process


def test_a_store_held_too_long_gives_a_clear_message(store_path):
    with Store(store_path):
        holder = subprocess.run(
            [sys.executable, "-c",
             "from analysis.store import Store, StoreError\n"
             f"try:\n    Store({str(store_path)!r}, lock_timeout=0.5)\n"
             "except StoreError as error:\n    print(error)"],
            cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert "is in use by another program" in holder.stdout
