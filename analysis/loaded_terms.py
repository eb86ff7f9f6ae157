"""Loaded language: which word an article chooses for a contested thing, and whether it keeps its distance.

The lexicon (``data/lexicon.csv``, documented in ``data/README.md``) lists, per
*concept* (the armed groups, the Syrian government, the dead ...), the terms an
outlet can choose and a stance class per term: -1 delegitimizing, 0 neutral,
+1 legitimizing. For one article this module finds:

1. every lexicon term (whole words, case-insensitive, any inflection the
   lexicon allows, a hyphen or a space between words), each occurrence once,
   the leftmost and then longest match winning ("Syrian Arab Army" is not also
   "army"; "Free Syrian Army" is matched as an excluded phrase and not counted);
   a term that modifies another term of its concept is one mention with it
   ("Takfiri militants": "takfiri", -1; see :func:`_noun_phrases`);
2. whether the term is inside a quotation (someone else's words, given as
   ``quote_spans``) rather than in the outlet's own voice;
3. distancing markers: "so-called X", scare quotes, "alleged", "purported",
   "claims of", each attached to the term it distances when one is within
   reach (:data:`DISTANCING_REACH_WORDS`);
4. whom each term names (its *target*: "Daesh terrorists" name Islamic
   State), for the concepts that have targets (``data/targets.csv``; rules in
   :mod:`analysis.term_targets`);
5. per concept: mentions, rate per 1,000 words, and the stance score, the
   mean stance class of the terms in the outlet's own voice that name the
   concept's headline targets; and the same stance per target.

Every number is backed by :class:`TermMatch` and :class:`DistancingMarker`
records whose offsets index the article text, so each can be shown in context.

The approach (a hand-built lexicon of competing labels per referent, scored by
which label an outlet picks) follows the framing literature on lexical choice,
e.g. Entman (1993), "Framing: toward clarification of a fractured paradigm",
Journal of Communication 43(4); and for distancing quotation marks,
Predelli (2003), "Scare quotes and their relation to other semantic issues",
Linguistics and Philosophy 26(1).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.commented_csv import CommentedCsvError, read_table
from analysis.term_targets import (
    BINDING_BASES,
    UNSPECIFIED,
    NameMention,
    TargetResolution,
    article_layout,
    resolve_target,
)
from analysis.text import count_words

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_LEXICON = DATA_DIR / "lexicon.csv"
BUNDLED_TARGETS = DATA_DIR / "targets.csv"

STANCE_CLASSES = {-1: "delegitimizing", 0: "neutral", 1: "legitimizing"}
FORMS = ("plural", "verb", "exact")
LEXICON_COLUMNS = ("concept", "term", "stance", "forms", "variants", "note")
TARGET_COLUMNS = ("concept", "target", "headline", "names", "nearby", "note")
# A name written in capitals of up to this many letters is an acronym, matched in capitals only ("IS", not "is").
ACRONYM_MAX_LETTERS = 5

# A distancing marker ("so-called", "alleged") applies to the term that begins
# within the next DISTANCING_REACH_WORDS words, in the same clause: long enough
# for "so-called moderate armed opposition", short enough not to jump to the
# next noun phrase. Sentence punctuation, commas and brackets end the reach.
DISTANCING_REACH_WORDS = 3
# Quotation marks around at most SCARE_QUOTE_MAX_WORDS words, with no sentence
# punctuation inside, not introduced by a colon, a comma or a reporting verb
# ("said") and not a capitalized clause of three or more words, are read as scare quotes (the "moderate"
# opposition) rather than as a quotation.
SCARE_QUOTE_MAX_WORDS = 4
# Scare quotes around a modifier distance the noun phrase it modifies: a term
# beginning within this many words after the closing mark.
SCARE_QUOTE_FOLLOWING_WORDS = 2

_CONCEPT_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_ACRONYM = re.compile(rf"[A-Z]{{1,{ACRONYM_MAX_LETTERS}}}\Z")
_TERM_CHARACTERS = re.compile(r"\w[\w .'’&-]*\Z")
_APOSTROPHES = "'’"
_SEPARATOR_RUN = re.compile(r"\s*[-\u2010\u2011]\s*|\s+")
_SEPARATOR_PATTERN = r"(?:\s*[-\u2010\u2011]\s*|\s+)"
_QUOTE_MARKS = "\"'“”‘’«»„‟"
# What ends the reach of a distancing marker: the clause is over.
_REACH_STOP = re.compile(r"[.,;:!?()\[\]\n]")
_WORD = re.compile(r"\w+")
# Between a modifier term and the term it modifies: one space or hyphen (see _noun_phrases).
_PHRASE_GAP = re.compile(r"[ \-\u2010\u2011]{1,2}")
_REPORTING_VERB_BEFORE = re.compile(r"\b(?:said|says|say|told|tells|added|adds|stated|states|declared|wrote|writes)\Z",
                                    re.IGNORECASE)

_MARKERS = re.compile(
    rf"""(?<!\w)(?:
        (?P<so_called>so{_SEPARATOR_PATTERN}?called|self{_SEPARATOR_PATTERN}(?:styled|proclaimed)
            |what\s+(?:the\s+)?\w+\s+call(?:s|ed)?)
      | (?P<hedge>alleged(?:ly)?|purported(?:ly)?|supposed(?:ly)?|claims?\s+of)
    )(?!\w)""",
    re.VERBOSE,
)
_CURLY_QUOTED = re.compile(r"“([^“”\n]{1,80})”|‘([^‘’\n]{1,80})’(?!\w)|«([^«»\n]{1,80})»")
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=\w)([^'\n]{1,80}?)(?<=\w)'(?![\w'])")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message is one line naming file, line and problem."""


