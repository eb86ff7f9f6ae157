"""Attribution: who an article quotes or paraphrases, with which reporting verb.

:func:`extract_attributions` reads one article's cleaned text and returns one
:class:`Attribution` per place where the article reports what a source said.
It is rule-based, pure Python and regular expressions over the data files in
``data/`` (reporting verbs, actors), in a readable sequence of passes:

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
6. headline attributions ("Russia won't pressure Syria: Official");
7. quotations with no verb that continue the previous speaker;
8. resolution of speakers in document order: surnames to full names,
   pronouns and descriptions ("he", "the group", "the Kremlin spokesman") to
   the last compatible speaker, indefinite descriptions ("an NGO", "a local
   official") and headline speakers to the next named one;
9. de-duplication.

The steps follow textacy's ``direct_quotations`` (pair the marks, find the
reporting verb outside them, take its subject as the speaker) and the several
passes of the Gender Gap Tracker quote extractor (Asr et al. 2021, "The Gender
Gap Tracker", PLoS ONE 16(2)), without a parser: a speaker is the run of
capitalized words and speaker nouns next to the verb. Reporting-verb classes
follow Bell (1991) and Caldas-Coulthard (1994).

Texts whose apostrophes, commas or quotation marks were stripped are handled
by the same rules: a stripped possessive ("Russias") still matches an actor,
and a clause without commas is bounded by the speaker found inside it.
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from analysis.quotes import Quotation, find_quotations

DATA_DIR = Path(__file__).parent / "data"
REPORTING_VERBS_FILE = DATA_DIR / "reporting_verbs.csv"
ACTORS_FILE = DATA_DIR / "actors.csv"

SPEAKER_TYPES = ("person", "organization", "anonymous", "document", "media")
AFFILIATIONS = ("russia_gov", "syria_gov", "syria_opposition", "us_gov", "un", "ngo", "media", "kurdish",
                "turkey_gov", "iran_gov", "other_gov", "militant_group", "witness", "other")
VERB_CLASSES = ("neutral", "endorsing", "distancing", "conceding", "adversarial")
KINDS = ("direct", "indirect", "mixed")
# Affiliation of a speaker that no actor row describes and that resolves to no
# earlier speaker (documented in data/README.md, "Attribution").
FALLBACK_AFFILIATION = "other"

# An indefinite description ("a local civil defense official", "an NGO") names
# a source that the next sentence or two usually names: it is bound to the next
# named speaker that starts within this many characters.
FORWARD_REACH_CHARACTERS = 600
# A quotation with no verb continues the previous speaker only when that
# speaker's attribution ends within this many characters before it.
CONTINUATION_REACH_CHARACTERS = 600
# A direct quotation shorter than this many words (a title, a scare quote) is
# attributed only when a reporting verb stands right beside it.
CONTINUATION_MIN_WORDS = 4
# A speaker mention is at most this many words ("Chief of the Main Operational
# Directorate of the General Staff of the Russian Armed Forces Lieutenant
# General Sergei Rudskoi" has 17).
MAX_SPEAKER_WORDS = 20
# Bounds that keep one call linear in the length of the text, whatever the text
# (a megabyte of "said said said ...", thousands of quotations in one
# "sentence" with no full stop). They are far above what news prose reaches: in
# the FA-KES development set the longest sentence has 2,271 characters and the
# most reporting expressions in one sentence is 5.
# - A speaker and the words that tie it to its verb are looked for at most this
#   many characters back from the verb (or from the quotation).
LOOKBACK_CHARACTERS = 3000
# - Reporting expressions (verbs, "according to", "quoted ... as saying") read
#   in one sentence; later ones in the same sentence are not read. A "sentence"
#   with more is a word list or a text without punctuation, not reported speech.
MAX_REPORTING_EXPRESSIONS_PER_SENTENCE = 25


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
        "the Kremlin spokesman"); both equal to ``content_start`` when the
        attribution has no mention (a continuation quote).
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


# ---------------------------------------------------------------------------
# Data files, read once.


@dataclass(frozen=True)
class ReportingVerb:
    """One row of ``data/reporting_verbs.csv``."""

    lemma: str
    forms: tuple[str, ...]
    verb_class: str
    takes_object: bool
    reports: bool


@dataclass(frozen=True)
class ActorEntry:
    """One row of ``data/actors.csv``."""

    pattern: str
    canonical: str
    affiliation: str
    speaker_type: str
    role: str


@dataclass(frozen=True)
class _Vocabulary:
    verbs_by_form: dict[str, ReportingVerb]
    verb_pattern: re.Pattern[str]
    actors_by_key: dict[str, ActorEntry]
    actor_pattern: re.Pattern[str]
    words: dict[str, ActorEntry]  # lower-case title and modifier words


class DataFileError(ValueError):
    """A data file is missing a column or holds a value outside its vocabulary."""


def _data_rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(lines)]


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> tuple[ReportingVerb, ...]:
    """The reporting verbs of ``data/reporting_verbs.csv``, read once."""
    verbs = []
    for row in _data_rows(REPORTING_VERBS_FILE):
        if row["class"] not in VERB_CLASSES:
            raise DataFileError(f"{REPORTING_VERBS_FILE}: class {row['class']!r} of {row['lemma']!r} "
                                f"is not one of {', '.join(VERB_CLASSES)}")
        forms = tuple(form.strip().lower() for form in row["forms"].split("|") if form.strip())
        verbs.append(ReportingVerb(row["lemma"], forms, row["class"], row["content"] == "object",
                                   row["reports"] != "no"))
    return tuple(verbs)


@functools.lru_cache(maxsize=1)
def actor_lexicon() -> tuple[ActorEntry, ...]:
    """The actors and speaker words of ``data/actors.csv``, read once."""
    entries = []
    for row in _data_rows(ACTORS_FILE):
        if row["affiliation"] and row["affiliation"] not in AFFILIATIONS:
            raise DataFileError(f"{ACTORS_FILE}: affiliation {row['affiliation']!r} of {row['pattern']!r} "
                                f"is not one of {', '.join(AFFILIATIONS)}")
        entries.append(ActorEntry(row["pattern"], row["canonical"], row["affiliation"],
                                  row["speaker_type"], row["role"]))
    return tuple(entries)


def _phrase_regex(phrase: str) -> str:
    """Whole words, a space or a hyphen between them alike."""
    return r"[\s\-]+".join(re.escape(word) for word in re.split(r"[\s\-]+", phrase))


def _actor_key(phrase: str) -> str:
    return re.sub(r"[\s\-]+", " ", phrase.lower())


@functools.lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    verbs_by_form: dict[str, ReportingVerb] = {}
    for verb in reporting_verbs():
        for form in verb.forms:
            verbs_by_form.setdefault(form, verb)
    forms = sorted(verbs_by_form, key=len, reverse=True)
    verb_pattern = re.compile(r"(?<![\w\-’'])(?:" + "|".join(_phrase_regex(form) for form in forms) + r")(?![\w\-])")
    actors_by_key: dict[str, ActorEntry] = {}
    words: dict[str, ActorEntry] = {}
    alternatives = []
    for entry in actor_lexicon():
        if entry.role == "actor":
            actors_by_key.setdefault(_actor_key(entry.pattern), entry)
            alternative = _phrase_regex(entry.pattern)
            # Acronyms ("UN", "US", "AP") are matched in their case only, so
            # that "us" and "un-" are not actors.
            if entry.pattern.isupper() or re.fullmatch(r"(?:[A-Z]\.)+", entry.pattern):
                alternative = f"(?-i:{alternative})"
            alternatives.append((len(entry.pattern), alternative))
        else:
            words.setdefault(entry.pattern.lower(), entry)
    alternatives.sort(key=lambda pair: pair[0], reverse=True)
    actor_pattern = re.compile(r"(?<![\w\-])(" + "|".join(alt for _, alt in alternatives) + r")(?:['’]?s)?(?![\w\-])",
                               re.IGNORECASE)
    return _Vocabulary(verbs_by_form, verb_pattern, actors_by_key, actor_pattern, words)


def _verb_entry(form: str) -> ReportingVerb:
    return _vocabulary().verbs_by_form[re.sub(r"[\s\-]+", " ", form.lower())]


# ---------------------------------------------------------------------------
# Words and sentences.

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w’'\-]|\.(?=[^\W_]))*|[^\w\s]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’']?(?=\s+[\"“‘(\[]?[A-Z0-9])|[.!?]+[\"”’']?(?=\s*$)")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Sgt|Capt|St|No|Gov|Sen|Rep|"
                           r"Prof|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc)$")

DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})
PRONOUNS = {"he": "person", "she": "person", "it": "organization", "they": "organization"}
CONNECTORS = frozenset({"of", "for", "and", "in", "the", "on", "at"})
# Lower-case particles inside personal names ("Staffan de Mistura", "Ahmad bin Ali").
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "al", "el", "bin", "ibn", "abu", "van", "von", "der", "du", "le",
                            "la"})
# Capitalized words that start a sentence or a time phrase and never a name.
NOT_NAMES = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
    "earlier", "later", "meanwhile", "however", "also", "but", "and", "on", "in", "at", "as", "after", "before",
    "while", "when", "since", "last", "this", "that", "these", "those", "there", "here", "it", "he", "she", "they",
    "we", "i", "immediately", "separately", "elsewhere", "moreover", "furthermore", "instead", "then", "now",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "if", "so", "thus", "still", "yet", "according", "tags", "posted", "published", "updated",
})
# Words between a speaker and its verb ("Russia on Sunday said", "he further said").
BETWEEN_SPEAKER_AND_VERB = frozenset({
    "has", "have", "had", "was", "were", "is", "are", "also", "further", "reportedly", "previously", "later",
    "earlier", "then", "again", "officially", "repeatedly", "already", "once", "publicly", "separately",
    "recently", "subsequently", "initially", "explicitly", "clearly", "strongly", "firmly", "flatly", "would",
    "will", "on", "yesterday", "today", "late", "last", "week", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "night", "morning", "evening", "however", "too", "both",
})
NEGATIONS = frozenset({"not", "n't", "never", "declined", "refused", "nor", "no"})
PASSIVE_AUXILIARIES = frozenset({"was", "were", "is", "are", "been", "be", "being"})
# After these, a "-s" verb form is a noun ("the claims", "these reports").
NOUN_SIGNALS = frozenset(DETERMINERS | {"such", "any", "no", "unconfirmed", "media", "new", "similar", "recent",
                                        "conflicting", "press", "news", "of", "all", "many", "some", "several"})
PREPOSITIONS_AFTER_VERB = frozenset({"including", "in", "at", "after", "with", "while", "as", "when", "during",
                                     "before", "since", "despite", "amid", "following", "from", "without", "to",
                                     "through", "via", "over"})
ADDRESSEES = frozenset({"reporters", "journalists", "him", "her", "them", "us", "me", "parliament", "lawmakers",
                        "news", "agency", "television", "newspaper", "radio", "broadcaster",
                        "daily", "website"})
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


class _Token(NamedTuple):
    """A word or punctuation mark, with the properties the scans ask for most."""

    start: int
    end: int
    text: str
    lower: str
    is_capitalized: bool  # "Peskov", "al-Nusra", "U.S."
    is_word: bool


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    """The tokens that lie wholly within ``text[start:end]``."""
    tokens, starts = _token_index(text)
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end)
    while last > first and tokens[last - 1].end > end:
        last -= 1
    return list(tokens[first:last])


# The scans ask for the tokens of many short spans of the same text; the text
# is tokenized once. A few texts are kept, as a call handles one at a time.
@functools.lru_cache(maxsize=4)
def _token_index(text: str) -> tuple[tuple[_Token, ...], list[int]]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        lower = word.lower()
        first = word[0]
        tokens.append(_Token(match.start(), match.end(), word, lower,
                             first.isupper() or (first.isalpha() and lower != word), first.isalnum()))
    return tuple(tokens), [token.start for token in tokens]


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


def _sentences(text: str, quotations: list[Quotation]) -> list[_Sentence]:
    """Sentences, not broken inside a closed quotation or after an abbreviation."""
    closed = _SpanIndex((q.start, q.end) for q in quotations if q.depth == 0 and q.closed)
    sentences: list[_Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        start = line_start
        for match in _SENTENCE_END.finditer(text, line_start, line_end):
            boundary = match.end()
            # Inside a closed quotation: one starts before boundary - 1 and ends after it.
            if closed.reach_at(boundary - 2) > boundary - 1:
                continue
            if match.group().startswith(".") and _ABBREVIATION.search(text, max(line_start, match.start() - 5),
                                                                       match.start()):
                continue
            sentences.append(_Sentence(start, boundary, paragraph))
            start = boundary
        sentences.append(_Sentence(start, line_end, paragraph))
    return [_trimmed(text, s) for s in sentences if text[s.start:s.end].strip()]


def _trimmed(text: str, sentence: _Sentence) -> _Sentence:
    start, end = sentence.start, sentence.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Sentence(start, end, sentence.paragraph)


def _strip_span(text: str, start: int, end: int, *, trailing: str = " \t,;:.-—–") -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    while end > start and text[end - 1] in trailing + "\n":
        end -= 1
    # A clause boundary left a dangling conjunction ("... truce, and").
    for conjunction in (" and", " but"):
        if text[start:end].endswith(conjunction):
            end -= len(conjunction)
            while end > start and text[end - 1] in trailing:
                end -= 1
    return start, end


# ---------------------------------------------------------------------------
# Speaker mentions.


@dataclass(frozen=True)
class _Mention:
    """A speaker mention as written, with what its words say about it."""

    start: int
    end: int
    text: str
    name: str  # a person's name in it, "" if none
    canonical: str  # the name to report if nothing resolves it
    speaker_type: str
    affiliation: str
    head: str  # the noun that heads a description ("spokesman", "group"), lower case
    pronoun: str  # "he", "she", "it", "they" or ""
    definite: bool  # "the X" without a name: refers back
    indefinite: bool  # "a X", "an X", bare "Official": may refer forward
    anonymous: bool  # "a source", "officials": never resolved to a name
    possessor: str  # "his" in "his spokesman": the speaker is the possessor
    proper: bool  # names its source: a person's name or an organization's ("the Pentagon")


def _is_speaker_word(token: _Token) -> bool:
    lower = token.lower
    if lower in _vocabulary().words:
        return True
    stripped = re.sub(r"['’]?s$", "", lower)
    return _actor_key(lower) in _vocabulary().actors_by_key or _actor_key(stripped) in _vocabulary().actors_by_key


def _scan_backward(text: str, tokens: list[_Token]) -> _Mention | None:
    """The speaker mention that ends the given tokens ("... Kremlin spokesman Dmitry Peskov")."""
    if not tokens:
        return None
    last = tokens[-1]
    if last.lower in PRONOUNS:
        return _describe(text, last.start, last.end)
    taken: list[_Token] = []
    index = len(tokens)
    while index > 0:
        index -= 1
        token = tokens[index]
        lower = token.lower
        if len(taken) >= MAX_SPEAKER_WORDS:
            break
        if lower in DETERMINERS and lower not in ("that", "this", "these", "those"):
            if taken:
                taken.append(token)
            # "the" inside a name ("Command of the Army") does not end it.
            if not (lower == "the" and index > 0 and tokens[index - 1].lower in ("of", "for", "and")):
                break
            continue
        if token.text in ")]" and index >= 2 and tokens[index - 2].text in "([" and tokens[index - 1].is_capitalized:
            taken.extend([token, tokens[index - 1], tokens[index - 2]])
            index -= 2
            continue
        if not token.is_word:
            break
        is_name_word = token.is_capitalized and lower not in NOT_NAMES
        is_name_particle = (lower in NAME_PARTICLES and bool(taken) and taken[-1].is_capitalized and index > 0
                            and tokens[index - 1].is_capitalized)
        is_description_word = not token.is_capitalized and (_is_speaker_word(token) or lower in CONNECTORS)
        if not (is_name_word or is_name_particle or is_description_word):
            break
        taken.append(token)
    while taken and taken[-1].lower in CONNECTORS and taken[-1].lower != "the":
        taken.pop()
    while taken and (taken[0].lower in CONNECTORS | DETERMINERS or taken[0].text in "[("):
        taken.pop(0)
    while taken and taken[-1].lower in CONNECTORS and taken[-1].lower not in DETERMINERS:
        taken.pop()
    if not taken or not any(t.is_capitalized or _is_speaker_word(t) for t in taken):
        return None
    start = _named_actor_start(text, taken[-1].start, taken[0].end)
    return _describe(text, start, taken[0].end)


def _named_actor_start(text: str, start: int, end: int) -> int:
    """Where a named organization that ends a mention starts, when only capitalized words
    that are not speaker words precede it ("in rebel-held Aleppo Reuters reported")."""
    vocabulary = _vocabulary()
    for match in vocabulary.actor_pattern.finditer(text, start, end):
        if match.end() != end or match.start() == start:
            continue
        entry = vocabulary.actors_by_key.get(_actor_key(match.group(1)))
        if entry is None or not entry.canonical or entry.speaker_type == "person":
            continue
        before = _tokens(text, start, match.start())
        if all(t.is_capitalized and not _is_speaker_word(t) and t.lower not in DETERMINERS for t in before):
            return match.start()
    return start


def _scan_forward(text: str, start: int, end: int) -> _Mention | None:
    """The speaker mention that starts at ``start`` ("said Kremlin spokesman Dmitry Peskov at ...")."""
    tokens = _tokens(text, start, min(end, start + 300))
    taken: list[_Token] = []
    has_name = False
    bracket = 0
    for index, token in enumerate(tokens):
        lower = token.lower
        if len(taken) >= MAX_SPEAKER_WORDS:
            break
        if not taken and lower in PRONOUNS:
            taken.append(token)
            break
        if token.text in "[(" and taken:
            bracket += 1
            taken.append(token)
            continue
        if token.text in "])" and bracket:
            bracket -= 1
            taken.append(token)
            continue
        if bracket:
            taken.append(token)
            continue
        if not token.is_word:
            break
        if lower in DETERMINERS and lower not in ("that", "this", "these", "those"):
            taken.append(token)
            continue
        if token.is_capitalized and lower not in NOT_NAMES:
            has_name = has_name or not _is_speaker_word(token)
            taken.append(token)
            continue
        if lower in NAME_PARTICLES and taken and taken[-1].is_capitalized and index + 1 < len(tokens) \
                and tokens[index + 1].is_capitalized:
            taken.append(token)
            continue
        if lower in CONNECTORS:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if lower == "of" and has_name and all(t.is_capitalized and not _is_speaker_word(t) for t in taken):
                break  # "Gatilov of the groups": the name ends the mention
            if following is not None and (following.is_capitalized or following.lower in DETERMINERS
                                          or _is_speaker_word(following)):
                taken.append(token)
                continue
            break
        if _is_speaker_word(token):
            taken.append(token)
            continue
        break
    while taken and (taken[-1].lower in CONNECTORS | DETERMINERS or taken[-1].text in "[("):
        taken.pop()
    if not taken or not any(t.is_capitalized or _is_speaker_word(t) or t.lower in PRONOUNS for t in taken):
        return None
    return _describe(text, taken[0].start, taken[-1].end)


def _describe(text: str, start: int, end: int) -> _Mention:
    """What a speaker mention's words say: its name, type, affiliation and head."""
    vocabulary = _vocabulary()
    mention_text = text[start:end]
    lower = mention_text.lower()
    if lower in PRONOUNS:
        return _Mention(start, end, mention_text, "", mention_text, PRONOUNS[lower], "", "", lower,
                        False, False, False, "", False)
    tokens = _tokens(text, start, end)
    possessor = tokens[0].lower if tokens and tokens[0].lower in POSSESSIVE_PRONOUNS else ""
    # Actors named in the mention, longest first.
    covered: set[int] = set()
    actors: list[tuple[int, int, ActorEntry]] = []
    for match in vocabulary.actor_pattern.finditer(text, start, end):
        key = _actor_key(re.sub(r"['’]?s$", "", match.group(1)) if match.group(1).lower() not in
                         vocabulary.actors_by_key else match.group(1))
        entry = vocabulary.actors_by_key.get(key) or vocabulary.actors_by_key.get(_actor_key(match.group(1)))
        if entry is None:
            continue
        actors.append((match.start(), match.end(), entry))
        covered.update(range(match.start(), match.end()))
    # Where a prepositional qualifier starts ("an official in the Ministry").
    qualifier_at = end
    for index, token in enumerate(tokens):
        if index > 0 and token.lower in ("of", "for", "in", "at", "from", "on") and not token.is_capitalized:
            qualifier_at = token.start
            break
    # A person's name: capitalized words that are neither speaker words nor
    # part of an actor, after the last organization word of their run.
    name_runs: list[list[_Token]] = []
    organization_named = False
    run: list[_Token] = []
    for index, token in enumerate(tokens):
        in_actor = token.start in covered
        # A capitalized word right after "in", "at" or "from" is a place ("a diplomat in Geneva").
        after_place_preposition = index > 0 and tokens[index - 1].lower in ("in", "at", "from") and not run
        word_entry = vocabulary.words.get(token.lower)
        if token.is_capitalized and not in_actor and word_entry is None and token.lower not in NOT_NAMES \
                and token.lower not in DETERMINERS and not token.text.startswith(("[", "(")) \
                and not _HYPHENATED_MODIFIER.search(token.text) and not after_place_preposition:
            run.append(token)
            continue
        if run and token.lower in NAME_PARTICLES and index + 1 < len(tokens) and tokens[index + 1].is_capitalized:
            run.append(token)
            continue
        if run:
            name_runs.append(run)
        run = []
        # A capitalized run right before an organization word is the
        # organization's name ("Main Operational Directorate").
        if word_entry is not None and word_entry.speaker_type in ("organization", "media", "document") \
                and name_runs and name_runs[-1][-1].end + 1 >= token.start:
            name_runs.pop()
            organization_named = True
    if run:
        name_runs.append(run)
    person_actor = next((entry for _, _, entry in actors if entry.speaker_type == "person" and entry.canonical), None)
    name = ""
    if name_runs:
        best = max(name_runs, key=lambda r: (len(r), r[0].start))
        name = text[best[0].start:best[-1].end]
    elif person_actor is not None:
        name = person_actor.canonical
    # The head: the last speaker word or actor before any qualifier.
    head_entry: ActorEntry | None = None
    head = ""
    for token in tokens:
        if token.start >= qualifier_at:
            break
        entry = vocabulary.words.get(token.lower)
        if entry is not None and entry.role == "title":
            head_entry, head = entry, token.lower
    head_actor = None
    for actor_start, actor_end, entry in actors:
        if actor_start < qualifier_at and (head_entry is None or actor_end > _last_title_end(tokens, head,
                                                                                              qualifier_at)):
            head_actor = entry
    if head_actor is not None and (head_entry is None or head_actor.speaker_type != "organization"
                                   or head_entry.speaker_type == "organization"):
        head = _actor_key(head_actor.pattern)
    affiliation = ""
    if actors:
        affiliation_actor = max(actors, key=lambda item: (item[1] - item[0], item[0]))[2]
        affiliation = affiliation_actor.affiliation
    first = tokens[0].lower if tokens else ""
    named_actor = any(entry.canonical and entry.speaker_type != "person" and actor_start < qualifier_at
                      for actor_start, _, entry in actors)
    proper = bool(name) or organization_named or named_actor
    definite = not proper and first in ("the", "this", "that")
    indefinite = not proper and first not in ("the", "this", "that")
    anonymous_words = {"source", "sources", "officials", "diplomats", "witnesses", "residents"}
    anonymous = not name and (head in anonymous_words or any(t.lower in ("source", "sources") for t in tokens))
    # Speaker type.
    if name:
        speaker_type = "person"
    elif head_actor is not None and head == _actor_key(head_actor.pattern):
        speaker_type = head_actor.speaker_type or "organization"
    elif head_entry is not None:
        speaker_type = head_entry.speaker_type or "organization"
    elif actors:
        speaker_type = actors[-1][2].speaker_type or "organization"
    else:
        speaker_type = "organization"
    if person_actor is not None and name and name in person_actor.canonical:
        name = person_actor.canonical
    # Canonical: a name; an organization's actor name; the description.
    if name:
        canonical = name
    elif head_actor is not None and head_actor.canonical and speaker_type != "person" \
            and not re.search(r"\band\b", mention_text):
        canonical = head_actor.canonical
    elif named_actor and speaker_type == "media" and not re.search(r"\band\b", mention_text):
        canonical = [entry for actor_start, _, entry in actors
                     if entry.canonical and entry.speaker_type != "person" and actor_start < qualifier_at][-1].canonical
    elif first in ("a", "an"):
        canonical = mention_text
    else:
        canonical = re.sub(r"^(?:the|The)\s+", "", mention_text)
    return _Mention(start, end, mention_text, name, canonical, speaker_type, affiliation, head, "",
                    definite, indefinite, anonymous, possessor, proper)


