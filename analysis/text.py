"""Clean article text: Unicode normalization and removal of page furniture.

Analysis runs on the clean text; the reader shows the original. Every step is
a list of edits whose :class:`~analysis.offsets.OffsetMap` is kept, so any span
found in the clean text maps back to the same words in the original, and
every removed piece of furniture is recorded with the rule that removed it.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.metadata_detection import DATA_DIR, DATE_PATTERN, TIME_PATTERN
from analysis.offsets import OffsetMap, OffsetMapBuilder

# Characters removed outright: invisible format characters and C0/C1 controls
# other than tab and newline.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CONTROL = "".join(chr(c) for c in [*range(0, 9), *range(11, 32), *range(127, 160)] if chr(c) != "\r")
# Quote marks and apostrophes are kept exactly: quote detection needs to tell
# curly from straight marks. NFKC already leaves them alone; listing them here
# guards against a normalization form that would not.
_KEEP_AS_IS = set("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\"'")

_SPECIAL_CHARACTERS = re.compile(r"\r\n?|[^\S\n]+|[^\x20-\x7e\n]")
# Whitespace runs that hold a line break, or open or close the text.
_LAYOUT_WHITESPACE = re.compile(r"\A[ \n]+|[ \n]+\Z|[ ]*\n[ \n]*")


@dataclass(frozen=True)
class RemovedSpan:
    """A piece of page furniture: ``original[start:end]`` removed by ``rule``."""

    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class CleanArticle:
    """An article's clean text, traceable to its original text.

    Attributes
    ----------
    text : str
        NFKC-normalized text (curly quotes kept), one space between words,
        paragraphs separated by a blank line, page furniture removed.
    offset_map : OffsetMap
        Maps spans of ``text`` to spans of the original.
    removed : tuple of RemovedSpan
        Furniture removed, as spans of the original.
    """

    text: str
    offset_map: OffsetMap
    removed: tuple[RemovedSpan, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        return self.offset_map.to_source(start, end)


def apply_edits(text: str, edits: Iterable[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """Replace spans of ``text`` and keep the offset map of the result.

    ``edits`` are ``(start, end, replacement)``, sorted and not overlapping.
    """
    parts: list[str] = []
    builder = OffsetMapBuilder()
    position = 0
    for start, end, replacement in edits:
        if start < position:
            raise ValueError(f"edits overlap or are unsorted at offset {start}")
        parts.append(text[position:start])
        builder.add(start - position, position, start)
        parts.append(replacement)
        builder.add(len(replacement), start, end)
        position = end
    parts.append(text[position:])
    builder.add(len(text) - position, position, len(text))
    return "".join(parts), builder.build()


def _normalized_character_edit(match: re.Match[str]) -> str:
    found = match[0]
    if found[0] == "\r":
        return "\n"
    if found[0].isspace() and found[0] != "\n":
        return " "
    if found in _KEEP_AS_IS:
        return found
    if found in _INVISIBLE or found in _CONTROL:
        return ""
    return unicodedata.normalize("NFKC", found)


def normalize_unicode(text: str) -> tuple[str, OffsetMap]:
    """NFKC-normalize ``text`` character by character and tidy its whitespace.

    Non-breaking and other spaces become one plain space, line endings become
    ``\\n``, invisible and control characters go, quote marks stay as written.
    Returns the text and its map to the input.
    """
    edits = []
    for match in _SPECIAL_CHARACTERS.finditer(text):
        replacement = _normalized_character_edit(match)
        if replacement != match[0]:
            edits.append((match.start(), match.end(), replacement))
    return apply_edits(text, edits)


def tidy_layout(text: str) -> tuple[str, OffsetMap]:
    """Strip spaces around line breaks, keep at most one blank line, trim the ends."""
    edits = []
    for match in _LAYOUT_WHITESPACE.finditer(text):
        if match.start() == 0 or match.end() == len(text):
            replacement = ""
        else:
            replacement = "\n\n" if match[0].count("\n") > 1 else "\n"
        if replacement != match[0]:
            edits.append((match.start(), match.end(), replacement))
    return apply_edits(text, edits)


@dataclass(frozen=True)
class FurnitureRule:
    """One rule of ``data/boilerplate.toml``."""

    rule_id: str
    scope: str
    pattern: re.Pattern[str]
    description: str


FURNITURE_SCOPES = ("leading", "anywhere", "tail")


@functools.lru_cache(maxsize=1)
def furniture_rules() -> tuple[FurnitureRule, ...]:
    """The furniture rules, compiled once."""
    path = DATA_DIR / "boilerplate.toml"
    rules = []
    for entry in tomllib.loads(path.read_text(encoding="utf-8"))["rule"]:
        if entry["scope"] not in FURNITURE_SCOPES:
            raise ValueError(f"{path}: rule {entry['id']!r} has scope {entry['scope']!r}; "
                             f"expected one of {FURNITURE_SCOPES}")
        pattern = entry["pattern"].replace("{date}", DATE_PATTERN).replace("{time}", TIME_PATTERN)
        rules.append(FurnitureRule(entry["id"], entry["scope"],
                                   re.compile(pattern, re.IGNORECASE | re.MULTILINE),
                                   entry["description"]))
    return tuple(rules)


def _furniture_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that are page furniture, as (start, end, rule id)."""
    spans: list[tuple[int, int, str]] = []
    rules = furniture_rules()
    position = 0
    matched = True
    while matched:
        matched = False
        for rule in rules:
            if rule.scope != "leading":
                continue
            found = rule.pattern.match(text, position)
            if found and found.end() > position:
                spans.append((position, found.end(), rule.rule_id))
                position = found.end()
                matched = True
    tail_start = len(text)
    tail_rule = ""
    for rule in rules:
        if rule.scope == "tail":
            for found in rule.pattern.finditer(text, len(text) // 2):
                if found.start() < tail_start:
                    tail_start, tail_rule = found.start(), rule.rule_id
                break
    for rule in rules:
        if rule.scope == "anywhere":
            spans.extend((m.start(), m.end(), rule.rule_id)
                         for m in rule.pattern.finditer(text, position, tail_start) if m.end() > m.start())
    if tail_rule:
        spans.append((tail_start, len(text), tail_rule))
        spans.extend(_trailing_headline_lines(text, tail_start))
    else:
        spans.extend(_trailing_headline_lines(text, len(text)))
    return _merge_spans(spans)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = (".", '."', ".”", ".'", ".’", ":", ";")


def _is_headline_like(line: str) -> bool:
    """Short, mostly capitalized, not ending a sentence: a related headline,
    tag list or editor's initials rather than a paragraph of the article."""
    words = _WORD.findall(line)
    if not words or len(words) > 20 or line.rstrip().endswith(_SENTENCE_END):
        return False
    long_words = [w for w in words if len(w) >= 4] or words
    capitalized = sum(w[0].isupper() for w in long_words)
    return capitalized / len(long_words) >= 0.6


def _trailing_headline_lines(text: str, end: int) -> list[tuple[int, int, str]]:
    """Related headlines, tag lists and editor credits that close a page.

    Only lines after the last paragraph of the article count, and only when
    the text has several paragraphs (a one-line text is kept whole).
    """
    body = text[:end].rstrip()
    lines = body.split("\n")
    if sum(1 for line in lines if line.strip()) < 3:
        return []
    cut = len(body)
    for line in reversed(lines):
        if line.strip() and not _is_headline_like(line):
            break
        cut -= len(line) + 1
    cut = max(cut + 1, 0)
    if cut >= len(body):
        return []
    return [(cut, len(body), "trailing_headlines")]


def _merge_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, rule in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_rule = merged[-1]
            merged[-1] = (last_start, max(last_end, end), last_rule)
        else:
            merged.append((start, end, rule))
    return merged


def _headline_break(text: str, title: str) -> list[tuple[int, int, str]]:
    """Set an opening headline apart as its own paragraph.

    Scraped texts often run the headline into the body ("Car bomb kills four
    in Damascus. A car bomb has killed..."). The headline stays in the text
    (headline attributions count) but gets a paragraph break after it.
    """
    title_words = re.findall(r"\w[\w'’-]*", title)
    if not title_words:
        return []
    pattern = r"\W*".join(re.escape(word) for word in title_words)
    found = re.match(rf"\s*{pattern}[^\w\n]*?(?=\s)", text, re.IGNORECASE)
    if not found:
        return []
    separator = re.match(r"\s+", text[found.end():])
    if separator is None or "\n" in separator[0]:
        return []
    end_of_headline = found.end()
    if text[end_of_headline - 1] == ".":
        end_of_headline -= 1  # the period was added when the headline was run in
    return [(end_of_headline, found.end() + separator.end(), "\n\n")]


def _gap_filler(text: str, start: int, end: int) -> str:
    """What stands in for removed furniture: nothing at a line break, else a
    space, so the words on either side are not glued together."""
    if start == 0 or end == len(text) or text[start - 1] == "\n" or text[end] == "\n":
        return ""
    return " "


def clean_article(original: str, *, title: str | None = None) -> CleanArticle:
    """Normalize ``original`` and remove its page furniture.

    Parameters
    ----------
    original : str
        The article as read from its file.
    title : str, optional
        The headline from metadata; when the text opens with it, it is set
        apart as the first paragraph.
    """
    text, offset_map = normalize_unicode(original)
    text, layout_map = tidy_layout(text)
    offset_map = offset_map.then(layout_map)

    furniture = _furniture_spans(text)
    removed = tuple(RemovedSpan(*offset_map.to_source(start, end), rule)
                    for start, end, rule in furniture)
    text, removal_map = apply_edits(text, [(start, end, _gap_filler(text, start, end))
                                           for start, end, _ in furniture])
    offset_map = offset_map.then(removal_map)
    text, layout_map = tidy_layout(text)
    offset_map = offset_map.then(layout_map)

    if title:
        text, headline_map = apply_edits(text, _headline_break(text, title))
        offset_map = offset_map.then(headline_map)
    return CleanArticle(text, offset_map, removed)


_COUNTED_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\w'’-]*[^\W\d_][\w'’-]*")


def count_words(text: str) -> int:
    """Words in ``text``: runs of word characters, apostrophes and hyphens that
    hold at least one letter (so "12" and "--" are not words, "4th" is)."""
    return len(_COUNTED_WORD.findall(text))
