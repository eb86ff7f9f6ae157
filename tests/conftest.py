"""Shared test fixtures: paths to the project's data and to ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT / "corpus"
# The repository is checked out with the team's shared folder beside it.
SHARED = PROJECT.parent / "shared"
FAKES_CSV = SHARED / "data" / "fakes_dev.csv"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"


def require(path: Path) -> Path:
    """Skip the calling test, with the reason, when shared data is absent; under CI (``CI`` set) fail instead,
    so that a gate on shared data can never silently not run."""
    if not path.exists():
        reason = f"needs {path} (the shared data folder beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def bundled_store(tmp_path: Path) -> Path:
    """A store holding the bundled corpus's five articles."""
    from analysis.corpus_import import read_articles
    from analysis.store import Store

    path = tmp_path / "bundled.duckdb"
    with Store(path) as store:
        store.import_articles(read_articles([CORPUS]))
    return path


@pytest.fixture(scope="session")
def fakes_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the FA-KES dev corpus (imported once per test session; do not write to it)."""
    from analysis.corpus_import import read_articles
    from analysis.store import Store

    path = tmp_path_factory.mktemp("fakes") / "fakes.duckdb"
    with Store(path) as store:
        store.import_articles(read_articles([require(FAKES_CSV)]))
    # Copies are made with file copies: everything must be in the file, none in a write-ahead log.
    import duckdb

    with duckdb.connect(str(path)) as connection:
        connection.execute("CHECKPOINT")
    return path


@pytest.fixture
def fakes_store_copy(fakes_store: Path, tmp_path: Path):
    """Fresh copies of the FA-KES store, by name, for tests that write to it."""
    import shutil

    def copy(name: str) -> Path:
        target = tmp_path / f"{name}.duckdb"
        shutil.copyfile(fakes_store, target)
        # A store whose last changes are not checkpointed keeps them in its write-ahead log.
        wal = fakes_store.with_name(fakes_store.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + ".wal"))
        return target

    return copy
