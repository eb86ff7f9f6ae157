"""The attribution extractor's vocabularies and bounds: record labels, data files, closed word lists.

Everything here is read from ``analysis/data/`` (reporting verbs, actors,
``attribution_words.csv``); the constants are the reasoned bounds that keep
one call linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.commented_csv import CommentedCsvError, CsvRow, read_commented_csv

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
REPORTING_VERBS_FILE = DATA_DIR / "reporting_verbs.csv"
ACTORS_FILE = DATA_DIR / "actors.csv"
WORDS_FILE = DATA_DIR / "attribution_words.csv"
PLACES_FILE = DATA_DIR / "places.csv"
OUTLET_GOVERNMENTS_FILE = DATA_DIR / "outlet_governments.csv"
STATE_BODIES_FILE = DATA_DIR / "state_bodies.csv"
STATE_BODY_GROUPS = ("civil", "armed")

SPEAKER_TYPES = ("person", "organization", "anonymous", "document", "media")
AFFILIATIONS = ("russia_gov", "syria_gov", "syria_opposition", "us_gov", "un", "ngo", "media", "kurdish",
                "turkey_gov", "iran_gov", "other_gov", "militant_group", "witness", "other", "unknown")
VERB_CLASSES = ("neutral", "endorsing", "distancing", "conceding", "adversarial")
KINDS = ("direct", "indirect", "mixed")
# Affiliation of a speaker that no actor row, description, outlet or dateline
# decides and that resolves to no earlier speaker: the extractor says it cannot
# tell rather than guess (documented in data/README.md, "Attribution").
FALLBACK_AFFILIATION = "unknown"

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
class ReportingVerb:
    """One row of ``data/reporting_verbs.csv``."""

    lemma: str
    forms: tuple[str, ...]
    verb_class: str
    takes_object: bool
    reports: bool
    document_only: bool = False  # an attribution only with a document or evidence as subject ("polls show")


@dataclass(frozen=True)
class ActorEntry:
    """One row of ``data/actors.csv``."""

    pattern: str
    canonical: str
    affiliation: str
    speaker_type: str
    role: str


@dataclass(frozen=True)
class Vocabulary:
    verbs_by_form: dict[str, ReportingVerb]
    verb_pattern: re.Pattern[str]
    actors_by_key: dict[str, ActorEntry]
    actor_pattern: re.Pattern[str]
    words: dict[str, ActorEntry]  # lower-case title and modifier words


class DataFileError(CommentedCsvError):
    """A data file is missing a column or holds a value outside its vocabulary."""


def _data_rows(path: Path, columns: tuple[str, ...]) -> list[CsvRow]:
    try:
        return read_commented_csv(path, required=columns)
    except CommentedCsvError as error:
        raise DataFileError(str(error)) from None


def cue_rows(path: Path, columns: tuple[str, ...]) -> list[CsvRow]:
    """The rows of a file of cues (reporting verbs, parsed cues, nouns of saying), each with a ``lemma``
    and a ``class`` of :data:`VERB_CLASSES`."""
    rows = _data_rows(path, columns)
    for row in rows:
        if row["class"] not in VERB_CLASSES:
            raise DataFileError(f"{row.origin}: class {row['class']!r} of {row['lemma']!r} "
                                f"is not one of {', '.join(VERB_CLASSES)}")
    return rows


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> tuple[ReportingVerb, ...]:
    """The reporting verbs of ``data/reporting_verbs.csv``, read once."""
    verbs = []
    for row in cue_rows(REPORTING_VERBS_FILE, ("lemma", "forms", "class", "content", "reports")):
        forms = tuple(form.strip().lower() for form in row["forms"].split("|") if form.strip())
        if row["reports"] not in ("yes", "no", "document"):
            raise DataFileError(f"{row.origin}: reports {row['reports']!r} of {row['lemma']!r} "
                                f"is not one of yes, no, document")
        verbs.append(ReportingVerb(row["lemma"], forms, row["class"], row["content"] == "object",
                                   row["reports"] != "no", row["reports"] == "document"))
    return tuple(verbs)


@functools.lru_cache(maxsize=1)
def actor_lexicon() -> tuple[ActorEntry, ...]:
    """The actors and speaker words of ``data/actors.csv``, read once."""
    entries = []
    for row in _data_rows(ACTORS_FILE, ("pattern", "canonical", "affiliation", "speaker_type", "role")):
        if row["affiliation"] and row["affiliation"] not in AFFILIATIONS:
            raise DataFileError(f"{row.origin}: affiliation {row['affiliation']!r} of {row['pattern']!r} "
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
def _vocabulary() -> Vocabulary:
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
    return Vocabulary(verbs_by_form, verb_pattern, actors_by_key, actor_pattern, words)


def _verb_entry(form: str) -> ReportingVerb:
    return _vocabulary().verbs_by_form[re.sub(r"[\s\-]+", " ", form.lower())]


# ---------------------------------------------------------------------------
# Closed word lists (data/attribution_words.csv), read when the package is imported.

WORD_LISTS = ("determiner", "possessive_pronoun", "pronoun_person", "pronoun_organization", "connector",
              "name_particle", "not_name", "between_speaker_and_verb", "negation", "passive_auxiliary",
              "noun_signal", "preposition_after_verb", "addressee", "anonymous_head", "generic_group_head",
              "nationality_adjective", "government_head", "not_speaker",
              "not_reported_speech_opener", "document_head", "according_to_idiom",
              "honorific", "speaker_noun", "share_head", "not_agent_noun", "light_verb")


def word_lists(path: Path = WORDS_FILE) -> dict[str, frozenset[str]]:
    """The closed word lists of ``data/attribution_words.csv`` by list name."""
    words: dict[str, set[str]] = {name: set() for name in WORD_LISTS}
    for row in _data_rows(path, ("list", "word")):
        if row["list"] not in words:
            raise DataFileError(f"{row.origin}: list {row['list']!r} is not one of {', '.join(WORD_LISTS)}")
        words[row["list"]].add(row["word"].lower())
    return {name: frozenset(members) for name, members in words.items()}


_WORDS = word_lists()
DETERMINERS = _WORDS["determiner"]
POSSESSIVE_PRONOUNS = _WORDS["possessive_pronoun"]
PRONOUNS = {word: "person" for word in _WORDS["pronoun_person"]} | {
    word: "organization" for word in _WORDS["pronoun_organization"]}
CONNECTORS = _WORDS["connector"]
NAME_PARTICLES = _WORDS["name_particle"]
NOT_NAMES = _WORDS["not_name"]
BETWEEN_SPEAKER_AND_VERB = _WORDS["between_speaker_and_verb"]
NEGATIONS = _WORDS["negation"]
PASSIVE_AUXILIARIES = _WORDS["passive_auxiliary"]
NOUN_SIGNALS = DETERMINERS | _WORDS["noun_signal"]
PREPOSITIONS_AFTER_VERB = _WORDS["preposition_after_verb"]
ADDRESSEES = _WORDS["addressee"]
ANONYMOUS_HEADS = _WORDS["anonymous_head"]
GENERIC_GROUP_HEADS = _WORDS["generic_group_head"]
NATIONALITY_ADJECTIVES = _WORDS["nationality_adjective"]
GOVERNMENT_HEADS = _WORDS["government_head"]
NOT_SPEAKER_WORDS = _WORDS["not_speaker"]
APPARATUS_OPENERS = _WORDS["not_reported_speech_opener"]
DOCUMENT_HEADS = _WORDS["document_head"]
ACCORDING_TO_IDIOMS = _WORDS["according_to_idiom"]
HONORIFICS = _WORDS["honorific"]
SPEAKER_NOUNS = _WORDS["speaker_noun"]
SHARE_HEADS = _WORDS["share_head"]
NOT_AGENT_NOUNS = _WORDS["not_agent_noun"]
LIGHT_VERBS = _WORDS["light_verb"]
# A speaker noun phrase read without a speaker word ("Former prosecutors", "the GOP front-runner") has at
# most this many words; longer runs of lower-case words before a verb are clauses, not subjects.
MAX_GENERIC_SPEAKER_WORDS = 4


@functools.lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Place name -> the affiliation of its state institutions ("" when it decides none), from
    ``data/places.csv``, read once."""
    found: dict[str, str] = {}
    for row in _data_rows(PLACES_FILE, ("place", "government")):
        if row["government"] and row["government"] not in AFFILIATIONS:
            raise DataFileError(f"{row.origin}: government {row['government']!r} of {row['place']!r} "
                                f"is not one of {', '.join(AFFILIATIONS)}")
        found[row["place"]] = row["government"]
    return found


