"""Cached, read-only access to the store for the pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.store import Store, StoredArticle, default_store_path


def store_path() -> Path:
    return default_store_path()


def store_version() -> float:
    """Changes whenever the store file does, so cached tables refresh after an import."""
    path = store_path()
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner=False)
def load_articles(path: str, version: float) -> pd.DataFrame:
    """One row per stored article (no texts), or an empty frame for an empty store."""
    if not Path(path).exists():
        return pd.DataFrame(columns=["article_id", "outlet", "title", "published", "words"])
    with Store(path, read_only=True) as store:
        frame = store.articles(columns=("article_id", "outlet", "title", "published", "words", "source_file"))
    frame["outlet"] = frame["outlet"].fillna("(unknown outlet)")
    return frame


@st.cache_data(show_spinner=False, max_entries=256)
def load_article(path: str, version: float, article_id: str) -> StoredArticle | None:
    with Store(path, read_only=True) as store:
        return store.article(article_id)
