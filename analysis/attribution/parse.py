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
of ``data/parsed_cues.csv``, which only this pass reads. Nouns of saying
(``data/nominal_cues.csv``) are read with the source beside them: a possessor
("his claim that X", "Trump's call for X") or the subject of a light verb that
has the noun for object ("made no mention of X"). Only sentences with
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
    LIGHT_VERBS,
    MAX_REPORTING_EXPRESSIONS_PER_SENTENCE,
    NOT_AGENT_NOUNS,
    POSSESSIVE_PRONOUNS,
    SHARE_HEADS,
    SPEAKER_NOUNS,
    DataFileError,
    _phrase_regex,
    cue_rows,
    reporting_verbs,
)

PARSED_CUES_FILE = DATA_DIR / "parsed_cues.csv"
NOMINAL_CUES_FILE = DATA_DIR / "nominal_cues.csv"
# A sentence longer than this is a list or a text without full stops, not prose to parse;
# the bound keeps the parser's cost linear in the text.
MAX_PARSED_SENTENCE_CHARACTERS = 1000
# How far up the tree a verb without its own subject looks for a shared one ("X said ... and
# warned ...", "X wants to tell ..."): the head of a coordinated verb, of a to-clause, of a clause.
_SUBJECT_INHERITED_THROUGH = frozenset({"conj", "xcomp", "advcl"})
_SUBJECT_LEVELS = 2
# Prepositions whose object is reported content after any cue verb ("talked about the economy").
_CONTENT_PREPOSITIONS = frozenset({"about", "of"})
_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom"})
_NOT_SPEAKERS = frozenset({"that", "this", "what", "there", "i", "we", "you"})
_NOMINALS = frozenset({"PROPN", "NOUN", "PRON"})
# Prepositions that complete an object as content ("accused him of lying", "praised her for ...",
# "described it as a lapse", "denied class-action status to female employees", "defended himself against ...").
_OBJECT_COMPLEMENT_PREPOSITIONS = frozenset({"of", "for", "as", "to", "against"})
# Relations of a subject's own clause or apposition, left out of the speaker mention (kept in its span).
_SUBJECT_MODIFIERS = frozenset({"relcl", "appos", "acl", "punct", "prep", "advcl", "cc", "conj"})
# A share's own modifiers are the people it counts, part of the mention ("one in five", "some of his allies",
# "those surveyed", "those around him").
_SHARE_MODIFIERS = frozenset({"prep", "acl"})


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
    noun_object_only: bool = False  # a clause verb read with its object too: a noun, never "nothing" or "it"


@functools.lru_cache(maxsize=1)
def parsed_cues() -> tuple[dict[str, tuple[ParsedCue, ...]], re.Pattern[str]]:
    """The cues of every verb form this pass reads (reporting verbs and ``data/parsed_cues.csv``),
    by the form's first word in lower case ("called": "call" and "call for"), and one pattern
    matching those words."""
    by_form: dict[str, list[ParsedCue]] = {}
    phrasal_forms: set[str] = set()
    rows = cue_rows(PARSED_CUES_FILE, ("lemma", "forms", "class", "content"))
    for row in rows:
        if row["content"] not in ("object", "predicate", "preposition"):
            raise DataFileError(f"{row.origin}: content {row['content']!r} of {row['lemma']!r} "
                                f"is not one of object, predicate, preposition")
    # A row naming a verb of reporting_verbs.csv makes this pass read that verb's bare object as content.
    object_readings = {row["lemma"]: row for row in rows if row["content"] == "object"}
    reporting_lemmas = set()
    for verb in reporting_verbs():
        if not verb.reports:
            continue
        words = verb.lemma.split()
        if len(words) > 2:
            continue  # "go on to say": its first word reports nothing alone
        reporting_lemmas.add(verb.lemma)
        row = object_readings.get(verb.lemma)
        if row is not None and row["class"] != verb.verb_class:
            raise DataFileError(f"{row.origin}: class {row['class']!r} of {row['lemma']!r} differs from "
                                f"reporting_verbs.csv ({verb.verb_class!r})")
        particle = words[1] if len(words) == 2 else ""
        cue = ParsedCue(verb.lemma, verb.verb_class, particle, verb.takes_object or bool(particle) or row is not None,
                        verb.document_only, noun_object_only=row is not None and not verb.takes_object)
        for form in verb.forms:
            _add_cue(by_form, form.split()[0], cue)
    for row in rows:
        if row["lemma"] in reporting_lemmas:
            continue
        words = row["lemma"].split()
        cue = ParsedCue(row["lemma"], row["class"], words[1] if len(words) == 2 else "",
                        row["content"] != "preposition", False, row["content"] == "predicate")
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


