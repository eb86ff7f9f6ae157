"""Step 2, mentions: the speaker mention next to a reporting verb and what its words say.

A mention is the run of capitalized words and speaker words (``data/actors.csv``
titles and modifiers) that ends just before a verb (:func:`_scan_backward`) or
starts just after it (:func:`_scan_forward`); :func:`_describe` reads its name,
head, speaker type and affiliation from the actors file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from analysis.attribution.document import Token, _tokens
from analysis.attribution.vocabulary import (
    ACCORDING_TO_IDIOMS,
    ANONYMOUS_HEADS,
    CONNECTORS,
    DETERMINERS,
    DOCUMENT_HEADS,
    GOVERNMENT_HEADS,
    HONORIFICS,
    MAX_GENERIC_SPEAKER_WORDS,
    MAX_SPEAKER_WORDS,
    NAME_PARTICLES,
    NATIONALITY_ADJECTIVES,
    NOT_NAMES,
    NOT_SPEAKER_WORDS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    SHARE_HEADS,
    ActorEntry,
    _actor_key,
    _vocabulary,
    place_pattern,
    places,
)


@dataclass(frozen=True)
class Mention:
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
    place_government: str = ""  # the government of a place the mention names ("Aleppo Police Command")


def is_speaker_word(word: str) -> bool:
    """Whether ``word`` as written names or describes a source ("officials", "ministry", "Kremlin", "WHO")."""
    lower = word.lower()
    singular = re.sub(r"(?<=[a-z])s$", "", lower)  # "analysts", "advisers": the title's plural
    if lower in _vocabulary().words or singular in _vocabulary().words or lower in DOCUMENT_HEADS:
        return True
    stripped = re.sub(r"['’]?s$", "", lower)
    entry = _vocabulary().actors_by_key.get(_actor_key(lower)) or _vocabulary().actors_by_key.get(_actor_key(stripped))
    # An acronym is an actor in its own case only ("WHO", never "who").
    return entry is not None and not (entry.pattern.isupper() and not word.isupper())


def _is_speaker_word(token: Token) -> bool:
    return is_speaker_word(token.text)


def _scan_backward(text: str, tokens: list[Token]) -> Mention | None:
    """The speaker mention that ends the given tokens ("... Kremlin spokesman Dmitry Peskov"); through a relative
    clause to the noun it describes ("El-Dorar Al-Shamia that is affiliated to the Syrian opposition")."""
    mention = _scan_backward_plain(text, tokens)
    first_named = _first_of_a_pair(text, tokens, mention)
    if first_named is not None:
        return first_named
    relative = _relative_pronoun_before(tokens)
    if relative is None or (mention is not None and mention.start <= tokens[relative].start):
        return mention
    last = next(t for t in tokens if mention is not None and t.start == mention.start) if mention else None
    if mention is not None and not _object_of_preposition(tokens, last):
        return mention
    described = _scan_backward_plain(text, tokens[:relative])
    return described if described is not None and described.proper else mention


def _first_of_a_pair(text: str, tokens: list[Token], mention: Mention | None) -> Mention | None:
    """The first-named of joint speakers "X and his counterpart Y said" (``mention`` is Y): X's mention, when a
    name ends right before "and his/her/their"; None otherwise."""
    if mention is None or not mention.name:
        return None
    index = next((i for i, t in enumerate(tokens) if t.start >= mention.start), None)
    if index is None:
        return None
    # "his British counterpart": at most a few description words between the possessive and the name.
    possessive = index - 1
    while possessive >= max(0, index - 4) and tokens[possessive].is_word \
            and tokens[possessive].lower not in ("his", "her", "their"):
        possessive -= 1
    if possessive < 2 or tokens[possessive].lower not in ("his", "her", "their") \
            or tokens[possessive - 1].lower != "and" or not tokens[possessive - 2].is_capitalized:
        return None
    first = _scan_backward_plain(text, tokens[:possessive - 1])
    return first if first is not None and first.name and first.speaker_type == "person" else None


# A relative clause between a speaker and its verb is at most this many words long ("that is affiliated to the
# Syrian opposition").
_MAX_RELATIVE_CLAUSE_WORDS = 8


def _relative_pronoun_before(tokens: list[Token]) -> int | None:
    """The index of "that", "which" or "who" opening a relative clause that runs to the end of the tokens, after a
    capitalized word; None when there is none within _MAX_RELATIVE_CLAUSE_WORDS words."""
    for index in range(len(tokens) - 1, max(0, len(tokens) - 1 - _MAX_RELATIVE_CLAUSE_WORDS), -1):
        token = tokens[index]
        if not token.is_word:
            return None
        if token.lower in ("that", "which", "who") and index > 0 and tokens[index - 1].is_capitalized \
                and index + 1 < len(tokens):
            return index
    return None


def _scan_backward_plain(text: str, tokens: list[Token]) -> Mention | None:
    if not tokens:
        return None
    last = tokens[-1]
    if last.lower in PRONOUNS:
        return _describe(text, last.start, last.end)
    qualifier = _trailing_place_qualifier(tokens)
    if qualifier is not None:
        # "A police source in the city said", "AFP's correspondent in the town said": the mention is the
        # description with its qualifier, never the place noun alone.
        inner = _scan_backward_plain(text, tokens[:qualifier])
        # Only a source the speaker words describe takes a qualifier, not any noun phrase ("militant positions").
        inner_tokens = _tokens(text, inner.start, inner.end) if inner is not None else []
        if inner is not None and inner_tokens and not inner.pronoun and (
                inner_tokens[-1].is_capitalized or _is_speaker_word(inner_tokens[-1])
                or inner_tokens[0].lower in ("a", "an", "one")):
            mention = _describe(text, inner.start, last.end)
            return None if names_no_source(text, mention) else mention
    taken: list[Token] = []
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
            # "the" inside a name ("Command of the Army") or after a source's place ("a source at the Police
            # Command") does not end it.
            if not (lower == "the" and index > 0 and (tokens[index - 1].lower in ("of", "for", "and") or (
                    tokens[index - 1].lower in ("at", "in", "from", "with") and index > 1
                    and _is_speaker_word(tokens[index - 2])))):
                break
            continue
        if token.text in ")]" and index >= 2 and tokens[index - 2].text in "([" and tokens[index - 1].is_capitalized:
            taken.extend([token, tokens[index - 1], tokens[index - 2]])
            index -= 2
            continue
        if token.text == "." and taken and index > 0 and tokens[index - 1].lower in HONORIFICS:
            taken.extend([token, tokens[index - 1]])  # "Mr. Manafort", "Sen. Lindsey Graham"
            index -= 1
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
    if not taken:
        return _generic_noun_phrase(text, tokens)
    if not any(t.is_capitalized or _is_speaker_word(t) for t in taken):
        return None
    if _object_of_preposition(tokens, taken[-1]) and (
            _inverted_speaker_follows(text, tokens[-1].end) or _is_state_name(text, taken[-1].start, taken[0].end)):
        # "battles raged in Hardatain and Ratain said the Observatory", "a summit in Tehran calls for": the
        # object of a preposition is not the speaker, nor is a country or a capital after one.
        return None
    start = _named_actor_start(text, taken[-1].start, taken[0].end)
    mention = _describe(text, start, taken[0].end)
    return None if names_no_source(text, mention) else mention


def _is_state_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is exactly a state's or a capital's name ("Tehran", "Syria"): an actor row
    of a government with no canonical name and no title word."""
    phrase = re.sub(r"['’]?s$", "", text[start:end])
    entry = _vocabulary().actors_by_key.get(_actor_key(phrase))
    return entry is not None and not entry.canonical and entry.speaker_type == "organization" \
        and entry.affiliation.endswith("_gov") and _actor_key(phrase) not in _vocabulary().words \
        and " " not in phrase.strip()


