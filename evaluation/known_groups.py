"""Known-groups validation of the loaded-language stance on FA-KES dev.

Usage::

    python evaluation/known_groups.py                 # development part
    python evaluation/known_groups.py --part held_out # measured once, at the end
    python evaluation/known_groups.py --csv PATH --part all

If the stance measures how an outlet names a contested thing, it should tell
the outlets aligned with the Syrian government (SANA, Al-Manar, Al-Alam,
Sputnik, TASS) from those aligned with the opposition (Etilaf, Al-Araby, Daily
Sabah, TRT, Al Arabiya, Asharq Al-Awsat) article by article: a known-groups
test of construct validity (Cronbach & Meehl 1955, "Construct validity in
psychological tests", Psychological Bulletin 52(4)). The figure is the ROC AUC
(the Mann-Whitney probability that an article of the group expected higher
scores higher, ties counting one half), next to a naive keyword ratio over the
whole text on the same articles, with percentile bootstrap intervals that
resample articles within each outlet group (Efron & Tibshirani 1993, ch. 13).

Articles: those of the two outlet groups whose ``<concept>_stance`` is defined
(at least one own-voice mention), the concept's stance as ``python -m analysis
score`` computes it; a second row per concept takes every article of the two
groups and counts an undefined stance or ratio as 0, so that a stance which
drops hard articles cannot look better than it is.

FA-KES dev is split deterministically by a hash of the article's ``unit_id``
into a development part (about two thirds), on which rules may be read and
tuned, and a held-out part, which is only measured.

Two diagnostics are printed beside the stance, on the same articles; neither is
a score column. The *marked balance* (:func:`marked_balance`) is a count-based
alternative to the mean class. *Learned term weights*
(:func:`learned_term_weights`) are fitted to the outlet labels of the
development part only and applied to articles outside their training set
(:func:`add_learned_scores`): they say how much a finer scale of the same
terms could separate the outlets, an upper reference for the lexicon's three
classes. Per concept, the coverage (articles with a defined stance) and the
pairs tied at 0 are printed too (:func:`coverage_table`).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from analysis.corpus_import import ArticleRecord, detect_encoding, read_articles  # noqa: E402
from analysis.pipeline import analyze_text, make_analyzer, score_columns  # noqa: E402

FAKES_DEV = PROJECT.parent / "shared" / "data" / "fakes_dev.csv"
PARTS = ("development", "held_out", "all")
# One article in HELD_OUT_MODULUS is held out: about a third of FA-KES dev.
HELD_OUT_MODULUS = 3
DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 12

# Outlet names as the importer reads them from FA-KES's `source` column.
GOVERNMENT_ALIGNED = ("SANA", "Al-Manar", "Al-Alam", "Sputnik", "TASS")
OPPOSITION_ALIGNED = ("Syrian National Coalition (Etilaf)", "The New Arab (Al-Araby)", "Daily Sabah", "TRT World",
                      "Al Arabiya", "Asharq Al-Awsat")

# Per concept: which outlet group is expected to score higher, and the naive
# ratio's words (the baseline): (favourable - unfavourable) / (both),
# 0 when neither occurs, favourable meaning toward what the concept names.
_NAIVE_WORDS = {
    "armed_groups": (re.compile(r"\b(?:rebel|opposition|revolutionar)", re.IGNORECASE),
                     re.compile(r"\b(?:terrorist|takfiri|mercenar)", re.IGNORECASE)),
    "syrian_government": (re.compile(r"\b(?:government|syrian\s+army)", re.IGNORECASE),
                          re.compile(r"\bregime", re.IGNORECASE)),
}
EXPECTED_HIGHER = {"armed_groups": "opposition", "syrian_government": "government"}
CONCEPTS = tuple(EXPECTED_HIGHER)


class InputError(ValueError):
    """A path that does not exist or a file that does not hold FA-KES articles."""


@dataclass(frozen=True)
class EvaluationArticle:
    """One FA-KES article of the two outlet groups, with its figures."""

    unit_id: str
    outlet: str
    group: str  # "government" or "opposition"
    part: str  # "development" or "held_out"
    scores: dict[str, float]  # score columns, naive_<concept>, balance_<concept> (and learned_<concept>)
    # Per concept, (term, class) of each own-voice mention behind <concept>_stance.
    stance_mentions: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class AucResult:
    """One row of the known-groups table."""

    concept: str
    measure: str  # "stance" or "naive"
    articles: str  # "defined" or "all (undefined = 0)"
    n_higher: int
    n_lower: int
    auc: float
    low: float
    high: float


def part_of(unit_id: str) -> str:
    """The part of FA-KES dev an article belongs to, from a hash of its ``unit_id`` (stable across runs)."""
    digest = int(hashlib.sha256(unit_id.encode("utf-8")).hexdigest()[:8], 16)
    return "held_out" if digest % HELD_OUT_MODULUS == 0 else "development"


def naive_keyword_ratio(text: str, concept: str) -> float:
    """(favourable - unfavourable) / (favourable + unfavourable) keyword counts over the whole text; 0 without any.

    Favourable is toward what ``concept`` names ("rebel" for armed groups,
    "government" for the Syrian government). Quotations count too: the naive
    ratio does not know whose words they are.
    """
    if concept not in _NAIVE_WORDS:
        raise ValueError(f"concept must be one of {', '.join(_NAIVE_WORDS)}; got {concept!r}")
    favourable, unfavourable = (len(pattern.findall(text)) for pattern in _NAIVE_WORDS[concept])
    total = favourable + unfavourable
    return (favourable - unfavourable) / total if total else 0.0


def roc_auc(higher: Sequence[float], lower: Sequence[float]) -> float:
    """P(a score of ``higher`` > a score of ``lower``), ties counting one half; NaN when a side is empty."""
    return float(_bootstrap_aucs(np.asarray(higher, float), np.asarray(lower, float), resamples=0, seed=0)[0])


def _comparison_matrix(higher: np.ndarray, lower: np.ndarray) -> np.ndarray:
    return (higher[:, None] > lower[None, :]).astype(float) + 0.5 * (higher[:, None] == lower[None, :])


def _bootstrap_aucs(higher: np.ndarray, lower: np.ndarray, *, resamples: int, seed: int,
                    paired_with: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The AUC (first) and ``resamples`` bootstrap AUCs, articles resampled within each group.

    A resample is a vector of draw counts per article, so its AUC is
    ``w_higher @ M @ w_lower / (n_higher * n_lower)`` with M the pairwise
    comparison matrix. With ``paired_with`` (another measure on the same
    articles) the differences of the two AUCs on the same resamples are returned.
    """
    if len(higher) == 0 or len(lower) == 0:
        return np.full(resamples + 1, math.nan)
    matrices = [_comparison_matrix(higher, lower)]
    if paired_with is not None:
        matrices.append(_comparison_matrix(*paired_with))
    generator = np.random.default_rng(seed)
    weights_higher = np.vstack([np.ones(len(higher)),
                                generator.multinomial(len(higher), np.full(len(higher), 1 / len(higher)), resamples)])
    weights_lower = np.vstack([np.ones(len(lower)),
                               generator.multinomial(len(lower), np.full(len(lower), 1 / len(lower)), resamples)])
    aucs = [np.einsum("ri,ij,rj->r", weights_higher, matrix, weights_lower) / (len(higher) * len(lower))
            for matrix in matrices]
    return aucs[0] if paired_with is None else aucs[0] - aucs[1]


