"""Lexicon discovery: the words and phrases a corpus uses for the same thing, and which outlet uses which.

A loaded-term comparison needs *alternatives for the same thing* ("illegal
immigrants" / "undocumented immigrants"), which distinctive vocabulary does not
give. Here they are found from the user's own corpus, nothing downloaded:

1. **Units**: lower-cased word tokens, with frequent, cohesive two-word
   phrases (normalized PMI at least ``phrase_npmi``) and the seed phrases
   merged into one unit, left to right; where two phrases overlap, the more
   cohesive one wins (seeds always). A first pass over the batches counts
   words and phrases; a second builds the matrix and the exact unit counts.
2. **Contexts** of each unit occurrence: the word one and two places to its
   left and right (kept apart by position: "deport ___" is not "___ deport"),
   and the words three to ``window`` places away on either side (unordered).
   Counts go into a sparse units x contexts matrix, built from batches of
   articles so that a 100k-article store is never held in memory at once.
3. **Similarity**: positive pointwise mutual information (PPMI, context
   distribution smoothed with exponent 0.75; Levy, Goldberg & Dagan 2015), then
   truncated SVD (scikit-learn); two units are substitutable when their
   reduced vectors have a high cosine (they fill the same slots).
4. **Outlet use**: each unit's count per outlet (or outlet group). Without a
   seed, groups of substitutable terms are formed by average-linkage
   clustering of the frequent terms, and ranked by how much their use differs
   between outlets: Cramér's V of the terms x outlets table, with the
   chi-square p-value and n (mentions) of that table.

What it cannot do (said in the README): shared contexts also make antonyms
("legal" / "illegal") and co-hyponyms ("Iowa" / "Nevada") neighbours, and
nothing here tells them apart from substitutes; the user decides on the
Lexicon page. Rare terms (below ``min_count``) have no vector.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import chi2_contingency
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.commented_csv import read_commented_csv
from analysis.loaded_terms import LexiconError, load_lexicon

_TOKEN = re.compile(r"[^\W_]+")
# Context blocks: the words at these offsets, each its own block ...
_POSITIONS = (-2, -1, 1, 2)
# ... and one unordered block for the words further away, up to the window.
_FAR_BLOCK = len(_POSITIONS)


class DiscoveryError(ValueError):
    """Discovery cannot answer (an empty corpus, a seed too rare to have a vector); the message is for the user."""


@dataclass(frozen=True)
class DiscoveryOptions:
    """How the co-occurrence model is built (all keyword-only, all with defaults).

    ``min_count``: a unit needs this many occurrences to get a vector.
    ``max_units`` / ``max_contexts`` / ``max_phrases``: vocabulary caps, most
    frequent first; they bound the memory (the matrix is at most
    ``max_units`` x ``5 * max_contexts``, sparse). ``phrase_npmi``: a two-word
    phrase becomes a unit when its normalized PMI reaches this (0: independent
    words, 1: the words only occur together). ``window``: the farthest context
    word. ``dimensions``: the SVD's. ``batch_rows``: articles per batch.
    """

    min_count: int = 5
    max_units: int = 30_000
    max_contexts: int = 5_000
    max_phrases: int = 10_000
    phrase_npmi: float = 0.3
    window: int = 5
    dimensions: int = 150
    batch_rows: int = 2_000
    # Bigram candidates held while counting; past this, the rarest are dropped (lossy counting).
    max_bigram_candidates: int = 2_000_000
    # Unit occurrences whose contexts are gathered before they are added to the sparse matrix: each brings
    # up to 2 * window context cells of 8 bytes, so this bounds the memory of the pending cells (~30 MB).
    flush_occurrences: int = 250_000


@dataclass(frozen=True, eq=False)
class CooccurrenceModel:
    """A corpus's units, their reduced context vectors and their counts per outlet.

    ``vectors`` rows are unit-length (so a dot product is a cosine);
    ``outlet_counts[i, j]`` is how often unit i occurs in outlet j's articles.
    """

    units: tuple[str, ...]
    unit_counts: np.ndarray
    vectors: np.ndarray
    ppmi: sparse.csr_matrix
    context_names: tuple[str, ...]
    outlets: tuple[str, ...]
    outlet_counts: np.ndarray
    outlet_articles: np.ndarray
    phrases: frozenset[tuple[str, ...]]
    articles: int
    tokens: int
    seconds: float
    index: Mapping[str, int] = field(repr=False)

    def unit_index(self, term: str) -> int | None:
        """The row of ``term`` (any case, a hyphen like a space), or None if it has no vector."""
        return self.index.get(normalize_term(term))


@dataclass(frozen=True)
class Candidate:
    """A candidate substitute for a seed: its similarity, counts and the contexts it shares with the seed."""

    term: str
    cosine: float
    count: int
    outlet_counts: Mapping[str, int]
    shared_contexts: tuple[str, ...]


@dataclass(frozen=True)
class ContestedGroup:
    """Substitutable terms whose use differs between outlets, with the test of that difference."""

    terms: tuple[str, ...]
    counts: pd.DataFrame  # terms x outlets
    cramers_v: float
    chi_square: float
    degrees_of_freedom: int
    p_value: float
    mentions: int


@dataclass(frozen=True)
class Example:
    """One occurrence of a term, with its sentence; offsets index the article's clean text."""

    term: str
    outlet: str
    article_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str