@dataclass(frozen=True)
class LexiconEntry:
    """One row of a lexicon file.

    Attributes
    ----------
    concept : str
        Snake-case id of the concept the term names.
    term : str
        Canonical form, lower case.
    stance : int or None
        -1, 0 or +1; None for an excluded phrase (matched so that the terms
        inside it are not, then not counted).
    forms : str
        Inflections generated for the last word: "plural", "verb" or "exact".
    variants : tuple of str
        Other spellings of the same term.
    note : str
        Why the class is debatable, or how the word is ambiguous.
    origin : str
        "file:line" the row came from.
    """

    concept: str
    term: str
    stance: int | None
    forms: str
    variants: tuple[str, ...]
    note: str
    origin: str

    @property
    def excluded(self) -> bool:
        return self.stance is None


@dataclass(frozen=True)
class TargetEntry:
    """One row of a targets file: a group a concept's terms can name.

    Attributes
    ----------
    concept : str
        The lexicon concept whose terms can name it.
    target : str
        Snake-case id.
    headline : bool
        Whether mentions naming it enter the concept's headline stance.
    names : tuple of str
        Names and aliases, lower case except acronyms (matched in capitals only).
    note : str
    origin : str
        "file:line" the row came from.
    nearby : bool
        Whether a name of it resolves a term by nearness (rules ``sentence``,
        ``previous_sentence``, ``headline``); when false only a name bound to
        the term does (head, modifier, own words, apposition). Column
        ``nearby`` (yes/no), yes when absent.
    """

    concept: str
    target: str
    headline: bool
    names: tuple[str, ...]
    note: str
    origin: str
    nearby: bool = True


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    entry_of_form: dict[str, LexiconEntry]


