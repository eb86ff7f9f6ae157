"""Step 4, passes: candidate attributions, each pass a named step that can be switched off.

Every pass reads the :class:`~analysis.attribution.document.Document` and the
candidates found by the passes before it, and returns its own candidates
(speaker mention, verb, content span); the set of reporting verbs already used
travels explicitly between the passes that use verbs. The passes, in order:

- ``direct_quotations``: "“…,” X said", "“…,” said X", "X said: “…”", "…, saying “…”";
- ``according_to``: "according to X", "citing X";
- ``quoted_as_saying``: "X quoted Y as saying" and "Y was quoted as saying" (the speaker is Y);
- ``indirect_speech``: every other reporting verb ("X said (that) …", "…, X said",
  participles, coordinated verbs, passives "… was announced by X");
- ``parsed_clauses``: a cue verb no earlier pass used, its subject and complement read from a
  dependency parse of its sentence (``analysis/attribution/parse.py``);
- ``headlines``: "Claim: Source" and "Source title: Claim";
- ``continuations``: a quotation paragraph with no verb continues the previous speaker.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from analysis.attribution.cues import (
    _DATELINE,
    _OPENING_ADVERBIAL,
    Candidate,
    _candidate,
    _clause_end,
    _content_side,
    _is_negated,
    _looks_like_noun,
    _sentence_subject,
    _skip_addressee,
    _skip_adjuncts,
    _skip_apposition,
    _skip_between,
    _tokens_before,
    _verb_matches,
    _verbs_before,
)
from analysis.attribution.document import Document, Sentence, SpanIndex, Token, _inside, _strip_span, _tokens
from analysis.attribution.mentions import Mention, _describe, _scan_backward, _scan_forward, generic_object_phrase
from analysis.attribution.parse import parsed_clause_candidates
from analysis.attribution.vocabulary import (
    CONTINUATION_MIN_WORDS,
    CONTINUATION_REACH_CHARACTERS,
    MAX_REPORTING_EXPRESSIONS_PER_SENTENCE,
    NEGATIONS,
    PASSIVE_AUXILIARIES,
    ReportingVerb,
    _verb_entry,
    _vocabulary,
)
from analysis.quotes import Quotation


def _direct_quotations(text: str, sentences: list[Sentence], quotations: list[Quotation],
                       used_verbs: set[int]) -> list[Candidate]:
    """Pass 2: a quotation that opens or closes its sentence, with a reporting verb beside it."""
    found = []
    # The candidates found so far in each sentence: a participle's subject is looked for among them.
    found_in_sentence: dict[int, list[Candidate]] = {}
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
            if candidate is None:
                candidate = _attribution_sentence_after(text, sentences, starts, sentence, quotation, close_at,
                                                        used_verbs)
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


def _opens_sentence(text: str, sentence: Sentence, open_at: int) -> bool:
    """Whether a quotation opening at ``open_at`` opens its sentence, after a dateline at most."""
    if _SPACES.fullmatch(text, sentence.start, max(sentence.start, open_at)):
        return True
    return open_at - sentence.start <= _DATELINE_MAX_CHARACTERS and bool(
        _DATELINE.fullmatch(text[sentence.start:open_at]))


def _sentence_at(sentences: list[Sentence], starts: list[int], position: int) -> Sentence | None:
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


def _verb_after_quotation(text: str, sentence: Sentence, quotation: Quotation, close_at: int,
                          used_verbs: set[int]) -> Candidate | None:
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
            if (mention is None or mention.start != after) and tokens and tokens[-1].text == ",":
                # "“…,” Gene Sperling, a top outside Clinton adviser, said": the name before its apposition.
                mention = _scan_backward(text, _skip_apposition(text, tokens))
            if mention is None or mention.start != after:
                # An apposition without commas: "“…” Ahmet Uzumcu the head of the OPCW said".
                mention = _scan_forward(text, after, verb.start())
                if mention is None or _skip_between(_tokens(text, mention.end, verb.start())):
                    return None
        used_verbs.add(verb.start())
        return _candidate(text, mention, verb.group(), entry.lemma, entry.verb_class, verb.start(),
                          quotation.start, quotation.end, quotation=True)
    return None


def _attribution_sentence_after(text: str, sentences: list[Sentence], starts: list[int], sentence: Sentence,
                                quotation: Quotation, close_at: int, used_verbs: set[int]) -> Candidate | None:
    """"“Is that all there is?” Trump said.", "“… fix!” Clinton said to People.": a quotation that ends its
    sentence ("?”", "!”", several quoted sentences) and whose attribution is the next sentence of the
    paragraph, a speaker and a reporting verb with nothing after them but adjuncts."""
    if not _QUOTATION_TAIL.fullmatch(text, close_at, max(close_at, sentence.end)):
        return None
    index = bisect.bisect_right(starts, sentence.start)
    if index >= len(sentences) or sentences[index].paragraph != sentence.paragraph:
        return None
    following = sentences[index]
    if following.end - following.start > _ATTRIBUTION_SENTENCE_CHARACTERS \
            or _ANY_DOUBLE_MARK.search(text, following.start, following.end):
        return None
    probe = set(used_verbs)
    candidate = _verb_after_quotation(text, Sentence(sentence.start, following.end, sentence.paragraph),
                                      quotation, close_at, probe)
    if candidate is None or candidate.mention is None:
        return None
    position = max(candidate.anchor + len(candidate.verb), candidate.mention.end)
    if _content_side(text, position, following.end)[0] != "before":
        return None  # "“…?” He said the plan was bad.": the verb reports a content of its own
    used_verbs.update(probe)
    return candidate


# An attribution sentence after a quotation ("Trump said to a crowd of about 500 in Iowa on Friday.").
_ATTRIBUTION_SENTENCE_CHARACTERS = 200


def _through_document(text: str, mention: Mention, limit: int) -> Mention:
    """"a statement issued by his spokesman": the speaker is the one behind the document."""
    if mention.speaker_type != "document":
        return mention
    by = re.match(r"\s+(?:issued\s+|released\s+|signed\s+|published\s+)?(?:by|from)\s+", text[mention.end:limit])
    if not by:
        return mention
    inner = _scan_forward(text, mention.end + by.end(), limit)
    return inner if inner is not None else mention


def _verb_before_quotation(text: str, sentence: Sentence, quotation: Quotation, open_at: int,
                           used_verbs: set[int], found: list[Candidate]) -> Candidate | None:
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


def _speaker_of_verb(text: str, sentence: Sentence, verb: re.Match[str],
                     earlier: list[Candidate]) -> Mention | None:
    """The subject of a reporting verb: the mention before it, or for a participle
    or a coordinated verb the subject of its sentence."""
    tokens = _tokens_before(text, sentence, verb.start())
    form = verb.group().lower()
    previous = tokens[-1].lower if tokens else ""
    if form.split()[0].endswith("ing") or previous in ("and", "but", ",") or not tokens:
        return _earlier_subject(text, sentence, verb.start(), earlier)
    tokens = _skip_apposition(text, _skip_between(tokens))
    return _scan_backward(text, tokens)


def _earlier_subject(text: str, sentence: Sentence, position: int, earlier: list[Candidate]) -> Mention | None:
    """The subject that a participle or a coordinated verb shares: that of the last
    finite reporting verb before it in the sentence (negated ones too: "did not
    say ..., but said"), else the sentence's opening mention."""
    last_finite: tuple[int, Mention] | None = None
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


def _skip_negation(tokens: list[Token]) -> list[Token]:
    index = len(tokens)
    while index > 0 and (tokens[index - 1].lower in NEGATIONS | {"did", "does", "do", "would", "could", "to"}
                         or tokens[index - 1].lower.endswith("n't")):
        index -= 1
    return tokens[:index]


_ACCORDING_TO = re.compile(r"(?<![\w\-])(?:according\s+to|citing)(?![\w\-])", re.IGNORECASE)


def _according_to(text: str, sentences: list[Sentence], quote_spans: SpanIndex) -> list[Candidate]:
    """Pass 3: "according to X" and "citing X"."""
    found = []
    for sentence in sentences:
        for match in _first_expressions(_ACCORDING_TO.finditer(text, sentence.start, sentence.end)):
            if _inside(match.start(), quote_spans):
                continue
            mention = _scan_forward(text, match.end(), sentence.end)
            # Whatever follows "according to" is the source: a poll, data, "several party officials";
            # a document phrase that runs past a name is the source ("a CNN/WMUR poll").
            gap = re.match(r"\s*", text[match.end():match.end() + 5])
            phrase = generic_object_phrase(text, match.end() + (gap.end() if gap else 0), sentence.end)
            if mention is None or not (mention.name or mention.head or mention.affiliation) or (
                    phrase is not None and phrase.speaker_type == "document" and phrase.end > mention.end):
                mention = phrase
            if mention is None:
                continue
            verb = re.sub(r"\s+", " ", match.group())
            lemma = "according to" if verb.lower().startswith("according") else "cite"
            if _COMMAS_AND_SPACES.fullmatch(text, sentence.start, max(sentence.start, match.start())) or (
                    match.start() - sentence.start <= _DATELINE_MAX_CHARACTERS
                    and _DATELINE.fullmatch(text[sentence.start:match.start()])):
                candidate = _candidate(text, mention, verb, lemma, "neutral", match.start(), mention.end,
                                       sentence.end)
            else:
                start, end = _according_to_content(text, sentence, match.start(), mention.end)
                candidate = _candidate(text, mention, verb, lemma, "neutral", match.start(), start, end)
            if candidate is not None:
                found.append(candidate)
    return found


_COMMAS_AND_SPACES = re.compile("[ ,]*")
_CLAUSE_GOES_ON = re.compile(r",\s*[\w“\"']")
_SOURCE_PHRASE_TAIL_CHARACTERS = 60


def _according_to_content(text: str, sentence: Sentence, expression_start: int, source_end: int) -> tuple[int, int]:
    """The content of an "according to X" inside a sentence: the clause before it, or the whole
    sentence when the clause goes on after the source ("In Iowa, Trump is in first, according to the
    polling average, although Carson keeps it close"); inside parentheses, what they hold."""
    opening = text.rfind("(", sentence.start, expression_start)
    if opening >= 0 and text.find(")", opening, expression_start) < 0:
        return opening + 1, expression_start
    start = _content_start(text, sentence)
    # The source's phrase may run past its mention ("the Real Clear Politics polling average").
    comma = text.find(",", source_end, min(sentence.end, source_end + _SOURCE_PHRASE_TAIL_CHARACTERS))
    if comma >= 0 and _CLAUSE_GOES_ON.match(text, comma, sentence.end):
        return start, sentence.end
    return start, expression_start


def _first_expressions(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    """The first MAX_REPORTING_EXPRESSIONS_PER_SENTENCE of a sentence's reporting expressions."""
    return itertools.islice(matches, MAX_REPORTING_EXPRESSIONS_PER_SENTENCE)


def _content_start(text: str, sentence: Sentence) -> int:
    dateline = _DATELINE.match(text, sentence.start, sentence.end)
    if dateline and dateline.end() - sentence.start < 50 and re.search(r"[—–]|--|\(", dateline.group()):
        return dateline.end()
    return sentence.start


_QUOTED_AS_SAYING = re.compile(
    r"(?<![\w\-])(?P<verb>quoted|cited|reported|quoting|citing)\s+(?P<speaker>[^.;:!?\"“”]{2,160}?)\s+as\s+"
    r"(?P<saying>saying|telling)(?![\w\-])")
_PASSIVE_QUOTED = re.compile(r"(?<![\w\-])(?:was|were|is|are|been)\s+(?P<verb>quoted|cited)\s+as\s+"
                             r"(?P<saying>saying)(?![\w\-])")


def _quoted_as_saying(text: str, sentences: list[Sentence], quote_spans: SpanIndex,
                      used_verbs: set[int]) -> list[Candidate]:
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


def _quoting_medium_start(text: str, sentence: Sentence, verb_start: int) -> int:
    """The medium that does the quoting ("The Interfax news agency quoted ...") ends the content before it."""
    medium = _scan_backward(text, _skip_between(_tokens_before(text, sentence, verb_start)))
    return medium.start if medium is not None else verb_start


def _reported_around(text: str, sentence: Sentence, mention: Mention, verb_text: str, anchor: int,
                     after: int, before_end: int) -> Candidate | None:
    side, position = _content_side(text, after, sentence.end)
    lemma = re.sub(r"(ed|ing)$", "", verb_text.split()[0].lower())
    lemma = {"quot": "quote", "cit": "cite", "report": "report"}.get(lemma, lemma)
    if side == "after":
        return _candidate(text, mention, verb_text, lemma, "neutral", anchor, position,
                          _clause_end(text, position, sentence.end, []))
    return _candidate(text, mention, verb_text, lemma, "neutral", anchor, _content_start(text, sentence), before_end)


@dataclass(frozen=True)
class VerbSite:
    """A reporting verb in a sentence and what kind of clause it starts."""

    match: re.Match[str]
    entry: ReportingVerb
    # Where the content of an earlier verb must stop; None for a verb with no speaker of its own
    # ("he did not recall whether ...", "her days as secretary of state"): it is part of that content.
    boundary: int | None


def _indirect_speech(text: str, sentences: list[Sentence], quote_spans: SpanIndex,
                     used_verbs: set[int], earlier: list[Candidate]) -> list[Candidate]:
    """Pass 5: every reporting verb not used yet, with its speaker and its content."""
    found: list[Candidate] = []
    # The earlier candidates made in each sentence, in their order: a participle's
    # subject and a passive's content are looked for among them.
    starts = [sentence.start for sentence in sentences]
    in_sentence: dict[int, list[Candidate]] = {}
    for candidate in earlier:
        index = bisect.bisect_right(starts, candidate.anchor) - 1
        if index >= 0 and candidate.anchor < sentences[index].end:
            in_sentence.setdefault(index, []).append(candidate)
    for index, sentence in enumerate(sentences):
        sites = _verb_sites(text, sentence, quote_spans)
        boundaries = [site.boundary for site in sites if site.boundary is not None]
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


def _verb_sites(text: str, sentence: Sentence, quote_spans: SpanIndex) -> list[VerbSite]:
    sites: list[VerbSite] = []
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
            ends_sentence = not text[verb.end():sentence.end].strip(_SENTENCE_END_CHARACTERS)
            boundary = mention.start if mention is not None and (
                ends_sentence or _opens_clause(text, sentence, mention.start)) else None
        sites.append(VerbSite(verb, entry, boundary))
    return sites


# Words after which a subject opens a clause of its own ("..., and Y said", "... while Y said").
_CLAUSE_OPENERS = frozenset({"and", "but", "or", "while", "whereas", "as", "when", "because", "although", "though",
                             "after", "before", "since", "if", "so", "yet"})
_CLAUSE_PUNCTUATION = frozenset(",;:—–-(\"“”")


# What may follow a verb that ends its sentence ("... chemical weapons use the official said.").
_SENTENCE_END_CHARACTERS = " .,;:!?\"”’'"


def _opens_clause(text: str, sentence: Sentence, position: int) -> bool:
    """Whether a later verb's subject at ``position`` opens a clause of its own (after punctuation or a
    conjunction, or at the sentence start), so that an earlier verb's content ends before it; a subject
    inside that content ("Kiedis said his band and collaborator Brian Burton wrote a host of songs",
    "her editors took out one scene she wrote") does not end it. (A subject whose verb ends the sentence
    ends it anyway: "... any chemical weapons use the official said", in a text whose commas were stripped.)"""
    before = text[sentence.start:position].rstrip()
    if not before or before[-1] in _CLAUSE_PUNCTUATION or before.endswith("''"):
        return True
    last_word = re.search(r"[\w’'\-]+$", before)
    return last_word is not None and last_word.group().lower() in _CLAUSE_OPENERS


def _indirect_at(text: str, sentence: Sentence, site: VerbSite, boundaries: list[int],
                 earlier: list[Candidate]) -> Candidate | None:
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
        if mention is None and (previous == "," or not tokens or _verb_inverted(text, verb, sentence)):
            mention = _scan_forward(text, verb.end(), sentence.end)
            inverted = mention is not None
            if inverted:
                after_verb = mention.end
    if mention is None:
        return None
    if entry.document_only and mention.speaker_type != "document":
        return None  # "the video shows", "rescuers found": an action, not an attribution
    position = after_verb
    if form.startswith(("told", "tell")):
        position = _skip_addressee(text, _skip_adjuncts(text, position, sentence.end), sentence.end)
    side, content_from = _content_side(text, position, sentence.end)
    if inverted:
        side = "before"
    if not participle and previous in PASSIVE_AUXILIARIES and side == "before":
        return None  # "Jokes are told, interviews are requested": a passive whose subject is what was said
    if side == "after" and not entry.takes_object and not participle and entry.verb_class == "adversarial" \
            and not text[position:content_from].strip().startswith("that") \
            and text[content_from:content_from + 1] not in "\"“":
        return None  # "X rejected a request" is an action, not a statement
    if side == "after":
        if _AGENT_OR_MEANS.match(text, content_from):
            return None  # "responded by blocking ...", "exit polls reported by CNN": how, or by whom, not what
        end = _clause_end(text, content_from, sentence.end, boundaries)
        if len(text[content_from:end].split()) <= 1 and text[content_from:content_from + 1] not in "\"“":
            return None
        return _candidate(text, mention, verb.group(), entry.lemma, entry.verb_class, verb.start(),
                          content_from, end)
    if participle or previous in ("and", "but"):
        return None
    content_end = mention.start if not inverted else verb.start()
    content_start = _content_start(text, sentence)
    if not inverted:
        content_end = _parenthetical_end(text, sentence, content_from, boundaries) or content_end
    if _OPENING_ADVERBIAL.fullmatch(text, content_start, content_end) \
            or len(text[content_start:content_end].split()) <= _OPENER_MAX_WORDS:
        # "In an interview on Monday night, Trump responded", "While Clinton pledged ...", "Yet another
        # said": the sentence's opening says when or how, not what
        return None
    return _candidate(text, mention, verb.group(), entry.lemma, entry.verb_class, verb.start(),
                      content_start, content_end)


_AGENT_OR_MEANS = re.compile(r"by\s", re.IGNORECASE)
# A content before its speaker this short is the sentence's opening word or two ("While", "But as").
_OPENER_MAX_WORDS = 2


# Words that open a clause of the reporter's own after "..., X said," (not the rest of the content).
_OWN_CLAUSE_OPENERS = frozenset({"as", "when", "while", "although", "though", "but", "and", "which",
                                 "who", "where", "according", "after", "before", "in", "at", "on", "during"})


def _parenthetical_end(text: str, sentence: Sentence, after_verb: int, boundaries: list[int]) -> int | None:
    """"In a merger, he said, the HP brand would survive": where the content resumes after a
    parenthetical attribution and ends (the sentence end); None when the attribution ends the
    content ("..., he said." or "..., he said, adding that ...")."""
    comma = re.match(r"\s*,\s*", text[after_verb:sentence.end])
    if not comma:
        return None
    rest_start = after_verb + comma.end()
    first_word = re.match(r"[\w’'\-]+", text[rest_start:sentence.end])
    if not first_word or first_word.group().lower() in _OWN_CLAUSE_OPENERS \
            or first_word.group().lower().endswith("ing") or bisect.bisect_right(boundaries, rest_start) < len(
                [b for b in boundaries if b < sentence.end]):
        return None
    rest = text[rest_start:sentence.end]
    if len(rest.split()) < 3:
        return None
    return sentence.end


def _verb_inverted(text: str, verb: re.Match[str], sentence: Sentence) -> bool:
    """"…, said the official." : a comma, the verb, then a speaker and the sentence end."""
    mention = _scan_forward(text, verb.end(), sentence.end)
    if mention is None or mention.pronoun:
        return False
    rest = text[mention.end:sentence.end]
    return _skip_adjuncts(text, mention.end, sentence.end) == sentence.end or not rest.strip(" .") \
        or rest.lstrip().startswith((",", "."))


_HEADLINE_SPEAKER_LAST = re.compile(r"^(?P<content>.{8,}?)\s*:\s*(?P<speaker>[^:]{2,60})$")
_HEADLINE_SPEAKER_FIRST = re.compile(r"(?P<colon>:)\s+(?P<content>[A-Z][^:]{8,})$")


def _headlines(text: str, sentences: list[Sentence]) -> list[Candidate]:
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


def _continuation_quotations(text: str, quotations: list[Quotation], sentences: list[Sentence],
                             taken: list[Candidate]) -> list[Candidate]:
    """Pass 7: a paragraph that is a quotation with no verb continues the previous speaker."""
    found = []
    spans = SpanIndex((c.content_start, c.content_end) for c in taken)
    ends = sorted(c.content_end for c in taken)
    line_breaks = [match.start() for match in re.finditer("\n", text)]
    starts = [sentence.start for sentence in sentences]
    for quotation in quotations:
        if quotation.depth != 0 or spans.covers(quotation.start):
            continue
        content = text[quotation.start:quotation.end]
        previous_break = bisect.bisect_left(line_breaks, quotation.start) - 1
        line_start = line_breaks[previous_break] + 1 if previous_break >= 0 else 0
        next_break = bisect.bisect_left(line_breaks, quotation.end)
        line_end = line_breaks[next_break] if next_break < len(line_breaks) else len(text)
        open_at = quotation.start - len(quotation.open_mark)
        close_at = quotation.end + len(quotation.close_mark)
        # A short quotation paragraph is as often a scare quote or a title as a continuation; right
        # after "“A,” X said." a quotation of any length continues X ("“They sue,” he said. “Everybody sues,
        # right?”").
        # A quotation that goes on after "“A,” said X," may open in lower case ("“The risk,” said Edward
        # Leamer, “is that ...”"); one that stands alone opens a sentence.
        paragraph = _SPACES.fullmatch(text, line_start, max(line_start, open_at)) \
            and _QUOTATION_TAIL.fullmatch(text, close_at, max(close_at, line_end)) \
            and len(content.split()) >= CONTINUATION_MIN_WORDS and _OPENS_SENTENCE.match(content)
        if not paragraph and not _follows_attributed_quotation(text, sentences, starts, quotation, taken):
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


def _follows_attributed_quotation(text: str, sentences: list[Sentence], starts: list[int], quotation: Quotation,
                                  taken: list[Candidate]) -> bool:
    """"“A,” X said. “B …”" and "“A,” X said, “B”": a quotation that ends its sentence (it may run
    over several) and opens right after the attribution of a direct quotation whose verb followed it,
    in the same paragraph, with nothing between that attribution and B but its speaker, adjuncts and
    one stop or comma; B continues X."""
    index = bisect.bisect_right(starts, quotation.end) - 1
    if index < 0:
        return False
    open_at = quotation.start - len(quotation.open_mark)
    close_at = quotation.end + len(quotation.close_mark)
    closing = sentences[index]
    opening = bisect.bisect_right(starts, open_at) - 1
    if not _QUOTATION_TAIL.fullmatch(text, close_at, max(close_at, closing.end)):
        return False
    for candidate in taken:
        if candidate.mention is None or not candidate.content_end <= candidate.anchor < open_at \
                or open_at - candidate.anchor > _ATTRIBUTION_BETWEEN_QUOTATIONS_CHARACTERS:
            continue
        gap = text[candidate.anchor:open_at]
        # The attribution's sentence is B's or the one before it (the splitter knows "Mr." ends none).
        if "\n" not in gap and not _ANY_DOUBLE_MARK.search(gap) and _ENDS_WITH_STOP_OR_COMMA.search(gap) \
                and opening - (bisect.bisect_right(starts, candidate.anchor) - 1) <= 1:
            return True
    return False


_OPENS_SENTENCE = re.compile(r"[\s.…]*[A-Z0-9]")
# "“A,” X, the former official of ..., said Sunday in Virginia as the crowd roared. “B”": the
# attribution between two quotations of one speaker is at most this long.
_ATTRIBUTION_BETWEEN_QUOTATIONS_CHARACTERS = 250
_ANY_DOUBLE_MARK = re.compile("[“”\"]|''")
_ENDS_WITH_STOP_OR_COMMA = re.compile(r"[,.;:]\s*$")


# ---------------------------------------------------------------------------
# The passes as named steps with explicit inputs and outputs.


@dataclass(frozen=True)
class PassOutput:
    """What one pass adds: its candidates, and the reporting verbs it used (their start offsets),
    which later passes must not read again."""

    candidates: tuple[Candidate, ...]
    used_verbs: frozenset[int]


Pass = Callable[[Document, tuple[Candidate, ...], frozenset[int]], PassOutput]


def direct_quotations(document: Document, earlier: tuple[Candidate, ...], used_verbs: frozenset[int]) -> PassOutput:
    """A quotation that opens or closes its sentence, with a reporting verb beside it."""
    used = set(used_verbs)
    found = _direct_quotations(document.text, list(document.sentences), list(document.quotations), used)
    return PassOutput(tuple(found), frozenset(used - used_verbs))


def according_to(document: Document, earlier: tuple[Candidate, ...], used_verbs: frozenset[int]) -> PassOutput:
    """"according to X" and "citing X"."""
    return PassOutput(tuple(_according_to(document.text, list(document.sentences), document.quote_spans)),
                      frozenset())


def quoted_as_saying(document: Document, earlier: tuple[Candidate, ...], used_verbs: frozenset[int]) -> PassOutput:
    """"X quoted Y as saying" and "Y was quoted as saying"."""
    used = set(used_verbs)
    found = _quoted_as_saying(document.text, list(document.sentences), document.quote_spans, used)
    return PassOutput(tuple(found), frozenset(used - used_verbs))


def indirect_speech(document: Document, earlier: tuple[Candidate, ...], used_verbs: frozenset[int]) -> PassOutput:
    """Every reporting verb that no earlier pass used, with its speaker and content."""
    used = set(used_verbs)
    found = _indirect_speech(document.text, list(document.sentences), document.quote_spans, used, list(earlier))
    return PassOutput(tuple(found), frozenset(used - used_verbs))


def parsed_clauses(document: Document, earlier: tuple[Candidate, ...], used_verbs: frozenset[int]) -> PassOutput:
    """A cue verb that no earlier pass used, read from the dependency parse of its sentence:
    its subject and its complement clause, object or to-clause (:mod:`analysis.attribution.parse`)."""
    found = parsed_clause_candidates(document, earlier, used_verbs)
    return PassOutput(tuple(found), frozenset(candidate.anchor for candidate in found))


def headlines(document: Document, earlier: tuple[Candidate, ...], used_verbs: frozenset[int]) -> PassOutput:
    """"Claim: Source" and "Source title: Claim" in the first three sentences."""
    return PassOutput(tuple(_headlines(document.text, list(document.sentences))), frozenset())


def continuations(document: Document, earlier: tuple[Candidate, ...], used_verbs: frozenset[int]) -> PassOutput:
    """A quotation paragraph with no verb, close after an attribution, continues its speaker."""
    found = _continuation_quotations(document.text, list(document.quotations), list(document.sentences),
                                     list(earlier))
    return PassOutput(tuple(found), frozenset())


# The passes in the order they run; each sees the candidates of those before it.
PASSES: tuple[tuple[str, Pass], ...] = (
    ("direct_quotations", direct_quotations),
    ("according_to", according_to),
    ("quoted_as_saying", quoted_as_saying),
    ("indirect_speech", indirect_speech),
    ("parsed_clauses", parsed_clauses),
    ("headlines", headlines),
    ("continuations", continuations),
)