def normalize_term(term: str) -> str:
    """A term as a unit name: its word tokens, lower case, joined by one space."""
    return " ".join(_TOKEN.findall(term.casefold()))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _is_content_word(token: str) -> bool:
    return token not in ENGLISH_STOP_WORDS and not token.isdigit() and len(token) > 1


BatchSource = Callable[[], Iterable[pd.DataFrame]]


def _outlet_of(outlet: object, groups: Mapping[str, str] | None) -> str | None:
    name = outlet if isinstance(outlet, str) and outlet else "(unknown outlet)"
    if groups is None:
        return name
    return groups.get(name)


def _documents(batches: BatchSource, groups: Mapping[str, str] | None) -> Iterator[tuple[str, list[str]]]:
    """(outlet or group, tokens) of every article kept by the outlet filter."""
    for batch in batches():
        for outlet, text in zip(batch["outlet"], batch["clean_text"], strict=True):
            label = _outlet_of(outlet, groups)
            if label is not None:
                yield label, _tokens(text)


def _merge_units(tokens: list[str], phrases: Mapping[str, Mapping[tuple[str, ...], float]], longest: int,
                 ) -> Iterator[tuple[str, int, int]]:
    """(unit, first token, end token) of a token list, phrases merged left to right.

    At each position the longest phrase starting there is taken, unless a
    phrase starting inside it scores higher ("many undocumented immigrants":
    "undocumented immigrants" wins over "many undocumented"); seeds score highest.
    """
    position = 0
    while position < len(tokens):
        unit_end, score = _phrase_at(tokens, position, phrases, longest)
        for inside in range(position + 1, unit_end):
            if _phrase_at(tokens, inside, phrases, longest)[1] > score:
                unit_end = position + 1
                break
        yield " ".join(tokens[position:unit_end]), position, unit_end
        position = unit_end


def _phrase_at(tokens: list[str], position: int, phrases: Mapping[str, Mapping[tuple[str, ...], float]],
               longest: int) -> tuple[int, float]:
    """End and score of the longest phrase starting at ``position``; (position + 1, -inf) when none does."""
    starting = phrases.get(tokens[position])
    if starting:
        for length in range(min(longest, len(tokens) - position), 1, -1):
            score = starting.get(tuple(tokens[position:position + length]))
            if score is not None:
                return position + length, score
    return position + 1, -math.inf


def _find_phrases(unigrams: Counter, bigrams: Counter, total: int, options: DiscoveryOptions
                  ) -> dict[tuple[str, ...], float]:
    """Two-word phrases of content words, frequent and cohesive, with their normalized PMI; most frequent first."""
    chosen: dict[tuple[str, ...], float] = {}
    for (first, second), count in bigrams.most_common():
        if count < options.min_count:
            break
        joint = count / total
        pmi = math.log(joint / ((unigrams[first] / total) * (unigrams[second] / total)))
        if (npmi := pmi / -math.log(joint)) >= options.phrase_npmi:
            chosen[first, second] = npmi
            if len(chosen) >= options.max_phrases:
                break
    return chosen


