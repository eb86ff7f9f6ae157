"""Figures over time: articles, stance, a term's share and share of voice per outlet and period.

Each article falls in the calendar period (week from Monday, month, quarter
or year) of its publication date; undated articles are left out. The
per-period figures are the per-outlet figures of :mod:`analysis.outlet_terms`
and :mod:`analysis.outlet_sourcing` computed on each (outlet, period) group
as if it were an outlet of its own, so a period's stance, share and interval
mean what they mean on the other pages, with the same small-sample flags.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd

from analysis.outlet_sourcing import voice_share_by_outlet
from analysis.outlet_terms import (
    DEFAULT_RESAMPLES,
    mean_stances_from_sums,
    stance_by_outlet,
    term_shares_by_outlet,
    term_shares_from_counts,
)

Period = Literal["week", "month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("week", "month", "quarter", "year")
# A chart stays readable with up to about 60 bars or points along its time axis.
DEFAULT_MAX_PERIODS = 60
_OFFSETS = {"week": pd.offsets.Week(weekday=0), "month": pd.offsets.MonthBegin(),
            "quarter": pd.offsets.QuarterBegin(startingMonth=1), "year": pd.offsets.YearBegin()}
_SEPARATOR = "\x1f"  # joins outlet and period into one group name; no outlet name holds it


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}; got {period!r}")


def period_start(dates: pd.Series, *, period: Period) -> pd.Series:
    """The first day of the period each date falls in (weeks start on Monday); NaT stays NaT.

    >>> period_start(pd.Series(pd.to_datetime(["2016-10-05", "2016-12-31"])), period="quarter").dt.date.tolist()
    [datetime.date(2016, 10, 1), datetime.date(2016, 10, 1)]
    """
    _check_period(period)
    days = pd.to_datetime(dates).dt.normalize()
    if period == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return days.dt.to_period({"month": "M", "quarter": "Q", "year": "Y"}[period]).dt.start_time


def period_count(first: dt.date, last: dt.date, *, period: Period) -> int:
    """How many periods the range from ``first`` to ``last`` (inclusive) touches.

    >>> period_count(dt.date(2016, 1, 31), dt.date(2016, 3, 1), period="month")
    3
    """
    starts = period_start(pd.Series(pd.to_datetime([first, last])), period=period)
    return len(pd.date_range(starts.iloc[0], starts.iloc[1], freq=_OFFSETS[period]))


def choose_period(dates: pd.Series, *, max_periods: int = DEFAULT_MAX_PERIODS) -> Period:
    """The finest period (week, month, quarter, year) that splits the dates' range into at most ``max_periods``.

    Without dates, "month".
    """
    if max_periods < 1:
        raise ValueError(f"max_periods must be a positive integer; got {max_periods!r}")
    present = pd.to_datetime(dates).dropna()
    if present.empty:
        return "month"
    first, last = present.min().date(), present.max().date()
    for period in PERIODS:
        if period_count(first, last, period=period) <= max_periods:
            return period
    return "year"


def _dated(articles: pd.DataFrame, period: Period) -> pd.DataFrame:
    """``article_id``, ``outlet`` and ``period_start`` of the dated articles."""
    _check_period(period)
    missing = [c for c in ("article_id", "outlet", "published") if c not in articles.columns]
    if missing:
        raise ValueError(f"articles must have columns article_id, outlet, published; missing {', '.join(missing)}")
    frame = articles[["article_id", "outlet"]].assign(period_start=period_start(articles["published"], period=period))
    return frame[frame["period_start"].notna()]


def articles_by_period(articles: pd.DataFrame, *, period: Period) -> pd.DataFrame:
    """Articles per outlet and period, every period from the first to the last shown (zero where none).

    Returns
    -------
    DataFrame
        ``outlet``, ``period_start`` (Timestamp), ``articles``; sorted by outlet and period.
    """
    dated = _dated(articles, period)
    columns = ["outlet", "period_start", "articles"]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    counts = dated.groupby(["outlet", "period_start"]).size()
    every = pd.date_range(dated["period_start"].min(), dated["period_start"].max(), freq=_OFFSETS[period])
    index = pd.MultiIndex.from_product([sorted(dated["outlet"].unique()), every], names=["outlet", "period_start"])
    return counts.reindex(index, fill_value=0).rename("articles").reset_index()[columns]


def _by_outlet_and_period(table: pd.DataFrame, articles: pd.DataFrame, period: Period) -> pd.DataFrame:
    """``table`` (rows with an ``article_id``) with ``outlet`` replaced by one group name per outlet and period."""
    dated = _dated(articles, period)
    joined = table.drop(columns=["outlet"], errors="ignore").merge(dated, on="article_id", how="inner")
    group = joined["outlet"].astype(str) + _SEPARATOR + joined["period_start"].dt.strftime("%Y-%m-%d")
    return joined.drop(columns=["period_start"]).assign(outlet=group)


def _split_groups(result: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`_by_outlet_and_period` on a per-outlet result: ``outlet`` and ``period_start`` columns again."""
    parts = result["outlet"].str.split(_SEPARATOR, n=1, expand=True)
    if result.empty:
        return result.assign(period_start=pd.Series(dtype="datetime64[ns]"))
    out = result.assign(outlet=parts[0], period_start=pd.to_datetime(parts[1]))
    columns = ["outlet", "period_start", *[c for c in result.columns if c != "outlet"]]
    return out[columns].sort_values(["outlet", "period_start"], ignore_index=True)


