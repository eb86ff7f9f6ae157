"""Tests for the candidate-finding rules added for speech recall (issue 11): each rule with a case it
must find and a case it must leave alone."""

from __future__ import annotations

import pytest

from analysis.attribution import extract_attributions


def _found(text: str) -> list[tuple[str, str, str]]:
    """(speaker mention as written, verb, content) of every attribution, in document order."""
    return [(text[a.speaker_start:a.speaker_end], a.verb, a.content) for a in extract_attributions(text)]


# ---------------------------------------------------------------------------
# A quotation ending its sentence, attributed by the next sentence ("“…?” Trump said.").

@pytest.mark.parametrize(("text", "expected"), [
    ("“Is that all there is?” Trump said. He left.", ("Trump", "said", "Is that all there is?")),
    ("The drama follows her. “Sometimes us ex-diplomats need our fix!” Clinton said to People.",
     ("Clinton", "said", "Sometimes us ex-diplomats need our fix!")),
    ("“We will win. We will win big.” Trump said on Twitter.", ("Trump", "said", "We will win. We will win big.")),
])
def test_attribution_sentence_after_a_quotation(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _found(text)


def test_next_sentence_with_its_own_content_is_not_the_quotation_attribution() -> None:
    found = _found("“Why not?” He said the plan was bad.")
    assert all(content != "Why not?" for _, _, content in found)
    assert ("He", "said", "the plan was bad") in found


def test_attribution_in_the_next_paragraph_is_not_joined() -> None:
    found = _found("“Why not?”\nTrump said on Twitter.")
    assert all(content != "Why not?" for _, _, content in found)
