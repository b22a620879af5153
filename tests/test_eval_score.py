"""Table-driven tests of the SCHEMA §6 scorer on small hand-made gold and predictions."""
from __future__ import annotations

import json

import pytest

from eval.gold import load_gold
from eval.report import format_report
from eval.score import match_spans, score, slot_equal

RIGHT_SLOTS = {
    "value": 5.5, "unit": "%", "role": "change_pct", "measure": "exports", "reporter": "KOR",
    "partner": None, "sector": None, "period_start": "2025-11", "period_end": "2025-11",
    "basis": "yoy", "approx": None, "status": "actual", "converted": False, "source": None,
}


def record(start: int, end: int, doc: str = "d", **slots) -> dict:
    """A record on [start, end) of document ``doc`` whose slots are right unless overridden."""
    return {"doc_id": doc, "start": start, "end": end, **RIGHT_SLOTS, **slots}


def optional(start: int, end: int, doc: str = "d", **slots) -> dict:
    return {**record(start, end, doc, **slots), "optional": True}


def counts(report) -> tuple[int, int, int]:
    return report.mention.tp, report.mention.predicted, report.mention.gold


@pytest.mark.parametrize("gold_span, predicted_span, matched", [
    ((10, 20), (10, 20), True),    # same span
    ((10, 20), (15, 25), True),    # partial overlap
    ((10, 20), (12, 15), True),    # prediction inside gold
    ((10, 20), (0, 30), True),     # gold inside prediction
    ((10, 20), (19, 21), True),    # one shared character
    ((10, 20), (20, 30), False),   # touching: spans are half-open
    ((10, 20), (0, 10), False),
    ((10, 20), (30, 40), False),
    ((10, 20), (15, 15), False),   # an empty span overlaps nothing
])
def test_score_overlap_matching(gold_span, predicted_span, matched):
    report = score([record(*gold_span)], [record(*predicted_span)])
    assert counts(report) == ((1, 1, 1) if matched else (0, 1, 1))
    assert len(report.spurious) == (0 if matched else 1)


@pytest.mark.parametrize("gold, predicted, expected_pairs", [
    # two predictions on one gold: the larger overlap takes it, the other is spurious
    ([(10, 20)], [(15, 25), (10, 18)], [(0, 1)]),
    # one prediction over two golds: the larger overlap wins
    ([(0, 4), (6, 20)], [(2, 12)], [(1, 0)]),
    # greedy by overlap, not by text order: p1 takes g1 (overlap 10), p0 then gets g0
    ([(0, 10), (10, 20)], [(5, 15), (8, 20)], [(1, 1), (0, 0)]),
    # equal overlap: the closer pair (smaller union) wins
    ([(10, 20)], [(5, 20), (10, 20)], [(0, 1)]),
    # equal overlap and union: the gold earlier in the text wins
    ([(5, 10), (0, 5)], [(0, 10)], [(1, 0)]),
])
def test_score_one_to_one_greediness(gold, predicted, expected_pairs):
    pairs = match_spans([record(*span) for span in gold], [record(*span) for span in predicted])
    assert pairs == expected_pairs


def test_score_one_to_one_greediness_prefers_required_gold_on_ties():
    gold = [optional(0, 5), record(5, 10)]
    assert match_spans(gold, [record(0, 10)]) == [(1, 0)]


@pytest.mark.parametrize("gold, predicted, expected_counts, misses", [
    # a prediction on an optional gold is neither right nor spurious
    ([optional(0, 5)], [record(0, 5)], (0, 0, 0), 0),
    # an optional gold left alone is not missed
    ([optional(0, 5)], [], (0, 0, 0), 0),
    ([optional(0, 5), record(10, 15)], [record(0, 5), record(10, 15)], (1, 1, 1), 0),
    ([optional(0, 5), record(10, 15)], [], (0, 0, 1), 1),
    # wrong slots on an optional match are not scored either
    ([optional(0, 5)], [record(0, 5, measure="imports")], (0, 0, 0), 0),
])
def test_score_optional_gold(gold, predicted, expected_counts, misses):
    report = score(gold, predicted)
    assert counts(report) == expected_counts
    assert (report.record.tp, report.record.predicted) == expected_counts[:2]
    assert len(report.misses) == misses
    assert report.spurious == []
    assert report.value.total == report.mention.tp


