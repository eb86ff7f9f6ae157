"""Group articles into stories: the same event as covered by several outlets.

Two articles are linked when the cosine similarity of their TF-IDF vectors
(scikit-learn, words and word pairs, English stop words removed, sublinear
term frequency) is at least ``min_similarity`` and their dates are at most
``max_days_apart`` apart; a story is a connected group of linked articles.
Undated articles link only to other undated ones. Comparisons run within
date windows, so the cost grows with the number of articles per window, not
with the square of the corpus.

At scale the grouping is done once, when articles are analyzed
(:func:`regroup_store`, called by :func:`analysis.pipeline.analyze_store`),
over every stored article with the default threshold and window, and stored;
the dashboard shows the stored stories of the filtered articles, and groups
the filtered articles itself only for other settings or while the stored
grouping is out of date (after an import or a deletion).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.store import STORY_TABLE, Store

DEFAULT_MIN_SIMILARITY = 0.3
DEFAULT_MAX_DAYS_APART = 3


def group_stories(articles: pd.DataFrame, *, min_similarity: float = DEFAULT_MIN_SIMILARITY,
                  max_days_apart: int = DEFAULT_MAX_DAYS_APART, label_terms: int = 4) -> pd.DataFrame:
    """Assign every article to a story.

    Parameters
    ----------
    articles : DataFrame
        Columns ``article_id``, ``text`` and ``published`` (dates; missing allowed).
    min_similarity : float in (0, 1]
    max_days_apart : int >= 0

    Returns
    -------
    DataFrame
        One row per article: ``article_id``, ``story_id`` (0 is the largest
        story), ``story_size`` (articles), ``story_label`` (its top terms).
    """
    if not 0 < min_similarity <= 1:
        raise ValueError(f"min_similarity must be in (0, 1]; got {min_similarity!r}")
    if max_days_apart < 0:
        raise ValueError(f"max_days_apart must be >= 0; got {max_days_apart!r}")
    missing = {"article_id", "text", "published"} - set(articles.columns)
    if missing:
        raise ValueError(f"articles needs columns article_id, text, published; missing {sorted(missing)}")
    count = len(articles)
    if count == 0:
        return pd.DataFrame(columns=["article_id", "story_id", "story_size", "story_label"])

    vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True,
                                 min_df=1, max_df=0.5 if count >= 20 else 1.0, token_pattern=r"(?u)\b[^\W\d_]{2,}\b")
    try:
        vectors = vectorizer.fit_transform(articles["text"].fillna(""))
        terms = vectorizer.get_feature_names_out()
    except ValueError:  # no words at all in any text
        vectors, terms = csr_matrix((count, 1)), np.array([""])
    days = pd.to_datetime(articles["published"], errors="coerce")
    day_numbers = ((days - pd.Timestamp("1970-01-01")).dt.days).to_numpy(dtype="float64")
    rows, columns = _linked_pairs(vectors, day_numbers, min_similarity=min_similarity,
                                  max_days_apart=max_days_apart)
    graph = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(count, count))
    _, components = connected_components(graph, directed=False)

    sizes = np.bincount(components)
    # Renumber so story 0 is the largest, ties broken by first appearance.
    order = sorted(range(len(sizes)), key=lambda c: (-sizes[c], int(np.argmax(components == c))))
    renumber = {old: new for new, old in enumerate(order)}
    story_ids = np.array([renumber[c] for c in components])
    labels = {}
    for story in np.unique(story_ids):
        centroid = np.asarray(vectors[story_ids == story].mean(axis=0)).ravel()
        top = centroid.argsort()[::-1][:label_terms]
        labels[story] = ", ".join(terms[i] for i in top if centroid[i] > 0)
    return pd.DataFrame({
        "article_id": articles["article_id"].to_numpy(),
        "story_id": story_ids,
        "story_size": sizes[components],
        "story_label": [labels[s] for s in story_ids],
    })


def _linked_pairs(vectors: csr_matrix, day_numbers: np.ndarray, *, min_similarity: float,
                  max_days_apart: int) -> tuple[Sequence[int], Sequence[int]]:
    """Pairs (i, j) of articles similar enough and close enough in time."""
    undated = np.flatnonzero(np.isnan(day_numbers))
    dated = np.flatnonzero(~np.isnan(day_numbers))
    rows: list[np.ndarray] = []
    columns: list[np.ndarray] = []

    def link(left: np.ndarray, right: np.ndarray, check_days: bool) -> None:
        if len(left) == 0 or len(right) == 0:
            return
        similarity = (vectors[left] @ vectors[right].T).tocoo()
        keep = similarity.data >= min_similarity
        i, j = left[similarity.row[keep]], right[similarity.col[keep]]
        if check_days:
            close = np.abs(day_numbers[i] - day_numbers[j]) <= max_days_apart
            i, j = i[close], j[close]
        rows.append(i)
        columns.append(j)

    link(undated, undated, check_days=False)
    if len(dated):
        # Windows of max_days_apart + 1 days; each is compared with itself and the next one,
        # which covers every pair of dates at most max_days_apart apart.
        window = (day_numbers[dated] - day_numbers[dated].min()) // (max_days_apart + 1)
        by_window = pd.Series(dated).groupby(window).apply(np.asarray).to_dict()
        for key, members in by_window.items():
            link(members, members, check_days=True)
            following = by_window.get(key + 1)
            if following is not None:
                link(members, following, check_days=True)
    if not rows:
        return [], []
    return np.concatenate(rows), np.concatenate(columns)


# Regrouping holds every clean text (about 3 KB an article) and the TF-IDF matrix. From this many articles on it
# runs in a child process: its memory goes back to the system when the child ends, whereas the process that
# analyzes (the dashboard's server, after an import there) would keep most of it (Python seldom returns freed
# memory), and the server's memory would grow with the store.
CHILD_PROCESS_MIN_ARTICLES = 5_000
_PROJECT = Path(__file__).resolve().parents[1]


def regroup_store(store_path: str | os.PathLike[str], *, in_child_process: bool | None = None) -> int:
    """Group every article of the store into stories (default settings) and store them; returns the articles.

    The texts are read, then the store is closed while grouping (minutes at 100,000 articles), so the
    dashboard can read meanwhile; the new grouping replaces the old in one transaction. The grouping holds
    every clean text while it runs; ``in_child_process`` (by default: from
    :data:`CHILD_PROCESS_MIN_ARTICLES` stored articles on) runs it in a child Python process
    (``python -m analysis.stories STORE``), which opens the store itself: the caller must hold no connection
    to it meanwhile (DuckDB lets one process at a time write a file).
    """
    store_path = Path(store_path).resolve()
    if in_child_process is None:
        with Store(store_path) as store:
            in_child_process = store.article_count() >= CHILD_PROCESS_MIN_ARTICLES
    if not in_child_process:
        return _regroup(store_path)
    # A plain child process, not multiprocessing: that would re-run the caller's __main__ (for the dashboard,
    # the Streamlit app) in the child.
    completed = subprocess.run([sys.executable, "-m", "analysis.stories", str(store_path)], cwd=_PROJECT,
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"grouping the stored articles into stories failed in a child process: "
                           f"{completed.stderr.strip()[-2000:]}")
    with Store(store_path) as store:
        return int(store.query(f"SELECT count(*) AS n FROM {STORY_TABLE}")["n"][0])


def _regroup(store_path: Path) -> int:
    # Read-write, like every other connection of the dashboard's process: DuckDB refuses a read-only and a
    # read-write connection to one file in one process.
    with Store(store_path) as store:
        frames = [batch[["article_id", "published", "clean_text"]] for batch in store.iter_texts(batch_rows=5000)]
    articles = pd.concat(frames, ignore_index=True) if frames else \
        pd.DataFrame(columns=["article_id", "published", "clean_text"])
    stories = group_stories(articles.rename(columns={"clean_text": "text"}))
    del articles, frames
    with Store(store_path) as store:
        store.save_stories(stories)
    return len(stories)


if __name__ == "__main__":  # the child process of regroup_store
    _regroup(Path(sys.argv[1]))
