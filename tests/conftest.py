"""Shared test fixtures: paths to the project's data and to ../shared."""

from __future__ import annotations

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
    """Skip the calling test, with the reason, when shared data is absent."""
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data folder beside the repository)")
    return path


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"
