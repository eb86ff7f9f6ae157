"""Step 5, resolution: every candidate's speaker resolved to an entity, in document order.

Surnames to full names, pronouns and definite descriptions ("he", "the group",
"the Kremlin spokesman") to the last compatible speaker, indefinite
descriptions ("an NGO", "a local official") and headline speakers to the next
named one.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from analysis.attribution.cues import Candidate
from analysis.attribution.document import Sentence, _tokens
from analysis.attribution.mentions import (
    Mention,
    _describe,
    _scan_backward,
    _scan_forward,
    is_speaker_word,
    names_no_source,
)
from analysis.attribution.vocabulary import (
    DETERMINERS,
    DOCUMENT_HEADS,
    FORWARD_REACH_CHARACTERS,
    GENERIC_GROUP_HEADS,
    ActorEntry,
    _actor_key,
    _vocabulary,
    place_pattern,
    places,
    state_bodies,
)


@dataclass
class Entity:
    """A source the article has named or described, as resolution goes."""

    canonical: str
    speaker_type: str
    affiliation: str
    name: str
    position: int
    heads: set[str]
    anonymous: bool
    proper: bool
    bound_to: Entity | None = None  # a description later bound to a named source

    def final(self) -> Entity:
        entity = self
        while entity.bound_to is not None:
            entity = entity.bound_to
        return entity


def _background_entities(text: str, start: int, end: int) -> list[Entity]:
    """Named organizations mentioned in ``text[start:end]``, as antecedents of "it" and "the group"."""
    vocabulary = _vocabulary()
    entities = []
    for match in vocabulary.actor_pattern.finditer(text, start, end):
        entry = vocabulary.actors_by_key.get(_actor_key(match.group(1))) or vocabulary.actors_by_key.get(
            _actor_key(re.sub(r"['’]?s$", "", match.group(1))))
        if entry is None or not entry.canonical or entry.speaker_type != "organization":
            continue
        entities.append(Entity(entry.canonical, entry.speaker_type, entry.affiliation, entry.canonical,
                                match.start(), {_actor_key(entry.pattern)}, False, True))
    return entities


# "It" and "the group" refer to an organization named at most this far back.
BACKGROUND_REACH_CHARACTERS = 1200
# "He" and "she" that no speaker resolves refer to a person named at most this far back, read among at most
# this many capitalized runs.
PERSON_REACH_CHARACTERS = 600
PERSON_RUNS_READ = 8
_DOCUMENT_BY = re.compile(r"\s+(?:(?:issued|released|published|compiled|prepared|written)\s+)?by\s+", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|of|as|near|to|into|on)\s+(?:the\s+)?$", re.IGNORECASE)
_NAME_RUN = re.compile(r"(?<![\w\-’'])[A-Z][a-z][\w\-’']*(?:\s+(?:(?:al|el|bin|ibn|abu|de|van|von)[\s\-])?"
                       r"[A-Z][a-z][\w\-’']*){1,3}(?![\w\-])")


class LazyBackground:
    """Organizations named before a position, looked up only when a pronoun or a
    description needs them (the actor pattern is the costliest one to run)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def before(self, position: int) -> list[Entity]:
        return _background_entities(self._text, max(0, position - BACKGROUND_REACH_CHARACTERS), position)

    def in_sentence_before(self, position: int) -> list[Entity]:
        """Organizations named in the sentence of ``position``, before it."""
        sentence_start = max(self._text.rfind(mark, 0, position) for mark in (". ", "? ", "! ", "\n")) + 1
        return _background_entities(self._text, sentence_start, position)

    def document_author(self, mention: Mention) -> Mention | None:
        """The source a document mention names: after "by" ("A recent report issued by the Syrian Network for
        Human Rights showed", "a statement by the Turkish General Staff") or before the document word ("an Ahrar
        al-Sham statement", "the HNC statement"); None when it names none."""
        text = self._text
        by = _DOCUMENT_BY.match(text, mention.end) or _DOCUMENT_BY.search(text, mention.start, mention.end)
        if by is not None:
            author = _scan_forward(text, by.end(), min(len(text), max(mention.end, by.end() + 200)))
        else:
            words = [t for t in _tokens(text, mention.start, mention.end) if t.is_word]
            while words and words[-1].lower in DOCUMENT_HEADS:
                words.pop()
            while words and words[0].lower in DETERMINERS:
                words.pop(0)
            author = _describe(text, words[0].start, words[-1].end) if words and words[0].is_capitalized \
                and len(words) < len(_tokens(text, mention.start, mention.end)) else None
        # Documents are issued by bodies whose side the words tell; anything else is left to the antecedent.
        return author if author is not None and author.speaker_type not in ("document", "person") \
            and (author.proper or author.canonical[:1].isupper()) and author.affiliation else None

    def person_before(self, position: int) -> Entity | None:
        """The person named last before ``position`` (at most PERSON_REACH_CHARACTERS back) whom no
        attribution introduced ("... told the Associated Press Ahmad Omar said. He said ..."): a run of two
        to four capitalized words that the actors file, the places file and the word lists read as a
        person's name; None when there is none."""
        start = max(0, position - PERSON_REACH_CHARACTERS)
        runs = list(_NAME_RUN.finditer(self._text, start, position))
        for run in reversed(runs[-PERSON_RUNS_READ:]):
            if _PLACE_BEFORE.search(self._text, max(0, run.start() - 12), run.start()):
                continue  # "in Kobane also known as Ain al-Arab": a place
            mention = _describe(self._text, run.start(), run.end())
            if mention.speaker_type == "person" and mention.name and mention.name == run.group() \
                    and not names_no_source(self._text, mention):
                return _new_entity(mention)
        return None


