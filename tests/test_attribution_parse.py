"""Tests for analysis.attribution.parse (the dependency-parse pass), its data file, the continuation of
"“A,” X said, “B”" and the evaluation's joining of one cue's contents."""

from __future__ import annotations

import pytest

from analysis.attribution import extract_attributions
from analysis.attribution import parse as parse_module
from analysis.attribution.document import read_document
from analysis.attribution.parse import _cue_sites, parsed_clause_candidates, parsed_cues
from analysis.attribution.vocabulary import DataFileError
from evaluation.evaluate_attributions import join_continuations


def _parsed(text: str) -> list[tuple[str, str, str]]:
    """(speaker mention, verb, content) of the parse pass alone, with no earlier candidates."""
    candidates = parsed_clause_candidates(read_document(text), (), frozenset())
    return [(c.mention.text if c.mention else "", c.verb, text[c.content_start:c.content_end]) for c in candidates]


@pytest.mark.parametrize(("text", "expected"), [
    # A subject that the verb does not touch: the rule passes miss it.
    ("Sen. Bernie Sanders (I-Vt.) said Sunday in Madison, Wisconsin, that he was hoping for a large turnout.",
     ("Sen. Bernie Sanders", "said", "that he was hoping for a large turnout")),
    # "called X Y": the object with its predicate is the content.
    ("Trump called Clinton a liar.", ("Trump", "called", "Clinton a liar")),
    # A to-clause.
    ("He vowed to repeal the law.", ("He", "vowed", "to repeal the law")),
    # An object completed by a to-clause.
    ("The mayor urged voters to stay home.", ("The mayor", "urged", "voters to stay home")),
    # A phrasal cue: "called for" is "call for", whose object is the content.
    ("The senator called for a ban on assault weapons.", ("The senator", "called for", "a ban on assault weapons")),
    # A preposition's object after a speech verb.
    ("Obama spoke about the economy on Monday.", ("Obama", "spoke", "the economy")),
])
def test_parse_pass_reads_subject_and_content(text: str, expected: tuple[str, str, str]) -> None:
    assert _parsed(text) == [expected]


@pytest.mark.parametrize("text", [
    "The army called a meeting.",  # "call" reports only with an object and its predicate
    "Officials did not say whether the talks would resume.",  # negated
    "We stress that civilians were not targeted.",  # a stripped quotation's "we", not a speaker
    "We have seen the reports that indicate that people were killed.",  # "that" names no speaker
    "He said nothing new.",  # "say" reports a clause, not a bare object
    "Fighting raged in the north, Aleppo said.",  # a place is never a speaker
])
def test_parse_pass_negative_cases(text: str) -> None:
    assert _parsed(text) == []


@pytest.mark.parametrize(("text", "speaker"), [
    ("Analysts have warned that the government advances around Aleppo could be devastating.", "Analysts"),
    ("Critics argued that the plan would fail.", "Critics"),  # a title's plural
    ("Sanders said that the system is rigged.", "Sanders"),  # a name the tagger calls a noun
])
def test_parse_pass_speaker_can_speak(text: str, speaker: str) -> None:
    assert [found[0] for found in _parsed(text)] == [speaker]


@pytest.mark.parametrize("text", [
    # Things the parser made the subject of a cue verb: no source is named.
    "A video shows two young men in orange jumpsuits who say they filmed the areas.",
    "Global outrage over the siege has led the United States to state that it will reconsider intervention.",
])
def test_parse_pass_drops_subjects_that_cannot_speak(text: str) -> None:
    assert _parsed(text) == []


def test_parse_pass_does_not_parse_nouns_or_used_verbs() -> None:
    text = "The talks ended. Peskov's comments came late. The Islamic State fighters left. He said that it rained."
    document = read_document(text)
    sites = list(_cue_sites(document, frozenset()))
    assert [document.text[s.start:s.end] for s, _ in sites] == ["He said that it rained."]
    # A verb an earlier pass used is not read again.
    assert list(_cue_sites(document, frozenset({text.index("said")}))) == []


def test_relative_clause_speaker_is_the_noun_and_its_span_reaches_the_pronoun() -> None:
    text = "The deal was signed by Borges, who predicted that one third of the vote would be cast early."
    [(mention, verb, content)] = _parsed(text)
    assert (verb, content) == ("predicted", "that one third of the vote would be cast early")
    [record] = [a for a in extract_attributions(text) if a.verb == "predicted"]
    assert record.speaker == "Borges"
    assert text[record.speaker_start:record.speaker_end] == "Borges, who"


def test_parse_pass_is_switchable_and_adds_to_the_rules() -> None:
    text = "Sen. Bernie Sanders (I-Vt.) said Sunday in Madison, Wisconsin, that he was hoping for a large turnout."
    assert [a.speaker for a in extract_attributions(text)] == ["Bernie Sanders"]
    assert extract_attributions(text, without=("parsed_clauses",)) == []


def test_parse_pass_leaves_what_the_rules_found() -> None:
    text = "Bernie Sanders said that he will win."
    assert [(a.verb, a.content) for a in extract_attributions(text)] == [("said", "he will win")]
    assert extract_attributions(text) == extract_attributions(text, without=("parsed_clauses",))


