"""Score predicted attributions against gold ones, by the rules of ``shared/gold/README.md``.

Both texts are normalized (Unicode NFKC, whitespace runs collapsed to one
space). A predicted attribution matches a gold one of the same document when
their content spans overlap by at least a threshold, measured as the
overlapping characters divided by the length of the longer span; each gold and
each predicted attribution matches at most once, greedily by overlap. On
matched pairs, speaker, verb and kind are compared as the README says.

Predicted spans are located by their offsets, mapped through the
normalization; gold spans, which come without offsets, by finding their text
in the normalized document (the first occurrence).

The scheme is the character-overlap scoring of the Gender Gap Tracker's
``evaluate_quotes.py`` (Asr et al. 2021), with one-to-one greedy matching.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.attribution import reporting_verbs

THRESHOLDS = (0.3, 0.8)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class NormalizedText:
    """A text after NFKC and whitespace collapsing, with the map from original offsets.

    Attributes
    ----------
    text : str
        The normalized text.
    offsets : tuple of int
        ``offsets[i]`` is where original offset ``i`` lands in ``text``;
        one entry per original offset, plus one for the end.
    """

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The normalized span of original ``[start, end)``, trimmed of spaces."""
        new_start, new_end = self.offsets[start], self.offsets[end]
        while new_start < new_end and self.text[new_start] == " ":
            new_start += 1
        while new_end > new_start and self.text[new_end - 1] == " ":
            new_end -= 1
        return new_start, new_end


def normalize_with_offsets(text: str) -> NormalizedText:
    """NFKC-normalize ``text`` and collapse each whitespace run to one space, keeping offsets."""
    pieces: list[str] = []
    offsets: list[int] = []
    length = 0
    in_space = False
    for character in text:
        offsets.append(length)
        normalized = unicodedata.normalize("NFKC", character)
        for piece in normalized:
            if piece.isspace():
                if in_space:
                    continue
                piece = " "
                in_space = True
            else:
                in_space = False
            pieces.append(piece)
            length += 1
    offsets.append(length)
    return NormalizedText("".join(pieces), tuple(offsets))


def normalize(text: str) -> str:
    """NFKC, whitespace runs collapsed to one space, ends stripped (how gold content is written)."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def overlap_ratio(first: tuple[int, int], second: tuple[int, int]) -> float:
    """Overlapping characters divided by the length of the longer span (0.0 when either is empty)."""
    longer = max(first[1] - first[0], second[1] - second[0])
    if longer <= 0:
        return 0.0
    overlap = min(first[1], second[1]) - max(first[0], second[0])
    return max(overlap, 0) / longer


def greedy_matches(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], *,
                   threshold: float) -> list[tuple[int, int]]:
    """One-to-one matching of spans, best overlap first.

    Returns
    -------
    list of (gold index, predicted index)
        Pairs whose overlap ratio is at least ``threshold``; ties are broken by
        gold order, then predicted order.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    pairs = []
    for gold_index, gold_span in enumerate(gold):
        for predicted_index, predicted_span in enumerate(predicted):
            ratio = overlap_ratio(gold_span, predicted_span)
            if ratio >= threshold:
                pairs.append((-ratio, gold_index, predicted_index))
    pairs.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matches = []
    for _, gold_index, predicted_index in pairs:
        if gold_index in used_gold or predicted_index in used_predicted:
            continue
        used_gold.add(gold_index)
        used_predicted.add(predicted_index)
        matches.append((gold_index, predicted_index))
    return matches


def _speaker_key(speaker: str) -> str:
    return re.sub(r"^(?:the\s+)+", "", normalize(speaker).lower())


def speakers_agree(gold: str, predicted: str) -> bool:
    """Equal after lower-casing and dropping a leading "the", or the same last name token."""
    gold_key, predicted_key = _speaker_key(gold), _speaker_key(predicted)
    if gold_key == predicted_key:
        return True
    gold_tokens, predicted_tokens = gold_key.split(), predicted_key.split()
    return bool(gold_tokens and predicted_tokens) and gold_tokens[-1] == predicted_tokens[-1]


_IRREGULAR = {"said": "say", "told": "tell", "went": "go", "goes": "go", "made": "make", "wrote": "write",
              "has": "have", "had": "have", "having": "have", "put": "put", "was": "be", "were": "be", "is": "be"}


@functools.lru_cache(maxsize=1)
def _known_first_words() -> dict[str, str]:
    table: dict[str, str] = {}
    for verb in reporting_verbs():
        lemma_first = verb.lemma.split()[0]
        for form in verb.forms:
            table.setdefault(form.split()[0], lemma_first)
    return table


def verb_lemma(verb: str) -> str:
    """The lemma of a reporting expression's first word ("calling upon" -> "call").

    Known forms come from ``analysis/data/reporting_verbs.csv``; other words are
    stemmed by suffix ("-ing", "-ed", "-s", a final "e"), the same way on both
    sides of a comparison.
    """
    words = normalize(verb).lower().split()
    if not words:
        return ""
    word = words[0]
    known = _known_first_words()
    if word in known:
        return known[word]
    return stem_word(word)


