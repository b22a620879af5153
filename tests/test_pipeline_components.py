"""The spaCy pipeline (extractor/components.py, extractor/pipeline.py): its components, the Doc it
returns, record offsets on every golden document, and what it must never turn into a record."""
from __future__ import annotations

import pytest
from spacy.language import Language

from extractor import components
from extractor.document import RECORD_FIELDS, Document, Published
from extractor.read import read_feed

PUBLISHED = Published.parse("2025-11-15")
SENTENCE = "Korea's exports rose 8.4% to $61.0 billion in November. Imports fell 1.2%."
COMPONENTS = ["econ_sentences", "econ_figures", "econ_measures", "econ_geo", "econ_periods",
              "econ_comparisons", "econ_sources", "econ_equivalents"]



def documents(folder):
    return [d for d in read_feed(folder) if isinstance(d, Document)]


@pytest.mark.parametrize("name", COMPONENTS)
def test_pipeline_components_factories_are_registered(name):
    assert name in Language.factories


def test_pipeline_components_blank_pipeline_order(extractor):
    assert list(components.PIPELINE) == COMPONENTS
    assert extractor.nlp.pipe_names == COMPONENTS


def test_pipeline_components_model_pipeline_order(model_extractor):
    names = model_extractor.nlp.pipe_names
    assert "parser" in names
    assert "econ_sentences" not in names  # the parser sets sentence starts
    econ = [n for n in names if n.startswith("econ_")]
    assert econ == COMPONENTS[1:]
    assert names.index("parser") < names.index("econ_figures")


def test_pipeline_components_parse_gives_figures_and_spans(extractor):
    doc = extractor.parse(Document("d", SENTENCE, PUBLISHED))
    figures = doc._.figures
    assert [f.text for f in figures] == ["8.4%", "$61.0 billion", "1.2%"]
    spans = doc.spans["figures"]
    assert [s.text for s in spans] == ["8.4%", "$61.0 billion", "1.2%"]
    assert [s.label_ for s in spans] == ["percent", "money", "percent"]
    assert [(s.start_char, s.end_char) for s in spans] == [(f.start, f.end) for f in figures]


def test_pipeline_components_process_gives_schema_records(extractor):
    records = extractor.process(Document("d", SENTENCE, PUBLISHED))
    assert [r["mention"] for r in records] == ["8.4%", "$61.0 billion", "1.2%"]
    for record in records:
        assert list(record)[:len(RECORD_FIELDS)] == RECORD_FIELDS
        assert record["doc_id"] == "d"
        assert record["published"] == "2025-11-15"
        assert 0.0 <= record["confidence"] <= 1.0
        assert record["mention"] in record["sentence"]
    assert records[2]["sentence"] == "Imports fell 1.2%."


@pytest.mark.parametrize("text, mention, slots", [
    pytest.param("Korea's exports rose 8.4% to $61.0 billion in November.", "$61.0 billion",
                 {"measure": "exports", "role": "level", "reporter": "KOR", "period_start": "2025-11"},
                 id="level"),
    pytest.param("Korea's exports rose 8.4% to $61.0 billion in November.", "8.4%",
                 {"measure": "exports", "role": "change_pct", "value": 8.4, "basis": "yoy"}, id="change"),
    pytest.param("China's trade surplus was 1.03 trillion yuan ($142.17 billion) in November.", "$142.17 billion",
                 {"measure": "trade_balance", "converted": True, "reporter": "CHN"}, id="converted"),
    pytest.param("Inflation was 2.3% in Germany, 0.9% in France.", "0.9%",
                 {"measure": "inflation", "role": "level", "reporter": "FRA"}, id="second-country"),
])
def test_pipeline_components_model_pipeline_agrees(model_extractor, text, mention, slots):
    records = {r["mention"]: r for r in model_extractor.process(Document("d", text, PUBLISHED))}
    assert {k: records[mention][k] for k in slots} == slots


@pytest.mark.slow  # runs the whole team corpus twice (about 3 s)
def test_pipeline_components_model_and_blank_find_the_same_mentions(extractor, model_extractor,
                                                                    team_corpus_dir):
    for document in documents(team_corpus_dir):
        blank = [(r["start"], r["end"]) for r in extractor.process(document)]
        model = [(r["start"], r["end"]) for r in model_extractor.process(document)]
        assert model == blank, document.id


