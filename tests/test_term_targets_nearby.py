"""Tests of targets whose names resolve a term only when bound to it (targets.csv column ``nearby``: no)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.loaded_terms import LexiconError, find_loaded_terms, load_lexicon
from analysis.term_targets import NameMention, article_layout, resolve_target


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _resolved(text: str, lexicon, words: str) -> tuple[str, str]:
    match = next(m for m in find_loaded_terms(text, lexicon) if text[m.start:m.end] == words)
    return match.target, match.target_basis


def test_bundled_pro_government_forces_resolve_only_when_bound(lexicon):
    assert lexicon.bound_only_targets("armed_groups") == {"pro_government_forces"}
    assert lexicon.bound_only_targets("syrian_government") == frozenset()


@pytest.mark.parametrize(("text", "words", "expected"), [
    # Bound: modifier, apposition, head.
    ("Hezbollah fighters crossed the border.", "fighters", ("pro_government_forces", "modifier")),
    ("the fighters of Hezbollah withdrew", "fighters", ("pro_government_forces", "apposition")),
    # Near but not bound: the militia is the side fighting them.
    ("Hezbollah al-Nujaba intensified its attacks against the terrorists positions.", "terrorists",
     ("unspecified", "none")),
    ("The Syrian army backed by allied militia has captured villages from insurgents.", "insurgents",
     ("unspecified", "none")),
    # The nearest other name in the sentence is used instead.
    ("Hezbollah attacked the terrorists of the town while ISIS fled.", "terrorists", ("isis", "sentence")),
])
def test_a_bound_only_name_resolves_only_through_binding_rules(lexicon, text, words, expected):
    assert _resolved(text, lexicon, words) == expected


def test_previous_sentence_and_headline_skip_bound_only_names():
    text = "Hezbollah advances\nHezbollah shelled the hills. The terrorists fled."
    start = text.index("terrorists")
    names = [NameMention(0, 9, "armed_groups", "pro_government_forces"),
             NameMention(19, 28, "armed_groups", "pro_government_forces")]
    layout = article_layout(text)
    assert resolve_target(text, start, start + 10, names, layout, inflected=True).target == "pro_government_forces"
    skipped = resolve_target(text, start, start + 10, names, layout, inflected=True,
                             bound_only=frozenset({"pro_government_forces"}))
    assert (skipped.target, skipped.basis) == ("unspecified", "none")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "my_targets.csv"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_targets_file_sets_nearby_and_defaults_to_yes(tmp_path):
    user = _write(tmp_path, "concept,target,headline,names,nearby,note\n"
                            "armed_groups,pro_government_forces,no,hezbollah,yes,\n"
                            "armed_groups,hurras,no,hurras al-din,no,\n")
    lexicon = load_lexicon(extra_paths=[user])
    assert lexicon.bound_only_targets("armed_groups") == {"hurras"}
    without_column = _write(tmp_path, "concept,target,headline,names,note\narmed_groups,hurras,no,hurras al-din,\n")
    assert "hurras" not in load_lexicon(extra_paths=[without_column]).bound_only_targets("armed_groups")


def test_a_bad_nearby_value_is_one_line_naming_the_file(tmp_path):
    user = _write(tmp_path, "concept,target,headline,names,nearby,note\narmed_groups,hurras,no,hurras al-din,maybe,\n")
    with pytest.raises(LexiconError, match=r"my_targets\.csv:2: nearby must be yes or no"):
        load_lexicon(extra_paths=[user])