def build_model(batches: BatchSource, *, seeds: Sequence[str] = (), outlet_groups: Mapping[str, str] | None = None,
                options: DiscoveryOptions | None = None) -> CooccurrenceModel:
    """Build the co-occurrence model of a corpus, reading it twice in batches.

    Parameters
    ----------
    batches : callable
        Returns a fresh iterable of DataFrames with ``outlet`` and
        ``clean_text`` columns (e.g. ``lambda: store.iter_texts()``).
    seeds : terms, keyword-only
        Phrases to keep as units even when the phrase finder would not.
    outlet_groups : mapping, keyword-only
        Outlet name -> group label; articles of outlets not in it are left out.
        None: every outlet is its own group.
    options : DiscoveryOptions, keyword-only

    Raises
    ------
    DiscoveryError
        When the corpus has no article or too few words for a model.
    """
    options = options or DiscoveryOptions()
    started = time.perf_counter()
    unigrams: Counter = Counter()
    bigrams: Counter = Counter()
    articles = 0
    bigram_floor = 1
    outlets_seen: set[str] = set()
    for outlet, tokens in _documents(batches, outlet_groups):
        articles += 1
        outlets_seen.add(outlet)
        unigrams.update(tokens)
        bigrams.update(pair for pair in zip(tokens, tokens[1:], strict=False)
                       if _is_content_word(pair[0]) and _is_content_word(pair[1]))
        if len(bigrams) > options.max_bigram_candidates:
            bigrams = Counter({pair: count for pair, count in bigrams.items() if count > bigram_floor})
            bigram_floor += 1
    total = sum(unigrams.values())
    if articles == 0 or total == 0:
        raise DiscoveryError("no articles to learn from (is the store empty, or the outlet filter too narrow?)")
    scores = _find_phrases(unigrams, bigrams, total, options)
    scores.update({tuple(normalize_term(seed).split()): math.inf for seed in seeds
                   if len(normalize_term(seed).split()) > 1})
    phrases: dict[str, dict[tuple[str, ...], float]] = {}
    for phrase, score in scores.items():
        phrases.setdefault(phrase[0], {})[phrase] = score
    longest = max((len(p) for p in scores), default=1)

    contexts = [word for word, _ in unigrams.most_common(options.max_contexts)]
    context_id = {word: number for number, word in enumerate(contexts)}
    n_contexts = len(contexts)
    # Unit vocabulary from the first pass's counts (a phrase's words also count as words there); the
    # exact counts after merging come from the second pass, which drops the units that fall below min_count.
    first_counts = Counter({word: count for word, count in unigrams.items() if count >= options.min_count})
    first_counts.update({" ".join(phrase): bigrams.get(phrase, 0) for phrase in scores})
    seed_units = [normalize_term(seed) for seed in seeds if normalize_term(seed)]
    provisional = list(dict.fromkeys([*seed_units, *(unit for unit, count in first_counts.most_common(options.max_units)
                                                     if count >= options.min_count)]))
    if not provisional:
        raise DiscoveryError(f"no word occurs {options.min_count} times: the corpus is too small for a model")
    unit_id = {unit: number for number, unit in enumerate(provisional)}
    outlets = tuple(sorted(outlets_seen))
    outlet_column = {outlet: column for column, outlet in enumerate(outlets)}
    del first_counts, unigrams, bigrams

    shape = (len(provisional), n_contexts * (_FAR_BLOCK + 1))
    matrix = sparse.csr_matrix(shape, dtype=np.float32)
    outlet_counts = np.zeros((len(provisional), len(outlets)), dtype=np.int64)
    outlet_articles = np.zeros(len(outlets), dtype=np.int64)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    occurrences: list[np.ndarray] = []
    pending = 0
    tokens_seen = 0

    def flush() -> None:
        nonlocal matrix, rows, cols, occurrences, pending
        if rows:
            row = np.concatenate(rows)
            col = np.concatenate(cols)
            matrix = matrix + sparse.csr_matrix((np.ones(len(row), dtype=np.float32), (row, col)), shape=shape)
        if occurrences:
            flat = np.concatenate(occurrences)
            outlet_counts.ravel()[:] += np.bincount(flat, minlength=outlet_counts.size)
        rows, cols, occurrences, pending = [], [], [], 0

    for outlet, tokens in _documents(batches, outlet_groups):
        tokens_seen += len(tokens)
        column = outlet_column[outlet]
        outlet_articles[column] += 1
        token_context = np.array([context_id.get(token, -1) for token in tokens] or [-1], dtype=np.int64)
        found = [(unit_id[unit], start, end) for unit, start, end in _merge_units(tokens, phrases, longest)
                 if unit in unit_id]
        if not found:
            continue
        occurrence = np.array(found, dtype=np.int64)
        ids, starts, ends = occurrence[:, 0], occurrence[:, 1], occurrence[:, 2]
        occurrences.append(ids * len(outlets) + column)
        for block, offset in enumerate(_POSITIONS):
            where = starts + offset if offset < 0 else ends - 1 + offset
            _add_contexts(rows, cols, ids, where, token_context, block * n_contexts)
        for distance in range(3, options.window + 1):
            for where in (starts - distance, ends - 1 + distance):
                _add_contexts(rows, cols, ids, where, token_context, _FAR_BLOCK * n_contexts)
        pending += len(ids)
        if pending > options.flush_occurrences:
            flush()
    flush()

    counts = outlet_counts.sum(axis=1)
    keep = np.flatnonzero(counts >= options.min_count)
    keep = keep[np.argsort(-counts[keep], kind="stable")]
    if len(keep) == 0:
        raise DiscoveryError(f"no word occurs {options.min_count} times: the corpus is too small for a model")
    units = tuple(provisional[i] for i in keep)
    ppmi = _ppmi(matrix[keep])
    vectors = _reduce(ppmi, options.dimensions)
    context_names = tuple(_context_name(block, word) for block in range(_FAR_BLOCK + 1) for word in contexts)
    return CooccurrenceModel(
        units=units, unit_counts=counts[keep], vectors=vectors, ppmi=ppmi,
        context_names=context_names, outlets=outlets, outlet_counts=outlet_counts[keep],
        outlet_articles=outlet_articles, phrases=frozenset(scores), articles=articles, tokens=tokens_seen,
        seconds=time.perf_counter() - started, index={unit: number for number, unit in enumerate(units)})


