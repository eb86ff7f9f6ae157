"""Read PolNeAR (brat standoff attribution annotations) and split it by month.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) is read from ``shared/polnear/``:
``text/NAME.txt`` (the article), ``ann/NAME_ANNOTATOR.ann`` (brat standoff) and
``metadata.tsv`` (publisher, publication date). A few articles have two
annotators' files; the one whose annotator id sorts first is used, so every run
reads the same annotations.

The split by month, fixed here and never changed after looking at results:
the development months (November 2015 - April 2016) may be read, tuned on and
trained on; the held-out months (May - September 2016) are only measured on.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DEVELOPMENT_MONTHS = ("2015-11", "2015-12", "2016-01", "2016-02", "2016-03", "2016-04")
HELD_OUT_MONTHS = ("2016-05", "2016-06", "2016-07", "2016-08", "2016-09")
PARTS = {"development": DEVELOPMENT_MONTHS, "held-out": HELD_OUT_MONTHS}


class PolnearError(ValueError):
    """A PolNeAR folder or annotation file that does not hold what it should."""


@dataclass(frozen=True)
class PolnearAttribution:
    """One annotated attribution; spans are ``(start, end)`` character offsets into the article text.

    A discontinuous span is given from its smallest to its largest offset.
    ``source`` and ``cue`` are ``None`` when the annotator marked none.
    """

    content: tuple[int, int]
    cue: tuple[int, int] | None
    cue_text: str
    source: tuple[int, int] | None
    source_text: str


@dataclass(frozen=True)
class PolnearArticle:
    """One article with its publisher, month and the attributions of one annotator."""

    name: str
    publisher: str
    month: str
    annotator: str
    text: str
    attributions: tuple[PolnearAttribution, ...]


_SPAN_LINE = re.compile(r"^(?P<id>T\d+)\t(?P<kind>\w+) (?P<spans>\d+ \d+(?:;\d+ \d+)*)\t(?P<text>.*)$")
_EVENT_LINE = re.compile(r"^(?P<id>E\d+)\t(?P<arguments>.*)$")


def read_annotations(path: Path, text: str) -> tuple[PolnearAttribution, ...]:
    """The attributions of one brat ``.ann`` file (``E`` lines tying Content, Cue and Source spans)."""
    spans: dict[str, tuple[str, tuple[int, int], str]] = {}
    events: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        span_line = _SPAN_LINE.match(line)
        if span_line:
            fragments = [tuple(int(n) for n in piece.split()) for piece in span_line["spans"].split(";")]
            # Some fragments are written end-first ("1038 1037"): take the outermost offsets.
            start, end = min(min(f) for f in fragments), max(max(f) for f in fragments)
            if not 0 <= start <= end <= len(text):
                raise PolnearError(f"{path}:{number}: span {start}-{end} outside the text ({len(text)} characters)")
            spans[span_line["id"]] = (span_line["kind"], (start, end), text[start:end])
            continue
        event_line = _EVENT_LINE.match(line)
        if event_line:
            arguments = dict(argument.split(":", 1) for argument in event_line["arguments"].split())
            events.append((number, arguments))
    attributions = []
    for _, arguments in events:
        content_id = arguments.get("Content")
        if content_id not in spans:
            # A few annotations were left without a Content span; scoring matches
            # by content, so they cannot be scored and are left out.
            continue
        cue = spans.get(arguments.get("Cue", ""))
        source = spans.get(arguments.get("Source", ""))
        attributions.append(PolnearAttribution(
            content=spans[content_id][1],
            cue=cue[1] if cue else None, cue_text=cue[2] if cue else "",
            source=source[1] if source else None, source_text=source[2] if source else ""))
    return tuple(sorted(attributions, key=lambda a: a.content))


def read_polnear(folder: Path, *, part: str) -> list[PolnearArticle]:
    """The articles of one part ("development" or "held-out") of the split, in file-name order."""
    if part not in PARTS:
        raise PolnearError(f"part must be one of {', '.join(PARTS)}, got {part!r}")
    metadata = folder / "metadata.tsv"
    if not metadata.is_file():
        raise PolnearError(f"{metadata}: no such file (is {folder} a PolNeAR folder?)")
    months = PARTS[part]
    articles = []
    with metadata.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle, delimiter="\t"), key=lambda row: row["filename"])
    for row in rows:
        month = row["publication_date"][:7]
        if month not in months:
            continue
        name = row["filename"]
        annotation_files = sorted((folder / "ann").glob(f"{name}_*.ann"))
        if not annotation_files:
            raise PolnearError(f"{folder / 'ann'}: no annotation file for {name}")
        chosen = annotation_files[0]
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        articles.append(PolnearArticle(name, row["publisher"], month, chosen.stem[len(name) + 1:], text,
                                       read_annotations(chosen, text)))
    return articles
