"""Speakers and affiliations of analysis.attribution (issue 11): each resolution rule with a positive and a
negative case, on synthetic sentences written like the FA-KES texts (commas and apostrophes often stripped)."""

from __future__ import annotations

import pytest

from analysis.attribution import extract_attributions
from analysis.attribution.resolution import state_body_government
from analysis.attribution.vocabulary import DataFileError, state_bodies


def _only(text: str, *, outlet: str | None = None):
    found = extract_attributions(text, outlet=outlet)
    assert len(found) == 1, found
    return found[0]


def _speaker_of(text: str, content_start: str):
    """The attribution whose content starts with ``content_start``."""
    for attribution in extract_attributions(text):
        if attribution.content.startswith(content_start):
            return attribution
    raise AssertionError(f"no attribution of {content_start!r} in {text!r}")


# A place qualifier after the source belongs to the mention, never stands for it.

def test_a_source_in_the_city_is_the_mention_not_the_city() -> None:
    text = "A police source in the city said the initial toll included 55 people."
    record = _only(text)
    assert record.speaker == "A police source in the city"
    assert text[record.speaker_start:record.speaker_end] == "A police source in the city"


def test_a_qualifier_that_opens_the_sentence_is_not_taken() -> None:
    record = _only("In the city residents said the toll included 55 people.")
    assert record.speaker == "residents"
    assert record.affiliation == "witness"


# Descriptions that name their side: modifiers no longer cut a mention short; local and medical sources.

def test_turkish_presidential_sources_are_turkey_gov() -> None:
    record = _only("Turkish presidential sources said the two leaders spoke by phone.")
    assert record.speaker == "Turkish presidential sources"
    assert record.affiliation == "turkey_gov"


def test_local_sources_are_witnesses_and_bare_sources_stay_unknown() -> None:
    assert _only("Local sources told the agency that shells hit the town.").affiliation == "witness"
    assert _only("Sources told the agency that shells hit the town.").affiliation == "unknown"


def test_an_acronym_actor_is_matched_in_its_own_case_only() -> None:
    assert _only("The WHO said ten hospitals were hit.").affiliation == "un"
    found = extract_attributions("A video showed men who said they were from the town.")
    assert all(record.speaker.lower() != "who" for record in found)


# "Its head X": a named speaker introduced by an organization's possessive.

def test_its_head_names_the_speaker_and_takes_the_organizations_side() -> None:
    text = "The Observatory said ten people died. Its head Ahmad Omar said the toll could rise."
    record = _speaker_of(text, "the toll")
    assert record.speaker == "Ahmad Omar"
    assert record.affiliation == "ngo"


def test_its_head_with_no_organization_before_stays_unknown() -> None:
    record = _only("Its head Ahmad Omar said the toll could rise.")
    assert record.speaker == "Ahmad Omar"
    assert record.affiliation == "unknown"


def test_his_spokesman_still_resolves_to_the_possessor() -> None:
    text = "Sergei Lavrov said talks would go on. His spokesman said the meeting was useful."
    assert _speaker_of(text, "the meeting").speaker == "Sergei Lavrov"


# A state body named without its state: the state whose body of the same group the article named last.

def test_the_interior_ministry_after_syrias_interior_minister_is_syria_gov() -> None:
    text = ("Mohammad al-Shaar Syrias interior minister visited the site. "
            "The interior ministry said one person had been killed.")
    assert _speaker_of(text, "one person").affiliation == "syria_gov"


def test_the_interior_ministry_with_no_state_named_stays_unknown() -> None:
    assert _only("The interior ministry said one person had been killed.").affiliation == "unknown"


def test_military_sources_after_turkish_troops_are_turkey_gov() -> None:
    text = "Turkish troops shelled the village on Monday. Military sources said six fighters were killed."
    assert _speaker_of(text, "six fighters").affiliation == "turkey_gov"


def test_a_civil_body_does_not_decide_a_military_source() -> None:
    text = "The Turkish government protested on Monday. Military sources said six fighters were killed."
    assert _speaker_of(text, "six fighters").affiliation == "unknown"