@pytest.mark.parametrize("gold_value, predicted_value, predicted_unit, right", [
    (60.11e9, 60.11e9, "%", True),
    (60.11e9, 60.11e9 * (1 + 0.9e-4), "%", True),
    (60.11e9, 60.11e9 * (1 - 0.9e-4), "%", True),
    (60.11e9, 60.11e9 * (1 + 1.1e-4), "%", False),
    (-29.0, -29.0025, "%", True),      # relative to the gold value, sign kept
    (-29.0, 29.0, "%", False),         # a fall read as a rise
    (0.0, 0.0, "%", True),             # zero needs no division
    (0.0, 1e-12, "%", True),           # float noise on a computed zero
    (0.0, 0.001, "%", False),
    (5, 5.0, "%", True),               # JSON integers are numbers too
    (5.5, 5.5, "pp", False),           # unit must be equal as well
    (5.5, None, "%", False),
    (5.5, "5.5", "%", False),
    (1.0, True, "%", False),           # a bool is not a number
])
def test_score_value_tolerance(gold_value, predicted_value, predicted_unit, right):
    report = score([record(0, 5, value=gold_value)],
                   [record(0, 5, value=predicted_value, unit=predicted_unit)])
    assert report.value.correct == int(right)
    assert report.record.tp == int(right)


@pytest.mark.parametrize("slot, gold_value, predicted_value, right", [
    ("measure", "other:net_exports_contribution", "other:net_exports", True),
    ("sector", "other:food", "other:toys", True),
    ("partner", "other:belt_and_road", "other:bri_countries", True),
    ("reporter", "other:greater_bay_area", "other:gba", True),
    ("measure", "other:exports", "exports", False),
    ("measure", "exports", "other:exports", False),
    ("sector", "other:food", None, False),
    ("partner", None, None, True),
    ("partner", "CHN", "CHN", True),
    ("partner", "CHN", "HKG", False),
    ("role", "other:a", "other:b", False),  # not a vocabulary slot
    ("source", "other:a", "other:b", False),
])
def test_score_other_rule(slot, gold_value, predicted_value, right):
    assert slot_equal(slot, gold_value, predicted_value) is right
    report = score([record(0, 5, **{slot: gold_value})],
                   [record(0, 5, **{slot: predicted_value})])
    assert report.slots[slot].correct == int(right)


@pytest.mark.parametrize("gold_slots, predicted_slots, strict, lenient", [
    ({"measure": "exports.daily_average"}, {"measure": "exports"}, 0, 1),
    ({"measure": "exports"}, {"measure": "exports.volume"}, 0, 1),
    ({"sector": "semiconductors.memory"}, {"sector": "semiconductors"}, 0, 1),
    ({"sector": "semiconductors.memory"}, {"sector": "semiconductors.automotive"}, 0, 1),
    ({"measure": "inflation.core"}, {"measure": "gdp_growth.qoq"}, 0, 0),
    ({"sector": "semiconductors.memory"}, {"sector": None}, 0, 0),
    ({"measure": "other:a.b"}, {"measure": "other:c"}, 1, 1),
    # only measure and sector lose suffixes; anything else wrong stays wrong
    ({"measure": "exports.daily_average"}, {"measure": "exports", "partner": "CHN"}, 0, 0),
    ({"measure": "exports.daily_average"}, {"measure": "exports.daily_average"}, 1, 1),
])
def test_score_lenient_suffix_rule(gold_slots, predicted_slots, strict, lenient):
    report = score([record(0, 5, **gold_slots)], [record(0, 5, **predicted_slots)])
    assert (report.record.tp, report.lenient_record.tp) == (strict, lenient)


