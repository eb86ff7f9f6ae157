"""analysis.trends: periods, and per-period figures that equal the per-outlet ones on each period's articles."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.outlet_terms import stance_by_outlet
from analysis.trends import (
    articles_by_period,
    choose_period,
    period_count,
    period_start,
    stance_by_period,
    term_share_by_period,
    voice_share_by_period,
)


def _dates(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), format="ISO8601"))


@pytest.mark.parametrize(("period", "expected"), [
    ("week", ["2016-10-03", "2016-12-26", "2016-12-26"]),  # 5 Oct 2016 a Wednesday; 31 Dec a Saturday, 1 Jan a Sunday
    ("month", ["2016-10-01", "2016-12-01", "2017-01-01"]),
    ("quarter", ["2016-10-01", "2016-10-01", "2017-01-01"]),
    ("year", ["2016-01-01", "2016-01-01", "2017-01-01"]),
])
def test_period_start(period, expected):
    starts = period_start(_dates("2016-10-05", "2016-12-31", "2017-01-01T18:30"), period=period)
    assert starts.dt.strftime("%Y-%m-%d").tolist() == expected


def test_period_start_keeps_missing_dates_missing():
    assert period_start(pd.Series([pd.NaT, pd.Timestamp("2016-10-05")]), period="month").isna().tolist() == [True,
                                                                                                             False]


@pytest.mark.parametrize(("first", "last", "period", "count"), [
    (dt.date(2016, 1, 31), dt.date(2016, 3, 1), "month", 3),
    (dt.date(2016, 10, 3), dt.date(2016, 10, 9), "week", 1),   # Monday to Sunday
    (dt.date(2016, 10, 9), dt.date(2016, 10, 10), "week", 2),  # Sunday, then Monday
    (dt.date(2011, 2, 2), dt.date(2017, 11, 27), "quarter", 28),  # 2011 Q1 to 2017 Q4
])
def test_period_count(first, last, period, count):
    assert period_count(first, last, period=period) == count


@pytest.mark.parametrize(("first", "last", "expected"), [
    ("2016-10-01", "2016-12-20", "week"),     # 12 weeks
    ("2015-01-01", "2016-12-31", "month"),    # 104 weeks, 24 months
    ("2011-02-02", "2017-11-27", "quarter"),  # 82 months, 28 quarters (FA-KES's range)
])
def test_choose_period_is_the_finest_with_at_most_60(first, last, expected):
    assert choose_period(_dates(first, last)) == expected


def test_choose_period_without_dates_and_bad_arguments():
    assert choose_period(pd.Series([pd.NaT])) == "month"
    with pytest.raises(ValueError, match="max_periods"):
        choose_period(_dates("2016-01-01"), max_periods=0)
    with pytest.raises(ValueError, match="period must be one of week, month, quarter, year; got 'day'"):
        period_start(_dates("2016-01-01"), period="day")


ARTICLES = pd.DataFrame({
    "article_id": ["a1", "a2", "a3", "b1", "u"],
    "outlet": ["A", "A", "A", "B", "A"],
    "published": pd.to_datetime(["2016-01-10", "2016-01-20", "2016-03-05", "2016-02-01", None]),
})


def test_articles_by_period_fills_empty_periods_with_zero_and_leaves_undated_out():
    counts = articles_by_period(ARTICLES, period="month")
    table = {(r.outlet, f"{r.period_start:%Y-%m}"): r.articles for r in counts.itertuples()}
    assert table == {("A", "2016-01"): 2, ("A", "2016-02"): 0, ("A", "2016-03"): 1,
                     ("B", "2016-01"): 0, ("B", "2016-02"): 1, ("B", "2016-03"): 0}


def _match(article_id: str, term: str, stance: int, *, in_quote: bool = False) -> dict:
    return {"article_id": article_id, "outlet": "ignored", "concept": "armed_groups", "term": term,
            "stance": stance, "in_quote": in_quote, "distanced": False}


MATCHES = pd.DataFrame([
    _match("a1", "terrorist", -1), _match("a1", "terrorist", -1), _match("a2", "rebel", 0),
    _match("a2", "terrorist", -1, in_quote=True),  # quoted: not the outlet's own voice
    _match("a3", "opposition", 1), _match("a3", "rebel", 0), _match("b1", "rebel", 0),
])


def test_stance_by_period_by_hand():
    stances = stance_by_period(MATCHES, ARTICLES, period="month", n_resamples=200)
    table = {(r.outlet, f"{r.period_start:%Y-%m}"): (r.stance, r.mentions, r.articles) for r in stances.itertuples()}
    # January, A: terrorist, terrorist, rebel in its own voice: (-1 - 1 + 0) / 3; March: (1 + 0) / 2.
    assert table[("A", "2016-01")] == (pytest.approx(-2 / 3), 3, 2)
    assert table[("A", "2016-03")] == (pytest.approx(0.5), 2, 1)
    assert table[("B", "2016-02")] == (pytest.approx(0.0), 1, 1)
    assert len(table) == 3 and stances["small_sample"].all()
    january = stances.iloc[0]
    assert january.stance_low <= january.stance <= january.stance_high


def test_stance_by_period_equals_stance_by_outlet_on_the_period_articles():
    january = MATCHES[MATCHES["article_id"].isin(["a1", "a2"])].assign(outlet="A")
    expected = stance_by_outlet(january, n_resamples=300).iloc[0]
    row = stance_by_period(MATCHES, ARTICLES, period="month", n_resamples=300).iloc[0]
    # Same mean; the interval comes from a generator seeded by another group name, so it is compared loosely.
    assert row.stance == pytest.approx(expected.stance)
    assert (row.mentions, row.articles) == (expected.mentions, expected.articles)


def test_term_share_by_period_by_hand():
    shares = term_share_by_period(MATCHES, ARTICLES, period="quarter", concept="armed_groups", term="terrorist",
                                  n_resamples=200)
    table = {(r.outlet, f"{r.period_start:%Y-%m}"): (r.share, r.concept_mentions) for r in shares.itertuples()}
    # Q1 2016, A: own-voice mentions terrorist, terrorist, rebel, opposition, rebel: 2 of 5.
    assert table == {("A", "2016-01"): (pytest.approx(0.4), 5), ("B", "2016-01"): (pytest.approx(0.0), 1)}


def test_voice_share_by_period_by_hand():
    voice = pd.DataFrame({"article_id": ["a1", "a1", "a2", "a3"], "affiliation": ["un", "ngo", "un", ""],
                          "words": [30, 10, 60, 5], "share": [0.75, 0.25, 1.0, 1.0]})
    shares = voice_share_by_period(voice, ARTICLES, period="month")
    table = {(r.outlet, f"{r.period_start:%Y-%m}", r.affiliation): r.share for r in shares.itertuples()}
    # January, A: un 30 + 60 of 100 words, ngo 10 of 100; March: 5 words of an unknown speaker.
    assert table == {("A", "2016-01", "ngo"): pytest.approx(0.1), ("A", "2016-01", "un"): pytest.approx(0.9),
                     ("A", "2016-03", "unknown"): pytest.approx(1.0)}


def test_per_period_figures_of_no_rows_are_empty():
    empty = MATCHES.iloc[0:0]
    assert stance_by_period(empty, ARTICLES, period="month").empty
    assert articles_by_period(ARTICLES.iloc[0:0], period="week").empty
