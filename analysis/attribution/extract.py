"""The extractor: the named steps in order, each pass switchable.

document (:func:`~analysis.attribution.document.read_document`) -> passes
(:data:`~analysis.attribution.passes.PASSES`, each reading mentions and cues)
-> resolution (:func:`~analysis.attribution.resolution._resolve`) -> records
(:func:`~analysis.attribution.records.build_record`, de-duplication). Every
pass, the resolution and the de-duplication can be switched off with
``without=``, so that the evaluation can score the extractor without each one
(the ablation table of ``evaluation/evaluate_attributions.py``).
"""

from __future__ import annotations

from collections.abc import Collection

from analysis.attribution.document import read_document
from analysis.attribution.passes import PASSES, Candidate
from analysis.attribution.records import Attribution, build_record, deduplicated
from analysis.attribution.resolution import _resolve, literal_entities
from analysis.quotes import QuotationIndex

PASS_NAMES = tuple(name for name, _ in PASSES)
# What ``without=`` may switch off.
SWITCHABLE_STEPS = (*PASS_NAMES, "resolution", "deduplication")


def extract_attributions(text: str, *, without: Collection[str] = ()) -> list[Attribution]:
    """Find every attribution in an article: who is reported as saying what.

    Parameters
    ----------
    text : str
        The article's cleaned text; paragraphs separated by line breaks, the
        first paragraph often the headline. Curly or straight quotation marks,
        or none (texts whose marks were stripped).
    without : collection of str
        Steps to switch off, from :data:`SWITCHABLE_STEPS` (for ablation);
        empty for the full extractor.

    Returns
    -------
    list of Attribution
        In document order of their content. ``text[a.content_start:a.content_end]
        == a.content`` for every record.

    Raises
    ------
    TypeError
        When ``text`` is not a str.
    ValueError
        When ``without`` names a step that does not exist.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    unknown = sorted(set(without) - set(SWITCHABLE_STEPS))
    if unknown:
        raise ValueError(f"without: unknown step(s) {', '.join(unknown)} (allowed: {', '.join(SWITCHABLE_STEPS)})")
    if not text.strip():
        return []
    document = read_document(text)
    candidates: list[Candidate] = []
    used_verbs: frozenset[int] = frozenset()
    for name, run in PASSES:
        if name in without:
            continue
        output = run(document, tuple(candidates), used_verbs)
        candidates.extend(output.candidates)
        used_verbs |= output.used_verbs
    resolved = literal_entities(candidates) if "resolution" in without else _resolve(candidates, text)
    quotations = QuotationIndex(document.quotations)
    records = [build_record(text, candidate, entity, quotations) for candidate, entity in resolved]
    if "deduplication" in without:
        return sorted(records, key=lambda r: (r.content_start, -r.content_end))
    return deduplicated(records)