@dataclass(frozen=True)
class _NameMatcher:
    pattern: re.Pattern[str] | None  # lower-case names, matched in the lowered text
    acronyms: re.Pattern[str] | None  # words in capitals, matched in the text as written ...
    acronym_names: frozenset[str]  # ... and kept when they are one of these
    targets_of_key: dict[str, tuple[tuple[str, str], ...]]  # form key -> ((concept, target), ...)


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon and its targets, each compiled once into one regular expression.

    Attributes
    ----------
    entries : tuple of LexiconEntry
        In file order (bundled rows first, then rows added by user files).
    targets : tuple of TargetEntry
        The groups the concepts' terms can name (bundled ``data/targets.csv``
        first, then user targets files); empty for a lexicon without targets.
    """

    entries: tuple[LexiconEntry, ...]
    targets: tuple[TargetEntry, ...] = ()
    _matcher: _Matcher = field(init=False, repr=False, compare=False)
    _concepts: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _names: _NameMatcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived once: every article scored asks for them.
        object.__setattr__(self, "_matcher", _compile(self.entries))
        object.__setattr__(self, "_concepts",
                           tuple(dict.fromkeys(e.concept for e in self.entries if not e.excluded)))
        object.__setattr__(self, "_names", _compile_names(self.targets, self._concepts))

    def targets_of(self, concept: str) -> tuple[str, ...]:
        """The target ids of ``concept`` in file order, then ``unspecified``; empty for a concept without targets."""
        ids = tuple(t.target for t in self.targets if t.concept == concept)
        return (*ids, UNSPECIFIED) if ids else ()

    def bound_only_targets(self, concept: str) -> frozenset[str]:
        """The targets of ``concept`` whose names resolve a term only when bound to it (``nearby`` no)."""
        return frozenset(t.target for t in self.targets if t.concept == concept and not t.nearby)

    def headline_targets(self, concept: str) -> frozenset[str]:
        """The targets whose mentions make ``concept``'s headline stance (``unspecified`` always does)."""
        return frozenset({UNSPECIFIED, *(t.target for t in self.targets if t.concept == concept and t.headline)})

    @property
    def concepts(self) -> tuple[str, ...]:
        """Concepts with at least one counted term, in file order."""
        return self._concepts

    def terms(self, concept: str) -> tuple[LexiconEntry, ...]:
        """The counted terms of ``concept``, in file order."""
        return tuple(e for e in self.entries if e.concept == concept and not e.excluded)


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a lexicon term: ``text[start:end]`` is the matched words.

    ``term`` is the canonical lexicon form ("terrorist" for "Terrorists").
    ``in_quote``: inside a quotation given by the caller (someone else's words).
    ``distanced``: a distancing marker applies to it (so-called, alleged, scare quotes).
    ``target``: whom it names (a target of its concept, ``unspecified`` when
    the article does not say or the concept has no targets); ``target_basis``
    the rule that decided (:data:`analysis.term_targets.BASES`) and
    ``name_start:name_end`` the name it relied on (-1 when none).
    ``in_headline_stance``: its target is one of its concept's headline
    targets (:meth:`Lexicon.headline_targets`), so it can enter
    ``<concept>_stance``; always true for a concept without targets.
    """

    start: int
    end: int
    term: str
    concept: str
    stance: int
    in_quote: bool
    distanced: bool
    target: str = UNSPECIFIED
    target_basis: str = "no_targets"
    name_start: int = -1
    name_end: int = -1
    in_headline_stance: bool = True

    @property
    def own_voice(self) -> bool:
        """The outlet adopts the word: not quoted, not distanced. Only these enter the stance score."""
        return not self.in_quote and not self.distanced


@dataclass(frozen=True)
class DistancingMarker:
    """A word or quotation marks by which the outlet keeps its distance from a term.

    ``text[start:end]`` is the marker (``marker``): "so-called", "alleged", or
    the quoted phrase with its marks for ``kind == "scare_quotes"``. ``kind`` is
    "so_called" (so-called, self-styled, self-proclaimed, what X calls), "hedge"
    (alleged, purported, supposedly, claims of) or "scare_quotes". ``concept``
    is that of the term it distances, None when no term is within reach; then
    ``target_start:target_end`` is the words it was searched in.
    """

    start: int
    end: int
    marker: str
    kind: str
    concept: str | None
    target_start: int
    target_end: int


@dataclass(frozen=True)
class ConceptScore:
    """Term choice of one article for one concept.

    Attributes
    ----------
    concept : str
    mentions : int
        All matched terms of the concept (own voice, quoted and distanced).
    own_voice, in_quote, distanced : int
        Mentions by voice; a quoted and distanced term counts in both.
    stance : float
        Mean stance class (-1, 0, +1) of the own-voice mentions naming the
        concept's headline targets (all of them for a concept without
        targets), in [-1, 1]; NaN when there are none (no choice was made,
        which is not a neutral one).
    stance_mentions : int
        The own-voice mentions behind ``stance``.
    rate_per_1000_words : float
        ``mentions / words * 1000``; NaN for a text without words.
    term_counts : tuple of (str, int)
        Mentions per canonical term, most frequent first.
    targets : tuple of TargetScore
        One per target of the concept (:meth:`Lexicon.targets_of`), empty for
        a concept without targets.
    """

    concept: str
    mentions: int
    own_voice: int
    in_quote: int
    distanced: int
    stance: float
    rate_per_1000_words: float
    term_counts: tuple[tuple[str, int], ...]
    stance_mentions: int = 0
    targets: tuple[TargetScore, ...] = ()


@dataclass(frozen=True)
class TargetScore:
    """Term choice of one article for one target of a concept: all mentions, own-voice ones, their mean stance."""

    target: str
    mentions: int
    own_voice: int
    stance: float


@dataclass(frozen=True)
class ArticleTerms:
    """Loaded-term evidence and scores of one article.

    Attributes
    ----------
    words : int
        Words in the text (:func:`analysis.text.count_words`).
    matches : tuple of TermMatch
        Counted term occurrences, by position (excluded phrases are not here).
    markers : tuple of DistancingMarker
        By position.
    concepts : tuple of ConceptScore
        One per lexicon concept, in lexicon order, including those not mentioned.
    """

    words: int
    matches: tuple[TermMatch, ...]
    markers: tuple[DistancingMarker, ...]
    concepts: tuple[ConceptScore, ...]

    @property
    def mentions(self) -> int:
        return len(self.matches)

    @property
    def rate_per_1000_words(self) -> float:
        """All loaded-term mentions per 1,000 words; NaN for a text without words."""
        return _rate_per_1000_words(len(self.matches), self.words)

    def score(self, concept: str) -> ConceptScore:
        """The :class:`ConceptScore` of ``concept``."""
        for score in self.concepts:
            if score.concept == concept:
                return score
        known = ", ".join(s.concept for s in self.concepts)
        raise KeyError(f"concept must be one of {known}; got {concept!r}")


# --- Loading the lexicon ----------------------------------------------------------------------------------------


def load_lexicon(path: str | os.PathLike[str] | None = None, *,
                 extra_paths: Iterable[str | os.PathLike[str]] = ()) -> Lexicon:
    """Read, validate, merge and compile a lexicon and its targets.

    Parameters
    ----------
    path : path, optional
        The base lexicon; the bundled ``data/lexicon.csv`` when None. The
        bundled targets (``data/targets.csv``) are always read.
    extra_paths : iterable of paths, keyword-only
        User files, merged over the base in order. A lexicon file (header
        ``concept,term,stance,...``): a row replaces the earlier row with the
        same term (even in another concept), adds a term, or removes it
        (stance ``drop``). A targets file (header with a ``target`` column,
        :data:`TARGET_COLUMNS`): a row replaces the target with the same
        concept and id, or adds one.

    Returns
    -------
    Lexicon
        Compiled; files are read again only when they change.

    Raises
    ------
    LexiconError
        One line naming the file, the line and the problem.
    """
    paths = (Path(path) if path is not None else BUNDLED_LEXICON, BUNDLED_TARGETS,
             *(Path(p) for p in extra_paths))
    keys = []
    for file_path in paths:
        try:
            status = file_path.stat()
        except OSError as error:
            raise LexiconError(f"{file_path}: cannot read the lexicon file ({error.strerror})") from None
        keys.append((str(file_path.resolve()), status.st_mtime_ns, status.st_size))
    return _load_cached(tuple(keys))


@functools.lru_cache(maxsize=8)
def _load_cached(keys: tuple[tuple[str, int, int], ...]) -> Lexicon:
    merged: dict[str, LexiconEntry] = {}
    targets: dict[tuple[str, str], TargetEntry] = {}
    for file_name, _, _ in keys:
        header_number, header, rows = _read_commented_csv(Path(file_name))
        if "target" in header:
            from_file = _read_targets(Path(file_name), header_number, header, rows)
            # A name given again in a later file moves to the later file's target.
            taken = {(entry.concept, _name_key(name)) for entry in from_file for name in entry.names}
            for key, earlier in list(targets.items()):
                kept = tuple(name for name in earlier.names if (earlier.concept, _name_key(name)) not in taken)
                if kept != earlier.names:
                    targets[key] = dataclasses.replace(earlier, names=kept)
            for entry in from_file:
                targets[(entry.concept, entry.target)] = entry
            continue
        # Terms are unique within a file (checked when reading), so a key seen
        # before comes from an earlier file: the later row overrides it.
        for entry, line_number in _read_lexicon_rows(Path(file_name), header_number, header, rows):
            key = _form_key(entry.term)
            if entry.forms == "drop":
                if key not in merged:
                    raise LexiconError(f"{file_name}:{line_number}: stance 'drop' for {entry.term!r}, "
                                       f"which no earlier lexicon file defines")
                del merged[key]
            else:
                merged[key] = entry
    if not merged:
        raise LexiconError(f"{keys[0][0]}: the lexicon defines no terms")
    concepts = {entry.concept for entry in merged.values() if not entry.excluded}
    bundled = str(BUNDLED_TARGETS.resolve())
    # The bundled targets describe the bundled concepts: a user's own base lexicon may not have them.
    kept = tuple(t for t in targets.values() if t.concept in concepts or not t.origin.startswith(bundled + ":"))
    return Lexicon(tuple(merged.values()), kept)


def _read_commented_csv(path: Path) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header line's number, its column names and the (line number, cells) of the rows of a commented CSV."""
    try:
        table = read_table(path, what="lexicon file", expected=f"{','.join(LEXICON_COLUMNS)} for terms or "
                                                                 f"{','.join(TARGET_COLUMNS)} for targets")
    except CommentedCsvError as error:
        raise LexiconError(str(error)) from None
    return table.header_line_number, table.header, table.rows


