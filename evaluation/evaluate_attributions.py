"""Score analysis.attribution against hand-annotated attributions: the gold JSON lines and PolNeAR.

Usage::

    python evaluation/evaluate_attributions.py                 # seed, FA-KES dev gold, PolNeAR development months
    python evaluation/evaluate_attributions.py --held-out      # ... and PolNeAR's held-out months (measure only)
    python evaluation/evaluate_attributions.py --by-outlet     # ... one row per publisher or outlet as well
    python evaluation/evaluate_attributions.py --ablation      # ... and F1 without each step of the extractor
    python evaluation/evaluate_attributions.py --gold G.jsonl --texts DIR_OR_JSONL

``--texts`` is a folder of ``<doc>.txt`` files (read as UTF-8) or a JSON-lines
file of ``{"doc", "text"[, "outlet"]}`` objects. Matching rules: see
``evaluation/scoring.py`` and ``shared/gold/README.md``; PolNeAR is read and
split by month in ``evaluation/polnear.py`` (development months may be tuned
on, held-out months are only measured).

Columns: P, R, F1 over all attributions; ``speechR`` the recall of speech
attributions (cue a verb of saying, ``evaluation/speech_cues.csv``, or
"according to"); on matched pairs, ``speaker`` (canonical speaker, gold README
rule), ``span`` (predicted speaker mention overlaps the annotated Source),
``verb`` (cue lemma), ``kind`` and ``affil`` where the gold has them. The
``+speech`` rows score speech-only gold against the predictions whose verb is
a verb of saying (or a verb-less continuation quote).

Exit status: 0 after printing the tables, 2 on a bad path or a gold file that
does not fit its texts.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from analysis.attribution import SWITCHABLE_STEPS, Attribution, extract_attributions  # noqa: E402
from analysis.commented_csv import read_commented_csv  # noqa: E402
from evaluation.polnear import PolnearError, read_polnear  # noqa: E402
from evaluation.scoring import (  # noqa: E402
    THRESHOLDS,
    GoldSpanNotFound,
    NormalizedText,
    Scores,
    SpanRecord,
    locate_gold,
    normalize,
    normalize_with_offsets,
    score,
    stem_word,
)

SHARED = PROJECT.parent / "shared"
POLNEAR = SHARED / "polnear"
SPEECH_CUES_FILE = Path(__file__).parent / "speech_cues.csv"
DEFAULT_SETS = (
    ("seed", SHARED / "gold" / "seed_attributions.jsonl", SHARED / "seeds"),
    ("fakes_dev", SHARED / "gold" / "fakes_dev_attributions.jsonl", SHARED / "gold" / "fakes_dev_texts.jsonl"),
)

# Called as extractor(text, outlet=...): the outlet decides some affiliations (state media).
Extractor = Callable[..., list[Attribution]]


class InputError(ValueError):
    """A path that does not exist or a file that does not hold what it should."""


@dataclass(frozen=True)
class Document:
    """One article to run the extractor on: its name, outlet (publisher) and text."""

    name: str
    outlet: str
    text: str


@dataclass(frozen=True)
class GoldSet:
    """Documents with their gold attributions, in normalized offsets (``evaluation/scoring.py``)."""

    name: str
    documents: tuple[Document, ...]
    gold: tuple[SpanRecord, ...]
    # PolNeAR annotates "“A,” X said. “B”" as one attribution whose content runs from A to B; the
    # extractor gives B its own verb-less record continuing X (the gold README's convention). With
    # this set, such a continuation is joined to the record it continues before scoring.
    joins_continuations: bool = False


@dataclass(frozen=True)
class Evaluation:
    """The scores of one gold set at every threshold, speech-only and per outlet (at the first threshold)."""

    name: str
    documents: int
    scores: tuple[Scores, ...]
    speech_scores: Scores
    by_outlet: tuple[tuple[str, int, Scores], ...]
    milliseconds_per_document: float


# ---------------------------------------------------------------------------
# Reading gold sets.


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
    """Gold records of a JSON-lines file (doc, speaker, verb, kind, content[, affiliation])."""
    if not path.is_file():
        raise InputError(f"--gold: no such file {path}")
    records = []
    for number, record in _json_lines(path):
        missing = [key for key in ("doc", "speaker", "verb", "kind", "content") if key not in record]
        if missing:
            raise InputError(f"{path}:{number}: missing field(s) {', '.join(missing)}")
        records.append(record)
    return records


def read_texts(path: Path, docs: set[str]) -> dict[str, tuple[str, str]]:
    """(outlet, text) of ``docs``: ``<doc>.txt`` files of a folder or the records of a JSON-lines file.

    A folder gives no outlet; the document's name stands for it.
    """
    texts: dict[str, tuple[str, str]] = {}
    if path.is_dir():
        for doc in sorted(docs):
            file = path / f"{doc}.txt"
            if not file.is_file():
                raise InputError(f"--texts: {file} is missing (gold names document {doc!r})")
            texts[doc] = (doc, file.read_text(encoding="utf-8"))
    elif path.is_file():
        for _, record in _json_lines(path):
            if record.get("doc") in docs:
                texts[record["doc"]] = (record.get("outlet") or record["doc"], record.get("text", ""))
        absent = sorted(docs - texts.keys())
        if absent:
            raise InputError(f"--texts: {path} has no text for {', '.join(absent)}")
    else:
        raise InputError(f"--texts: no such file or folder {path}")
    return {doc: (outlet, unicodedata.normalize("NFKC", text)) for doc, (outlet, text) in texts.items()}


def json_gold_set(name: str, gold_path: Path, texts_path: Path) -> GoldSet:
    """A gold JSON-lines file with its texts; every gold content located in its normalized text."""
    gold_rows = read_gold(gold_path)
    texts = read_texts(texts_path, {row["doc"] for row in gold_rows})
    documents = []
    gold: list[SpanRecord] = []
    for doc, (outlet, text) in texts.items():
        documents.append(Document(doc, outlet, text))
        normalized = normalize_with_offsets(text).text
        for row in (r for r in gold_rows if r["doc"] == doc):
            try:
                record = locate_gold(doc, normalized, row["content"], row["speaker"], row["verb"], row["kind"],
                                     affiliation=row.get("affiliation", ""))
                # Speech as for PolNeAR: a verb of saying, or none (a quotation continuing its speaker).
                gold.append(replace(record, speech=not row["verb"] or is_speech_cue(row["verb"])))
            except GoldSpanNotFound as error:
                raise InputError(str(error)) from None
    return GoldSet(name, tuple(documents), tuple(gold))


@functools.lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    """The lemmas of ``evaluation/speech_cues.csv``."""
    # Stemmed by rule alone, as the cue words are, so that the speech subset of the gold does not depend
    # on the extractor's own verb list.
    return frozenset(stem_word(row["lemma"]) for row in read_commented_csv(SPEECH_CUES_FILE, required=("lemma",)))


def is_speech_cue(cue: str) -> bool:
    """A verb of saying among the cue's words, or "according to"."""
    words = re.findall(r"[\w’'\-]+", normalize(cue).lower())
    if "according" in words:
        return True
    return any(stem_word(word) in speech_lemmas() for word in words)


