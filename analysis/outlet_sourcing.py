"""Aggregation by outlet of sourcing and voice: who speaks in each outlet, how, and how it is introduced.

Inputs are the store's per-article result tables (see :mod:`analysis.pipeline`)
with an ``outlet`` column added by :func:`with_outlets`. Every function is a
pure pandas transformation returning one DataFrame, ready to draw.

Shares pool an outlet's articles (sum of counts over the outlet / total),
so a long article weighs by how much it contains, like the term shares of
:mod:`analysis.outlet_terms`. Figures resting on fewer than
:data:`MIN_ARTICLES` articles or :data:`MIN_ATTRIBUTIONS` attributions are
flagged ``small_sample``: they are shown, marked, not hidden.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.outlet_terms import MIN_ARTICLES

# Below this many attributions an outlet's sourcing profile is flagged as a small sample.
MIN_ATTRIBUTIONS = 20
# Attributions that continue the previous speaker's quotation have no verb of their own.
NO_VERB = ""


def with_outlets(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``table`` (one row per result, ``article_id`` first) with each article's ``outlet``.

    Rows of articles missing from ``articles`` (filtered out) are dropped, so
    this is also how a result table is restricted to the filtered articles.
    """
    _require(table, "table", ("article_id",))
    _require(articles, "articles", ("article_id", "outlet"))
    outlets = articles[["article_id", "outlet"]]
    return table.drop(columns=["outlet"], errors="ignore").merge(outlets, on="article_id", how="inner")


def _require(frame: pd.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame; got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} must have columns {', '.join(columns)}; missing {', '.join(missing)}")


def outlet_key_figures(scores: pd.DataFrame) -> pd.DataFrame:
    """Each outlet's sourcing and readability figures, from the per-article score table.

    Parameters
    ----------
    scores : DataFrame
        :func:`analysis.pipeline.score_table` rows (``outlet``, ``attributions``,
        ``direct_quotes``, ``anonymous_share``, ``distinct_sources``,
        ``media_cited``, ``wire_copy``, ``flesch_reading_ease``,
        ``flesch_kincaid_grade``); unanalyzed articles (empty figures) are left out.

    Returns
    -------
    DataFrame
        One row per outlet: ``articles``; ``quotes_per_article`` (mean
        attributions per article), ``direct_quotes_per_article``,
        ``sources_per_article`` (mean distinct sources); ``named_share``
        (named attributions / all attributions of the outlet, pooled; NaN
        without attributions); ``media_cited_per_article``; ``wire_copy_share``
        (share of articles signed by a wire agency); ``reading_ease`` and
        ``grade_level`` (means of Flesch reading ease and Flesch-Kincaid grade
        over articles with a score); ``small_sample`` (fewer than
        :data:`MIN_ARTICLES` articles or :data:`MIN_ATTRIBUTIONS` attributions).
    """
    required = ("outlet", "attributions", "direct_quotes", "anonymous_share", "distinct_sources", "media_cited",
                "wire_copy", "flesch_reading_ease", "flesch_kincaid_grade")
    _require(scores, "scores", required)
    analyzed = scores[scores["attributions"].notna()].copy()
    attributions = analyzed["attributions"].astype("float64")
    # anonymous_share is NaN where an article has no attribution; it then adds no attribution either.
    analyzed["_anonymous"] = (analyzed["anonymous_share"].astype("float64") * attributions).fillna(0.0)
    analyzed["_wire"] = analyzed["wire_copy"].astype("float64")
    grouped = analyzed.groupby("outlet", sort=True)
    figures = pd.DataFrame({
        "articles": grouped.size(),
        "quotes_per_article": grouped["attributions"].mean(),
        "direct_quotes_per_article": grouped["direct_quotes"].mean(),
        "sources_per_article": grouped["distinct_sources"].mean(),
        "_attributions": grouped["attributions"].sum(),
        "_anonymous": grouped["_anonymous"].sum(),
        "media_cited_per_article": grouped["media_cited"].mean(),
        "wire_copy_share": grouped["_wire"].mean(),
        "reading_ease": grouped["flesch_reading_ease"].mean(),
        "grade_level": grouped["flesch_kincaid_grade"].mean(),
    })
    total = figures["_attributions"].astype("float64")
    figures["named_share"] = np.where(total > 0, (total - figures["_anonymous"]) / total.where(total > 0), np.nan)
    figures["small_sample"] = (figures["articles"] < MIN_ARTICLES) | (total < MIN_ATTRIBUTIONS)
    columns = ["articles", "quotes_per_article", "direct_quotes_per_article", "sources_per_article", "named_share",
               "media_cited_per_article", "wire_copy_share", "reading_ease", "grade_level", "small_sample"]
    return figures[columns].reset_index()