def _add_contexts(rows: list[np.ndarray], cols: list[np.ndarray], ids: np.ndarray, where: np.ndarray,
                  token_context: np.ndarray, block_start: int) -> None:
    inside = (where >= 0) & (where < len(token_context))
    context = np.full(len(ids), -1, dtype=np.int64)
    context[inside] = token_context[where[inside]]
    known = context >= 0
    rows.append(ids[known].astype(np.int32))
    cols.append((context[known] + block_start).astype(np.int32))


def _context_name(block: int, word: str) -> str:
    if block == _FAR_BLOCK:
        return f"near {word}"
    offset = _POSITIONS[block]
    slots = ["___"] + ["…"] * (abs(offset) - 1)
    return " ".join([word, *slots[::-1]] if offset < 0 else [*slots, word])


def _ppmi(counts: sparse.csr_matrix, smoothing: float = 0.75) -> sparse.csr_matrix:
    """Positive PMI of a count matrix, the context distribution raised to ``smoothing``."""
    counts = counts.tocsr().astype(np.float64)
    total = counts.sum()
    if total == 0:
        raise DiscoveryError("no word has a context: the corpus is too small for a model")
    row_totals = np.asarray(counts.sum(axis=1)).ravel()
    context_mass = np.asarray(counts.sum(axis=0)).ravel() ** smoothing
    context_probability = context_mass / context_mass.sum()
    coo = counts.tocoo()
    values = np.log((coo.data / total) / ((row_totals[coo.row] / total) * context_probability[coo.col]))
    positive = values > 0
    return sparse.csr_matrix((values[positive].astype(np.float32), (coo.row[positive], coo.col[positive])),
                             shape=counts.shape)


def _reduce(ppmi: sparse.csr_matrix, dimensions: int) -> np.ndarray:
    """Unit-length rows of the truncated SVD of ``ppmi`` (U times the square root of the singular values)."""
    from sklearn.decomposition import TruncatedSVD

    rank = min(dimensions, min(ppmi.shape) - 1)
    if rank < 1:
        vectors = ppmi.toarray()
    else:
        svd = TruncatedSVD(n_components=rank, algorithm="randomized", n_iter=5, random_state=0)
        reduced = svd.fit_transform(ppmi)  # U * S
        vectors = reduced / np.sqrt(np.maximum(svd.singular_values_, 1e-12))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def _is_content_unit(unit: str) -> bool:
    return any(_is_content_word(token) for token in unit.split())