_HYPHENATED_MODIFIER = re.compile(r"-(?:based|backed|led|run|affiliated|linked|allied|owned|funded|sponsored|"
                                  r"supported|held|controlled|born|speaking)$", re.IGNORECASE)


def _last_title_end(tokens: list[_Token], head: str, limit: int) -> int:
    end = -1
    for token in tokens:
        if token.start < limit and token.lower == head:
            end = token.end
    return end


# ---------------------------------------------------------------------------
# Candidate attributions, before speakers are resolved.


@dataclass(frozen=True)
class _Candidate:
    mention: _Mention | None  # None: continues the previous speaker
    verb: str
    verb_lemma: str
    verb_class: str
    anchor: int  # where the attribution is made (the verb), for document order
    content_start: int
    content_end: int
    headline: bool = False


def _candidate(text: str, mention: _Mention | None, verb_text: str, verb_lemma: str, verb_class: str,
               anchor: int, start: int, end: int, *, headline: bool = False,
               quotation: bool = False) -> _Candidate | None:
    # A direct quotation's content is everything inside the marks; a paraphrase
    # drops the punctuation that joined it to the attribution.
    start, end = _strip_span(text, start, end, trailing=" \t" if quotation else " \t,;:.-—–")
    if end - start < 2 or not any(c.isalnum() for c in text[start:end]):
        return None
    return _Candidate(mention, verb_text, verb_lemma, verb_class, anchor, start, end, headline)


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


