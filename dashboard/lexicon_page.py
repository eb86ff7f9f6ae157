"""The Lexicon page: find the words the outlets use for the same thing, and save them as a user lexicon.

Type a seed term; the page lists its candidate substitutes in the user's own
corpus (:mod:`analysis.lexicon_discovery`) with each outlet's counts and shares
and example sentences from each outlet; the user gives each candidate a
concept and a stance class, or leaves it out, and saves. The file goes to the
``lexicons`` folder beside the store (:func:`analysis.pipeline.user_lexicon_folder`),
which every analysis of the store reads: the analyzer version changes, the app
re-analyzes the articles with a progress bar, and every page uses the new terms.

Article text (sentences, terms, outlets) is shown in tables or as plain text, never as HTML.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.lexicon_discovery import (
    Candidate,
    CooccurrenceModel,
    DiscoveryError,
    LexiconChoice,
    build_model,
    candidate_table,
    candidates,
    contested_groups,
    examples,
    normalize_term,
    outlet_filter,
    read_user_lexicon,
    save_user_lexicon,
    store_batches,
)
from analysis.loaded_terms import LexiconError, load_lexicon
from analysis.pipeline import user_lexicon_folder
from dashboard import data

LEAVE_OUT = "leave out"
STANCE_OPTIONS = {LEAVE_OUT: None, "-1 delegitimizing": -1, "0 neutral": 0, "+1 legitimizing": 1}
_CONCEPT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
DEFAULT_FILE = "workbench"


@st.cache_resource(show_spinner=False, max_entries=4)
def _model(store: str, articles_digest: str, seeds: tuple[str, ...], outlets: tuple[str, ...]
           ) -> CooccurrenceModel:
    """The co-occurrence model of the store's articles (of ``outlets``; all when empty), kept per server process.

    ``articles_digest`` changes when articles are imported or deleted, not when they are analyzed.
    """
    return build_model(store_batches(store), seeds=seeds, outlet_groups=outlet_filter(outlets))


@st.cache_data(show_spinner=False, max_entries=16)
def _examples(store: str, articles_digest: str, terms: tuple[str, ...], outlets: tuple[str, ...]) -> pd.DataFrame:
    found = examples(store_batches(store), terms, per_outlet=2, outlet_groups=outlet_filter(outlets))
    return pd.DataFrame([{"term": e.term, "outlet": e.outlet, "sentence": e.sentence, "article": e.article_id,
                          "start": e.start, "end": e.end} for e in found],
                        columns=["term", "outlet", "sentence", "article", "start", "end"])


def _articles_digest(corpus: data.Corpus) -> str:
    return hashlib.sha256("\n".join(sorted(corpus.articles["article_id"])).encode()).hexdigest()[:16]


def _widget_key(kind: str, term: str) -> str:
    """A widget key (and CSS class) for a term: letters, digits and _ only."""
    return f"lexicon_{kind}_" + re.sub(r"[^a-z0-9]+", "_", term.casefold()).strip("_")


def _concept_name(seed: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", seed.casefold()).strip("_") or "concept"


def _existing_concepts() -> list[str]:
    try:
        return list(data.analyzer().lexicon.concepts)
    except LexiconError:
        return []


def lexicon_page() -> None:
    st.title("Lexicon")
    st.caption("Find the words and phrases your articles use for the same thing, see which outlet uses which, "
               "and save them as a lexicon that every page uses. Candidates come from shared contexts in your "
               "own corpus: they include antonyms and related things (\"legal\" for \"illegal\", other groups "
               "of people) as well as substitutes, so read the example sentences before you assign a term. "
               "The sidebar filters do not apply here: the model learns from every article of the outlets chosen "
               "below.")
    key = data.store_key()
    corpus = data.load_corpus(key)
    if corpus is None or corpus.articles.empty:
        st.info("The store holds no articles yet. Import your articles on the Corpus page or with "
                "`python -m analysis import PATH` (see the README).")
        _saved_lexicons()
        return
    all_outlets = sorted(corpus.articles["outlet"].unique())
    with st.form("lexicon_query"):
        seed = st.text_input("Seed term (a word or a phrase)", key="lexicon_seed",
                             placeholder="e.g. illegal immigrants")
        left, right = st.columns([1, 3])
        top = left.number_input("Candidates", min_value=5, max_value=50, value=20, step=5, key="lexicon_top")
        outlets = right.multiselect("Outlets (none: all)", all_outlets, key="lexicon_outlets")
        submitted = st.form_submit_button("Find candidates")
    if submitted and seed.strip():
        st.session_state["_lexicon_query"] = (seed.strip(), int(top), tuple(outlets))
    if "_lexicon_query" in st.session_state:
        _candidates_section(key.path, corpus, *st.session_state["_lexicon_query"])
    if notice := st.session_state.pop("_lexicon_notice", None):
        st.success(notice)
    _contested_section(key.path, corpus)
    _saved_lexicons()


def _contested_section(store: str, corpus: data.Corpus) -> None:
    st.subheader("Contested groups")
    st.caption("Without a seed: groups of terms that fill the same slots and whose use differs most between "
               "outlets, ranked by Cramér's V of the group's terms x outlets counts (0: every outlet uses the "
               "terms in the same proportions; 1: each term belongs to one outlet), with the chi-square "
               "p-value and n, the mentions. Groups are kept when p is below 0.05 divided by the number tested. "
               "Use a term of a group as a seed above to see its sentences and save it.")
    if st.button("Find contested groups", key="lexicon_groups"):
        st.session_state["_lexicon_groups"] = True
    if not st.session_state.get("_lexicon_groups"):
        return
    with st.spinner(f"Building the co-occurrence model of {len(corpus.articles):,} articles…"):
        try:
            groups = contested_groups(_model(store, _articles_digest(corpus), (), ()))
        except DiscoveryError as error:
            st.warning(str(error))
            return
    if not groups:
        st.info("No group of substitutable terms differs significantly between the outlets.")
        return
    table = pd.DataFrame([{"terms": " / ".join(g.terms), "Cramér's V": round(g.cramers_v, 2),
                           "p-value": f"{g.p_value:.1e}", "n (mentions)": g.mentions} for g in groups])
    st.dataframe(table, hide_index=True, key="lexicon_groups_table")
    chosen = st.selectbox("Counts per outlet of group", list(table["terms"]), key="lexicon_group")
    counts = groups[list(table["terms"]).index(chosen)].counts
    st.dataframe(counts.rename_axis("term").reset_index(), hide_index=True, key="lexicon_group_counts")


def _candidates_section(store: str, corpus: data.Corpus, seed: str, top: int, outlets: tuple[str, ...]) -> None:
    digest = _articles_digest(corpus)
    with st.spinner(f"Building the co-occurrence model of {len(corpus.articles):,} articles…"):
        try:
            # One model serves every seed that is already a unit of it (and the contested groups); a phrase
            # the phrase finder did not merge needs a model of its own, with the phrase as a unit.
            model = _model(store, digest, (), tuple(sorted(outlets)))
            if model.unit_index(seed) is None and len(normalize_term(seed).split()) > 1:
                model = _model(store, digest, (seed,), tuple(sorted(outlets)))
        except DiscoveryError as error:
            st.warning(str(error))
            return
    st.caption(f"Model: {model.articles:,} articles, {model.tokens:,} words, {len(model.units):,} terms with "
               f"a vector (at least 5 occurrences); built in {model.seconds:.1f} s.")
    try:
        found = candidates(model, seed, top=top)
    except DiscoveryError as error:
        st.warning(str(error))
        return
    st.subheader(f"Candidates for \u201c{seed}\u201d")
    st.caption("cosine: similarity of the contexts (1 = the same); count: occurrences; per outlet: its count, and "
               "in the second table its share of that outlet's uses of all the listed terms. Shared contexts: "
               "the slots both terms fill (___ is the term).")
    table = candidate_table(model, seed, found)
    share_columns = [c for c in table.columns if c.startswith("share: ")]
    st.dataframe(table.drop(columns=share_columns), hide_index=True, key="lexicon_candidates")
    shares = table[["term", *share_columns]].rename(columns=lambda c: c.removeprefix("share: "))
    st.dataframe(shares, hide_index=True, key="lexicon_shares",
                 column_config={c: st.column_config.NumberColumn(format="percent") for c in shares.columns[1:]})
    with st.expander("Example sentences from each outlet", expanded=False):
        sentences = _examples(store, digest, tuple(table["term"]), tuple(sorted(outlets)))
        term = st.selectbox("Term", list(table["term"]), key="lexicon_example_term")
        st.dataframe(sentences[sentences["term"] == term], hide_index=True, key="lexicon_examples")
    _assignment_form(model, seed, found)


def _assignment_form(model: CooccurrenceModel, seed: str, found: list[Candidate]) -> None:
    st.subheader("Assign and save")
    existing = _existing_concepts()
    concept = st.text_input("Concept of these terms (snake_case; an existing one, or a new one)",
                            value=_concept_name(seed), key="lexicon_concept",
                            help="Existing concepts: " + ", ".join(existing))
    st.caption("Give each term a stance class toward what the concept names, or leave it out. "
               "A term can belong to one concept only; choose another concept per term if needed.")
    cosine_of = {c.term: c.cosine for c in found}
    terms = [model.units[model.unit_index(seed)], *(c.term for c in found)]
    heading_term, heading_stance, heading_concept = st.columns([3, 2, 2])
    heading_term.markdown("**term**")
    heading_stance.markdown("**stance class**")
    heading_concept.markdown("**concept**")
    for term in terms:
        name, stance_column, concept_column = st.columns([3, 2, 2])
        name.text(term)
        stance_column.selectbox("Stance", list(STANCE_OPTIONS), key=_widget_key("stance", term),
                                label_visibility="collapsed")
        concept_column.selectbox("Concept", list(dict.fromkeys([concept, *existing])), key=_widget_key("for", term),
                                 label_visibility="collapsed")
    file_name = st.text_input("Lexicon file name", value=DEFAULT_FILE, key="lexicon_file")
    if st.button("Save the lexicon", type="primary", key="lexicon_save"):
        choices = []
        for term in terms:
            stance = STANCE_OPTIONS[st.session_state[_widget_key("stance", term)]]
            if stance is None:
                continue
            chosen_concept = st.session_state.get(_widget_key("for", term)) or concept
            similarity = "the seed" if term not in cosine_of else f"cosine {cosine_of[term]:.2f} to {seed!r}"
            occurrences = int(model.unit_counts[model.unit_index(term)])
            choices.append(LexiconChoice(concept=chosen_concept, term=term, stance=stance,
                                         note=f"workbench: {similarity}; {occurrences} occurrences "
                                              f"in {model.articles} articles"))
        _save(file_name, choices)


def _lexicon_path(file_name: str) -> Path | None:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", file_name.strip()).strip("_")
    return user_lexicon_folder(data.store_path()) / f"{stem}.csv" if stem else None


def _save(file_name: str, choices: list[LexiconChoice]) -> None:
    path = _lexicon_path(file_name)
    if path is None:
        st.error("Name the lexicon file (letters, digits, - and _).")
        return
    if not choices:
        st.warning("Every term is left out: give at least one a stance class.")
        return
    bad = sorted({c.concept for c in choices if not _CONCEPT_ID.match(c.concept)})
    if bad:
        st.error(f"A concept must be snake_case (a-z, 0-9, _; starting with a letter); got {', '.join(bad)}.")
        return
    try:
        rows = save_user_lexicon(path, choices)
    except LexiconError as error:
        st.error(str(error))
        return
    st.session_state["_lexicon_notice"] = (f"Saved {len(choices)} term(s) to {path.name} ({len(rows)} in the file). "
                                           "Every page now uses it; the articles are analyzed again.")
    st.rerun()


def _saved_lexicons() -> None:
    folder = user_lexicon_folder(data.store_path())
    files = sorted(folder.glob("*.csv"))
    st.subheader("Saved lexicons")
    if not files:
        st.caption(f"None yet. Saved lexicons go to {folder} and are used by every page.")
        return
    st.caption(f"In {folder}; used by every page, in name order (a later file overrides an earlier one's terms).")
    for path in files:
        with st.expander(path.name):
            try:
                load_lexicon(extra_paths=[path])
                rows = read_user_lexicon(path)
            except (LexiconError, ValueError, KeyError) as error:
                st.error(f"{path.name} is not a valid lexicon: {error}")
                rows = []
            st.dataframe(pd.DataFrame([vars(row) for row in rows]), hide_index=True, key=f"lexicon_rows_{path.name}")
            if st.button(f"Delete {path.name}", key=f"lexicon_delete_{path.name}"):
                path.unlink()
                st.session_state["_lexicon_notice"] = f"Deleted {path.name}; the articles are analyzed again."
                st.rerun()
