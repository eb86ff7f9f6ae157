"""Speaker names and affiliations of analysis.attribution (issue 11, second round): each rule written on the
development speaker sample, with a positive and a negative case, on synthetic sentences written like the FA-KES
texts (commas and apostrophes often stripped)."""

from __future__ import annotations

from analysis.attribution import extract_attributions
from analysis.attribution.resolution import written_name


def _speaker_of(text: str, content_start: str):
    """The attribution whose content starts with ``content_start``."""
    for attribution in extract_attributions(text):
        if attribution.content.startswith(content_start):
            return attribution
    raise AssertionError(f"no attribution of {content_start!r} in {extract_attributions(text)!r}")


# A pronoun refers to the source spoken of last, not the one introduced last.

def test_it_refers_to_the_organization_named_again() -> None:
    text = ("The World Health Organization said the victims showed signs of nerve agent use. Russia has said gas "
            "leaked from a rebel depot. The WHO said a chemical was likely used. It said its experts were in Turkey.")
    record = _speaker_of(text, "its experts")
    assert record.speaker == "World Health Organization"
    assert record.affiliation == "un"


def test_it_refers_to_the_last_source_when_none_is_named_again() -> None:
    text = ("The World Health Organization said the victims showed signs of nerve agent use. Russia has said gas "
            "leaked from a rebel depot. It said the rebels were to blame.")
    assert _speaker_of(text, "the rebels were").speaker == "Russia"


def test_a_source_first_found_in_the_background_is_spoken_of_last() -> None:
    text = ("The Syrian Observatory for Human Rights said a US-led coalition strike killed 18 civilians. The coalition "
            "says it takes all measures to avoid casualties. Last month it acknowledged the deaths of 700 civilians.")
    record = _speaker_of(text, "the deaths of")
    assert record.speaker == "US-led coalition"
    assert record.affiliation == "us_gov"


# Acronyms name organizations, reported by the name the article spells out.

def test_a_name_followed_by_its_acronym_is_the_organization() -> None:
    text = ("Medical charity the Syrian American Medical Society (SAMS) said that July was the worst month. There "
            "were 43 attacks a SAMS statement said.")
    first = _speaker_of(text, "July was")
    assert (first.speaker, first.speaker_type, first.affiliation) == (
        "Syrian American Medical Society", "organization", "ngo")
    assert _speaker_of(text, "There were").speaker == "Syrian American Medical Society"


def test_brackets_that_spell_nothing_leave_the_person() -> None:
    record = _speaker_of("Peter Salama (WHO) said the weapons are banned.", "the weapons")
    assert record.speaker == "Peter Salama"
    assert record.speaker_type == "person"


def test_a_lone_acronym_is_an_organization_not_a_person() -> None:
    text = ("The Syrian Network for Human Rights (SNHR) said in a report that Idlib was bombed. According to SNHR "
            "victims documentation team; the toll reached 236.")
    record = _speaker_of(text, "the toll")
    assert (record.speaker, record.speaker_type, record.affiliation) == (
        "Syrian Network for Human Rights", "organization", "ngo")


def test_a_capitalized_name_is_still_a_person() -> None:
    record = _speaker_of("Activist Ahmad Omar said the toll could rise.", "the toll")
    assert record.speaker == "Ahmad Omar"
    assert record.speaker_type == "person"


# An organization is reported by the fullest form the article writes.

def test_the_fullest_written_form_of_an_organization() -> None:
    text = "The Syrian Observatory said ten died. SOHR added that many were hurt."
    assert {a.speaker for a in extract_attributions(text)} == {"Syrian Observatory"}
    assert written_name("Ten died SOHR said. The Observatory added more.", "Syrian Observatory for Human Rights") \
        == "SOHR"


def test_the_canonical_name_where_the_article_writes_it() -> None:
    text = "The Syrian Observatory for Human Rights said ten died. The Observatory added that many were hurt."
    assert {a.speaker for a in extract_attributions(text)} == {"Syrian Observatory for Human Rights"}