def _resolve(candidates: list[Candidate], text: str) -> list[tuple[Candidate, Entity]]:
    """Give every candidate its source entity, in document order (headlines first)."""
    background = LazyBackground(text)
    speakers: list[Entity] = []
    # Descriptions waiting for the name that follows them: entity, where, from a headline.
    pending: list[tuple[Entity, int, bool]] = []
    resolved: list[tuple[Candidate, Entity]] = []
    previous: Entity | None = None
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
        # The source spoken of last is the one "it" and "he" refer to next: a source named again ("The WHO said"
        # after "Russia has said") or first found in the article's background ("The coalition says" after "a
        # US-led coalition strike") moves to the end of the speakers.
        speakers[:] = [speaker for speaker in speakers if speaker is not entity]
        speakers.append(entity)
        resolved.append((candidate, entity))
        previous = entity
    return resolved


def _compatible_forward(description: Entity, named: Entity) -> bool:
    if description.final() is not description or description is named:
        return False
    person_like = description.speaker_type in ("person", "anonymous")
    if person_like != (named.speaker_type == "person"):
        return False
    return not description.affiliation or not named.affiliation or description.affiliation == named.affiliation


def _entity_for(mention: Mention, speakers: list[Entity], background: LazyBackground) -> tuple[Entity, bool]:
    """The entity a mention refers to, and whether it is new."""
    if mention.pronoun == "it":
        # "The White Helmets civil defence group released pictures after what it said was a strike": an
        # organization named earlier in the pronoun's own sentence.
        named = background.in_sentence_before(mention.start)
        if named and not any(entity.final().position >= named[-1].position for entity in speakers):
            speakers.append(named[-1])
            return named[-1], False
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
        if mention.pronoun in ("he", "she"):
            named = background.person_before(mention.start)
            if named is not None:
                speakers.append(named)
                return named, False
        return _new_entity(mention), True
    if mention.possessor and not mention.name:  # "its head Rami Abdel Rahman" names its speaker
        for entity in reversed(speakers):
            if entity.final().speaker_type == "person":
                return entity.final(), False
    if mention.name:
        surname = _surname_key(mention.name)
        for entity in reversed(speakers):
            final = entity.final()
            if final.name and (_surname_key(final.name) == surname or final.name.lower() == mention.name.lower()):
                if len(mention.name) > len(final.name):
                    final.name = final.canonical = mention.name
                if mention.affiliation and not final.affiliation:
                    final.affiliation = mention.affiliation
                return final, False
        entity = _new_entity(mention)
        if mention.possessor in ("its", "their") and not entity.affiliation:
            # "its head Rami Abdel Rahman": the organization named last is the one he speaks for.
            organization = next((e.final() for e in reversed(speakers) if e.final().affiliation
                                 and e.final().speaker_type in ("organization", "media")), None)
            if organization is not None:
                entity.affiliation = organization.affiliation
        return entity, True
    # "the UNICEF director" after "UNICEF director Anthony Lake": a person's title with "the" refers back, though
    # it names an organization.
    refers_back = mention.speaker_type == "person" and not mention.name and mention.head \
        and mention.text.lower().startswith("the ")
    if mention.speaker_type == "document":
        author = background.document_author(mention)
        if author is not None:
            return _entity_for(author, speakers, background)
    # "Media reports said": a document whose own words name a side is its own source, not the last speaker's.
    own_document = mention.speaker_type == "document" and bool(mention.affiliation) and not mention.definite
    if mention.definite or (mention.speaker_type == "document" and not own_document) or refers_back:
        antecedent = _antecedent(mention, speakers, background)
        if antecedent is not None:
            return antecedent, False
    for entity in reversed(speakers):
        if entity.canonical.lower() == mention.canonical.lower():
            return entity.final(), False
    return _new_entity(mention), True