@pytest.mark.parametrize("gold_period, predicted_period, right", [
    (("2025-11", "2025-11"), ("2025-11", "2025-11"), True),
    (("2024-01", "2024-11"), ("2024-01", "2024-12"), False),  # end differs
    (("2024-01", "2024-11"), ("2024-02", "2024-11"), False),  # start differs
    (("2025-10-01", "2025-10-20"), ("2025-10", "2025-10"), False),  # days are not months
    ((None, None), (None, None), True),
    ((None, None), ("2025-11", "2025-11"), False),
])
def test_score_period_compare(gold_period, predicted_period, right):
    gold = record(0, 5, period_start=gold_period[0], period_end=gold_period[1])
    predicted = record(0, 5, period_start=predicted_period[0], period_end=predicted_period[1])
    report = score([gold], [predicted])
    assert report.slots["period"].correct == int(right)
    assert report.record.tp == int(right)


@pytest.mark.parametrize("texts, predicted_docs, expected_counts, unknown, spurious", [
    # a gold document without predictions: its figures are missed
    ({"a": "x" * 20, "b": "x" * 20}, ["a"], (1, 1, 2), [], 0),
    # predictions for a document outside the gold folder are set aside, not scored
    ({"a": "x" * 20, "b": "x" * 20}, ["a", "b", "zzz"], (2, 2, 2), ["zzz"], 0),
    # a document of the folder with no gold: its predictions are spurious
    ({"a": "x" * 20, "b": "x" * 20, "c": "x" * 20}, ["a", "b", "c"], (2, 3, 2), [], 1),
    # without texts, every document seen is scored
    (None, ["a", "b", "zzz"], (2, 3, 2), [], 1),
])
def test_score_missing_doc(texts, predicted_docs, expected_counts, unknown, spurious):
    gold = [record(0, 5, doc="a"), record(0, 5, doc="b")]
    predicted = [record(0, 5, doc=doc) for doc in predicted_docs]
    report = score(gold, predicted, texts)
    assert counts(report) == expected_counts
    assert report.unknown_documents == unknown
    assert len(report.spurious) == spurious
    missed = [miss.doc_id for miss in report.misses if miss.kind == "missed"]
    assert missed == sorted({"a", "b"} - set(predicted_docs))
    if texts is not None:
        assert [document.doc_id for document in report.documents] == sorted(texts)


def test_score_misses_name_wrong_record_slots():
    gold = [record(0, 4, measure="exports", sector="semiconductors"), record(9, 13)]
    predicted = [record(0, 4, measure="imports", sector="semiconductors", basis="pop",
                        sentence="Imports rose.")]
    report = score(gold, predicted, {"d": "5.5% and 4.4% rises"})
    wrong, missed = report.misses
    assert wrong.kind == "wrong"
    assert wrong.differences == {"measure": ("exports", "imports")}  # basis is not a record slot
    assert wrong.context == "…[5.5%] and 4.4% rises…"
    assert missed.kind == "missed" and missed.context == "…5.5% and [4.4%] rises…"
    assert report.slots["basis"].correct == 0


def test_score_spurious_carry_their_sentence():
    report = score([], [record(0, 4, sentence="Exports rose 5.5%.")], {"d": "5.5% rise"})
    assert [item.context for item in report.spurious] == ["Exports rose 5.5%."]


def test_score_report_ends_with_headline_json():
    report = score([record(0, 5), record(10, 15, optional=True)],
                   [record(0, 5, measure="exports.daily_average"), record(20, 25)])
    text = format_report(report, show_errors=True)
    headline = json.loads(text.splitlines()[-1])
    assert headline == report.headline()
    assert headline["record_f1"] == 0.0 and headline["lenient_record_f1"] == pytest.approx(0.6667)
    assert headline["mention_precision"] == 0.5 and headline["mention_recall"] == 1.0


def test_score_seed_gold_against_itself_is_perfect(seeds_dir):
    gold = load_gold(seeds_dir)
    predicted = [{key: value for key, value in r.items() if key not in ("n", "optional")}
                 for r in gold.records]
    texts = {doc_id: document.text for doc_id, document in gold.documents.items()}
    headline = score(gold.records, predicted, texts).headline()
    assert headline["record_f1"] == headline["mention_f1"] == headline["value_accuracy"] == 1.0
    assert headline["predicted"] == headline["gold"] == sum(not r["optional"] for r in gold.records)
