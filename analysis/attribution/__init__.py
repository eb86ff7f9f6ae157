"""Attribution: who an article quotes or paraphrases, with which reporting verb.

:func:`extract_attributions` reads one article's cleaned text and returns one
:class:`Attribution` per place where the article reports what a source said.
It is rule-based, pure Python and regular expressions over the data files in
``analysis/data/`` (reporting verbs, actors, closed word lists), with spaCy's
small English pipeline on the few sentences that need it, in named steps,
one module each: ``document`` (quotations, sentences, tokens), ``mentions``
(speaker mentions), ``cues`` (reporting verbs and the grammar around them),
``passes`` (the candidate attributions, each pass switchable), ``parse`` (the
dependency-parse pass), ``tagging`` (spaCy), ``resolution``
(speakers across the article) and ``records`` (the public record); ``extract``
runs them in order:

1. pair the quotation marks (:func:`analysis.quotes.find_quotations`) and
   split the text into sentences that do not break inside a quotation;
2. direct quotations with a reporting verb beside them ("“…,” X said",
   "“…,” said X", "X said: “…”", "…, saying “…”");
3. "according to X" and "citing X";
4. "X quoted Y as saying" and "Y was quoted as saying" (the speaker is Y);
5. indirect speech around every other reporting verb: "X said (that) …",
   "…, X said", "X told reporters …", participles ("…, adding that …"),
   coordinated verbs ("… but said that …") and passives ("… was announced
   by X"); partial quotations inside the content make it *mixed*;
5b. a cue verb no earlier pass used, read from a dependency parse of its
   sentence (subject = speaker; complement clause, object or to-clause =
   content): "Sen. Bernie Sanders (I-Vt.) said Sunday in Madison, Wisconsin,
   that ...", "Trump called Clinton a liar", "he vowed to repeal it"; and
   nouns of saying with their source ("his claim that ...", "made no mention of");
6. headline attributions ("Russia won't pressure Syria: Official");
7. quotations with no verb that continue the previous speaker (a paragraph, or
   right after the attribution of a quotation: "“A,” X said, “B”");
8. resolution of speakers in document order: surnames to full names,
   pronouns and descriptions ("he", "the group", "the Kremlin spokesman") to
   the last compatible speaker, indefinite descriptions ("an NGO", "a local
   official") and headline speakers to the next named one;
9. de-duplication.

The steps follow textacy's ``direct_quotations`` (pair the marks, find the
reporting verb outside them, take its subject as the speaker) and the several
passes of the Gender Gap Tracker quote extractor (Asr et al. 2021, "The Gender
Gap Tracker", PLoS ONE 16(2)): in the rule passes a speaker is the run of
capitalized words and speaker nouns next to the verb; the parse pass takes the
verb's ``nsubj`` as the Gender Gap Tracker's syntactic pass does. Reporting-verb classes
follow Bell (1991) and Caldas-Coulthard (1994).

Texts whose apostrophes, commas or quotation marks were stripped are handled
by the same rules: a stripped possessive ("Russias") still matches an actor,
and a clause without commas is bounded by the speaker found inside it.
"""

from analysis.attribution.extract import PASS_NAMES, SWITCHABLE_STEPS, extract_attributions
from analysis.attribution.records import Attribution
from analysis.attribution.vocabulary import (
    AFFILIATIONS,
    FALLBACK_AFFILIATION,
    KINDS,
    SPEAKER_TYPES,
    VERB_CLASSES,
    ActorEntry,
    DataFileError,
    ReportingVerb,
    actor_lexicon,
    reporting_verbs,
)

__all__ = [
    "AFFILIATIONS", "FALLBACK_AFFILIATION", "KINDS", "PASS_NAMES", "SPEAKER_TYPES", "SWITCHABLE_STEPS",
    "VERB_CLASSES", "ActorEntry", "Attribution", "DataFileError", "ReportingVerb", "actor_lexicon",
    "extract_attributions", "reporting_verbs",
]