def _same_head(head: str, heads: set[str]) -> bool:
    """The head among ``heads``, singular or plural alike ("the source" after "military sources")."""
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    return head in heads or singular in heads or f"{singular}s" in heads


def _surname_key(name: str) -> str:
    """A name's last word, lower case, without an Arabic article ("al-Halabi" and "Halabi" are one surname)."""
    return _ARABIC_ARTICLE.sub("", name.split()[-1].lower())


_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|an|at|az)-(?=\w)")


def _antecedent(mention: Mention, speakers: list[Entity], background: LazyBackground) -> Entity | None:
    """The earlier source a definite description or a document refers to."""
    if mention.speaker_type == "document":
        for entity in reversed(speakers):
            if entity.final().speaker_type != "document":
                return entity.final()
        return None
    # The same head ("the official" after "a senior official"), then the same affiliation.
    for entity in reversed(speakers):
        if mention.head and _same_head(mention.head, entity.heads) and (
                not mention.affiliation or not entity.affiliation or mention.affiliation == entity.affiliation):
            final = entity.final()
            # "The Russian official" after "a prominent official in the Defense Ministry": the description
            # that refers back tells the side the first one left open.
            if mention.affiliation and not final.affiliation:
                final.affiliation = mention.affiliation
            return final
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
    # "the Coalition" is the organization whose name holds the word (the Syrian Coalition), before any other.
    for entity in reversed(candidates):
        final = entity.final()
        if mention.head and mention.head in final.canonical.lower().split() and (
                not mention.affiliation or final.affiliation == mention.affiliation):
            return final
    for entity in reversed(candidates):
        final = entity.final()
        if mention.affiliation and final.affiliation == mention.affiliation:
            return final
        if not mention.affiliation and mention.head in GENERIC_GROUP_HEADS:
            return final
    return None


def _new_entity(mention: Mention) -> Entity:
    heads = {mention.head} if mention.head else set()
    heads.update(t.lower() for t in re.findall(r"[\w\-]+", mention.text) if t.lower() in _vocabulary().words)
    return Entity(mention.canonical, mention.speaker_type, mention.affiliation, mention.name,
                   mention.start, heads, mention.anonymous, mention.proper)


