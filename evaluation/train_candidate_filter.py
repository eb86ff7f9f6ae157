"""Train the attribution extractor's candidate filter (``analysis/data/candidate_filter.json``).

Usage::

    python evaluation/train_candidate_filter.py            # cross-validate by month, write the model
    python evaluation/train_candidate_filter.py --check    # ... and fail if the written model differs

Training data: PolNeAR's development months only (``evaluation/polnear.py``);
never the held-out months, the FA-KES dev gold or the seed gold. Every
candidate the passes propose (``analysis.attribution.extract.proposed_candidates``)
is labelled 1 when the record it becomes (joined with its continuations, as the
evaluation joins them) matches an annotated attribution at overlap 0.3
(``evaluation/scoring.py``), else 0. The model is scikit-learn's logistic
regression (liblinear, L2) over :func:`analysis.attribution.filtering.candidate_features`;
the vocabularies that name word features are the most frequent cue lemmas and
words of the training candidates (by frequency, not by label).

The threshold is chosen by a cross-validation by month: for each development
month a model is trained on the other months and the month's candidates are
scored with it; the records kept at each threshold of a grid are scored
against the gold, and the threshold with the best F1 is taken, among those
that keep speech recall within ``SPEECH_RECALL_LOSS`` of the unfiltered
extractor's. The final model is trained on every development month. The
cross-validated figures are printed (they, not the evaluation's figures on the
development months, which the final model saw, are the honest development
figures). Everything is deterministic: the same candidates give the same file.

Rerun it after any change to the passes (they change the candidates).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from analysis.attribution.document import Document, read_document  # noqa: E402
from analysis.attribution.extract import attributions_of, proposed_candidates  # noqa: E402
from analysis.attribution.filtering import (  # noqa: E402
    CANDIDATE_FILTER_FILE,
    CandidateFilter,
    ProposedCandidate,
    candidate_features,
)
from evaluation.evaluate_attributions import (  # noqa: E402
    POLNEAR,
    _predicted_record,
    join_continuations,
    polnear_gold_set,
)
from evaluation.polnear import read_polnear  # noqa: E402
from evaluation.scoring import THRESHOLDS, SpanRecord, greedy_matches, normalize_with_offsets, score  # noqa: E402

# Vocabulary sizes and the least count of a lemma or word to name a feature of its own.
MIN_COUNT = 15
CONTENT_WORDS = 150
# L2 regularization (scikit-learn's C) of the logistic regression.
REGULARIZATION = 1.0
THRESHOLD_GRID = tuple(round(0.05 * step, 2) for step in range(0, 13))
# The threshold may cost at most this much speech recall (cross-validated) against no filter.
SPEECH_RECALL_LOSS = 0.005


@dataclass(frozen=True)
class Article:
    """One development article: its document, outlet, month, proposed candidates and their labels."""

    name: str
    outlet: str
    month: str
    document: Document
    proposed: tuple[ProposedCandidate, ...]
    labels: tuple[int, ...]


def _records(article: Article, kept: list[ProposedCandidate]) -> list[SpanRecord]:
    """The scored records of an article's kept candidates (joined as the evaluation joins them)."""
    attributions = attributions_of(article.document, [p.candidate for p in kept], outlet=article.outlet)
    attributions = join_continuations(article.document.text, attributions)
    normalized = normalize_with_offsets(article.document.text)
    return [_predicted_record(article.name, normalized, attribution) for attribution in attributions]


def _labels(name: str, document: Document, proposed: list[ProposedCandidate], outlet: str,
            gold: list[SpanRecord]) -> tuple[int, ...]:
    """1 for a candidate whose record (the joined record holding its content) matches a gold record."""
    article = Article(name, outlet, "", document, tuple(proposed), ())
    records = _records(article, proposed)
    matched = {index for _, index in greedy_matches([(g.start, g.end) for g in gold],
                                                    [(r.start, r.end) for r in records],
                                                    threshold=THRESHOLDS[0])}
    normalized = normalize_with_offsets(document.text)
    labels = []
    for item in proposed:
        start, end = normalized.span(item.candidate.content_start, item.candidate.content_end)
        holding = [index for index, record in enumerate(records) if record.start <= start and end <= record.end]
        labels.append(int(any(index in matched for index in holding)))
    return tuple(labels)


def development_articles(folder: Path = POLNEAR) -> list[Article]:
    """Every development article with its proposed candidates and their labels."""
    gold_set = polnear_gold_set(folder, part="development")
    months = {article.name: article.month for article in read_polnear(folder, part="development")}
    gold_by_doc: dict[str, list[SpanRecord]] = collections.defaultdict(list)
    for record in gold_set.gold:
        gold_by_doc[record.doc].append(record)
    articles = []
    for source in gold_set.documents:
        document = read_document(source.text)
        proposed = proposed_candidates(document)
        labels = _labels(source.name, document, proposed, source.outlet, gold_by_doc[source.name])
        articles.append(Article(source.name, source.outlet, months[source.name], document, tuple(proposed), labels))
    return articles


def _vocabulary(articles: list[Article]) -> dict[str, list[str]]:
    lemmas: collections.Counter[str] = collections.Counter()
    first: collections.Counter[str] = collections.Counter()
    last: collections.Counter[str] = collections.Counter()
    words: collections.Counter[str] = collections.Counter()
    for article in articles:
        for item in article.proposed:
            candidate = item.candidate
            lemmas[candidate.verb_lemma or "none"] += 1
            tokens = article.document.text[candidate.content_start:candidate.content_end].lower().split()
            if tokens:
                first[tokens[0]] += 1
                last[tokens[-1]] += 1
            words.update(set(tokens))
    return {
        "lemmas": sorted(lemma for lemma, count in lemmas.items() if count >= MIN_COUNT),
        "first_words": sorted(word for word, count in first.items() if count >= MIN_COUNT),
        "last_words": sorted(word for word, count in last.items() if count >= MIN_COUNT),
        "content_words": sorted(word for word, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))
                                [:CONTENT_WORDS]),
    }


