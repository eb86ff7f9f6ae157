"""Tests for the precision side of analysis.attribution: the speaker span of a continuation quote."""

from __future__ import annotations

from analysis.attribution import extract_attributions


def test_continuation_paragraph_takes_the_span_of_the_mention_it_continues() -> None:
    text = ("“We will win this state,” Senator Rand Paul said on Monday.\n"
            "“Nobody else has the organization we have built here over two years.”")
    attributions = extract_attributions(text)
    first, continuation = attributions
    assert continuation.verb == ""
    assert (continuation.speaker_start, continuation.speaker_end) == (first.speaker_start, first.speaker_end)
    assert text[continuation.speaker_start:continuation.speaker_end] == "Senator Rand Paul"


def test_an_attribution_after_a_continuation_keeps_its_own_mention() -> None:
    text = ("“We will win this state,” Senator Rand Paul said on Monday.\n"
            "“Nobody else has the organization we have built here over two years.”\n"
            "Governor Terry Branstad said that the race was still open.")
    last = extract_attributions(text)[-1]
    assert last.verb == "said"
    assert text[last.speaker_start:last.speaker_end] == "Governor Terry Branstad"