def _name_key(name: str) -> str:
    return name if _ACRONYM.match(name) else _form_key(name)


def _check_header(path: Path, header_number: int, header: list[str], columns: tuple[str, ...],
                  required: tuple[str, ...]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise LexiconError(f"{path}:{header_number}: header lacks column(s) {', '.join(missing)} "
                           f"(expected {','.join(columns)}; got {','.join(header)})")
    unknown = [name for name in header if name not in columns]
    if unknown:
        raise LexiconError(f"{path}:{header_number}: unknown column(s) {', '.join(unknown)} "
                           f"(allowed: {','.join(columns)})")


def _read_lexicon_rows(path: Path, header_number: int, header: list[str],
                       rows: list[tuple[int, list[str]]]) -> list[tuple[LexiconEntry, int]]:
    _check_header(path, header_number, header, LEXICON_COLUMNS, LEXICON_COLUMNS[:3])
    entries: list[tuple[LexiconEntry, int]] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        row = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        entry = _entry_from_row(row, origin=f"{path}:{number}")
        key = _form_key(entry.term)
        if key in seen:
            raise LexiconError(f"{path}:{number}: term {entry.term!r} is already on line {seen[key]}")
        seen[key] = number
        entries.append((entry, number))
    return entries


def _read_targets(path: Path, header_number: int, header: list[str],
                  rows: list[tuple[int, list[str]]]) -> list[TargetEntry]:
    _check_header(path, header_number, header, TARGET_COLUMNS, TARGET_COLUMNS[:4])
    entries = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        row = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        origin = f"{path}:{number}"
        concept, target = row.get("concept", ""), row.get("target", "")
        for column, value in (("concept", concept), ("target", target)):
            if not _CONCEPT_ID.match(value):
                raise LexiconError(f"{origin}: {column} must be a snake_case identifier (a-z, 0-9, _; "
                                   f"starting with a letter); got {value!r}")
        if target == UNSPECIFIED:
            raise LexiconError(f"{origin}: target {UNSPECIFIED!r} is implicit for every concept with targets; "
                               f"choose another id")
        if "__" in target:
            raise LexiconError(f"{origin}: target must not contain '__' (it separates concept and target in "
                               f"column names); got {target!r}")
        headline = row.get("headline", "")
        if headline not in ("yes", "no"):
            raise LexiconError(f"{origin}: headline must be yes or no; got {headline!r}")
        nearby = row.get("nearby", "") or "yes"
        if nearby not in ("yes", "no"):
            raise LexiconError(f"{origin}: nearby must be yes or no (or empty: yes); got {nearby!r}")
        names = tuple(name if _ACRONYM.match(name) else " ".join(name.lower().split())
                      for name in (n.strip() for n in row.get("names", "").split("|")) if name)
        if not names:
            raise LexiconError(f"{origin}: names must list at least one name (separated by '|')")
        for name in names:
            if not _TERM_CHARACTERS.match(name):
                raise LexiconError(f"{origin}: name must start with a letter or digit and contain only letters, "
                                   f"digits, spaces, hyphens, apostrophes, dots and '&'; got {name!r}")
        if (concept, target) in seen:
            raise LexiconError(f"{origin}: target {concept}/{target} is already on line {seen[(concept, target)]}")
        seen[(concept, target)] = number
        entries.append(TargetEntry(concept, target, headline == "yes", names, row.get("note", ""), origin,
                                   nearby == "yes"))
    return entries


def _entry_from_row(row: dict[str, str], *, origin: str) -> LexiconEntry:
    concept = row.get("concept", "")
    if not _CONCEPT_ID.match(concept):
        raise LexiconError(f"{origin}: concept must be a snake_case identifier (a-z, 0-9, _; "
                           f"starting with a letter); got {concept!r}")
    term = " ".join(row.get("term", "").lower().split())
    if not _TERM_CHARACTERS.match(term):
        raise LexiconError(f"{origin}: term must start with a letter or digit and contain only letters, digits, "
                           f"spaces, hyphens, apostrophes, dots and '&'; got {term!r}")
    stance_text = row.get("stance", "")
    stances = {"-1": -1, "0": 0, "1": 1, "+1": 1, "exclude": None, "drop": None}
    if stance_text not in stances:
        raise LexiconError(f"{origin}: stance must be -1, 0, 1, exclude or drop; got {stance_text!r}")
    if stance_text == "drop":
        # A removal row: only the term matters. "drop" travels in `forms` so
        # the merge can tell it from an excluded phrase.
        return LexiconEntry(concept, term, None, "drop", (), "", origin)
    forms = row.get("forms", "") or "plural"
    if forms not in FORMS:
        raise LexiconError(f"{origin}: forms must be one of {', '.join(FORMS)}; got {forms!r}")
    variants = tuple(" ".join(v.lower().split()) for v in row.get("variants", "").split("|") if v.strip())
    for variant in variants:
        if not _TERM_CHARACTERS.match(variant):
            raise LexiconError(f"{origin}: variant must start with a letter or digit and contain only letters, "
                               f"digits, spaces, hyphens, apostrophes, dots and '&'; got {variant!r}")
    return LexiconEntry(concept, term, stances[stance_text], forms, variants, row.get("note", ""), origin)


# --- Compiling the matcher --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _form_key(form: str) -> str:
    """The key under which a written form and a lexicon form meet: lower case, no apostrophes, one space."""
    lowered = form.lower()
    for apostrophe in _APOSTROPHES:
        lowered = lowered.replace(apostrophe, "")
    return _SEPARATOR_RUN.sub(" ", lowered).strip()


def _inflections(word: str, forms: str) -> set[str]:
    """Regular English inflections of ``word``; irregular ones are listed as variants in the lexicon."""
    if forms == "exact":
        return {word}
    inflected = {word}
    ends_in_consonant_y = len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou"
    if ends_in_consonant_y:
        # "armys": a possessive whose apostrophe was stripped, as in FA-KES.
        inflected |= {word[:-1] + "ies", word + "s"}
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        inflected.add(word + "es")
    else:
        inflected.add(word + "s")
    if forms == "verb":
        if ends_in_consonant_y:
            inflected |= {word[:-1] + "ied", word + "ing"}
        elif word.endswith("e") and not word.endswith("ee"):
            inflected |= {word + "d", word[:-1] + "ing"}
        else:
            inflected |= {word + "ed", word + "ing"}
    return inflected


def _surface_forms(entry: LexiconEntry) -> set[str]:
    forms: set[str] = set()
    for spelling in (entry.term, *entry.variants):
        words = _SEPARATOR_RUN.split(spelling)
        for last in _inflections(words[-1], entry.forms):
            forms.add(" ".join([*words[:-1], last]))
    return forms


_END = ""  # trie key marking that a form ends at this node
_SEPARATOR_TOKEN = " "
_APOSTROPHE_TOKEN = "'"


def _trie_pattern(node: dict, *, top: bool) -> str:
    """A regular expression matching the forms of a trie, preferring the longest.

    Sharing prefixes keeps the alternation shallow, so the regex engine
    rejects a position after a character or two instead of trying every
    term; the optional tail ``(?:...)?`` is greedy, so a longer form is
    tried before the shorter one it extends.
    """
    branches = []
    for token in sorted(k for k in node if k != _END):
        if token == _SEPARATOR_TOKEN:
            piece = _SEPARATOR_PATTERN
        elif token == _APOSTROPHE_TOKEN:
            piece = "['’]?"
        else:
            piece = re.escape(token)
        if top:
            # A term starts a word: the character before its first character
            # is not a word character. Checked after the first literal so that
            # the engine can still skip ahead on the set of first characters.
            piece += r"(?<!\w.)"
        branches.append(piece + _trie_pattern(node[token], top=False))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?"
    return body


def _compile(entries: tuple[LexiconEntry, ...]) -> _Matcher:
    entry_of_form: dict[str, LexiconEntry] = {}
    trie: dict = {}
    for entry in entries:
        for form in _surface_forms(entry):
            key = _form_key(form)
            other = entry_of_form.get(key)
            if other is not None and other is not entry:
                raise LexiconError(f"{entry.origin}: form {form!r} of term {entry.term!r} is also a form of "
                                   f"{other.term!r} ({other.origin}); a written form must belong to one term")
            entry_of_form[key] = entry
            node = trie
            for token in _tokens(form):
                node = node.setdefault(token, {})
            node[_END] = {}
    pattern = re.compile(f"(?:{_trie_pattern(trie, top=True)})(?!\\w)")
    return _Matcher(pattern, entry_of_form)


def _compile_names(targets: tuple[TargetEntry, ...], concepts: tuple[str, ...]) -> _NameMatcher:
    """One pattern for every target name (longest first, as for terms), one for the acronyms."""
    targets_of_key: dict[str, list[tuple[str, str]]] = {}
    origin_of: dict[tuple[str, str], str] = {}
    trie: dict = {}
    acronyms: set[str] = set()
    for entry in targets:
        if entry.concept not in concepts:
            raise LexiconError(f"{entry.origin}: concept {entry.concept!r} has no terms in the lexicon "
                               f"(concepts: {', '.join(concepts)})")
        for name in entry.names:
            if _ACRONYM.match(name):
                acronyms.add(name)
                forms = {name}
            else:
                words = _SEPARATOR_RUN.split(name)
                forms = {" ".join([*words[:-1], last]) for last in _inflections(words[-1], "plural")}
            for form in forms:
                key = _name_key(form)
                other = origin_of.get((entry.concept, key))
                if other is not None and other != entry.origin:
                    raise LexiconError(f"{entry.origin}: name {form!r} of {entry.concept}/{entry.target} is also a "
                                       f"name on {other}; a name belongs to one target of its concept")
                origin_of[(entry.concept, key)] = entry.origin
                if (entry.concept, entry.target) not in targets_of_key.setdefault(key, []):
                    targets_of_key[key].append((entry.concept, entry.target))
                if not _ACRONYM.match(form):
                    node = trie
                    for token in _tokens(form):
                        node = node.setdefault(token, {})
                    node[_END] = {}
    pattern = re.compile(f"(?:{_trie_pattern(trie, top=True)})(?!\\w)") if trie else None
    # Any capitalized word that short, then a set lookup: much faster than an alternation tried at every position.
    acronym_pattern = re.compile(rf"\b[A-Z]{{1,{ACRONYM_MAX_LETTERS}}}\b") if acronyms else None
    return _NameMatcher(pattern, acronym_pattern, frozenset(acronyms),
                        {k: tuple(v) for k, v in targets_of_key.items()})


def _tokens(form: str) -> list[str]:
    tokens: list[str] = []
    for character in form:
        if character in " -\u2010\u2011":
            if not tokens or tokens[-1] != _SEPARATOR_TOKEN:
                tokens.append(_SEPARATOR_TOKEN)
        elif character in _APOSTROPHES:
            tokens.append(_APOSTROPHE_TOKEN)
        else:
            tokens.append(character)
    return tokens


# --- Finding terms and markers ----------------------------------------------------------------------------------


def _lowered(text: str) -> str:
    """``text`` in lower case with the same length, so offsets carry over."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lower to two ("İ" → "i̇"); keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _name_mentions(text: str, lowered: str, lexicon: Lexicon) -> dict[str, list[NameMention]]:
    """The names of targets in the text, per concept, by position, not overlapping (the longest, then the first)."""
    names = lexicon._names
    found: list[tuple[int, int, str]] = []
    if names.pattern is not None:
        found.extend((m.start(), m.end(), _form_key(m.group())) for m in names.pattern.finditer(lowered))
    if names.acronyms is not None:
        found.extend((m.start(), m.end(), m.group()) for m in names.acronyms.finditer(text)
                     if m.group() in names.acronym_names)
    found.sort(key=lambda f: (f[0], -f[1]))
    by_concept: dict[str, list[NameMention]] = {}
    last_end = -1
    for start, end, key in found:
        if start < last_end:
            continue
        last_end = end
        for concept, target in names.targets_of_key[key]:
            by_concept.setdefault(concept, []).append(NameMention(start, end, concept, target))
    return by_concept


def find_target_names(text: str, lexicon: Lexicon) -> tuple[NameMention, ...]:
    """Every name of a target (``data/targets.csv``) in ``text``, by position: the evidence of target resolution."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    by_concept = _name_mentions(text, _lowered(text), lexicon)
    return tuple(sorted((name for names in by_concept.values() for name in names),
                        key=lambda name: (name.start, name.concept)))


def _validated_quote_spans(text: str, quote_spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for span in quote_spans:
        try:
            start, end = (int(span[0]), int(span[1]))
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"quote_spans must be (start, end) pairs of integers; got {span!r}") from None
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"quote_spans must lie inside the text (0 <= start <= end <= {len(text)}); "
                             f"got ({start}, {end})")
        spans.append((start, end))
    return sorted(spans)


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of sorted spans as disjoint sorted spans (quotations may nest)."""
    union: list[tuple[int, int]] = []
    for start, end in spans:
        if union and start <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], end))
        else:
            union.append((start, end))
    return union


def _inside_any(position: int, union: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and position < union[index][1]


def _raw_matches(lowered: str, lexicon: Lexicon) -> list[tuple[int, int, LexiconEntry]]:
    entry_of_form = lexicon._matcher.entry_of_form
    found = []
    for match in lexicon._matcher.pattern.finditer(lowered):
        entry = entry_of_form[_form_key(match.group())]
        if not entry.excluded:
            found.append((match.start(), match.end(), entry))
    return _noun_phrases(lowered, found)


def _uninflected(written: str, entry: LexiconEntry) -> bool:
    """The term is written as its canonical form or a variant, not inflected: it can modify a noun."""
    key = _form_key(written)
    return key == _form_key(entry.term) or any(key == _form_key(variant) for variant in entry.variants)


def _noun_phrases(lowered: str, found: list[tuple[int, int, LexiconEntry]]) -> list[tuple[int, int, LexiconEntry]]:
    """Join a term that modifies another term of the same concept into one mention of the phrase.

    "Takfiri militants", "jihadist fighters", "opposition rebel forces" are one
    naming choice each, as the lexicon's own multi-word terms are ("terrorist
    group", "opposition fighter", "armed opposition"); counting the modifier
    and the head noun as two mentions would average the marked word with the
    generic head. The phrase takes the modifier's term and class when the
    modifier is marked (class -1 or +1: the evaluative word is the choice),
    else the head's ("Islamist rebels" is "rebel"). The modifier must be
    written uninflected and joined to the head by a space or a hyphen only
    ("extremists rebels" is a list whose commas were lost, not a phrase).
    Pairs only: a third term after a phrase starts a new mention.
    """
    joined: list[tuple[int, int, LexiconEntry]] = []
    index = 0
    while index < len(found):
        start, end, entry = found[index]
        if index + 1 < len(found):
            next_start, next_end, next_entry = found[index + 1]
            if next_entry.concept == entry.concept and _PHRASE_GAP.fullmatch(lowered, end, next_start) \
                    and _uninflected(lowered[start:end], entry):
                joined.append((start, next_end, entry if entry.stance else next_entry))
                index += 2
                continue
        joined.append((start, end, entry))
        index += 1
    return joined


@dataclass(frozen=True)
class _ScareQuote:
    open_start: int
    content_start: int
    content_end: int
    close_end: int


def _is_scare_quote_content(text: str, content_start: int, content_end: int, open_start: int) -> bool:
    content = text[content_start:content_end]
    words = _WORD.findall(content)
    if not words or len(words) > SCARE_QUOTE_MAX_WORDS:
        return False
    if any(mark in content for mark in ".,;:!?"):
        return False
    if len(words) >= 3 and content.lstrip()[:1].isupper():
        # "It must stop": a capitalized clause is a short quotation, not a word held at a distance.
        return False
    before = text[max(0, open_start - 40):open_start].rstrip()
    # A quotation introduced by "said:", "said," or "said" is reported speech, however short.
    return not (before.endswith((":", ",")) or _REPORTING_VERB_BEFORE.search(before))


def _scare_quotes(text: str, quote_spans: Sequence[tuple[int, int]]) -> list[_ScareQuote]:
    """Short quoted phrases that set a word apart, from the caller's quote spans and from the quote marks."""
    found: dict[tuple[int, int], _ScareQuote] = {}
    for start, end in quote_spans:
        open_start = start - 1 if start > 0 and text[start - 1] in _QUOTE_MARKS else start
        close_end = end + 1 if end < len(text) and text[end] in _QUOTE_MARKS else end
        if _is_scare_quote_content(text, start, end, open_start):
            found[(start, end)] = _ScareQuote(open_start, start, end, close_end)
    candidates = [(m.start(), m.start() + 1, m.end() - 1, m.end())
                  for pattern in (_CURLY_QUOTED, _SINGLE_QUOTED) for m in pattern.finditer(text)]
    candidates.extend(_straight_double_quoted(text))
    for open_start, content_start, content_end, close_end in candidates:
        if (content_start, content_end) not in found and _is_scare_quote_content(
                text, content_start, content_end, open_start):
            found[(content_start, content_end)] = _ScareQuote(open_start, content_start, content_end, close_end)
    return sorted(found.values(), key=lambda q: q.content_start)