def test_parsed_cues_file_is_read_and_checked(tmp_path, monkeypatch) -> None:
    by_form, pattern = parsed_cues()
    assert [cue.lemma for cue in by_form["called"]] == ["call for", "call on", "call"]
    assert by_form["praised"][0].verb_class == "endorsing"
    assert pattern.search("she praised him") and not pattern.search("a callous act")
    bad = tmp_path / "parsed_cues.csv"
    bad.write_text("lemma,forms,class,content\nhail,hail|hails,cheerful,object\n", encoding="utf-8")
    monkeypatch.setattr(parse_module, "PARSED_CUES_FILE", bad)
    parsed_cues.cache_clear()
    try:
        with pytest.raises(DataFileError, match="cheerful"):
            parsed_cues()
    finally:
        monkeypatch.undo()
        parsed_cues.cache_clear()


def test_quotation_after_the_attribution_of_a_quotation_continues_its_speaker() -> None:
    text = ("“We were nose-to-nose at the coffin ceremony,” Patricia Smith said. “She told me it was the fault "
            "of the video. I said are you sure?”")
    records = extract_attributions(text)
    assert [(a.speaker, a.verb) for a in records] == [("Patricia Smith", "said"), ("Patricia Smith", "")]
    assert records[1].content == "She told me it was the fault of the video. I said are you sure?"


def test_scare_quote_after_an_attribution_is_not_a_continuation() -> None:
    text = "“A thing is a thing,” Jeb Bush said. Later the crowd chanted about the “death tax for all the people”."
    assert all(a.verb for a in extract_attributions(text))


def test_join_continuations_joins_two_contents_of_one_cue() -> None:
    text = "“We are ready,” Carson said, “and we will win the state.”\n\n“Nothing else matters,” Cruz said."
    records = extract_attributions(text)
    assert len(records) == 3
    joined = join_continuations(text, records)
    assert [a.content for a in joined] == ["We are ready,” Carson said, “and we will win the state.",
                                           "Nothing else matters,"]


def test_join_continuations_keeps_two_cues_of_one_speaker_apart() -> None:
    text = "Carson said that he was ready. Carson added that he would win."
    records = extract_attributions(text)
    assert len(join_continuations(text, records)) == len(records) == 2


def test_sentences_end_before_a_doubled_apostrophe_quotation() -> None:
    text = "The heroine resembles Ms. Sherry, but with less gloss. ''I wanted her to be relatable,'' Ms. Sherry said."
    document = read_document(text)
    assert [text[s.start:s.end] for s in document.sentences] == [
        "The heroine resembles Ms. Sherry, but with less gloss.",
        "''I wanted her to be relatable,'' Ms. Sherry said."]
    assert [a.content for a in extract_attributions(text)] == ["I wanted her to be relatable,"]


@pytest.mark.parametrize(("text", "content"), [
    # The clause goes on after the source: the whole sentence is the content (PolNeAR's span).
    ("In Iowa, Trump is in first, according to the Real Clear Politics polling average, although Carson "
     "keeps it competitive.",
     "In Iowa, Trump is in first, according to the Real Clear Politics polling average, although Carson "
     "keeps it competitive"),
    # Inside parentheses: what they hold.
    ("His claim was wrong (the actual number is closer to 15 percent, according to Factcheck.org).",
     "the actual number is closer to 15 percent"),
    # The source ends the sentence: the clause before it.
    ("Twelve people died, according to the White Helmets.", "Twelve people died"),
])
def test_according_to_content_inside_a_sentence(text: str, content: str) -> None:
    assert [a.content for a in extract_attributions(text) if a.verb_lemma == "according to"] == [content]


def test_title_case_headline_cue_is_parsed_but_a_capitalized_noun_in_prose_is_not() -> None:
    assert _parsed("Trump Says He Never Pledged To Kill Family Members Of Terrorists") == [
        ("Trump", "Says", "He Never Pledged To Kill Family Members Of Terrorists")]
    document = read_document("Fighters of the Islamic State say that the city fell.")
    [(sentence, offsets)] = _cue_sites(document, frozenset())
    assert offsets == frozenset({document.text.index("say")})


def test_cue_inside_an_earlier_content_is_not_parsed() -> None:
    from analysis.attribution.document import SpanIndex
    text = "The minister said that the army condemned the attack on Monday."
    document = read_document(text)
    assert list(_cue_sites(document, frozenset({text.index("said")})))  # "condemned" alone would be parsed
    content = (text.index("the army"), len(text) - 1)
    assert list(_cue_sites(document, frozenset({text.index("said")}), SpanIndex([content]))) == []


def test_document_only_cue_is_parsed_only_after_a_document_word() -> None:
    shows = read_document("The video shows that the army fired first.")
    assert list(_cue_sites(shows, frozenset())) == []
    poll = read_document("The latest poll shows that Trump leads in Ohio.")
    assert [offsets for _, offsets in _cue_sites(poll, frozenset())] == [frozenset({poll.text.index("shows")})]


def test_a_noun_taken_for_a_verb_does_not_hide_the_cue_after_it() -> None:
    # The indirect pass reads "report" in "A recent report" as a verb whose content runs over "showed ...";
    # the verb check removes it before the parse pass, which then reads "showed".
    text = "A recent report issued by the Syrian Network for Human Rights showed that strikes killed 1200 civilians."
    assert [(a.verb, a.content) for a in extract_attributions(text)] == [
        ("showed", "that strikes killed 1200 civilians")]
    assert extract_attributions(text, without=["parsed_clauses"]) == []