def test_a_governor_after_a_syrian_governorate_is_syria_gov() -> None:
    text = "Homs governorate officials met. Governor Talal al-Barazi told AFP the car bomb detonated."
    record = _speaker_of(text, "the car bomb")
    assert (record.speaker, record.affiliation) == ("Talal al-Barazi", "syria_gov")


def test_state_body_government_prefers_before_then_the_one_state_named_later() -> None:
    text = "Military sources said fighting went on. Turkish troops shelled the village."
    assert state_body_government(text, len(text), {"military", "sources"}) == "turkey_gov"
    assert state_body_government(text, 0, {"military", "sources"}) == "turkey_gov"
    assert state_body_government(text, len(text), {"sources"}) == ""
    two_states = "Military sources said fighting went on. Turkish troops and Syrian troops clashed."
    assert state_body_government(two_states, 0, {"military"}) == ""
    assert state_body_government(two_states, len(two_states), {"military"}) == "syria_gov"


def test_state_bodies_file_rejects_an_unknown_group(tmp_path, monkeypatch) -> None:
    from analysis.attribution import vocabulary

    bad = tmp_path / "state_bodies.csv"
    bad.write_text("word,group\narmy,navy\n", encoding="utf-8")
    monkeypatch.setattr(vocabulary, "STATE_BODIES_FILE", bad)
    state_bodies.cache_clear()
    try:
        with pytest.raises(DataFileError, match="navy"):
            state_bodies()
    finally:
        monkeypatch.undo()
        state_bodies.cache_clear()
    assert state_bodies()["army"] == "armed"


# Appositions whose comma the dataset stripped; surnames written with and without an Arabic article.

def test_an_apposition_without_its_comma_decides_the_affiliation() -> None:
    text = "Idris Nahsen a Kurdish official still in Kobane spoke on Monday. Nahsen said help was needed."
    assert _speaker_of(text, "help was needed").affiliation == "kurdish"


def test_a_time_phrase_after_a_name_is_no_apposition() -> None:
    text = "Idris Nahsen a day later spoke on Monday. Nahsen said help was needed."
    assert _speaker_of(text, "help was needed").affiliation == "unknown"


def test_a_surname_without_its_article_is_the_same_person() -> None:
    text = ("The toll rose local activist Mohammad al-Halabi told The New Arab. "
            "Halabi confirmed the dead included the chief.")
    record = _speaker_of(text, "the dead")
    assert (record.speaker, record.affiliation) == ("Mohammad al-Halabi", "witness")


def test_a_different_surname_is_a_different_person() -> None:
    text = ("The toll rose local activist Mohammad al-Halabi told The New Arab. "
            "Hassan Omar confirmed the dead included the chief.")
    assert _speaker_of(text, "the dead").speaker == "Hassan Omar"


def test_a_state_directorate_takes_its_places_government() -> None:
    record = _only("Director of Homs Health Directorate Dr. Hassan al-Jundi said the health sector is on alert.")
    assert (record.speaker, record.affiliation) == ("Hassan al-Jundi", "syria_gov")


def test_an_office_holder_of_the_actors_file_is_decided_by_name() -> None:
    assert _only("Igor Konashenkov said the strikes hit a depot.").affiliation == "russia_gov"
    assert _only("Igor Petrov said the strikes hit a depot.").affiliation == "unknown"


# The name inside a mention: the run after an honorific; "Like" opens no name.

def test_the_name_after_an_honorific_is_the_speaker() -> None:
    record = _only("Director of Daraa National Hospital Dr. Farid al-Asfar told SANA that ten bodies were found.")
    assert record.speaker == "Farid al-Asfar"


def test_without_an_honorific_the_longest_run_is_the_name() -> None:
    record = _only("Kurdish official Idris Nahsen told AFP that help was needed.")
    assert record.speaker == "Idris Nahsen"