def _straight_double_quoted(text: str) -> list[tuple[int, int, int, int]]:
    """Straight double quotes paired in order within each paragraph (they do not say which is the opener)."""
    pairs = []
    for paragraph in re.finditer(r"[^\n]+", text):
        marks = [paragraph.start() + m.start() for m in re.finditer('"', paragraph.group())]
        for opening, closing in zip(marks[0::2], marks[1::2], strict=False):
            if closing - opening <= 81:
                pairs.append((opening, opening + 1, closing, closing + 1))
    return pairs


def _words_between(text: str, start: int, end: int) -> int | None:
    """Words in ``text[start:end]``, or None when the clause ends there."""
    gap = text[start:end]
    if _REACH_STOP.search(gap):
        return None
    return len(_WORD.findall(gap))


def _first_term_within(text: str, matches: Sequence[tuple[int, int, LexiconEntry]], match_starts: Sequence[int],
                       position: int, *, words: int) -> int | None:
    """Index of the first match beginning within the next ``words`` words after ``position``, in the same clause."""
    index = bisect.bisect_left(match_starts, position)
    if index == len(matches):
        return None
    gap_words = _words_between(text, position, matches[index][0])
    if gap_words is None or gap_words >= words:
        return None
    return index


def _following_words_span(text: str, position: int, *, words: int) -> tuple[int, int]:
    """The span of up to ``words`` words after ``position``, stopping at the end of the clause."""
    found = []
    previous_end = position
    for word in _WORD.finditer(text, position):
        if len(found) == words or _REACH_STOP.search(text, previous_end, word.start()):
            break
        found.append(word)
        previous_end = word.end()
    if not found:
        return position, position
    return found[0].start(), found[-1].end()


