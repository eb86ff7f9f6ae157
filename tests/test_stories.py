from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.stories import group_stories

TRUCE = "Russia and the United States agreed a truce in Aleppo; the ceasefire began at midnight in the city."
TRUCE_OTHER_OUTLET = ("A ceasefire in Aleppo agreed by Russia and the United States began at midnight, "
                      "the city was calm.")
GAS = "A chemical attack in Idlib province killed dozens of civilians including children, doctors said."


def _frame(rows):
    return pd.DataFrame(rows, columns=["article_id", "text", "published"])


def test_same_event_across_outlets_is_one_story_and_other_events_are_not():
    day = dt.date(2016, 9, 12)
    stories = group_stories(_frame([
        ("a", TRUCE, day), ("b", TRUCE_OTHER_OUTLET, day + dt.timedelta(days=1)),
        ("c", GAS, day), ("d", TRUCE, day + dt.timedelta(days=30)),
    ])).set_index("article_id")
    assert stories.loc["a", "story_id"] == stories.loc["b", "story_id"] == 0
    assert stories.loc["a", "story_size"] == 2
    assert len({stories.loc[x, "story_id"] for x in "acd"}) == 3  # same words a month later is another story
    assert "russia" in stories.loc["a", "story_label"]


def test_undated_articles_link_only_to_undated():
    stories = group_stories(_frame([("a", TRUCE, None), ("b", TRUCE_OTHER_OUTLET, None),
                                    ("c", TRUCE, dt.date(2016, 9, 12))])).set_index("article_id")
    assert stories.loc["a", "story_id"] == stories.loc["b", "story_id"] != stories.loc["c", "story_id"]


def test_empty_and_wordless_inputs():
    assert group_stories(_frame([])).empty
    assert list(group_stories(_frame([("a", "12 34", None)])).story_size) == [1]


@pytest.mark.parametrize(("options", "message"), [({"min_similarity": 0}, "min_similarity must be in"),
                                                  ({"max_days_apart": -1}, "max_days_apart must be >= 0")])
def test_invalid_options(options, message):
    with pytest.raises(ValueError, match=message):
        group_stories(_frame([("a", TRUCE, None)]), **options)
