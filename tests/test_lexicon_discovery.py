"""analysis/lexicon_discovery.py: the co-occurrence model on a small made-up corpus with known substitutes,
PPMI by hand, contested groups, example offsets, and the user lexicon written and read back by load_lexicon."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from analysis.lexicon_discovery import (
    DiscoveryError,
    DiscoveryOptions,
    LexiconChoice,
    _context_name,
    _ppmi,
    build_model,
    candidate_table,
    candidates,
    contested_groups,
    examples,
    normalize_term,
    outlet_filter,
    read_user_lexicon,
    save_user_lexicon,
    term_pattern,
)
from analysis.loaded_terms import LexiconError, load_lexicon

# Made-up corpus: two kinds of slots. People crossing a border are named three ways (the substitutes); budget
# items fill other slots. Outlet "Right" says "illegal aliens", "Left" says "undocumented immigrants", both
# sometimes "illegal immigrants". Every filler of a kind fills the same templates, so a filler's nearest
# neighbours must be the other fillers of its kind.
PEOPLE_TEMPLATES = ("The police arrested {} near the border.", "Officials said {} crossed the river at night.",
                    "The new law targets {} who work on farms.", "Many {} live in fear of deportation.",
                    "Agents detained {} at the checkpoint.")
BUDGET_TEMPLATES = ("The senator voted for the {} bill on Tuesday.", "A vote on the {} budget is expected soon.",
                    "Critics said the {} spending was too high.", "The committee debated the {} plan.")
BUDGET_ITEMS = ("farm", "defense", "highway", "school")
PEOPLE_BY_OUTLET = {"Right": ("illegal aliens",) * 4 + ("illegal immigrants",),
                    "Left": ("undocumented immigrants",) * 4 + ("illegal immigrants",)}


def made_up_corpus(articles_per_outlet: int = 30, *, seed: int = 7) -> pd.DataFrame:
    """Articles (article_id, outlet, clean_text) of the made-up corpus; deterministic."""
    rng = random.Random(seed)
    rows = []
    for outlet, people in PEOPLE_BY_OUTLET.items():
        for number in range(articles_per_outlet):
            sentences = [rng.choice(PEOPLE_TEMPLATES).format(rng.choice(people)) for _ in range(4)]
            sentences += [rng.choice(BUDGET_TEMPLATES).format(rng.choice(BUDGET_ITEMS)) for _ in range(4)]
            rng.shuffle(sentences)
            text = " ".join(sentence[0].upper() + sentence[1:] for sentence in sentences)
            rows.append({"article_id": f"{outlet}-{number}", "outlet": outlet, "clean_text": text})
    return pd.DataFrame(rows)


def batches_of(frame: pd.DataFrame, size: int = 7):
    return lambda: (frame.iloc[start:start + size] for start in range(0, len(frame), size))


@pytest.fixture(scope="module")
def model():
    return build_model(batches_of(made_up_corpus()), seeds=["illegal aliens"],
                       options=DiscoveryOptions(dimensions=20))


def test_substitutes_are_the_nearest_neighbours_and_budget_items_are_not(model):
    found = candidates(model, "Illegal aliens", top=5)
    terms = [c.term for c in found]
    assert set(terms[:2]) == {"undocumented immigrants", "illegal immigrants"}
    assert not set(terms[:2]) & set(BUDGET_ITEMS)
    assert found[0].cosine > 0.5
    by_term = {c.term: c for c in found}
    assert dict(by_term["undocumented immigrants"].outlet_counts)["Right"] == 0
    assert dict(by_term["undocumented immigrants"].outlet_counts)["Left"] > 0
    # The evidence: slots both fill, e.g. "arrested ___".
    assert "arrested ___" in by_term["undocumented immigrants"].shared_contexts


def test_budget_items_find_each_other(model):
    assert {c.term for c in candidates(model, "farm", top=3)} == set(BUDGET_ITEMS) - {"farm"}


def test_counts_are_the_corpus_counts(model):
    corpus = made_up_corpus()
    expected = corpus["clean_text"].str.count("undocumented immigrants").sum()
    row = model.unit_index("undocumented-immigrants")
    assert model.unit_counts[row] == expected
    assert model.articles == 60 and model.outlets == ("Left", "Right")
    assert model.seconds > 0


def test_batch_size_and_flushing_do_not_change_the_model():
    corpus = made_up_corpus(10)
    one = build_model(batches_of(corpus, 1), options=DiscoveryOptions(dimensions=5, flush_occurrences=10))
    many = build_model(batches_of(corpus, 100), options=DiscoveryOptions(dimensions=5))
    assert one.units == many.units
    assert (one.ppmi != many.ppmi).nnz == 0


def test_candidate_table_shares_sum_to_one_per_outlet(model):
    table = candidate_table(model, "illegal aliens", candidates(model, "illegal aliens", top=4))
    assert table["term"].iloc[0] == "illegal aliens"
    assert table["share: Left"].sum() == pytest.approx(1.0)
    assert table["share: Right"].sum() == pytest.approx(1.0)


def test_a_rare_seed_is_refused_with_a_reason(model):
    with pytest.raises(DiscoveryError, match="occurs too rarely"):
        candidates(model, "wall", top=5)
    with pytest.raises(DiscoveryError, match="has no words"):
        candidates(model, " -- ", top=5)


def test_empty_corpus_is_refused():
    empty = pd.DataFrame(columns=["article_id", "outlet", "clean_text"])
    with pytest.raises(DiscoveryError, match="no articles"):
        build_model(lambda: [empty])


def test_outlet_filter_and_groups():
    corpus = made_up_corpus(10)
    only_left = build_model(batches_of(corpus), outlet_groups=outlet_filter(["Left"]),
                            options=DiscoveryOptions(dimensions=5))
    assert only_left.outlets == ("Left",) and only_left.articles == 10
    assert only_left.unit_index("illegal aliens") is None
    grouped = outlet_filter([], {"all": ["Left", "Right"]})
    assert grouped == {"Left": "all", "Right": "all"}
    assert outlet_filter() is None


def test_ppmi_by_hand():
    # counts [[2, 0], [1, 1]], no smoothing: total 4, rows (2, 2), context shares (3/4, 1/4).
    # PMI(0,0) = log((2/4) / (2/4 * 3/4)) = log(4/3); PMI(1,0) = log(2/3) < 0 -> 0; PMI(1,1) = log(2).
    from scipy import sparse

    result = _ppmi(sparse.csr_matrix(np.array([[2.0, 0.0], [1.0, 1.0]])), smoothing=1.0).toarray()
    assert result == pytest.approx(np.array([[np.log(4 / 3), 0.0], [0.0, np.log(2)]]))


def test_context_names():
    assert [_context_name(block, "deport") for block in range(5)] == [
        "deport … ___", "deport ___", "___ deport", "___ … deport", "near deport"]


def test_contested_groups_find_the_outlet_split(model):
    groups = contested_groups(model, terms=50, max_distance=0.5, min_mentions=10)
    people = [g for g in groups if "undocumented immigrants" in g.terms]
    assert people, [g.terms for g in groups]
    group = people[0]
    assert "illegal aliens" in group.terms
    assert group.cramers_v > 0.5 and group.p_value < 1e-6
    assert group.mentions == int(group.counts.to_numpy().sum())
    # Budget items are used alike by both outlets: no difference to find there.
    assert not any(set(g.terms) <= set(BUDGET_ITEMS) and g.cramers_v > 0.5 for g in groups)


def test_examples_have_offsets_into_the_text():
    corpus = made_up_corpus(5)
    found = examples(batches_of(corpus), ["undocumented immigrants", "illegal aliens"], per_outlet=2)
    texts = dict(zip(corpus["article_id"], corpus["clean_text"], strict=True))
    assert {(e.term, e.outlet) for e in found} == {("undocumented immigrants", "Left"), ("illegal aliens", "Right")}
    for example in found:
        text = texts[example.article_id]
        assert text[example.start:example.end].lower() == example.term
        assert text[example.sentence_start:example.sentence_end].strip() == example.sentence
        assert example.sentence.endswith(".") and example.term in example.sentence.lower()


def test_an_example_of_a_word_is_not_inside_a_longer_listed_term():
    corpus = pd.DataFrame({"article_id": ["a"], "outlet": ["Left"],
                           "clean_text": ["Illegal immigrants were stopped. Other immigrants were not."]})
    found = examples(batches_of(corpus), ["immigrants", "illegal immigrants"])
    by_term = {e.term: e for e in found}
    assert by_term["illegal immigrants"].start == 0
    assert by_term["immigrants"].sentence == "Other immigrants were not."


def test_term_pattern_matches_whole_words_any_case_and_hyphen():
    pattern = term_pattern("Illegal  immigrants")
    assert pattern.search("Illegal-immigrants were").group() == "Illegal-immigrants"
    assert pattern.search("illegal immigrantsx") is None
    assert normalize_term("  Pro-Life ") == "pro life"


def test_user_lexicon_is_written_in_the_documented_format_and_loads(tmp_path):
    path = tmp_path / "lexicons" / "mine.csv"
    save_user_lexicon(path, [LexiconChoice("immigrants", "illegal aliens", -1, "seed, by hand"),
                             LexiconChoice("immigrants", "undocumented immigrants", 1)])
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines[0] == "concept,term,stance,forms,variants,note"
    lexicon = load_lexicon(extra_paths=[path])
    assert "immigrants" in lexicon.concepts
    assert {(e.term, e.stance) for e in lexicon.terms("immigrants")} == {
        ("illegal aliens", -1), ("undocumented immigrants", 1)}
    # A second save replaces the row of the same term and keeps the others.
    save_user_lexicon(path, [LexiconChoice("immigrants", "Undocumented  immigrants", 0)])
    assert sorted((r.term, r.stance, r.note) for r in read_user_lexicon(path)) == [
        ("illegal aliens", -1, "seed, by hand"), ("undocumented immigrants", 0, "")]


def test_an_invalid_lexicon_is_not_saved(tmp_path):
    path = tmp_path / "mine.csv"
    save_user_lexicon(path, [LexiconChoice("immigrants", "illegal aliens", -1)])
    before = path.read_text(encoding="utf-8")
    with pytest.raises(LexiconError, match=f"{path}:.*snake_case"):
        save_user_lexicon(path, [LexiconChoice("Not Snake", "aliens", 1)])
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["mine.csv"]


def test_the_us2016_example_lexicon_loads():
    from tests.conftest import PROJECT

    lexicon = load_lexicon(extra_paths=[PROJECT / "docs" / "us2016_lexicon.csv"])
    assert {"undocumented_immigrants", "health_care_law", "abortion_positions"} <= set(lexicon.concepts)
    assert {(e.term, e.stance) for e in lexicon.terms("undocumented_immigrants")} == {
        ("illegal alien", -1), ("illegal immigrant", -1), ("illegals", -1), ("undocumented immigrant", 1)}
