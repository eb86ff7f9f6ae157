"""Tests for the steps of the analysis.attribution package: document, mentions, passes, verb check,
resolution, records and the data files they read. Each pass has a positive and a negative case and
can be switched off."""

from __future__ import annotations

import pytest

from analysis.attribution import FALLBACK_AFFILIATION, SWITCHABLE_STEPS, extract_attributions
from analysis.attribution.document import read_document
from analysis.attribution.extract import could_be_noun, verb_check
from analysis.attribution.mentions import _describe, names_no_source
from analysis.attribution.passes import PASSES, Candidate
from analysis.attribution.resolution import affiliation_in_article, dateline_government, fullest_name
from analysis.attribution.tagging import verb_offsets
from analysis.attribution.vocabulary import DataFileError, places, word_lists

# (pass, a text it finds an attribution in, a text it finds none in)
PASS_CASES = {
    "direct_quotations": ("“The talks will resume,” Sergei Lavrov said.",
                          "“The talks will resume,” read the banner."),
    "according_to": ("Twelve people died, according to the White Helmets.",
                     "Twelve people died according to plan, and nothing else."),
    "quoted_as_saying": ("TASS quoted a senior diplomat as saying that the meeting was off.",
                         "TASS quoted the statement in full."),
    "indirect_speech": ("The Turkish army said that its jets struck three targets.",
                        "The Turkish army struck three targets."),
    "headlines": ("Ceasefire in Idlib holds for a second day: Monitor\n\nThe truce held.",
                  "Ceasefire in Idlib holds for a second day\n\nThe truce held."),
    "continuations": ("“We will rebuild the hospital,” Nizar Yazigi said.\n\n“Every clinic will reopen before winter.”",
                      "The minister visited.\n\n“Every clinic will reopen before winter.”"),
}


def _pass_output(name: str, text: str) -> tuple[Candidate, ...]:
    document = read_document(text)
    candidates: list[Candidate] = []
    used: frozenset[int] = frozenset()
    for pass_name, run in PASSES:
        output = run(document, tuple(candidates), used)
        if pass_name == name:
            return output.candidates
        candidates.extend(output.candidates)
        used |= output.used_verbs
    raise AssertionError(name)


@pytest.mark.parametrize("name", list(PASS_CASES))
def test_each_pass_finds_its_pattern_and_not_the_negative(name: str) -> None:
    positive, negative = PASS_CASES[name]
    assert _pass_output(name, positive)
    assert not _pass_output(name, negative)


@pytest.mark.parametrize("name", list(PASS_CASES))
def test_each_pass_can_be_switched_off(name: str) -> None:
    positive, _ = PASS_CASES[name]
    # Without the pass its record is gone or found otherwise (a later pass reading the same verb).
    assert extract_attributions(positive, without=(name,)) != extract_attributions(positive)


def test_without_rejects_unknown_steps() -> None:
    with pytest.raises(ValueError, match="unknown step"):
        extract_attributions("He said so.", without=("grammar",))
    assert set(SWITCHABLE_STEPS) >= {"verb_check", "resolution", "deduplication"}


def test_document_step_keeps_sentences_whole_around_quotations() -> None:
    document = read_document("“It ended. We left,” he said. Then rain.")
    assert [document.text[s.start:s.end] for s in document.sentences] == ["“It ended. We left,” he said.", "Then rain."]
    assert len(document.quotations) == 1


def test_verb_check_drops_nouns_and_keeps_verbs() -> None:
    assert extract_attributions("Voters in Rust Belt states that have lost jobs are angry.") == []
    kept = extract_attributions("Bernie Sanders states that he will win.")
    assert [a.verb for a in kept] == ["states"]
    # Without the check, the noun is read as a cue.
    assert extract_attributions("Voters in Rust Belt states that have lost jobs are angry.", without=("verb_check",))


def test_verb_check_tags_only_forms_that_could_be_nouns() -> None:
    text = "Bernie Sanders states that he will win. Bernie Sanders said that he will win."
    document = read_document(text)
    candidates = [c for _, run in PASSES[3:4] for c in run(document, (), frozenset()).candidates]
    assert [could_be_noun(c) for c in candidates] == [True, False]
    assert len(verb_check(document, candidates)) == 2
    assert text.index("states") in verb_offsets(text, [(0, 39)])
    assert verb_offsets(text, []) == frozenset()