def literal_entities(candidates: list[Candidate]) -> list[tuple[Candidate, Entity]]:
    """Resolution switched off: every mention is its own source, as written; a verb-less
    continuation takes the entity of the candidate before it."""
    resolved: list[tuple[Candidate, Entity]] = []
    previous: Entity | None = None
    for candidate in sorted(candidates, key=lambda c: (not c.headline, c.anchor)):
        if candidate.mention is None:
            if previous is not None:
                resolved.append((candidate, previous))
            continue
        previous = _new_entity(candidate.mention)
        resolved.append((candidate, previous))
    return resolved


# ---------------------------------------------------------------------------
# Affiliation from the rest of the article, for a speaker whose own mentions decide none.

# A dateline's place: "DAMASCUS, Syria (AP) —", "MOSCOW -", "Aleppo, Syria —".
_DATELINE_PLACE = re.compile(r"([A-Z][A-Za-z\-]+(?: [A-Z][A-Za-z\-]+)?)(?:,[^—–\-(]{1,30})?"
                             r"\s*(?:\([^)]{1,40}\))?\s*(?:—|–|--|-)\s")
_DATELINE_SENTENCES = 3
# A person's fullest name and description are read from the first occurrences of the name only: news
# gives them at the first mention, and the bound keeps a call linear on texts that repeat a name endlessly.
NAME_OCCURRENCES_READ = 20


def dateline_government(text: str, sentences: tuple[Sentence, ...]) -> str:
    """The government of the article's dateline place (``data/places.csv`` or a capital in
    ``data/actors.csv``), "" when there is no dateline or it names no known place."""
    for sentence in sentences[:_DATELINE_SENTENCES]:
        match = _DATELINE_PLACE.match(text, sentence.start, sentence.end)
        if not match or match.end() - sentence.start > 60:
            continue
        place = match.group(1).title()
        if place in places():
            return places()[place]
        entry = _vocabulary().actors_by_key.get(_actor_key(place))
        if entry is not None and entry.speaker_type == "organization":
            return entry.affiliation
    return ""


@functools.lru_cache(maxsize=256)
def affiliation_in_article(text: str, name: str) -> str:
    """The affiliation the article's fullest description of a person gives: the title before any
    occurrence of the name ("U.S. Secretary of State John Kerry") or the apposition after it
    ("Redur Xelil, a spokesman for the Kurdish YPG,"); "" when none decides it."""
    occurrences = re.finditer(r"(?<![\w\-])" + re.escape(name) + r"(?![\w\-])", text)
    for match in itertools.islice(occurrences, NAME_OCCURRENCES_READ):
        before = _scan_backward(text, _tokens(text, max(0, match.start() - 200), match.end()))
        if before is not None and before.affiliation:
            return before.affiliation
        # ", a spokesman for ...", or with the comma stripped (FA-KES texts) " a Kurdish official".
        apposition = re.match(r",\s+(?:a|an|the)?\s*|\s+(?:a|an)\s+", text[match.end():match.end() + 8])
        if apposition:
            after = _scan_forward(text, match.end() + apposition.end(), min(len(text), match.end() + 200))
            if after is not None and after.affiliation and not after.name:
                return after.affiliation
    return ""


# "Samira, 55, who was travelling", "said Noha 45 asking" (commas stripped): a name given with an age and no office
# is a private person's. Not a count ("Aleppo 20 civilians") nor a measure.
_AGE_AFTER_NAME = r",?\s+(\d{1,2}),?\s+(?!(?:km|kilometres|kilometers|miles|percent|per|people|civilians|killed|" \
    r"dead|wounded|years|days|hours|minutes|times|of|and|or|to|more|others)\b)(?:[a-z]+\b|[.;])"


# Words of units' names followed by a number ("Division 30", "Brigade 51"), never a person's.
_BODY_NAME_WORDS = frozenset({"division", "brigade", "battalion", "regiment", "corps", "unit", "resolution", "article",
                              "route", "highway", "road", "district", "sector", "zone", "building", "block"})