def read_fakes(path: Path) -> list[tuple[str, ArticleRecord]]:
    """(unit_id, record) for every article of a FA-KES CSV."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    unit_ids = pd.read_csv(path, encoding=detect_encoding(path), encoding_errors="replace", dtype=str,
                           keep_default_na=False, usecols=["unit_id"])["unit_id"].tolist()
    records = [r for r in read_articles([path]) if isinstance(r, ArticleRecord)]
    if not records:
        raise InputError(f"{path}: no articles read")
    # The importer numbers rows from 2 (after the header).
    return [(unit_ids[record.source_row - 2], record) for record in records if record.source_row is not None]


def evaluation_articles(path: Path = FAKES_DEV) -> list[EvaluationArticle]:
    """The articles of the two outlet groups, analyzed with the bundled data files."""
    analyzer = make_analyzer()
    groups = {**dict.fromkeys(GOVERNMENT_ALIGNED, "government"), **dict.fromkeys(OPPOSITION_ALIGNED, "opposition")}
    articles = []
    for unit_id, record in read_fakes(path):
        group = groups.get(record.outlet or "")
        if group is None:
            continue
        text = record.clean.text
        analysis = analyze_text(text, analyzer)
        scores = dict(score_columns(analysis))
        for concept in CONCEPTS:
            scores[f"naive_{concept}"] = naive_keyword_ratio(text, concept)
        stance_mentions = {concept: tuple((m.term, m.stance) for m in analysis.terms.matches
                                          if m.concept == concept and m.own_voice and m.in_headline_stance)
                           for concept in CONCEPTS}
        for concept in CONCEPTS:
            scores[f"balance_{concept}"] = marked_balance([stance for _, stance in stance_mentions[concept]])
        articles.append(EvaluationArticle(unit_id, record.outlet or "", group, part_of(unit_id), scores,
                                          stance_mentions))
    return articles


def marked_balance(stances: Sequence[int]) -> float:
    """``(p - n) / (p + n + 1)`` for p legitimizing and n delegitimizing mentions; NaN without any mention.

    A count-based alternative to the mean class: neutral mentions do not
    dilute it, and one pseudo-mention shrinks it toward 0 when the marked
    evidence is thin (one "terrorist": -0.5; ten: -0.91). Bounded in (-1, 1)
    like the stance. A diagnostic here, not a score column: chosen on the
    development part among seven count-based forms. The sum of classes, this
    with 1 or 2 pseudo-mentions and log((p + .5) / (n + .5)) scored within
    0.002 of each other there; the sum per 1,000 words, sum / sqrt(mentions)
    and (p - n) / (p + n) lower. This one is bounded and ignores length.
    """
    if not stances:
        return math.nan
    positive, negative = sum(s > 0 for s in stances), sum(s < 0 for s in stances)
    return (positive - negative) / (positive + negative + 1)


# --- Learned term weights: how far the lexicon's three classes are from what the terms can tell ------------------

# The development part is cut into this many folds (by a second hash of unit_id) to score its own articles with
# weights learned on the other folds.
LEARNED_FOLDS = 5


def learned_term_weights(articles: Sequence[EvaluationArticle], concept: str) -> dict[str, float]:
    """Per term, the log ratio of the share of articles using it in each outlet group, add-one smoothed.

    ``w_t = log((d_t^h + 1) / (n^h + 2)) - log((d_t^l + 1) / (n^l + 2))``
    with ``d_t`` the articles of a group whose stance mentions of
    ``concept`` include term ``t`` and ``n`` the group's articles with any;
    ``h`` the group expected to score higher (:data:`EXPECTED_HIGHER`).
    Articles, not mentions, so that one article repeating a word 20 times
    counts once. This is a model fitted to the outlet labels: its AUC on the
    articles it was fitted on says nothing; it is only ever applied to
    articles outside its training set (:func:`add_learned_scores`).
    """
    if concept not in EXPECTED_HIGHER:
        raise ValueError(f"concept must be one of {', '.join(EXPECTED_HIGHER)}; got {concept!r}")
    expected = EXPECTED_HIGHER[concept]
    with_terms = [a for a in articles if a.stance_mentions.get(concept)]
    groups = {"higher": [a for a in with_terms if a.group == expected],
              "lower": [a for a in with_terms if a.group != expected]}
    counts = {side: Counter(term for a in members for term in {term for term, _ in a.stance_mentions[concept]})
              for side, members in groups.items()}
    vocabulary = set(counts["higher"]) | set(counts["lower"])
    return {term: math.log((counts["higher"][term] + 1) / (len(groups["higher"]) + 2))
            - math.log((counts["lower"][term] + 1) / (len(groups["lower"]) + 2)) for term in sorted(vocabulary)}


def _learned_score(article: EvaluationArticle, concept: str, weights: dict[str, float]) -> float:
    """Mean learned weight of the article's stance mentions (an unseen term weighs 0); NaN without any."""
    terms = [term for term, _ in article.stance_mentions.get(concept, ())]
    return sum(weights.get(term, 0.0) for term in terms) / len(terms) if terms else math.nan