def candidates(model: CooccurrenceModel, seed: str, *, top: int = 20, shared: int = 5) -> list[Candidate]:
    """The ``top`` units nearest ``seed`` by cosine (content words and phrases only), most similar first.

    Raises
    ------
    DiscoveryError
        When ``seed`` has no vector (it occurs fewer than ``min_count`` times).
    """
    if not normalize_term(seed):
        raise DiscoveryError(f"{seed!r} has no words to look for")
    row = model.unit_index(seed)
    if row is None:
        raise DiscoveryError(f"{seed!r} occurs too rarely in these articles to have a vector "
                             f"(it needs at least the model's minimum count)")
    cosines = model.vectors @ model.vectors[row]
    order = np.argsort(-cosines, kind="stable")
    seed_contexts = model.ppmi.getrow(row)
    found = []
    for index in order:
        if index == row or not _is_content_unit(model.units[index]):
            continue
        found.append(Candidate(
            term=model.units[index], cosine=float(cosines[index]), count=int(model.unit_counts[index]),
            outlet_counts=dict(zip(model.outlets, map(int, model.outlet_counts[index]), strict=True)),
            shared_contexts=_shared_contexts(model, seed_contexts, int(index), shared)))
        if len(found) == top:
            break
    return found


def _shared_contexts(model: CooccurrenceModel, seed_contexts: sparse.csr_matrix, index: int, limit: int
                     ) -> tuple[str, ...]:
    """The contexts both units have, by the smaller of their two PPMI values (the evidence of the similarity)."""
    both = seed_contexts.minimum(model.ppmi.getrow(index)).tocoo()
    order = np.argsort(-both.data, kind="stable")[:limit]
    return tuple(model.context_names[both.col[i]] for i in order)


def candidate_table(model: CooccurrenceModel, seed: str, found: Sequence[Candidate]) -> pd.DataFrame:
    """Seed and candidates, one row each: term, cosine, count, and per outlet its count and its share of
    the outlet's uses of all the listed terms (``share: OUTLET``)."""
    seed_row = model.unit_index(seed)
    rows = [{"term": model.units[seed_row], "cosine": 1.0, "count": int(model.unit_counts[seed_row]),
             **dict(zip(model.outlets, map(int, model.outlet_counts[seed_row]), strict=True))}]
    rows += [{"term": c.term, "cosine": round(c.cosine, 3), "count": c.count, **c.outlet_counts,
              "shared contexts": "; ".join(c.shared_contexts)} for c in found]
    table = pd.DataFrame(rows)
    totals = table[list(model.outlets)].sum(axis=0)
    for outlet in model.outlets:
        table[f"share: {outlet}"] = table[outlet] / totals[outlet] if totals[outlet] > 0 else np.nan
    return table


def contested_groups(model: CooccurrenceModel, *, terms: int = 2_000, max_distance: float = 0.5,
                     min_mentions: int = 30, alpha: float = 0.05) -> list[ContestedGroup]:
    """Groups of substitutable terms whose use differs between outlets, the most different first.

    The ``terms`` most frequent content units are clustered (average linkage on
    cosine distance, groups no farther apart than ``max_distance``). Each group
    of 2-8 terms with at least ``min_mentions`` mentions is tested: chi-square
    of its terms x outlets table; a group is kept when its p-value is below
    ``alpha`` divided by the number of groups tested (Bonferroni), and groups
    are ranked by Cramér's V (0: every outlet uses the terms in the same
    proportions; 1: each term belongs to one outlet).
    """
    from sklearn.cluster import AgglomerativeClustering

    if len(model.outlets) < 2:
        raise DiscoveryError("contested groups compare outlets: the articles come from fewer than two")
    content = [i for i in np.argsort(-model.unit_counts, kind="stable") if _is_content_unit(model.units[i])][:terms]
    if len(content) < 2:
        return []
    clustering = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=max_distance)
    labels = clustering.fit_predict(model.vectors[content])
    members: dict[int, list[int]] = {}
    for index, label in zip(content, labels, strict=True):
        members.setdefault(int(label), []).append(int(index))
    tested = []
    for group in members.values():
        if not 2 <= len(group) <= 8:
            continue
        table = model.outlet_counts[group]
        table = table[:, table.sum(axis=0) > 0]
        mentions = int(table.sum())
        if mentions < min_mentions or table.shape[1] < 2:
            continue
        chi_square, p_value, dof, _ = chi2_contingency(table)
        cramers_v = math.sqrt(chi_square / (mentions * (min(table.shape) - 1)))
        counts = pd.DataFrame(model.outlet_counts[group], index=[model.units[i] for i in group],
                              columns=list(model.outlets))
        tested.append(ContestedGroup(terms=tuple(counts.index), counts=counts, cramers_v=cramers_v,
                                     chi_square=float(chi_square), degrees_of_freedom=int(dof),
                                     p_value=float(p_value), mentions=mentions))
    threshold = alpha / max(len(tested), 1)
    return sorted((group for group in tested if group.p_value < threshold), key=lambda g: -g.cramers_v)