def _object_of_preposition(tokens: list[Token], first: Token) -> bool:
    """Whether the token before ``first`` (through a determiner) is a preposition: "in the town of X"."""
    index = tokens.index(first) - 1
    if index >= 0 and tokens[index].lower in ("the", "a", "an"):
        index -= 1
    return index >= 0 and tokens[index].lower in _OBJECT_PREPOSITIONS


# A reporting verb without an object, then a capitalized speaker: "... said the Syrian Observatory".
_VERB_THEN_NAME = re.compile(r"\s*([A-Za-z]+)\s+(?:the\s+|a\s+|an\s+)?[A-Z]")


def _inverted_speaker_follows(text: str, end: int) -> bool:
    match = _VERB_THEN_NAME.match(text, end, min(len(text), end + 80))
    if match is None:
        return False
    verb = _vocabulary().verbs_by_form.get(match.group(1).lower())
    if verb is None or verb.takes_object:
        return False
    # "told SANA on Friday that ...": an addressee with the content after it, not an inverted speaker.
    clause = re.match(r"[^.;:]*", text[match.end():match.end() + 120]).group()
    return re.search(r"\bthat\b", clause) is None


# Prepositions that open a place qualifier after a source ("a source in the town", "officials at the
# hospital"); the qualifier is at most this many lower-case words after its determiner.
_PLACE_PREPOSITIONS = frozenset({"in", "at", "inside", "near", "from"})
_OBJECT_PREPOSITIONS = _PLACE_PREPOSITIONS | {"on", "of", "for", "with", "by", "into", "over", "under", "across",
                                              "outside", "around", "to", "towards", "toward", "against"}
