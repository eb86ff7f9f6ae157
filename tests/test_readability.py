from __future__ import annotations

import math
import socket

import pytest

from analysis.readability import readability


@pytest.mark.parametrize(
    ("text", "ease", "grade"),
    [
        # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145
        # and 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45
        ("The cat sat on the mat.", 116.145, -1.45),
        # 9 words, 2 sentences, 9 syllables: 206.835 - 1.015 * 4.5 - 84.6 = 117.6675
        ("The cat sat on the mat. The dog ran.", 117.6675, -2.035),
    ],
)
def test_flesch_scores_match_the_formula(text, ease, grade):
    scores = readability(text)
    assert scores.flesch_reading_ease == pytest.approx(ease)
    assert scores.flesch_kincaid_grade == pytest.approx(grade)


@pytest.mark.parametrize("text", ["", "   ", "12 / 34"])
def test_no_words_gives_nan_not_zero(text):
    scores = readability(text)
    assert math.isnan(scores.flesch_reading_ease) and math.isnan(scores.flesch_kincaid_grade)


def test_works_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert readability("Peskov said the truce in Aleppo was fragile.").sentences == 1