def _verbs_before(text: str, sentence: _Sentence, position: int) -> tuple[re.Match[str], ...]:
    verbs, ends = _sentence_verbs(text, sentence.start, sentence.end)
    return verbs[:bisect.bisect_right(ends, position)]


def _tokens_before(text: str, sentence: _Sentence, position: int) -> list[_Token]:
    """The tokens of ``sentence`` before ``position``, at most LOOKBACK_CHARACTERS back."""
    return _tokens(text, max(sentence.start, position - LOOKBACK_CHARACTERS), position)


class _SpanIndex:
    """Spans ``[start, end)`` that answer "does a span hold this offset?" in log time.

    Spans may overlap and come in any order: each lookup takes the largest end
    among the spans that start at or before an offset.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def reach_at(self, position: int) -> int:
        """The largest end of the spans starting at or before ``position``; -1 if none."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.reach[index] if index >= 0 else -1

    def covers(self, position: int) -> bool:
        """Whether ``start <= position < end`` for some span."""
        return self.reach_at(position) > position


def _inside(position: int, spans: _SpanIndex) -> bool:
    return spans.covers(position)


def _looks_like_noun(text: str, sentence: _Sentence, verb: re.Match[str]) -> bool:
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


def _is_negated(tokens: list[_Token]) -> bool:
    window = [t.lower for t in tokens[-3:]]
    return any(word in NEGATIONS or word.endswith("n't") for word in window)