_MAX_QUALIFIER_WORDS = 2


def _trailing_place_qualifier(tokens: list[Token]) -> int | None:
    """Where a lower-case place qualifier that ends the tokens starts ("... in the city", "... at the
    town hospital"), when a word precedes it; None when the tokens do not end with one."""
    for words in range(1, _MAX_QUALIFIER_WORDS + 1):
        preposition = len(tokens) - words - 2
        if preposition < 1:
            return None
        tail = tokens[preposition + 2:]
        if tokens[preposition].lower in _PLACE_PREPOSITIONS and tokens[preposition + 1].lower in ("the", "this") \
                and all(t.is_word and not t.is_capitalized and t.lower not in NOT_NAMES for t in tail) \
                and tokens[preposition - 1].is_word:
            return preposition
    return None


def _generic_noun_phrase(text: str, tokens: list[Token]) -> Mention | None:
    """A subject with no speaker word, ending in a common noun ("Former prosecutors", "the company",
    "Romney's associates", "opponents"): at most MAX_GENERIC_SPEAKER_WORDS words back from the verb,
    through a determiner; a description, never a name."""
    taken: list[Token] = []
    for token in reversed(tokens):
        lower = token.lower
        if lower in DETERMINERS and lower not in ("that", "this", "these", "those"):
            taken.append(token)
            break
        if len(taken) >= MAX_GENERIC_SPEAKER_WORDS or not token.is_word or lower in NOT_SPEAKER_WORDS \
                or lower in NOT_NAMES or not token.text[0].isalpha():
            break
        taken.append(token)
    first = len(tokens) - len(taken)
    # The phrase must open its clause: the sentence's start, a comma or dash, or a connective ("But
    # opponents say"), not the middle of one ("the right to respond", "the truce announced by").
    before = tokens[first - 1] if first > 0 else None
    if before is not None and (before.is_word and before.lower not in NOT_NAMES or before.text in "“‘\"'"
                               or before.lower in _OBJECT_PREPOSITIONS):
        return None  # "... in the province said X": the object of a preposition is no subject
    words = [t for t in taken if t.lower not in DETERMINERS]
    head = taken[0] if taken else None
    if not words or head is None or head.is_capitalized or head.lower.endswith(("ly", "ed", "ing")) \
            or head.lower in DETERMINERS or head.lower in _vocabulary().verbs_by_form:
        return None
    taken.reverse()
    start, end = taken[0].start, taken[-1].end
    mention_text = text[start:end]
    first = taken[0].lower
    plural = is_plural_noun(head.lower)
    # Its words may still name an actor ("Syrian state media", "SANA reporter").
    affiliation = _describe(text, start, end).affiliation
    return Mention(start, end, mention_text, "", re.sub(r"^(?:the|The)\s+", "", mention_text),
                   "document" if head.lower in DOCUMENT_HEADS else "anonymous" if plural else "organization",
                   affiliation, head.lower, "", first in ("the", "this", "that"),
                   first not in ("the", "this", "that"), plural, "", False)


def is_plural_noun(phrase: str) -> bool:
    """Whether a noun (a phrase's last word) is plural by its ending ("sources", "Aid groups"; not "press",
    "witness")."""
    words = phrase.lower().split()
    return bool(words) and words[-1].endswith("s") and not words[-1].endswith("ss")


