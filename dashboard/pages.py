"""The dashboard's pages, one function each."""

from __future__ import annotations

import html

import plotly.express as px
import streamlit as st

from dashboard.data import load_article, load_articles, store_path, store_version


def _articles():
    return load_articles(str(store_path()), store_version())


def _empty_store_message() -> None:
    st.info("The store holds no articles yet. Import the bundled corpus with "
            "`python -m analysis import corpus`, or your own files (see the README).")


def overview_page() -> None:
    st.title("Overview")
    articles = _articles()
    if articles.empty:
        _empty_store_message()
        return
    dates = articles["published"].dropna()
    columns = st.columns(3)
    columns[0].metric("Articles", f"{len(articles):,}")
    columns[1].metric("Outlets", articles["outlet"].nunique())
    if not dates.empty:
        columns[2].metric("Dates", f"{dates.min():%d %b %Y} – {dates.max():%d %b %Y}")
    per_outlet = (articles.groupby("outlet").agg(articles=("article_id", "size"), words=("words", "sum"))
                  .reset_index().sort_values("articles", ascending=False))
    figure = px.bar(per_outlet, x="outlet", y="articles",
                    title=f"Articles per outlet (n = {len(articles):,} articles)")
    st.plotly_chart(figure, config={"toImageButtonOptions": {"format": "png", "scale": 3}})
    st.dataframe(per_outlet, hide_index=True)


def article_reader_page() -> None:
    st.title("Article reader")
    articles = _articles()
    if articles.empty:
        _empty_store_message()
        return
    labels = {row.article_id: f"{row.outlet} · {row.published:%Y-%m-%d} · {row.title or '(no headline)'}"
              if row.published == row.published else f"{row.outlet} · {row.title or '(no headline)'}"
              for row in articles.itertuples()}
    chosen = st.selectbox("Article", list(labels), format_func=labels.get)
    article = load_article(str(store_path()), store_version(), chosen)
    if article is None:
        st.warning("This article is no longer in the store.")
        return
    st.caption(f"{article.outlet or '(unknown outlet)'} · {article.published or 'no date'}")
    # Article text is shown as text, never as HTML: escape it inside a plain block.
    st.markdown(f"<div style='white-space: pre-wrap'>{html.escape(article.clean.text)}</div>",
                unsafe_allow_html=True)
    with st.expander(f"Removed page furniture ({len(article.clean.removed)})"):
        for span in article.clean.removed:
            st.text(f"[{span.rule}] {article.original_text[span.start:span.end].strip()}")


def corpus_page() -> None:
    st.title("Corpus")
    articles = _articles()
    st.caption(f"Store: {store_path()}")
    if articles.empty:
        _empty_store_message()
        return
    st.dataframe(articles, hide_index=True)
