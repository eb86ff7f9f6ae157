"""Outlet and publication date of an article, from metadata or from its own text.

When an import gives no outlet or date, they are read from datelines,
bylines and footers ("Moscow, SANA –", "MOSCOW (Sputnik) —", "Date of
publication 4 October 2016"). Every guess keeps its evidence: the span of the
text it was read from and the rule that read it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analysis.commented_csv import CsvRow, read_commented_csv

DATA_DIR = Path(__file__).parent / "data"

# The date grammar, shared with the furniture rules ({date} in boilerplate.toml).
WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORDINAL = r"(?:st|nd|rd|th)?"
DATE_PATTERN = (
    rf"(?:{WEEKDAY}\s+)?(?:"
    rf"\d{{1,2}}{_ORDINAL}\s+{MONTH},?\s+\d{{4}}"
    rf"|{MONTH}\s+\d{{1,2}}{_ORDINAL},?\s+\d{{4}}"
    rf"|{MONTH}\s+\d{{6}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
)
TIME_PATTERN = r"(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d{4}(?=\s*(?:GMT|UTC)))(?:\s*(?:GMT|UTC|KSA)(?:[+-]\d{1,2})?)?"

_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}

# Labels that say a date is the publication date; they outrank a bare date.
_PUBLICATION_LABEL = re.compile(
    rf"(?:Date of publication|Published(?: on)?|Posted on|Last updated(?: at)?)\s*:?\s*({DATE_PATTERN})",
    re.IGNORECASE)
_LEADING_DATE = re.compile(rf"\A\s*({DATE_PATTERN})", re.IGNORECASE)


@dataclass(frozen=True)
class Detection:
    """A value read from an article's text, with where and how it was read.

    ``start``/``end`` are offsets into the text the detector was given.
    """

    value: str
    start: int
    end: int
    rule: str


def parse_date_text(text: str) -> dt.date | None:
    """Parse one date written in an article ("Wed 05 Apr 2017", "24.08.2013").

    Numeric dates in article text are read day first (24.08.2013, 25-01-2016),
    as the outlets in this field write them. Returns None for text that is not
    a valid date.
    """
    text = re.sub(rf"^{WEEKDAY}\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text).replace(",", " ")
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text):
            return dt.date(int(m[3]), _month_number(m[2]), int(m[1]))
        if m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})\s+(\d{4})", text):
            return dt.date(int(m[3]), _month_number(m[1]), int(m[2]))
        if m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{2})(\d{4})", text):
            return dt.date(int(m[3]), _month_number(m[1]), int(m[2]))
    except (ValueError, KeyError):
        return None
    return None


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def detect_date(text: str) -> Detection | None:
    """Publication date from a labelled date or a date stamp opening the text.

    A labelled date ("Date of publication 4 October 2016", "Published October
    2 2017") wins over a bare date at the very start ("Wed 05 Apr 2017 ...").
    Dates elsewhere in the text are events, not publication, and are ignored;
    so is a page-capture stamp ("05:33 GMT29 January 2020"), which does not
    open with the date.
    """
    for rule, pattern in (("publication_label", _PUBLICATION_LABEL), ("leading_date", _LEADING_DATE)):
        for match in pattern.finditer(text):
            parsed = parse_date_text(match[1])
            if parsed is not None:
                return Detection(parsed.isoformat(), match.start(1), match.end(1), rule)
    return None


@dataclass(frozen=True)
class _Signature:
    outlet: str
    pattern: re.Pattern[str]
    rule: str


@functools.lru_cache(maxsize=1)
def _signatures() -> tuple[_Signature, ...]:
    path = DATA_DIR / "outlet_signatures.toml"
    rules = tomllib.loads(path.read_text(encoding="utf-8"))["signature"]
    return tuple(
        _Signature(canonical_outlet(rule["outlet"]), re.compile(rule["pattern"], re.MULTILINE),
                   f"signature:{index}")
        for index, rule in enumerate(rules))


def detect_outlet(text: str) -> Detection | None:
    """Outlet named by a dateline, byline or footer signature of ``text``."""
    for signature in _signatures():
        if match := signature.pattern.search(text):
            evidence = match[0]
            start = match.start() + len(evidence) - len(evidence.lstrip())
            return Detection(signature.outlet, start, match.end(), signature.rule)
    return None


def _outlet_key(name: str) -> str:
    return re.sub(r"[\s.\-_]+", "", name).casefold()


@functools.lru_cache(maxsize=1)
def _outlet_rows() -> tuple[CsvRow, ...]:
    return tuple(read_commented_csv(DATA_DIR / "outlets.csv", required=("name", "aliases"), optional=("color",)))


@functools.lru_cache(maxsize=1)
def _outlet_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for row in _outlet_rows():
        for alias in [row["name"], *row["aliases"].split("|")]:
            if alias.strip():
                names[_outlet_key(alias)] = row["name"]
    return names


def listed_outlet_colors() -> dict[str, str]:
    """The chart colour of each outlet listed in ``data/outlets.csv`` (its ``color`` column), by display name."""
    return {row["name"]: row["color"] for row in _outlet_rows() if (row.get("color") or "").strip()}


def canonical_outlet(name: str) -> str:
    """The display name of an outlet: "sana" -> "SANA", "presstv" -> "Press TV".

    Names not in ``data/outlets.csv`` come back stripped but otherwise unchanged.
    """
    cleaned = " ".join(name.split())
    return _outlet_names().get(_outlet_key(cleaned), cleaned)
