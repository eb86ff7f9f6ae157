"""Speaker and affiliation accuracy of analysis.attribution on a hand-labelled, held-out FA-KES dev sample,
and the corpus figures of issue 11 (the ``unknown`` share, the most quoted speakers per outlet group).

Usage::

    python evaluation/evaluate_speakers.py                      # accuracy on evaluation/speaker_labels.csv
    python evaluation/evaluate_speakers.py --part development   # ... on evaluation/speaker_labels_development.csv
    python evaluation/evaluate_speakers.py --corpus             # ... and the unknown share and top speakers
    python evaluation/evaluate_speakers.py --part development --sheet FILE   # the blind labelling sheet

There are two samples, drawn by one rule (:func:`draw_sample`) from the two
parts of FA-KES dev (:func:`evaluation.known_groups.part_of`): the articles of
the part that are not in ``shared/gold/``, ordered within each outlet by a hash
of their ``unit_id``; the first :data:`ARTICLES_PER_OUTLET` of every outlet.
The held-out sample (``--part held-out``, the default) is only measured; the
development sample (``--part development``) is where speaker rules are checked
and their errors read. The labelling sheet shows each
article with the content spans the extractor found numbered in it (content and
cue only, never the extractor's speaker or affiliation); the labeller wrote,
for every span that is an attribution, the canonical speaker (``shared/gold/README.md``
conventions) and its affiliation, read in the article. The labels
(``evaluation/speaker_labels.csv``) hold the ``unit_id``, the content's offsets
into the article's clean text as the importer produces it, the speaker and the
affiliation; no article text is stored.

Scoring reuses ``evaluation/scoring.py``: a label is matched to a predicted
attribution whose content overlaps it by at least 0.3 (the longer span's
share, greedy, one to one); on matched pairs the speaker is right by the gold
README rule (:func:`evaluation.scoring.speakers_agree`) and the affiliation
when equal.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from analysis.attribution import Attribution, extract_attributions  # noqa: E402
from analysis.commented_csv import read_commented_csv  # noqa: E402
from evaluation.known_groups import (  # noqa: E402
    FAKES_DEV,
    GOVERNMENT_ALIGNED,
    OPPOSITION_ALIGNED,
    InputError,
    part_of,
    read_fakes,
)
from evaluation.scoring import Scores, SpanRecord, normalize_with_offsets, score  # noqa: E402

LABELS = Path(__file__).parent / "speaker_labels.csv"
DEVELOPMENT_LABELS = Path(__file__).parent / "speaker_labels_development.csv"
# The command line's part names, the part_of value and the labels file of each sample.
PARTS = {"held-out": ("held_out", LABELS), "development": ("development", DEVELOPMENT_LABELS)}
GOLD_TEXTS = PROJECT.parent / "shared" / "gold" / "fakes_dev_texts.jsonl"
LABEL_COLUMNS = ("unit_id", "content_start", "content_end", "speaker", "affiliation")
ARTICLES_PER_OUTLET = 2
SAMPLE_SALT = "speaker-sample:"
OVERLAP = 0.3


@dataclass(frozen=True)
class SampleArticle:
    unit_id: str
    outlet: str
    text: str  # the article's clean text (not stored)


def _gold_unit_ids(path: Path = GOLD_TEXTS) -> set[str]:
    """The FA-KES ``unit_id`` of every article of the dev gold ("fakes-<unit_id>-<row>")."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return {json.loads(line)["doc"].split("-")[1] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()}


def _sample_key(unit_id: str) -> str:
    return hashlib.sha256((SAMPLE_SALT + unit_id).encode("utf-8")).hexdigest()


def fakes_articles(path: Path = FAKES_DEV) -> list[SampleArticle]:
    """Every FA-KES dev article once (the first row of a repeated ``unit_id``), in file order."""
    seen: set[str] = set()
    articles = []
    for unit_id, record in read_fakes(path):
        if unit_id in seen:
            continue
        seen.add(unit_id)
        articles.append(SampleArticle(unit_id, record.outlet or "", record.clean.text))
    return articles


def draw_sample(path: Path = FAKES_DEV, *, per_outlet: int = ARTICLES_PER_OUTLET,
                part: str = "held_out") -> list[SampleArticle]:
    """The non-gold articles of ``part`` ("held_out" or "development", :func:`part_of`), the first ``per_outlet``
    of each outlet by :func:`_sample_key`."""
    if part not in ("held_out", "development"):
        raise ValueError(f"part must be held_out or development; got {part!r}")
    gold = _gold_unit_ids()
    by_outlet: dict[str, list[SampleArticle]] = {}
    for article in fakes_articles(path):
        if part_of(article.unit_id) == part and article.unit_id not in gold:
            by_outlet.setdefault(article.outlet, []).append(article)
    sample = []
    for outlet in sorted(by_outlet):
        sample += sorted(by_outlet[outlet], key=lambda a: _sample_key(a.unit_id))[:per_outlet]
    return sample