def _empty_model(vocabulary: dict[str, list[str]]) -> CandidateFilter:
    return CandidateFilter({}, 0.0, 0.0, frozenset(vocabulary["lemmas"]), frozenset(vocabulary["first_words"]),
                           frozenset(vocabulary["last_words"]), frozenset(vocabulary["content_words"]))


def _features(articles: list[Article], model: CandidateFilter) -> list[dict[str, float]]:
    rows = []
    for article in articles:
        ordered = sorted(article.proposed, key=lambda p: (p.candidate.content_start, p.candidate.content_end))
        rows.extend(candidate_features(article.document, item, ordered, model) for item in article.proposed)
    return rows


def train(articles: list[Article]) -> tuple[CandidateFilter, dict[str, list[str]]]:
    """A model trained on ``articles`` (threshold 0.0; the caller sets it) and its vocabulary."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vocabulary = _vocabulary(articles)
    empty = _empty_model(vocabulary)
    vectorizer = DictVectorizer(sort=True, sparse=False)
    matrix = vectorizer.fit_transform(_features(articles, empty))
    labels = [label for article in articles for label in article.labels]
    regression = LogisticRegression(C=REGULARIZATION, solver="liblinear", max_iter=1000)
    regression.fit(matrix, labels)
    weights = {name: round(float(weight), 6) for name, weight in zip(vectorizer.get_feature_names_out(),
                                                                     regression.coef_[0], strict=True)}
    model = CandidateFilter(weights, round(float(regression.intercept_[0]), 6), 0.0, empty.lemmas,
                            empty.first_words, empty.last_words, empty.content_words)
    return model, vocabulary


def _scores_at(articles: list[Article], probabilities: dict[str, list[float]], threshold: float,
               gold: list[SpanRecord]):
    predicted: list[SpanRecord] = []
    for article in articles:
        kept = [item for item, probability in zip(article.proposed, probabilities[article.name], strict=True)
                if probability >= threshold]
        predicted.extend(_records(article, kept))
    return (score(gold, predicted, threshold=THRESHOLDS[0]),
            score([g for g in gold if g.speech], [p for p in predicted if p.speech], threshold=THRESHOLDS[0]))


def cross_validate(articles: list[Article], gold: list[SpanRecord]) -> tuple[float, list[str]]:
    """The threshold chosen on out-of-fold probabilities (one fold per month) and a report."""
    probabilities: dict[str, list[float]] = {}
    for month in sorted({article.month for article in articles}):
        model, _ = train([article for article in articles if article.month != month])
        for article in articles:
            if article.month == month:
                ordered = sorted(article.proposed, key=lambda p: (p.candidate.content_start, p.candidate.content_end))
                probabilities[article.name] = [model.probability(candidate_features(article.document, item,
                                                                                    ordered, model))
                                               for item in article.proposed]
    report = ["threshold      P      R     F1 speechR  (cross-validated by month, PolNeAR development)"]
    results = []
    for threshold in THRESHOLD_GRID:
        scores, speech = _scores_at(articles, probabilities, threshold, gold)
        results.append((threshold, scores, speech))
        report.append(f"{threshold:9.2f} {scores.precision:6.3f} {scores.recall:6.3f} {scores.f1:6.3f} "
                      f"{speech.recall:7.3f}")
    baseline_speech = results[0][2].recall
    allowed = [(scores.f1, -threshold, threshold) for threshold, scores, speech in results
               if speech.recall >= baseline_speech - SPEECH_RECALL_LOSS]
    chosen = max(allowed)[2]
    report.append(f"chosen threshold {chosen:.2f} (best F1 with speech recall within {SPEECH_RECALL_LOSS} "
                  f"of {baseline_speech:.3f})")
    return chosen, report


def model_json(model: CandidateFilter, vocabulary: dict[str, list[str]], threshold: float) -> str:
    """The model file's text."""
    data = {
        "about": ("Candidate filter of the attribution extractor (analysis/attribution/filtering.py): logistic "
                  "regression weights by feature, intercept, threshold and vocabularies. Written by "
                  "evaluation/train_candidate_filter.py from PolNeAR's development months only; rerun that "
                  "script after changing the passes, never edit this file by hand."),
        "threshold": threshold,
        "intercept": model.intercept,
        "vocabulary": vocabulary,
        "weights": dict(sorted(model.weights.items())),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=POLNEAR, help="PolNeAR folder (default: shared/polnear)")
    parser.add_argument("--output", type=Path, default=CANDIDATE_FILTER_FILE, help="where to write the model")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when the trained model differs from --output")
    arguments = parser.parse_args(argv)
    articles = development_articles(arguments.polnear)
    gold = list(polnear_gold_set(arguments.polnear, part="development").gold)
    threshold, report = cross_validate(articles, gold)
    print("\n".join(report))
    model, vocabulary = train(articles)
    text = model_json(model, vocabulary, threshold)
    if arguments.check:
        same = arguments.output.is_file() and arguments.output.read_text(encoding="utf-8") == text
        print(f"{arguments.output}: {'reproduced' if same else 'DIFFERS from the trained model'}")
        return 0 if same else 1
    arguments.output.write_text(text, encoding="utf-8")
    print(f"wrote {arguments.output} ({len(model.weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
