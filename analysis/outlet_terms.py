"""Aggregation by outlet: which terms each outlet chooses per concept, and its mean stance, with intervals.

Input is one row per term match (from :func:`matches_frame`). Intervals are
percentile bootstrap intervals (Efron & Tibshirani 1993, *An Introduction to
the Bootstrap*, ch. 13) that resample ARTICLES with replacement, not matches:
the terms of one article are chosen by one writer and are not independent, so
resampling matches would give intervals that are too narrow.

The resampling is vectorized: each resample is a vector of weights (how often
articles of each distinct count row were drawn, see :func:`_bootstrap_totals`),
and the resampled term counts are one matrix product ``weights @ distinct_rows``.
Each (outlet, concept) group has its own generator, seeded from ``seed`` and the group's name, so its interval does not
change when other outlets are added or filtered out.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from analysis.loaded_terms import ArticleTerms

# Below either threshold an outlet's share or stance is flagged as a small
# sample: the interval is too wide (or the bootstrap too coarse, with under
# five articles there are few distinct resamples) to compare outlets.
MIN_MENTIONS = 20
MIN_ARTICLES = 5
DEFAULT_RESAMPLES = 2000
# Resample weights are drawn in blocks of at most this many cells
# (resamples x distinct article rows) to bound memory.
_MAX_WEIGHT_CELLS = 4_000_000

MATCH_COLUMNS = ("article_id", "outlet", "concept", "term", "stance", "in_quote", "distanced", "start", "end",
                 "target", "in_headline_stance")
Voice = Literal["own", "quoted", "all"]
_VOICES = ("own", "quoted", "all")


def matches_frame(articles: Iterable[tuple[str, str, ArticleTerms]]) -> pd.DataFrame:
    """One row per term match, the input of the aggregations.

    Parameters
    ----------
    articles : iterable of (article_id, outlet, ArticleTerms)

    Returns
    -------
    DataFrame
        Columns :data:`MATCH_COLUMNS`; ``start``/``end`` index the article text.
    """
    rows = [(article_id, outlet, m.concept, m.term, m.stance, m.in_quote, m.distanced, m.start, m.end, m.target,
             m.in_headline_stance)
            for article_id, outlet, article_terms in articles for m in article_terms.matches]
    frame = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
    return frame.astype({"stance": "int64", "in_quote": "bool", "distanced": "bool", "start": "int64",
                         "end": "int64", "in_headline_stance": "bool"})


def _check_options(matches: pd.DataFrame, *, required: tuple[str, ...], voice: str, n_resamples: int,
                   confidence: float) -> None:
    if not isinstance(matches, pd.DataFrame):
        raise TypeError(f"matches must be a pandas DataFrame; got {type(matches).__name__}")
    missing = [c for c in required if c not in matches.columns]
    if missing:
        raise ValueError(f"matches must have columns {', '.join(required)}; missing {', '.join(missing)}")
    if voice not in _VOICES:
        raise ValueError(f"voice must be one of {', '.join(_VOICES)}; got {voice!r}")
    if not isinstance(n_resamples, int | np.integer) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive integer; got {n_resamples!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive); got {confidence!r}")


def _select_voice(matches: pd.DataFrame, voice: str) -> pd.DataFrame:
    in_quote = matches["in_quote"].astype(bool)
    distanced = matches["distanced"].astype(bool) if "distanced" in matches.columns else False
    if voice == "own":
        return matches[~in_quote & ~distanced]
    if voice == "quoted":
        return matches[in_quote]
    return matches


def _group_generator(seed: int, *names: str) -> np.random.Generator:
    # crc32, not hash(): Python's str hash changes between runs.
    return np.random.default_rng([seed, *(zlib.crc32(name.encode("utf-8")) for name in names)])


def _bootstrap_totals(per_article: np.ndarray, *, n_resamples: int, rng: np.random.Generator,
                      articles: np.ndarray | None = None) -> np.ndarray:
    """Column sums of ``per_article`` (articles x k) over article resamples: (n_resamples, k).

    Articles with the same row (most mention a concept once or twice, with
    one or two terms) are one category: drawing n articles with replacement
    and summing their rows is drawing how many of each category, a
    multinomial with the categories' shares as probabilities, and summing.
    The bootstrap distribution is exactly the same, and the cost grows with
    the number of distinct rows (tens to hundreds), not with the articles.

    ``articles``: how many articles each row stands for (rows counted
    together in the store, see :mod:`analysis.aggregates`); by default one
    each. The categories are the distinct rows in the same (sorted) order
    either way, so the draws, and the result, are the same.
    """
    if articles is None:
        distinct, multiplicity = np.unique(per_article, axis=0, return_counts=True)
    else:
        distinct, inverse = np.unique(per_article, axis=0, return_inverse=True)
        multiplicity = np.bincount(inverse.ravel(), weights=articles, minlength=distinct.shape[0]).astype(np.int64)
    n_articles = int(multiplicity.sum())
    block = max(1, _MAX_WEIGHT_CELLS // distinct.shape[0])
    totals = []
    for first in range(0, n_resamples, block):
        size = min(block, n_resamples - first)
        weights = rng.multinomial(n_articles, multiplicity / n_articles, size=size)
        totals.append(weights @ distinct)
    return np.vstack(totals)


def _percentile_interval(values: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(values, [tail, 100.0 - tail], axis=0)
    return low, high


def term_shares_by_outlet(matches: pd.DataFrame, *, voice: Voice = "own", n_resamples: int = DEFAULT_RESAMPLES,
                          confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Share of each term among an outlet's mentions of a concept, for 100 % stacked bars.

    Parameters
    ----------
    matches : DataFrame
        One row per term match with columns ``article_id``, ``outlet``,
        ``concept``, ``term``, ``in_quote`` (and ``distanced``, optional).
    voice : {"own", "quoted", "all"}, keyword-only
        Which mentions count: "own" (default) the outlet's own voice, not
        quoted and not distanced; "quoted" those inside quotations; "all".
    n_resamples : int, keyword-only
        Bootstrap resamples.
    confidence : float, keyword-only
        Coverage of the percentile interval.
    seed : int, keyword-only
        Seed of the generators.

    Returns
    -------
    DataFrame
        One row per (outlet, concept, term) with columns ``outlet``,
        ``concept``, ``term``, ``mentions`` (of the term), ``concept_mentions``
        (behind the share), ``articles`` (mentioning the concept), ``share``
        in [0, 1], ``share_low``, ``share_high`` and ``small_sample`` (fewer
        than :data:`MIN_MENTIONS` mentions or :data:`MIN_ARTICLES` articles).
        Terms an outlet never uses for a concept that it mentions get share 0.
    """
    required = ("article_id", "outlet", "concept", "term", "in_quote")
    _check_options(matches, required=required, voice=voice, n_resamples=n_resamples, confidence=confidence)
    selected = _select_voice(matches, voice)
    counts = selected.groupby(["outlet", "concept", "article_id", "term"]).size().rename("mentions").reset_index()
    return term_shares_from_counts(counts, n_resamples=n_resamples, confidence=confidence, seed=seed)


