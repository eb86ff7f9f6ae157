"""Pair quotation marks: where each quotation in a text begins and ends.

:func:`find_quotations` reads the marks of one text left to right, one
paragraph at a time, and pairs them with a small state machine:

1. Double marks (curly “ ”, straight ", two apostrophes '', guillemets « », low „) open and close
   the outer quotation. A straight mark is read as opening or closing from the
   characters around it (a space before and a letter after opens it) and from
   whether a quotation is already open; curly and straight marks may pair with
   each other ("American partners …” opens straight and closes curly).
2. Single marks (‘ ’ and straight ') open and close a quotation nested in a
   double one (the ‘moderate’ opposition) or a short one of their own
   ('at present time'). A single mark between two letters or digits is an
   apostrophe (Russia’s, Syria's, don't), and so is a closing mark that no
   opening mark is waiting for (the militants’ reign).
3. Unbalanced marks: a double quotation still open at the end of its
   paragraph runs to that end (``closed=False``), because newspapers leave a
   quotation open when it continues in the next paragraph; a paragraph whose
   first double mark can only be a closing one continues a quotation opened
   before, and its quotation starts at the paragraph (``open_mark=""``). A
   single mark left open at the end of its paragraph or enclosing quotation is
   dropped: it was an apostrophe ('90s, 'em).

Texts whose apostrophes were stripped (Syrias, dont) need no special case:
there is simply no mark to misread.

The method is the one of textacy's ``direct_quotations`` (pair the marks
first, attribute them afterwards), reduced to the marks alone so that other
modules (loaded terms, scare quotes) can use it cheaply.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.commented_csv import read_commented_csv

NAMED_THING_NOUNS_FILE = Path(__file__).parent / "data" / "named_thing_nouns.csv"

DOUBLE_OPENING = frozenset("“„«")
DOUBLE_CLOSING = frozenset("”»")
DOUBLE_STRAIGHT = '"'
# Two apostrophes stand for a straight double mark in some archives (the New
# York Times' ''quote'' style).
DOUBLE_APOSTROPHES = "''"
SINGLE_OPENING = "‘"
SINGLE_CLOSING = "’"
SINGLE_STRAIGHT = "'"

# Every character that can be a quotation mark, plus the line break that ends
# a paragraph, in one class so one scan of the text finds them all.
_MARK_OR_BREAK = re.compile("''|[\n“”„«»\"‘’']")


@dataclass(frozen=True)
class Quotation:
    """One quotation: the characters between a pair of quotation marks.

    Attributes
    ----------
    start, end : int
        Offsets of the content inside the marks, ``text[start:end]``.
    open_mark, close_mark : str
        The marks as written; ``""`` when the quotation continues one opened in
        an earlier paragraph (no opening mark) or runs to the end of its
        paragraph (no closing mark).
    closed : bool
        False when the quotation was still open at the end of its paragraph.
    depth : int
        0 for an outer quotation, 1 for one nested inside another.
    """

    start: int
    end: int
    open_mark: str
    close_mark: str
    closed: bool
    depth: int = 0


def _is_word_character(character: str) -> bool:
    return character.isalnum()


def _reads_as_opening(before: str, after: str) -> bool:
    """A straight mark opens when it starts a word: nothing or a space,
    bracket or dash before it, and a character other than space after it."""
    starts_word = before == "" or before.isspace() or before in "([{—–-/:;,"
    return starts_word and after != "" and not after.isspace()


def _reads_as_closing(before: str, after: str) -> bool:
    """A straight mark closes when it ends a word: a non-space before it and
    nothing, a space or punctuation after it."""
    ends_word = before != "" and not before.isspace()
    return ends_word and (after == "" or not _is_word_character(after))


def find_quotations(text: str) -> list[Quotation]:
    """Find the quotations of a text by pairing its quotation marks.

    Parameters
    ----------
    text : str
        Any text; paragraphs are separated by line breaks.

    Returns
    -------
    list of Quotation
        Sorted by ``start``; outer quotations have ``depth`` 0, quotations
        nested in them ``depth`` 1. Empty quotations ("") are left out.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    found: list[Quotation] = []
    paragraph_start = 0
    # State of the current paragraph: the open double quotation (offset of its
    # content and its mark), the open single one, and whether a double mark
    # has been seen (a closing mark before any opening one continues a quote).
    double_start: int | None = None
    double_mark = ""
    single_start: int | None = None
    single_mark = ""
    seen_double = False

    def add(start: int, end: int, open_mark: str, close_mark: str, *, closed: bool, depth: int) -> None:
        if end > start:
            found.append(Quotation(start, end, open_mark, close_mark, closed, depth))

    def close_paragraph(end: int) -> None:
        if double_start is not None:
            content_end = end
            while content_end > double_start and text[content_end - 1].isspace():
                content_end -= 1
            add(double_start, content_end, double_mark, "", closed=False, depth=0)

    for match in _MARK_OR_BREAK.finditer(text):
        position = match.start()
        mark = match.group()
        after_mark = match.end()
        if mark == "\n":
            close_paragraph(position)
            double_start, single_start, seen_double = None, None, False
            paragraph_start = position + 1
            continue
        before = text[position - 1] if position > 0 else ""
        after = text[after_mark] if after_mark < len(text) else ""
        if mark in DOUBLE_OPENING or mark in DOUBLE_CLOSING or mark in (DOUBLE_STRAIGHT, DOUBLE_APOSTROPHES):
            if mark in (DOUBLE_STRAIGHT, DOUBLE_APOSTROPHES):
                if double_start is not None:
                    opening = _reads_as_opening(before, after) and not _reads_as_closing(before, after)
                else:
                    opening = not (_reads_as_closing(before, after) and not _reads_as_opening(before, after))
            else:
                opening = mark in DOUBLE_OPENING
            if opening:
                # A new opening mark while one is open: the earlier quotation
                # was never closed, so it ends where the new one begins.
                if double_start is not None:
                    add(double_start, position, double_mark, "", closed=False, depth=0)
                double_start, double_mark, single_start = after_mark, mark, None
            elif double_start is not None:
                add(double_start, position, double_mark, mark, closed=True, depth=0)
                double_start, single_start = None, None
            elif not seen_double:
                # The paragraph continues a quotation opened before it.
                content_start = paragraph_start
                while content_start < position and text[content_start].isspace():
                    content_start += 1
                add(content_start, position, "", mark, closed=True, depth=0)
            seen_double = True
            continue
        # A single mark.
        if _is_word_character(before) and _is_word_character(after):
            continue  # an apostrophe inside a word
        depth = 1 if double_start is not None else 0
        if single_start is not None and mark != SINGLE_OPENING and _reads_as_closing(before, after):
            # One character between single marks is an elision ("rock 'n' roll").
            if position - single_start > 1:
                add(single_start, position, single_mark, mark, closed=True, depth=depth)
            single_start = None
        elif mark != SINGLE_CLOSING and _reads_as_opening(before, after):
            single_start, single_mark = position + 1, mark
    close_paragraph(len(text))
    found.sort(key=lambda quotation: (quotation.start, quotation.depth))
    return found