def _distancing(text: str, lowered: str, matches: list[tuple[int, int, LexiconEntry]],
                quote_spans: Sequence[tuple[int, int]]) -> tuple[list[DistancingMarker], set[int]]:
    """Distancing markers and the indices of the matches they distance."""
    match_starts = [start for start, _, _ in matches]
    markers: list[DistancingMarker] = []
    distanced: set[int] = set()
    for found in _MARKERS.finditer(lowered):
        kind = found.lastgroup or "hedge"
        index = _first_term_within(text, matches, match_starts, found.end(), words=DISTANCING_REACH_WORDS)
        if index is None:
            target = _following_words_span(text, found.end(), words=DISTANCING_REACH_WORDS)
            markers.append(DistancingMarker(found.start(), found.end(), text[found.start():found.end()], kind,
                                            None, *target))
        else:
            start, end, entry = matches[index]
            distanced.add(index)
            markers.append(DistancingMarker(found.start(), found.end(), text[found.start():found.end()], kind,
                                            entry.concept, start, end))
    for quote in _scare_quotes(text, quote_spans):
        inside = []
        for index in range(bisect.bisect_left(match_starts, quote.content_start), len(matches)):
            if matches[index][0] >= quote.content_end:
                break
            if matches[index][1] <= quote.content_end:
                inside.append(index)
        if not inside:
            following = _first_term_within(text, matches, match_starts, quote.close_end,
                                           words=SCARE_QUOTE_FOLLOWING_WORDS)
            inside = [following] if following is not None else []
        marker_text = text[quote.open_start:quote.close_end]
        if inside:
            distanced.update(inside)
            start, end, entry = matches[inside[0]]
            markers.append(DistancingMarker(quote.open_start, quote.close_end, marker_text, "scare_quotes",
                                            entry.concept, start, end))
        else:
            markers.append(DistancingMarker(quote.open_start, quote.close_end, marker_text, "scare_quotes",
                                            None, quote.content_start, quote.content_end))
    markers.sort(key=lambda m: (m.start, m.end))
    return markers, distanced