def generic_object_phrase(text: str, start: int, end: int) -> Mention | None:
    """The noun phrase that follows "according to" when it holds no speaker word ("a new poll", "exit
    polling data", "several party officials"): up to the first punctuation or clause word, at most
    MAX_SPEAKER_WORDS words; a document when its head is a document noun, else a description."""
    taken: list[Token] = []
    for token in _tokens(text, start, min(end, start + 300)):
        if len(taken) >= MAX_SPEAKER_WORDS or not (token.is_word or token.text in "/&-") \
                or (taken and token.lower in NOT_SPEAKER_WORDS and token.lower not in ("of", "by", "for", "in")):
            break
        taken.append(token)
    while taken and (taken[-1].lower in NOT_SPEAKER_WORDS or taken[-1].lower in DETERMINERS):
        taken.pop()
    if not taken or taken[0].lower in NOT_SPEAKER_WORDS:
        return None
    phrase_end = taken[-1].end
    # The head: the last word before a qualifier ("a poll of 400 voters" -> "poll").
    qualifier = next((t for t in taken[1:] if t.lower in ("of", "by", "for", "in", "from", "with")), None)
    head = [t for t in taken if qualifier is None or t.start < qualifier.start][-1].lower
    if head in ACCORDING_TO_IDIOMS:
        return None  # "according to plan": a manner, not a source
    mention_text = text[taken[0].start:phrase_end]
    document = head in DOCUMENT_HEADS
    if not document and any(_ACRONYM.fullmatch(t.text) for t in taken):
        # "SNHR victims documentation team": the organization the acronym names.
        return _describe(text, taken[0].start, phrase_end)
    plural = is_plural_noun(head)
    speaker_type = "document" if document else ("anonymous" if plural else "organization")
    first = taken[0].lower
    # Its words may still name a side ("media reports", "a Turkish military source").
    affiliation = _describe(text, taken[0].start, phrase_end).affiliation
    return Mention(taken[0].start, phrase_end, mention_text, "", re.sub(r"^(?:the|The)\s+", "", mention_text),
                   speaker_type, affiliation, head, "", first in ("the", "this", "that"),
                   first not in ("the", "this", "that"), not document, "", False)


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


def _scan_forward(text: str, start: int, end: int) -> Mention | None:
    """The speaker mention that starts at ``start`` ("said Kremlin spokesman Dmitry Peskov at ...")."""
    tokens = _tokens(text, start, min(end, start + 300))
    taken: list[Token] = []
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
        if token.text == "." and taken and taken[-1].lower in HONORIFICS and index + 1 < len(tokens) \
                and tokens[index + 1].is_capitalized:
            taken.append(token)  # "said spokesman Maj. Gen. Igor Konashenkov"
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
    mention = _describe(text, taken[0].start, taken[-1].end)
    return None if names_no_source(text, mention) else mention