def voice_share_by_outlet(voice: pd.DataFrame) -> pd.DataFrame:
    """Share of an outlet's reported words that each speaker affiliation gets.

    Parameters
    ----------
    voice : DataFrame
        The ``voice`` result table with outlets: ``article_id``, ``outlet``,
        ``affiliation``, ``words`` (words of reported content).

    Returns
    -------
    DataFrame
        One row per (outlet, affiliation): ``words``, ``outlet_words`` (all
        reported words of the outlet), ``share`` in [0, 1] (rows of an outlet
        sum to 1), ``articles`` (of the outlet with reported speech),
        ``small_sample`` (fewer than :data:`MIN_ARTICLES` such articles).
        An empty affiliation is reported as ``"unknown"``.
    """
    _require(voice, "voice", ("article_id", "outlet", "affiliation", "words"))
    frame = voice.assign(affiliation=voice["affiliation"].fillna("").replace("", "unknown"))
    words = frame.groupby(["outlet", "affiliation"], sort=True)["words"].sum().rename("words").reset_index()
    totals = frame.groupby("outlet")["words"].sum().rename("outlet_words")
    articles = frame.groupby("outlet")["article_id"].nunique().rename("articles")
    result = words.merge(totals, on="outlet").merge(articles, on="outlet")
    result["share"] = result["words"] / result["outlet_words"].where(result["outlet_words"] > 0)
    result["small_sample"] = result["articles"] < MIN_ARTICLES
    return result[["outlet", "affiliation", "words", "outlet_words", "share", "articles", "small_sample"]]


def verb_classes_by_affiliation(attributions: pd.DataFrame) -> pd.DataFrame:
    """How each outlet introduces each affiliation's speakers: the reporting verbs' classes.

    An outlet that has its allies "reveal" (endorsing) and its opponents
    "claim" (distancing) shows here. Attributions with no verb of their own
    (a quotation continuing the previous speaker) are left out.

    Parameters
    ----------
    attributions : DataFrame
        The ``attributions`` result table with outlets: ``outlet``,
        ``affiliation``, ``verb_class``.

    Returns
    -------
    DataFrame
        One row per (outlet, affiliation, verb_class) with at least one
        attribution: ``attributions``, ``affiliation_attributions`` (all of
        that outlet and affiliation with a verb), ``share`` in [0, 1],
        ``small_sample`` (fewer than :data:`MIN_ATTRIBUTIONS`).
    """
    _require(attributions, "attributions", ("outlet", "affiliation", "verb_class"))
    frame = attributions[attributions["verb_class"].fillna(NO_VERB) != NO_VERB]
    frame = frame.assign(affiliation=frame["affiliation"].fillna("").replace("", "unknown"))
    return _attribution_shares(frame, within=["outlet", "affiliation"], of="verb_class",
                               total_column="affiliation_attributions")


def speaker_types_by_outlet(attributions: pd.DataFrame) -> pd.DataFrame:
    """Named versus anonymous sourcing: each outlet's attributions by speaker type.

    Returns
    -------
    DataFrame
        One row per (outlet, speaker_type): ``attributions``,
        ``outlet_attributions``, ``share`` in [0, 1] and ``small_sample``
        (fewer than :data:`MIN_ATTRIBUTIONS` attributions in the outlet).
        Speaker types are those of ``data/actors.csv`` (person,
        organization, anonymous, media, document).
    """
    _require(attributions, "attributions", ("outlet", "speaker_type"))
    frame = attributions.assign(speaker_type=attributions["speaker_type"].fillna("").replace("", "unknown"))
    return _attribution_shares(frame, within=["outlet"], of="speaker_type", total_column="outlet_attributions")