def stem_word(word: str) -> str:
    """A word's stem by rule alone (irregular pasts, then "-ing", "-ed", "-es", "-s", a final "e"),
    independent of any word list, so that what it decides does not move when a list grows."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) >= 2 and word[-1] == word[-2] and word[-1] not in "sl":
                word = word[:-1]
            break
    if word.endswith("i"):
        word = word[:-1] + "y"
    return word.rstrip("e")


def verbs_agree(gold: str, predicted: str) -> bool:
    """The same lemma of the first word; two empty verbs agree."""
    return verb_lemma(gold) == verb_lemma(predicted)


def cue_agrees(gold_cue: str, predicted: str) -> bool:
    """The predicted verb's lemma is the lemma of one of the gold cue's words.

    PolNeAR's cues are whole phrases ("was first reported by", "told
    reporters"), so the first word is often an auxiliary; the lemma of any
    word of the cue counts.
    """
    wanted = verb_lemma(predicted)
    return any(verb_lemma(word) == wanted for word in re.findall(r"[\w’'\-]+", normalize(gold_cue)) or [""])


@dataclass(frozen=True)
class SpanRecord:
    """One attribution as scored: its document, normalized content span and labels.

    The optional fields hold what only some gold sets have: ``affiliation``
    ("" when not annotated), the speaker mention's normalized span
    (``speaker_start == -1`` when there is none), whether the attribution is
    speech (its cue a verb of saying), and ``cue_phrase`` (``verb`` is a whole
    PolNeAR cue phrase, compared by :func:`cue_agrees` instead of
    :func:`verbs_agree`).
    """

    doc: str
    start: int
    end: int
    speaker: str
    verb: str
    kind: str
    affiliation: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    speech: bool = True
    cue_phrase: bool = False


@dataclass(frozen=True)
class Scores:
    """Scores at one overlap threshold.

    ``speaker_accuracy`` and ``verb_accuracy`` are shares of matched pairs,
    ``kind_accuracy`` of matched pairs whose gold has a kind; NaN when there
    is nothing to count. ``affiliation_accuracy`` is the
    share over matched pairs whose gold has an affiliation,
    ``speaker_overlap`` the share of matched pairs with a gold speaker span
    whose predicted speaker span overlaps it, ``speech_recall`` the share of
    speech gold records matched (all NaN when there is nothing to count).
    """

    threshold: float
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    verb_accuracy: float
    kind_accuracy: float
    affiliation_accuracy: float = math.nan
    speaker_overlap: float = math.nan
    speech_gold: int = 0
    speech_matched: int = 0
    speech_recall: float = math.nan


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else math.nan


def score(gold: Iterable[SpanRecord], predicted: Iterable[SpanRecord], *, threshold: float) -> Scores:
    """Precision, recall, F1 and label accuracies of ``predicted`` against ``gold``.

    Precision is NaN with no predictions, recall NaN with no gold; F1 is NaN
    when either is NaN and 0.0 when both are 0.
    """
    gold_list, predicted_list = list(gold), list(predicted)
    matched = speaker_right = verb_right = kind_right = 0
    kind_pairs = affiliation_pairs = affiliation_right = span_pairs = span_right = speech_matched = 0
    for doc in sorted({record.doc for record in gold_list} | {record.doc for record in predicted_list}):
        doc_gold = [r for r in gold_list if r.doc == doc]
        doc_predicted = [r for r in predicted_list if r.doc == doc]
        for gold_index, predicted_index in greedy_matches(
                [(r.start, r.end) for r in doc_gold], [(r.start, r.end) for r in doc_predicted],
                threshold=threshold):
            gold_record, predicted_record = doc_gold[gold_index], doc_predicted[predicted_index]
            matched += 1
            speaker_right += speakers_agree(gold_record.speaker, predicted_record.speaker)
            if gold_record.cue_phrase:
                verb_right += cue_agrees(gold_record.verb, predicted_record.verb)
            else:
                verb_right += verbs_agree(gold_record.verb, predicted_record.verb)
            if gold_record.kind:
                kind_pairs += 1
                kind_right += gold_record.kind == predicted_record.kind
            if gold_record.affiliation:
                affiliation_pairs += 1
                affiliation_right += gold_record.affiliation == predicted_record.affiliation
            if gold_record.speaker_start >= 0:
                span_pairs += 1
                span_right += (predicted_record.speaker_start < gold_record.speaker_end
                               and gold_record.speaker_start < predicted_record.speaker_end)
            speech_matched += gold_record.speech
    precision = _ratio(matched, len(predicted_list))
    recall = _ratio(matched, len(gold_list))
    if math.isnan(precision) or math.isnan(recall):
        f1 = math.nan
    elif precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    speech_gold = sum(record.speech for record in gold_list)
    return Scores(threshold, len(gold_list), len(predicted_list), matched, precision, recall, f1,
                  _ratio(speaker_right, matched), _ratio(verb_right, matched), _ratio(kind_right, kind_pairs),
                  _ratio(affiliation_right, affiliation_pairs), _ratio(span_right, span_pairs),
                  speech_gold, speech_matched, _ratio(speech_matched, speech_gold))


class GoldSpanNotFound(ValueError):
    """A gold content is not a substring of its normalized document."""


def locate_gold(doc: str, normalized_document: str, content: str, speaker: str, verb: str, kind: str, *,
                affiliation: str = "") -> SpanRecord:
    """A gold attribution's span: where its normalized content occurs first in the normalized document."""
    wanted = normalize(content)
    start = normalized_document.find(wanted)
    if start < 0 or not wanted:
        raise GoldSpanNotFound(f"gold content of {doc!r} not found in its text: {wanted[:60]!r}")
    return SpanRecord(doc, start, start + len(wanted), speaker, verb, kind, affiliation=affiliation)