@pytest.mark.parametrize(("text", "no_source"), [
    ("Homs said", True), ("Syrian said", True), ("the Midwest said", True),
    ("Moscow said", False), ("Aleppo Police Command said", False), ("Ahmad Saleh said", False),
])
def test_places_and_bare_adjectives_name_no_source(text: str, no_source: bool) -> None:
    mention = _describe(text, 0, text.index(" said"))
    assert names_no_source(text, mention) is no_source


def test_place_never_becomes_the_speaker() -> None:
    speakers = [a.speaker for a in extract_attributions("Fighting raged in the north, Aleppo said.")]
    assert "Aleppo" not in speakers


def test_state_institution_takes_the_government_of_the_place_it_names() -> None:
    [attribution] = extract_attributions("A source at Aleppo Police Command said that two shells hit the city.")
    assert attribution.affiliation == "syria_gov"


def test_dateline_government_decides_a_ministry_without_a_country() -> None:
    text = "MOSCOW (Reuters) - The Defense Ministry said that the convoy was hit."
    document = read_document(text)
    assert dateline_government(text, document.sentences) == "russia_gov"
    assert extract_attributions(text)[0].affiliation == "russia_gov"
    # No dateline: the extractor cannot decide, and says so.
    assert extract_attributions("The Defense Ministry said that the convoy was hit.")[0].affiliation == "unknown"


def test_undecided_affiliation_is_unknown_not_other() -> None:
    [attribution] = extract_attributions("Ahmad Saleh said that the rescuers were still searching.")
    assert FALLBACK_AFFILIATION == "unknown" and attribution.affiliation == "unknown"


def test_person_affiliation_and_fullest_name_from_elsewhere_in_the_article() -> None:
    text = ("Russian Deputy Foreign Minister Gennady Gatilov arrived in Geneva on Monday.\n\n"
            "Gatilov said the talks would resume.")
    [attribution] = extract_attributions(text)
    assert (attribution.speaker, attribution.affiliation) == ("Gennady Gatilov", "russia_gov")
    assert text[attribution.speaker_start:attribution.speaker_end] == "Gatilov"
    assert affiliation_in_article(text, "Gennady Gatilov") == "russia_gov"
    assert fullest_name(text, "Gatilov") == "Gennady Gatilov"
    assert fullest_name("Gatilov said so.", "Gatilov") == "Gatilov"


def test_numeral_description_is_kept_whole() -> None:
    [attribution] = extract_attributions("One resident said the shelling went on all night.")
    assert (attribution.speaker, attribution.speaker_type, attribution.affiliation) == (
        "One resident", "anonymous", "witness")


def test_second_quotation_after_the_attribution_continues_the_speaker() -> None:
    text = "“They’re worried,” Ben Carson said. “There is no question about it.”"
    first, second = extract_attributions(text)
    assert first.speaker == second.speaker == "Ben Carson"
    assert second.content == "There is no question about it." and second.verb == ""
    # A quotation after a sentence that attributes nothing is not a continuation.
    assert len(extract_attributions("The crowd cheered. “There is no question about it.”")) == 0


def test_resolution_switched_off_keeps_mentions_as_written() -> None:
    text = "Kremlin spokesman Dmitry Peskov said Moscow backs the truce. He added that the talks would resume."
    assert [a.speaker for a in extract_attributions(text)] == ["Dmitry Peskov"] * 2
    # Unresolved, "He" names no one.
    assert [a.speaker for a in extract_attributions(text, without=("resolution",))] == [
        "Dmitry Peskov", "unidentified speaker"]


