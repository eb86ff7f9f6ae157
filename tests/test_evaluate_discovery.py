"""evaluation/evaluate_discovery.py: the term reading rule, and the FA-KES recovery table on the shared data."""

from __future__ import annotations

import math

import pytest

from analysis.loaded_terms import load_lexicon
from evaluation.evaluate_discovery import FAKES_CSV, _read_as, fakes_recovery
from tests.conftest import require


def test_a_candidate_counts_as_a_term_only_when_read_as_it_whole():
    lexicon = load_lexicon()
    assert _read_as("terrorists", lexicon) == "terrorist"
    assert _read_as("air strikes", lexicon) == "airstrike"
    assert _read_as("terrorist attack", lexicon) is None
    assert _read_as("market", lexicon) is None


@pytest.mark.slow
def test_fakes_recovery_table_is_consistent():
    require(FAKES_CSV)
    table, info = fakes_recovery(top=20, min_mentions=10)
    lexicon = load_lexicon()
    assert set(table["concept"]) <= set(lexicon.concepts) and len(table) >= 5
    assert info["articles"] == 474
    for _, row in table.iterrows():
        found = [term for term in row["found terms"].split(", ") if term]
        missed = [term for term in row["missed terms"].split(", ") if term]
        assert len(found) == row["found"] and len(found) + len(missed) == row["eligible terms"]
        assert row["seed"] not in found + missed
        if row["eligible terms"]:
            assert math.isclose(row["fraction"], row["found"] / row["eligible terms"])
