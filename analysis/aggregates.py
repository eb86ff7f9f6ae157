"""The dashboard's figures as queries over the store: filters and per-outlet aggregation in DuckDB.

The result tables of :mod:`analysis.pipeline` hold one row per term match,
attribution, citation... (about a million rows each at 100,000 articles). Holding
them in pandas made the dashboard's memory and time grow with the corpus, so
here the filters (outlets, dates, text search) and the per-outlet, per-concept
and per-affiliation counts run in the database, and only small results reach
Python: one row per outlet and category, or one row per article and concept.

Every function takes an open :class:`~analysis.store.Store`, the analyzer
version and an :class:`ArticleFilter`, and returns the same columns as the
pandas function of :mod:`analysis.outlet_sourcing` or :mod:`analysis.outlet_terms`
it stands for (tests check both against hand-computed values and each other).

Bootstrap intervals
-------------------
Term shares and mean stances resample articles (see :mod:`analysis.outlet_terms`),
so they need per-article counts for exactly the articles the filter keeps; a
date range or a text search changes which articles are resampled, so intervals
precomputed per outlet at analysis time would be wrong under any filter but
"everything". They are therefore computed from per-article counts summed in the
store for the current filter: :func:`stance_sums` and :func:`term_counts` sum each
article's own-voice mentions per concept (and target or term), then count the
articles with the same counts together (one row per distinct count row, with
how many articles have it): most articles mention a concept once or twice, so
far fewer rows leave the store than there are articles; :func:`analysis.outlet_terms.mean_stances_from_sums` /
:func:`analysis.outlet_terms.term_shares_from_counts` resample them with the
same seeded generators, and the figures equal the pandas path exactly. The
figures of the unfiltered view are also stored when the store is analyzed
(:mod:`analysis.precomputed`). With ``period=`` the same sums are made per
outlet and calendar period for the Trends page.

Text search uses DuckDB's built-in ``lower`` and ``contains`` (no extension, as
nothing may download at run time): an article matches when its headline or
clean text contains the query, ignoring case (Unicode lower case; Python's
``casefold`` differs only for a few letters such as German ß).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from analysis.outlet_sourcing import MIN_ATTRIBUTIONS
from analysis.outlet_terms import MIN_ARTICLES, OTHER_TERMS
from analysis.store import STORY_TABLE, Store

UNKNOWN_OUTLET = "(unknown outlet)"


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a figure is over.

    ``outlets``: None for every outlet (articles without one count as
    :data:`UNKNOWN_OUTLET`); ``start``/``end``: publication dates, inclusive
    (undated articles drop out when either is set); ``search``: words the
    headline or clean text contains, any case ("" for no search).
    """

    outlets: tuple[str, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    search: str = ""

    def every_outlet(self) -> ArticleFilter:
        """The same dates and search over every outlet: per-outlet figures are cached on this and the outlet
        filter picks their rows afterwards (each outlet's figures do not depend on the other outlets)."""
        return replace(self, outlets=None)


def _chosen(article_filter: ArticleFilter) -> tuple[str, dict[str, object]]:
    """A ``chosen`` CTE (article_id, outlet, title, published, words, source_file) and its parameters."""
    conditions = ["TRUE"]
    parameters: dict[str, object] = {"unknown": UNKNOWN_OUTLET}
    if article_filter.outlets is not None:
        # A handful of outlets: list_contains is fine here (never for article ids, see Store._id_table).
        conditions.append("list_contains($outlets, coalesce(outlet, $unknown))")
        parameters["outlets"] = list(article_filter.outlets)
    if article_filter.start is not None:
        conditions.append("published >= $start")
        parameters["start"] = article_filter.start
    if article_filter.end is not None:
        conditions.append("published <= $end")
        parameters["end"] = article_filter.end
    if article_filter.search.strip():
        conditions.append("(contains(lower(clean_text), $needle) OR contains(lower(coalesce(title, '')), $needle))")
        parameters["needle"] = article_filter.search.strip().lower()
    cte = ("chosen AS (SELECT article_id, coalesce(outlet, $unknown) AS outlet, title, published, words, "
           f"source_file FROM articles WHERE {' AND '.join(conditions)})")
    return cte, parameters


# DuckDB's date_trunc gives the first day of each period; its weeks start on Monday, as analysis.trends's do.
PERIODS = ("week", "month", "quarter", "year")


def _with_results(store: Store, name: str, version: str, article_filter: ArticleFilter, body: str,
                  *, empty_columns: Sequence[str], where: str = "TRUE",
                  parameters: dict[str, object] | None = None, period: str | None = None) -> pd.DataFrame:
    """Run ``body`` (a query over ``r``: result table ``name``'s rows for the chosen articles, with their
    ``outlet`` and ``published``); an empty frame of ``empty_columns`` when no analysis saved that table.

    With ``period`` ("week", "month", "quarter", "year"), ``r`` also has ``period_start`` (the first day of the
    article's period, a date) and undated articles are left out.
    """
    if not store.has_results(name):
        return pd.DataFrame(columns=list(empty_columns))
    cte, chosen_parameters = _chosen(article_filter)
    chosen_parameters.update(parameters or {})
    chosen_parameters["version"] = version
    period_column = ""
    if period is not None:
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}; got {period!r}")
        period_column = f", CAST(date_trunc('{period}', c.published) AS DATE) AS period_start"
        where = f"({where}) AND c.published IS NOT NULL"
    sql = (f"WITH {cte}, r AS (SELECT t.* EXCLUDE (analyzer_version), c.outlet, c.published{period_column} "
           f"FROM result_{name} t JOIN chosen c USING (article_id) "
           f"WHERE t.analyzer_version = $version AND {where}) {body}")
    frame = store.query(sql, chosen_parameters)
    if "period_start" in frame.columns:
        frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


