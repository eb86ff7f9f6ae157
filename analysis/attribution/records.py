"""Step 6, records: the public :class:`Attribution` record, built from a resolved candidate, and de-duplication."""

from __future__ import annotations

from dataclasses import dataclass, replace

from analysis.attribution.cues import Candidate
from analysis.attribution.mentions import Mention, acronym_expansion, is_plural_noun
from analysis.attribution.resolution import (
    Entity,
    affiliation_in_article,
    fullest_name,
    given_with_age,
    state_body_government,
    the_named_organization,
    written_name,
)
from analysis.attribution.vocabulary import (
    FALLBACK_AFFILIATION,
    GOVERNMENT_HEADS,
    PRONOUNS,
    SPEAKER_TYPES,
    person_titles,
)
from analysis.quotes import QuotationIndex


@dataclass(frozen=True)
class Attribution:
    """One place where an article reports what a source said.

    Attributes
    ----------
    speaker : str
        Canonical source, resolved through pronouns and descriptions to the
        fullest name the article gives ("Dmitry Peskov"), or the description
        of an anonymous source as written ("a senior official").
    speaker_start, speaker_end : int
        Offsets of the speaker mention as written at this attribution ("he",
        "the Kremlin spokesman"); for a continuation quote, which has no mention
        of its own, the mention of the attribution it continues (both equal to
        ``content_start`` when there is none).
    speaker_type : str
        One of :data:`SPEAKER_TYPES`.
    affiliation : str
        One of :data:`AFFILIATIONS`.
    verb : str
        The reporting expression as written ("said", "according to",
        "quoted ... as saying"); ``""`` for a quotation with no verb.
    verb_lemma, verb_class : str
        Base form ("say") and class (one of :data:`VERB_CLASSES`) from
        ``data/reporting_verbs.csv``; ``""`` when ``verb`` is empty.
    kind : str
        direct (wholly inside quotation marks), indirect (paraphrase) or mixed
        (paraphrase with a partial quotation).
    content : str
        The reported content, ``text[content_start:content_end]``.
    content_start, content_end : int
        Offsets of the content in the text.
    """

    speaker: str
    speaker_start: int
    speaker_end: int
    speaker_type: str
    affiliation: str
    verb: str
    verb_lemma: str
    verb_class: str
    kind: str
    content: str
    content_start: int
    content_end: int


def build_record(text: str, candidate: Candidate, entity: Entity, quotations: QuotationIndex, *,
                 dateline_government: str = "", continued: Mention | None = None) -> Attribution:
    """The public record of a candidate whose speaker resolved to ``entity``.

    The affiliation is the resolved speaker's, else the mention's own, else for a person the one
    the article's fullest description of the name gives, else for a state institution's mention
    ("the Interior Ministry", "a military source") the government of the state outlet that
    published it or of the dateline (``dateline_government``); when none decides,
    :data:`FALLBACK_AFFILIATION` ("unknown"). A verb-less continuation's speaker span is that of
    ``continued``, the mention of the attribution it continues (PolNeAR marks that mention as the
    source of a quotation paragraph that continues it).
    """
    final = entity.final()
    mention = candidate.mention if candidate.mention is not None else continued
    speaker_start = mention.start if mention is not None else candidate.content_start
    speaker_end = mention.end if mention is not None else candidate.content_start
    speaker_type = final.speaker_type if final.speaker_type in SPEAKER_TYPES else "organization"
    if not final.proper and (final.anonymous or speaker_type == "person") \
            or final.canonical.lower() in PRONOUNS:
        speaker_type = "anonymous"
    return Attribution(
        speaker=_speaker_name(text, final),
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        speaker_type=speaker_type,
        affiliation=_affiliation(text, final, entity, dateline_government, speaker_start),
        verb=candidate.verb,
        verb_lemma=candidate.verb_lemma,
        verb_class=candidate.verb_class,
        kind=quotations.kind_of(text, candidate.content_start, candidate.content_end),
        content=text[candidate.content_start:candidate.content_end],
        content_start=candidate.content_start,
        content_end=candidate.content_end,
    )


# The speaker of an attribution whose pronoun ("he said", "they said") refers to no source the
# extractor found: a pronoun is never reported as a speaker.
UNRESOLVED_SPEAKER = "unidentified speaker"


def _speaker_name(text: str, final: Entity) -> str:
    """A person's fullest name in the article; a pronoun that resolved to no one is no name; any other
    source as resolved."""
    if final.canonical.lower() in PRONOUNS:
        return UNRESOLVED_SPEAKER
    if final.name and final.canonical == final.name and final.speaker_type not in ("organization", "media"):
        return fullest_name(text, final.canonical)
    if final.proper and final.speaker_type == "organization" and final.canonical.isupper():
        # "OPCW" in an article that spells it out.
        return acronym_expansion(text, final.canonical) or final.canonical
    if not final.proper and final.speaker_type == "organization" and not is_plural_noun(final.canonical):
        # "a monitor" in an article that names the Syrian Observatory for Human Rights and no other monitor ("Aid
        # groups" are more than the one named).
        named = the_named_organization(text, final.affiliation)
        return written_name(text, named) if named else final.canonical
    if final.speaker_type in ("organization", "media"):
        # The fullest name the article gives: "Syrian Observatory" where it never writes the actor's full name.
        return written_name(text, final.canonical)
    return final.canonical


def _affiliation(text: str, final: Entity, entity: Entity, dateline_government: str, position: int) -> str:
    if final.affiliation or entity.affiliation:
        return final.affiliation or entity.affiliation
    if final.speaker_type == "person" and final.name:
        # The fullest name finds the description of a surname the text only writes inside a longer name
        # ("Halabi" of "local activist Mohammad al-Halabi").
        described = affiliation_in_article(text, final.name) or affiliation_in_article(
            text, fullest_name(text, final.name))
        if described:
            return described
        if given_with_age(text, final.name):
            return "witness"  # a private person tells what happened, as residents do
    heads = final.heads | entity.heads
    if dateline_government and heads & GOVERNMENT_HEADS:
        return dateline_government
    if final.speaker_type == "person":
        # A person's own title decides ("Governor Talal al-Barazi"), not a word of a name ("Army of Conquest").
        heads = {head for head in heads if head in person_titles()}
    if not final.proper or final.speaker_type == "person":
        named_before = state_body_government(text, position, heads)
        if named_before:
            return named_before
    return FALLBACK_AFFILIATION


def deduplicated(records: list[Attribution]) -> list[Attribution]:
    """One record per content span and speaker mention (the same attribution found by two passes).
    A record whose content lies inside another's is kept: PolNeAR annotates nested contents of one
    speaker too (dropping those lost matches on its development months)."""
    records = sorted(records, key=lambda r: (r.content_start, -r.content_end))
    kept: list[Attribution] = []
    seen: set[tuple[int, int, int]] = set()
    for record in records:
        key = (record.content_start, record.content_end, record.speaker_start)
        if key in seen:
            continue
        seen.add(key)
        kept.append(record)
    return [replace(record) for record in kept]