def polnear_gold_set(folder: Path, *, part: str) -> GoldSet:
    """PolNeAR's articles of one part of the month split with their annotations as span records."""
    try:
        articles = read_polnear(folder, part=part)
    except PolnearError as error:
        raise InputError(str(error)) from None
    documents = []
    gold = []
    for article in articles:
        documents.append(Document(article.name, article.publisher, article.text))
        normalized = normalize_with_offsets(article.text)
        for attribution in article.attributions:
            start, end = normalized.span(*attribution.content)
            speaker_start, speaker_end = normalized.span(*attribution.source) if attribution.source else (-1, -1)
            gold.append(SpanRecord(article.name, start, end, attribution.source_text, attribution.cue_text, "",
                                   speaker_start=speaker_start, speaker_end=speaker_end,
                                   speech=is_speech_cue(attribution.cue_text), cue_phrase=True))
    return GoldSet(f"polnear-{part}", tuple(documents), tuple(gold), joins_continuations=True)


# ---------------------------------------------------------------------------
# Scoring.


def _predicted_record(doc: str, normalized: NormalizedText, attribution: Attribution) -> SpanRecord:
    start, end = normalized.span(attribution.content_start, attribution.content_end)
    speaker_start, speaker_end = normalized.span(attribution.speaker_start, attribution.speaker_end)
    speech = not attribution.verb or is_speech_cue(attribution.verb)
    return SpanRecord(doc, start, end, attribution.speaker, attribution.verb, attribution.kind,
                      affiliation=attribution.affiliation, speaker_start=speaker_start, speaker_end=speaker_end,
                      speech=speech)