# --- articles ---------------------------------------------------------------------------------------------


def article_index(store: Store, article_filter: ArticleFilter = ArticleFilter()) -> pd.DataFrame:
    """One row per article the filter keeps (no text): ``article_id, outlet, title, published, words,
    source_file``; outlet filled in, title "" when missing, by outlet, date and id."""
    cte, parameters = _chosen(article_filter)
    frame = store.query(f"WITH {cte} SELECT article_id, outlet, coalesce(title, '') AS title, published, words, "
                        "source_file FROM chosen ORDER BY outlet, published, article_id", parameters)
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


def texts(store: Store, article_filter: ArticleFilter, *, limit_per_outlet: int | None = None) -> pd.DataFrame:
    """``article_id, outlet, published, clean_text`` of the articles the filter keeps.

    ``limit_per_outlet``: at most this many articles of each outlet, the first by
    ``article_id``; the id is a hash of the text, so this is a random sample that
    is the same on every run (a documented sample, not the first articles stored).
    """
    cte, parameters = _chosen(article_filter)
    sample = ""
    if limit_per_outlet is not None:
        # The sample is chosen before the texts are joined, so only its texts are read.
        sample = "QUALIFY row_number() OVER (PARTITION BY outlet ORDER BY article_id) <= $limit"
        parameters["limit"] = int(limit_per_outlet)
    frame = store.query(f"WITH {cte}, sample AS (SELECT article_id, outlet, published FROM chosen {sample}) "
                        "SELECT s.article_id, s.outlet, s.published, a.clean_text FROM sample s "
                        "JOIN articles a USING (article_id) ORDER BY s.outlet, s.article_id", parameters)
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


def article_counts(store: Store, article_filter: ArticleFilter) -> pd.DataFrame:
    """``outlet, articles``: how many articles of each outlet the filter keeps, by outlet."""
    cte, parameters = _chosen(article_filter)
    return store.query(f"WITH {cte} SELECT outlet, count(*) AS articles FROM chosen GROUP BY outlet "
                       "ORDER BY outlet", parameters)


def term_stances(store: Store, version: str) -> dict[str, int]:
    """Each loaded term's stance class (-1, 0, +1), over every stored match."""
    if not store.has_results("terms"):
        return {}
    rows = store.query("SELECT term, any_value(stance) AS stance FROM result_terms WHERE analyzer_version = $v "
                       "GROUP BY term", {"v": version})
    return {str(term): int(stance) for term, stance in zip(rows["term"], rows["stance"], strict=True)}


def concepts(store: Store, version: str) -> list[str]:
    """The concepts of every stored term match, sorted."""
    if not store.has_results("terms"):
        return []
    rows = store.query("SELECT DISTINCT concept FROM result_terms WHERE analyzer_version = $v ORDER BY 1",
                       {"v": version})
    return rows["concept"].tolist()