def _fold_of(unit_id: str) -> int:
    return int(hashlib.sha256(f"fold:{unit_id}".encode()).hexdigest()[:8], 16) % LEARNED_FOLDS


def add_learned_scores(articles: Sequence[EvaluationArticle]) -> list[EvaluationArticle]:
    """The articles with ``learned_<concept>`` scores, each from weights fitted on other articles only.

    Held-out articles are scored with weights fitted on the whole development
    part; a development article with weights fitted on the development folds
    other than its own (:data:`LEARNED_FOLDS`-fold cross-fitting). No weight
    ever sees a held-out article's outlet.
    """
    development = [a for a in articles if a.part == "development"]
    weights = {concept: learned_term_weights(development, concept) for concept in CONCEPTS}
    fold_weights = {(fold, concept): learned_term_weights([a for a in development if _fold_of(a.unit_id) != fold],
                                                          concept)
                    for fold in range(LEARNED_FOLDS) for concept in CONCEPTS}
    scored = []
    for article in articles:
        extra = {}
        for concept in CONCEPTS:
            chosen = weights[concept] if article.part == "held_out" else fold_weights[(_fold_of(article.unit_id),
                                                                                       concept)]
            extra[f"learned_{concept}"] = _learned_score(article, concept, chosen)
        scored.append(replace(article, scores={**article.scores, **extra}))
    return scored


