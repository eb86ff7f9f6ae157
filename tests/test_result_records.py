"""analysis.pipeline's result tables: built from the record dataclasses, one mapping shared by the stored tables
(``score`` and the dashboard) and ``analyze --json``."""

from __future__ import annotations

import dataclasses
import math

import pyarrow as pa
import pytest

from analysis.attribution import Attribution
from analysis.loaded_terms import DistancingMarker, TermMatch
from analysis.pipeline import (
    RECORD_TABLES,
    RESULT_NAMES,
    DerivedColumn,
    RecordTable,
    analysis_as_json,
    analyze_text,
    make_analyzer,
    result_schemas,
    result_tables,
)
from analysis.sourcing import MediaCitation

TEXT = ("Daesh terrorists attacked the so-called rebels on Sunday, SANA reported.\n\n"
        "\u201cThe regime fled,\u201d Foreign Minister Walid al-Moallem said, according to Reuters.")


@pytest.fixture(scope="module")
def analyzer():
    return make_analyzer()


@pytest.fixture(scope="module")
def analysis(analyzer):
    return analyze_text(TEXT, analyzer)


def _fields(record_type: type) -> list[str]:
    return [field.name for field in dataclasses.fields(record_type)]


def test_each_record_table_is_article_id_then_the_records_fields_then_derived_columns():
    assert RECORD_TABLES["terms"].schema.names == ["article_id", *_fields(TermMatch)]
    assert RECORD_TABLES["distancing"].schema.names == ["article_id", *_fields(DistancingMarker)]
    assert RECORD_TABLES["attributions"].schema.names == ["article_id", "position", *_fields(Attribution),
                                                          "content_words"]
    assert RECORD_TABLES["citations"].schema.names == ["article_id", *_fields(MediaCitation), "wire_signature"]
    terms = RECORD_TABLES["terms"].schema
    assert (terms.field("start").type, terms.field("in_quote").type, terms.field("term").type) == \
        (pa.int64(), pa.bool_(), pa.string())
    assert RECORD_TABLES["distancing"].schema.field("concept").type == pa.string()  # str | None


def test_tables_of_an_analysis_carry_the_schemas_and_store_nan_as_null(analyzer, analysis):
    tables = result_tables(["a1"], [analysis], analyzer=analyzer)
    schemas = result_schemas(analyzer)
    assert list(tables) == list(RESULT_NAMES) == list(schemas)
    for name in RESULT_NAMES:
        assert tables[name].schema == schemas[name], name
    assert tables["terms"].num_rows == len(analysis.terms.matches) > 0
    assert tables["attributions"]["position"].to_pylist() == list(range(len(analysis.attributions)))
    stance = tables["scores"]["armed_groups_stance"]
    assert math.isnan(next(s.stance for s in analysis.terms.concepts if s.concept == "armed_groups")) \
        == (stance.null_count == 1)


def test_no_articles_give_typed_empty_tables(analyzer):
    tables = result_tables([], [], analyzer=analyzer)
    for name, schema in result_schemas(analyzer).items():
        assert tables[name].num_rows == 0 and tables[name].schema == schema, name


def test_the_json_lists_the_same_fields_as_the_stored_tables(analyzer, analysis):
    document = analysis_as_json(analysis, to_original=lambda start, end: (start, end), original=TEXT)
    tables = result_tables(["a1"], [analysis], analyzer=analyzer)
    for key, name in [("terms", "terms"), ("distancing", "distancing"), ("attributions", "attributions")]:
        assert document[key], key
        assert list(document[key][0]) == _fields(RECORD_TABLES[name].record_type), key
    assert list(document["sourcing"]["media"][0]) == [*_fields(MediaCitation), "wire_signature"]
    assert list(document["scores"]) == tables["scores"].schema.names[1:]
    stored = tables["terms"].to_pylist()
    assert [{k: v for k, v in row.items() if k != "article_id"} for row in stored] == document["terms"]


@dataclasses.dataclass(frozen=True)
class CuedAttribution(Attribution):
    """An attribution record with fields added later (as the attribution work may add them)."""

    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    confidence: float | None = None


def test_a_field_added_to_a_record_reaches_the_store_and_the_json_without_a_second_list(monkeypatch, analyzer,
                                                                                         analysis):
    def cued(analysis):
        return tuple(CuedAttribution(**dataclasses.asdict(a), cue=a.verb, cue_start=a.content_start - 1 if i else -1,
                                     cue_end=a.content_start if i else -1, confidence=0.5)
                     for i, a in enumerate(analysis.attributions))

    original = RECORD_TABLES["attributions"]
    monkeypatch.setitem(RECORD_TABLES, "attributions",
                        dataclasses.replace(original, record_type=CuedAttribution, records=cued))
    stored = result_tables(["a1"], [analysis], analyzer=analyzer)["attributions"]
    assert stored.schema.names[-5:] == ["cue", "cue_start", "cue_end", "confidence", "content_words"]
    assert stored.schema.field("confidence").type == pa.float64()
    assert stored["cue"].to_pylist() == [a.verb for a in analysis.attributions]

    # The columns are part of the analyzer version: results stored with the old record are out of date.
    assert make_analyzer().version != analyzer.version

    document = analysis_as_json(analysis, to_original=lambda start, end: (start + 1000, end + 1000))
    first, second = document["attributions"][:2]
    assert first["cue"] == analysis.attributions[0].verb and (first["cue_start"], first["cue_end"]) == (-1, -1)
    # The new span is mapped to the original text like every other span.
    assert (second["cue_start"], second["cue_end"]) == (analysis.attributions[1].content_start - 1 + 1000,
                                                        analysis.attributions[1].content_start + 1000)
    assert second["content_start"] == analysis.attributions[1].content_start + 1000


def test_a_field_of_a_type_the_store_cannot_hold_is_named():
    @dataclasses.dataclass(frozen=True)
    class Odd:
        when: dict

    with pytest.raises(TypeError, match=r"Odd.when: a stored field is int, float, bool, str"):
        _ = RecordTable("odd", Odd, lambda analysis: ()).schema


def test_a_derived_column_can_stay_out_of_the_json(analysis):
    table = RecordTable("citations", MediaCitation, lambda analysis: analysis.sourcing.media,
                        derived=(DerivedColumn("letters", pa.int64(), lambda c, _: len(c.name), in_json=False),))
    assert table.schema.names[-1] == "letters"
    assert all("letters" not in row for row in table.json_rows(analysis))
    assert [row[-1] for row in table.rows("a1", analysis)] == [len(c.name) for c in analysis.sourcing.media]
