from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text import clean_article, count_words, normalize_unicode, tidy_layout
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("a\u00a0b", "a b"),  # non-breaking space
        ("a \t  b", "a b"),
        ("line\r\nnext", "line\nnext"),
        ("wait\u2026", "wait..."),
        ("\ufb01ghters", "fighters"),  # ligature
        ("soft\u00adhyphen", "softhyphen"),
        ("bell\x07", "bell"),
        # quote marks stay as written: curly and straight are told apart later
        ("\u201cquoted\u201d \"straight\" \u2018single\u2019 Russia\u2019s", None),
    ],
)
def test_normalize_unicode(original, expected):
    normalized, _ = normalize_unicode(original)
    assert normalized == (original if expected is None else expected)


def test_tidy_layout_keeps_paragraphs_and_trims():
    tidied, _ = tidy_layout("  Title  \n\n\n\n    Para one.\n  line two  \n")
    assert tidied == "Title\n\nPara one.\nline two"


def _read(name: str) -> str:
    return (CORPUS / "articles" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file_name", "removed_rules", "absent", "kept"),
    [
        ("2016-05-06_sana_peskov-truce-aleppo.txt", {"check_also", "trailing_headlines"},
         ["Check Also", "Israeli aerial aggression", "R. Raslan"], ["Moscow, SANA", "Jabhat al-Nusra"]),
        ("2016-04-30_presstv_gatilov-aleppo-strikes.txt", {"breadcrumb", "photo_credit_caption", "press_tv_mirrors"},
         ["News   /", "(AFP photo)", "alternate addresses", "SHARE THIS ARTICLE", "Roku"],
         ["Russia won’t pressure Syria to halt Aleppo strikes: Official"]),
        ("2016-09-20_sputnik_peskov-ceasefire-conditions.txt",
         {"capture_time", "listen_live", "short_url", "trailing_headlines", "comment_prompt"},
         ["GMT29", "Listen Live", "Get short URL", "Who Sabotaged", "ceasefire, Al-Nusra Front", "Comment via"],
         ["MOSCOW (Sputnik)", "corresponding statement.\""]),
        ("2016-05-01_syrianobserver_aleppo-truce-talks.txt", {"translation_disclaimer"},
         ["translated and edited", "Responsibility for the information"], ["mosques."]),
        ("2016-10-28_presstv_putin-nixes-airstrikes.txt", {"breadcrumb", "photo_credit_caption", "press_tv_mirrors"},
         ["(Photo by AFP)", "alternate addresses"], ["brought to justice,” said a statement"]),
    ],
)
def test_page_furniture_is_removed_and_recorded(file_name, removed_rules, absent, kept):
    original = _read(file_name)
    clean = clean_article(original)
    assert {span.rule for span in clean.removed} == removed_rules
    for phrase in absent:
        assert phrase not in clean.text
    for phrase in kept:
        assert phrase in clean.text
    for span in clean.removed:
        assert original[span.start:span.end].strip()


@pytest.mark.parametrize(
    ("original", "title", "expected_start"),
    [
        ("Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use WHO. Victims of a suspected attack.",
         "Syria attack symptoms consistent with nerve agent use WHO",
         "Syria attack symptoms consistent with nerve agent use WHO\n\nVictims of"),
        ("Date of publication 5 August 2016 Air raids on Aleppos Marjeh district killed 10 people.",
         "Seven children killed in Syrias rebel-held Aleppo", "Air raids on Aleppos"),
        ("10.10.2017(updated 1601 10.10.2017) Get short URL 1721 The Russian Aerospace Forces struck.",
         None, "The Russian Aerospace Forces"),
        ("Posted on April 4 2017 by Asharq Al-Awsat English 58 Killed in Gas Attack in Syrias Idlib Dozens died.",
         "58 Killed in Gas Attack in Syrias Idlib", "58 Killed in Gas Attack in Syrias Idlib\n\nDozens died."),
        ("Syria rebel infighting kills 45 fighters AP Monday 9 Jun 2014 Activists say rebels fought.",
         "Syria rebel infighting kills 45 fighters - Region - World - Ahram Online",
         "Syria rebel infighting kills 45 fighters AP"),
    ],
)
def test_scraped_date_prefix_goes_and_headline_becomes_first_paragraph(original, title, expected_start):
    clean = clean_article(original, title=title)
    assert clean.text.startswith(expected_start)


def test_quoted_phrase_early_in_text_does_not_cut_the_article():
    # A tail rule phrase in the first half of the text is article content.
    text = "Community standards Discussion is a phrase. " + "The war went on. " * 5
    assert clean_article(text).text.startswith("Community standards Discussion")


def test_related_news_list_after_the_article_is_removed():
    # TRT World pages end with other stories' headlines, whose verbs ("Summit in Tehran calls for ...") are
    # not the article's attributions.
    article = "The UN said aid reached the town. " * 6
    text = article + "Related News Summit in Tehran calls for political solution in Syria"
    clean = clean_article(text)
    assert clean.text.strip() == article.strip()
    assert [span.rule for span in clean.removed] == ["related_news"]


@pytest.mark.parametrize("file_name", sorted(p.name for p in (CORPUS / "articles").glob("*.txt")))
def test_every_word_of_the_clean_text_maps_back_to_the_same_word(file_name):
    original = _read(file_name)
    clean = clean_article(original)
    for match in re.finditer(r"\w+", clean.text):
        start, end = clean.to_original(match.start(), match.end())
        assert original[start:end] == match[0]


def test_a_span_across_removed_furniture_maps_to_both_ends():
    original = "First part.\nListen Live\nSecond part."
    clean = clean_article(original)
    assert clean.text == "First part.\nSecond part."
    start, end = clean.to_original(0, len(clean.text))
    assert original[start:end] == original


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_cleaning_never_raises_and_maps_inside_the_original(original):
    clean = clean_article(original)
    for match in re.finditer(r"\w+", clean.text):
        start, end = clean.to_original(match.start(), match.end())
        assert 0 <= start <= end <= len(original)


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("One two-three, four’s.", 3), ("٣ قتلى في حلب", 3), ("12 / 34, the 4th", 2)],
)
def test_count_words(text, words):
    assert count_words(text) == words