def _attribution_shares(frame: pd.DataFrame, *, within: list[str], of: str, total_column: str) -> pd.DataFrame:
    """Attributions per (``within``..., ``of``), their total per ``within`` group and their share of it."""
    counts = frame.groupby([*within, of], sort=True).size().rename("attributions").reset_index()
    totals = counts.groupby(within)["attributions"].transform("sum")
    counts[total_column] = totals
    counts["share"] = counts["attributions"] / totals
    counts["small_sample"] = totals < MIN_ATTRIBUTIONS
    return counts


def media_cited_by_outlet(citations: pd.DataFrame) -> pd.DataFrame:
    """Which agencies and media each outlet names as sources.

    Returns
    -------
    DataFrame
        One row per (outlet, name): ``kind`` (wire, outlet, state_media),
        ``mentions``, ``articles`` (citing it at least once) and
        ``signed_articles`` (whose text the medium signs as wire copy), by
        outlet then mentions descending.
    """
    _require(citations, "citations", ("article_id", "outlet", "name", "kind", "wire_signature"))
    grouped = citations.groupby(["outlet", "name"], sort=True)
    result = pd.DataFrame({
        "kind": grouped["kind"].first(),
        "mentions": grouped.size(),
        "articles": grouped["article_id"].nunique(),
        "signed_articles": citations[citations["wire_signature"].astype(bool)]
        .groupby(["outlet", "name"])["article_id"].nunique(),
    }).reset_index()
    result["signed_articles"] = result["signed_articles"].fillna(0).astype("int64")
    result["mentions"] = result["mentions"].astype("int64")
    result["articles"] = result["articles"].astype("int64")
    return result.sort_values(["outlet", "mentions", "name"], ascending=[True, False, True], ignore_index=True)