@dataclass(frozen=True)
class NominalCue:
    """A noun of saying this pass reads (``data/nominal_cues.csv``): the verb lemma it reports as,
    its class and the prepositions whose object is its content."""

    lemma: str
    verb_class: str
    prepositions: frozenset[str]


@functools.lru_cache(maxsize=1)
def nominal_cues() -> tuple[dict[str, NominalCue], re.Pattern[str]]:
    """The nouns of saying by form in lower case, and one pattern matching their forms."""
    by_form: dict[str, NominalCue] = {}
    for row in cue_rows(NOMINAL_CUES_FILE, ("lemma", "forms", "class", "prepositions")):
        prepositions = frozenset(word.strip().lower() for word in row["prepositions"].split("|") if word.strip())
        for form in row["forms"].split("|"):
            by_form[form.strip().lower()] = NominalCue(row["lemma"], row["class"], prepositions)
    forms = sorted(by_form, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w\-’'])(?:" + "|".join(re.escape(form) for form in forms) + r")(?![\w\-’'])",
                         re.IGNORECASE)
    return by_form, pattern


def _nominal_sites(document: Document, contents: SpanIndex | None = None) -> dict[int, frozenset[int]]:
    """Offsets of nouns of saying with their source beside them, by the index of their sentence: after a
    possessive ("his claim", "Trump's call") or a light verb's determiner ("made no mention")."""
    _, pattern = nominal_cues()
    sites: dict[int, frozenset[int]] = {}
    for index, sentence in enumerate(document.sentences):
        if sentence.end - sentence.start > MAX_PARSED_SENTENCE_CHARACTERS:
            continue
        offsets = set()
        for match in pattern.finditer(document.text, sentence.start, sentence.end):
            if _inside(match.start(), document.quote_spans) \
                    or (contents is not None and contents.covers(match.start())):
                continue
            before = [t.lower for t in _tokens(document.text, max(sentence.start, match.start() - 40), match.start())]
            previous = before[-1] if before else ""
            if previous in POSSESSIVE_PRONOUNS or previous.endswith(("'s", "’s")) \
                    or any(word in LIGHT_VERBS for word in before[-3:]):
                offsets.add(match.start())
        if offsets:
            sites[index] = frozenset(offsets)
    return sites


def _add_cue(by_form: dict[str, list[ParsedCue]], form: str, cue: ParsedCue) -> None:
    cues = by_form.setdefault(form, [])
    if all(known.lemma != cue.lemma for known in cues):
        cues.append(cue)


