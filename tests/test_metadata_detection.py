from __future__ import annotations

import datetime as dt

import pytest

from analysis.metadata_detection import canonical_outlet, detect_date, detect_outlet, parse_date_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed 05 Apr 2017", dt.date(2017, 4, 5)),
        ("5 August 2016", dt.date(2016, 8, 5)),
        ("October 2 2017", dt.date(2017, 10, 2)),
        ("Sept. 20, 2016", dt.date(2016, 9, 20)),
        ("May 5th, 2016", dt.date(2016, 5, 5)),
        ("24.08.2013", dt.date(2013, 8, 24)),  # day first, as these outlets write it
        ("25-01-2016", dt.date(2016, 1, 25)),
        ("2016-09-20", dt.date(2016, 9, 20)),
        ("Apr 092017", dt.date(2017, 4, 9)),  # Jordan Times glues day and year
        ("31 February 2016", None),
        ("yesterday", None),
    ],
)
def test_parse_date_text(text, expected):
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "rule", "evidence"),
    [
        ("Date of publication 4 October 2016 Air raids killed ten.", "2016-10-04", "publication_label",
         "4 October 2016"),
        ("The talks failed. Published October 2 2017", "2017-10-02", "publication_label", "October 2 2017"),
        ("Fri Jun 24 2016 Daesh kidnapped 900 people.", "2016-06-24", "leading_date", "Fri Jun 24 2016"),
        # the capture stamp of a saved page is not the publication date
        ("05:33 GMT29 January 2020\nListen Live\nPeskov said on 5 May 2016 that", None, None, None),
        ("On 5 May 2016 the truce began.", None, None, None),
    ],
)
def test_detect_date_keeps_its_evidence(text, value, rule, evidence):
    found = detect_date(text)
    if value is None:
        assert found is None
    else:
        assert (found.value, found.rule, text[found.start:found.end]) == (value, rule, evidence)


@pytest.mark.parametrize(
    ("text", "outlet", "evidence"),
    [
        ("Moscow, SANA – Kremlin spokesman Dmitry Peskov called", "SANA", "Moscow, SANA –"),
        ("Title\n\nHoms, SANA- The army", "SANA", "Homs, SANA-"),
        ("MOSCOW (Sputnik) — On Monday, the army", "Sputnik", "(Sputnik) —"),
        ("Text.\n\nPress TV’s website can also be accessed at", "Press TV",
         "Press TV’s website can also be accessed"),
        ("This article was translated and edited by The Syrian Observer.", "The Syrian Observer",
         "translated and edited by The Syrian Observer"),
        # citing an outlet is not being it
        ("SANA reported that the army advanced.", None, None),
        ("the battle was over, Reuters reported. --Reuters", None, None),
    ],
)
def test_detect_outlet_keeps_its_evidence(text, outlet, evidence):
    found = detect_outlet(text)
    if outlet is None:
        assert found is None
    else:
        assert (found.value, text[found.start:found.end]) == (outlet, evidence)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("sana", "SANA"), ("presstv", "Press TV"), ("Press-TV", "Press TV"), ("manar", "Al-Manar"),
     ("  Some   New Outlet ", "Some New Outlet")],
)
def test_canonical_outlet(name, expected):
    assert canonical_outlet(name) == expected
