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
from tests.conftest import CORPUS, FAKES_CSV, PROJECT, require


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


_READER = r"""
import json, sys, time
from pathlib import Path
from analysis.store import Store, StoreError

path, stop = sys.argv[1], Path(sys.argv[2])
reads, failures = [], []
while True:
    finished = stop.exists()
    try:
        with Store(path, read_only=True) as store:  # waits (up to 10 s) while the import holds the file
            reads.append((time.time(), store.article_count()))
    except StoreError as error:
        failures.append(str(error))
    if finished:
        break
    time.sleep(0.1)
print(json.dumps({"reads": reads, "failures": failures}))
"""


@pytest.mark.slow
def test_two_readers_and_an_import_at_once_neither_corrupt_nor_lock_out(tmp_path, store_path):
    """Two dashboard-like readers count articles over and over while the FA-KES set is imported."""
    import json

    csv_path = require(FAKES_CSV)
    Store(store_path).close()  # an empty store for the readers to open
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-c", _READER, str(store_path), str(stop)], cwd=PROJECT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(1.0)
    started = time.time()
    importer = subprocess.run([sys.executable, "-m", "analysis", "import", str(csv_path), "--store", str(store_path)],
                              cwd=PROJECT, capture_output=True, text=True, timeout=600)
    ended = time.time()
    stop.touch()
    results = []
    for reader in readers:
        out, err = reader.communicate(timeout=60)
        assert reader.returncode == 0, err
        results.append(json.loads(out))

    assert importer.returncode == 0, importer.stderr
    assert "imported 474 new article(s)" in importer.stdout
    for result in results:
        assert result["failures"] == []
        counts = [count for _, count in result["reads"]]
        assert set(counts) <= {0, 474}  # an import is seen whole or not at all
        assert counts[0] == 0 and counts[-1] == 474
        assert any(started < when < ended for when, _ in result["reads"])  # it read while the import ran
    with Store(store_path, read_only=True) as store:
        assert store.article_count() == 474


def _damaged_stores(path):
    """Ways a store file gets damaged, each a function that damages the store at ``path``."""
    def truncated(fraction):
        return lambda: path.write_bytes(path.read_bytes()[:int(path.stat().st_size * fraction)])

    return {
        "overwritten with text": lambda: path.write_bytes(b"this is not a database\n" * 100),
        "emptied": lambda: path.write_bytes(b""),
        "cut to its first 4 KB": lambda: path.write_bytes(path.read_bytes()[:4096]),
        "cut in half": truncated(0.5),
        "cut short by one block": truncated(0.9),
        "header zeroed": lambda: path.write_bytes(b"\0" * 4096 + path.read_bytes()[4096:]),
    }


@pytest.mark.parametrize("damage", list(_damaged_stores(None)))
@pytest.mark.parametrize("command", [["import", str(CORPUS)], ["list"]])
def test_a_damaged_store_gives_one_line_with_the_way_to_rebuild_it(damage, command, store_path, capsys):
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    _damaged_stores(store_path)[damage]()
    capsys.readouterr()

    assert main([*command, "--store", str(store_path)]) == 2

    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith(("storing", "reading"))]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: cannot open the store {store_path}: ")
    assert lines[0].endswith(". If the file is damaged, move it aside and rebuild it from your files: "
                             f"python -m analysis import corpus [YOUR FILES...] --store {store_path}")
    # Doing what it says works.
    store_path.rename(store_path.with_name("store.duckdb.damaged"))
    assert main(["import", str(CORPUS), "--store", str(store_path)]) == 0
    with Store(store_path, read_only=True) as store:
        assert store.article_count() == 5