def _skip_between(tokens: list[_Token]) -> list[_Token]:
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


def _skip_apposition(text: str, tokens: list[_Token]) -> list[_Token]:
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


def _sentence_subject(text: str, sentence: _Sentence) -> _Mention | None:
    """The mention that opens a sentence, after a leading adverbial ("Earlier, ...")."""
    start = sentence.start
    opening = re.match(r"(?:(?:On|In|Earlier|Later|Meanwhile|Yesterday|However|Also|Separately)\b[^,]{0,40},\s*)",
                       text[start:sentence.end])
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


def _clause_end(text: str, start: int, end: int, boundaries: list[int]) -> int:
    """Where reported content that starts at ``start`` ends: the sentence end, the next
    attribution's boundary (``boundaries`` are sorted), or a contrasting "but"."""
    later = bisect.bisect_right(boundaries, start)
    stop = min(boundaries[later], end) if later < len(boundaries) else end
    contrast = re.search(r",?\s+but\s+(?!also\b)|;\s", text[start:stop])
    if contrast:
        stop = start + contrast.start()
    return stop


# ---------------------------------------------------------------------------
# The passes.


def _direct_quotations(text: str, sentences: list[_Sentence], quotations: list[Quotation],
                       used_verbs: set[int]) -> list[_Candidate]:
    """Pass 2: a quotation that opens or closes its sentence, with a reporting verb beside it."""
    found = []
    # The candidates found so far in each sentence: a participle's subject is looked for among them.
    found_in_sentence: dict[int, list[_Candidate]] = {}
    starts = [sentence.start for sentence in sentences]
    for quotation in quotations:
        if quotation.depth != 0:
            continue
        sentence = _sentence_at(sentences, starts, quotation.start)
        if sentence is None:
            continue
        open_at = quotation.start - len(quotation.open_mark)
        close_at = quotation.end + len(quotation.close_mark)
        candidate = None
        if _opens_sentence(text, sentence, open_at):
            candidate = _verb_after_quotation(text, sentence, quotation, close_at, used_verbs)
        if candidate is None and _QUOTATION_TAIL.fullmatch(text, close_at, max(close_at, sentence.end)):
            candidate = _verb_before_quotation(text, sentence, quotation, open_at, used_verbs,
                                               found_in_sentence.setdefault(sentence.start, []))
        if candidate is not None:
            found.append(candidate)
            found_in_sentence.setdefault(sentence.start, []).append(candidate)
    return found


# What may stand between a quotation and the end of its sentence for the verb to come before it.
_QUOTATION_TAIL = re.compile(r"[ .,;!?\"”’']*")
_SPACES = re.compile(r"\s*")
# Longer than any dateline (_DATELINE reads at most about 90 characters besides spaces).
_DATELINE_MAX_CHARACTERS = 300


def _opens_sentence(text: str, sentence: _Sentence, open_at: int) -> bool:
    """Whether a quotation opening at ``open_at`` opens its sentence, after a dateline at most."""
    if _SPACES.fullmatch(text, sentence.start, max(sentence.start, open_at)):
        return True
    return open_at - sentence.start <= _DATELINE_MAX_CHARACTERS and bool(
        _DATELINE.fullmatch(text[sentence.start:open_at]))


def _sentence_at(sentences: list[_Sentence], starts: list[int], position: int) -> _Sentence | None:
    """The first sentence holding ``position`` or ending at it; ``starts`` are the sentences' starts."""
    last = bisect.bisect_right(starts, position) - 1
    # Sentences are sorted and disjoint: only the last one starting at or before
    # ``position``, or one ending exactly there, can hold it.
    first = last
    while first > 0 and sentences[first - 1].end >= position:
        first -= 1
    for sentence in sentences[max(first, 0):last + 1]:
        if sentence.start <= position < sentence.end or sentence.start <= position == sentence.end:
            return sentence
    return None