def _cue_of(verb: Any, cues: tuple[ParsedCue, ...]) -> ParsedCue | None:
    """The phrasal cue whose particle the verb governs ("called for" -> "call for"), else the
    one-word cue of its form."""
    governed = {child.lower_ for child in verb.children if child.dep_ in ("prep", "prt") and child.i > verb.i}
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
    verb hanging from a root noun that opens the sentence has that noun for subject. A
    participle modifying a noun ("GOP voters saying they want a ban", "911 calls saying shots
    were fired") has that noun for subject; a verb after a preposition ("began by saying",
    "after talking about security, X suggested") and a to-clause of an adjective ("voters
    were more likely to say") share the subject of the verb they hang from."""
    head = verb.head
    if verb.dep_ in ("acl", "conj") and head.dep_ == "ROOT" and head.pos_ in _NOMINALS \
            and head.i < verb.i and not any(child.dep_ == "nsubj" for child in verb.children):
        return head
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN") and head.i < verb.i:
        return head
    current = verb
    for _ in range(_SUBJECT_LEVELS + 1):
        for child in current.children:
            if child.dep_ == "nsubj":
                if child.lower_ in _RELATIVE_PRONOUNS:
                    # "the Coalition, which described ...", "a headline that said ...": the noun the
                    # relative clause modifies.
                    return current.head if current.dep_ == "relcl" and current.head.pos_ in _NOMINALS else None
                if child.lower_ in _NOT_SPEAKERS:
                    # "the reports that indicate ...": no speaker named; "we stress that ...": in a text
                    # whose quotation marks were stripped, a quotation speaking, not a speaker
                    return None
                return child
            if child.dep_ == "nsubjpass":
                return None
        if current.head is current:
            return None
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head is not current.head:
            current = current.head.head  # "began by saying", "after talking about X, Y suggested"
        elif current.dep_ in _SUBJECT_INHERITED_THROUGH or current.dep_ == "acomp" and current.head.pos_ == "AUX":
            current = current.head
        else:
            return None
    return None


def _can_speak(subject: Any) -> bool:
    """Whether the subject's head can be a source: a name, an acronym, a pronoun, a word the vocabulary
    knows for a source ("officials", "the ministry", "analysts"), a noun for people or a body ("his wife",
    "the company", ``speaker_noun``), an agent noun ("the narrator", "a lobbyist") or a share of people
    ("47 percent", "Six in 10", "most of them"); not an event or a thing the parser made the subject of a
    cue verb ("the blast ... saying", "the claim said", "orange jumpsuits who say")."""
    text = subject.text
    lower = subject.lower_
    if any(child.dep_ == "det" and child.lower_ == "no" for child in subject.children):
        return False  # "No one claimed responsibility": nobody speaks
    if subject.pos_ in ("PROPN", "PRON", "NUM") or is_speaker_word(text):
        return True
    if subject.pos_ != "NOUN":
        return lower in SHARE_HEADS  # "most", "many": the small tagger calls them adjectives
    singular = lower[:-1] if lower.endswith("s") else lower
    return text.istitle() or (text.isupper() and len(text) > 1) or lower in SPEAKER_NOUNS \
        or singular in SPEAKER_NOUNS or lower in SHARE_HEADS \
        or bool(_AGENT_NOUN.search(lower)) and lower not in NOT_AGENT_NOUNS


# Agent nouns, people by their ending: "adviser", "narrator", "lobbyist", "historian", "consultant",
# "resident", "nominee", "volunteer", "congressman", "businesswomen".
_AGENT_NOUN = re.compile(r"[a-z]{2}(?:er|or|ist|ian|ant|ent|ee|eer|man|men)s?$")


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
    share = subject.lower_ in SHARE_HEADS or subject.lower_ == "those"
    for child in subject.rights:
        if child.dep_ in _SUBJECT_MODIFIERS and not (share and child.dep_ in _SHARE_MODIFIERS):
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
        objects = [child for child in children if child.dep_ in ("dobj", "oprd")
                   and not (cue.noun_object_only and child.pos_ == "PRON")]
        if cue.needs_predicate and not any(child.dep_ == "oprd" or _ends_in_quotation(child) for child in objects):
            return None
        if objects:
            objects += [child for child in children if child.i > objects[0].i and (
                child.dep_ == "xcomp" or child.dep_ == "prep" and child.lower_ in _OBJECT_COMPLEMENT_PREPOSITIONS)]
            spans = [_subtree_span(child) for child in objects]
            return min(s for s, _ in spans), max(e for _, e in spans)
    for child in children:
        if child.dep_ == "prep" and child.i > verb.i \
                and child.lower_ in (_CONTENT_PREPOSITIONS | {cue.particle} - {""}):
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


def _ends_in_quotation(token: Any) -> bool:
    """Whether the object's phrase ends with a quotation, the predicate the small parser folds into it
    ("called the use of executive orders “quite dangerous.”", "called that “beyond preposterous.”")."""
    end = token.right_edge.i + 1
    following = token.doc[end:end + 2]
    return any(t.text in _QUOTATION_MARKS for t in [token.right_edge, *following])


_QUOTATION_MARKS = frozenset({'"', "“", "”", "''", "'"})


def _through_closing_quotation(text: str, start: int, end: int) -> int:
    """The content's end moved past the closing mark of a quotation it opens but the parse left out
    ("called it “quite dangerous.”": the stop and the mark hang from the verb)."""
    content = text[start:end]
    if content.count("“") > content.count("”") or content.count('"') % 2:
        closing = _CLOSING_QUOTATION.match(text, end)
        if closing:
            return closing.end()
    return end


_CLOSING_QUOTATION = re.compile(r"[.,!?]?[”\"]")


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
    nouns, _ = nominal_cues()
    taken = used_verbs | {candidate.anchor for candidate in earlier}
    earlier_contents = SpanIndex((c.content_start, c.content_end) for c in earlier)
    by_start = {sentence.start: (sentence, offsets, frozenset())
                for sentence, offsets in _cue_sites(document, taken, earlier_contents)}
    for index, nominal in _nominal_sites(document, earlier_contents).items():
        sentence = document.sentences[index]
        by_start[sentence.start] = (sentence, by_start.get(sentence.start, (sentence, frozenset()))[1], nominal)
    sites = [by_start[start] for start in sorted(by_start)]
    if not sites:
        return []
    text = document.text
    found: list[Candidate] = []
    spans = [(sentence.start, sentence.end) for sentence, _, _ in sites]
    for (sentence, offsets, nominal), doc in zip(sites, parsed_sentences(text, spans), strict=True):
        for token in doc:
            anchor = sentence.start + token.idx
            if anchor in nominal and token.pos_ == "NOUN":
                candidate = _nominal_candidate(text, sentence, token, nouns[token.lower_], anchor)
                # A rule pass that read the same word as a verb ("Trump's call for ...") loses it to the verb
                # check; its content does not stand in the way.
                others = [c for c in (*earlier, *found) if c.anchor != anchor]
                if candidate is not None and not any(
                        c.content_start < candidate.content_end and candidate.content_start < c.content_end
                        for c in others):
                    found.append(candidate)
                continue
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
            start, end = sentence.start + content[0], _through_closing_quotation(
                text, sentence.start + content[0], sentence.start + content[1])
            if _overlaps(earlier_contents, start, end) \
                    or any(c.content_start < end and start < c.content_end for c in found):
                continue
            verb_text = token.text if not cue.particle else f"{token.text} {cue.particle}"
            candidate = _candidate(text, mention, verb_text, cue.lemma, cue.verb_class, anchor, start, end)
            if candidate is not None:
                found.append(candidate)
    return found


def _nominal_candidate(text: str, sentence: Sentence, noun: Any, cue: NominalCue, anchor: int) -> Candidate | None:
    """"his claim that X", "Trump's call for X", "made no mention of X": the possessor (or the light
    verb's subject) speaks; the noun's that-clause, to-clause or preposition's object is the content."""
    possessor = next((child for child in noun.children if child.dep_ == "poss"), None)
    if noun.dep_ in ("pobj", "dobj") and not (noun.dep_ == "dobj" and noun.head.lower_ in LIGHT_VERBS):
        # "a story about his claim that ...", "voters supported his call for ...": the noun phrase is what
        # another verb or preposition is about, most often the content of an attribution around it.
        return None
    if possessor is not None:
        source = possessor
    elif noun.dep_ == "dobj" and noun.head.lower_ in LIGHT_VERBS:
        source = _subject(noun.head)
    else:
        return None
    if source is None or not _can_speak(source):
        return None
    content = None
    for child in noun.rights:
        grandchildren = list(child.children)
        that_clause = child.dep_ in ("acl", "ccomp", "appos") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in grandchildren)
        to_clause = child.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in grandchildren)
        if that_clause or to_clause:
            content = _subtree_span(child)
        elif child.dep_ == "prep" and child.lower_ in cue.prepositions:
            objects = [g for g in grandchildren if g.dep_ in ("pobj", "pcomp")]
            content = _subtree_span(objects[0]) if objects else None
        if content is not None:
            break
    if content is None:
        return None
    if source.lower_ in POSSESSIVE_PRONOUNS:
        speaker_start, speaker_end = _span([source])
    else:
        speaker_start, speaker_end = _subtree_span(source)  # "Trump's": the text's token keeps its "'s"
    mention = _describe(text, sentence.start + speaker_start, sentence.start + speaker_end)
    if source.lower_ not in POSSESSIVE_PRONOUNS and names_no_source(text, mention):
        return None
    start = sentence.start + content[0]
    end = _through_closing_quotation(text, start, sentence.start + content[1])
    candidate = _candidate(text, mention, noun.text, cue.lemma, cue.verb_class, anchor, start, end)
    return replace(candidate, nominal=True) if candidate is not None else None


def _overlaps(spans: SpanIndex, start: int, end: int) -> bool:
    """Whether a span of ``spans`` overlaps ``[start, end)``: one covers ``start`` or starts inside."""
    if spans.covers(start):
        return True
    first = bisect.bisect_left(spans.starts, start)
    return first < len(spans.starts) and spans.starts[first] < end