def test_like_opens_no_name() -> None:
    text = "Like Noha Samira many fled. Samira said she would try to migrate."
    assert _only(text).speaker == "Noha Samira"


# "the Coalition": the organization whose name holds the head word, before the last organization named.

def test_the_coalition_is_the_coalition_named_before_not_the_last_organization() -> None:
    text = ("The Syrian Coalition condemned the crime. The United Nations ignored it. "
            "The Coalition said the regime is to blame.")
    # Reported by the fullest name the article writes (resolution.written_name), not the actors file's canonical.
    assert _speaker_of(text, "the regime").speaker == "Syrian Coalition"


def test_the_group_with_no_organization_holding_the_word_takes_the_last_one() -> None:
    text = "The United Nations condemned the crime. The group said the regime is to blame."
    assert _speaker_of(text, "the regime").speaker == "United Nations"


# "He said" after a person that no attribution introduced.

def test_he_is_the_person_named_before() -> None:
    text = ("Ahmad Omar told the Associated Press by telephone that he heard the first explosion. "
            "He said the blasts leveled several buildings.")
    assert _speaker_of(text, "the blasts").speaker == "Ahmad Omar"


def test_he_with_only_places_and_organizations_before_stays_unidentified() -> None:
    text = "Fighting in Deir Ezzor went on. The Syrian Observatory counted the dead. He said the toll rose."
    assert _speaker_of(text, "the toll").speaker == "unidentified speaker"


# "a monitor": the one monitor the article names.

def test_a_monitor_is_the_one_monitor_the_article_names() -> None:
    text = ("At least 24 people were killed a monitor said. The Syrian Observatory for Human Rights "
            "relies on activists.")
    assert _speaker_of(text, "At least").speaker == "Syrian Observatory for Human Rights"


def test_a_monitor_in_an_article_naming_two_stays_a_description() -> None:
    text = ("At least 24 people were killed a monitor said. Human Rights Watch and the Syrian Observatory "
            "for Human Rights were not reached.")
    assert _speaker_of(text, "At least").speaker == "a monitor"


# Forward mentions through honorifics; a known person beats a capitalized word that is no name.

def test_a_forward_mention_runs_through_an_honorific() -> None:
    text = ("The air force carried out 182 strikes on militant positions in the province on Tuesday said "
            "Russian Defense Ministry spokesman Maj. Gen. Igor Konashenkov. The spokesman said more would follow.")
    records = extract_attributions(text)
    assert [r.speaker for r in records] == ["Igor Konashenkov", "Igor Konashenkov"]


def test_the_object_of_a_preposition_is_no_speaker() -> None:
    found = extract_attributions("Clashes broke out in the province said Turkish military sources.")
    assert [(r.speaker, r.affiliation) for r in found] == [("Turkish military sources", "turkey_gov")]
    assert all(r.speaker != "province" for r in extract_attributions("Clashes broke out in the province said he."))


def test_a_known_person_beats_a_capitalized_word_before_it() -> None:
    record = _only("In a video on YouTube UN envoy Staffan de Mistura said he is still optimistic.")
    assert (record.speaker, record.affiliation) == ("Staffan de Mistura", "un")


def test_an_unknown_capitalized_word_before_a_known_person_is_kept_when_it_follows() -> None:
    record = _only("Syrian Observatory head Rami Abdel Rahman said the toll rose.")
    assert record.speaker == "Rami Abdel Rahman"


def test_an_organization_name_before_modifiers_and_its_noun_is_no_person() -> None:
    text = "The Daesh-linked Aamaq news agency said six died. He said more died."
    records = extract_attributions(text)
    assert records[0].speaker_type == "media"
    assert records[1].speaker == "unidentified speaker"


def test_a_region_in_a_title_is_no_name() -> None:
    text = "Sarah Leah Whitson deputy for Mideast and North Africa said the report concluded 38 died."
    assert all(r.speaker not in ("North Africa", "Mideast") for r in extract_attributions(text))


