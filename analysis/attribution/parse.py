"""Step 4b, the parse pass: a cue verb's subject and complement from a dependency parse.

The rule passes find a speaker as the run of words next to the verb and the
content from the verb to the clause's end. They miss a subject that the verb
does not touch ("Sen. Bernie Sanders (I-Vt.) said Sunday in Madison,
Wisconsin, that ...", "Ramos, 58, told AFP"), verbs whose content is an object
("Trump called Clinton a liar", "she praised the ruling") and to-clauses ("he
vowed to repeal it"). This pass reads the sentences that still hold a cue verb
no earlier pass used, parses them with spaCy's small English pipeline (tagger
and parser only, :func:`analysis.attribution.tagging.parsed_sentences`) and
reads, as the Gender Gap Tracker's syntactic quote extractor does (Asr et al.
2021): cue verb -> ``nsubj`` = speaker, ``ccomp`` = content; else the object
(with its predicate, "called X Y"), a preposition's object ("talked about X",
"called for X") or a to-clause (``xcomp``) for verbs that report through one.

Cue verbs are the reporting verbs of ``data/reporting_verbs.csv`` and the verbs
of ``data/parsed_cues.csv``, which only this pass reads. Only sentences with
such a verb are parsed, so that a cold run stays well under the cost of the
full pipeline over every text (``benchmarks/benchmark_scoring.py``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from analysis.attribution.cues import Candidate, _candidate
from analysis.attribution.document import Document, Sentence, SpanIndex, _inside, _tokens
from analysis.attribution.mentions import _describe, is_speaker_word, names_no_source
from analysis.attribution.tagging import parsed_sentences
from analysis.attribution.vocabulary import (
    DATA_DIR,
    DETERMINERS,
    DOCUMENT_HEADS,
    MAX_REPORTING_EXPRESSIONS_PER_SENTENCE,
    VERB_CLASSES,
    DataFileError,
    _data_rows,
    _phrase_regex,
    reporting_verbs,
)

PARSED_CUES_FILE = DATA_DIR / "parsed_cues.csv"
# A sentence longer than this is a list or a text without full stops, not prose to parse;
# the bound keeps the parser's cost linear in the text.
MAX_PARSED_SENTENCE_CHARACTERS = 1000
# How far up the tree a verb without its own subject looks for a shared one ("X said ... and
# warned ...", "X wants to tell ..."): the head of a coordinated verb, of a to-clause, of a clause.
_SUBJECT_INHERITED_THROUGH = frozenset({"conj", "xcomp", "advcl"})
_SUBJECT_LEVELS = 2
# Prepositions whose object is reported content after any cue verb ("talked about the economy").
_CONTENT_PREPOSITIONS = frozenset({"about"})
_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom"})
_NOT_SPEAKERS = frozenset({"that", "this", "what", "there", "i", "we", "you"})
_NOMINALS = frozenset({"PROPN", "NOUN", "PRON"})
# Prepositions that complete an object as content ("accused him of lying", "praised her for ...",
# "described it as a lapse", "denied class-action status to female employees", "defended himself against ...").
_OBJECT_COMPLEMENT_PREPOSITIONS = frozenset({"of", "for", "as", "to", "against"})
# Relations of a subject's own clause or apposition, left out of the speaker mention (kept in its span).
_SUBJECT_MODIFIERS = frozenset({"relcl", "appos", "acl", "punct", "prep", "advcl", "cc", "conj"})


@dataclass(frozen=True)
class ParsedCue:
    """A verb this pass reads: its lemma, stance class, the particle of a phrasal lemma
    ("for" of "call for"), whether a bare object is content, and whether it reports
    only with a document for subject ("polls show")."""

    lemma: str
    verb_class: str
    particle: str
    takes_object: bool
    document_only: bool
    needs_predicate: bool = False  # "call": only "called X Y" reports ("called a meeting" does not)


@functools.lru_cache(maxsize=1)
def parsed_cues() -> tuple[dict[str, tuple[ParsedCue, ...]], re.Pattern[str]]:
    """The cues of every verb form this pass reads (reporting verbs and ``data/parsed_cues.csv``),
    by the form's first word in lower case ("called": "call" and "call for"), and one pattern
    matching those words."""
    by_form: dict[str, list[ParsedCue]] = {}
    phrasal_forms: set[str] = set()
    for verb in reporting_verbs():
        if not verb.reports:
            continue
        words = verb.lemma.split()
        if len(words) > 2:
            continue  # "go on to say": its first word reports nothing alone
        particle = words[1] if len(words) == 2 else ""
        cue = ParsedCue(verb.lemma, verb.verb_class, particle, verb.takes_object or bool(particle),
                        verb.document_only)
        for form in verb.forms:
            _add_cue(by_form, form.split()[0], cue)
    for row in _data_rows(PARSED_CUES_FILE, ("lemma", "forms", "class", "content")):
        if row["class"] not in VERB_CLASSES:
            raise DataFileError(f"{row.origin}: class {row['class']!r} of {row['lemma']!r} "
                                f"is not one of {', '.join(VERB_CLASSES)}")
        if row["content"] not in ("object", "predicate"):
            raise DataFileError(f"{row.origin}: content {row['content']!r} of {row['lemma']!r} "
                                f"is not one of object, predicate")
        words = row["lemma"].split()
        cue = ParsedCue(row["lemma"], row["class"], words[1] if len(words) == 2 else "", True, False,
                        row["content"] == "predicate")
        for form in row["forms"].split("|"):
            _add_cue(by_form, form.strip().lower().split()[0], cue)
            phrasal_forms.add(form.strip().lower())
    # Whole forms: "made clear" is a cue, "made" alone is not.
    forms = {form for verb in reporting_verbs() if verb.reports and len(verb.lemma.split()) <= 2
             for form in verb.forms} | phrasal_forms
    pattern = re.compile(r"(?<![\w\-’'])(?:" + "|".join(_phrase_regex(form) for form in
                                                          sorted(forms, key=len, reverse=True))
                         + r")(?![\w\-])", re.IGNORECASE)
    return {form: tuple(cues) for form, cues in by_form.items()}, pattern


def _add_cue(by_form: dict[str, list[ParsedCue]], form: str, cue: ParsedCue) -> None:
    cues = by_form.setdefault(form, [])
    if all(known.lemma != cue.lemma for known in cues):
        cues.append(cue)


def _cue_of(verb: Any, cues: tuple[ParsedCue, ...]) -> ParsedCue | None:
    """The phrasal cue whose particle the verb governs ("called for" -> "call for"), else the
    one-word cue of its form."""
    governed = {child.lower_ for child in verb.children if child.dep_ in ("prep", "prt")}
    phrasal = [cue for cue in cues if cue.particle and cue.particle in governed]
    if phrasal:
        return phrasal[0]
    return next((cue for cue in cues if not cue.particle), None)


def _cue_sites(document: Document, taken: frozenset[int],
               contents: SpanIndex | None = None) -> Iterator[tuple[Sentence, frozenset[int]]]:
    """Sentences holding a cue form outside quotations whose offset no earlier pass took and that
    is not plainly a noun (after a determiner or possessive, or capitalized inside a sentence that
    is not a title-case headline), with those offsets; "show" and "find" only after a document word.
    A cue inside an earlier candidate's content (``contents``) is not read: its own content would
    overlap that one, and such a candidate is dropped anyway."""
    by_form, pattern = parsed_cues()
    for sentence in document.sentences:
        if sentence.end - sentence.start > MAX_PARSED_SENTENCE_CHARACTERS:
            continue
        headline = _is_title_case(document.text[sentence.start:sentence.end])
        offsets = set()
        for match in pattern.finditer(document.text, sentence.start, sentence.end):
            if len(offsets) == MAX_REPORTING_EXPRESSIONS_PER_SENTENCE:
                break
            if match.start() in taken or _inside(match.start(), document.quote_spans) \
                    or (contents is not None and contents.covers(match.start())) \
                    or (match.group()[0].isupper() and match.start() > sentence.start and not headline) \
                    or _after_determiner(document.text, sentence, match.start()):
                continue  # "the Islamic State", "the talks", "Peskov's comments": not parsed
            if all(cue.document_only for cue in by_form.get(match.group().split()[0].lower(), ())):
                # "polls show", "a report found": parsed only with a document word before the verb.
                words_before = (t.lower for t in _tokens(document.text, sentence.start, match.start()))
                if not any(word in DOCUMENT_HEADS or word.rstrip("s") in DOCUMENT_HEADS for word in words_before):
                    continue
            offsets.add(match.start())
        if offsets:
            yield sentence, frozenset(offsets)


def _is_title_case(sentence: str) -> bool:
    """A headline written in title case ("Trump Says He Never Pledged To Kill ..."), where a
    capitalized cue is a verb like any other."""
    words = [word for word in sentence.split() if word[:1].isalpha()]
    return len(words) >= _TITLE_MIN_WORDS and sum(word[0].isupper() for word in words) >= _TITLE_SHARE * len(words)


# A title-case headline: at least this many words, this share of them capitalized.
_TITLE_MIN_WORDS = 4
_TITLE_SHARE = 0.8


def _after_determiner(text: str, sentence: Sentence, position: int) -> bool:
    """Whether the word at ``position`` follows a determiner or a possessive ("the claims",
    "Peskov's comments"): a noun, not worth a parse."""
    before = _tokens(text, max(sentence.start, position - 40), position)
    if not before:
        return False
    previous = before[-1].lower
    return (previous in DETERMINERS and previous != "that") or previous.endswith(("'s", "’s"))


def _span(tokens: list[Any]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_span(token: Any) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _subject(verb: Any) -> Any | None:
    """The verb's ``nsubj``, or that of the verb it is coordinated with or completes.

    The small parser often reads "Trump called Clinton a liar and praised Putin" as a noun
    with modifiers (``Trump`` the root, ``called`` its ``acl``, ``praised`` its ``conj``): a
    verb hanging from a root noun that opens the sentence has that noun for subject."""
    head = verb.head
    if verb.dep_ in ("acl", "conj") and head.dep_ == "ROOT" and head.pos_ in _NOMINALS \
            and head.i < verb.i and not any(child.dep_ == "nsubj" for child in verb.children):
        return head
    current = verb
    for _ in range(_SUBJECT_LEVELS + 1):
        for child in current.children:
            if child.dep_ == "nsubj":
                if child.lower_ in _NOT_SPEAKERS:
                    # "the reports that indicate ...": no speaker named; "we stress that ...": in a text
                    # whose quotation marks were stripped, a quotation speaking, not a speaker
                    return None
                if child.lower_ in _RELATIVE_PRONOUNS:
                    # "the Coalition, which described ...": the noun the relative clause modifies.
                    return current.head if current.dep_ == "relcl" and current.head.pos_ in _NOMINALS else None
                return child
            if child.dep_ == "nsubjpass":
                return None
        if current.dep_ not in _SUBJECT_INHERITED_THROUGH or current.head is current:
            return None
        current = current.head
    return None


def _can_speak(subject: Any) -> bool:
    """Whether the subject's head can be a source: a name, a pronoun, or a word the vocabulary knows
    for a source ("officials", "the ministry", "analysts"), not an event or a thing the parser made
    the subject of a cue verb ("the blast ... saying", "the claim said", "orange jumpsuits who say")."""
    return subject.pos_ in ("PROPN", "PRON") or subject.text.istitle() and subject.pos_ == "NOUN" \
        or is_speaker_word(subject.text)


def _relative_pronoun(verb: Any, subject: Any) -> Any | None:
    """The relative pronoun subject of ``verb``'s clause when :func:`_subject` stood the noun it
    refers to in for it."""
    return next((child for child in verb.children
                 if child.dep_ == "nsubj" and child.lower_ in _RELATIVE_PRONOUNS and child.i > subject.i), None)


def _speaker_span(subject: Any) -> tuple[int, int]:
    """The subject's words up to and including its head, without a clause or apposition
    that follows it ("Lloyd Grove, the Daily Beast editor who ..." -> "Lloyd Grove")."""
    start = subject.left_edge.i
    end = subject.i
    for child in subject.rights:
        if child.dep_ in _SUBJECT_MODIFIERS:
            break
        end = child.right_edge.i
    doc = subject.doc
    return _span([doc[start], doc[end]])


def _content(verb: Any, cue: ParsedCue) -> tuple[int, int] | None:
    """The content's span: a complement clause; else, for a verb that reports through one, the
    object (with "called X Y"'s predicate), a preposition's object or a to-clause."""
    children = list(verb.children)
    for child in children:
        if child.dep_ == "ccomp":
            return _subtree_span(child)
    if cue.takes_object:
        # The object with what completes it: "called Clinton a liar", "urged voters to stay home",
        # "accused him of lying".
        objects = [child for child in children if child.dep_ in ("dobj", "oprd")]
        if cue.needs_predicate and not any(child.dep_ == "oprd" for child in objects):
            return None
        if objects:
            objects += [child for child in children if child.i > objects[0].i and (
                child.dep_ == "xcomp" or child.dep_ == "prep" and child.lower_ in _OBJECT_COMPLEMENT_PREPOSITIONS)]
            spans = [_subtree_span(child) for child in objects]
            return min(s for s, _ in spans), max(e for _, e in spans)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in (_CONTENT_PREPOSITIONS | {cue.particle} - {""}):
            objects = [grandchild for grandchild in child.children if grandchild.dep_ in ("pobj", "pcomp")]
            if objects:
                # "calling on Emanuel to remake the department": the to-clause completes the object.
                completions = [other for other in children if other.dep_ == "xcomp" and other.i > objects[0].i]
                start, end = _subtree_span(objects[0])
                return start, max([end, *(_subtree_span(other)[1] for other in completions)])
    for child in children:
        if child.dep_ == "xcomp" and any(grandchild.dep_ == "aux" and grandchild.lower_ == "to"
                                         for grandchild in child.children):
            return _subtree_span(child)
    return None


def _is_negated(verb: Any) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def parsed_clause_candidates(document: Document, earlier: tuple[Candidate, ...],
                             used_verbs: frozenset[int]) -> list[Candidate]:
    """Candidates from the parse of the sentences whose cue verbs no earlier pass used.

    A cue verb (tagged VERB) gives a candidate when it is not negated, has a subject
    (:func:`_subject`) and a content (:func:`_content`) that no earlier candidate's
    content already covers; a verb that reports only with a document for subject
    ("polls show") needs one.
    """
    by_form, _ = parsed_cues()
    taken = used_verbs | {candidate.anchor for candidate in earlier}
    earlier_contents = SpanIndex((c.content_start, c.content_end) for c in earlier)
    sites = list(_cue_sites(document, taken, earlier_contents))
    if not sites:
        return []
    text = document.text
    found: list[Candidate] = []
    spans = [(sentence.start, sentence.end) for sentence, _ in sites]
    for (sentence, offsets), doc in zip(sites, parsed_sentences(text, spans), strict=True):
        for token in doc:
            anchor = sentence.start + token.idx
            if anchor not in offsets or token.pos_ != "VERB" or _is_negated(token):
                continue
            cue = _cue_of(token, by_form.get(token.lower_, ()))
            subject = _subject(token)
            content = _content(token, cue) if cue is not None else None
            if cue is None or subject is None or content is None or not _can_speak(subject):
                continue
            speaker_start, speaker_end = _speaker_span(subject)
            mention = _describe(text, sentence.start + speaker_start, sentence.start + speaker_end)
            if names_no_source(text, mention):
                continue  # "Aleppo said": a place is a misreading, as in the rule passes
            relative = _relative_pronoun(token, subject)
            if relative is not None:
                # "Borges, who predicted ...": the name speaks, and the mention's span runs to the
                # pronoun that stands for it in the clause (PolNeAR marks the pronoun as the source).
                mention = replace(mention, end=sentence.start + relative.idx + len(relative.text))
            if cue.document_only and mention.speaker_type != "document":
                continue
            start, end = sentence.start + content[0], sentence.start + content[1]
            if _overlaps(earlier_contents, start, end) \
                    or any(c.content_start < end and start < c.content_end for c in found):
                continue
            verb_text = token.text if not cue.particle else f"{token.text} {cue.particle}"
            candidate = _candidate(text, mention, verb_text, cue.lemma, cue.verb_class, anchor, start, end)
            if candidate is not None:
                found.append(candidate)
    return found


def _overlaps(spans: SpanIndex, start: int, end: int) -> bool:
    """Whether a span of ``spans`` overlaps ``[start, end)``: one covers ``start`` or starts inside."""
    if spans.covers(start):
        return True
    first = bisect.bisect_left(spans.starts, start)
    return first < len(spans.starts) and spans.starts[first] < end