def _describe(text: str, start: int, end: int) -> Mention:
    """What a speaker mention's words say: its name, type, affiliation and head."""
    vocabulary = _vocabulary()
    mention_text = text[start:end]
    lower = mention_text.lower()
    if lower in PRONOUNS:
        return Mention(start, end, mention_text, "", mention_text, PRONOUNS[lower], "", "", lower,
                        False, False, False, "", False)
    tokens = _tokens(text, start, end)
    apposition = next((index for index, token in enumerate(tokens)
                       if index > 0 and token.lower in ("a", "an") and tokens[index - 1].is_capitalized), None)
    if apposition is not None:
        # "the Observatory a Britain-based group", "Idris Nahsen a Kurdish official" (commas stripped): the
        # name before the apposition names the source; the apposition may tell its side.
        named = _describe(text, start, tokens[apposition - 1].end)
        described = _describe(text, tokens[apposition].start, end)
        return replace(named, end=end, text=text[start:end],
                       affiliation=named.affiliation or described.affiliation)
    longer = _actor_running_past(text, tokens, end)
    if longer is not None:
        # "the Russian center [for reconciliation of the warring parties in Syria] said": a mention cut short of the
        # organization's name it begins is that organization.
        return Mention(start, end, mention_text, "", longer.canonical, longer.speaker_type or "organization",
                       longer.affiliation, _actor_key(longer.pattern), "", False, False, False, "", True)
    spelled = _spelled_out_acronym(tokens)
    if spelled is not None:
        # "the Syrian American Medical Society (SAMS)": an organization, reported by the name the acronym spells.
        named = _describe(text, start, spelled[0].start)
        acronym = _tokens(text, spelled[0].end, end)[0]
        affiliation = named.affiliation or _describe(text, acronym.start, acronym.end).affiliation
        return Mention(start, end, mention_text, "", spelled[1], "organization", affiliation, named.head, "",
                       False, False, False, "", True, named.place_government)
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
    # Places are neither persons nor speakers; a state institution's mention takes their government.
    place_government = ""
    for match in place_pattern().finditer(text, start, end):
        covered.update(range(match.start(), match.end()))
        name = match.group()
        # "Homs" as written, else without a possessive ("Aleppo's", "Aleppos" with the apostrophe stripped).
        government = places().get(name, places().get(re.sub(r"['’]?s$", "", name), ""))
        place_government = place_government or government
    # Where a prepositional qualifier starts ("an official in the Ministry").
    qualifier_at = end
    for index, token in enumerate(tokens):
        if index > 0 and token.lower in ("of", "for", "in", "at", "from", "on", "with") and not token.is_capitalized:
            qualifier_at = token.start
            break
    # A person's name: capitalized words that are neither speaker words nor
    # part of an actor, after the last organization word of their run.
    name_runs: list[list[Token]] = []
    organization_named = False
    body_name = ""
    run: list[Token] = []
    for index, token in enumerate(tokens):
        in_actor = token.start in covered
        # A capitalized word right after "in", "at" or "from" is a place ("a diplomat in Geneva").
        after_place_preposition = index > 0 and tokens[index - 1].lower in ("in", "at", "from") and not run
        word_entry = vocabulary.words.get(token.lower)
        if token.lower in HONORIFICS and index + 1 < len(tokens) and tokens[index + 1].text == ".":
            # "Hospital Dr. Farid al-Asfar": an honorific ends the run before it and opens a name.
            if run:
                name_runs.append(run)
            run = []
            continue
        if not run and _names_organization_of(tokens, index):
            # "the Ministry of Awqaf", "Department of Health": the words after the body's "of" name it.
            organization_named = True
            continue
        if token.is_capitalized and not in_actor and word_entry is None and token.lower not in NOT_NAMES \
                and not _ACRONYM.fullmatch(token.text) and token.lower != "another" \
                and token.lower not in NATIONALITY_ADJECTIVES \
                and token.lower not in DOCUMENT_HEADS \
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
        # A capitalized run right before an organization word, or before modifiers and one, is the
        # organization's name ("Main Operational Directorate", "Aamaq news agency").
        if word_entry is not None and word_entry.speaker_type in ("organization", "media", "document") \
                and name_runs and _only_modifiers_between(tokens, name_runs[-1][-1], token):
            name_runs.pop()
            organization_named = True
        # An acronym ("SNHR", "SAMS") names an organization, never a person.
        organization_named = organization_named or (bool(_ACRONYM.fullmatch(token.text)) and not in_actor)
    if run:
        name_runs.append(run)
    person_actor = next((entry for _, _, entry in actors if entry.speaker_type == "person" and entry.canonical), None)
    name = ""
    if person_actor is not None and name_runs and all(
            run[-1].end <= min(start for start, _, entry in actors if entry is person_actor) for run in name_runs):
        # A known person after capitalized words that are no name ("YouTube UN envoy Staffan de Mistura").
        name_runs = []
    closing_body = max(actors, key=lambda item: item[1]) if actors else None
    if closing_body is not None and closing_body[1] == end and qualifier_at >= end \
            and closing_body[2].speaker_type in ("organization", "media") \
            and all(run[-1].end <= closing_body[0] for run in name_runs):
        # "Powerful Iran-backed Lebanese Shia militia Hizballah", "Rebel-backer Washington": a body named last, with
        # no qualifier before it, is the source; capitalized words before it describe it.
        name_runs = []
    titled = [run for run in name_runs if run[-1].end <= qualifier_at and len(run) > 1
              and _title_follows(tokens, run[-1])]
    if titled:
        # "Peter Salama Executive Director of the WHO Health Emergencies Programme": a name of two words or more
        # followed by the person's title, before the qualifier, is the person's ("Vice president of ... Nagham
        # al-Ghadiri" is not); capitalized words after the qualifier name what the person belongs to.
        name_runs = titled
    if name_runs:
        # A run after an honorific is a person's name whatever its length; else the longest, the last of equals.
        best = max(name_runs, key=lambda r: (_after_honorific(tokens, r), len(r), r[0].start))
        name = text[best[0].start:best[-1].end]
        body = _body_word_before(tokens, best[0])
        if body is not None:
            # "the news website El-Dorar Al-Shamia", "the group Jaish al-Islam": the name is the body's.
            body_name, name = name, ""
            organization_named = True
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
        # Joint speakers ("rebels and activists", "the Coalition and the Observatory") take the first-named
        # speaker's affiliation: the longest actor of the first conjunct.
        conjunction = re.search(r"\s(?:and|&)\s", mention_text)
        first_conjunct_end = start + conjunction.start() if conjunction else end
        in_first = [item for item in actors if item[0] < first_conjunct_end and item[2].affiliation] or actors
        if text[qualifier_at:qualifier_at + 5].lower() == "with ":
            # "an activist with the opposition Idlib Media Centre": the source's own words decide, where "of" and
            # "in" name the body a source belongs to ("chief of the Russian General Staff").
            in_first = [item for item in in_first if item[0] < qualifier_at and item[2].affiliation] or in_first
        affiliation_actor = max(in_first, key=lambda item: (item[1] - item[0], item[0]))[2]
        affiliation = affiliation_actor.affiliation
    first = tokens[0].lower if tokens else ""
    named_actor = any(entry.canonical and entry.speaker_type != "person" and actor_start < qualifier_at
                      for actor_start, _, entry in actors)
    # "the International Committee of the Red Cross", "The United States": a name of capitalized words.
    significant = [t for t in tokens if t.is_word and t.lower not in DETERMINERS and t.lower not in CONNECTORS
                   and t.start < qualifier_at]
    capitalized_name = len(significant) >= 2 and all(t.is_capitalized for t in significant) \
        and not any(t.lower in NATIONALITY_ADJECTIVES for t in significant[-1:]) \
        and not any(vocabulary.words.get(t.lower, _NO_ENTRY).speaker_type == "person" for t in significant)
    proper = bool(name) or organization_named or named_actor or capitalized_name
    definite = not proper and first in ("the", "this", "that")
    indefinite = not proper and first not in ("the", "this", "that")
    anonymous = not name and (head in ANONYMOUS_HEADS or any(t.lower in ("source", "sources") for t in tokens))
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
    if name and significant and _is_organization_word(significant[-1]) and not any(
            t.start > significant[-1].start and t.is_capitalized for t in tokens):
        # "the Assad regime", "Assads government", "the Obama administration": the person's body speaks, on
        # the person's side.
        name = ""
        speaker_type = "organization"
        definite = indefinite = anonymous = False
        proper = True
    # Canonical: a name; an organization's actor name; the description.
    if name:
        canonical = name
    elif body_name and not named_actor:
        canonical = body_name
    elif head_actor is not None and head_actor.canonical and speaker_type != "person" \
            and not re.search(r"\band\b", mention_text):
        canonical = head_actor.canonical
    elif named_actor and speaker_type == "media" and not re.search(r"\band\b", mention_text):
        canonical = [entry for actor_start, _, entry in actors
                     if entry.canonical and entry.speaker_type != "person" and actor_start < qualifier_at][-1].canonical
    elif first in ("a", "an"):
        canonical = mention_text
    elif proper and speaker_type == "organization" and qualifier_at < end \
            and _only_places_after(tokens, qualifier_at, covered):
        # "the Syrian Civil Defence in Idlib": an organization's name without the place it works in.
        canonical = re.sub(r"^(?:the|The)\s+", "", text[start:qualifier_at].rstrip())
    else:
        canonical = re.sub(r"^(?:the|The)\s+", "", mention_text)
    acronyms = [t for t in tokens if _ACRONYM.fullmatch(t.text) and t.start not in covered]
    if not name and not named_actor and len(acronyms) == 1 and (len(tokens) > 1 or speaker_type != "person"):
        # "SNHR victims documentation team", "a SAMS statement": the organization the acronym names speaks,
        # reported by the expansion the article gives.
        canonical = acronym_expansion(text, acronyms[0].text) or acronyms[0].text
        speaker_type = "organization" if speaker_type not in ("document", "media") else speaker_type
    # "Polls", "a new report", "the data": evidence, not a speaker.
    if not name and tokens and tokens[-1].lower in DOCUMENT_HEADS and tokens[-1].start < qualifier_at:
        speaker_type = "document"
    if not affiliation and speaker_type == "media":
        affiliation = "media"  # an outlet cited as a source ("the news website El-Dorar Al-Shamia")
    # "the governor of Homs", "a source at Aleppo Police Command": any state-institution word counts.
    if not affiliation and place_government and any(t.lower in GOVERNMENT_HEADS for t in tokens):
        affiliation = place_government
    return Mention(start, end, mention_text, name, canonical, speaker_type, affiliation, head, "",
                   definite, indefinite, anonymous, possessor, proper, place_government)