@functools.lru_cache(maxsize=256)
def given_with_age(text: str, name: str) -> bool:
    """Whether the article gives a word of ``name`` (a person's) followed by an age, as news does for private
    people ("Samira 55 who was travelling with her sons")."""
    for word in {name.split()[0], name.split()[-1]}:
        if len(word) > 2 and not is_speaker_word(word) and word.lower() not in _BODY_NAME_WORDS \
                and re.search(r"(?<![\w\-])" + re.escape(word) + _AGE_AFTER_NAME, text):
            return True
    return False


@functools.lru_cache(maxsize=256)
def fullest_name(text: str, name: str) -> str:
    """The longest name the article gives that ends with ``name``'s last word ("Kerry" ->
    "John Kerry", "Mr. Trump" -> "Donald J. Trump"); ``name`` itself when none is longer."""
    surname = name.split()[-1]
    best = name
    occurrences = re.finditer(r"(?<![\w\-])" + re.escape(surname) + r"(?![\w\-’'])", text)
    for match in itertools.islice(occurrences, NAME_OCCURRENCES_READ):
        mention = _scan_backward(text, _tokens(text, max(0, match.start() - 120), match.end()))
        if mention is not None and mention.name.endswith(surname) and len(mention.name) > len(best) \
                and len(mention.name.split()) <= 4:
            best = mention.name
    return best


# A state body named without its state ("the interior ministry", "a military source") is read as the state whose
# body of the same group (``data/state_bodies.csv``) the article named last, at most this many characters before,
# reading at most this many body words back.
STATE_BODY_REACH_CHARACTERS = 3000
STATE_BODY_WORDS_READ = 30
# The state's name ends at most this many words before the body word ("Syria's interior ministry").
_STATE_NAME_GAP_WORDS = 2


