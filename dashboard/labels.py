"""Human labels for the codes the analysis layer returns: column names and coded values.

Every table on screen, in a CSV download and in the HTML report goes through
:func:`readable`, so ``speaker_type`` reads "Speaker type" and ``syria_gov``
reads "Syrian government". The CSV keeps the codes in extra columns
("Affiliation (code)") for a reader who joins it with other data.
"""

from __future__ import annotations

import pandas as pd

from dashboard.view import affiliation_label, concept_label

COLUMN_LABELS = {
    "outlet": "Outlet", "concept": "Concept", "term": "Term", "mentions": "Mentions",
    "concept_mentions": "Mentions of the concept", "articles": "Articles", "share": "Share",
    "share_low": "Share, 95% interval low", "share_high": "Share, 95% interval high", "small_sample": "Small sample",
    "stance": "Stance", "stance_low": "Stance, 95% interval low", "stance_high": "Stance, 95% interval high",
    "affiliation": "Affiliation", "words": "Words", "outlet_words": "Words quoted by the outlet",
    "verb_class": "Verb class", "attributions": "Attributions", "affiliation_attributions": "Attributions of the side",
    "speaker_type": "Speaker type", "outlet_attributions": "Attributions of the outlet", "speaker": "Speaker",
    "rank": "Rank", "distancing_verbs": "Distancing verbs", "verb": "Verb", "kind": "Kind", "content": "Quoted content",
    "name": "Name", "markers": "Markers", "per_1000_words": "Per 1,000 words", "article_id": "Article id",
    "title": "Headline", "published": "Published", "source_file": "Source file", "own_voice": "Own-voice mentions",
    "quoted": "Quoted mentions", "stance_name": "Stance class", "count_in_group": "Count in the group",
    "count_in_rest": "Count in the rest", "z": "z-score", "period": "Period", "period_start": "Period start",
    "period_end": "Period end", "story_id": "Story", "story_label": "Story label",
    "quotes_per_article": "Quotes per article", "direct_quotes_per_article": "Direct quotes per article",
    "sources_per_article": "Sources per article", "named_share": "Named-source share",
    "media_cited_per_article": "Media cited per article", "wire_copy_share": "Wire copy share",
    "reading_ease": "Reading ease (Flesch)", "grade_level": "Grade level (Flesch-Kincaid)",
}
# Columns holding codes, and how each code reads.
_VALUE_LABELS = {
    "affiliation": affiliation_label,
    "concept": concept_label,
    "kind": lambda code: code.replace("_", " "),
    "speaker_type": lambda code: code.replace("_", " "),
    "verb_class": lambda code: code.replace("_", " "),
}


def column_label(column: str) -> str:
    return COLUMN_LABELS.get(column, column[:1].upper() + column[1:].replace("_", " "))


def readable(table: pd.DataFrame, *, keep_codes: bool = False) -> pd.DataFrame:
    """``table`` with human column names and labels for coded values.

    ``keep_codes``: also keep each coded column's codes, in a column "<label> (code)" after it (for CSV files).
    Booleans read "yes" and "no".
    """
    columns = {}
    for column in table.columns:
        values = table[column]
        label = column_label(str(column))
        if column in _VALUE_LABELS:
            convert = _VALUE_LABELS[column]
            columns[label] = values.map(lambda code, convert=convert: convert(code) if isinstance(code, str) else code)
            if keep_codes:
                columns[f"{label} (code)"] = values
        elif values.dtype == bool:
            columns[label] = values.map({True: "yes", False: "no"})
        else:
            columns[label] = values
    return pd.DataFrame(columns, index=table.index)