def test_a_description_of_an_outlet_only_where_no_name_is_written() -> None:
    named = "A car bomb killed four the official Syrian news agency has reported. According to SANA it burned."
    assert _speaker_of(named, "A car bomb").speaker == "SANA"
    unnamed = "A car bomb killed four the official Syrian news agency has reported."
    record = _speaker_of(unnamed, "A car bomb")
    assert (record.speaker, record.affiliation) == ("official Syrian news agency", "media")


def test_a_mention_cut_short_of_an_organization_name_is_that_organization() -> None:
    text = ("Groups break the truce the Russian center for reconciliation of the warring parties in Syria said. In all "
            "40 people were killed the center said.")
    for content in ("Groups break", "In all"):
        record = _speaker_of(text, content)
        assert record.speaker == "Russian center for reconciliation of the warring parties in Syria"
        assert record.affiliation == "russia_gov"


def test_a_person_is_not_an_organization_name_that_begins_like_it() -> None:
    record = _speaker_of("The Russian ambassador said the talks failed.", "the talks")
    assert record.speaker_type != "organization"
    assert "center" not in record.speaker


# A person's name before a body word is the body; a name before a title and a qualifier is the person's.

def test_a_leader_s_regime_is_an_organization() -> None:
    text = ("Assads government has always denied responsibility for that attack. The Assad regime said the claims "
            "were false.")
    first = _speaker_of(text, "responsibility")
    assert (first.speaker, first.speaker_type, first.affiliation) == ("Assads government", "organization", "syria_gov")
    assert _speaker_of(text, "the claims").speaker == "Assad regime"


def test_the_leader_himself_is_a_person() -> None:
    record = _speaker_of("Syrian President Bashar al-Assad said the claims were false.", "the claims")
    assert (record.speaker, record.speaker_type) == ("Bashar al-Assad", "person")


def test_a_name_before_its_title_and_qualifier_is_the_person() -> None:
    text = "These weapons are banned Peter Salama Executive Director of the WHO Health Emergencies Programme said."
    record = _speaker_of(text, "These weapons")
    assert (record.speaker, record.affiliation) == ("Peter Salama", "un")


def test_a_title_word_before_the_qualifier_is_no_name() -> None:
    text = "Vice president of the Syrian Coalition Nagham al-Ghadiri said that the rebels need weapons."
    record = _speaker_of(text, "the rebels")
    assert (record.speaker, record.affiliation) == ("Nagham al-Ghadiri", "syria_opposition")


def test_the_words_after_a_ministry_s_of_name_the_ministry() -> None:
    record = _speaker_of("In a statement the Ministry of Awqaf announced the martyrdom of the imam.", "the martyrdom")
    assert (record.speaker, record.speaker_type) == ("Ministry of Awqaf", "organization")


def test_a_minister_of_is_still_a_person() -> None:
    record = _speaker_of("Minister of Foreign Affairs Walid Muallem said the army did not use gas.", "the army")
    assert (record.speaker, record.speaker_type, record.affiliation) == ("Walid Muallem", "person", "syria_gov")


# "the UNICEF director" refers back to the person so titled.

def test_a_title_with_an_organization_refers_back_to_the_person() -> None:
    text = ("This is a tragedy said UNICEF director Anthony Lake. The Observatory said 20 died. When will it stop? "
            "added the UNICEF director.")
    record = _speaker_of(text, "When will")
    assert (record.speaker, record.affiliation) == ("Anthony Lake", "un")


def test_a_title_with_an_organization_and_no_person_before_stays_a_description() -> None:
    record = _speaker_of("The Observatory said 20 died. When will it stop? added the UNICEF director.", "When will")
    assert record.speaker == "UNICEF director"
    assert record.affiliation == "un"


# Through a relative clause to the noun it describes; a name after a body word is the body's.

def test_a_relative_clause_between_the_speaker_and_its_verb() -> None:
    text = "The news website El-Dorar Al-Shamia that is affiliated to the Syrian opposition said the attack was new."
    record = _speaker_of(text, "the attack")
    assert (record.speaker, record.speaker_type, record.affiliation) == ("El-Dorar Al-Shamia", "media", "media")


