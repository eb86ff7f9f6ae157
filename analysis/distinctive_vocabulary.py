"""Distinctive vocabulary: the words and bigrams an outlet (or group of outlets) uses more than the rest.

Log-odds ratio with an informative Dirichlet prior, from Monroe, Colaresi &
Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation for
Identifying the Content of Political Conflict", Political Analysis 16(4),
372-403 (the model with an informative Dirichlet prior). Unlike raw frequency differences it does not rank
frequent function words first, and unlike a plain log-odds ratio it does not
rank rare words first: each log-odds difference is divided by its estimated
standard deviation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer


def log_odds_z_scores(counts_in_group: np.ndarray, counts_in_rest: np.ndarray, *,
                      prior: np.ndarray | None = None, prior_total: float | None = None) -> np.ndarray:
    """Z-scores of the log-odds ratio with informative Dirichlet prior (Monroe et al. 2008).

    For term w with counts y_w^g in the group and y_w^r in the rest, totals
    n^g and n^r, and prior pseudo-counts a_w summing to a_0::

        delta_w = log((y_w^g + a_w) / (n^g + a_0 - y_w^g - a_w))
                - log((y_w^r + a_w) / (n^r + a_0 - y_w^r - a_w))
        var(delta_w) ~= 1 / (y_w^g + a_w) + 1 / (y_w^r + a_w)
        z_w = delta_w / sqrt(var(delta_w))

    The variance is the paper's large-count approximation, which drops the terms
    in the complements (n - y), negligible when n is large.

    Prior: ``a_w = a_0 * b_w / sum(b)`` for background counts ``b`` (``prior``;
    by default the pooled counts ``y^g + y^r``, the paper's choice of the whole
    corpus as background) and ``a_0 = prior_total`` (by default ``sum(b)``,
    i.e. the background counts themselves are the pseudo-counts). A smaller
    ``prior_total`` shrinks less.

    Parameters
    ----------
    counts_in_group, counts_in_rest : array of shape (n_terms,)
        Non-negative counts of each term.
    prior : array of shape (n_terms,), optional, keyword-only
        Non-negative background counts; every term needs a positive value.
    prior_total : float, optional, keyword-only
        a_0, the total pseudo-count; positive.

    Returns
    -------
    ndarray of shape (n_terms,)
        Positive: more typical of the group; negative: of the rest.

    Raises
    ------
    ValueError
        On shapes that differ, negative counts, a term with no prior mass, a
        non-positive ``prior_total``, or an empty side (no counts at all).
    """
    group = np.asarray(counts_in_group, dtype=np.float64)
    rest = np.asarray(counts_in_rest, dtype=np.float64)
    if group.ndim != 1 or group.shape != rest.shape:
        raise ValueError(f"counts_in_group and counts_in_rest must be 1-d arrays of the same length; "
                         f"got shapes {group.shape} and {rest.shape}")
    if (group < 0).any() or (rest < 0).any():
        raise ValueError("counts_in_group and counts_in_rest must be non-negative")
    if group.sum() == 0 or rest.sum() == 0:
        side = "counts_in_group" if group.sum() == 0 else "counts_in_rest"
        raise ValueError(f"{side} must contain at least one count; got none (an empty side has no odds)")
    background = group + rest if prior is None else np.asarray(prior, dtype=np.float64)
    if background.shape != group.shape:
        raise ValueError(f"prior must have one value per term ({group.shape[0]}); got shape {background.shape}")
    if not (background > 0).all():
        raise ValueError("prior must be positive for every term (a term with no prior mass has no z-score)")
    total = background.sum() if prior_total is None else float(prior_total)
    if not total > 0:
        raise ValueError(f"prior_total must be positive; got {prior_total!r}")
    alpha = total * background / background.sum()
    n_group, n_rest = group.sum(), rest.sum()
    delta = (np.log((group + alpha) / (n_group + total - group - alpha))
             - np.log((rest + alpha) / (n_rest + total - rest - alpha)))
    variance = 1.0 / (group + alpha) + 1.0 / (rest + alpha)
    return delta / np.sqrt(variance)


def distinctive_terms(texts: Sequence[str], in_group: Sequence[bool] | np.ndarray, *,
                      ngram_range: tuple[int, int] = (1, 2), min_document_frequency: int = 2,
                      stop_words: str | Sequence[str] | None = None, prior_total: float | None = None,
                      ) -> pd.DataFrame:
    """Terms (unigrams and bigrams) that distinguish a group of texts from the rest.

    Parameters
    ----------
    texts : sequence of str
        One text per article.
    in_group : sequence of bool, same length
        True for the articles of the outlet (or outlets) of interest.
    ngram_range : (int, int), keyword-only
        As in :class:`sklearn.feature_extraction.text.CountVectorizer`.
    min_document_frequency : int, keyword-only
        Terms in fewer articles than this are dropped (CountVectorizer's
        ``min_df``): one-off names and typos otherwise crowd the ends.
    stop_words : "english", list or None, keyword-only
        Passed to CountVectorizer. None keeps function words; the prior
        already keeps them from ranking first.
    prior_total : float, optional, keyword-only
        See :func:`log_odds_z_scores`.

    Returns
    -------
    DataFrame
        Columns ``term``, ``z``, ``count_in_group``, ``count_in_rest``, one row
        per term, by ``z`` descending (most typical of the group first).

    Raises
    ------
    ValueError
        If the lengths differ, the group or the rest selects no text, or no
        term is left after filtering.
    """
    mask = np.asarray(in_group)
    if mask.dtype != bool:
        raise ValueError(f"in_group must be booleans, one per text; got dtype {mask.dtype}")
    if mask.ndim != 1 or mask.shape[0] != len(texts):
        raise ValueError(f"in_group must have one value per text ({len(texts)}); got shape {mask.shape}")
    if not mask.any():
        raise ValueError("in_group selects no text: the group is empty")
    if mask.all():
        raise ValueError("in_group selects every text: the rest is empty, there is nothing to compare with")
    if not isinstance(min_document_frequency, int) or min_document_frequency < 1:
        raise ValueError(f"min_document_frequency must be a positive integer; got {min_document_frequency!r}")
    vectorizer = CountVectorizer(ngram_range=ngram_range, min_df=min_document_frequency, stop_words=stop_words,
                                 lowercase=True)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError as error:
        # scikit-learn says "empty vocabulary" or "max_df corresponds to < documents than min_df".
        raise ValueError(f"no term is left to compare (min_document_frequency={min_document_frequency}): "
                         f"{error}") from None
    count_in_group = np.asarray(counts[mask].sum(axis=0)).ravel()
    count_in_rest = np.asarray(counts[~mask].sum(axis=0)).ravel()
    if count_in_group.sum() == 0 or count_in_rest.sum() == 0:
        side = "group" if count_in_group.sum() == 0 else "rest"
        raise ValueError(f"the {side} has no words left after filtering (min_document_frequency="
                         f"{min_document_frequency})")
    z = log_odds_z_scores(count_in_group, count_in_rest, prior_total=prior_total)
    frame = pd.DataFrame({
        "term": vectorizer.get_feature_names_out(),
        "z": z,
        "count_in_group": count_in_group.astype(np.int64),
        "count_in_rest": count_in_rest.astype(np.int64),
    })
    return frame.sort_values(["z", "term"], ascending=[False, True], ignore_index=True)