def term_shares_from_counts(counts: pd.DataFrame, *, n_resamples: int = DEFAULT_RESAMPLES,
                            confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """:func:`term_shares_by_outlet` from mentions already counted per article.

    ``counts`` has one row per (``outlet``, ``concept``, ``article_id``,
    ``term``) with ``mentions`` > 0 (of the chosen voice); or, as
    :func:`analysis.aggregates.term_counts` returns them, the articles with
    the same counts of an outlet and concept together: ``profile`` (one id
    per distinct set of counts) instead of ``article_id``, and ``articles``
    (how many articles have it). The result is the same either way: the
    bootstrap draws the distinct rows in the same order with the same
    generators.
    """
    weighted = "articles" in counts.columns
    row_key = "profile" if weighted else "article_id"
    required = ("outlet", "concept", row_key, "term", "mentions", *(("articles",) if weighted else ()))
    _check_options(counts, required=required, voice="own", n_resamples=n_resamples, confidence=confidence)
    result_columns = ["outlet", "concept", "term", "mentions", "concept_mentions", "articles", "share", "share_low",
                      "share_high", "small_sample"]
    # Every term any outlet uses for a concept gets a row for every outlet, so stacked bars line up.
    terms_of_concept = {concept: np.array(sorted(terms), dtype=object)
                        for concept, terms in counts.groupby("concept")["term"].unique().items()}
    results = []
    for (outlet, concept), group in counts.groupby(["outlet", "concept"], sort=True):
        # Rows (articles by id, or profiles) x terms count matrix; every row has at least one mention.
        terms = terms_of_concept[concept]
        rows, _ = pd.factorize(group[row_key], sort=True)
        columns = np.searchsorted(terms, group["term"].to_numpy())
        per_row = np.zeros((rows.max() + 1, len(terms)), dtype=np.float64)
        np.add.at(per_row, (rows, columns), group["mentions"].to_numpy(dtype=np.float64))
        articles = None
        if weighted:
            articles = np.zeros(rows.max() + 1, dtype=np.float64)
            articles[rows] = group["articles"].to_numpy(dtype=np.float64)
        totals = per_row.sum(axis=0) if articles is None else articles @ per_row
        resampled = _bootstrap_totals(per_row, n_resamples=n_resamples, articles=articles,
                                      rng=_group_generator(seed, "share", str(outlet), str(concept)))
        shares = resampled / resampled.sum(axis=1, keepdims=True)
        low, high = _percentile_interval(shares, confidence)
        n_mentions = int(totals.sum())
        n_articles = per_row.shape[0] if articles is None else int(articles.sum())
        for index, term in enumerate(terms):
            results.append((outlet, concept, term, int(totals[index]), n_mentions, n_articles,
                            totals[index] / n_mentions, low[index], high[index],
                            n_mentions < MIN_MENTIONS or n_articles < MIN_ARTICLES))
    return pd.DataFrame(results, columns=result_columns)


def stance_by_outlet(matches: pd.DataFrame, *, n_resamples: int = DEFAULT_RESAMPLES, confidence: float = 0.95,
                     seed: int = 0) -> pd.DataFrame:
    """Mean stance per outlet and concept over the outlet's own-voice mentions, with a bootstrap interval.

    The mean is over mentions (sum of stance classes / number of mentions), so
    an article weighs by how often it names the concept; the interval
    resamples articles. Own voice: not ``in_quote`` and, when the column is
    present, not ``distanced``. When the column ``in_headline_stance`` is
    present, only those mentions count: the concept's headline stance, about
    its contested targets (a mention naming Islamic State does not say how an
    outlet names the Syrian opposition; see :func:`stance_by_outlet_and_target`).

    Parameters
    ----------
    matches : DataFrame
        One row per term match with columns ``article_id``, ``outlet``,
        ``concept``, ``stance`` (-1, 0, +1), ``in_quote`` (and ``distanced``,
        ``in_headline_stance``).
    n_resamples, confidence, seed : keyword-only
        As for :func:`term_shares_by_outlet`.

    Returns
    -------
    DataFrame
        One row per (outlet, concept) with own-voice mentions: ``outlet``,
        ``concept``, ``stance`` in [-1, 1], ``stance_low``, ``stance_high``,
        ``mentions``, ``articles``, ``small_sample``.
    """
    selected = _own_voice_stances(matches, required=("article_id", "outlet", "concept", "stance", "in_quote"),
                                  n_resamples=n_resamples, confidence=confidence)
    if "in_headline_stance" in selected.columns:
        selected = selected[selected["in_headline_stance"].astype(bool)]
    return _mean_stances(selected, ["outlet", "concept"], n_resamples=n_resamples, confidence=confidence,
                         seed=seed)


def stance_by_outlet_and_target(matches: pd.DataFrame, *, n_resamples: int = DEFAULT_RESAMPLES,
                                confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Mean stance per outlet, concept and target (whom the terms name), with a bootstrap interval.

    As :func:`stance_by_outlet`, over every own-voice mention of concepts
    with targets, grouped by the ``target`` column as well (rows of concepts
    without targets, all ``unspecified``, are left out).

    Returns
    -------
    DataFrame
        One row per (outlet, concept, target) with own-voice mentions:
        ``outlet``, ``concept``, ``target``, ``stance``, ``stance_low``,
        ``stance_high``, ``mentions``, ``articles``, ``small_sample``.
    """
    selected = _own_voice_stances(
        matches, required=("article_id", "outlet", "concept", "stance", "in_quote", "target"),
        n_resamples=n_resamples, confidence=confidence)
    with_targets = selected.groupby("concept")["target"].transform(lambda t: (t != "unspecified").any())
    return _mean_stances(selected[with_targets.astype(bool)], ["outlet", "concept", "target"],
                         n_resamples=n_resamples, confidence=confidence, seed=seed)


def _own_voice_stances(matches: pd.DataFrame, *, required: tuple[str, ...], n_resamples: int,
                       confidence: float) -> pd.DataFrame:
    _check_options(matches, required=required, voice="own", n_resamples=n_resamples, confidence=confidence)
    stances = pd.to_numeric(matches["stance"], errors="coerce")
    valid = stances.isin([-1, 0, 1])
    if not valid.all():
        bad = matches.loc[~valid, "stance"].tolist()[0]
        raise ValueError(f"matches['stance'] must hold -1, 0 or 1; got {bad!r}")
    return _select_voice(matches.assign(stance=stances), "own")


def _mean_stances(selected: pd.DataFrame, keys: list[str], *, n_resamples: int, confidence: float,
                  seed: int) -> pd.DataFrame:
    sums = (selected.groupby([*keys, "article_id"])["stance"].agg(["sum", "count"])
            .rename(columns={"sum": "stance_sum", "count": "mentions"}).reset_index())
    return mean_stances_from_sums(sums, keys, n_resamples=n_resamples, confidence=confidence, seed=seed)


def mean_stances_from_sums(sums: pd.DataFrame, keys: Sequence[str], *, n_resamples: int = DEFAULT_RESAMPLES,
                           confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Mean stance per ``keys`` group with its bootstrap interval, from per-article sums.

    ``sums`` has one row per (``keys``..., ``article_id``) with ``stance_sum``
    (sum of the stance classes of the article's chosen mentions) and
    ``mentions`` (> 0); or, as :func:`analysis.aggregates.stance_sums` returns
    them, the articles of a group with the same sums together in one row with
    ``articles`` (how many) and no ``article_id``. The result equals
    :func:`stance_by_outlet` (keys outlet, concept) or
    :func:`stance_by_outlet_and_target` (outlet, concept, target) on the
    match rows behind the sums.
    """
    keys = list(keys)
    weighted = "articles" in sums.columns
    required = (*keys, "stance_sum", "mentions", "articles" if weighted else "article_id")
    _check_options(sums, required=required, voice="own", n_resamples=n_resamples, confidence=confidence)
    columns = [*keys, "stance", "stance_low", "stance_high", "mentions", "articles", "small_sample"]
    results = []
    for names, group in sums.groupby(keys, sort=True):
        per_row = group[["stance_sum", "mentions"]].to_numpy(dtype=np.float64)
        articles = group["articles"].to_numpy(dtype=np.float64) if weighted else None
        resampled = _bootstrap_totals(per_row, n_resamples=n_resamples, articles=articles,
                                      rng=_group_generator(seed, "stance", *map(str, names)))
        means = resampled[:, 0] / resampled[:, 1]
        low, high = _percentile_interval(means, confidence)
        totals = per_row.sum(axis=0) if articles is None else articles @ per_row
        n_mentions = int(totals[1])
        n_articles = per_row.shape[0] if articles is None else int(articles.sum())
        results.append((*names, totals[0] / n_mentions, float(low), float(high), n_mentions,
                        n_articles, n_mentions < MIN_MENTIONS or n_articles < MIN_ARTICLES))
    return pd.DataFrame(results, columns=columns)


OTHER_TERMS = "other terms"


def with_other_terms(matches: pd.DataFrame, *, max_named: int) -> pd.DataFrame:
    """``matches`` with every term outside each concept's ``max_named`` most mentioned renamed :data:`OTHER_TERMS`.

    A chart can tell apart only a handful of colours; the rest of a concept's
    terms are counted together, so the shares and intervals computed from the
    result still sum to one per outlet. Terms rank by own-voice mentions over
    all outlets (ties by name), so the named terms do not depend on the order
    of the rows.

    Parameters
    ----------
    matches : DataFrame
        As for :func:`term_shares_by_outlet`: ``concept``, ``term``, ``in_quote`` (and ``distanced``).
    max_named : int, keyword-only
        Terms kept by name per concept (positive).
    """
    if not isinstance(max_named, int | np.integer) or max_named < 1:
        raise ValueError(f"max_named must be a positive integer; got {max_named!r}")
    own = _select_voice(matches, "own")
    counts = own.groupby(["concept", "term"]).size().rename("mentions").reset_index()
    counts = counts.sort_values(["concept", "mentions", "term"], ascending=[True, False, True])
    named = set(map(tuple, counts.groupby("concept").head(max_named)[["concept", "term"]].to_numpy()))
    keep = [(concept, term) in named for concept, term in zip(matches["concept"], matches["term"], strict=True)]
    return matches.assign(term=matches["term"].where(keep, OTHER_TERMS))