def term_pattern(term: str) -> re.Pattern[str]:
    """A pattern finding ``term`` in article text: whole words, any case, any spacing or hyphen between words."""
    words = normalize_term(term).split()
    return re.compile(r"(?<![^\W_])" + r"[\s\-]+".join(map(re.escape, words)) + r"(?![^\W_])", re.IGNORECASE)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n"))
    sentence_start = 0 if before < 0 else before + (1 if text[before] == "\n" else 2)
    after = [position for mark in (". ", "! ", "? ", "\n") if (position := text.find(mark, end)) >= 0]
    sentence_end = min(after) + 1 if after else len(text)
    return sentence_start, min(sentence_end, len(text))


def examples(batches: BatchSource, terms: Sequence[str], *, per_outlet: int = 2,
             outlet_groups: Mapping[str, str] | None = None) -> list[Example]:
    """Up to ``per_outlet`` sentences per term and outlet (or group), at most one per article and term.

    Reads the batches once, to the end (which outlets are still to come is not
    known before), matching each term as :func:`term_pattern` does. An
    occurrence inside an occurrence of a longer listed term ("immigrants" in
    "illegal immigrants") is not an example of the shorter one.
    """
    patterns = {term: term_pattern(term) for term in terms}
    names = {term: f" {normalize_term(term)} " for term in terms}
    longer = {term: [other for other in terms if len(names[other]) > len(names[term]) and names[term] in names[other]]
              for term in terms}
    taken: Counter = Counter()
    found: list[Example] = []
    for batch in batches():
        for article_id, outlet, text in zip(batch["article_id"], batch["outlet"], batch["clean_text"], strict=True):
            label = _outlet_of(outlet, outlet_groups)
            if label is None:
                continue
            for term, pattern in patterns.items():
                if taken[term, label] >= per_outlet:
                    continue
                covered = [match.span() for other in longer[term] for match in patterns[other].finditer(text)]
                match = next((m for m in pattern.finditer(text)
                              if not any(start <= m.start() and m.end() <= end for start, end in covered)), None)
                if match is not None:
                    sentence_start, sentence_end = _sentence_bounds(text, match.start(), match.end())
                    found.append(Example(term=term, outlet=label, article_id=str(article_id), start=match.start(),
                                         end=match.end(), sentence_start=sentence_start, sentence_end=sentence_end,
                                         sentence=text[sentence_start:sentence_end].strip()))
                    taken[term, label] += 1
    return found


def store_batches(store_path: object, *, batch_rows: int = 2_000) -> BatchSource:
    """A batch source reading a store's articles (outlet and clean text), opened read-only for each pass."""
    from analysis.store import Store

    def read() -> Iterator[pd.DataFrame]:
        with Store(store_path, read_only=True) as store:
            yield from store.iter_texts(batch_rows=batch_rows)

    return read


@dataclass(frozen=True)
class Discovery:
    """What :func:`discover` found: the model, candidates per seed (or contested groups), and the time it took."""

    model: CooccurrenceModel
    candidates: Mapping[str, list[Candidate]]
    groups: list[ContestedGroup]
    seconds: float


def outlet_filter(outlets: Sequence[str] = (), groups: Mapping[str, Sequence[str]] | None = None
                  ) -> dict[str, str] | None:
    """The outlet -> label mapping :func:`build_model` takes: each of ``outlets`` as itself, each outlet of a
    group under the group's name; None (every outlet) when neither is given."""
    if not outlets and not groups:
        return None
    mapping = {outlet: outlet for outlet in outlets}
    for label, members in (groups or {}).items():
        mapping.update({outlet: label for outlet in members})
    return mapping