def test_a_that_clause_object_keeps_its_own_subject() -> None:
    record = _speaker_of("Russia said that the rebels said the truce was broken.", "the truce")
    assert (record.speaker, record.affiliation) == ("rebels", "syria_opposition")


def test_a_name_after_a_group_word_is_the_group() -> None:
    record = _speaker_of("The group Jaish al-Islam said it fired the rockets.", "it fired")
    assert (record.speaker, record.speaker_type) == ("Jaish al-Islam", "organization")


def test_a_name_after_a_person_title_is_the_person() -> None:
    record = _speaker_of("Kremlin spokesman Dmitry Peskov said the talks were useful.", "the talks")
    assert (record.speaker, record.speaker_type) == ("Dmitry Peskov", "person")


# People with no office are witnesses; quantifiers are no names.

def test_people_with_no_office_are_witnesses() -> None:
    record = _speaker_of("Both women said they would never have left their homes.", "they would")
    assert record.speaker.split()[-1] == "women"  # never "Both" alone
    assert record.affiliation == "witness"
    assert _speaker_of("Humanitarian groups have repeatedly called for a halt to strikes.",
                       "a halt").affiliation == "ngo"
    assert _speaker_of("At least four died according to media reports.", "At least").affiliation == "media"


def test_officials_are_not_witnesses() -> None:
    record = _speaker_of("Two officials said the road was closed.", "the road")
    assert record.affiliation != "witness"


# "it" and the organization named in its own sentence.

def test_it_refers_to_the_organization_named_in_its_sentence() -> None:
    text = ("The Observatory said 35 died. The White Helmets civil defence group released pictures after what it said "
            "was a double-tap strike on the school.")
    record = _speaker_of(text, "was a double-tap")
    assert (record.speaker, record.affiliation) == ("White Helmets", "ngo")


def test_it_with_no_organization_in_its_sentence_refers_to_the_last_source() -> None:
    text = "The Observatory said 35 died. Later it said the toll had risen."
    assert _speaker_of(text, "the toll").speaker == "Syrian Observatory for Human Rights"


# A document is reported by the body that issued it.

def test_a_report_issued_by_a_body_is_the_body_s() -> None:
    text = ("SANA said 20 died citing a local source. A recent report issued by the Syrian Network for Human Rights "
            "showed that coalition strikes had killed 1200 civilians.")
    record = _speaker_of(text, "that coalition")
    assert (record.speaker, record.affiliation) == ("Syrian Network for Human Rights", "ngo")


def test_a_statement_named_after_its_body_is_the_body_s() -> None:
    text = "The Observatory said 20 died. An Ahrar al-Sham statement said the truce was over."
    record = _speaker_of(text, "the truce")
    assert (record.speaker, record.affiliation) == ("Ahrar al-Sham", "syria_opposition")


def test_the_statement_refers_back_to_the_last_source() -> None:
    text = "The Observatory said 20 died. The statement said the toll could rise."
    assert _speaker_of(text, "the toll").speaker == "Syrian Observatory for Human Rights"


def test_media_reports_are_their_own_source() -> None:
    text = "The Daesh group claimed responsibility for the attack. Media reports said a truck blew up."
    record = _speaker_of(text, "a truck")
    assert (record.speaker, record.affiliation) == ("Media reports", "media")


# Joint speakers take the first-named one.

def test_a_person_and_his_counterpart_are_reported_by_the_first() -> None:
    text = ("On Wednesday US Defence Secretary Ashton Carter and his British counterpart Michael Fallon said an "
            "offensive would begin.")
    record = _speaker_of(text, "an offensive")
    assert (record.speaker, record.affiliation) == ("Ashton Carter", "us_gov")


def test_a_person_after_an_unrelated_and_is_reported_himself() -> None:
    text = "Lavrov and officials met in Geneva. British Defence Secretary Michael Fallon said no deal was near."
    record = _speaker_of(text, "no deal")
    assert (record.speaker, record.affiliation) == ("Michael Fallon", "other_gov")


