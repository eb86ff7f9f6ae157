"""Sourcing: which media an article cites, whether it is wire copy, and whose voice it carries.

:func:`sourcing_summary` combines two readings of one article:

1. the media it names as sources (wire agencies such as AFP, Reuters,
   Interfax, TASS, SANA; outlets; "state television"), from
   ``data/news_agencies.csv``, each with the offsets of its mention, leaving
   out photo credits ("(AFP photo)", "Photo by AFP");
2. its attributions (:func:`analysis.attribution.extract_attributions`):
   how many distinct sources speak, the share of named and anonymous ones,
   and the share of voice per affiliation, measured in words of reported
   content.

Wire copy is recognized from the agency's signature: a dateline
("MOSCOW (Sputnik) —", "(AFP) -"), a closing "--Reuters" or a credit line
"(With AFP and Reuters)".

Share of voice in words of quoted or paraphrased content follows the
"share of quotes" measures of source-diversity studies (e.g. the Gender Gap
Tracker, Asr et al. 2021), weighted by length so that a long quotation counts
for more than a one-line paraphrase.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.attribution import Attribution
from analysis.commented_csv import CommentedCsvError, read_commented_csv

NEWS_AGENCIES_FILE = Path(__file__).parent / "data" / "news_agencies.csv"
MEDIA_KINDS = ("wire", "outlet", "state_media")
# A dateline stands in the first characters of an article (after a headline).
DATELINE_REACH_CHARACTERS = 600
# A closing signature ("--Reuters") stands in the last characters.
SIGNATURE_REACH_CHARACTERS = 300


@dataclass(frozen=True)
class NewsMedium:
    """One row of ``data/news_agencies.csv``."""

    name: str
    patterns: tuple[str, ...]
    kind: str
    signs_datelines: bool


@dataclass(frozen=True)
class MediaCitation:
    """A medium named in the article: ``text[start:end]`` is the mention."""

    name: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Sourcing:
    """How one article is sourced.

    Attributes
    ----------
    media : tuple of MediaCitation
        Every mention of a medium, in text order (photo credits left out).
    media_names : tuple of str
        The distinct media named, in order of first mention.
    is_wire_copy : bool
        True when a wire agency signs the text (dateline, closing signature or
        credit line).
    wire_evidence : tuple of MediaCitation
        The signatures that make it wire copy.
    attributions : int
        Number of attributions.
    distinct_sources : int
        Number of distinct speakers (case-insensitive canonical names).
    named_share, anonymous_share : float
        Shares of attributions whose speaker is named or anonymous; NaN when
        the article has no attribution.
    words_by_affiliation : tuple of (str, int)
        Words of reported content per speaker affiliation, most first.
    voice_share_by_affiliation : tuple of (str, float)
        The same as shares of all reported words (summing to 1); empty when
        nothing is reported.
    """

    media: tuple[MediaCitation, ...]
    media_names: tuple[str, ...]
    is_wire_copy: bool
    wire_evidence: tuple[MediaCitation, ...]
    attributions: int
    distinct_sources: int
    named_share: float
    anonymous_share: float
    words_by_affiliation: tuple[tuple[str, int], ...]
    voice_share_by_affiliation: tuple[tuple[str, float], ...]


@functools.lru_cache(maxsize=1)
def news_media() -> tuple[NewsMedium, ...]:
    """The media of ``data/news_agencies.csv``, read once."""
    media = []
    for row in read_commented_csv(NEWS_AGENCIES_FILE, required=("name", "patterns", "kind", "dateline")):
        kind = row["kind"]
        if kind not in MEDIA_KINDS:
            raise CommentedCsvError(f"{row.origin}: kind {kind!r} of {row['name']!r} is not one of "
                                    f"{', '.join(MEDIA_KINDS)}")
        patterns = tuple(p.strip() for p in row["patterns"].split("|") if p.strip())
        media.append(NewsMedium(row["name"], patterns, kind, row["dateline"] == "yes"))
    return tuple(media)


@functools.lru_cache(maxsize=1)
def _media_pattern() -> tuple[re.Pattern[str], dict[str, NewsMedium]]:
    by_pattern: dict[str, NewsMedium] = {}
    alternatives = []
    for medium in news_media():
        for pattern in medium.patterns:
            by_pattern.setdefault(pattern.lower(), medium)
            body = r"[\s\-]+".join(re.escape(word) for word in re.split(r"[\s\-]+", pattern))
            # Lower-case patterns match in any case; others only as written ("AP", not "ap").
            alternatives.append((len(pattern), f"(?i:{body})" if pattern.islower() else body))
    alternatives.sort(key=lambda pair: pair[0], reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(body for _, body in alternatives) + r")(?:['’]?s)?(?![\w\-])")
    return pattern, by_pattern


_PHOTO_CREDIT_BEFORE = re.compile(r"(?:photo|picture|image|video)s?\s+(?:by|:|via|credit:?)\s*\(?$", re.IGNORECASE)
_PHOTO_CREDIT_AFTER = re.compile(r"^\s*(?:/\s*\w+\s*)?(?:photo|picture|image|video|file)", re.IGNORECASE)


def cited_media(text: str) -> list[MediaCitation]:
    """Every mention of a medium of ``data/news_agencies.csv`` in ``text``, photo credits left out."""
    pattern, by_pattern = _media_pattern()
    found = []
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 20):match.start()]
        after = text[match.end():match.end() + 12]
        if _PHOTO_CREDIT_BEFORE.search(before) or _PHOTO_CREDIT_AFTER.match(after):
            continue
        medium = by_pattern.get(re.sub(r"[\s\-]+", " ", match.group(1)).lower()) or by_pattern.get(
            match.group(1).lower())
        if medium is None:
            continue
        found.append(MediaCitation(medium.name, medium.kind, match.start(1), match.end(1)))
    return found


def _wire_signatures(text: str, media: Sequence[MediaCitation]) -> list[MediaCitation]:
    signing = {medium.name for medium in news_media() if medium.signs_datelines}
    evidence = []
    for citation in media:
        if citation.name not in signing:
            continue
        before = text[max(0, citation.start - 12):citation.start]
        after = text[citation.end:citation.end + 6]
        in_parentheses = before.rstrip().endswith("(") and after.lstrip().startswith(")")
        dateline = in_parentheses and citation.start < DATELINE_REACH_CHARACTERS
        signature = re.search(r"(?:--|—|–)\s*$", before) is not None and \
            citation.end > len(text.rstrip()) - SIGNATURE_REACH_CHARACTERS
        credit = re.search(r"\((?:[Ww]ith|[Ss]ource:?)\s+(?:[\w\-]+\s+and\s+|[\w\-]+,\s*)*$", before) is not None
        if dateline or signature or credit:
            evidence.append(citation)
    return evidence


def _word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text))


def sourcing_summary(text: str, attributions: Sequence[Attribution]) -> Sourcing:
    """Summarize how an article is sourced.

    Parameters
    ----------
    text : str
        The article's cleaned text.
    attributions : sequence of Attribution
        Its attributions, as :func:`analysis.attribution.extract_attributions`
        returns them.

    Returns
    -------
    Sourcing
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    media = cited_media(text)
    names = tuple(dict.fromkeys(citation.name for citation in media))
    evidence = _wire_signatures(text, media)
    total = len(attributions)
    anonymous = sum(1 for attribution in attributions if attribution.speaker_type == "anonymous")
    named_share = (total - anonymous) / total if total else math.nan
    anonymous_share = anonymous / total if total else math.nan
    distinct = len({attribution.speaker.strip().lower() for attribution in attributions})
    words: dict[str, int] = {}
    for attribution in attributions:
        words[attribution.affiliation] = words.get(attribution.affiliation, 0) + _word_count(attribution.content)
    ranked = tuple(sorted(words.items(), key=lambda item: (-item[1], item[0])))
    reported = sum(words.values())
    shares = tuple((affiliation, count / reported) for affiliation, count in ranked) if reported else ()
    return Sourcing(tuple(media), names, bool(evidence), tuple(evidence), total, distinct, named_share,
                    anonymous_share, ranked, shares)