def join_continuations(text: str, attributions: list[Attribution]) -> list[Attribution]:
    """Each record joined to the record before it in the same paragraph when it continues it: a
    verb-less continuation with the same speaker, or a content of the same cue (the same speaker
    mention and verb: "“A,” X said, “B”"), PolNeAR's "“A,” X said. “B”" convention."""
    joined: list[Attribution] = []
    for attribution in sorted(attributions, key=lambda a: a.content_start):
        previous = joined[-1] if joined else None
        continues = previous is not None and (
            (not attribution.verb and attribution.speaker == previous.speaker)
            or (attribution.verb == previous.verb and previous.speaker_start >= 0
                and attribution.speaker_start == previous.speaker_start))
        if continues and "\n" not in text[previous.content_end:attribution.content_start]:
            joined[-1] = replace(previous, content_end=attribution.content_end,
                                 content=text[previous.content_start:attribution.content_end])
            continue
        joined.append(attribution)
    return joined


def predict(gold_set: GoldSet, *, extractor: Extractor = extract_attributions) -> tuple[list[SpanRecord], float]:
    """The extractor's attributions on every document, and the seconds it took."""
    # Reads the data files and loads the tagger ("says" is a form it checks) before the clock runs.
    extractor("Warm-up, so that loading is not timed, the ministry says.")
    predicted = []
    elapsed = 0.0
    for document in gold_set.documents:
        started = time.perf_counter()
        attributions = extractor(document.text, outlet=document.outlet)
        elapsed += time.perf_counter() - started
        if gold_set.joins_continuations:
            attributions = join_continuations(document.text, attributions)
        normalized = normalize_with_offsets(document.text)
        predicted.extend(_predicted_record(document.name, normalized, a) for a in attributions)
    return predicted, elapsed


def evaluate_set(gold_set: GoldSet, *, extractor: Extractor = extract_attributions) -> Evaluation:
    """Run the extractor on a gold set's texts and score it at every threshold, speech-only and per outlet."""
    predicted, elapsed = predict(gold_set, extractor=extractor)
    scores = tuple(score(gold_set.gold, predicted, threshold=threshold) for threshold in THRESHOLDS)
    speech_scores = score([r for r in gold_set.gold if r.speech], [r for r in predicted if r.speech],
                          threshold=THRESHOLDS[0])
    outlets: dict[str, set[str]] = {}
    for document in gold_set.documents:
        outlets.setdefault(document.outlet, set()).add(document.name)
    by_outlet = tuple(
        (outlet, len(docs), score([r for r in gold_set.gold if r.doc in docs],
                                  [r for r in predicted if r.doc in docs], threshold=THRESHOLDS[0]))
        for outlet, docs in sorted(outlets.items()))
    documents = len(gold_set.documents)
    return Evaluation(gold_set.name, documents, scores, speech_scores, by_outlet,
                      1000 * elapsed / max(documents, 1))


def evaluate(name: str, gold_path: Path, texts_path: Path, *,
             extractor: Extractor = extract_attributions) -> Evaluation:
    """Score the extractor on a gold JSON-lines file and its texts."""
    return evaluate_set(json_gold_set(name, gold_path, texts_path), extractor=extractor)


# ---------------------------------------------------------------------------
# Tables.


def _cell(value: float) -> str:
    return "  n/a" if math.isnan(value) else f"{value:5.3f}"


_HEADER = (f"{'set':<24} {'docs':>4} {'overlap':>7} {'gold':>5} {'pred':>5} {'match':>5} {'P':>5} {'R':>5} "
           f"{'F1':>5} {'speechR':>7} {'speaker':>7} {'span':>5} {'verb':>5} {'kind':>5} {'affil':>5} {'ms/doc':>7}")