def _verb_after_quotation(text: str, sentence: _Sentence, quotation: Quotation, close_at: int,
                          used_verbs: set[int]) -> _Candidate | None:
    """"“…,” X said" and "“…,” said X"."""
    limit = min(max(sentence.end, close_at), close_at + 250)
    gap = re.match(r"[\s,]*", text[close_at:limit])
    after = close_at + (gap.end() if gap else 0)
    for verb in _verb_matches(text, after, limit):
        entry = _verb_entry(verb.group())
        if not entry.reports:
            return None
        if verb.start() == after:
            # "“…,” said X"
            mention = _scan_forward(text, verb.end(), limit)
            if mention is None:
                return None
            mention = _through_document(text, mention, limit)
        else:
            tokens = _skip_between(_tokens(text, after, verb.start()))
            mention = _scan_backward(text, tokens)
            if mention is None or mention.start != after:
                # An apposition without commas: "“…” Ahmet Uzumcu the head of the OPCW said".
                mention = _scan_forward(text, after, verb.start())
                if mention is None or _skip_between(_tokens(text, mention.end, verb.start())):
                    return None
        used_verbs.add(verb.start())
        return _candidate(text, mention, verb.group(), entry.lemma, entry.verb_class, verb.start(),
                          quotation.start, quotation.end, quotation=True)
    return None


def _through_document(text: str, mention: _Mention, limit: int) -> _Mention:
    """"a statement issued by his spokesman": the speaker is the one behind the document."""
    if mention.speaker_type != "document":
        return mention
    by = re.match(r"\s+(?:issued\s+|released\s+|signed\s+|published\s+)?(?:by|from)\s+", text[mention.end:limit])
    if not by:
        return mention
    inner = _scan_forward(text, mention.end + by.end(), limit)
    return inner if inner is not None else mention


def _verb_before_quotation(text: str, sentence: _Sentence, quotation: Quotation, open_at: int,
                           used_verbs: set[int], found: list[_Candidate]) -> _Candidate | None:
    """"X said: “…”", "X said that “…”", "…, saying “…”"."""
    verbs = _verbs_before(text, sentence, open_at)
    last_verb = verbs[-1] if verbs else None
    if last_verb is None or _inside_quote_prefix(text, last_verb, open_at):
        return None
    entry = _verb_entry(last_verb.group())
    if not entry.reports:
        return None
    position = _skip_adjuncts(text, last_verb.end(), open_at)
    if last_verb.group().lower().startswith(("told", "tell")):
        position = _skip_addressee(text, position, open_at)
        position = _skip_adjuncts(text, position, open_at)
    if not _INTRODUCES_QUOTATION.fullmatch(text, position, max(position, open_at)) \
            or text.find("\n", last_verb.end(), open_at) >= 0:
        return None
    mention = _speaker_of_verb(text, sentence, last_verb, found)
    if mention is None:
        return None
    used_verbs.add(last_verb.start())
    return _candidate(text, mention, last_verb.group(), entry.lemma, entry.verb_class, last_verb.start(),
                      quotation.start, quotation.end, quotation=True)


_INTRODUCES_QUOTATION = re.compile(r"\s*(?:that\s*)?[:,]?\s*")
_DOUBLE_MARK = re.compile("[“”\"]")


def _inside_quote_prefix(text: str, verb: re.Match[str], open_at: int) -> bool:
    return _DOUBLE_MARK.search(text, verb.end(), max(verb.end(), open_at)) is not None


def _speaker_of_verb(text: str, sentence: _Sentence, verb: re.Match[str],
                     earlier: list[_Candidate]) -> _Mention | None:
    """The subject of a reporting verb: the mention before it, or for a participle
    or a coordinated verb the subject of its sentence."""
    tokens = _tokens_before(text, sentence, verb.start())
    form = verb.group().lower()
    previous = tokens[-1].lower if tokens else ""
    if form.split()[0].endswith("ing") or previous in ("and", "but", ",") or not tokens:
        return _earlier_subject(text, sentence, verb.start(), earlier)
    tokens = _skip_apposition(text, _skip_between(tokens))
    return _scan_backward(text, tokens)


def _earlier_subject(text: str, sentence: _Sentence, position: int, earlier: list[_Candidate]) -> _Mention | None:
    """The subject that a participle or a coordinated verb shares: that of the last
    finite reporting verb before it in the sentence (negated ones too: "did not
    say ..., but said"), else the sentence's opening mention."""
    last_finite: tuple[int, _Mention] | None = None
    for verb in reversed(_verbs_before(text, sentence, position)):
        tokens = _tokens_before(text, sentence, verb.start())
        previous = tokens[-1].lower if tokens else ""
        if verb.group().split()[0].lower().endswith("ing") or previous in ("and", "but", ","):
            continue
        mention = _scan_backward(text, _skip_apposition(text, _skip_between(_skip_negation(_skip_between(tokens)))))
        if mention is not None:
            last_finite = (verb.start(), mention)
            break
    in_sentence = [c for c in earlier if sentence.start <= c.anchor < position and c.mention is not None]
    latest = max(in_sentence, key=lambda c: c.anchor) if in_sentence else None
    if last_finite is not None and (latest is None or last_finite[0] >= latest.anchor):
        return last_finite[1]
    if latest is not None:
        return latest.mention
    return _sentence_subject(text, sentence)


def _skip_negation(tokens: list[_Token]) -> list[_Token]:
    index = len(tokens)
    while index > 0 and (tokens[index - 1].lower in NEGATIONS | {"did", "does", "do", "would", "could", "to"}
                         or tokens[index - 1].lower.endswith("n't")):
        index -= 1
    return tokens[:index]


_ACCORDING_TO = re.compile(r"(?<![\w\-])(?:according\s+to|citing)(?![\w\-])", re.IGNORECASE)


def _according_to(text: str, sentences: list[_Sentence], quote_spans: _SpanIndex) -> list[_Candidate]:
    """Pass 3: "according to X" and "citing X"."""
    found = []
    for sentence in sentences:
        for match in _first_expressions(_ACCORDING_TO.finditer(text, sentence.start, sentence.end)):
            if _inside(match.start(), quote_spans):
                continue
            mention = _scan_forward(text, match.end(), sentence.end)
            if mention is None or not (mention.name or mention.head or mention.affiliation):
                continue
            verb = re.sub(r"\s+", " ", match.group())
            lemma = "according to" if verb.lower().startswith("according") else "cite"
            if _COMMAS_AND_SPACES.fullmatch(text, sentence.start, max(sentence.start, match.start())) or (
                    match.start() - sentence.start <= _DATELINE_MAX_CHARACTERS
                    and _DATELINE.fullmatch(text[sentence.start:match.start()])):
                candidate = _candidate(text, mention, verb, lemma, "neutral", match.start(), mention.end,
                                       sentence.end)
            else:
                candidate = _candidate(text, mention, verb, lemma, "neutral", match.start(),
                                       _content_start(text, sentence), match.start())
            if candidate is not None:
                found.append(candidate)
    return found


_COMMAS_AND_SPACES = re.compile("[ ,]*")