def names_no_source(text: str, mention: Mention) -> bool:
    """A mention that is only a place or a nationality adjective ("Homs", "Syrian", "the Midwest")
    is a misreading, never a speaker."""
    tokens = _tokens(text, mention.start, mention.end)
    words = [t for t in tokens if t.is_word and t.lower not in DETERMINERS and t.lower not in CONNECTORS]
    if not words:
        # "Some said", "Many say": a share of the people the article speaks of names a source.
        return not any(t.lower in SHARE_HEADS for t in tokens)
    if len(words) == 1 and words[0].lower in NATIONALITY_ADJECTIVES:
        return True
    if _vocabulary().actor_pattern.search(text, mention.start, mention.end):
        return False  # "Moscow said": a capital standing for its government is an actor
    covered: set[int] = set()
    for match in place_pattern().finditer(text, mention.start, mention.end):
        covered.update(range(match.start(), match.end()))
    return all(t.start in covered for t in words)


_NO_ENTRY = ActorEntry("", "", "", "", "")


def _actor_running_past(text: str, tokens: list[Token], end: int) -> ActorEntry | None:
    """The named organization of ``data/actors.csv`` that starts with the mention's first word (after "the") and
    runs past its end in the same sentence, None when there is none."""
    first = next((token for token in tokens if token.lower not in DETERMINERS), None)
    if first is None:
        return None
    match = _vocabulary().actor_pattern.match(text, first.start)
    if match is None or match.end() <= end or re.search(r"[.;:!?\n]", text[end:match.end()]):
        return None
    entry = _vocabulary().actors_by_key.get(_actor_key(match.group(1)))
    if entry is None or not entry.canonical or entry.speaker_type == "person":
        return None
    return entry