def _check_offsets(extractor, folder) -> int:
    checked = 0
    for document in documents(folder):
        for record in extractor.process(document):
            assert document.text[record["start"]:record["end"]] == record["mention"], document.id
            assert record["start"] < record["end"]
            checked += 1
    return checked


def test_pipeline_components_offsets_on_seeds(extractor, seeds_dir):
    assert _check_offsets(extractor, seeds_dir) > 0


def test_pipeline_components_offsets_on_team_corpus(extractor, team_corpus_dir):
    assert _check_offsets(extractor, team_corpus_dir) > 0


def test_pipeline_components_offsets_on_seeds_with_model(model_extractor, seeds_dir):
    assert _check_offsets(model_extractor, seeds_dir) > 0


def test_pipeline_components_offsets_with_crlf_and_unicode(extractor):
    text = "Título — Exports rose 5%\r\nto ₩1.2 trillion… in October.\r\n"
    records = extractor.process(Document("d", text, PUBLISHED))
    assert [r["mention"] for r in records] == ["5%", "₩1.2 trillion"]
    for record in records:
        assert text[record["start"]:record["end"]] == record["mention"]


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("   \n\n  ", id="whitespace"),
    pytest.param("No numbers here at all.", id="no-numbers"),
    pytest.param("0 Comments", id="comments"),
    pytest.param("0 / 1000characters", id="character-counter"),
    pytest.param("Share this article", id="share-this"),
    pytest.param("Share: 12", id="share-count"),
    pytest.param("1,204 views", id="views"),
    pytest.param("3 min read", id="reading-time"),
    pytest.param("Page 2 of 5", id="page-of"),
    pytest.param("Updated: Nov 27, 2024 10:31", id="updated-line"),
    pytest.param("Copyright 2025 Example News. All rights reserved.", id="copyright"),
    pytest.param("Home > Economy > Trade", id="breadcrumb"),
    pytest.param("SEOUL, Nov 27, 2024", id="dateline"),
    pytest.param("The 15th Five-Year Plan runs from 2026 to 2030.", id="five-year-plan"),
    pytest.param("A 45-year-old exporter spoke after two months of decline.", id="age-and-months-of"),
])
def test_pipeline_components_no_records(extractor, text):
    assert extractor.process(Document("d", text, PUBLISHED)) == []


def test_pipeline_components_furniture_lines_among_content(extractor):
    text = ("Exports rose 5% in October.\n"
            "0 Comments\n"
            "0 / 1000characters\n"
            "Share this article\n"
            "Imports fell 2% in October.")
    records = extractor.process(Document("d", text, PUBLISHED))
    assert [r["mention"] for r in records] == ["5%", "2%"]


@pytest.mark.parametrize("text", [
    pytest.param("Exports rose 5% in October.\n0 Comments", id="counter-after-month"),
    pytest.param("Exports rose 5% in October.\nShare this article", id="share-after-month"),
])
def test_pipeline_components_furniture_does_not_change_periods(extractor, text):
    records = extractor.process(Document("d", text, PUBLISHED))
    assert [(r["mention"], r["period_start"], r["period_end"]) for r in records] == [
        ("5%", "2025-10", "2025-10")]


def test_pipeline_components_documents_do_not_share_state(extractor):
    first = extractor.process(Document("a", "China's exports rose 5% in October.", PUBLISHED))
    second = extractor.process(Document("b", "Exports rose 5% in October.", PUBLISHED))
    assert first[0]["reporter"] == "CHN"
    assert second[0]["reporter"] is None
    assert second[0]["doc_id"] == "b"


def test_pipeline_components_pipe_yields_per_document(extractor):
    docs = [Document("a", "Exports rose 5% in October.", PUBLISHED), Document("b", "", PUBLISHED)]
    results = list(extractor.pipe(docs))
    assert [d.id for d, _ in results] == ["a", "b"]
    assert [len(r) for _, r in results] == [1, 0]