def _first_expressions(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    """The first MAX_REPORTING_EXPRESSIONS_PER_SENTENCE of a sentence's reporting expressions."""
    return itertools.islice(matches, MAX_REPORTING_EXPRESSIONS_PER_SENTENCE)


def _content_start(text: str, sentence: _Sentence) -> int:
    dateline = _DATELINE.match(text, sentence.start, sentence.end)
    if dateline and dateline.end() - sentence.start < 50 and re.search(r"[—–]|--|\(", dateline.group()):
        return dateline.end()
    return sentence.start


_QUOTED_AS_SAYING = re.compile(
    r"(?<![\w\-])(?P<verb>quoted|cited|reported|quoting|citing)\s+(?P<speaker>[^.;:!?\"“”]{2,160}?)\s+as\s+"
    r"(?P<saying>saying|telling)(?![\w\-])")
_PASSIVE_QUOTED = re.compile(r"(?<![\w\-])(?:was|were|is|are|been)\s+(?P<verb>quoted|cited)\s+as\s+"
                             r"(?P<saying>saying)(?![\w\-])")


def _quoted_as_saying(text: str, sentences: list[_Sentence], quote_spans: _SpanIndex,
                      used_verbs: set[int]) -> list[_Candidate]:
    """Pass 4: "X quoted Y as saying" (Y speaks) and "Y was quoted as saying"."""
    found = []
    for sentence in sentences:
        for match in _first_expressions(_QUOTED_AS_SAYING.finditer(text, sentence.start, sentence.end)):
            if _inside(match.start(), quote_spans):
                continue
            mention = _describe(text, *_strip_span(text, match.start("speaker"), match.end("speaker")))
            verb_text = f"{match.group('verb')} ... as {match.group('saying')}"
            candidate = _reported_around(text, sentence, mention, verb_text, match.start(), match.end(),
                                         _quoting_medium_start(text, sentence, match.start()))
            if candidate is not None:
                used_verbs.update({match.start("verb"), match.start("saying")})
                found.append(candidate)
        for match in _first_expressions(_PASSIVE_QUOTED.finditer(text, sentence.start, sentence.end)):
            if _inside(match.start(), quote_spans):
                continue
            mention = _scan_backward(text, _tokens_before(text, sentence, match.start()))
            if mention is None:
                continue
            verb_text = f"{match.group('verb')} as {match.group('saying')}"
            end = match.end()
            by_medium = re.match(r"\s+by\s+[A-Z][\w\-]*(?:\s+(?:news\s+agency|[A-Z][\w\-]*))*", text[end:sentence.end])
            if by_medium:
                end += by_medium.end()
            candidate = _reported_around(text, sentence, mention, verb_text, match.start(), end, mention.start)
            if candidate is not None:
                used_verbs.update({match.start("verb"), match.start("saying")})
                found.append(candidate)
    return found


def _quoting_medium_start(text: str, sentence: _Sentence, verb_start: int) -> int:
    """The medium that does the quoting ("The Interfax news agency quoted ...") ends the content before it."""
    medium = _scan_backward(text, _skip_between(_tokens_before(text, sentence, verb_start)))
    return medium.start if medium is not None else verb_start


def _reported_around(text: str, sentence: _Sentence, mention: _Mention, verb_text: str, anchor: int,
                     after: int, before_end: int) -> _Candidate | None:
    side, position = _content_side(text, after, sentence.end)
    lemma = re.sub(r"(ed|ing)$", "", verb_text.split()[0].lower())
    lemma = {"quot": "quote", "cit": "cite", "report": "report"}.get(lemma, lemma)
    if side == "after":
        return _candidate(text, mention, verb_text, lemma, "neutral", anchor, position,
                          _clause_end(text, position, sentence.end, []))
    return _candidate(text, mention, verb_text, lemma, "neutral", anchor, _content_start(text, sentence), before_end)


@dataclass(frozen=True)
class _VerbSite:
    """A reporting verb in a sentence and what kind of clause it starts."""

    match: re.Match[str]
    entry: ReportingVerb
    boundary: int  # where the content of an earlier verb must stop


def _indirect_speech(text: str, sentences: list[_Sentence], quote_spans: _SpanIndex,
                     used_verbs: set[int], earlier: list[_Candidate]) -> list[_Candidate]:
    """Pass 5: every reporting verb not used yet, with its speaker and its content."""
    found: list[_Candidate] = []
    # The earlier candidates made in each sentence, in their order: a participle's
    # subject and a passive's content are looked for among them.
    starts = [sentence.start for sentence in sentences]
    in_sentence: dict[int, list[_Candidate]] = {}
    for candidate in earlier:
        index = bisect.bisect_right(starts, candidate.anchor) - 1
        if index >= 0 and candidate.anchor < sentences[index].end:
            in_sentence.setdefault(index, []).append(candidate)
    for index, sentence in enumerate(sentences):
        sites = _verb_sites(text, sentence, quote_spans)
        boundaries = [site.boundary for site in sites]
        boundaries += [m.start() for m in _ACCORDING_TO.finditer(text, sentence.start, sentence.end)
                       if m.start() > sentence.start + 2]
        boundaries.sort()
        local = in_sentence.get(index, [])
        for site in sites:
            verb = site.match
            if verb.start() in used_verbs or not site.entry.reports:
                continue
            candidate = _indirect_at(text, sentence, site, boundaries, local)
            if candidate is not None:
                used_verbs.add(verb.start())
                found.append(candidate)
                local.append(candidate)
    return found


def _verb_sites(text: str, sentence: _Sentence, quote_spans: _SpanIndex) -> list[_VerbSite]:
    sites: list[_VerbSite] = []
    for verb in _verb_matches(text, sentence.start, sentence.end):
        if len(sites) == MAX_REPORTING_EXPRESSIONS_PER_SENTENCE:
            break
        if _inside(verb.start(), quote_spans) or _looks_like_noun(text, sentence, verb):
            continue
        entry = _verb_entry(verb.group())
        tokens = _tokens(text, max(sentence.start, verb.start() - 200), verb.start())
        previous = tokens[-1] if tokens else None
        if previous is not None and previous.lower in ("and", "but") or verb.group().split()[0].endswith("ing"):
            boundary = verb.start()
            while tokens and (tokens[-1].lower in ("and", "but") or tokens[-1].text == ","):
                boundary = tokens.pop().start
        else:
            mention = _scan_backward(text, _skip_apposition(text, _skip_between(tokens)))
            boundary = mention.start if mention is not None else verb.start()
        sites.append(_VerbSite(verb, entry, boundary))
    return sites


def _indirect_at(text: str, sentence: _Sentence, site: _VerbSite, boundaries: list[int],
                 earlier: list[_Candidate]) -> _Candidate | None:
    verb = site.match
    entry = site.entry
    form = verb.group().lower()
    tokens = _tokens_before(text, sentence, verb.start())
    if _is_negated(_skip_between(tokens)) or (tokens and tokens[-1].lower in ("to", "would", "could", "will")):
        return None
    previous = tokens[-1].lower if tokens else ""
    participle = form.split()[0].endswith("ing")
    after_verb = verb.end()
    if participle:
        following = text[after_verb:after_verb + 12]
        if previous not in (",", "and") and not re.match(r"\s*(?:that\b|out\b|:|[\"“])", following) \
                and not entry.takes_object:
            return None
        if previous in ("is", "was", "are", "were", "be", "been"):
            return None
    # A passive: "... was announced by X", "... and confirmed by Y".
    by = re.match(r"\s+by\s+", text[after_verb:sentence.end])
    auxiliaries = [t.lower for t in tokens[-3:]]
    if by and (any(word in PASSIVE_AUXILIARIES for word in auxiliaries) or previous == "and") and not participle:
        mention = _scan_forward(text, after_verb + by.end(), sentence.end)
        if mention is None:
            return None
        subject_end = next((t.start for t in tokens if t.lower in PASSIVE_AUXILIARIES), None)
        if subject_end is None:
            passives = [c for c in earlier if sentence.start <= c.anchor < verb.start()]
            if not passives:
                return None
            start, end = passives[-1].content_start, passives[-1].content_end
        else:
            start, end = _content_start(text, sentence), subject_end
        return _candidate(text, mention, verb.group(), entry.lemma, entry.verb_class, verb.start(), start, end)
    if participle or previous in ("and", "but") or (previous == "," and not _verb_inverted(text, verb, sentence)):
        mention = _earlier_subject(text, sentence, verb.start(), earlier)
        inverted = False
    else:
        mention = _scan_backward(text, _skip_apposition(text, _skip_between(tokens)))
        inverted = False
        if mention is None and (previous == "," or not tokens):
            mention = _scan_forward(text, verb.end(), sentence.end)
            inverted = mention is not None
            if inverted:
                after_verb = mention.end
    if mention is None:
        return None
    position = after_verb
    if form.startswith(("told", "tell")):
        position = _skip_addressee(text, _skip_adjuncts(text, position, sentence.end), sentence.end)
    side, content_from = _content_side(text, position, sentence.end)
    if inverted:
        side = "before"
    if side == "after" and not entry.takes_object and not participle and entry.verb_class == "adversarial" \
            and not text[position:content_from].strip().startswith("that") \
            and text[content_from:content_from + 1] not in "\"“":
        return None  # "X rejected a request" is an action, not a statement
    if side == "after":
        end = _clause_end(text, content_from, sentence.end, boundaries)
        return _candidate(text, mention, verb.group(), entry.lemma, entry.verb_class, verb.start(),
                          content_from, end)
    if participle or previous in ("and", "but"):
        return None
    content_end = mention.start if not inverted else verb.start()
    content_start = _content_start(text, sentence)
    return _candidate(text, mention, verb.group(), entry.lemma, entry.verb_class, verb.start(),
                      content_start, content_end)


def _verb_inverted(text: str, verb: re.Match[str], sentence: _Sentence) -> bool:
    """"…, said the official." : a comma, the verb, then a speaker and the sentence end."""
    mention = _scan_forward(text, verb.end(), sentence.end)
    if mention is None or mention.pronoun:
        return False
    rest = text[mention.end:sentence.end]
    return _skip_adjuncts(text, mention.end, sentence.end) == sentence.end or not rest.strip(" .") \
        or rest.lstrip().startswith((",", "."))


_HEADLINE_SPEAKER_LAST = re.compile(r"^(?P<content>.{8,}?)\s*:\s*(?P<speaker>[^:]{2,60})$")
_HEADLINE_SPEAKER_FIRST = re.compile(r"(?P<colon>:)\s+(?P<content>[A-Z][^:]{8,})$")


def _headlines(text: str, sentences: list[_Sentence]) -> list[_Candidate]:
    """Pass 6: "Claim: Source" and "Source title: Claim" headlines."""
    found = []
    for sentence in sentences[:3]:
        line = text[sentence.start:sentence.end]
        words = line.split()
        if len(words) > 40:
            continue
        last = _HEADLINE_SPEAKER_LAST.match(line)
        if last and len(last.group("speaker").split()) <= 5 and not line.rstrip().endswith("."):
            speaker_start = sentence.start + last.start("speaker")
            mention = _scan_forward(text, speaker_start, sentence.start + last.end("speaker"))
            if mention is not None and mention.end == sentence.start + len(line.rstrip(" .")):
                candidate = _candidate(text, mention, "", "", "", speaker_start, sentence.start + last.start("content"),
                                       sentence.start + last.end("content"), headline=True)
                if candidate is not None:
                    found.append(candidate)
                continue
        first = _HEADLINE_SPEAKER_FIRST.search(line)
        if first:
            colon = sentence.start + first.start("colon")
            mention = _scan_backward(text, _tokens_before(text, sentence, colon))
            if mention is not None and mention.head and _vocabulary().words.get(mention.head) is not None \
                    and mention.speaker_type == "person":
                candidate = _candidate(text, mention, "", "", "", colon, colon + 1,
                                       sentence.start + first.end("content"), headline=True)
                if candidate is not None:
                    found.append(candidate)
    return found


def _continuation_quotations(text: str, quotations: list[Quotation], sentences: list[_Sentence],
                             taken: list[_Candidate]) -> list[_Candidate]:
    """Pass 7: a paragraph that is a quotation with no verb continues the previous speaker."""
    found = []
    spans = _SpanIndex((c.content_start, c.content_end) for c in taken)
    ends = sorted(c.content_end for c in taken)
    line_breaks = [match.start() for match in re.finditer("\n", text)]
    for quotation in quotations:
        if quotation.depth != 0 or spans.covers(quotation.start):
            continue
        content = text[quotation.start:quotation.end]
        if len(content.split()) < CONTINUATION_MIN_WORDS or not re.match(r"[\s.…]*[A-Z0-9]", content):
            continue
        previous_break = bisect.bisect_left(line_breaks, quotation.start) - 1
        line_start = line_breaks[previous_break] + 1 if previous_break >= 0 else 0
        next_break = bisect.bisect_left(line_breaks, quotation.end)
        line_end = line_breaks[next_break] if next_break < len(line_breaks) else len(text)
        open_at = quotation.start - len(quotation.open_mark)
        close_at = quotation.end + len(quotation.close_mark)
        if not _SPACES.fullmatch(text, line_start, max(line_start, open_at)) \
                or not _QUOTATION_TAIL.fullmatch(text, close_at, max(close_at, line_end)):
            continue
        # The attribution ending last before the quotation.
        previous = bisect.bisect_right(ends, quotation.start) - 1
        if previous < 0 or quotation.start - ends[previous] > CONTINUATION_REACH_CHARACTERS:
            continue
        candidate = _candidate(text, None, "", "", "", quotation.start, quotation.start, quotation.end,
                               quotation=True)
        if candidate is not None:
            found.append(candidate)
    return found


# ---------------------------------------------------------------------------
# Resolution of speakers, in document order.


@dataclass
class _Entity:
    """A source the article has named or described, as resolution goes."""

    canonical: str
    speaker_type: str
    affiliation: str
    name: str
    position: int
    heads: set[str]
    anonymous: bool
    proper: bool
    bound_to: _Entity | None = None  # a description later bound to a named source

    def final(self) -> _Entity:
        entity = self
        while entity.bound_to is not None:
            entity = entity.bound_to
        return entity


def _background_entities(text: str, start: int, end: int) -> list[_Entity]:
    """Named organizations mentioned in ``text[start:end]``, as antecedents of "it" and "the group"."""
    vocabulary = _vocabulary()
    entities = []
    for match in vocabulary.actor_pattern.finditer(text, start, end):
        entry = vocabulary.actors_by_key.get(_actor_key(match.group(1))) or vocabulary.actors_by_key.get(
            _actor_key(re.sub(r"['’]?s$", "", match.group(1))))
        if entry is None or not entry.canonical or entry.speaker_type != "organization":
            continue
        entities.append(_Entity(entry.canonical, entry.speaker_type, entry.affiliation, entry.canonical,
                                match.start(), {_actor_key(entry.pattern)}, False, True))
    return entities


# "It" and "the group" refer to an organization named at most this far back.
BACKGROUND_REACH_CHARACTERS = 1200


class _LazyBackground:
    """Organizations named before a position, looked up only when a pronoun or a
    description needs them (the actor pattern is the costliest one to run)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def before(self, position: int) -> list[_Entity]:
        return _background_entities(self._text, max(0, position - BACKGROUND_REACH_CHARACTERS), position)


def _resolve(candidates: list[_Candidate], text: str) -> list[tuple[_Candidate, _Entity]]:
    """Give every candidate its source entity, in document order (headlines first)."""
    background = _LazyBackground(text)
    speakers: list[_Entity] = []
    # Descriptions waiting for the name that follows them: entity, where, from a headline.
    pending: list[tuple[_Entity, int, bool]] = []
    resolved: list[tuple[_Candidate, _Entity]] = []
    previous: _Entity | None = None
    for candidate in sorted(candidates, key=lambda c: (not c.headline, c.anchor)):
        mention = candidate.mention
        if mention is None:
            if previous is not None:
                resolved.append((candidate, previous))
            continue
        entity, is_new = _entity_for(mention, speakers, background)
        if entity.proper:
            for waiting in list(pending):
                description, where, headline = waiting
                if _compatible_forward(description, entity) and (
                        headline or 0 <= mention.start - where <= FORWARD_REACH_CHARACTERS):
                    description.bound_to = entity
                    if not entity.affiliation:
                        entity.affiliation = description.affiliation
                    pending.remove(waiting)
        elif is_new and not mention.definite and not mention.anonymous and not mention.pronoun and (
                mention.speaker_type == "person" or mention.text.lower().startswith(("a ", "an "))
                or candidate.headline):
            pending.append((entity, mention.end, candidate.headline))
        if is_new:
            speakers.append(entity)
        resolved.append((candidate, entity))
        previous = entity
    return resolved


def _compatible_forward(description: _Entity, named: _Entity) -> bool:
    if description.final() is not description or description is named:
        return False
    person_like = description.speaker_type in ("person", "anonymous")
    if person_like != (named.speaker_type == "person"):
        return False
    return not description.affiliation or not named.affiliation or description.affiliation == named.affiliation


def _entity_for(mention: _Mention, speakers: list[_Entity], background: _LazyBackground) -> tuple[_Entity, bool]:
    """The entity a mention refers to, and whether it is new."""
    if mention.pronoun:
        wanted = ("person",) if mention.pronoun in ("he", "she") else ("organization", "media", "document")
        for entity in reversed(speakers):
            final = entity.final()
            if final.speaker_type in wanted or (mention.pronoun == "they" and final.speaker_type == "anonymous"):
                return final, False
        if mention.pronoun in ("it", "they"):
            before = background.before(mention.start)
            if before:
                return before[-1], False
        return _new_entity(mention), True
    if mention.possessor:
        for entity in reversed(speakers):
            if entity.final().speaker_type == "person":
                return entity.final(), False
    if mention.name:
        surname = mention.name.split()[-1].lower()
        for entity in reversed(speakers):
            final = entity.final()
            if final.name and (final.name.split()[-1].lower() == surname or final.name.lower() == mention.name.lower()):
                if len(mention.name) > len(final.name):
                    final.name = final.canonical = mention.name
                if mention.affiliation and not final.affiliation:
                    final.affiliation = mention.affiliation
                return final, False
        return _new_entity(mention), True
    if mention.definite or mention.speaker_type == "document":
        antecedent = _antecedent(mention, speakers, background)
        if antecedent is not None:
            return antecedent, False
    for entity in reversed(speakers):
        if entity.canonical.lower() == mention.canonical.lower():
            return entity.final(), False
    return _new_entity(mention), True


def _antecedent(mention: _Mention, speakers: list[_Entity], background: _LazyBackground) -> _Entity | None:
    """The earlier source a definite description or a document refers to."""
    if mention.speaker_type == "document":
        for entity in reversed(speakers):
            if entity.final().speaker_type != "document":
                return entity.final()
        return None
    # The same head ("the official" after "a senior official"), then the same affiliation.
    for entity in reversed(speakers):
        if mention.head and mention.head in entity.heads and (
                not mention.affiliation or not entity.affiliation or mention.affiliation == entity.affiliation):
            return entity.final()
    if mention.speaker_type == "person":
        for entity in reversed(speakers):
            final = entity.final()
            if final.speaker_type == "person" and final.name and (
                    not mention.affiliation or not final.affiliation or final.affiliation == mention.affiliation):
                return final
        return None
    candidates = [e for e in speakers if e.final().speaker_type in ("organization", "media")]
    candidates += background.before(mention.start)
    candidates.sort(key=lambda e: e.position)
    for entity in reversed(candidates):
        final = entity.final()
        if mention.affiliation and final.affiliation == mention.affiliation:
            return final
        if not mention.affiliation and mention.head in GENERIC_GROUP_HEADS:
            return final
    return None


# Heads of descriptions that can refer to any organization ("the group said").
GENERIC_GROUP_HEADS = frozenset({"group", "groups", "organisation", "organization", "coalition", "alliance",
                                 "movement", "faction", "factions", "agency", "monitor"})


def _new_entity(mention: _Mention) -> _Entity:
    heads = {mention.head} if mention.head else set()
    heads.update(t.lower() for t in re.findall(r"[\w\-]+", mention.text) if t.lower() in _vocabulary().words)
    return _Entity(mention.canonical, mention.speaker_type, mention.affiliation, mention.name,
                   mention.start, heads, mention.anonymous, mention.proper)


# ---------------------------------------------------------------------------
# The public function.


def extract_attributions(text: str) -> list[Attribution]:
    """Find every attribution in an article: who is reported as saying what.

    Parameters
    ----------
    text : str
        The article's cleaned text; paragraphs separated by line breaks, the
        first paragraph often the headline. Curly or straight quotation marks,
        or none (texts whose marks were stripped).

    Returns
    -------
    list of Attribution
        In document order of their content. ``text[a.content_start:a.content_end]
        == a.content`` for every record.

    Raises
    ------
    TypeError
        When ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text.strip():
        return []
    quotations = find_quotations(text)
    outer = [q for q in quotations if q.depth == 0]
    quote_spans = _SpanIndex((q.start, q.end) for q in outer)
    sentences = _sentences(text, quotations)
    used_verbs: set[int] = set()
    candidates = _direct_quotations(text, sentences, outer, used_verbs)
    candidates += _according_to(text, sentences, quote_spans)
    candidates += _quoted_as_saying(text, sentences, quote_spans, used_verbs)
    candidates += _indirect_speech(text, sentences, quote_spans, used_verbs, list(candidates))
    candidates += _headlines(text, sentences)
    candidates += _continuation_quotations(text, outer, sentences, candidates)
    quotation_index = _quotation_index(outer)
    records = [_record(text, candidate, entity, quotation_index) for candidate, entity in _resolve(candidates, text)]
    return _deduplicated(records)


def _record(text: str, candidate: _Candidate, entity: _Entity,
            quotations: tuple[list[int], list[int], list[Quotation]]) -> Attribution:
    final = entity.final()
    mention = candidate.mention
    speaker_start = mention.start if mention is not None else candidate.content_start
    speaker_end = mention.end if mention is not None else candidate.content_start
    speaker_type = final.speaker_type if final.speaker_type in SPEAKER_TYPES else "organization"
    if not final.proper and (final.anonymous or speaker_type == "person"):
        speaker_type = "anonymous"
    return Attribution(
        speaker=final.canonical,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        speaker_type=speaker_type,
        affiliation=final.affiliation or (entity.affiliation if entity.affiliation else FALLBACK_AFFILIATION),
        verb=candidate.verb,
        verb_lemma=candidate.verb_lemma,
        verb_class=candidate.verb_class,
        kind=_kind(text, candidate.content_start, candidate.content_end, quotations),
        content=text[candidate.content_start:candidate.content_end],
        content_start=candidate.content_start,
        content_end=candidate.content_end,
    )


def _kind(text: str, start: int, end: int,
          quotations: tuple[list[int], list[int], list[Quotation]]) -> str:
    """direct when the content is inside one quotation, mixed when it holds a partial
    quotation, indirect otherwise. A quoted name ("the “cessation of hostilities”
    agreement") or a scare quote after "so-called" is the outlet's, not the source's."""
    starts, reach, ordered = quotations
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and reach[index] >= end:
        return "direct"
    # The quotations overlapping the content: they start before its end and end after its start.
    index = bisect.bisect_left(starts, end) - 1
    while index >= 0 and reach[index] > start:
        quotation = ordered[index]
        if quotation.end > start and not _quotes_a_name(text, quotation):
            return "mixed"
        index -= 1
    return "indirect"


def _quotation_index(quotations: list[Quotation]) -> tuple[list[int], list[int], list[Quotation]]:
    """Quotations sorted by start, their starts, and the largest end among each one and those before it."""
    ordered = sorted(quotations, key=lambda q: (q.start, q.end))
    return ([q.start for q in ordered], list(itertools.accumulate((q.end for q in ordered), max)), ordered)


# A quotation followed by one of these nouns names the thing ("the “safe zones” plan").
NAMED_THING_NOUNS = frozenset({"agreement", "deal", "accord", "resolution", "plan", "initiative", "process", "talks",
                               "zone", "zones", "memorandum", "campaign", "operation", "law", "program", "programme",
                               "regime", "format", "group", "conference"})


def _quotes_a_name(text: str, quotation: Quotation) -> bool:
    before = text[max(0, quotation.start - 14):quotation.start - len(quotation.open_mark)].lower()
    if re.search(r"so[\s\-]called\s*$", before):
        return True
    after = re.match(r"\s*([a-z]+)", text[quotation.end + len(quotation.close_mark):quotation.end + 30])
    return bool(after and after.group(1) in NAMED_THING_NOUNS)


def _deduplicated(records: list[Attribution]) -> list[Attribution]:
    """One record per content span; a record whose content lies inside another's
    with the same speaker and verb is the same attribution found twice."""
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