def _row(name: str, documents: int, scores: Scores, milliseconds: float | None) -> str:
    timing = f"{milliseconds:>7.2f}" if milliseconds is not None else f"{'':>7}"
    return (f"{name[:24]:<24} {documents:>4} {scores.threshold:>7.1f} {scores.gold:>5} {scores.predicted:>5} "
            f"{scores.matched:>5} {_cell(scores.precision)} {_cell(scores.recall)} {_cell(scores.f1)} "
            f"{_cell(scores.speech_recall):>7} {_cell(scores.speaker_accuracy):>7} {_cell(scores.speaker_overlap)} "
            f"{_cell(scores.verb_accuracy)} {_cell(scores.kind_accuracy)} {_cell(scores.affiliation_accuracy)} "
            f"{timing}")


def format_table(evaluations: Sequence[Evaluation], *, by_outlet: bool = False) -> str:
    """A plain-text table: one row per gold set and threshold, a speech-only row, and optionally per outlet."""
    lines = [_HEADER, "-" * len(_HEADER)]
    for evaluation in evaluations:
        for scores in evaluation.scores:
            lines.append(_row(evaluation.name, evaluation.documents, scores, evaluation.milliseconds_per_document))
        lines.append(_row(f"{evaluation.name}+speech", evaluation.documents, evaluation.speech_scores, None))
    if by_outlet:
        lines += ["", f"per outlet (overlap {THRESHOLDS[0]})", _HEADER, "-" * len(_HEADER)]
        for evaluation in evaluations:
            for outlet, documents, scores in evaluation.by_outlet:
                lines.append(_row(f"{evaluation.name[:11]}:{outlet}", documents, scores, None))
    return "\n".join(lines)


def ablation_table(gold_sets: Sequence[GoldSet]) -> str:
    """F1, precision, speech recall and speaker accuracy at overlap 0.3, full and without each switchable step."""
    header = f"{'without':<18}" + "".join(f" {gold_set.name[:23]:>23}" for gold_set in gold_sets)
    lines = ["ablation: F1 / P / speech R / speaker at overlap 0.3", header, "-" * len(header)]
    for step in ("(nothing)", *SWITCHABLE_STEPS):
        without = () if step == "(nothing)" else (step,)

        def extractor(text: str, *, outlet: str | None = None,
                      without: tuple[str, ...] = without) -> list[Attribution]:
            return extract_attributions(text, without=without, outlet=outlet)

        cells = []
        for gold_set in gold_sets:
            predicted, _ = predict(gold_set, extractor=extractor)
            scores = score(gold_set.gold, predicted, threshold=THRESHOLDS[0])
            cells.append(f"{_cell(scores.f1)}/{_cell(scores.precision)}/{_cell(scores.speech_recall)}/"
                         f"{_cell(scores.speaker_accuracy)}")
        lines.append(f"{step:<18}" + "".join(f" {cell:>23}" for cell in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, evaluate, print the tables; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, help="gold JSON-lines file (default: the seed and FA-KES dev gold)")
    parser.add_argument("--texts", type=Path, help="folder of <doc>.txt files or JSON-lines file of {doc, text}")
    parser.add_argument("--polnear", type=Path, default=POLNEAR,
                        help="PolNeAR folder (default: shared/polnear; skipped when absent)")
    parser.add_argument("--held-out", action="store_true",
                        help="also score PolNeAR's held-out months (measure only; never tune on them)")
    parser.add_argument("--by-outlet", action="store_true", help="also print one row per publisher or outlet")
    parser.add_argument("--ablation", action="store_true",
                        help="also print F1 without each switchable step (on every set but the held-out months)")
    arguments = parser.parse_args(argv)
    if (arguments.gold is None) != (arguments.texts is None):
        parser.error("give --gold and --texts together, or neither")
    try:
        if arguments.gold is not None:
            gold_sets = [json_gold_set(arguments.gold.stem, arguments.gold, arguments.texts)]
        else:
            gold_sets = [json_gold_set(name, gold, texts) for name, gold, texts in DEFAULT_SETS]
            if arguments.polnear.exists():
                gold_sets.append(polnear_gold_set(arguments.polnear, part="development"))
                if arguments.held_out:
                    gold_sets.append(polnear_gold_set(arguments.polnear, part="held-out"))
        evaluations = [evaluate_set(gold_set) for gold_set in gold_sets]
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_table(evaluations, by_outlet=arguments.by_outlet))
    if arguments.ablation:
        print()
        print(ablation_table([gold_set for gold_set in gold_sets if gold_set.name != "polnear-held-out"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
