"""The extractor: the named steps in order, each pass switchable.

document (:func:`~analysis.attribution.document.read_document`) -> passes
(:data:`~analysis.attribution.passes.PASSES`, each reading mentions and cues)
-> verb check (:func:`verb_check`: a cue must be tagged as a verb) ->
resolution (:func:`~analysis.attribution.resolution._resolve`) -> records
(:func:`~analysis.attribution.records.build_record`, de-duplication). Every
pass, the resolution and the de-duplication can be switched off with
``without=``, so that the evaluation can score the extractor without each one
(the ablation table of ``evaluation/evaluate_attributions.py``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection

from analysis.attribution.document import Document, read_document
from analysis.attribution.passes import PASSES, Candidate
from analysis.attribution.records import Attribution, build_record, deduplicated
from analysis.attribution.resolution import _resolve, dateline_government, literal_entities
from analysis.attribution.tagging import verb_offsets
from analysis.attribution.vocabulary import APPARATUS_OPENERS, outlet_governments, outlet_key
from analysis.quotes import QuotationIndex

PASS_NAMES = tuple(name for name, _ in PASSES)
# What ``without=`` may switch off.
SWITCHABLE_STEPS = (*PASS_NAMES, "verb_check", "resolution", "deduplication")
# Cues that are not verb forms and need no tag.
_UNTAGGED_LEMMAS = frozenset({"", "according to"})


def outside_apparatus(document: Document, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates not made in a sentence of the outlet's apparatus: an editor's note, a photo
    caption or a correction ("Editor's note: ...", "Photo: ... said"), by the sentence's opening
    words before a colon or dash (``data/attribution_words.csv``, not_reported_speech_opener)."""
    apparatus = []
    for sentence in document.sentences:
        opener = _APPARATUS_OPENER.match(document.text, sentence.start, sentence.end)
        if opener and opener.group(1).lower() in APPARATUS_OPENERS:
            apparatus.append((sentence.start, sentence.end))
    if not apparatus:
        return candidates
    return [c for c in candidates if not any(start <= c.anchor < end for start, end in apparatus)]


_APPARATUS_OPENER = re.compile(r"\(?([A-Za-z’' ]{3,20}?)\s*[:—–]")


def could_be_noun(candidate: Candidate) -> bool:
    """Whether the cue's first word is a base or "-s" form ("states", "claim", "remarks"), the forms
    that are also nouns; past forms and participles ("said", "claimed", "adding") are not checked."""
    if candidate.verb_lemma in _UNTAGGED_LEMMAS or candidate.nominal:
        return False
    word = candidate.verb.split()[0].lower()
    base = candidate.verb_lemma.split()[0].lower()
    return word in (base, f"{base}s", f"{base}es")


def verb_check(document: Document, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates whose cue word is tagged as a verb where it stands (spaCy's tagger, run only
    on the sentences that hold a cue :func:`could_be_noun`); other candidates pass unchecked."""
    starts = [sentence.start for sentence in document.sentences]
    to_check: list[tuple[Candidate, tuple[int, int]]] = []
    for candidate in candidates:
        if not could_be_noun(candidate):
            continue
        index = bisect.bisect_right(starts, candidate.anchor) - 1
        if index >= 0:
            sentence = document.sentences[index]
            to_check.append((candidate, (sentence.start, sentence.end)))
    verbs = verb_offsets(document.text, (span for _, span in to_check))
    rejected = {id(candidate) for candidate, _ in to_check if candidate.anchor not in verbs}
    return [candidate for candidate in candidates if id(candidate) not in rejected]


def extract_attributions(text: str, *, without: Collection[str] = (), outlet: str | None = None) -> list[Attribution]:
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
    outlet : str, optional
        The outlet that published the article. A state outlet of
        ``data/outlet_governments.csv`` decides the affiliation of a state
        institution's anonymous source ("a military source" in SANA) that its
        mention, a place or the dateline leave undecided.

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
    checks_verbs = "verb_check" not in without
    checked = 0  # candidates[:checked] have passed the verb check
    for name, run in PASSES:
        if name in without:
            continue
        if name == "parsed_clauses" and checks_verbs:
            # The parse pass leaves alone the cues inside earlier contents, so a noun a rule pass took for a
            # verb ("A recent report issued by X showed ...") must be gone before it runs.
            candidates = verb_check(document, candidates)
            checked = len(candidates)
        output = run(document, tuple(candidates), used_verbs)
        candidates.extend(output.candidates)
        used_verbs |= output.used_verbs
    if checks_verbs:
        candidates = candidates[:checked] + verb_check(document, candidates[checked:])
    candidates = outside_apparatus(document, candidates)
    resolved = literal_entities(candidates) if "resolution" in without else _resolve(candidates, text)
    quotations = QuotationIndex(document.quotations)
    government = (outlet_governments().get(outlet_key(outlet), "") if outlet else "") \
        or dateline_government(text, document.sentences)
    records = []
    # Resolution gives a continuation the entity of the candidate before it (in document order);
    # its record gets that candidate's mention as its speaker span.
    continued = None
    for candidate, entity in resolved:
        continued = candidate.mention or continued
        records.append(build_record(text, candidate, entity, quotations, dateline_government=government,
                                    continued=continued))
    if "deduplication" in without:
        return sorted(records, key=lambda r: (r.content_start, -r.content_end))
    return deduplicated(records)
