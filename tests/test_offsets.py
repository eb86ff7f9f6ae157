from __future__ import annotations

import pytest

from analysis.offsets import OffsetMap
from analysis.text import apply_edits


def test_identity_maps_every_span_to_itself():
    offset_map = OffsetMap.identity(10)
    assert offset_map.to_source(2, 7) == (2, 7)
    assert offset_map.to_source(10, 10) == (10, 10)


@pytest.mark.parametrize(
    ("source", "edits", "derived_span", "source_span"),
    [
        # "a…b" -> "a...b": the dots map to the one ellipsis character
        ("a\u2026b", [(1, 2, "...")], (1, 4), (1, 2)),
        ("a\u2026b", [(1, 2, "...")], (4, 5), (2, 3)),
        # a run of spaces collapsed: the word after it keeps its place
        ("one   two", [(3, 6, " ")], (4, 7), (6, 9)),
        # removed text: words on both sides map back exactly
        ("keep DROP keep", [(5, 10, "")], (5, 9), (10, 14)),
        ("keep DROP keep", [(5, 10, "")], (0, 9), (0, 14)),
    ],
)
def test_apply_edits_maps_spans_back(source, edits, derived_span, source_span):
    derived, offset_map = apply_edits(source, edits)
    assert offset_map.derived_length == len(derived)
    assert offset_map.to_source(*derived_span) == source_span


def test_composed_maps_reach_the_first_source():
    first, first_map = apply_edits("x\u00a0\u00a0y  z", [(1, 3, " ")])  # "x y  z"
    second, second_map = apply_edits(first, [(3, 5, " ")])  # "x y z"
    assert second == "x y z"
    composed = first_map.then(second_map)
    assert composed.to_source(4, 5) == (6, 7)
    assert composed.to_source(2, 3) == (3, 4)


def test_json_round_trip():
    _, offset_map = apply_edits("ab  cd\u2026", [(2, 4, " "), (6, 7, "...")])
    assert OffsetMap.from_json(offset_map.to_json()) == offset_map


def test_span_outside_text_is_refused():
    with pytest.raises(ValueError, match="outside the text of length 3"):
        OffsetMap.identity(3).to_source(2, 5)