def outer_quotations(quotations: list[Quotation]) -> list[Quotation]:
    """The quotations that are not nested in another (``depth == 0``)."""
    return [quotation for quotation in quotations if quotation.depth == 0]


# ---------------------------------------------------------------------------
# Classifying reported content by the quotations it holds.


@functools.lru_cache(maxsize=1)
def named_thing_nouns() -> frozenset[str]:
    """The nouns of ``data/named_thing_nouns.csv``, read once."""
    return frozenset(row["noun"].lower() for row in read_commented_csv(NAMED_THING_NOUNS_FILE, required=("noun",)))


def quotes_a_name(text: str, quotation: Quotation) -> bool:
    """Whether the marks are the outlet's: a scare quote after "so-called", or a quoted name
    followed by a noun of ``data/named_thing_nouns.csv`` ("the “cessation of hostilities” agreement")."""
    before = text[max(0, quotation.start - 14):quotation.start - len(quotation.open_mark)].lower()
    if re.search(r"so[\s\-]called\s*$", before):
        return True
    after = re.match(r"\s*([a-z]+)", text[quotation.end + len(quotation.close_mark):quotation.end + 30])
    return bool(after and after.group(1) in named_thing_nouns())


class QuotationIndex:
    """The outer quotations of a text, sorted, answering "how is this span quoted?" in log time.

    The one quotation classifier of reported content: :meth:`kind_of` says
    whether a span is a direct quotation, a paraphrase holding a partial
    quotation (mixed) or a plain paraphrase (indirect).
    """

    def __init__(self, quotations: Sequence[Quotation]) -> None:
        self._ordered = sorted(quotations, key=lambda q: (q.start, q.end))
        self._starts = [q.start for q in self._ordered]
        # The largest end among each quotation and those before it.
        self._reach = list(itertools.accumulate((q.end for q in self._ordered), max))

    def kind_of(self, text: str, start: int, end: int) -> str:
        """"direct" when ``text[start:end]`` lies inside one quotation, "mixed" when it overlaps a
        quotation that is not a name or a scare quote (:func:`quotes_a_name`), else "indirect"."""
        index = bisect.bisect_right(self._starts, start) - 1
        if index >= 0 and self._reach[index] >= end:
            return "direct"
        # The quotations overlapping the span: they start before its end and end after its start.
        index = bisect.bisect_left(self._starts, end) - 1
        while index >= 0 and self._reach[index] > start:
            quotation = self._ordered[index]
            if quotation.end > start and not quotes_a_name(text, quotation):
                return "mixed"
            index -= 1
        return "indirect"