@functools.lru_cache(maxsize=1)
def _state_body_pattern() -> re.Pattern[str]:
    words = sorted(state_bodies(), key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(" + "|".join(re.escape(word) for word in words) + r")(?![\w\-])", re.IGNORECASE)


def _state_of(text: str, body_start: int) -> str:
    """The government (or Kurdish authority) named right before a state body word ("Turkish troops", "Homs
    governorate"), "" when none is."""
    vocabulary = _vocabulary()
    last = None
    for match in vocabulary.actor_pattern.finditer(text, max(0, body_start - 60), body_start):
        last = match
    place = None
    for match in place_pattern().finditer(text, max(0, body_start - 60), body_start):
        place = match
    if place is not None and (last is None or place.end() > last.end()):
        between = text[place.end():body_start]
        if re.search(r"[.,;:!?]", between) or len(re.findall(r"[\w\-]+", between)) > _STATE_NAME_GAP_WORDS:
            return ""
        name = place.group()
        return places().get(name, places().get(re.sub(r"['’]?s$", "", name), ""))
    if last is None:
        return ""
    between = text[last.end():body_start]
    if re.search(r"[.,;:!?]", between) or len(re.findall(r"[\w\-]+", between)) > _STATE_NAME_GAP_WORDS:
        return ""
    entry = vocabulary.actors_by_key.get(_actor_key(last.group(1))) or vocabulary.actors_by_key.get(
        _actor_key(re.sub(r"['’]?s$", "", last.group(1))))
    if entry is None or entry.speaker_type not in ("organization", "") or not (
            entry.affiliation.endswith("_gov") or entry.affiliation == "kurdish"):
        return ""
    return entry.affiliation


def state_body_government(text: str, position: int, words: set[str]) -> str:
    """The government of the state body a description that names no state refers to: the state named with
    the last body word of the same group (civil or armed) before ``position`` ("Turkish troops ... military
    sources said" -> turkey_gov); "" when the description names no state body or no such phrase precedes it."""
    groups = {state_bodies()[word] for word in words if word in state_bodies()}
    if not groups:
        return ""
    group = "civil" if "civil" in groups else "armed"
    start = max(0, position - STATE_BODY_REACH_CHARACTERS)
    bodies = [match for match in _state_body_pattern().finditer(text, start, position)
              if state_bodies()[match.group(1).lower()] == group]
    for body in reversed(bodies[-STATE_BODY_WORDS_READ:]):
        government = _state_of(text, body.start())
        if government:
            return government
    # None before it: the one state whose body of the group the rest of the article names, if only one is.
    later = set()
    for body in itertools.islice((match for match in _state_body_pattern().finditer(text, position)
                                  if state_bodies()[match.group(1).lower()] == group), STATE_BODY_WORDS_READ):
        government = _state_of(text, body.start())
        if government:
            later.add(government)
    return next(iter(later)) if len(later) == 1 else ""


# A description of a monitor or a UN body ("a monitor", "the monitoring group", "the UN agency") names the one
# organization of its kind the article names anywhere, when it names exactly one.
NAMED_FROM_ARTICLE = ("ngo", "un")


@functools.lru_cache(maxsize=64)
def _actors_in(text: str) -> tuple[tuple[str, ActorEntry], ...]:
    """Every phrase of ``text`` that ``data/actors.csv`` reads as an actor with a canonical name, as written
    (without a trailing possessive), with its row; one pass of the actor pattern per text."""
    vocabulary = _vocabulary()
    found = []
    for match in vocabulary.actor_pattern.finditer(text):
        entry = vocabulary.actors_by_key.get(_actor_key(match.group(1))) or vocabulary.actors_by_key.get(
            _actor_key(re.sub(r"['’]?s$", "", match.group(1))))
        if entry is None or not entry.canonical:
            continue
        written = re.sub(r"['’]?s$", "", match.group(1)) if match.group(1).lower() not in \
            vocabulary.actors_by_key else match.group(1)
        found.append((written, entry))
    return tuple(found)


@functools.lru_cache(maxsize=64)
def named_organizations(text: str) -> dict[str, frozenset[str]]:
    """Affiliation -> the canonical names of the organizations of ``data/actors.csv`` the text names."""
    found: dict[str, set[str]] = {}
    for _, entry in _actors_in(text):
        if entry.speaker_type == "organization":
            found.setdefault(entry.affiliation, set()).add(entry.canonical)
    return {affiliation: frozenset(names) for affiliation, names in found.items()}


@functools.lru_cache(maxsize=256)
def written_name(text: str, canonical: str) -> str:
    """The fullest name of an organization the article writes (:func:`_name_rank`): ``canonical`` or a phrase of
    the text that ``data/actors.csv`` reads as that organization ("Syrian Observatory" in an article that never
    writes "Syrian Observatory for Human Rights"; the Russian reconciliation centre's full name where the article
    gives it); a description such as "the official Syrian news agency" only where the article writes no name of
    it. ``canonical`` when the text writes none."""
    forms = [(written, entry.pattern[0].islower()) for written, entry in _actors_in(text)
             if entry.canonical == canonical]
    best = canonical if any(written.lower() == canonical.lower() for written, _ in forms) or (
        canonical.lower() in text.lower() and re.search(
            r"(?<![\w\-])" + re.escape(canonical) + r"(?![\w\-])", text, re.IGNORECASE)) else ""
    description = ""  # a form the actors file writes in lower case ("official Syrian news agency"): not a name
    for written, is_description in forms:
        if is_description:
            description = description or written
        elif (len(written.split()) > 1 or written.isupper()) and (not best or _name_rank(written) > _name_rank(best)):
            best = written
    return best or description or canonical


def _name_rank(written: str) -> tuple[int, int]:
    """How full a written form of a name is: several words ("Syrian Observatory") before an acronym ("SOHR");
    longer first among equals. One word that is no acronym ("the Observatory") is a head noun, not a name."""
    return (2 if len(written.split()) > 1 else 1), len(written)


def the_named_organization(text: str, affiliation: str) -> str:
    """The one organization of ``affiliation`` (ngo or un) the text names, "" when it names none or several."""
    if affiliation not in NAMED_FROM_ARTICLE:
        return ""
    names = named_organizations(text).get(affiliation, frozenset())
    return next(iter(names)) if len(names) == 1 else ""