def _body_word_before(tokens: list[Token], first: Token) -> ActorEntry | None:
    """The lower-case word naming an organization or an outlet right before a name ("website", "group"), None when
    the word before is anything else."""
    index = tokens.index(first) - 1
    if index < 0 or tokens[index].is_capitalized:
        return None
    entry = _vocabulary().words.get(tokens[index].lower)
    return entry if entry is not None and entry.role == "title" and entry.speaker_type in (
        "organization", "media") else None


def _title_follows(tokens: list[Token], last: Token) -> bool:
    """Whether the word after ``last`` is a person's title ("Executive Director", "spokesman")."""
    index = tokens.index(last) + 1
    entry = _vocabulary().words.get(tokens[index].lower) if index < len(tokens) else None
    return entry is not None and entry.role == "title" and entry.speaker_type == "person"


def _is_organization_word(token: Token) -> bool:
    """Whether a lower-case word names a body ("government", "regime", "administration", "ministry")."""
    if token.is_capitalized:
        return False
    entry = _vocabulary().words.get(token.lower) or _vocabulary().actors_by_key.get(_actor_key(token.lower))
    return entry is not None and entry.speaker_type == "organization" and (
        entry.role == "title" or (entry.role == "actor" and not entry.canonical))


def _names_organization_of(tokens: list[Token], index: int) -> bool:
    """Whether the capitalized word at ``index`` follows "<body> of" ("Ministry of Awqaf", "Department of
    Health"): it is part of the body's name, not a person's."""
    if index < 2 or not tokens[index].is_capitalized or tokens[index - 1].lower != "of":
        return False
    entry = _vocabulary().words.get(tokens[index - 2].lower)
    return entry is not None and entry.speaker_type == "organization" and entry.role == "title"

