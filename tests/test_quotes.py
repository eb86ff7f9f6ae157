"""Tests for analysis.quotes: pairing quotation marks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.quotes import Quotation, QuotationIndex, find_quotations, quotes_a_name


def contents(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotations(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("“We will win,” he said.", ["We will win,"]),
    ('"We will win," he said.', ["We will win,"]),
    ("He said: “It is over.” Then he left.", ["It is over."]),
    ("the so-called “moderate” opposition", ["moderate"]),
    ("“the ‘moderate’ opposition,” he said", ["the ‘moderate’ opposition,", "moderate"]),
    ("Putin nixes strikes on Aleppo 'at present time'", ["at present time"]),
    ('the "American partners to fulfil the obligations.” he said', ["American partners to fulfil the obligations."]),
    ("«Nous gagnerons», a-t-il dit.", ["Nous gagnerons"]),
    ("''It's one thing to say,'' said Faiza Patel.", ["It's one thing to say,"]),  # NYT archive style
])
def test_pairs_marks(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize("text", [
    "Russia’s role in Syria's war",
    "Russias role in Syrias war and the militants’ reign",
    "the 1990s and rock 'n' roll",
    "no quotation marks at all",
    "",
])
def test_apostrophes_are_not_quotation_marks(text: str) -> None:
    assert find_quotations(text) == []


def test_quotation_left_open_runs_to_the_end_of_its_paragraph() -> None:
    text = "He said: “We will fight on.\n\n“And we will win,” he added."
    first, second = find_quotations(text)
    assert text[first.start:first.end] == "We will fight on."
    assert first.closed is False and first.close_mark == ""
    assert text[second.start:second.end] == "And we will win," and second.closed


def test_paragraph_that_continues_a_quotation_starts_at_the_paragraph() -> None:
    text = "“The first part.\n\nThe rest of it,” he said."
    quotations = find_quotations(text)
    assert [text[q.start:q.end] for q in quotations] == ["The first part.", "The rest of it,"]
    assert quotations[1].open_mark == "" and quotations[1].closed


def test_nested_quotation_has_depth_one() -> None:
    text = "“separate the so-called ‘moderate’ opposition”"
    outer, inner = find_quotations(text)
    assert (outer.depth, inner.depth) == (0, 1)
    assert outer.start < inner.start < inner.end < outer.end


def test_record_fields() -> None:
    (quotation,) = find_quotations("“Yes”")
    assert quotation == Quotation(1, 4, "“", "”", True, 0)


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        find_quotations(None)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab “”\"‘’'\n.,:؟ש🙂\u202e\x00")) | st.characters(), max_size=80))
def test_any_text_gives_valid_spans(text: str) -> None:
    for quotation in find_quotations(text):
        assert 0 <= quotation.start < quotation.end <= len(text)
        assert "\n" not in text[quotation.start:quotation.end]


@pytest.mark.parametrize(("text", "span", "kind"), [
    ("“The talks failed,” he said.", "The talks failed,", "direct"),
    ("He said the strikes were “a gross violation” of the deal.", "the strikes were “a gross violation” of the deal",
     "mixed"),
    ("He said the “cessation of hostilities” deal collapsed.", "the “cessation of hostilities” deal collapsed",
     "indirect"),  # a quoted name followed by a named-thing noun
    ("He said the so-called “moderate” rebels fled.", "the so-called “moderate” rebels fled", "indirect"),
    ("He said the talks failed.", "the talks failed", "indirect"),
])
def test_quotation_index_classifies_reported_content(text: str, span: str, kind: str) -> None:
    start = text.index(span)
    index = QuotationIndex([q for q in find_quotations(text) if q.depth == 0])
    assert index.kind_of(text, start, start + len(span)) == kind


def test_quotes_a_name() -> None:
    text = "the “safe zones” plan and “we will stay” he said"
    first, second = find_quotations(text)
    assert quotes_a_name(text, first) and not quotes_a_name(text, second)