def test_word_lists_and_places_are_read_from_data(tmp_path) -> None:  # noqa: ANN001
    lists = word_lists()
    assert "he" in lists["pronoun_person"] and "several" in lists["determiner"]
    assert places()["Homs"] == "syria_gov"
    bad = tmp_path / "words.csv"
    bad.write_text("list,word\nadverbs,quickly\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"words.csv:2: list 'adverbs'"):
        word_lists(bad)


@pytest.mark.parametrize(("text", "speaker"), [
    ("Former prosecutors said investigators were under pressure.", "Former prosecutors"),
    ("But opponents say the rapid wage increase will hurt.", "opponents"),
    ("On Tuesday, the company said it would not file in time.", "company"),
])
def test_common_noun_subject_is_a_speaker(text: str, speaker: str) -> None:
    [attribution] = extract_attributions(text)
    assert attribution.speaker == speaker and attribution.affiliation == "unknown"


@pytest.mark.parametrize("text", [
    "They had “the right to respond in time” and nothing more.",  # a noun inside a clause, not a subject
    "It joined the temporary truce announced by regime forces.",  # a participle after a noun
])
def test_noun_inside_a_clause_is_not_a_speaker(text: str) -> None:
    assert extract_attributions(text) == []


def test_unresolved_pronoun_is_never_the_speaker() -> None:
    [attribution] = extract_attributions("They said the deal was dead.")
    assert attribution.speaker == "unidentified speaker" and attribution.speaker_type == "anonymous"
    assert text_slice("They said the deal was dead.", attribution) == "They"


def text_slice(text: str, attribution) -> str:  # noqa: ANN001
    return text[attribution.speaker_start:attribution.speaker_end]


@pytest.mark.parametrize("text", [
    "Editor’s note: Donald Trump is a liar, the editors said.",
    "Photo: Rebels said they took the town.",
])
def test_captions_and_editors_notes_are_not_attributions(text: str) -> None:
    assert extract_attributions(text) == []


@pytest.mark.parametrize(("text", "speaker", "verb"), [
    ("Polls show that Trump leads in Iowa.", "Polls", "show"),
    ("A new report found that the program failed.", "report", "found"),
    ("Clinton leads 50% to 40%, according to a CNN/WMUR poll.", "a CNN/WMUR poll", "according to"),
])
def test_evidential_attributions_have_a_document_source(text: str, speaker: str, verb: str) -> None:
    [attribution] = extract_attributions(text)
    assert (attribution.speaker, attribution.speaker_type, attribution.verb) == (speaker, "document", verb)


@pytest.mark.parametrize("text", ["Rescuers found nine bodies.", "The video shows the attack on the town."])
def test_evidential_verbs_with_a_non_document_subject_are_actions(text: str) -> None:
    assert extract_attributions(text) == []


def test_state_outlet_decides_its_anonymous_military_source() -> None:
    text = "A military source said that the army advanced near Palmyra."
    assert extract_attributions(text)[0].affiliation == "unknown"
    assert extract_attributions(text, outlet="sana")[0].affiliation == "syria_gov"
    assert extract_attributions(text, outlet="Reuters")[0].affiliation == "unknown"


def test_common_noun_subject_keeps_the_actor_it_names() -> None:
    [attribution] = extract_attributions("Syrian state media said nine people died.")
    assert (attribution.speaker, attribution.affiliation) == ("Syrian state media", "media")


def test_parenthetical_attribution_keeps_both_sides_of_the_content() -> None:
    [attribution] = extract_attributions("In a merger, Fiorina said, the HP brand would survive and she would stay.")
    assert attribution.content == "In a merger, Fiorina said, the HP brand would survive and she would stay"
    # An attribution that ends its content, or is followed by the reporter's own clause, keeps it before.
    assert [a.content for a in extract_attributions("The truce holds, the army said, as fighting raged.")] == [
        "The truce holds"]


def test_verb_without_a_speaker_does_not_cut_the_content() -> None:
    [attribution] = extract_attributions("Edward Gordon said he did not recall whether the Clintons stayed there.")
    assert attribution.content == "he did not recall whether the Clintons stayed there"


def test_honorific_is_part_of_the_mention() -> None:
    [attribution] = extract_attributions("The deal is dead, Sen. Lindsey Graham said.")
    text = "The deal is dead, Sen. Lindsey Graham said."
    assert text[attribution.speaker_start:attribution.speaker_end] == "Sen. Lindsey Graham"
    assert attribution.speaker == "Lindsey Graham"


@pytest.mark.parametrize("text", ["Homs Governorate said that nine people died.",
                                  "The governor of Homs said that nine people died."])
def test_place_ending_in_s_decides_its_institutions_government(text: str) -> None:
    assert extract_attributions(text)[0].affiliation == "syria_gov"


@pytest.mark.parametrize(("text", "affiliation"), [
    ("Rebels and activists said the town fell.", "syria_opposition"),
    ("The Syrian National Coalition and the Syrian Observatory for Human Rights said the town fell.",
     "syria_opposition"),
    ("The Syrian Observatory for Human Rights and the Syrian National Coalition said the town fell.", "ngo"),
])
def test_joint_speakers_take_the_first_named_affiliation(text: str, affiliation: str) -> None:
    assert extract_attributions(text)[0].affiliation == affiliation