def discover(store_path: object, *, seeds: Sequence[str] = (), outlets: Sequence[str] = (),
             groups: Mapping[str, Sequence[str]] | None = None, top: int = 20,
             options: DiscoveryOptions | None = None) -> Discovery:
    """Candidates for each seed, or (no seed) the contested groups, of the articles in a store.

    ``outlets`` keeps only those outlets' articles; ``groups`` (label ->
    outlets) counts outlets together. A seed too rare for a vector has an
    empty candidate list (see :func:`candidates` for the reason).
    """
    started = time.perf_counter()
    options = options or DiscoveryOptions()
    source = store_batches(store_path, batch_rows=options.batch_rows)
    model = build_model(source, seeds=seeds, outlet_groups=outlet_filter(outlets, groups), options=options)
    found = {seed: candidates(model, seed, top=top) if model.unit_index(seed) is not None else [] for seed in seeds}
    contested = [] if seeds else contested_groups(model)
    return Discovery(model=model, candidates=found, groups=contested, seconds=time.perf_counter() - started)


# --- the user's lexicon file --------------------------------------------------------------------------------

# The documented lexicon columns (analysis/data/lexicon.csv, analysis/data/README.md), in that order.
WRITTEN_COLUMNS = ("concept", "term", "stance", "forms", "variants", "note")
_HEADER = """# User lexicon written by the lexicon workbench (the dashboard's Lexicon page; lexicon_discovery.py).
# Same format as analysis/data/lexicon.csv (see analysis/data/README.md, "Lexicon"): its rows add terms to the
# bundled lexicon, or replace the bundled row of the same term. Each term was proposed as a substitute for a
# seed term by its shared contexts in the user's corpus, and given its concept and stance class by the user;
# the note says which seed and with which cosine. forms "exact": the term as it was found, no inflection.
# To extend: edit the rows, or add more on the Lexicon page. Lines starting with # are comments.
"""


@dataclass(frozen=True)
class LexiconChoice:
    """One row of a user lexicon: a term, its concept and stance class (-1, 0, 1), and why."""

    concept: str
    term: str
    stance: int
    note: str = ""
    forms: str = "exact"
    variants: str = ""


def read_user_lexicon(path: object) -> list[LexiconChoice]:
    """The rows of a user lexicon file written by :func:`save_user_lexicon` (none if it does not exist)."""
    file = Path(str(path))
    if not file.exists():
        return []
    rows = read_commented_csv(file, required=("concept", "term", "stance"), optional=("forms", "variants", "note"))
    return [LexiconChoice(concept=row["concept"], term=row["term"], stance=int(row["stance"]),
                          note=row.get("note"), forms=row.get("forms") or "exact", variants=row.get("variants"))
            for row in rows if row["stance"] in ("-1", "0", "1", "+1")]


def save_user_lexicon(path: object, choices: Iterable[LexiconChoice]) -> list[LexiconChoice]:
    """Add ``choices`` to the user lexicon at ``path`` (a choice replaces the row of the same term), check the
    result loads (:func:`analysis.loaded_terms.load_lexicon`), then replace the file; returns its rows.

    Raises
    ------
    analysis.loaded_terms.LexiconError
        When the rows are not a valid lexicon (a concept that is not snake_case, a term in two concepts ...);
        the file is then left as it was.
    """
    file = Path(str(path))
    rows = {normalize_term(row.term): row for row in read_user_lexicon(file)}
    for choice in choices:
        rows[normalize_term(choice.term)] = choice
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(WRITTEN_COLUMNS)
    for row in sorted(rows.values(), key=lambda r: (r.concept, -r.stance, r.term)):
        writer.writerow([row.concept, " ".join(row.term.lower().split()), str(row.stance), row.forms, row.variants,
                         row.note])
    file.parent.mkdir(parents=True, exist_ok=True)
    staged = file.with_name(f".{file.name}.saving")
    staged.write_text(_HEADER + buffer.getvalue(), encoding="utf-8")
    try:
        load_lexicon(extra_paths=[staged])
    except LexiconError as error:
        staged.unlink()
        raise LexiconError(str(error).replace(str(staged), str(file))) from None
    os.replace(staged, file)
    return list(rows.values())
