"""Score analysis.attribution against hand-annotated gold attributions.

Usage::

    python evaluation/evaluate_attributions.py                      # seed and FA-KES dev gold
    python evaluation/evaluate_attributions.py --gold G.jsonl --texts DIR_OR_JSONL

``--texts`` is a folder of ``<doc>.txt`` files (read as UTF-8) or a JSON-lines
file of ``{"doc", "text"}`` objects. Without arguments, both gold sets of
``shared/gold`` are scored with their texts. Matching rules: see
``evaluation/scoring.py`` and ``shared/gold/README.md``.

Exit status: 0 after printing the table, 2 on a bad path or a gold file that
does not fit its texts.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from analysis.attribution import extract_attributions  # noqa: E402
from evaluation.scoring import (  # noqa: E402
    THRESHOLDS,
    GoldSpanNotFound,
    Scores,
    SpanRecord,
    locate_gold,
    normalize_with_offsets,
    score,
)

SHARED = PROJECT.parent / "shared"
DEFAULT_SETS = (
    ("seed", SHARED / "gold" / "seed_attributions.jsonl", SHARED / "seeds"),
    ("fakes_dev", SHARED / "gold" / "fakes_dev_attributions.jsonl", SHARED / "gold" / "fakes_dev_texts.jsonl"),
)


class InputError(ValueError):
    """A path that does not exist or a file that does not hold what it should."""


@dataclass(frozen=True)
class Evaluation:
    """The scores of one gold set, with the time the extractor took per document."""

    name: str
    documents: int
    scores: tuple[Scores, ...]
    milliseconds_per_document: float


def _json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, record) for each non-blank line of a JSON-lines file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}: not JSON ({error.msg})") from None


def read_gold(path: Path) -> list[dict[str, str]]:
    """Gold records of a JSON-lines file (doc, speaker, verb, kind, content)."""
    if not path.is_file():
        raise InputError(f"--gold: no such file {path}")
    records = []
    for number, record in _json_lines(path):
        missing = [key for key in ("doc", "speaker", "verb", "kind", "content") if key not in record]
        if missing:
            raise InputError(f"{path}:{number}: missing field(s) {', '.join(missing)}")
        records.append(record)
    return records


def read_texts(path: Path, docs: set[str]) -> dict[str, str]:
    """The texts of ``docs``: ``<doc>.txt`` files of a folder or the records of a JSON-lines file."""
    texts: dict[str, str] = {}
    if path.is_dir():
        for doc in sorted(docs):
            file = path / f"{doc}.txt"
            if not file.is_file():
                raise InputError(f"--texts: {file} is missing (gold names document {doc!r})")
            texts[doc] = file.read_text(encoding="utf-8")
    elif path.is_file():
        for _, record in _json_lines(path):
            if record.get("doc") in docs:
                texts[record["doc"]] = record.get("text", "")
        absent = sorted(docs - texts.keys())
        if absent:
            raise InputError(f"--texts: {path} has no text for {', '.join(absent)}")
    else:
        raise InputError(f"--texts: no such file or folder {path}")
    return {doc: unicodedata.normalize("NFKC", text) for doc, text in texts.items()}


def evaluate(name: str, gold_path: Path, texts_path: Path) -> Evaluation:
    """Run the extractor on the gold set's texts and score it at every threshold."""
    gold_rows = read_gold(gold_path)
    texts = read_texts(texts_path, {row["doc"] for row in gold_rows})
    gold: list[SpanRecord] = []
    predicted: list[SpanRecord] = []
    extract_attributions("Warm-up, so that reading the data files is not timed, he said.")
    elapsed = 0.0
    for doc, text in texts.items():
        normalized = normalize_with_offsets(text)
        for row in (r for r in gold_rows if r["doc"] == doc):
            try:
                gold.append(locate_gold(doc, normalized.text, row["content"], row["speaker"], row["verb"],
                                        row["kind"]))
            except GoldSpanNotFound as error:
                raise InputError(str(error)) from None
        started = time.perf_counter()
        attributions = extract_attributions(text)
        elapsed += time.perf_counter() - started
        for attribution in attributions:
            start, end = normalized.span(attribution.content_start, attribution.content_end)
            predicted.append(SpanRecord(doc, start, end, attribution.speaker, attribution.verb, attribution.kind))
    scores = tuple(score(gold, predicted, threshold=threshold) for threshold in THRESHOLDS)
    return Evaluation(name, len(texts), scores, 1000 * elapsed / max(len(texts), 1))


def _cell(value: float) -> str:
    return "  n/a" if math.isnan(value) else f"{value:5.3f}"


def format_table(evaluations: list[Evaluation]) -> str:
    """A plain-text table: one row per gold set and threshold."""
    header = (f"{'gold set':<10} {'docs':>4} {'overlap':>7} {'gold':>5} {'pred':>5} {'match':>5} "
              f"{'P':>5} {'R':>5} {'F1':>5} {'speaker':>7} {'verb':>5} {'kind':>5} {'ms/doc':>7}")
    lines = [header, "-" * len(header)]
    for evaluation in evaluations:
        for scores in evaluation.scores:
            lines.append(
                f"{evaluation.name:<10} {evaluation.documents:>4} {scores.threshold:>7.1f} {scores.gold:>5} "
                f"{scores.predicted:>5} {scores.matched:>5} {_cell(scores.precision)} {_cell(scores.recall)} "
                f"{_cell(scores.f1)} {_cell(scores.speaker_accuracy):>7} {_cell(scores.verb_accuracy)} "
                f"{_cell(scores.kind_accuracy)} {evaluation.milliseconds_per_document:>7.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, evaluate, print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, help="gold JSON-lines file (default: the seed and FA-KES dev gold)")
    parser.add_argument("--texts", type=Path, help="folder of <doc>.txt files or JSON-lines file of {doc, text}")
    arguments = parser.parse_args(argv)
    if (arguments.gold is None) != (arguments.texts is None):
        parser.error("give --gold and --texts together, or neither")
    sets = DEFAULT_SETS if arguments.gold is None else (
        (arguments.gold.stem, arguments.gold, arguments.texts),)
    try:
        evaluations = [evaluate(name, gold, texts) for name, gold, texts in sets]
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_table(evaluations))
    return 0


if __name__ == "__main__":
    sys.exit(main())