def top_speakers_by_outlet(attributions: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """Each outlet's most frequent speakers.

    Parameters
    ----------
    attributions : DataFrame
        ``outlet``, ``speaker``, ``speaker_type``, ``affiliation``,
        ``verb_class``, ``content_words``.
    top : int, keyword-only
        Speakers kept per outlet (positive).

    Returns
    -------
    DataFrame
        Up to ``top`` rows per outlet: ``rank`` (1 = most attributions),
        ``speaker``, ``speaker_type``, ``affiliation`` (most frequent one),
        ``attributions``, ``words`` (of reported content), ``distancing_verbs``
        (attributions with a distancing verb such as "claimed").
    """
    _require(attributions, "attributions",
             ("outlet", "speaker", "speaker_type", "affiliation", "verb_class", "content_words"))
    if not isinstance(top, int | np.integer) or top < 1:
        raise ValueError(f"top must be a positive integer; got {top!r}")
    frame = attributions.assign(_distancing=attributions["verb_class"] == "distancing",
                                speaker_type=attributions["speaker_type"].fillna(""),
                                affiliation=attributions["affiliation"].fillna(""))
    grouped = frame.groupby(["outlet", "speaker"], sort=True)
    result = pd.DataFrame({
        "attributions": grouped.size(),
        "words": grouped["content_words"].sum(),
        "distancing_verbs": grouped["_distancing"].sum(),
    })
    for column in ("speaker_type", "affiliation"):
        result[column] = _most_frequent(frame, ["outlet", "speaker"], column)
    result = result.reset_index().sort_values(["outlet", "attributions", "words", "speaker"],
                                              ascending=[True, False, False, True], ignore_index=True)
    result["rank"] = result.groupby("outlet").cumcount() + 1
    result = result[result["rank"] <= top]
    columns = ["outlet", "rank", "speaker", "speaker_type", "affiliation", "attributions", "words",
               "distancing_verbs"]
    return result[columns].reset_index(drop=True)


def _most_frequent(frame: pd.DataFrame, keys: list[str], column: str) -> pd.Series:
    """The most frequent value of ``column`` per group (ties: the first in sorted order)."""
    counts = frame.groupby([*keys, column], sort=True).size().rename("n").reset_index()
    best = counts.sort_values([*keys, "n", column], ascending=[True] * len(keys) + [False, True])
    return best.drop_duplicates(keys).set_index(keys)[column]


def distancing_by_outlet(distancing: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Distancing markers ("so-called", scare quotes, "alleged") per outlet, by kind.

    Parameters
    ----------
    distancing : DataFrame
        The ``distancing`` result table with outlets: ``article_id``, ``outlet``, ``kind``.
    articles : DataFrame
        The articles the rate is over (``article_id``, ``outlet``, ``words``):
        an outlet's articles without a marker count too.

    Returns
    -------
    DataFrame
        One row per (outlet, kind) for every outlet of ``articles`` and every
        kind seen: ``markers``, ``articles`` (of the outlet), ``words``
        (of the outlet), ``per_1000_words`` and ``small_sample`` (fewer than
        :data:`MIN_ARTICLES` articles).
    """
    _require(distancing, "distancing", ("article_id", "outlet", "kind"))
    _require(articles, "articles", ("article_id", "outlet", "words"))
    per_outlet = articles.groupby("outlet", sort=True).agg(articles=("article_id", "nunique"),
                                                          words=("words", "sum"))
    kinds = sorted(distancing["kind"].dropna().unique())
    counts = distancing.groupby(["outlet", "kind"]).size()
    index = pd.MultiIndex.from_product([per_outlet.index, kinds], names=["outlet", "kind"])
    result = counts.reindex(index, fill_value=0).rename("markers").reset_index()
    result = result.merge(per_outlet.reset_index(), on="outlet")
    result["markers"] = result["markers"].astype("int64")
    result["per_1000_words"] = 1000.0 * result["markers"] / result["words"].where(result["words"] > 0)
    result["small_sample"] = result["articles"] < MIN_ARTICLES
    return result[["outlet", "kind", "markers", "articles", "words", "per_1000_words", "small_sample"]]


def stance_table(stances: pd.DataFrame) -> pd.DataFrame:
    """Wide form of :func:`analysis.outlet_terms.stance_by_outlet`: one row per outlet, one column per concept.

    Returns
    -------
    DataFrame
        ``outlet`` then one column per concept holding the mean own-voice
        stance (NaN where the outlet never names the concept in its own voice).
    """
    _require(stances, "stances", ("outlet", "concept", "stance"))
    wide = stances.pivot(index="outlet", columns="concept", values="stance")
    wide.columns.name = None
    return wide.reset_index()


def term_choices_by_article(terms: pd.DataFrame) -> pd.DataFrame:
    """Which loaded terms each article uses, for comparing outlets' versions of one story.

    Parameters
    ----------
    terms : DataFrame
        The ``terms`` result table: ``article_id``, ``concept``, ``term``,
        ``stance``, ``in_quote``, ``distanced``.

    Returns
    -------
    DataFrame
        One row per (article, concept, term, stance): ``mentions`` (all),
        ``own_voice`` (neither quoted nor distanced), by article, concept
        and mentions descending.
    """
    _require(terms, "terms", ("article_id", "concept", "term", "stance", "in_quote", "distanced"))
    frame = terms.assign(_own=~terms["in_quote"].astype(bool) & ~terms["distanced"].astype(bool))
    grouped = frame.groupby(["article_id", "concept", "term", "stance"], sort=True)
    result = pd.DataFrame({"mentions": grouped.size(), "own_voice": grouped["_own"].sum()}).reset_index()
    result["own_voice"] = result["own_voice"].astype("int64")
    return result.sort_values(["article_id", "concept", "mentions", "term"], ascending=[True, True, False, True],
                              ignore_index=True)
