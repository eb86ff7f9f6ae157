"""Whom a loaded term names: each mention resolved to a target group, from what the article says.

"Terrorists" at SANA names every armed group; at Daily Sabah it names the PKK
or Daesh. A concept's stance measures how an outlet names the contested
target (the Syrian opposition) only if mentions that name another group are
set apart. This module decides, for one term occurrence, which of its
concept's targets (``data/targets.csv``, loaded by
:func:`analysis.loaded_terms.load_lexicon`) the article names with it, by the
first rule that applies, in this order:

``head``
    A target's name right after the term ("the terrorist PKK", "Syrian
    government forces"), joined by a space or a hyphen; not after an
    inflected term ("extremists rebels" is a list whose commas were lost).
``modifier``
    A name right before it, possibly possessive or with "-linked",
    "-affiliated", "-led" ("Daesh terrorists", "al Qaeda-linked militants").
``term``
    A name among the term's own words, the last one (the head noun):
    "rebel groups", "regime forces".
``apposition``
    A name introduced after the term by "of", "from", "by", "belonging to" ...
    ("terrorists of the so-called Jaish al-Islam"), or a name the term is in
    apposition to, in a relative clause or a noun phrase after a comma
    ("the YPG, which Turkey calls a terrorist group").
``sentence``
    The nearest name in the same sentence (by characters; before wins a tie),
    except a name coordinated with the term ("rebel and terrorist groups",
    "rebel groups and extremists": two groups, not one).
``previous_sentence``
    The last name of the previous sentence.
``headline``
    For a term after the headline (the text's first line): the target of the
    headline's first term of the same concept that a name binds (head,
    modifier, own words, apposition: "Daesh Terrorists Execute 24"), else the
    target the headline names, if it names only one.

Otherwise the target is :data:`UNSPECIFIED` (basis ``none``); a term of a
concept without targets is :data:`UNSPECIFIED` with basis ``no_targets``. Names are
found once per article (:class:`NameMention`); sentences are split at
``. ! ?`` followed by a capital, and at line breaks.

Resolving referents of descriptions by proximity to named entities is the
classic heuristic of shallow coreference (Lappin & Leass 1994, "An algorithm
for pronominal anaphora resolution", Computational Linguistics 20(4), use
recency and syntactic salience the same way); the order of rules here puts
syntax that binds a name to the term before mere nearness.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

UNSPECIFIED = "unspecified"
BASES = ("head", "modifier", "term", "apposition", "sentence", "previous_sentence", "headline", "none", "no_targets")

# A space or a hyphen (one or two characters) joins a modifier or a head noun to the term.
_JOINED = re.compile(r"[ \-\u2010\u2011]{1,2}")
_MODIFIER_GAP = re.compile(r"(?:['’]s|['’])?(?:-(?:linked|affiliated|led|allied|aligned|inspired|held|controlled))?"
                           r"[ \-\u2010\u2011]{1,2}", re.IGNORECASE)
# After the term: a preposition or phrase that introduces whose the term is, then articles or "so-called".
_INTRODUCED_AFTER = re.compile(
    r"(?:\s+\w+)?\s+(?:of|from|by|belonging\s+to|affiliated\s+(?:to|with)|loyal\s+to|linked\s+to|led\s+by)\s+"
    r"(?:(?:the|so[\s-]?called|its|their|former|ex)\s+)*", re.IGNORECASE)
# Between a name and the term: a comma, then a relative clause or an appositive noun phrase, in one clause.
_APPOSITION_BETWEEN = re.compile(r",\s+(?:which|who|whom|whose|that|a|an|the)\b[^.;:!?,()\n]*", re.IGNORECASE)
# Between a name and the term: they are coordinated, so they name different groups.
# The name may be followed by its head noun ("rebel groups and extremists").
_COORDINATED = re.compile(r"(?:[ \-]\w+)?\s*,?\s*(?:and|or|as\s+well\s+as|,)\s+(?:the\s+|other\s+)*",
                          re.IGNORECASE)
BINDING_BASES = frozenset({"head", "modifier", "term", "apposition"})
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")


@dataclass(frozen=True)
class NameMention:
    """A name of a target in the text: ``text[start:end]`` names ``target`` of ``concept``."""

    start: int
    end: int
    concept: str
    target: str


@dataclass(frozen=True)
class TargetResolution:
    """Whom one term names, the rule that decided it and the name it relied on (-1, -1 for none)."""

    target: str
    basis: str
    name_start: int = -1
    name_end: int = -1


@dataclass(frozen=True)
class ArticleLayout:
    """What resolution needs of an article besides its names: sentence starts and the headline's end."""

    sentence_starts: tuple[int, ...]
    headline_end: int  # 0 when the text has no separate first line


