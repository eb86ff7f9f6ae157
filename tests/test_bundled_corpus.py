"""The bundled corpus: five seed articles with their metadata."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from analysis.corpus_import import ArticleRecord, read_articles
from tests.conftest import CORPUS, SEEDS, require

EXPECTED = {
    "000_da59958df5810f4f.txt": ("SANA", dt.date(2016, 5, 6)),
    "001_ec488895cf427702.txt": ("Press TV", dt.date(2016, 4, 30)),
    "002_93012934e5c4db1d.txt": ("Sputnik", dt.date(2016, 9, 20)),  # not the 2020 capture stamp
    "003_4710933c1edb3a64.txt": ("The Syrian Observer", dt.date(2016, 5, 1)),
    "004_4505a0e3cb645be6.txt": ("Press TV", dt.date(2016, 10, 28)),
}


def _metadata_rows():
    with (CORPUS / "metadata.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_metadata_names_every_seed_with_outlet_and_date():
    rows = _metadata_rows()
    assert {row["original_file"]: (row["outlet"], dt.date.fromisoformat(row["date"])) for row in rows} == EXPECTED
    for row in rows:
        assert (CORPUS / row["file"]).is_file()
        assert row["date_basis"].strip()


@pytest.mark.parametrize("row", _metadata_rows(), ids=lambda row: row["original_file"])
def test_bundled_files_are_the_seeds_unchanged(row):
    seed = require(SEEDS / row["original_file"])
    assert (CORPUS / row["file"]).read_bytes() == seed.read_bytes()


def test_corpus_imports_without_problems_with_metadata_outlets_and_dates():
    items = list(read_articles([CORPUS]))
    assert all(isinstance(item, ArticleRecord) for item in items)
    assert sorted((r.outlet, r.published) for r in items) == sorted(EXPECTED.values())
    assert all(r.outlet_basis == "metadata" and r.date_basis == "metadata" for r in items)
    titles = {r.outlet: r.title for r in items}
    assert titles["SANA"].startswith("Peskov calls for supporting")