def blind_sheet(articles: Sequence[SampleArticle]) -> str:
    """Each article's text and, numbered, the content spans and cues the extractor finds in it, for
    labelling: the extractor's speakers and affiliations are not shown."""
    blocks = []
    for article in articles:
        lines = [f"=== {article.unit_id} | {article.outlet}", article.text, ""]
        for number, found in enumerate(extract_attributions(article.text, outlet=article.outlet), start=1):
            lines.append(f"[{number}] {found.content_start}-{found.content_end} cue={found.verb!r}: "
                         f"{found.content[:300]}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class Label:
    unit_id: str
    content_start: int
    content_end: int
    speaker: str
    affiliation: str


def read_labels(path: Path = LABELS) -> list[Label]:
    """The rows of the labels file."""
    return [Label(row["unit_id"], int(row["content_start"]), int(row["content_end"]), row["speaker"],
                  row["affiliation"]) for row in read_commented_csv(path, required=LABEL_COLUMNS)]


def _span_record(unit_id: str, text: str, start: int, end: int, speaker: str, affiliation: str) -> SpanRecord:
    normalized = normalize_with_offsets(text)
    new_start, new_end = normalized.span(start, end)
    return SpanRecord(unit_id, new_start, new_end, speaker, "", "", affiliation=affiliation)


def evaluate_labels(labels: Sequence[Label], articles: dict[str, SampleArticle]) -> Scores:
    """Speaker and affiliation accuracy of the extractor on the labelled spans (overlap 0.3)."""
    gold = []
    predicted = []
    for unit_id in sorted({label.unit_id for label in labels}):
        article = articles.get(unit_id)
        if article is None:
            raise InputError(f"labels: unit_id {unit_id} is not in {FAKES_DEV}")
        gold += [_span_record(unit_id, article.text, label.content_start, label.content_end, label.speaker,
                              label.affiliation) for label in labels if label.unit_id == unit_id]
        predicted += [_span_record(unit_id, article.text, found.content_start, found.content_end, found.speaker,
                                   found.affiliation)
                      for found in extract_attributions(article.text, outlet=article.outlet)]
    return score(gold, predicted, threshold=OVERLAP)


def outlet_group(outlet: str) -> str:
    """government, opposition or other (``evaluation/known_groups.py``)."""
    if outlet in GOVERNMENT_ALIGNED:
        return "government"
    if outlet in OPPOSITION_ALIGNED:
        return "opposition"
    return "other"


def corpus_figures(articles: Sequence[SampleArticle], *, top: int = 30) -> str:
    """The share of each affiliation among all attributions of ``articles`` and the ``top`` most
    frequent speakers per outlet group, as text."""
    affiliations: Counter[str] = Counter()
    speakers: dict[str, Counter[str]] = {}
    for article in articles:
        found: list[Attribution] = extract_attributions(article.text, outlet=article.outlet)
        affiliations.update(a.affiliation for a in found)
        speakers.setdefault(outlet_group(article.outlet), Counter()).update(a.speaker for a in found)
    total = sum(affiliations.values())
    lines = [f"{len(articles)} articles, {total} attributions; affiliation shares:"]
    lines += [f"  {name:<18} {count:>5} {count / total:6.1%}" for name, count in affiliations.most_common()]
    for group in sorted(speakers):
        lines.append(f"top {top} speakers, {group}-aligned outlets ({sum(speakers[group].values())} attributions):")
        lines += [f"  {count:>4}  {name}" for name, count in speakers[group].most_common(top)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, evaluate, print; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=sorted(PARTS), default="held-out",
                        help="which sample: held-out (only measure it) or development (default: %(default)s)")
    parser.add_argument("--labels", type=Path, help="labels file (default: the part's)")
    parser.add_argument("--corpus", action="store_true",
                        help="also print the unknown share and the top speakers per outlet group of FA-KES dev")
    parser.add_argument("--sheet", type=Path, help="write the blind labelling sheet of the sample to this file")
    arguments = parser.parse_args(argv)
    try:
        part, default_labels = PARTS[arguments.part]
        if arguments.sheet is not None:
            arguments.sheet.write_text(blind_sheet(draw_sample(part=part)), encoding="utf-8")
            return 0
        articles = {article.unit_id: article for article in fakes_articles()}
        labels = read_labels(arguments.labels or default_labels)
        wrong_part = sorted({label.unit_id for label in labels if part_of(label.unit_id) != part})
        if wrong_part:
            raise InputError(f"labels of the {arguments.part} sample name articles of the other part: "
                             f"{', '.join(wrong_part[:5])}")
        result = evaluate_labels(labels, articles)
        articles_labelled = len({label.unit_id for label in labels})
        print(f"{arguments.part} FA-KES sample: {articles_labelled} articles, {result.gold} labels, "
              f"{result.matched} matched at overlap {OVERLAP}; speaker {result.speaker_accuracy:.3f}, "
              f"affiliation {result.affiliation_accuracy:.3f}")
        if arguments.corpus:
            print(corpus_figures(list(articles.values())))
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