@functools.lru_cache(maxsize=1)
def place_pattern() -> re.Pattern[str]:
    """Every place of ``data/places.csv`` as a whole word, longest first, case-sensitive."""
    names = sorted(places(), key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(?:" + "|".join(_phrase_regex(name) for name in names) + r")(?:['’]?s)?(?![\w\-])")


def outlet_key(name: str) -> str:
    """An outlet name compared ignoring case, spaces, dots, dashes and underscores."""
    return re.sub(r"[\s.\-_]+", "", name).casefold()


def _closed_mapping(path: Path, key_column: str, value_column: str, allowed: Iterable[str],
                    key: Callable[[str], str]) -> dict[str, str]:
    """``key(row[key_column])`` -> ``row[value_column]`` of a data file whose values must be in ``allowed``;
    the first row of a key wins."""
    allowed = tuple(allowed)
    found: dict[str, str] = {}
    for row in _data_rows(path, (key_column, value_column)):
        if row[value_column] not in allowed:
            raise DataFileError(f"{row.origin}: {value_column} {row[value_column]!r} of {row[key_column]!r} "
                                f"is not one of {', '.join(allowed)}")
        found.setdefault(key(row[key_column]), row[value_column])
    return found


@functools.lru_cache(maxsize=1)
def outlet_governments() -> dict[str, str]:
    """Outlet key -> the government owning it, from ``data/outlet_governments.csv``, read once."""
    return _closed_mapping(OUTLET_GOVERNMENTS_FILE, "outlet", "government", AFFILIATIONS, outlet_key)


@functools.lru_cache(maxsize=1)
def state_bodies() -> dict[str, str]:
    """Lower-case word -> the group of state body it names (civil or armed), from ``data/state_bodies.csv``."""
    return _closed_mapping(STATE_BODIES_FILE, "word", "group", STATE_BODY_GROUPS, str.lower)


@functools.lru_cache(maxsize=1)
def person_titles() -> frozenset[str]:
    """The lower-case titles of ``data/actors.csv`` that head a person's description ("governor", "minister")."""
    return frozenset(entry.pattern.lower() for entry in actor_lexicon()
                     if entry.role == "title" and entry.speaker_type == "person")
