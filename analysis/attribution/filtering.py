"""Step 4c, the candidate filter: a logistic regression that drops candidates unlikely to be attributions.

The passes propose candidates by rule; some are not attributions at all ("them"
for "called on", "the decision" for "criticized", "At day's end, however" for
"said") and some cut a content another candidate already holds. The filter
scores each candidate from what the passes know about it (which pass made it,
the cue's lemma and class, the content's length, shape, first and last words,
quotation marks, the speaker mention's kind, the other candidates around it)
and drops those whose probability of matching an annotated attribution is
below the model's threshold.

The model is data: ``data/candidate_filter.json``, written by
``evaluation/train_candidate_filter.py`` from PolNeAR's development months
only (never its held-out months, FA-KES or the seed gold), with the threshold
chosen on out-of-fold predictions of a cross-validation by month. Scoring is
a dot product in pure Python; nothing is trained or downloaded at run time.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.attribution.cues import Candidate
from analysis.attribution.document import Document
from analysis.attribution.vocabulary import DATA_DIR, DataFileError

CANDIDATE_FILTER_FILE = DATA_DIR / "candidate_filter.json"

_WORD = re.compile(r"[\w’'\-]+|[“”\"]|''")
_DOUBLE_MARKS = re.compile("[“”\"]|''")
# Content lengths in words, as one-hot bins (the last bin open).
_LENGTH_BINS = (1, 2, 4, 8, 15, 30, 60)


@dataclass(frozen=True)
class ProposedCandidate:
    """A candidate with the name of the pass that proposed it."""

    candidate: Candidate
    pass_name: str


@dataclass(frozen=True)
class CandidateFilter:
    """A logistic regression over :func:`candidate_features`: ``weights`` by feature name, its
    ``intercept``, the ``threshold`` below which a candidate is dropped, and the learned vocabularies
    (cue lemmas, first and last words, words of the content) that name features."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    lemmas: frozenset[str]
    first_words: frozenset[str]
    last_words: frozenset[str]
    content_words: frozenset[str]

    def probability(self, features: dict[str, float]) -> float:
        """The model's probability that a candidate with ``features`` is an attribution."""
        logit = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))


