"""Tests of the bundled lexicon file and of loading user lexicons (analysis.loaded_terms.load_lexicon)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.loaded_terms import BUNDLED_LEXICON, DATA_DIR, LexiconError, find_loaded_terms, load_lexicon

HEADER = "concept,term,stance,forms,variants,note\n"


def _write(tmp_path: Path, body: str, name: str = "mine.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_bundled_lexicon_loads_and_validates():
    lexicon = load_lexicon()
    assert lexicon.concepts == ("armed_groups", "syrian_government", "military_action", "territorial_control",
                                "the_dead", "foreign_backing")
    for entry in lexicon.entries:
        assert entry.stance in (-1, 0, 1, None)
        assert entry.origin.startswith(str(BUNDLED_LEXICON))


def test_bundled_lexicon_is_loaded_once():
    assert load_lexicon() is load_lexicon()


@pytest.mark.parametrize(("term", "concept", "stance"), [
    ("terrorist", "armed_groups", -1), ("terrorist group", "armed_groups", -1), ("takfiri", "armed_groups", -1),
    ("mercenary", "armed_groups", -1), ("jihadist", "armed_groups", -1), ("militant", "armed_groups", 0),
    ("gunman", "armed_groups", 0), ("insurgent", "armed_groups", 0), ("rebel", "armed_groups", 0),
    ("fighter", "armed_groups", 0), ("armed group", "armed_groups", 0), ("armed opposition", "armed_groups", 1),
    ("opposition", "armed_groups", 1), ("revolutionary", "armed_groups", 1),
    ("moderate opposition", "armed_groups", 1), ("freedom fighter", "armed_groups", 1),
    ("regime", "syrian_government", -1), ("assad regime", "syrian_government", -1),
    ("assad's forces", "syrian_government", -1), ("loyalist", "syrian_government", -1),
    ("government", "syrian_government", 0), ("syrian army", "syrian_government", 0),
    ("army", "syrian_government", 0), ("syrian arab army", "syrian_government", 1),
    ("syrian state", "syrian_government", 1),
    ("aggression", "military_action", -1), ("airstrike", "military_action", 0), ("strike", "military_action", 0),
    ("raid", "military_action", 0), ("bombardment", "military_action", 0),
    ("liberate", "territorial_control", 1), ("recapture", "territorial_control", 0),
    ("capture", "territorial_control", 0), ("seize", "territorial_control", 0),
    ("fell to", "territorial_control", 0),
    ("martyr", "the_dead", 1), ("victim", "the_dead", 1), ("killed", "the_dead", 0), ("dead", "the_dead", 0),
    ("foreign-backed", "foreign_backing", -1), ("saudi-backed", "foreign_backing", 0),
    ("us-backed", "foreign_backing", 0),
])
def test_required_terms_and_classes(term, concept, stance):
    entries = {entry.term: entry for entry in load_lexicon().entries}
    assert (entries[term].concept, entries[term].stance) == (concept, stance)


def test_ambiguous_terms_carry_a_note():
    entries = {entry.term: entry for entry in load_lexicon().entries}
    for term in ("army", "opposition", "government", "regime", "jihadist", "victim", "strike"):
        assert entries[term].note, term


def test_readme_documents_every_concept():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "## Lexicon" in readme
    for concept in load_lexicon().concepts:
        assert f"`{concept}`" in readme


def test_user_file_overrides_adds_and_drops(tmp_path):
    user = _write(tmp_path, HEADER + "armed_groups,rebel,-1,plural,,my reading\n"
                                     "armed_groups,daesh,-1,exact,,\n"
                                     "syrian_government,army,drop,,,\n")
    lexicon = load_lexicon(extra_paths=[user])
    text = "Daesh, the rebels and the army"
    assert [(m.term, m.stance) for m in find_loaded_terms(text, lexicon)] == [("daesh", -1), ("rebel", -1)]
    assert find_loaded_terms(text, load_lexicon())[-1].term == "army"  # the bundled lexicon is untouched


def test_user_file_can_move_a_term_to_another_concept(tmp_path):
    user = _write(tmp_path, HEADER + "political_actors,opposition,0,exact,,\n")
    (match,) = find_loaded_terms("the opposition", load_lexicon(extra_paths=[user]))
    assert (match.concept, match.stance) == ("political_actors", 0)


def test_a_user_file_alone_as_base(tmp_path):
    base = _write(tmp_path, "# my own\n" + HEADER + "weather,storm,0,plural,,\n")
    lexicon = load_lexicon(base)
    assert lexicon.concepts == ("weather",)
    assert [m.term for m in find_loaded_terms("two storms and terrorists", lexicon)] == ["storm"]


def test_edited_file_is_read_again(tmp_path):
    user = _write(tmp_path, HEADER + "armed_groups,daesh,-1,exact,,\n")
    assert any(e.term == "daesh" for e in load_lexicon(extra_paths=[user]).entries)
    _write(tmp_path, HEADER + "armed_groups,daesh,-1,exact,,\narmed_groups,isis,-1,exact,,\n")
    assert any(e.term == "isis" for e in load_lexicon(extra_paths=[user]).entries)


@pytest.mark.parametrize(("body", "line", "problem"), [
    (HEADER + "armed_groups,rebel,-2,plural,,\n", 2, "stance must be -1, 0, 1, exclude or drop; got '-2'"),
    (HEADER + "Armed Groups,rebel,0,plural,,\n", 2, "concept must be a snake_case identifier"),
    (HEADER + "armed_groups,rebel,0,plurals,,\n", 2, "forms must be one of plural, verb, exact; got 'plurals'"),
    (HEADER + "armed_groups,,0,plural,,\n", 2, "term must start with a letter or digit"),
    (HEADER + "armed_groups,-rebel,0,plural,,\n", 2, "term must start with a letter or digit"),
    (HEADER + "armed_groups,rebel,0,plural,bad|@x,\n", 2, "variant must start with a letter or digit"),
    (HEADER + "# comment\narmed_groups,daesh,0,exact,,\narmed_groups,Daesh,-1,exact,,\n", 4,
     "term 'daesh' is already on line 3"),
    (HEADER + "armed_groups,unheard of,drop,,,\n", 2, "stance 'drop' for 'unheard of'"),
    (HEADER + "armed_groups,rebel,0,plural,,note,extra\n", 2, "7 cells for 6 columns"),
    (HEADER + 'armed_groups,"rebel,0,plural,,\n', 2, "not a CSV line"),
    ("concept,term,forms\n", 1, "header lacks column(s) stance"),
    ("concept,term,stance,colour\n", 1, "unknown column(s) colour"),
    (HEADER + "armed_groups,daesh,-1,plural,,\narmed_groups,isis,-1,plural,daeshes,\n", 3,
     "form 'daeshes' of term 'isis' is also a form of 'daesh'"),
])
def test_broken_user_file_gives_one_line_naming_file_and_line(tmp_path, body, line, problem):
    user = _write(tmp_path, body)
    with pytest.raises(LexiconError) as raised:
        load_lexicon(extra_paths=[user])
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{user}:{line}: ")
    assert problem in message


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(LexiconError, match="nope.csv: cannot read the lexicon file"):
        load_lexicon(extra_paths=[missing])


def test_non_utf8_file_is_named(tmp_path):
    user = tmp_path / "latin.csv"
    user.write_bytes(HEADER.encode() + "armed_groups,r\xe9volutionnaire,1,plural,,\n".encode("latin-1"))
    with pytest.raises(LexiconError, match="latin.csv: not UTF-8 text"):
        load_lexicon(extra_paths=[user])


def test_empty_file_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="no header line"):
        load_lexicon(_write(tmp_path, "# only a comment\n"))
    with pytest.raises(LexiconError, match="defines no terms"):
        load_lexicon(_write(tmp_path, HEADER, name="empty.csv"))


# --- Targets (data/targets.csv and user targets files) -------------------------------------------------------------

TARGET_HEADER = "concept,target,headline,names,note\n"


def test_bundled_targets_load_with_the_lexicon():
    lexicon = load_lexicon()
    assert lexicon.targets_of("armed_groups") == ("isis", "al_qaeda", "syrian_opposition", "kurdish_forces",
                                                  "pro_government_forces", "unspecified")
    assert lexicon.targets_of("syrian_government") == ("state", "army", "other", "unspecified")
    assert lexicon.targets_of("the_dead") == ()
    assert lexicon.headline_targets("armed_groups") == {"syrian_opposition", "unspecified"}
    assert lexicon.headline_targets("syrian_government") == {"state", "army", "unspecified"}


def test_readme_documents_every_target():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "## Targets" in readme
    for target in load_lexicon().targets:
        assert f"`{target.target}`" in readme, target.target


def test_user_targets_file_adds_and_replaces_targets(tmp_path):
    user = _write(tmp_path, "# my targets\n" + TARGET_HEADER +
                  "armed_groups,jund_al_aqsa,yes,jund al-aqsa|jund al aqsa,split from al_qaeda\n"
                  "armed_groups,isis,yes,islamic state|daesh|IS,\n", name="my_targets.csv")
    lexicon = load_lexicon(extra_paths=[user])
    assert "jund_al_aqsa" in lexicon.targets_of("armed_groups")
    assert {"jund_al_aqsa", "isis"} <= lexicon.headline_targets("armed_groups")
    (match,) = find_loaded_terms("Jund al-Aqsa militants fled.", lexicon)
    assert (match.target, match.in_headline_stance) == ("jund_al_aqsa", True)
    # A name given again moves to the later target; the replaced isis target keeps only its new names.
    assert "jund al-aqsa" not in next(t for t in lexicon.targets if t.target == "al_qaeda").names
    (match,) = find_loaded_terms("ISIL militants fled.", lexicon)
    assert match.target == "unspecified"
    assert find_loaded_terms("ISIL militants fled.", load_lexicon())[0].target == "isis"


def test_user_targets_file_together_with_user_terms(tmp_path):
    terms = _write(tmp_path, HEADER + "armed_groups,daeshi,-1,plural,,\n", name="terms.csv")
    targets = _write(tmp_path, TARGET_HEADER + "armed_groups,hurras,no,hurras al-din,\n", name="targets.csv")
    lexicon = load_lexicon(extra_paths=[terms, targets])
    (match,) = find_loaded_terms("Hurras al-Din daeshis attacked.", lexicon)
    assert (match.term, match.target, match.in_headline_stance) == ("daeshi", "hurras", False)


@pytest.mark.parametrize(("body", "problem"), [
    (TARGET_HEADER + "weather,storm,no,storm,\n", "concept 'weather' has no terms in the lexicon"),
    (TARGET_HEADER + "armed_groups,unspecified,no,nobody,\n", "target 'unspecified' is implicit"),
    (TARGET_HEADER + "armed_groups,hurras,maybe,hurras al-din,\n", "headline must be yes or no; got 'maybe'"),
    (TARGET_HEADER + "armed_groups,hurras,no,,\n", "names must list at least one name"),
    (TARGET_HEADER + "armed_groups,Hurras,no,hurras,\n", "target must be a snake_case identifier"),
    (TARGET_HEADER + "armed_groups,hurras__x,no,hurras,\n", "must not contain '__'"),
    (TARGET_HEADER + "armed_groups,hurras,no,hurras al-din,\narmed_groups,hurras_two,no,hurras al-din,\n",
     "is also a name on"),
    ("concept,target,names\narmed_groups,hurras,hurras\n", "header lacks column(s) headline"),
])
def test_broken_targets_file_gives_one_line_naming_the_problem(tmp_path, body, problem):
    user = _write(tmp_path, body, name="bad_targets.csv")
    with pytest.raises(LexiconError) as raised:
        load_lexicon(extra_paths=[user])
    message = str(raised.value)
    assert str(user) in message and problem in message and "\n" not in message