def _find(text: str, lexicon: Lexicon,
          quote_spans: Iterable[tuple[int, int]]) -> tuple[tuple[TermMatch, ...], tuple[DistancingMarker, ...]]:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    if not isinstance(lexicon, Lexicon):
        raise TypeError(f"lexicon must be a Lexicon (from load_lexicon()); got {type(lexicon).__name__}")
    spans = _validated_quote_spans(text, quote_spans)
    union = _merged(spans)
    union_starts = [start for start, _ in union]
    lowered = _lowered(text)
    raw = _raw_matches(lowered, lexicon)
    markers, distanced = _distancing(text, lowered, raw, spans)
    resolutions = _resolutions(text, lowered, raw, lexicon)
    headline = {concept: lexicon.headline_targets(concept) for concept in {t.concept for t in lexicon.targets}}
    matches = tuple(
        TermMatch(start, end, entry.term, entry.concept, int(entry.stance or 0),
                  in_quote=_inside_any(start, union, union_starts), distanced=index in distanced,
                  target=resolution.target, target_basis=resolution.basis,
                  name_start=resolution.name_start, name_end=resolution.name_end,
                  in_headline_stance=entry.concept not in headline or resolution.target in headline[entry.concept])
        for index, ((start, end, entry), resolution) in enumerate(zip(raw, resolutions, strict=True)))
    return matches, tuple(markers)


_NO_TARGET = TargetResolution(UNSPECIFIED, "no_targets")


def _resolutions(text: str, lowered: str, raw: list[tuple[int, int, LexiconEntry]],
                 lexicon: Lexicon) -> list[TargetResolution]:
    """The target of each match; names and sentences are looked for only when a match's concept has targets."""
    with_targets = {t.concept for t in lexicon.targets}
    if not any(entry.concept in with_targets for _, _, entry in raw):
        return [_NO_TARGET] * len(raw)
    names = _name_mentions(text, lowered, lexicon)
    layout = article_layout(text)
    resolutions: list[TargetResolution] = []
    headline_targets: dict[str, str | None] = {}
    bound_only = {concept: lexicon.bound_only_targets(concept) for concept in with_targets}
    for start, end, entry in raw:
        if entry.concept not in with_targets:
            resolutions.append(_NO_TARGET)
            continue
        # "terrorists", "forces": an inflected last word is a head noun itself, not a modifier of what follows.
        # A joined phrase ("Takfiri militants") is longer than its term, so it counts as inflected too: it ends
        # in its head noun.
        inflected = _form_key(lowered[start:end]) != _form_key(entry.term)
        resolution = resolve_target(text, start, end, names.get(entry.concept, ()), layout, inflected=inflected,
                                    headline_target=headline_targets.get(entry.concept),
                                    bound_only=bound_only[entry.concept])
        if end <= layout.headline_end and entry.concept not in headline_targets:
            # The headline's first term of the concept: what binds it is what the headline says.
            headline_targets[entry.concept] = resolution.target if resolution.basis in BINDING_BASES else None
        resolutions.append(resolution)
    return resolutions


