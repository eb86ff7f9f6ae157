"""Accuracy of the target resolution of loaded terms against a hand-labelled FA-KES dev sample.

Usage::

    python evaluation/target_resolution.py            # accuracy, per-target counts, confusions

The sample (``evaluation/target_labels.csv``) holds, for mentions of the
concepts that have targets, drawn at random (:func:`draw_sample`, seeded) from
the development part of FA-KES dev (:func:`evaluation.known_groups.part_of`),
the article's ``unit_id``, the term's offsets into the article's clean text
(as the importer produces it), the matched words, and the target the labeller
read in the article. Each mention was labelled by reading the article before
the resolver's answer for it was looked at. No article text is stored.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from analysis.commented_csv import read_commented_csv  # noqa: E402
from analysis.loaded_terms import TermMatch  # noqa: E402
from analysis.pipeline import analyze_text, make_analyzer  # noqa: E402
from evaluation.known_groups import FAKES_DEV, InputError, part_of, read_fakes  # noqa: E402

LABELS = Path(__file__).parent / "target_labels.csv"
SAMPLE_SEED = 12
SAMPLE_SIZES = {"armed_groups": 110, "syrian_government": 60}
LABEL_COLUMNS = ("unit_id", "start", "end", "term", "concept", "target")


@dataclass(frozen=True)
class SampledMention:
    unit_id: str
    text: str  # the article's clean text (not stored)
    match: TermMatch


def development_mentions(path: Path = FAKES_DEV) -> list[SampledMention]:
    """Every mention of the concepts in :data:`SAMPLE_SIZES` in the development part, in file order."""
    analyzer = make_analyzer()
    mentions = []
    for unit_id, record in read_fakes(path):
        if part_of(unit_id) != "development":
            continue
        text = record.clean.text
        mentions.extend(SampledMention(unit_id, text, match) for match in analyze_text(text, analyzer).terms.matches
                        if match.concept in SAMPLE_SIZES)
    return mentions


def draw_sample(mentions: Sequence[SampledMention], *, seed: int = SAMPLE_SEED) -> list[SampledMention]:
    """:data:`SAMPLE_SIZES` mentions per concept, drawn without replacement with ``random.Random(seed)``."""
    generator = random.Random(seed)
    sample = []
    for concept, size in SAMPLE_SIZES.items():
        pool = [m for m in mentions if m.match.concept == concept]
        sample.extend(generator.sample(pool, min(size, len(pool))))
    return sample


@dataclass(frozen=True)
class Label:
    unit_id: str
    start: int
    end: int
    term: str
    concept: str
    target: str


def read_labels(path: Path = LABELS) -> list[Label]:
    """The labelled sample: rows of :data:`LABEL_COLUMNS` after the ``#`` comment lines."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    labels = []
    for row in read_commented_csv(path, required=LABEL_COLUMNS):
        labels.append(Label(row["unit_id"], int(row["start"]), int(row["end"]), row["term"], row["concept"],
                            row["target"]))
    return labels


@dataclass(frozen=True)
class ResolutionScore:
    mentions: int
    correct: int
    by_target: dict[str, tuple[int, int]]  # gold target: (mentions, correct)
    by_concept: dict[str, tuple[int, int]]  # concept: (mentions, correct)
    confusions: dict[tuple[str, str], int]  # (gold, resolved): count, errors only
    no_longer_terms: tuple[Label, ...] = ()  # labelled mentions the lexicon no longer counts, left out

    @property
    def accuracy(self) -> float:
        return self.correct / self.mentions if self.mentions else float("nan")


def answer_for(label: Label, mentions: Sequence[tuple[int, int, str]]) -> str | None:
    """The target of the mention (start, end, target) that contains the labelled words; None if none does."""
    return next((target for start, end, target in mentions if start <= label.start and label.end <= end), None)


def score_resolution(labels: Sequence[Label], path: Path = FAKES_DEV) -> ResolutionScore:
    """Compare each label with the target the analysis gives the term at the same offsets.

    A labelled term that the analysis now reads as part of a longer mention
    (a modifier joined to its head noun: "Takfiri militants", see
    :func:`analysis.loaded_terms.find_loaded_terms`) is compared with that
    mention's target: the labelled words still name the group the phrase names.
    """
    analyzer = make_analyzer()
    texts = {unit_id: record.clean.text for unit_id, record in read_fakes(path)}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for unit_id in {label.unit_id for label in labels}:
        if unit_id not in texts:
            raise InputError(f"{path}: no article with unit_id {unit_id} (a label of another data set?)")
        spans[unit_id] = [(match.start, match.end, match.target)
                          for match in analyze_text(texts[unit_id], analyzer).terms.matches]
    counts: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    concept_counts: Counter[str] = Counter()
    concept_correct: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    no_longer_terms: list[Label] = []
    for label in labels:
        answer = answer_for(label, spans[label.unit_id])
        if answer is None:
            # The lexicon no longer counts these words as a term (an exclusion added since labelling).
            no_longer_terms.append(label)
            continue
        counts[label.target] += 1
        concept_counts[label.concept] += 1
        if answer == label.target:
            correct[label.target] += 1
            concept_correct[label.concept] += 1
        else:
            confusions[(label.target, answer)] += 1
    return ResolutionScore(sum(counts.values()), sum(correct.values()),
                           {target: (counts[target], correct[target]) for target in sorted(counts)},
                           {c: (concept_counts[c], concept_correct[c]) for c in sorted(concept_counts)},
                           dict(confusions.most_common()), tuple(no_longer_terms))


def main(argv: list[str] | None = None) -> int:
    """Print the resolution accuracy on the labelled sample; 2 on a bad path."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--csv", type=Path, default=FAKES_DEV)
    arguments = parser.parse_args(argv)
    try:
        result = score_resolution(read_labels(arguments.labels), arguments.csv)
    except InputError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    lines = [f"target resolution: {result.correct} of {result.mentions} correct, accuracy {result.accuracy:.3f}"]
    for concept, (n, ok) in result.by_concept.items():
        lines.append(f"  {concept}: {ok} of {n}, accuracy {ok / n:.3f}")
    lines += [
              "", "| gold target | mentions | correct |", "|---|---|---|"]
    lines.extend(f"| {target} | {n} | {ok} |" for target, (n, ok) in result.by_target.items())
    lines.append("")
    lines.extend(f"{gold} resolved as {answer}: {n}" for (gold, answer), n in result.confusions.items())
    lines.extend(f"no longer a term (left out): {label.unit_id} {label.start}-{label.end} {label.term!r}, "
                 f"labelled {label.target}" for label in result.no_longer_terms)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
