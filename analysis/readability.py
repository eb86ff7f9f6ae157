"""Readability of an article's text (textstat, offline).

textstat returns 0.0 where a score cannot be computed; here that is NaN, so
an empty or wordless text never looks like a very hard one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import textstat

from analysis.text import count_words

# A run of more characters than this without a space (a URL, a hash, text with
# its spaces lost) is not a word anyone reads. textstat hyphenates every word
# to count syllables, in time proportional to its length (five seconds for a
# megabyte with no space), so such a run is scored by its first characters.
MAX_WORD_CHARACTERS = 100
_OVERLONG_RUN = re.compile(rf"(\S{{{MAX_WORD_CHARACTERS}}})\S+")


@dataclass(frozen=True)
class Readability:
    """Readability scores of one text.

    Attributes
    ----------
    flesch_reading_ease : float
        206.835 - 1.015 (words / sentences) - 84.6 (syllables / words);
        higher is easier, 60-70 is plain English. NaN for a text with no words.
    flesch_kincaid_grade : float
        0.39 (words / sentences) + 11.8 (syllables / words) - 15.59: the US
        school grade needed to read the text. NaN for a text with no words.
    sentences : int
    """

    flesch_reading_ease: float
    flesch_kincaid_grade: float
    sentences: int


def readability(text: str) -> Readability:
    """Flesch reading ease and Flesch-Kincaid grade of ``text`` (syllables from the CMU dictionary).

    Runs of more than :data:`MAX_WORD_CHARACTERS` characters without a space
    count as their first :data:`MAX_WORD_CHARACTERS` characters.
    """
    if count_words(text) == 0:
        return Readability(math.nan, math.nan, 0)
    text = _OVERLONG_RUN.sub(r"\1", text)
    return Readability(
        flesch_reading_ease=float(textstat.flesch_reading_ease(text)),
        flesch_kincaid_grade=float(textstat.flesch_kincaid_grade(text)),
        sentences=int(textstat.sentence_count(text)),
    )