def article_layout(text: str) -> ArticleLayout:
    """Sentence starts (always including 0) and the end of the first line, if the text has more than one."""
    starts = [0]
    starts.extend(match.end() for match in _SENTENCE_BREAK.finditer(text) if match.end() < len(text))
    first_break = text.find("\n")
    return ArticleLayout(tuple(starts), first_break if first_break > 0 else 0)


def resolve_target(text: str, start: int, end: int, names: Sequence[NameMention], layout: ArticleLayout, *,
                   inflected: bool = False, headline_target: str | None = None,
                   bound_only: frozenset[str] = frozenset()) -> TargetResolution:
    """The target of the term ``text[start:end]`` among ``names`` (its concept's, sorted by start).

    Parameters
    ----------
    text : str
        The article text.
    start, end : int
        The term's offsets.
    names : sequence of NameMention
        The names of the term's concept's targets in ``text``, sorted by
        start and not overlapping (:func:`analysis.loaded_terms.find_target_names`).
    layout : ArticleLayout
        From :func:`article_layout` of the same text.
    inflected : bool, keyword-only
        The term is written inflected ("terrorists"): no head noun follows it.
    headline_target : str, optional, keyword-only
        The target that a binding rule (:data:`BINDING_BASES`) gave the
        headline's first term of the same concept, if one did.
    bound_only : frozenset of str, keyword-only
        Targets whose names resolve the term only through a binding rule
        (:data:`BINDING_BASES`), never by nearness: in FA-KES a
        pro-government militia named near "terrorists" is nearly always the
        side fighting them ("Hezbollah al-Nujaba intensified its attacks
        against the terrorists").

    Returns
    -------
    TargetResolution
        :data:`UNSPECIFIED` with basis ``"none"`` when no rule applies.
    """
    if not names:
        return TargetResolution(UNSPECIFIED, "none")
    name_starts = [name.start for name in names]
    first_after = bisect.bisect_left(name_starts, end)
    first_inside = bisect.bisect_left(name_starts, start)
    before = names[first_inside - 1] if first_inside > 0 else None
    after = names[first_after] if first_after < len(names) else None
    inside = [name for name in names[first_inside:first_after] if name.end <= end]
    if not inflected and after is not None and _JOINED.fullmatch(text, end, after.start):
        return _resolved(after, "head")
    if before is not None and before.end <= start and _MODIFIER_GAP.fullmatch(text, before.end, start):
        return _resolved(before, "modifier")
    if inside:
        return _resolved(inside[-1], "term")
    sentence = bisect.bisect_right(layout.sentence_starts, start) - 1
    sentence_start = layout.sentence_starts[sentence]
    sentence_end = layout.sentence_starts[sentence + 1] if sentence + 1 < len(layout.sentence_starts) else len(text)
    introduced = _INTRODUCED_AFTER.match(text, end)
    if introduced is not None and after is not None and after.start == introduced.end() \
            and after.start < sentence_end:
        return _resolved(after, "apposition")
    if before is not None and before.end <= start and before.start >= sentence_start \
            and _APPOSITION_BETWEEN.fullmatch(text, before.end, start) is not None:
        return _resolved(before, "apposition")
    if bound_only:
        names = [name for name in names if name.target not in bound_only]
        name_starts = [name.start for name in names]
        first_after = bisect.bisect_left(name_starts, end)
        first_inside = bisect.bisect_left(name_starts, start)
    nearest = _nearest_in(text, names, first_inside, first_after, start, end, sentence_start, sentence_end)
    if nearest is not None:
        return _resolved(nearest, "sentence")
    if sentence > 0:
        previous_start = layout.sentence_starts[sentence - 1]
        in_previous = [name for name in names[:first_inside] if previous_start <= name.start < sentence_start]
        if in_previous:
            return _resolved(in_previous[-1], "previous_sentence")
    if layout.headline_end and start >= layout.headline_end:
        if headline_target is not None:
            return TargetResolution(headline_target, "headline")
        in_headline = [name for name in names if name.end <= layout.headline_end]
        if in_headline and len({name.target for name in in_headline}) == 1:
            return _resolved(in_headline[0], "headline")
    return TargetResolution(UNSPECIFIED, "none")


def _resolved(name: NameMention, basis: str) -> TargetResolution:
    return TargetResolution(name.target, basis, name.start, name.end)


def _nearest_in(text: str, names: Sequence[NameMention], first_inside: int, first_after: int, start: int,
                end: int, sentence_start: int, sentence_end: int) -> NameMention | None:
    """The name nearest the term within the sentence, outside the term and not coordinated with it; before wins ties."""
    candidates = []
    index = first_inside - 1
    while index >= 0 and names[index].start >= sentence_start:
        if names[index].end <= start:
            if not _COORDINATED.fullmatch(text, names[index].end, start):
                candidates.append((start - names[index].end, 0, names[index]))
            break
        index -= 1
    index = first_after
    if index < len(names) and names[index].end <= sentence_end \
            and not _COORDINATED.fullmatch(text, end, names[index].start):
        candidates.append((names[index].start - end, 1, names[index]))
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None