def read_candidate_filter(path: Path = CANDIDATE_FILTER_FILE) -> CandidateFilter:
    """The model of a ``candidate_filter.json`` file (see ``evaluation/train_candidate_filter.py``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CandidateFilter(
            weights={str(name): float(weight) for name, weight in data["weights"].items()},
            intercept=float(data["intercept"]), threshold=float(data["threshold"]),
            lemmas=frozenset(data["vocabulary"]["lemmas"]), first_words=frozenset(data["vocabulary"]["first_words"]),
            last_words=frozenset(data["vocabulary"]["last_words"]),
            content_words=frozenset(data["vocabulary"]["content_words"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise DataFileError(f"{path}: not a candidate filter model ({error})") from None


@functools.lru_cache(maxsize=1)
def shipped_candidate_filter() -> CandidateFilter:
    """The model shipped in ``data/candidate_filter.json``."""
    return read_candidate_filter()


def _length_bin(words: int) -> str:
    for bound in _LENGTH_BINS:
        if words <= bound:
            return f"words<={bound}"
    return f"words>{_LENGTH_BINS[-1]}"


def _shape(word: str) -> str:
    if not word:
        return "none"
    if _DOUBLE_MARKS.fullmatch(word) or word in ("'", "‘", "’"):
        return "quote"
    if word[0].isdigit():
        return "digit"
    return "upper" if word[0].isupper() else "lower"


def candidate_features(document: Document, proposed: ProposedCandidate, neighbours: Sequence[ProposedCandidate],
                       model: CandidateFilter) -> dict[str, float]:
    """The features of one candidate: binary indicators (1.0) and a few counts on a log scale.

    ``neighbours`` are all candidates of the article, sorted by content start (the candidate
    among them); ``model`` supplies the vocabularies that name the word features.
    """
    candidate = proposed.candidate
    text = document.text
    content = text[candidate.content_start:candidate.content_end]
    words = [match.group() for match in _WORD.finditer(content)]
    lowered = [word.lower() for word in words]
    features: dict[str, float] = {
        f"pass={proposed.pass_name}": 1.0,
        f"class={candidate.verb_class or 'none'}": 1.0,
        _length_bin(len(words)): 1.0,
        "log_words": math.log1p(len(words)),
        f"first_shape={_shape(words[0] if words else '')}": 1.0,
        f"last_shape={_shape(words[-1] if words else '')}": 1.0,
    }
    lemma = candidate.verb_lemma or "none"
    features[f"lemma={lemma if lemma in model.lemmas else 'other'}"] = 1.0
    first = lowered[0] if lowered else ""
    features[f"first={first if first in model.first_words else 'other'}"] = 1.0
    last = lowered[-1] if lowered else ""
    features[f"last={last if last in model.last_words else 'other'}"] = 1.0
    for word in set(lowered) & model.content_words:
        features[f"has={word}"] = 1.0
    marks = len(_DOUBLE_MARKS.findall(content))
    if marks:
        features["has_quote_mark"] = 1.0
        if marks % 2:
            features["odd_quote_marks"] = 1.0
    if document.quote_spans.covers(candidate.content_start) and document.quote_spans.covers(candidate.content_end - 1):
        features["inside_quotation"] = 1.0
    tail = text[candidate.content_end:candidate.content_end + 2]
    features[f"next_char={_shape(tail.strip()[:1]) if tail.strip()[:1].isalnum() else tail.strip()[:1] or 'end'}"] = 1.0
    if "\n" in content:
        features["spans_paragraphs"] = 1.0
    features["content_before_cue"] = float(candidate.content_end <= candidate.anchor)
    distance = candidate.content_start - candidate.anchor if candidate.content_start > candidate.anchor \
        else candidate.anchor - candidate.content_end
    features["log_distance"] = math.log1p(max(distance, 0))
    # The content's share of its sentence and how many sentences it covers.
    starts = [sentence.start for sentence in document.sentences]
    first_sentence = bisect.bisect_right(starts, candidate.content_start) - 1
    last_sentence = bisect.bisect_right(starts, max(candidate.content_end - 1, candidate.content_start)) - 1
    if first_sentence >= 0:
        sentence = document.sentences[first_sentence]
        features["sentence_share"] = min((candidate.content_end - candidate.content_start)
                                         / max(sentence.end - sentence.start, 1), 3.0)
        features["first_sentence"] = float(first_sentence == 0)
    features["log_sentences"] = math.log1p(max(last_sentence - first_sentence, 0))
    mention = candidate.mention
    if mention is None:
        features["mention=none"] = 1.0
    else:
        features[f"speaker_type={mention.speaker_type}"] = 1.0
        features["mention_pronoun"] = float(bool(mention.pronoun))
        features["mention_name"] = float(bool(mention.name))
        features["mention_anonymous"] = float(mention.anonymous)
        features["mention_proper"] = float(mention.proper)
        features["mention_lower"] = float(not mention.text[:1].isupper())
        features["log_mention_words"] = math.log1p(len(mention.text.split()))
    features["headline"] = float(candidate.headline)
    # What joins the content to its attribution: "X said that ...", "..., X said", "a charge X denied".
    if candidate.content_end <= candidate.anchor:
        joint_end = mention.start if mention is not None and mention.start >= candidate.content_end \
            else candidate.anchor
        joint = text[candidate.content_end:joint_end]
    else:
        joint = text[max(candidate.anchor, candidate.content_start - 12):candidate.content_start]
    joint_words = [word.lower() for word in _WORD.findall(joint)]
    features[f"joint_last={joint_words[-1] if joint_words and joint_words[-1] in model.first_words else 'other'}"] = 1.0
    features[f"joint_punctuation={''.join(sorted(set(joint) & set(',:;—–-(')))}"] = 1.0
    # What a content looks like means different things for different passes ("them" is an object of
    # the parse pass, a paraphrase of the rule pass is a clause): the pass crossed with its shape.
    for name in [name for name in features if name.startswith(("words", "first", "last", "lemma=", "speaker_type"))]:
        features[f"{proposed.pass_name}*{name}"] = features[name]
    # Other candidates' contents that overlap this one, hold it or lie inside it.
    for other in neighbours:
        if other is proposed or other.candidate.content_start >= candidate.content_end:
            continue
        if other.candidate.content_end <= candidate.content_start:
            continue
        if other.candidate.content_start <= candidate.content_start \
                and candidate.content_end <= other.candidate.content_end:
            features["inside_other"] = 1.0
            features[f"inside_other_pass={other.pass_name}"] = 1.0
        elif candidate.content_start <= other.candidate.content_start \
                and other.candidate.content_end <= candidate.content_end:
            features["holds_other"] = 1.0
        else:
            features["overlaps_other"] = 1.0
    return features


def filtered_candidates(document: Document, proposed: Sequence[ProposedCandidate], *,
                        model: CandidateFilter | None = None) -> list[ProposedCandidate]:
    """The candidates whose probability under ``model`` (default: the shipped one) reaches its threshold."""
    model = model or shipped_candidate_filter()
    ordered = sorted(proposed, key=lambda p: (p.candidate.content_start, p.candidate.content_end))
    return [candidate for candidate in proposed
            if model.probability(candidate_features(document, candidate, ordered, model)) >= model.threshold]
