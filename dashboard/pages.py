"""The dashboard's pages, one function each. They lay out and draw; the figures come from :mod:`analysis`.

Every text from an article (headline, outlet, speaker, term) is escaped
before it reaches Markdown or a chart label.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import streamlit as st

from analysis.corpus_import import TABLE_SUFFIXES, TEXT_SUFFIXES
from analysis.outlet_sourcing import (
    stance_table,
    term_choices_by_article,
)
from analysis.stories import DEFAULT_MAX_DAYS_APART, DEFAULT_MIN_SIMILARITY
from dashboard import data
from dashboard.charts import (
    DISTANCING_COLORS,
    SMALL_SAMPLE_NOTE,
    SPEAKER_TYPE_COLORS,
    STANCE_COLORS,
    VERB_CLASS_COLORS,
    ReportItem,
    current_report,
    dot_interval_chart,
    new_figure,
    outlet_bars,
    outlet_label,
    show_chart,
    show_table,
    small_sample_pattern,
    stacked_share_bars,
    start_report,
    text_label,
)
from dashboard.colors import OTHER_TERMS, affiliation_colors, term_colors
from dashboard.highlight import STANCE_NAMES, article_highlights, escape_text, highlighted_html, legend_html
from dashboard.labels import readable
from dashboard.target_charts import target_stance_charts
from dashboard.view import AFFILIATION_LABELS, CONCEPT_LABELS, View, affiliation_label, concept_label, current_view

# A select box or table of more articles than this slows every rerun and the browser; the filters narrow them.
MAX_LISTED_ARTICLES = 10_000


def _start(title: str) -> View | None:
    st.title(title)
    view = current_view()
    if view is None:
        st.info("The store holds no articles yet. Import the bundled corpus with "
                "`python -m analysis import corpus`, or your own files on the Corpus page (see the README).")
        return None
    start_report(title, view.describe())
    st.caption(f"Showing {len(view.articles):,} of {len(view.corpus.articles):,} articles · "
               f"{escape_text(view.describe())}")
    if view.articles.empty:
        st.warning("No article matches the filters. Widen them in the sidebar.")
        return None
    return view


# --- Overview ---------------------------------------------------------------------------------------


# Shading scales: fixed, so a value has one shade whatever the filter, the store or the other outlets.
# (low, high, label on screen, help). Values beyond the range take the end's shade.
_KEY_FIGURES = {
    "articles": (None, None, "Articles", "Articles analyzed"),
    "quotes_per_article": (0.0, 12.0, "Quotes", "Attributions (quotes and reported speech) per article"),
    "direct_quotes_per_article": (0.0, 4.0, "Direct", "Direct quotes per article"),
    "sources_per_article": (0.0, 8.0, "Sources", "Distinct sources per article"),
    "named_share": (0.0, 1.0, "Named", "Attributions to a named speaker among all attributions"),
    "media_cited_per_article": (0.0, 3.0, "Media", "Media cited as sources per article"),
    "wire_copy_share": (0.0, 1.0, "Wire", "Share of articles signed by a wire agency"),
    "reading_ease": (0.0, 100.0, "Ease", "Flesch reading ease: higher is easier (0-100)"),
    "grade_level": (0.0, 20.0, "Grade", "Flesch-Kincaid grade level: school years needed"),
}
_SHARES = ("named_share", "wire_copy_share")
_STANCE_RANGE = (-1.0, 1.0)


def _shade(table: pd.DataFrame, ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """CSS per cell: blue from a column's fixed low to its fixed high; stance (range around 0) red below 0,
    blue above."""
    css = pd.DataFrame("", index=table.index, columns=table.columns)
    for column, (low, high) in ranges.items():
        for index, value in pd.to_numeric(table[column], errors="coerce").items():
            if value != value:
                continue
            if low < 0:
                color = "192, 57, 43" if value < 0 else "36, 113, 163"
                css.loc[index, column] = f"background-color: rgba({color}, {min(abs(value) / high, 1) * 0.7:.2f})"
            else:
                level = min(max((value - low) / (high - low), 0.0), 1.0)
                css.loc[index, column] = f"background-color: rgba(36, 113, 163, {0.05 + 0.6 * level:.2f})"
    return css


def overview_page() -> None:
    view = _start("Overview")
    if view is None:
        return
    articles = view.articles
    dates = articles["published"].dropna()
    columns = st.columns(4)
    columns[0].metric("Articles", f"{len(articles):,}")
    columns[1].metric("Outlets", articles["outlet"].nunique())
    columns[2].metric("First article", f"{dates.min():%Y-%m-%d}" if not dates.empty else "undated")
    columns[3].metric("Last article", f"{dates.max():%Y-%m-%d}" if not dates.empty else "undated")

    figures = view.outlet_rows(data.key_figures(view.key, view.base_filter)).reset_index(drop=True)
    stances = view.outlet_rows(data.stances(view.key, view.base_filter))
    shown = figures.assign(small_sample=figures["small_sample"].map({True: "small", False: ""}))
    for share in _SHARES:
        shown[share] = shown[share] * 100
    shown = shown.rename(columns={"outlet": "Outlet", "small_sample": "Sample",
                                  **{c: spec[2] for c, spec in _KEY_FIGURES.items()}})
    ranges = {_KEY_FIGURES[c][2]: _KEY_FIGURES[c][:2] for c in _KEY_FIGURES if _KEY_FIGURES[c][0] is not None}
    formats = {label: ("{:.0f}%" if label in (_KEY_FIGURES[s][2] for s in _SHARES) else "{:.2f}") for label in ranges}
    formats["Ease"] = formats["Grade"] = "{:.1f}"
    styler = shown.style.apply(lambda _: _shade(shown, ranges), axis=None).format(formats, na_rep="–")
    config = {"Outlet": st.column_config.TextColumn(width="medium"),
              "Sample": st.column_config.TextColumn(help="small: fewer than 5 articles or 20 quotes")}
    config.update({spec[2]: st.column_config.Column(help=spec[3]) for spec in _KEY_FIGURES.values()})
    show_table(figures, title=f"Key figures per outlet (n = {len(articles):,} articles)", key="key-figures",
               styler=styler, column_config=config)
    st.caption("Per article: quotes (attributions), direct quotes, distinct sources, media cited. Named: share of "
               "attributions to a named speaker. Wire: share of articles signed by a wire agency. Ease: Flesch "
               "reading ease, higher is easier; Grade: Flesch-Kincaid grade level. Shading runs on fixed scales "
               "(quotes 0-12, direct 0-4, sources 0-8, media 0-3, shares 0-100%, ease 0-100, grade 0-20), so a shade "
               "means the same value in every filter and store. Small: fewer than 5 articles or 20 quotes.")

    if not stances.empty:
        wide = stance_table(stances)
        order = [c for c in [*CONCEPT_LABELS, *sorted(set(wide.columns) - set(CONCEPT_LABELS) - {"outlet"})]
                 if c in wide.columns]
        wide = wide[["outlet", *order]].astype({c: "float64" for c in order})
        stance_shown = wide.rename(columns={"outlet": "Outlet", **{c: concept_label(c) for c in order}})
        stance_ranges = {concept_label(c): _STANCE_RANGE for c in order}
        stance_styler = stance_shown.style.apply(lambda _: _shade(stance_shown, stance_ranges), axis=None).format(
            {label: "{:+.2f}" for label in stance_ranges}, na_rep="–")
        show_table(wide.rename(columns={c: f"stance: {concept_label(c)}" for c in order}),
                   title=f"Mean stance of each outlet's own words per concept (n = {int(stances['mentions'].sum()):,} "
                         f"mentions)", key="stance-table", styler=stance_styler,
                   column_config={"Outlet": st.column_config.TextColumn(width="medium")})
        st.caption("Stance: mean over an outlet's own-voice mentions of a concept, from −1 (only delegitimizing "
                   "terms, dark red) to +1 (only legitimizing, dark blue); – where the outlet never names it. "
                   "Intervals: the chart below and the Loaded language page.")

    concept = view.filters.concept or _busiest_concept(stances)
    if concept:
        rows = stances[stances["concept"] == concept].sort_values("stance")
        y_labels = {r.outlet: outlet_label(r.outlet, int(r.mentions), "mentions", bool(r.small_sample))
                    for r in rows.itertuples()}
        figure = dot_interval_chart(rows, y="outlet", x="stance", low="stance_low", high="stance_high",
                                    colors=view.colors, color_by="outlet", y_labels=y_labels, small="small_sample",
                                    x_title="mean stance (−1 delegitimizing … +1 legitimizing)", x_range=(-1.05, 1.05))
        show_chart(figure, rows, key="headline",
                   title=f"How outlets name {concept_label(concept)}: mean stance of their own words, 95% interval "
                         f"(n = {int(rows['mentions'].sum()):,} mentions; hollow = small sample)")

    per_outlet = figures[["outlet", "articles"]].sort_values("articles", ascending=False)
    show_chart(outlet_bars(per_outlet, outlet="outlet", value="articles", colors=view.colors,
                           value_title="articles"),
               per_outlet, key="articles-per-outlet", title=f"Articles per outlet (n = {len(articles):,} articles)")


def _busiest_concept(stances: pd.DataFrame) -> str | None:
    if stances.empty:
        return None
    return str(stances.groupby("concept")["mentions"].sum().idxmax())


# --- Loaded language ------------------------------------------------------------------------------


def loaded_language_page() -> None:
    view = _start("Loaded language")
    if view is None:
        return
    shares = view.outlet_rows(data.term_shares(view.key, view.base_filter))
    # The concepts in a fixed order, armed groups (the main one) first.
    found = set(shares["concept"])
    concepts = [view.filters.concept] if view.filters.concept else \
        [c for c in [*CONCEPT_LABELS, *sorted(found - set(CONCEPT_LABELS))] if c in found]
    st.caption(f"Each bar: the terms an outlet uses, in its own voice, for a concept (quotations and distanced "
               f"words left out). n = mentions. Hover for the 95% bootstrap interval of each share; "
               f"{SMALL_SAMPLE_NOTE} (under 20 mentions or 5 articles).")
    if shares.empty:
        st.info("No loaded term in the shown articles.")
    stance_of = dict(zip(shares["term"], shares["term"].map(_stance_of(view)), strict=True))
    for concept in concepts:
        rows = shares[shares["concept"] == concept].copy()
        if rows.empty:
            continue
        rows["interval"] = [f"{low:.0%}–{high:.0%}" for low, high in zip(rows["share_low"], rows["share_high"],
                                                                          strict=True)]
        per_outlet = rows.drop_duplicates("outlet").sort_values("outlet")
        row_labels = {r.outlet: outlet_label(r.outlet, int(r.concept_mentions), "mentions", bool(r.small_sample))
                      for r in per_outlet.itertuples()}
        # Terms ordered by stance, so delegitimizing terms sit together at the left (reds), legitimizing at the right.
        # "other terms" (beyond the analysis.precomputed.MAX_NAMED_TERMS most used) last, in light grey.
        mentions = rows.groupby("term")["mentions"].sum()
        terms = sorted(mentions.index, key=lambda t: (t == OTHER_TERMS, stance_of.get(t, 0), -mentions[t]))
        colors = term_colors(terms, stance_of)
        figure = stacked_share_bars(rows, row="outlet", part="term", share="share", row_labels=row_labels,
                                    part_colors=colors, small="small_sample", part_order=terms, part_label="term",
                                    hover={"mentions": "mentions of the term", "interval": "95% interval"})
        show_chart(figure, rows.drop(columns=["interval"]), key=f"terms-{concept}",
                   title=f"Terms for {concept_label(concept)} per outlet, share of own-voice mentions "
                         f"(n = {int(per_outlet['concept_mentions'].sum()):,} mentions in "
                         f"{int(per_outlet['articles'].sum()):,} articles)")

    target_stance_charts(view)

    distancing = data.distancing(view.key, view.shown_filter)
    if not distancing.empty:
        per_outlet = distancing.groupby("outlet").agg(markers=("markers", "sum"), articles=("articles", "first"),
                                                      small=("small_sample", "first"))
        row_labels = {o: outlet_label(o, int(r.articles), "articles", bool(r.small)) for o, r in per_outlet.iterrows()}
        traces = []
        for kind in sorted(distancing["kind"].unique()):
            part = distancing[distancing["kind"] == kind]
            traces.append({"type": "bar", "orientation": "h", "y": [row_labels[o] for o in part["outlet"]],
                           "x": part["per_1000_words"].fillna(0).tolist(), "name": text_label(kind.replace("_", " ")),
                           "marker": {"color": DISTANCING_COLORS.get(kind, "#888"),
                                      "pattern": small_sample_pattern([bool(per_outlet.loc[o, "small"])
                                                                       for o in part["outlet"]])},
                           "customdata": part["markers"].tolist(),
                           "hovertemplate": "%{y}<br>%{x:.2f} per 1,000 words (%{customdata} markers)<extra></extra>"})
        figure = new_figure(traces, {"barmode": "stack",
                                     "xaxis": {"title": {"text": "distancing markers per 1,000 words"}},
                                     "yaxis": {"autorange": "reversed"},
                                     "legend": {"traceorder": "normal", "title": {"text": "marker"}},
                                     "height": max(300, 34 * len(row_labels) + 190)})
        show_chart(figure, distancing, key="distancing",
                   title=f"Distancing markers per outlet (“so-called”, scare quotes, hedges) per 1,000 words "
                         f"(n = {int(distancing['markers'].sum()):,} markers)")

    _distinctive_vocabulary(view)


def _stance_of(view: View) -> dict[str, int]:
    return view.corpus.term_stances


def _distinctive_vocabulary(view: View) -> None:
    # Counted only while the section is open: it tokenizes thousands of texts (seconds on a large store), and
    # the page's other charts need none of it. A link keeps the section open (query parameter).
    section = st.expander("Distinctive vocabulary: the words typical of an outlet", key="vocabulary",
                          on_change="rerun", bind="query-params")
    with section:
        if section.open:
            _vocabulary_chart(view)


def _vocabulary_chart(view: View) -> None:
    outlets = view.outlets
    if data.filtered_articles(view.key, view.base_filter)["outlet"].nunique() < 2:
        st.info("Distinctive vocabulary compares outlets: the filters leave only one.")
        return
    group = st.multiselect("Outlet or group of outlets", outlets, default=outlets[:1], key="vocabulary_group",
                           help="Words typical of these outlets' articles, compared with every other shown outlet's "
                                "(and, when one outlet is shown, with the rest of the corpus in the date range).")
    if not group:
        st.info("Choose an outlet above.")
        return
    # Compared with the other shown outlets, or with every outlet when only the group is shown.
    compared = view.shown_filter if set(view.outlets) - set(group) else view.base_filter
    try:
        vocabulary = data.distinctive_vocabulary(view.key, compared, tuple(sorted(group)))
    except ValueError as error:
        st.info(f"Too little text to compare: {error}")
        return
    terms = vocabulary.terms
    top = pd.concat([terms.head(15), terms.tail(15)]).drop_duplicates("term")
    top = top.sort_values("z")
    group_color = view.colors.get(group[0], "#2471a3") if len(group) == 1 else "#2471a3"
    figure = new_figure([{
        "type": "bar", "orientation": "h", "x": top["z"].tolist(), "y": [text_label(t) for t in top["term"]],
        "marker": {"color": [group_color if z > 0 else "#b0b0b0" for z in top["z"]]},
        "customdata": np.stack([top["count_in_group"], top["count_in_rest"]], axis=1).tolist(),
        "hovertemplate": "%{y}<br>z = %{x:.1f}<br>in group: %{customdata[0]}, in the rest: %{customdata[1]}"
                         "<extra></extra>"}],
        {"xaxis": {"title": {"text": "z-score (log-odds with informative prior; beyond ±1.96 distinctive)"}},
         "height": max(420, 22 * len(top) + 150), "showlegend": False})
    names = ", ".join(group)
    sample = (f"; a sample of up to {data.VOCABULARY_SAMPLE_PER_OUTLET:,} articles per outlet"
              if vocabulary.sampled else "")
    show_chart(figure, terms, key="distinctive",
               title=f"Words typical of {text_label(names)} (coloured) versus the other outlets (grey), "
                     f"Fightin' Words z-scores (n = {vocabulary.articles:,} articles{sample})")


# --- Voices and sourcing -------------------------------------------------------------------------------


def voices_page() -> None:
    view = _start("Voices and sourcing")
    if view is None:
        return
    sourcing = data.sourcing(view.key, view.base_filter)
    types = view.outlet_rows(sourcing.speaker_types).reset_index(drop=True)
    attribution_count = int(types["attributions"].sum())
    if not attribution_count:
        st.info("No attribution in the shown articles.")
        return
    st.caption(f"Who speaks in each outlet and how the outlet introduces them. {SMALL_SAMPLE_NOTE}.")

    voice = view.outlet_rows(sourcing.voice_shares).reset_index(drop=True)
    per_outlet = voice.drop_duplicates("outlet").sort_values("outlet")
    colors = affiliation_colors(voice["affiliation"].unique())
    labels = {r.outlet: outlet_label(r.outlet, int(r.outlet_words), "words quoted", bool(r.small_sample))
              for r in per_outlet.itertuples()}
    order = list(voice.groupby("affiliation")["words"].sum().sort_values(ascending=False).index)
    show_chart(stacked_share_bars(voice, row="outlet", part="affiliation", share="share", row_labels=labels,
                                  part_colors=colors, small="small_sample", part_order=order,
                                  part_label="speaker affiliation", part_names=AFFILIATION_LABELS,
                                  hover={"words": "words", "articles": "articles"}),
               voice, key="voice",
               title=f"Share of voice by speaker affiliation: words of quoted or reported content "
                     f"(n = {int(per_outlet['outlet_words'].sum()):,} words)")

    verbs = view.outlet_rows(sourcing.verb_classes)
    st.markdown("**How each outlet introduces each side:** look for an outlet whose allies “reveal” "
                "(endorsing verbs) and whose opponents “claim” (distancing verbs).")
    compared = st.multiselect("Outlets to compare", view.outlets, default=view.outlets[:2], max_selections=4,
                              key="verb_outlets")
    if compared:
        rows = verbs[verbs["outlet"].isin(compared)].copy()
        rows["row"] = rows["outlet"] + "\u0000" + rows["affiliation"]
        per_row = rows.drop_duplicates("row").sort_values(["outlet", "affiliation_attributions"],
                                                          ascending=[True, False])
        row_labels = {r.row: f"{text_label(r.outlet)} · {text_label(affiliation_label(r.affiliation))} "
                             f"(n={int(r.affiliation_attributions)}{', small sample' if r.small_sample else ''})"
                      for r in per_row.itertuples()}
        classes = [c for c in VERB_CLASS_COLORS if c in set(rows["verb_class"])]
        figure = stacked_share_bars(rows, row="row", part="verb_class", share="share", row_labels=row_labels,
                                    part_colors=VERB_CLASS_COLORS, small="small_sample", part_order=classes,
                                    part_label="verb class", hover={"attributions": "attributions"})
        show_chart(figure, verbs[verbs["outlet"].isin(compared)], key="verbs",
                   title=f"Reporting-verb classes by speaker affiliation, {text_label(', '.join(compared))} "
                         f"(n = {int(per_row['affiliation_attributions'].sum()):,} attributions)")

    per_outlet = types.drop_duplicates("outlet").sort_values("outlet")
    labels = {r.outlet: outlet_label(r.outlet, int(r.outlet_attributions), "quotes", bool(r.small_sample))
              for r in per_outlet.itertuples()}
    order = [t for t in SPEAKER_TYPE_COLORS if t in set(types["speaker_type"])]
    show_chart(stacked_share_bars(types, row="outlet", part="speaker_type", share="share", row_labels=labels,
                                  part_colors=SPEAKER_TYPE_COLORS, small="small_sample", part_order=order,
                                  part_label="speaker", hover={"attributions": "attributions"}),
               types, key="speaker-types",
               title=f"Named and anonymous sources: attributions by speaker type "
                     f"(n = {int(per_outlet['outlet_attributions'].sum()):,} attributions)")

    media = view.outlet_rows(sourcing.media_cited).reset_index(drop=True)
    if not media.empty:
        top_media = list(media.groupby("name")["mentions"].sum().sort_values(ascending=False).head(12).index)
        rows = media[media["name"].isin(top_media)]
        traces = []
        for outlet in sorted(rows["outlet"].unique()):
            part = rows[rows["outlet"] == outlet]
            traces.append({"type": "bar", "orientation": "h", "y": [text_label(n) for n in part["name"]],
                           "x": part["mentions"].tolist(), "name": text_label(outlet),
                           "marker": {"color": view.colors.get(outlet, "#888")},
                           "customdata": part["articles"].tolist(),
                           "hovertemplate": f"{text_label(outlet)}<br>%{{y}}: %{{x}} mentions in %{{customdata}} "
                                            "articles<extra></extra>"})
        figure = new_figure(traces, {
            "barmode": "stack", "xaxis": {"title": {"text": "mentions"}},
            "yaxis": {"categoryorder": "array", "categoryarray": [text_label(n) for n in top_media],
                      "autorange": "reversed"},
            "height": max(320, 30 * len(top_media) + 150, 21 * rows["outlet"].nunique() + 150),
            "legend": {"title": {"text": "citing outlet"}, "traceorder": "normal"}})
        show_chart(figure, media, key="media",
                   title=f"Agencies and media cited as sources, by citing outlet "
                         f"(n = {int(media['mentions'].sum()):,} mentions)")

    speakers = view.outlet_rows(sourcing.top_speakers).reset_index(drop=True)
    # One line per outlet, its three most quoted speakers side by side; the CSV holds the ten per outlet.
    compact = pd.DataFrame([
        {"Outlet": outlet, **{f"{['Most', 'Second', 'Third'][r.rank - 1]} quoted":
                              f"{r.speaker} ({affiliation_label(r.affiliation or 'unknown')}, {r.attributions})"
                              for r in group.itertuples() if r.rank <= 3}}
        for outlet, group in speakers.groupby("outlet", sort=True)])
    st.markdown(f"**{text_label(f'Top speakers per outlet (n = {attribution_count:,} attributions)')}**")
    # A static table: long speaker names wrap within the page instead of scrolling sideways.
    st.table(compact.set_index("Outlet"))
    st.caption("Speaker (affiliation, attributions). The CSV and the report hold the ten most quoted per outlet, "
               "with speaker type, words quoted and distancing verbs.")
    st.download_button("Download the table (CSV)", lambda: readable(speakers, keep_codes=True).to_csv(index=False)
                       .encode("utf-8"), file_name="top-speakers-per-outlet.csv", mime="text/csv",
                       key="csv-top-speakers", on_click="ignore")
    if report := current_report():
        report.items.append(ReportItem(f"Top speakers per outlet (n = {attribution_count:,} attributions)", None,
                                       speakers))


# --- Story comparison ------------------------------------------------------------------------------------

# A story's versions are drawn side by side, one card and one bar each: beyond this many the page stops being
# readable (and takes seconds to draw).
MAX_STORY_ARTICLES = 60


def stories_page() -> None:
    view = _start("Story comparison")
    if view is None:
        return
    st.caption("Articles on the same event: TF-IDF cosine similarity ≥ threshold and published at most "
               "the given number of days apart. With the default settings, stories are grouped over the whole "
               "store when articles are analyzed; other settings group the shown articles.")
    left, right = st.columns(2)
    threshold = left.slider("Similarity threshold", 0.1, 0.9, DEFAULT_MIN_SIMILARITY, 0.05, key="story_similarity")
    days = right.slider("Days apart at most", 0, 30, DEFAULT_MAX_DAYS_APART, key="story_days")
    groups = data.stories(view.key, view.shown_filter, threshold, days)
    groups = groups.merge(view.articles[["article_id", "outlet", "title", "published"]], on="article_id")
    outlets_per_story = groups.groupby("story_id")["outlet"].nunique()
    shared = groups[groups["story_id"].isin(outlets_per_story[outlets_per_story >= 2].index)]
    if shared.empty:
        st.info("No story is covered by two or more of the shown outlets. Lower the threshold or widen the filters.")
        return
    summary = (shared.groupby("story_id").agg(label=("story_label", "first"), articles=("article_id", "size"),
                                              outlets=("outlet", "nunique"), first=("published", "min"))
               .reset_index().sort_values(["outlets", "articles"], ascending=False))

    by_story = summary.set_index("story_id")

    def describe(story_id: int) -> str:
        row = by_story.loc[story_id]
        date = f"{row['first']:%d %b %Y}" if pd.notna(row["first"]) else "undated"
        return f"{row['label']} · {row['outlets']} outlets, {row['articles']} articles · {date}"

    story = st.selectbox("Story", list(summary["story_id"]), format_func=describe, key="story")
    members = shared[shared["story_id"] == story].sort_values(["outlet", "published"])
    if len(members) > MAX_STORY_ARTICLES:
        st.caption(f"Showing the first {MAX_STORY_ARTICLES} of this story's {len(members):,} articles, by outlet and "
                   "date: raise the similarity threshold or narrow the filters to split it.")
        members = members.head(MAX_STORY_ARTICLES)
    results = data.article_results(view.key, tuple(sorted(members["article_id"])))
    choices = term_choices_by_article(results["terms"])
    attributions = results["attributions"]

    counts = choices.merge(members[["article_id", "outlet"]], on="article_id")
    if not counts.empty:
        counts["stance_name"] = counts["stance"].map(STANCE_NAMES)
        by_stance = counts.groupby(["article_id", "outlet", "stance_name"])["own_voice"].sum().reset_index()
        labels = {r.article_id: f"{text_label(r.outlet)}: {text_label(_short(r.title))}"
                  for r in members.itertuples()}
        traces = []
        for stance in (-1, 0, 1):
            part = by_stance[by_stance["stance_name"] == STANCE_NAMES[stance]]
            traces.append({"type": "bar", "orientation": "h", "y": [labels[a] for a in part["article_id"]],
                           "x": part["own_voice"].tolist(), "name": STANCE_NAMES[stance],
                           "marker": {"color": STANCE_COLORS[stance]},
                           "hovertemplate": "%{y}<br>%{x} own-voice mentions<extra></extra>"})
        figure = new_figure(traces, {
            "barmode": "stack", "xaxis": {"title": {"text": "loaded-term mentions in the outlet's own voice"}},
            "yaxis": {"autorange": "reversed"}, "legend": {"traceorder": "normal", "title": {"text": "stance"}},
            "height": max(300, 40 * len(members) + 190)})
        show_chart(figure, counts, key="story-terms",
                   title=f"Loaded terms by stance in each version of the story (n = {len(members)} articles)")

    for start in range(0, len(members), 3):
        columns = st.columns(3)
        for column, article in zip(columns, members.iloc[start:start + 3].itertuples(), strict=False):
            with column, st.container(border=True):
                color = view.colors.get(article.outlet, "#888")
                date = f"{article.published:%d %b %Y}" if pd.notna(article.published) else "undated"
                st.markdown(f"<div style='border-left: 6px solid {color}; padding-left: 8px'>"
                                f"<b>{escape_text(article.outlet)}</b> · {date}<br>"
                                f"<span style='font-size: 1.1em'>{escape_text(article.title or '(no headline)')}"
                                f"</span></div>", unsafe_allow_html=True)
                mine = choices[choices["article_id"] == article.article_id]
                chips = " ".join(
                    f"<span style='background: {STANCE_COLORS[int(r.stance)]}22; border: 1px solid "
                    f"{STANCE_COLORS[int(r.stance)]}; border-radius: 4px; padding: 0 4px; margin: 2px; "
                    f"display: inline-block' title='{html.escape(concept_label(r.concept), quote=True)}'>"
                    f"{escape_text(r.term)} ×{int(r.mentions)}</span>" for r in mine.itertuples())
                st.markdown(f"<div><b>Terms:</b> {chips or 'none'}</div>", unsafe_allow_html=True)
                quoted = attributions[attributions["article_id"] == article.article_id]
                if quoted.empty:
                    st.caption("Nobody quoted.")
                else:
                    for quote in quoted.itertuples():
                        st.markdown(f"<div style='font-size: 0.9em; margin-bottom: 4px'>"
                                    f"<b>{escape_text(quote.speaker or 'unnamed')}</b> "
                                    f"({escape_text(affiliation_label(quote.affiliation or 'unknown'))}, "
                                    f"{escape_text(quote.speaker_type or 'unknown')}) · "
                                    f"“{escape_text(quote.verb or '—')}” "
                                    f"<span style='color: {VERB_CLASS_COLORS.get(quote.verb_class, '#555')}'>"
                                    f"{escape_text((quote.verb_class or 'no verb').replace('_', ' '))}</span> · "
                                    f"{escape_text((quote.kind or '').replace('_', ' '))}</div>",
                                    unsafe_allow_html=True)


def _short(title: str, limit: int = 60) -> str:
    title = title or "(no headline)"
    return title if len(title) <= limit else title[:limit - 1] + "…"


# --- Article reader ------------------------------------------------------------------------------------


def article_reader_page() -> None:
    view = _start("Article reader")
    if view is None:
        return
    articles = view.articles.sort_values(["outlet", "published"]).head(MAX_LISTED_ARTICLES)
    if len(view.articles) > MAX_LISTED_ARTICLES:
        st.caption(f"Listing the first {MAX_LISTED_ARTICLES:,} of the {len(view.articles):,} shown articles, by outlet "
                   "and date: narrow the filters (e.g. “Text contains”) to reach the others.")
    labels = {r.article_id: f"{r.outlet} · {r.published:%Y-%m-%d} · {r.title or '(no headline)'}"
              if pd.notna(r.published) else f"{r.outlet} · {r.title or '(no headline)'}"
              for r in articles.itertuples()}
    chosen = st.selectbox("Article", list(labels), format_func=labels.get, key="article")
    article = data.load_article(view.key, chosen)
    if article is None:
        st.warning("This article is no longer in the store.")
        return
    st.markdown(f"<h3>{escape_text(article.title or '(no headline)')}</h3>"
                f"<div>{escape_text(article.outlet or '(unknown outlet)')} · "
                f"{escape_text(str(article.published or 'no date'))}</div>", unsafe_allow_html=True)
    results = data.article_results(view.key, (chosen,))
    score = results["scores"]
    if not score.empty:
        row = score.iloc[0]
        columns = st.columns(4)
        columns[0].metric("Words", f"{int(row['words']):,}" if pd.notna(row["words"]) else "–")
        columns[1].metric("Reading ease (Flesch)", _number(row.get("flesch_reading_ease")))
        columns[2].metric("Grade level (Flesch-Kincaid)", _number(row.get("flesch_kincaid_grade")))
        columns[3].metric("Quotes", _number(row.get("attributions"), digits=0))

    def rows(name: str) -> pd.DataFrame:
        return results[name]

    highlights = article_highlights(rows("terms"), rows("attributions"), rows("distancing"))
    st.markdown(f"<div style='font-size: 0.85em'>{legend_html()}</div>", unsafe_allow_html=True)
    st.markdown(f"<div class='article-text' style='line-height: 1.7'>"
                f"{highlighted_html(article.clean.text, highlights)}</div>", unsafe_allow_html=True)
    st.caption("Hover over a highlight for the speaker, verb class and stance.")
    with st.expander(f"Removed page furniture ({len(article.clean.removed)})"):
        if not article.clean.removed:
            st.text("Nothing was removed.")
        for span in article.clean.removed:
            st.text(f"[{span.rule}] {article.original_text[span.start:span.end].strip()}")
    quotes = rows("attributions")
    if not quotes.empty:
        show_table(quotes[["speaker", "speaker_type", "affiliation", "verb", "verb_class", "kind", "content"]],
                   column_config={"Quoted content": st.column_config.TextColumn(width="large")},
                   title=f"Attributions in this article (n = {len(quotes)})", key="reader-attributions")


def _number(value: object, *, digits: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.{digits}f}"


# --- Corpus ------------------------------------------------------------------------------------------------


def corpus_page() -> None:
    st.title("Corpus")
    st.caption(f"Store: {escape_text(str(data.store_path()))}")
    _import_section()
    view = current_view()
    if view is None:
        st.info("The store holds no articles yet. Import files above, or the bundled corpus with "
                "`python -m analysis import corpus`.")
        return
    start_report("Corpus", view.describe())
    articles = view.corpus.articles
    pending = data.unanalyzed_count(view.key)
    st.subheader("Analysis")
    st.write(f"{len(articles) - pending:,} of {len(articles):,} articles analyzed "
             f"(analyzer version {view.key.analyzer_version}).")
    if st.button("Analyze articles not yet analyzed", key="analyze", disabled=pending == 0):
        analyze_with_progress(pending)
        st.rerun()

    st.subheader("Articles")
    shown = view.articles.head(MAX_LISTED_ARTICLES).copy()
    listed = f"; the first {MAX_LISTED_ARTICLES:,} listed" if len(view.articles) > MAX_LISTED_ARTICLES else ""
    # Publication dates are days; pandas would show them as midnight time stamps.
    shown["published"] = pd.to_datetime(shown["published"]).dt.date
    show_table(shown[["outlet", "published", "title", "words", "source_file", "article_id"]],
               column_config={"Outlet": st.column_config.TextColumn(width="medium"),
                              "Headline": st.column_config.TextColumn(width="large")},
               title=f"Articles kept by the filters (n = {len(view.articles):,} of {len(articles):,}{listed})",
               key="articles")
    # Any stored article can be deleted: the filters find it.
    labels = {r.article_id: f"{r.outlet} · {r.title or '(no headline)'} · {r.article_id}"
              for r in shown.itertuples()}
    doomed = st.multiselect("Articles to delete", list(labels), format_func=labels.get, key="delete_ids")
    if st.button(f"Delete {len(doomed)} article(s)", key="delete", disabled=not doomed, type="primary"):
        deleted = data.delete_articles(doomed)
        st.session_state["_notice"] = f"Deleted {deleted} article(s) and their analysis results."
        st.session_state.pop("delete_ids", None)
        st.rerun()
    if notice := st.session_state.pop("_notice", None):
        st.success(notice)


def _import_section() -> None:
    st.subheader("Import")
    upload, paste = st.tabs(["Upload files", "Paste text"])
    with upload:
        files = st.file_uploader("Article files (.txt, .md, .html, .csv, .jsonl, .parquet)", accept_multiple_files=True,
                                 type=[suffix.lstrip(".") for suffix in TEXT_SUFFIXES + TABLE_SUFFIXES],
                                 key="uploads")
        outlet, title, published = _metadata_inputs("upload", title_help="Applies when one text file is uploaded.")
        if st.button("Import the files", key="import_files", disabled=not files):
            _show_summary(data.import_files([(f.name, f.getvalue()) for f in files], outlet=outlet, title=title,
                                            published=published))
    with paste:
        text = st.text_area("Article text", key="paste_text", height=200)
        outlet, title, published = _metadata_inputs("paste")
        if st.button("Import the text", key="import_text", disabled=not text.strip()):
            _show_summary(data.import_text(text, outlet=outlet, title=title, published=published))
    if summary := st.session_state.get("_import_summary"):
        # Green only when everything was imported; a failed file turns the box red (nothing added) or amber.
        show = st.success if summary["errors"] == 0 else st.warning if summary["added"] else st.error
        show(summary["line"])
        if not summary["problems"].empty:
            st.dataframe(summary["problems"], hide_index=True, key="import_problems",
                         column_config={"Problem": st.column_config.TextColumn(width="large")})


def _metadata_inputs(key: str, *, title_help: str | None = None) -> tuple[str | None, str | None, object]:
    """Outlet, headline and date typed by the user (each optional: else found in the text where possible)."""
    left, middle, right = st.columns([2, 3, 2])
    outlet = left.text_input("Outlet (optional)", key=f"{key}_outlet",
                             help="Else found in the text (a dateline or signature) where possible.")
    title = middle.text_input("Headline (optional)", key=f"{key}_title", help=title_help)
    published = right.date_input("Published (optional)", value=None, key=f"{key}_date", format="YYYY-MM-DD",
                                 help="Else found in the text where possible.")
    return outlet.strip() or None, title.strip() or None, published


def _show_summary(summary) -> None:
    problems = pd.DataFrame([{"File": p.source + (f", row {p.row}" if p.row else ""),
                              "Severity": "not imported" if p.severity == "error" else "warning",
                              "Problem": p.message} for p in summary.problems],
                            columns=["File", "Severity", "Problem"])
    failed = sorted({p.source for p in summary.errors})
    line = f"Imported {summary.added} new article(s); {summary.already_stored} already stored, " \
           f"{summary.duplicates_in_batch} duplicate(s) in this batch."
    if failed:
        line += f" Not imported ({len(summary.errors)} error(s)): {', '.join(failed[:5])}" \
                f"{f' and {len(failed) - 5} more' if len(failed) > 5 else ''}; the table below says why."
    st.session_state["_import_summary"] = {"line": line, "problems": problems, "errors": len(summary.errors),
                                           "added": summary.added}
    st.rerun()


def analyze_with_progress(pending: int) -> None:
    """Run the analysis of the articles not yet analyzed, with a progress bar."""
    bar = st.progress(0.0, text=f"Analyzing {pending:,} article(s)…")
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        bar.progress(min(done / max(pending, 1), 1.0), text=f"Analyzed {done:,} of {pending:,} article(s)…")

    run = data.run_analysis(on_progress=advance)
    bar.empty()
    if run.notice:  # results of an older layout were recomputed: say so, as `score` does
        st.info(run.notice)