def _values(articles: Sequence[EvaluationArticle], column: str, group: str) -> np.ndarray:
    """``column`` of the articles of ``group``, an undefined value counted as 0."""
    return np.nan_to_num(np.array([a.scores[column] for a in articles if a.group == group], float), nan=0.0)


def articles_of_part(articles: Sequence[EvaluationArticle], part: str) -> list[EvaluationArticle]:
    """The articles of ``part`` (one of :data:`PARTS`; "all" keeps every article)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}; got {part!r}")
    return [a for a in articles if part == "all" or a.part == part]


def known_groups_table(articles: Sequence[EvaluationArticle], *, part: str = "development",
                       stance_columns: Sequence[str] | None = None, resamples: int = DEFAULT_RESAMPLES,
                       seed: int = DEFAULT_SEED) -> tuple[list[AucResult], dict[str, tuple[float, float, float]]]:
    """AUC rows per concept, and per concept the stance-minus-naive AUC difference with its interval.

    ``stance_columns`` name the stance column per concept (default
    ``<concept>_stance``), in the order of :data:`CONCEPTS`.
    """
    chosen = articles_of_part(articles, part)
    columns = list(stance_columns) if stance_columns is not None else [f"{c}_stance" for c in CONCEPTS]
    rows: list[AucResult] = []
    differences: dict[str, tuple[float, float, float]] = {}
    for concept, column in zip(CONCEPTS, columns, strict=True):
        expected = EXPECTED_HIGHER[concept]
        other = "government" if expected == "opposition" else "opposition"
        naive = f"naive_{concept}"
        for selection in ("defined", "all (undefined = 0)"):
            kept = [a for a in chosen if not math.isnan(a.scores[column])] if selection == "defined" else chosen
            measures = [("stance", column), ("naive", naive)]
            measures.extend((name, f"{prefix}_{concept}") for name, prefix in
                            (("marked balance", "balance"), ("learned term weights", "learned"))
                            if chosen and f"{prefix}_{concept}" in chosen[0].scores)
            for measure, name in measures:
                higher, lower = _values(kept, name, expected), _values(kept, name, other)
                aucs = _bootstrap_aucs(higher, lower, resamples=resamples, seed=seed)
                low, high = np.nanpercentile(aucs[1:], [2.5, 97.5]) if len(higher) and len(lower) else (math.nan,) * 2
                rows.append(AucResult(concept, measure, selection, len(higher), len(lower), float(aucs[0]),
                                      float(low), float(high)))
            if selection == "defined":
                paired = _bootstrap_aucs(_values(kept, column, expected), _values(kept, column, other),
                                         resamples=resamples, seed=seed,
                                         paired_with=(_values(kept, naive, expected), _values(kept, naive, other)))
                low, high = np.nanpercentile(paired[1:], [2.5, 97.5])
                differences[concept] = (float(paired[0]), float(low), float(high))
    return rows, differences


@dataclass(frozen=True)
class Coverage:
    """Of one concept: articles per outlet group, those with a defined stance, and pairs the stance cannot order.

    ``tied_at_zero``: pairs (one article of each group, both defined) whose
    stances are both exactly 0, i.e. articles whose stance mentions all use
    neutral terms. A mean of classes ties them as long as those words share
    class 0, so the AUC on the defined articles is at most
    ``ceiling = 1 - tied_at_zero / (2 * pairs)``, even if every other pair
    were ordered right.
    """

    concept: str
    government_articles: int
    government_defined: int
    opposition_articles: int
    opposition_defined: int
    tied_at_zero: int
    pairs: int

    @property
    def ceiling(self) -> float:
        return 1 - self.tied_at_zero / (2 * self.pairs) if self.pairs else math.nan


def coverage_table(articles: Sequence[EvaluationArticle], *, part: str = "development") -> list[Coverage]:
    """Per concept: how many articles have a defined stance, and the pairs tied at 0 (:class:`Coverage`)."""
    chosen = articles_of_part(articles, part)
    rows = []
    for concept in CONCEPTS:
        column = f"{concept}_stance"
        by_group = {group: [a.scores[column] for a in chosen if a.group == group]
                    for group in ("government", "opposition")}
        defined = {group: [v for v in values if not math.isnan(v)] for group, values in by_group.items()}
        zeros = {group: sum(v == 0 for v in values) for group, values in defined.items()}
        rows.append(Coverage(concept, len(by_group["government"]), len(defined["government"]),
                             len(by_group["opposition"]), len(defined["opposition"]),
                             zeros["government"] * zeros["opposition"],
                             len(defined["government"]) * len(defined["opposition"])))
    return rows


@dataclass(frozen=True)
class TargetRow:
    """Per target of a concept: articles and mean stance per outlet group, and the AUC in the expected direction."""

    concept: str
    target: str
    government_articles: int
    government_mean: float
    opposition_articles: int
    opposition_mean: float
    auc: float


def target_table(articles: Sequence[EvaluationArticle], *, part: str = "development") -> list[TargetRow]:
    """The evidence for a concept's headline targets: each ``<concept>__<target>_stance`` by outlet group."""
    chosen = articles_of_part(articles, part)
    rows = []
    for concept in CONCEPTS:
        prefix = f"{concept}__"
        columns = [c for c in (chosen[0].scores if chosen else {}) if c.startswith(prefix) and c.endswith("_stance")]
        for column in columns:
            by_group = {group: [a.scores[column] for a in chosen
                                if a.group == group and not math.isnan(a.scores[column])]
                        for group in ("government", "opposition")}
            expected = EXPECTED_HIGHER[concept]
            other = "government" if expected == "opposition" else "opposition"
            rows.append(TargetRow(concept, column[len(prefix):-len("_stance")],
                                  len(by_group["government"]), _mean(by_group["government"]),
                                  len(by_group["opposition"]), _mean(by_group["opposition"]),
                                  roc_auc(by_group[expected], by_group[other])))
    return rows


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def format_table(rows: Sequence[AucResult], differences: dict[str, tuple[float, float, float]]) -> str:
    lines = ["| concept | articles | measure | n (higher / lower group) | AUC | 95% interval |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.concept} | {row.articles} | {row.measure} | {row.n_higher} / {row.n_lower} | "
                     f"{row.auc:.3f} | {row.low:.3f}-{row.high:.3f} |")
    lines.append("")
    for concept, (difference, low, high) in differences.items():
        lines.append(f"{concept}: stance AUC - naive AUC (defined articles) = {difference:+.3f} "
                     f"(95% interval {low:+.3f} to {high:+.3f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the known-groups table of one part of FA-KES dev; 2 on a bad path."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=FAKES_DEV, help="FA-KES CSV (default: shared FA-KES dev)")
    parser.add_argument("--part", choices=PARTS, default="development")
    parser.add_argument("--resamples", type=int, default=DEFAULT_RESAMPLES)
    arguments = parser.parse_args(argv)
    try:
        articles = evaluation_articles(arguments.csv)
    except InputError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    articles = add_learned_scores(articles)
    rows, differences = known_groups_table(articles, part=arguments.part, resamples=arguments.resamples)
    lines = ["", "Coverage (articles with a defined stance of all articles of the group) and pairs tied at 0:", ""]
    lines.extend(f"{c.concept}: government-aligned {c.government_defined} of {c.government_articles}, "
                 f"opposition-aligned {c.opposition_defined} of {c.opposition_articles}; "
                 f"{c.tied_at_zero} of {c.pairs} defined pairs tied at 0, AUC ceiling {c.ceiling:.3f}"
                 for c in coverage_table(articles, part=arguments.part))
    lines += ["", "learned term weights: log ratio of each term's article share between the groups, fitted on "
              "the development part only (a development article is scored by weights fitted on the other "
              f"{LEARNED_FOLDS - 1} of {LEARNED_FOLDS} folds); a diagnostic of what the terms can tell, "
              "not the stance."]
    lines += ["", "Per target (articles with own-voice mentions of it, mean stance per outlet group, AUC):", "",
             "| concept | target | government-aligned | mean | opposition-aligned | mean | AUC |",
             "|---|---|---|---|---|---|---|"]
    lines.extend(f"| {r.concept} | `{r.target}` | {r.government_articles} | {r.government_mean:+.2f} | "
                 f"{r.opposition_articles} | {r.opposition_mean:+.2f} | {r.auc:.2f} |"
                 for r in target_table(articles, part=arguments.part))
    sys.stdout.write(f"FA-KES dev, part {arguments.part}\n\n{format_table(rows, differences)}\n" + "\n".join(lines)
                     + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