# "with" qualifies a source as "at" and "in" do; the source's own words decide its side.

def test_an_activist_with_an_organization_keeps_the_qualifier_and_is_a_witness() -> None:
    text = ("The raids hit Hass at 11 am an activist with the opposition Idlib Media Centre said. One rocket hit the "
            "school the activist said.")
    for content in ("The raids", "One rocket"):
        record = _speaker_of(text, content)
        assert (record.speaker, record.affiliation) == ("an activist with the opposition Idlib Media Centre",
                                                        "witness")


def test_an_office_holder_of_a_body_takes_the_body_s_side() -> None:
    text = "Sergei Rudskoi chief of the Russian General Staff said the strike hit a depot."
    assert _speaker_of(text, "the strike").affiliation == "russia_gov"


# Plural descriptions are not the one organization of their kind the article names; body words end names.

def test_aid_groups_are_not_the_one_monitor_named() -> None:
    text = ("The Syrian Observatory for Human Rights said ten died. Aid groups said July was the worst month. "
            "A monitor said 20 died.")
    aid = _speaker_of(text, "July")
    assert (aid.speaker, aid.affiliation) == ("Aid groups", "ngo")
    assert _speaker_of(text, "20 died").speaker == "Syrian Observatory for Human Rights"


def test_a_capitalized_name_ending_in_a_body_word_is_the_body() -> None:
    record = _speaker_of("The Local Coordination Committees said prayers were called off.", "prayers")
    assert (record.speaker, record.speaker_type, record.affiliation) == (
        "Local Coordination Committees", "organization", "syria_opposition")


def test_states_and_short_names_of_armed_groups_have_sides() -> None:
    assert _speaker_of("Germany meanwhile called for humanitarian access to Aleppo.",
                       "humanitarian").affiliation == "other_gov"
    assert _speaker_of("Al-Nusra said in an internet statement that it fired.", "that it").affiliation \
        == "militant_group"


def test_another_opens_a_description_not_a_name() -> None:
    text = ("A civil defense official told Anadolu Agency that a camp was hit. Another civil defense official from "
            "Idlib told Anadolu Agency that warplanes dropped bombs.")
    record = _speaker_of(text, "that warplanes")
    assert record.speaker.startswith("Another civil defense official")
    assert (record.speaker_type, record.affiliation) == ("anonymous", "ngo")


# A body named last, with no qualifier before it, is the source; datelines' months are no names.

def test_a_body_named_last_is_the_source_not_the_adjective_before_it() -> None:
    record = _speaker_of("Powerful Iran-backed Lebanese Shia militia Hizballah says it is fighting along Assad.",
                         "it is fighting")
    assert (record.speaker, record.affiliation) == ("Hezbollah", "militant_group")
    washington = _speaker_of("Rebel-backer Washington accuses the regime of killing hundreds.", "the regime")
    assert washington.speaker.split()[-1] == "Washington"
    assert washington.affiliation == "us_gov"


def test_a_person_of_a_body_is_the_person() -> None:
    record = _speaker_of("Ahmad Omar of Reuters said the town fell.", "the town")
    assert (record.speaker, record.speaker_type) == ("Ahmad Omar", "person")


def test_based_after_a_city_is_no_name() -> None:
    text = "The London Based Syrian Observatory for Human Rights announced on Sunday that militants fled."
    record = _speaker_of(text, "militants")
    assert (record.speaker, record.affiliation) == ("Syrian Observatory for Human Rights", "ngo")


# A person given with an age and no office is a private person: a witness.

def test_a_person_given_with_an_age_is_a_witness() -> None:
    text = "We had to leave said Samira 55 who was traveling with her sons. Samira said she would try to migrate."
    record = _speaker_of(text, "she would")
    assert (record.speaker, record.affiliation) == ("Samira", "witness")


def test_a_number_after_a_unit_s_name_or_a_count_is_no_age() -> None:
    text = "Fighters of Division 30 were killed. Yusuf Omar 20 civilians died. Yusuf Omar said the toll could rise."
    assert _speaker_of(text, "the toll").affiliation == "unknown"