# An acronym: two to eight capital letters ("UN", "SNHR"); never a person's name.
_ACRONYM = re.compile(r"[A-Z]{2,8}")
_ACRONYM_SMALL_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to"})


def _spelled_out_acronym(tokens: list[Token]) -> tuple[Token, str] | None:
    """The opening bracket and the name of a capitalized phrase followed by the acronym its initials spell, in
    brackets ("Syrian Network for Human Rights (SNHR)"); None when the tokens hold no such pair."""
    for index in range(len(tokens) - 2):
        if tokens[index].text != "(" or tokens[index + 2].text != ")" or not _ACRONYM.fullmatch(
                tokens[index + 1].text) or len(tokens[index + 1].text) < 3:
            continue
        acronym = tokens[index + 1].text
        initials = ""
        for first in range(index - 1, -1, -1):
            word = tokens[first]
            if word.lower in _ACRONYM_SMALL_WORDS and not word.is_capitalized:
                continue
            if not word.is_capitalized or not word.is_word:
                break
            initials = word.text[0] + initials
            if initials == acronym:
                return tokens[index], " ".join(t.text for t in tokens[first:index])
            if not acronym.endswith(initials):
                break
    return None


def _only_places_after(tokens: list[Token], qualifier_at: int, places_covered: set[int]) -> bool:
    """Whether the qualifier at ``qualifier_at`` is "in" or "at" and a place ("in Idlib", "in the Idlib province")."""
    after = [t for t in tokens if t.start >= qualifier_at]
    if not after or after[0].lower not in ("in", "at"):
        return False
    rest = [t for t in after[1:] if t.lower not in DETERMINERS and t.lower not in ("province", "city", "countryside")]
    return bool(rest) and all(t.start in places_covered for t in rest)


def _only_modifiers_between(tokens: list[Token], last: Token, word: Token) -> bool:
    between = [t for t in tokens if last.end <= t.start and t.end <= word.start]
    return all(t.lower in _vocabulary().words and _vocabulary().words[t.lower].role == "modifier" for t in between)


def _after_honorific(tokens: list[Token], run: list[Token]) -> bool:
    index = tokens.index(run[0])
    return index >= 2 and tokens[index - 1].text == "." and tokens[index - 2].lower in HONORIFICS


_HYPHENATED_MODIFIER = re.compile(r"-(?:based|backed|led|run|affiliated|linked|allied|owned|funded|sponsored|"
                                  r"supported|held|controlled|born|speaking)$", re.IGNORECASE)


def _last_title_end(tokens: list[Token], head: str, limit: int) -> int:
    end = -1
    for token in tokens:
        if token.start < limit and token.lower == head:
            end = token.end
    return end


# An acronym ("OPCW") is reported by the expansion the article gives ("Organisation for the Prohibition of
# Chemical Weapons"): capitalized words whose initials spell it, small words between them not counted.
_EXPANSION_SMALL_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to"})
_CAPITALIZED_PHRASE = re.compile(r"[A-Z][\w’'\-]*(?:\s+(?:(?:of|for|the|and|on|in|to)\s+)*[A-Z][\w’'\-]*)+")


@functools.lru_cache(maxsize=256)
def acronym_expansion(text: str, acronym: str) -> str:
    """The phrase of ``text`` whose capitalized words' initials spell ``acronym`` (the first one found),
    "" when there is none or ``acronym`` is not 3 to 8 capital letters."""
    if not re.fullmatch(r"[A-Z]{3,8}", acronym):
        return ""
    for match in _CAPITALIZED_PHRASE.finditer(text):
        words = match.group().split()
        # Every start of a run of capitalized words inside the phrase, so that "The Organisation for ..." and
        # "Syrian Organisation for ..." both reach the expansion.
        for first in range(len(words)):
            initials = ""
            for last in range(first, len(words)):
                word = words[last]
                if word.lower() in _EXPANSION_SMALL_WORDS and word[0].islower():
                    continue
                initials += word[0]
                if initials == acronym and words[first][0].isupper() and words[first].lower() != "the":
                    return " ".join(words[first:last + 1])
                if not acronym.startswith(initials):
                    break
    return ""