def find_loaded_terms(text: str, lexicon: Lexicon, *,
                      quote_spans: Iterable[tuple[int, int]] = ()) -> tuple[TermMatch, ...]:
    """Every counted lexicon term in ``text``, by position.

    Parameters
    ----------
    text : str
        The article text (offsets refer to it).
    lexicon : Lexicon
        From :func:`load_lexicon`.
    quote_spans : iterable of (int, int), keyword-only
        Offsets of the text inside quotation marks (for instance the
        ``.start``/``.end`` of quotation records). A term that starts inside
        one is ``in_quote``.

    Returns
    -------
    tuple of TermMatch
        Leftmost-longest, non-overlapping; excluded phrases are not returned.

    Raises
    ------
    TypeError, ValueError
        If ``text`` is not a str, ``lexicon`` not a Lexicon, or a quote span is
        not a pair of offsets inside the text.
    """
    return _find(text, lexicon, quote_spans)[0]


def find_distancing_markers(text: str, lexicon: Lexicon, *,
                            quote_spans: Iterable[tuple[int, int]] = ()) -> tuple[DistancingMarker, ...]:
    """Distancing markers in ``text``, attached to the lexicon term they distance where one is in reach.

    "so-called", "self-styled", "self-proclaimed", "what X calls" (kind
    "so_called") and "alleged", "purported", "supposedly", "claims of" (kind
    "hedge") reach forward: the term must begin within the next
    :data:`DISTANCING_REACH_WORDS` words with no punctuation in between. Scare
    quotes (kind "scare_quotes") are quoted phrases of at most
    :data:`SCARE_QUOTE_MAX_WORDS` words without sentence punctuation, not
    introduced by a colon, comma or reporting verb and not a capitalized
    clause of three or more words, taken from ``quote_spans`` and from the
    quote marks in the text; they distance the terms inside them, or else the
    term beginning within :data:`SCARE_QUOTE_FOLLOWING_WORDS` words after them.
    Parameters as for :func:`find_loaded_terms`.
    """
    return _find(text, lexicon, quote_spans)[1]


# --- Scores -----------------------------------------------------------------------------------------------------


def _rate_per_1000_words(mentions: int, words: int) -> float:
    return mentions / words * 1000.0 if words > 0 else math.nan


def mean_stance(stances: Iterable[int]) -> float:
    """Mean of stance classes (-1, 0, +1); NaN when there are none.

    NaN rather than 0: an article that never names the concept in its own
    voice made no choice, which is not the same as a neutral choice.
    """
    values = list(stances)
    return sum(values) / len(values) if values else math.nan


def score_article_terms(text: str, lexicon: Lexicon, *,
                        quote_spans: Iterable[tuple[int, int]] = ()) -> ArticleTerms:
    """Term choice per concept in one article, with its evidence.

    The stance score of a concept is the mean stance class of the article's
    own-voice mentions (:attr:`TermMatch.own_voice`: not in a quotation and not
    distanced) that name one of the concept's headline targets
    (:meth:`Lexicon.headline_targets`; every mention for a concept without
    targets), so it lies in [-1, 1] and is NaN when the article names them
    only in others' words or not at all. The same mean per target is in
    :attr:`ConceptScore.targets`. Rates are mentions (all voices) per 1,000
    words. Parameters as for :func:`find_loaded_terms`.
    """
    matches, markers = _find(text, lexicon, quote_spans)
    words = count_words(text)
    by_concept: dict[str, list[TermMatch]] = {concept: [] for concept in lexicon.concepts}
    for match in matches:
        by_concept.setdefault(match.concept, []).append(match)
    scores = []
    for concept, concept_matches in by_concept.items():
        own = [m for m in concept_matches if m.own_voice]
        targets = lexicon.targets_of(concept)
        behind_stance = [m.stance for m in own if m.in_headline_stance]
        scores.append(ConceptScore(
            concept=concept,
            mentions=len(concept_matches),
            own_voice=len(own),
            in_quote=sum(m.in_quote for m in concept_matches),
            distanced=sum(m.distanced for m in concept_matches),
            stance=mean_stance(behind_stance),
            rate_per_1000_words=_rate_per_1000_words(len(concept_matches), words),
            term_counts=tuple(Counter(m.term for m in concept_matches).most_common()),
            stance_mentions=len(behind_stance),
            targets=tuple(TargetScore(
                target=target,
                mentions=sum(m.target == target for m in concept_matches),
                own_voice=sum(m.target == target for m in own),
                stance=mean_stance(m.stance for m in own if m.target == target),
            ) for target in targets),
        ))
    return ArticleTerms(words, matches, markers, tuple(scores))


def article_terms_columns(article_terms: ArticleTerms) -> dict[str, float | int]:
    """One flat row for a table of articles.

    Columns: ``words``, ``loaded_terms_per_1000_words``, and per concept
    ``<concept>_mentions`` (all voices), ``<concept>_own_voice`` (the mentions
    behind the stance) and ``<concept>_stance`` (NaN when there are none);
    for a concept with targets, ``<concept>__<target>_stance`` per target
    (``unspecified`` included).
    """
    row: dict[str, float | int] = {
        "words": article_terms.words,
        "loaded_terms_per_1000_words": article_terms.rate_per_1000_words,
    }
    for score in article_terms.concepts:
        row[f"{score.concept}_mentions"] = score.mentions
        row[f"{score.concept}_own_voice"] = score.stance_mentions
        row[f"{score.concept}_stance"] = score.stance
        for target in score.targets:
            row[f"{score.concept}__{target.target}_stance"] = target.stance
    return row