# --- sourcing -----------------------------------------------------------------------------------------------


def key_figures(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    """:func:`analysis.outlet_sourcing.outlet_key_figures` over the articles the filter keeps."""
    columns = ["outlet", "articles", "quotes_per_article", "direct_quotes_per_article", "sources_per_article",
               "named_share", "media_cited_per_article", "wire_copy_share", "reading_ease", "grade_level",
               "small_sample"]
    body = ("SELECT outlet, count(*) AS articles, avg(attributions) AS quotes_per_article, "
            "avg(direct_quotes) AS direct_quotes_per_article, avg(distinct_sources) AS sources_per_article, "
            "sum(attributions) AS total, sum(coalesce(anonymous_share * attributions, 0)) AS anonymous, "
            "avg(media_cited) AS media_cited_per_article, avg(wire_copy::DOUBLE) AS wire_copy_share, "
            "avg(flesch_reading_ease) AS reading_ease, avg(flesch_kincaid_grade) AS grade_level "
            "FROM r GROUP BY outlet ORDER BY outlet")
    frame = _with_results(store, "scores", version, article_filter, body, empty_columns=columns,
                          where="attributions IS NOT NULL")
    if frame.empty:
        return pd.DataFrame(columns=columns)
    total = frame["total"].astype("float64")
    frame["named_share"] = ((total - frame["anonymous"]) / total).where(total > 0)
    frame["small_sample"] = (frame["articles"] < MIN_ARTICLES) | (total < MIN_ATTRIBUTIONS)
    frame["articles"] = frame["articles"].astype("int64")
    return frame[columns]


def voice_shares(store: Store, version: str, article_filter: ArticleFilter, *, period: str | None = None
                 ) -> pd.DataFrame:
    """:func:`analysis.outlet_sourcing.voice_share_by_outlet` over the articles the filter keeps.

    With ``period``, per outlet and period (a ``period_start`` column after ``outlet``; undated articles left
    out), as :func:`analysis.trends.voice_share_by_period`.
    """
    keys = ["outlet", "period_start"] if period else ["outlet"]
    columns = [*keys, "affiliation", "words", "outlet_words", "share", "articles", "small_sample"]
    key_list = ", ".join(keys)
    body = (f"SELECT {', '.join(f'g.{k}' for k in keys)}, g.affiliation, g.words, "
            f"sum(g.words) OVER (PARTITION BY {', '.join(f'g.{k}' for k in keys)}) AS outlet_words, "
            f"o.articles FROM (SELECT {key_list}, coalesce(nullif(affiliation, ''), 'unknown') AS affiliation, "
            "sum(words) AS words FROM r GROUP BY ALL) g "
            f"JOIN (SELECT {key_list}, count(DISTINCT article_id) AS articles FROM r GROUP BY ALL) o "
            f"USING ({key_list}) ORDER BY {', '.join(f'g.{k}' for k in keys)}, g.affiliation")
    frame = _with_results(store, "voice", version, article_filter, body, empty_columns=columns, period=period)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame.astype({"words": "int64", "outlet_words": "int64", "articles": "int64"})
    frame["share"] = frame["words"] / frame["outlet_words"].where(frame["outlet_words"] > 0)
    frame["small_sample"] = frame["articles"] < MIN_ARTICLES
    return frame[columns]


def _attribution_shares(store: Store, version: str, article_filter: ArticleFilter, *, within: dict[str, str],
                        of: tuple[str, str], total_column: str, where: str = "TRUE") -> pd.DataFrame:
    """Attributions per (``within``..., ``of``), their total per ``within`` group and their share of it.

    ``within`` and ``of`` map output column names to SQL expressions over the attribution rows.
    """
    names = list(within)
    columns = [*names, of[0], "attributions", total_column, "share", "small_sample"]
    keys = ", ".join(names)
    grouped = ", ".join([*(f"{expression} AS {name}" for name, expression in within.items()),
                         f"{of[1]} AS {of[0]}"])
    body = (f"SELECT *, sum(attributions) OVER (PARTITION BY {keys}) AS {total_column} FROM "
            f"(SELECT {grouped}, count(*) AS attributions FROM r GROUP BY ALL) ORDER BY {keys}, {of[0]}")
    frame = _with_results(store, "attributions", version, article_filter, body, empty_columns=columns,
                          where=where)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame.astype({"attributions": "int64", total_column: "int64"})
    frame["share"] = frame["attributions"] / frame[total_column]
    frame["small_sample"] = frame[total_column] < MIN_ATTRIBUTIONS
    return frame[columns]


_OR_UNKNOWN = "coalesce(nullif({}, ''), 'unknown')"


def verb_classes(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    """:func:`analysis.outlet_sourcing.verb_classes_by_affiliation` over the articles the filter keeps."""
    return _attribution_shares(store, version, article_filter,
                               within={"outlet": "outlet", "affiliation": _OR_UNKNOWN.format("affiliation")},
                               of=("verb_class", "verb_class"), total_column="affiliation_attributions",
                               where="coalesce(verb_class, '') <> ''")


def speaker_types(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    """:func:`analysis.outlet_sourcing.speaker_types_by_outlet` over the articles the filter keeps."""
    return _attribution_shares(store, version, article_filter, within={"outlet": "outlet"},
                               of=("speaker_type", _OR_UNKNOWN.format("speaker_type")),
                               total_column="outlet_attributions")


def media_cited(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    """:func:`analysis.outlet_sourcing.media_cited_by_outlet` over the articles the filter keeps."""
    columns = ["outlet", "name", "kind", "mentions", "articles", "signed_articles"]
    body = ("SELECT outlet, name, first(kind ORDER BY article_id, start) AS kind, count(*) AS mentions, "
            "count(DISTINCT article_id) AS articles, "
            "count(DISTINCT CASE WHEN wire_signature THEN article_id END) AS signed_articles "
            "FROM r GROUP BY outlet, name ORDER BY outlet, mentions DESC, name")
    frame = _with_results(store, "citations", version, article_filter, body, empty_columns=columns)
    return frame.astype({"mentions": "int64", "articles": "int64", "signed_articles": "int64"})[columns] \
        if not frame.empty else frame


def top_speakers(store: Store, version: str, article_filter: ArticleFilter, *, top: int = 10) -> pd.DataFrame:
    """:func:`analysis.outlet_sourcing.top_speakers_by_outlet` over the articles the filter keeps."""
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive integer; got {top!r}")
    columns = ["outlet", "rank", "speaker", "speaker_type", "affiliation", "attributions", "words",
               "distancing_verbs"]
    # The most frequent type and affiliation of each speaker, ties by name (as _most_frequent in pandas).
    body = (
        "SELECT * FROM (SELECT outlet, speaker, count(*) AS attributions, sum(content_words) AS words, "
        "count(*) FILTER (WHERE verb_class = 'distancing') AS distancing_verbs, "
        "arg_min(speaker_type, (-type_n, speaker_type)) AS speaker_type, "
        "arg_min(affiliation, (-affiliation_n, affiliation)) AS affiliation FROM "
        "(SELECT outlet, speaker, content_words, verb_class, coalesce(speaker_type, '') AS speaker_type, "
        "coalesce(affiliation, '') AS affiliation, "
        "count(*) OVER (PARTITION BY outlet, speaker, coalesce(speaker_type, '')) AS type_n, "
        "count(*) OVER (PARTITION BY outlet, speaker, coalesce(affiliation, '')) AS affiliation_n FROM r "
        "WHERE speaker IS NOT NULL) GROUP BY outlet, speaker) "
        "QUALIFY row_number() OVER (PARTITION BY outlet ORDER BY attributions DESC, words DESC, speaker) <= $top "
        "ORDER BY outlet, attributions DESC, words DESC, speaker")
    frame = _with_results(store, "attributions", version, article_filter, body, empty_columns=columns,
                          parameters={"top": top})
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["rank"] = frame.groupby("outlet").cumcount() + 1
    return frame.astype({"attributions": "int64", "words": "int64", "distancing_verbs": "int64"})[columns] \
        .reset_index(drop=True)


def distancing_rates(store: Store, version: str, article_filter: ArticleFilter) -> pd.DataFrame:
    """:func:`analysis.outlet_sourcing.distancing_by_outlet` over the articles the filter keeps (every outlet
    of those articles, every kind seen among them)."""
    columns = ["outlet", "kind", "markers", "articles", "words", "per_1000_words", "small_sample"]
    if not store.has_results("distancing"):
        return pd.DataFrame(columns=columns)
    cte, parameters = _chosen(article_filter)
    parameters["version"] = version
    frame = store.query(
        f"WITH {cte}, r AS (SELECT t.kind, c.outlet FROM result_distancing t JOIN chosen c USING (article_id) "
        "WHERE t.analyzer_version = $version AND t.kind IS NOT NULL), "
        "o AS (SELECT outlet, count(*) AS articles, sum(words) AS words FROM chosen GROUP BY outlet), "
        "k AS (SELECT DISTINCT kind FROM r) "
        "SELECT o.outlet, k.kind, (SELECT count(*) FROM r WHERE r.outlet = o.outlet AND r.kind = k.kind) AS markers, "
        "o.articles, o.words FROM o CROSS JOIN k ORDER BY o.outlet, k.kind", parameters)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame.astype({"markers": "int64", "articles": "int64", "words": "int64"})
    frame["per_1000_words"] = 1000.0 * frame["markers"] / frame["words"].where(frame["words"] > 0)
    frame["small_sample"] = frame["articles"] < MIN_ARTICLES
    return frame[columns]


# --- loaded terms: per-article rows for the bootstrap ----------------------------------------------------------

_OWN_VOICE = "NOT in_quote AND NOT coalesce(distanced, FALSE)"


def stance_sums(store: Store, version: str, article_filter: ArticleFilter, *, by_target: bool = False,
                concept: str | None = None, period: str | None = None) -> pd.DataFrame:
    """Own-voice stance per article, the input of :func:`analysis.outlet_terms.mean_stances_from_sums`.

    Each article's ``stance_sum`` and ``mentions`` per (outlet, concept) -- or
    (outlet, concept, target) with ``by_target`` --, the articles with the same
    sums counted together: one row per group and distinct sums, with
    ``articles`` (how many). The bootstrap needs no more, and far fewer rows
    leave the store than articles (the result is the same). Without
    ``by_target``, only the headline-stance mentions count (as
    :func:`~analysis.outlet_terms.stance_by_outlet`); with it, every own-voice
    mention of the concepts that name some target (as
    :func:`~analysis.outlet_terms.stance_by_outlet_and_target`). ``concept``:
    only that concept's mentions. ``period``: per outlet and period too (a
    ``period_start`` column after ``outlet``; undated articles left out).
    """
    keys = ["outlet", "concept", "target"] if by_target else ["outlet", "concept"]
    if period is not None:
        keys.insert(1, "period_start")
    columns = [*keys, "stance_sum", "mentions", "articles"]
    where = _OWN_VOICE if by_target else f"{_OWN_VOICE} AND in_headline_stance"
    parameters: dict[str, object] = {}
    if concept is not None:
        where += " AND concept = $concept"
        parameters["concept"] = concept
    having = ("WHERE concept IN (SELECT concept FROM r GROUP BY concept "
              "HAVING bool_or(target <> 'unspecified'))") if by_target else ""
    key_list = ", ".join(keys)
    body = (f"SELECT {key_list}, stance_sum, mentions, count(*) AS articles FROM "
            f"(SELECT {key_list}, article_id, sum(stance) AS stance_sum, count(*) AS mentions FROM r "
            f"{having} GROUP BY ALL) GROUP BY ALL ORDER BY {key_list}, stance_sum, mentions")
    frame = _with_results(store, "terms", version, article_filter, body, empty_columns=columns, where=where,
                          parameters=parameters, period=period)
    return frame.astype({"stance_sum": "int64", "mentions": "int64", "articles": "int64"}) \
        if not frame.empty else frame


def term_counts(store: Store, version: str, article_filter: ArticleFilter, *, max_named: int | None,
                concept: str | None = None, period: str | None = None) -> pd.DataFrame:
    """Own-voice mentions per (outlet, concept, article, term), the input of
    :func:`analysis.outlet_terms.term_shares_from_counts`.

    The articles of an outlet and concept with the same counts (same terms,
    same mentions) are counted together: one ``profile`` (an id) per distinct
    set of counts, one row per term in it with its ``mentions``, and
    ``articles`` (how many articles have that profile). Far fewer rows leave
    the store than articles, and the bootstrap needs no more.

    Terms outside each concept's ``max_named`` most mentioned (own voice, over
    every chosen article, ties by name) are counted together as
    :data:`~analysis.outlet_terms.OTHER_TERMS`, as
    :func:`~analysis.outlet_terms.with_other_terms` does; None names every
    term. ``period``: per outlet and period too (a ``period_start`` column
    after ``outlet``; undated articles left out).
    """
    if max_named is not None and (not isinstance(max_named, int) or max_named < 1):
        raise ValueError(f"max_named must be a positive integer or None; got {max_named!r}")
    keys = ["outlet", "period_start"] if period is not None else ["outlet"]
    columns = [*keys, "concept", "profile", "term", "mentions", "articles"]
    where = f"{_OWN_VOICE} AND concept = $concept" if concept is not None else _OWN_VOICE
    parameters: dict[str, object] = {}
    if concept is not None:
        parameters["concept"] = concept
    groups = ", ".join([*keys, "concept"])
    term = "term"
    if max_named is not None:
        # The named terms first (a small query), so the main query reads the result rows once.
        named = _with_results(store, "terms", version, article_filter,
                              "SELECT concept, term FROM (SELECT concept, term, count(*) AS n FROM r GROUP BY ALL) "
                              "QUALIFY row_number() OVER (PARTITION BY concept ORDER BY n DESC, term) <= $max_named",
                              empty_columns=["concept", "term"], where=where,
                              parameters={**parameters, "max_named": max_named})
        parameters.update({"named": (named["concept"] + _FIELD + named["term"]).tolist(), "other": OTHER_TERMS})
        term = f"CASE WHEN list_contains($named, concept || '{_FIELD}' || term) THEN term ELSE $other END"
    # Each article's counts as one string, sorted (its profile); then the articles of each profile counted.
    # Grouped by article, not by outlet and period, which follow from the article (cheaper keys); an ordered
    # aggregate (string_agg ... ORDER BY) is several times slower than list_sort here.
    carried = ", ".join(f"any_value({key}) AS {key}" for key in keys)
    body = (f", per_article AS (SELECT article_id, concept, {term} AS term, {carried}, count(*) AS mentions "
            "FROM r GROUP BY article_id, concept, 3), "
            f"profiles AS (SELECT concept, {carried}, array_to_string(list_sort(list(term || '{_FIELD}' || "
            f"mentions)), '{_RECORD}') AS profile FROM per_article GROUP BY article_id, concept) "
            f"SELECT {groups}, profile, count(*) AS articles FROM profiles GROUP BY ALL ORDER BY {groups}, profile")
    frame = _with_results(store, "terms", version, article_filter, body, empty_columns=columns, where=where,
                          parameters=parameters, period=period)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    # One row per term of each profile (a few thousand profiles however many articles).
    pairs = frame["profile"].str.split(_RECORD).explode()
    split = pairs.str.split(_FIELD, n=1, expand=True)
    rows = frame.drop(columns=["profile"]).loc[pairs.index].assign(
        profile=pairs.index.to_numpy(), term=split[0].to_numpy(), mentions=split[1].astype("int64").to_numpy())
    return rows.astype({"articles": "int64"})[columns].reset_index(drop=True)


# Separators inside a profile string (ASCII unit and record separators): no term holds them.
_FIELD = "\x1f"
_RECORD = "\x1e"


def term_usage(store: Store, version: str, article_filter: ArticleFilter, *, concept: str) -> pd.DataFrame:
    """``term, mentions``: the terms of ``concept`` outside quotations in the chosen articles, most used first
    (ties by term)."""
    return _with_results(store, "terms", version, article_filter,
                         "SELECT term, count(*) AS mentions FROM r GROUP BY term ORDER BY mentions DESC, term",
                         empty_columns=["term", "mentions"], where="concept = $concept AND NOT in_quote",
                         parameters={"concept": concept})


def stored_stories(store: Store, article_filter: ArticleFilter) -> pd.DataFrame | None:
    """The stored stories (:func:`analysis.stories.regroup_store`) of the articles the filter keeps:
    ``article_id, story_id, story_size, story_label``; None while the stored grouping is out of date.

    ``story_size`` counts the story's articles in the whole store; a story is
    the stored group's articles that the filter keeps.
    """
    if not store.stories_are_current():
        return None
    cte, parameters = _chosen(article_filter)
    return store.query(f"WITH {cte} SELECT s.article_id, s.story_id, s.story_size, s.story_label FROM {STORY_TABLE} s "
                       "JOIN chosen c USING (article_id) ORDER BY s.story_id, s.article_id", parameters)