def test_the_source_refers_back_to_sources() -> None:
    text = ("Military sources said the army regained Khatab town. "
            "In Quneitra units of the army killed 20 militants the source said.")
    assert _speaker_of(text, "In Quneitra").speaker == "Military sources"


def test_the_source_does_not_refer_back_to_an_official() -> None:
    text = "A senior official said the army regained Khatab town. The source said 20 militants were killed."
    assert _speaker_of(text, "20 militants").speaker != "A senior official"


def test_opposing_does_not_cut_the_observatory_short() -> None:
    record = _only("In Idlib 28 commanders were killed the Syrian opposing UK-based Observatory reported.")
    assert (record.speaker, record.affiliation) == ("Syrian Observatory for Human Rights", "ngo")


def test_a_word_of_an_organizations_name_is_no_title() -> None:
    text = "The Syrian army attacked. The Army of Conquest said its attack was a response."
    assert _speaker_of(text, "its attack").affiliation == "syria_opposition"


# Acronyms and their expansions; the Coalition's long name.

def test_an_acronym_is_reported_by_the_expansion_the_article_gives() -> None:
    text = ("The Organization for the Prohibition of Chemical Weapons (OPCW) sent a team. "
            "The OPCW said sarin was used.")
    record = _only(text)
    assert (record.speaker, record.affiliation) == ("Organization for the Prohibition of Chemical Weapons", "un")
    assert text[record.speaker_start:record.speaker_end] == "The OPCW"


def test_an_acronym_the_article_does_not_spell_out_stays() -> None:
    assert _only("The OPCW said sarin was used in the attack.").speaker == "OPCW"


def test_acronym_expansion_needs_every_initial() -> None:
    from analysis.attribution.mentions import acronym_expansion

    assert acronym_expansion("The High Negotiations Committee met.", "HNC") == "High Negotiations Committee"
    assert acronym_expansion("The High Committee met.", "HNC") == ""
    assert acronym_expansion("The High Negotiations Committee met.", "Hn") == ""


def test_the_coalitions_long_name_is_no_person() -> None:
    record = _only("The National Coalition for Syrian Revolution and Opposition Forces said the regime is to blame.")
    assert record.speaker_type == "organization"
    assert record.affiliation == "syria_opposition"
    assert record.speaker != "Revolution"


# Words that are no speaker names in the top-speakers table.

def test_according_to_patterns_is_a_manner_not_a_source() -> None:
    text = "The monitor says it determines whose planes carry out raids according to type location flight patterns."
    assert all("patterns" not in r.speaker for r in extract_attributions(text))


def test_tribal_sources_are_a_description_not_a_person() -> None:
    record = _only("Tribal sources say the conflict between the two groups goes on.")
    assert (record.speaker, record.speaker_type) == ("Tribal sources", "anonymous")


def test_a_town_is_never_a_speaker() -> None:
    text = "Maysa al-Aswad a 30-year-old evacuee from Kafraya said she was sitting on one of the buses."
    assert all(r.speaker != "Kafraya" for r in extract_attributions(text))


# A name of capitalized words names its source; a capitalized title does not.

def test_a_capitalized_organization_name_is_not_resolved_back() -> None:
    text = ("The Observatory said ten died. A convoy entered the city the International Committee of the "
            "Red Cross said.")
    assert _speaker_of(text, "A convoy").speaker == "International Committee of the Red Cross"


def test_a_capitalized_title_is_no_name() -> None:
    from analysis.attribution.mentions import _describe

    title = "The Interim Minister of Health"
    assert not _describe(title, 0, len(title)).proper
    organization = "the International Committee of the Red Cross"
    assert _describe(organization, 0, len(organization)).proper


# A place before "said the Observatory" is the object of a preposition, not the speaker.

def test_a_place_object_before_an_inverted_speaker_is_no_speaker() -> None:
    text = "Battles raged in Hardatain and Ratain said the Syrian Observatory for Human Rights."
    found = extract_attributions(text)
    assert [(r.speaker, r.affiliation) for r in found] == [("Syrian Observatory for Human Rights", "ngo")]


