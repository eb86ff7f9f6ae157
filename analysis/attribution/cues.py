"""Step 3, cues: reporting verbs of a sentence and the grammar around them.

Which verb forms are verbs here and not nouns ("the claims"), which words sit
between a speaker and its verb, where the content of a verb starts ("that",
a colon, after the addressee of "told") and where it ends.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from analysis.attribution.document import Sentence, Token, _strip_span, _tokens
from analysis.attribution.mentions import Mention, _is_speaker_word, _scan_forward
from analysis.attribution.vocabulary import (
    ADDRESSEES,
    BETWEEN_SPEAKER_AND_VERB,
    DETERMINERS,
    LOOKBACK_CHARACTERS,
    NEGATIONS,
    NOUN_SIGNALS,
    PREPOSITIONS_AFTER_VERB,
    PRONOUNS,
    _vocabulary,
)

_ADJUNCT = re.compile(
    r"\s*(?:,\s*)?(?:"
    r"(?:on|late|early|last|this)\s+(?:[A-Z][a-z]+day|[A-Z][a-z]+\s+\d{1,2})(?:\s+(?:night|morning|evening))?"
    r"|[A-Z][a-z]+day(?:\s+(?:night|morning|evening))?"
    r"|yesterday|today|earlier|later|also|further|however|again|separately|previously"
    r"|in\s+(?:a|an|the|his|her|its|their)\s+(?:joint\s+|written\s+|televised\s+|separate\s+)?"
    r"(?:statement|interview|speech|report|tweet|post|briefing|message)(?:\s+(?:to|with|on)\s+[\w\-’']+(?:\s+[A-Z][\w\-’']*)*)?"
    r"|at\s+(?:a|the)\s+(?:press|news)\s+(?:conference|briefing)(?:\s+in\s+[A-Z][\w\-]*)?"
    r"|in\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?"
    r"|on\s+(?:Twitter|Facebook|television|TV|radio)"
    r"|to\s+(?:reporters|journalists)"
    r"|\.\.\.|…"
    r")(?:\s*,)?(?![\w\-])")
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,]{1,40}?(?:\s*\([^)]{1,40}\))?\s*[—–\-]{1,2}\s*")

@dataclass(frozen=True)
class Candidate:
    mention: Mention | None  # None: continues the previous speaker
    verb: str
    verb_lemma: str
    verb_class: str
    anchor: int  # where the attribution is made (the verb), for document order
    content_start: int
    content_end: int
    headline: bool = False
    nominal: bool = False  # the cue is a noun of saying ("his claim that ..."), not a verb form


def _candidate(text: str, mention: Mention | None, verb_text: str, verb_lemma: str, verb_class: str,
               anchor: int, start: int, end: int, *, headline: bool = False,
               quotation: bool = False) -> Candidate | None:
    # A direct quotation's content is everything inside the marks; a paraphrase
    # drops the punctuation that joined it to the attribution.
    start, end = _strip_span(text, start, end, trailing=" \t" if quotation else " \t,;:.-—–")
    if end - start < 2 or not any(c.isalnum() for c in text[start:end]):
        return None
    return Candidate(mention, verb_text, verb_lemma, verb_class, anchor, start, end, headline)


def _verb_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    return _vocabulary().verb_pattern.finditer(text, start, end)


@functools.lru_cache(maxsize=64)
def _sentence_verbs(text: str, start: int, end: int) -> tuple[tuple[re.Match[str], ...], list[int]]:
    """The reporting verbs of the sentence ``text[start:end]``, and their end offsets.

    The verbs of a sentence ending by ``position`` are those that
    ``_verb_matches(text, start, position)`` finds, when ``position`` is the
    start of a verb or of a quotation mark: neither can be inside a verb.
    """
    verbs = tuple(_verb_matches(text, start, end))
    return verbs, [verb.end() for verb in verbs]


def _verbs_before(text: str, sentence: Sentence, position: int) -> tuple[re.Match[str], ...]:
    verbs, ends = _sentence_verbs(text, sentence.start, sentence.end)
    return verbs[:bisect.bisect_right(ends, position)]


def _tokens_before(text: str, sentence: Sentence, position: int) -> list[Token]:
    """The tokens of ``sentence`` before ``position``, at most LOOKBACK_CHARACTERS back."""
    return _tokens(text, max(sentence.start, position - LOOKBACK_CHARACTERS), position)




def _looks_like_noun(text: str, sentence: Sentence, verb: re.Match[str]) -> bool:
    """A verb form used as a noun or adjective ("the claims", "reports of", "the alleged attack")."""
    before = _tokens(text, max(sentence.start, verb.start() - 40), verb.start())
    after = _tokens(text, verb.end(), min(sentence.end, verb.end() + 20))
    previous = before[-1].lower if before else ""
    following = after[0].lower if after else ""
    form = verb.group().lower()
    if previous in DETERMINERS and previous not in ("that",):
        return True
    if form.endswith("s") and previous.endswith(("'s", "’s")):
        return True  # "Peskov's comments"

    if form.endswith("s") and not form.endswith("ss"):
        if previous in NOUN_SIGNALS or following in ("of", "over", "about", "from", "by", "that", "are", "were"):
            return previous not in ("it", "he", "she") and not (before and before[-1].is_capitalized
                                                                  and following == "that")
        if before and not before[-1].is_capitalized and not _is_speaker_word(before[-1]) \
                and previous not in PRONOUNS and previous not in BETWEEN_SPEAKER_AND_VERB:
            return True
    # "an alleged attack", "the reported deaths": a participle used as an adjective.
    return bool(form.endswith("ed") and following and after[0].is_word and previous in ("an", "a", "the", "of"))


def _is_negated(tokens: list[Token]) -> bool:
    window = [t.lower for t in tokens[-3:]]
    return any(word in NEGATIONS or word.endswith("n't") for word in window)


def _skip_between(tokens: list[Token]) -> list[Token]:
    """Drop the adverbs, auxiliaries and time words between a speaker and its verb."""
    index = len(tokens)
    while index > 0:
        token = tokens[index - 1]
        if token.lower in BETWEEN_SPEAKER_AND_VERB and not (token.lower == "on" and index == len(tokens)):
            index -= 1
            continue
        if token.text == "," and index >= 2 and tokens[index - 2].lower in ("however", "reportedly"):
            index -= 1
            continue
        break
    return tokens[:index]


def _skip_apposition(text: str, tokens: list[Token]) -> list[Token]:
    """'The group, which is backed by Saudi Arabia, has warned': drop the relative clause."""
    if len(tokens) < 3 or tokens[-1].text != ",":
        return tokens
    for index in range(len(tokens) - 2, 0, -1):
        if tokens[index].text == ",":
            first = tokens[index + 1].lower
            if first in ("which", "who", "whose", "the", "a", "an") or tokens[index + 1].is_capitalized:
                return tokens[:index]
            return tokens
    return tokens


# A sentence's opening adverbial before its subject: "Earlier, ...", "On Monday, ...", "Eight years
# ago, ...", "Hours later, ...", "With the help of X, ...", "At Boca West, where ..., ...".
_OPENING_ADVERBIAL = re.compile(
    r"(?:(?:On|In|At|With|After|Before|During|Since|Earlier|Later|Meanwhile|Yesterday|However|Also|Separately|"
    r"Still|Instead|Now|Then|Last|This)\b[^,]{0,60},\s*"
    r"|[A-Z][\w\-]*(?:\s+[\w\-]+){0,3}\s+(?:ago|later|earlier)\s*,\s*)")


def _sentence_subject(text: str, sentence: Sentence) -> Mention | None:
    """The mention that opens a sentence, after a leading adverbial ("Earlier, ...")."""
    start = sentence.start
    opening = _OPENING_ADVERBIAL.match(text[start:sentence.end])
    if opening:
        start += opening.end()
    return _scan_forward(text, start, sentence.end)


def _skip_adjuncts(text: str, position: int, end: int) -> int:
    while position < end:
        match = _ADJUNCT.match(text, position, end)
        if not match or match.end() == position:
            break
        position = match.end()
    return position


def _skip_addressee(text: str, position: int, end: int) -> int:
    """After "told": the person or outlet told ("told Reuters news agency", "told reporters")."""
    tokens = _tokens(text, position, min(end, position + 120))
    consumed = position
    for index, token in enumerate(tokens):
        if token.lower == "that":
            break
        if token.lower in ("the", "a", "an"):
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or not (following.is_capitalized or following.lower in ADDRESSEES):
                break
            consumed = token.end
            continue
        if token.is_capitalized or token.lower in ADDRESSEES or token.lower in ("of", "for") and consumed > position:
            consumed = token.end
            continue
        break
    return consumed


def _content_side(text: str, position: int, end: int) -> tuple[str, int]:
    """Whether the content follows a verb ("after", from where) or precedes it ("before")."""
    position = _skip_adjuncts(text, position, end)
    rest = text[position:end]
    stripped = rest.lstrip()
    offset = position + len(rest) - len(stripped)
    quotation = _QUOTATION_AFTER_COMMA.match(stripped)
    if quotation:
        return "after", offset + quotation.end()  # "X said, “We have three weeks to go” until ..."
    if not stripped or stripped[0] in ".;)!?" or stripped[0] == ",":
        return "before", offset
    that = re.match(r"that\b\s*[,:]?\s*", stripped)
    if that:
        return "after", offset + that.end()
    if stripped[0] in ":":
        return "after", offset + 1
    first_word = re.match(r"[\w’'\-]+", stripped)
    if first_word and first_word.group().lower() in PREPOSITIONS_AFTER_VERB:
        return "before", offset
    return "after", offset


# A comma and an opening quotation mark after a verb: the quotation is its content.
_QUOTATION_AFTER_COMMA = re.compile(r",\s*(?=[“\"])")


def _clause_end(text: str, start: int, end: int, boundaries: list[int]) -> int:
    """Where reported content that starts at ``start`` ends: the sentence end, the next
    attribution's boundary (``boundaries`` are sorted), or a contrasting "but"."""
    later = bisect.bisect_right(boundaries, start)
    stop = min(boundaries[later], end) if later < len(boundaries) else end
    contrast = re.search(r",?\s+but\s+(?!also\b)|;\s", text[start:stop])
    if contrast:
        stop = start + contrast.start()
    return stop
