"""Step 1, the document: tokens, sentences and quotation spans of one article.

:func:`read_document` pairs the quotation marks (:func:`analysis.quotes.find_quotations`)
and splits the text into sentences that do not break inside a closed quotation
or after an abbreviation; the token index serves every later scan in log time.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from analysis.quotes import Quotation, find_quotations

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w’'\-]|\.(?=[^\W_]))*|[^\w\s]")
# A closing or opening mark may be doubled straight apostrophes ('' ... '', NYT archive style).
_SENTENCE_END = re.compile(r"[.!?…]+(?:''|[\"”’'])?(?=\s+(?:''|[\"“‘(\[])?[A-Z0-9])|[.!?]+(?:''|[\"”’'])?(?=\s*$)")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Sgt|Capt|St|No|Gov|Sen|Rep|"
                           r"Prof|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc)$")

class Token(NamedTuple):
    """A word or punctuation mark, with the properties the scans ask for most."""

    start: int
    end: int
    text: str
    lower: str
    is_capitalized: bool  # "Peskov", "al-Nusra", "U.S."
    is_word: bool


def _tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens that lie wholly within ``text[start:end]``."""
    tokens, starts = _token_index(text)
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end)
    while last > first and tokens[last - 1].end > end:
        last -= 1
    return list(tokens[first:last])


# The scans ask for the tokens of many short spans of the same text; the text
# is tokenized once. A few texts are kept, as a call handles one at a time.
@functools.lru_cache(maxsize=4)
def _token_index(text: str) -> tuple[tuple[Token, ...], list[int]]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        lower = word.lower()
        first = word[0]
        tokens.append(Token(match.start(), match.end(), word, lower,
                             first.isupper() or (first.isalpha() and lower != word), first.isalnum()))
    return tuple(tokens), [token.start for token in tokens]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def _sentences(text: str, quotations: list[Quotation]) -> list[Sentence]:
    """Sentences, not broken inside a closed quotation or after an abbreviation."""
    closed = SpanIndex((q.start, q.end) for q in quotations if q.depth == 0 and q.closed)
    sentences: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        start = line_start
        for match in _SENTENCE_END.finditer(text, line_start, line_end):
            boundary = match.end()
            # Inside a closed quotation: one starts before boundary - 1 and ends after it.
            if closed.reach_at(boundary - 2) > boundary - 1:
                continue
            if match.group().startswith(".") and _ABBREVIATION.search(text, max(line_start, match.start() - 5),
                                                                       match.start()):
                continue
            sentences.append(Sentence(start, boundary, paragraph))
            start = boundary
        sentences.append(Sentence(start, line_end, paragraph))
    return [_trimmed(text, s) for s in sentences if text[s.start:s.end].strip()]


def _trimmed(text: str, sentence: Sentence) -> Sentence:
    start, end = sentence.start, sentence.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, sentence.paragraph)


def _strip_span(text: str, start: int, end: int, *, trailing: str = " \t,;:.-—–") -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    while end > start and text[end - 1] in trailing + "\n":
        end -= 1
    # A clause boundary left a dangling conjunction ("... truce, and").
    for conjunction in (" and", " but"):
        if text[start:end].endswith(conjunction):
            end -= len(conjunction)
            while end > start and text[end - 1] in trailing:
                end -= 1
    return start, end


# ---------------------------------------------------------------------------
# Speaker mentions.

class SpanIndex:
    """Spans ``[start, end)`` that answer "does a span hold this offset?" in log time.

    Spans may overlap and come in any order: each lookup takes the largest end
    among the spans that start at or before an offset.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def reach_at(self, position: int) -> int:
        """The largest end of the spans starting at or before ``position``; -1 if none."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.reach[index] if index >= 0 else -1

    def covers(self, position: int) -> bool:
        """Whether ``start <= position < end`` for some span."""
        return self.reach_at(position) > position


@dataclass(frozen=True, eq=False)
class Document:
    """Step 1's output: an article's text with its outer quotations and sentences.

    Attributes
    ----------
    text : str
        The article as given.
    quotations : tuple of Quotation
        The outer quotations (``depth == 0``), sorted by start.
    quote_spans : SpanIndex
        The same quotations as spans, for "is this offset quoted?".
    sentences : tuple of Sentence
        Sentences in order, none broken inside a closed quotation.
    """

    text: str
    quotations: tuple[Quotation, ...]
    quote_spans: SpanIndex
    sentences: tuple[Sentence, ...]


def read_document(text: str) -> Document:
    """Pair the quotation marks and split ``text`` into sentences."""
    quotations = find_quotations(text)
    outer = tuple(q for q in quotations if q.depth == 0)
    return Document(text, outer, SpanIndex((q.start, q.end) for q in outer), tuple(_sentences(text, quotations)))


def _inside(position: int, spans: SpanIndex) -> bool:
    return spans.covers(position)