def test_a_name_after_a_preposition_with_no_inverted_speaker_is_kept() -> None:
    text = "The letter was written to Ahmad Omar who said on Tuesday that 700 people had crossed."
    assert all(r.speaker != "" for r in extract_attributions(text))
    record = _only("Fighting went on in Idlib. Ahmad Omar said on Tuesday that 700 people had crossed.")
    assert record.speaker == "Ahmad Omar"


def test_he_is_no_place_named_as_a_person() -> None:
    text = ("Idris Nahsen a Kurdish official still in Kobane also known as Ain al-Arab spoke. "
            "He said they were meeting resistance.")
    assert _speaker_of(text, "they were").speaker == "Idris Nahsen"


def test_nationality_adjectives_are_no_name() -> None:
    record = _only("According to Lebanese Shiite paramilitary group Hezbollah more than 30 militants were killed.")
    assert (record.speaker, record.affiliation) == ("Hezbollah", "militant_group")


def test_a_source_at_the_command_keeps_its_place() -> None:
    record = _only("A source at the Police Command told SANA on Friday that terrorists fired rockets.")
    assert record.speaker == "A source at the Police Command"
    assert _only("A source at the Police Command told SANA on Friday that terrorists fired rockets.",
                 outlet="SANA").affiliation == "syria_gov"


def test_an_indefinite_description_keeps_a_lower_case_place() -> None:
    record = _only("An AFP photographer at the scene said rescuers heard a boy shouting from under the rubble.")
    assert (record.speaker, record.affiliation) == ("An AFP photographer at the scene", "media")


def test_an_addressee_followed_by_that_is_no_inverted_speaker() -> None:
    from analysis.attribution.mentions import _inverted_speaker_follows

    assert _inverted_speaker_follows("X in Homs said the Observatory.", len("X in Homs"))
    assert not _inverted_speaker_follows("X in Homs told SANA on Friday that ten died.", len("X in Homs"))


def test_a_description_referring_back_tells_the_side_the_first_left_open() -> None:
    text = ("A senior official in the ministry said the truce held. "
            "The Turkish official said the talks would go on.")
    records = extract_attributions(text)
    assert [(r.speaker, r.affiliation) for r in records] == [
        ("A senior official in the ministry", "turkey_gov"), ("A senior official in the ministry", "turkey_gov")]


def test_a_description_of_another_side_is_not_the_earlier_source() -> None:
    text = ("A Russian official said the truce held. "
            "The Turkish official said the talks would go on.")
    records = extract_attributions(text)
    assert [r.affiliation for r in records] == ["russia_gov", "turkey_gov"]


def test_a_capital_after_a_preposition_is_a_place_not_its_government() -> None:
    text = "Sudanese President Bashir appoints new PM Summit in Tehran calls for political solution in Syria"
    assert all(r.speaker != "Tehran" for r in extract_attributions(text))
    assert _only("Tehran said the talks would go on.").affiliation == "iran_gov"


# An apposition whose comma was stripped; an organization's place.

def test_an_apposition_inside_a_mention_does_not_name_the_source() -> None:
    record = _only("Ten people died said the Observatory a Britain-based group.")
    assert (record.speaker, record.affiliation) == ("Syrian Observatory for Human Rights", "ngo")
    assert record.speaker_end - record.speaker_start == len("the Observatory a Britain-based group")


def test_an_organizations_place_is_not_part_of_its_name() -> None:
    assert _only("The Syrian Civil Defence in Idlib said ten people died.").speaker == "Syrian Civil Defence"


def test_an_anonymous_descriptions_place_stays() -> None:
    assert _only("A source in Hasaka said ten people died.").speaker == "A source in Hasaka"
    assert _only("Activists in Deir Ezzor said ten people died.").speaker == "Activists in Deir Ezzor"
    assert _only("SANA reporter in Homs said ten people died.").speaker == "SANA reporter in Homs"