def _period_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """Per-article rows with ``outlet`` and ``period_start`` (summed in the store by
    :mod:`analysis.aggregates` with ``period=``) with ``outlet`` made the same group name as
    :func:`_by_outlet_and_period` makes, so each group gets the same generator as from the match rows."""
    group = rows["outlet"].astype(str) + _SEPARATOR + pd.to_datetime(rows["period_start"]).dt.strftime("%Y-%m-%d")
    return rows.drop(columns=["period_start"]).assign(outlet=group)


def stance_by_period_from_sums(sums: pd.DataFrame, *, n_resamples: int = DEFAULT_RESAMPLES,
                               seed: int = 0) -> pd.DataFrame:
    """:func:`stance_by_period` from per-article stance sums per (outlet, period_start, concept)
    (:func:`analysis.aggregates.stance_sums` with ``period``): the same rows and intervals."""
    grouped = _period_groups(sums)
    return _split_groups(mean_stances_from_sums(grouped, ["outlet", "concept"], n_resamples=n_resamples, seed=seed))


def term_share_by_period_from_counts(counts: pd.DataFrame, *, term: str, n_resamples: int = DEFAULT_RESAMPLES,
                                     seed: int = 0) -> pd.DataFrame:
    """:func:`term_share_by_period` from own-voice mentions per (outlet, period_start, concept, article, term)
    of one concept, every term named (:func:`analysis.aggregates.term_counts` with ``period`` and
    ``max_named=None``): the same rows and intervals."""
    shares = term_shares_from_counts(_period_groups(counts), n_resamples=n_resamples, seed=seed)
    return _split_groups(shares[shares["term"] == term].reset_index(drop=True))


def stance_by_period(matches: pd.DataFrame, articles: pd.DataFrame, *, period: Period,
                     n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> pd.DataFrame:
    """Mean own-voice stance per outlet, concept and period, with its bootstrap interval.

    Parameters
    ----------
    matches : DataFrame
        Term matches as for :func:`analysis.outlet_terms.stance_by_outlet`.
    articles : DataFrame
        ``article_id``, ``outlet``, ``published`` (the period comes from here).
    period, n_resamples, seed : keyword-only

    Returns
    -------
    DataFrame
        The columns of :func:`~analysis.outlet_terms.stance_by_outlet` plus
        ``period_start``, one row per (outlet, period, concept) with own-voice mentions.
    """
    grouped = _by_outlet_and_period(matches, articles, period)
    return _split_groups(stance_by_outlet(grouped, n_resamples=n_resamples, seed=seed))


def term_share_by_period(matches: pd.DataFrame, articles: pd.DataFrame, *, period: Period, concept: str,
                         term: str, n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> pd.DataFrame:
    """Share of ``term`` among an outlet's own-voice mentions of ``concept`` per period, with its interval.

    Returns
    -------
    DataFrame
        The columns of :func:`~analysis.outlet_terms.term_shares_by_outlet`
        plus ``period_start``, one row per (outlet, period) that mentions the
        concept (share 0 where the period's mentions use other terms).
    """
    grouped = _by_outlet_and_period(matches[matches["concept"] == concept], articles, period)
    shares = term_shares_by_outlet(grouped, n_resamples=n_resamples, seed=seed)
    return _split_groups(shares[shares["term"] == term].reset_index(drop=True))


def voice_share_by_period(voice: pd.DataFrame, articles: pd.DataFrame, *, period: Period) -> pd.DataFrame:
    """Share of an outlet's reported words per speaker affiliation, per period.

    Returns
    -------
    DataFrame
        The columns of :func:`analysis.outlet_sourcing.voice_share_by_outlet`
        plus ``period_start``; shares of an (outlet, period) sum to 1.
    """
    return _split_groups(voice_share_by_outlet(_by_outlet_and_period(voice, articles, period)))
