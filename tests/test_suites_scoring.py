"""The NewsQuant matching rule (eval/suites/nq_score.py) on small hand-made sentences, the strict
one-to-one variant, the conversion of our records to NewsQuant's terms, and the RESULTS.md
section writer. No suite data and no extractor are needed."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from eval.suites.newsquant import NewsQuantAdapter
from eval.suites.nq_score import Quantity, parse_value, restrict, score, values_match
from eval.suites.results import BEGIN, END, SECTION_TITLE, write_section


def q(value, unit="dollar", change="="):
    return Quantity(value, unit, change)


def tps(gold, predicted, strict=False):
    s = score([(gold, predicted)], strict=strict)
    return s["value"].tp, s["value+unit"].tp, s["value+change"].tp


# -- values ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("19.0", 19.0), ("-5.0", -5.0), ("252.0-287.0", (252.0, 287.0)), ("3.0 - 4.0", (3.0, 4.0)),
    ("4.8-4.7", (4.8, 4.7)), ("2.998E-08", 2.998e-08), ("1000000-10000000", (1e6, 1e7)),
])
def test_parse_value(text, value):
    assert parse_value(text) == value


def test_values_match_is_relative_1e5():
    assert values_match(100000.0, 100000.9)
    assert not values_match(100.0, 100.01)
    assert values_match(0.0, 0.0)


def test_ranges_match_only_ranges():
    assert tps([q((3.0, 4.0), "year")], [q(3.0, "year")]) == (0, 0, 0)
    assert tps([q(3.0, "year")], [q((3.0, 4.0), "year")]) == (0, 0, 0)
    assert tps([q((3.0, 4.0), "year")], [q((3.0, 4.0), "year")]) == (1, 1, 1)
    assert tps([q((4.8, 4.7), "percentage")], [q((4.7, 4.8), "percentage")]) == (0, 0, 0)


# -- the published rule --------------------------------------------------------------------------
def test_value_counts_once_per_gold_and_is_capped_by_the_sentence_gold():
    # two predictions with the right value but the wrong unit: "value" still counts once
    assert tps([q(5.0, "dollar")], [q(5.0, "euro"), q(5.0, "yen")]) == (1, 0, 2)
    # more right values than gold quantities: capped at the sentence's gold count
    assert tps([q(5.0, "dollar")], [q(5.0, "dollar"), q(5.0, "dollar")]) == (1, 1, 1)


def test_a_prediction_with_the_right_unit_is_used_up():
    gold = [q(5.0, "dollar"), q(5.0, "dollar")]
    assert tps(gold, [q(5.0, "dollar")]) == (1, 1, 1)
    assert tps(gold, [q(5.0, "dollar"), q(5.0, "dollar")]) == (2, 2, 2)


def test_a_prediction_with_a_wrong_unit_is_never_used_up():
    """One prediction, wrong unit, earns "value" for every gold quantity of that value."""
    gold = [q(5.0, "dollar"), q(5.0, "percentage")]
    assert tps(gold, [q(5.0, "mile")]) == (2, 0, 2)
    # ... while the right unit stops it at the first match
    assert tps(gold, [q(5.0, "dollar")]) == (1, 1, 1)


def test_change_is_compared_on_every_value_match_and_not_capped():
    gold = [q(5.0, "yen", "up")]
    predicted = [q(5.0, "yen", "up"), q(5.0, "euro", "up"), q(5.0, "dollar", "up")]
    # in unit order (dollar, euro, yen) every prediction matches the value: "value" once,
    # "value+change" three times, "value+unit" once (the yen prediction, which ends the search)
    assert tps(gold, predicted) == (1, 1, 3)


def test_order_is_by_normalized_unit():
    """Both lists are sorted by unit first: the 'dollar' prediction is met before 'mile'."""
    gold = [q(7.0, "mile"), q(7.0, "dollar")]
    predicted = [q(7.0, "mile"), q(7.0, "dollar")]
    assert tps(gold, predicted) == (2, 2, 2)


def test_precision_and_recall_denominators():
    s = score([([q(1.0), q(2.0)], [q(1.0), q(3.0), q(4.0)]), ([], [q(9.0)])])
    assert (s["value"].tp, s["value"].predicted, s["value"].gold) == (1, 4, 2)
    assert s["value"].precision == pytest.approx(0.25)
    assert s["value"].recall == pytest.approx(0.5)


# -- strict one-to-one ---------------------------------------------------------------------------
def test_strict_uses_each_prediction_once():
    gold = [q(5.0, "dollar"), q(5.0, "percentage")]
    assert tps(gold, [q(5.0, "mile")], strict=True) == (1, 0, 1)
    predicted = [q(5.0, "euro", "up"), q(5.0, "yen", "up"), q(5.0, "dollar", "up")]
    assert tps([q(5.0, "dollar", "up")], predicted, strict=True) == (1, 1, 1)


def test_restrict_to_the_money_percent_subset():
    units = frozenset({"dollar", "percentage"})
    items = [q(1.0, "dollar"), q(2.0, "mile"), q(3.0, "percentage")]
    assert [i.value for i in restrict(items, units)] == [1.0, 3.0]


# -- our records in NewsQuant's terms --------------------------------------------------------------
def _fig(kind="quantity", signed=False, direction=0, notes=(), sentence_start=0):
    return SimpleNamespace(kind=kind, signed=signed, direction=direction, notes=list(notes),
                           sentence_start=sentence_start)


def _rec(start, end, value, unit, text, role="level", approx=None, high=None):
    record = {"start": start, "end": end, "mention": text[start:end], "value": value,
              "unit": unit, "role": role, "approx": approx}
    if high is not None:
        record["value_high"] = high
    return record


@pytest.fixture(scope="module")
def adapter():
    return NewsQuantAdapter()


def test_units_signs_and_changes(adapter):
    text = "Exports fell 0.4% to $5 billion, about 13000 workers."
    pairs = [
        (_fig("percent", direction=-1), _rec(13, 17, -0.4, "%", text, role="change_pct")),
        (_fig("money"), _rec(21, 31, 5e9, "USD", text)),
        (_fig(notes=["counted:worker"]), _rec(39, 52, 13000.0, "people", text, approx="~")),
    ]
    got = adapter.quantities(text, pairs)
    assert got == [Quantity(0.4, "percentage", "down"), Quantity(5e9, "dollar", "="),
                   Quantity(13000.0, "worker", "~")]


def test_a_sign_written_on_the_number_stays(adapter):
    text = "Stoxx -1.3% today"
    got = adapter.quantities(text, [(_fig("percent", signed=True),
                                     _rec(6, 11, -1.3, "%", text, role="change_pct"))])
    assert got == [Quantity(-1.3, "percentage", "down")]


def test_basis_points_come_back_from_percentage_points(adapter):
    text = "a 60 basis point improvement"
    got = adapter.quantities(text, [(_fig("pp"), _rec(2, 16, 0.6, "pp", text))])
    assert got == [Quantity(60.0, "basis point", "=")]


def test_from_to_and_between_pairs_are_ranges(adapter):
    text = "Prices rose from $160 to $180, and between 5% and 6%, then 7% to 8%."
    pairs = [(_fig("money"), _rec(17, 21, 160.0, "USD", text)),
             (_fig("money"), _rec(25, 29, 180.0, "USD", text)),
             (_fig("percent"), _rec(43, 45, 5.0, "%", text)),
             (_fig("percent"), _rec(50, 52, 6.0, "%", text)),
             (_fig("percent"), _rec(59, 61, 7.0, "%", text)),
             (_fig("percent"), _rec(65, 67, 8.0, "%", text))]
    got = adapter.quantities(text, pairs)
    assert [g.value for g in got] == [(160.0, 180.0), (5.0, 6.0), (7.0, 8.0)]


def test_rates_take_their_denominator(adapter):
    text = "peaked at $52 a barrel in October"
    got = adapter.quantities(text, [(_fig("money"), _rec(10, 13, 52.0, "USD", text))])
    assert got == [Quantity(52.0, "dollar per barrel", "=")]


# -- RESULTS.md --------------------------------------------------------------------------------------
def test_write_section_appends_then_replaces_only_its_own_section(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text("# Results\n\n## Accuracy\n\nother helper's text\n", encoding="utf-8")
    section = f"{SECTION_TITLE}\n\n{BEGIN}\n\nfirst run\n{END}\n"
    write_section(path, section)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Results\n\n## Accuracy\n\nother helper's text\n")
    assert text.endswith(section)
    write_section(path, section.replace("first run", "second run"))
    text = path.read_text(encoding="utf-8")
    assert "first run" not in text and "second run" in text
    assert text.count(SECTION_TITLE) == 1 and "other helper's text" in text


# -- the commands' guards --------------------------------------------------------------------------
def test_absent_suite_data_skips_cleanly(tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "EVAL_EXTERNAL_DIR": str(tmp_path / "absent")}
    for suite in ("newsquant", "currency", "recognizers", "quantulum"):
        done = subprocess.run([sys.executable, "-m", "eval", suite, "--limit", "2"], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        last = json.loads(done.stdout.strip().splitlines()[-1])
        assert last["suite"] == suite and "absent" in last["skipped"]


def test_missing_quantities_switch_is_named(monkeypatch):
    import dataclasses

    import extractor

    from eval.suites.common import SettingMissing, quantities_extractor

    @dataclasses.dataclass(frozen=True)
    class OldSettings:
        model: str | None = None

    monkeypatch.setattr(extractor, "Settings", OldSettings)
    with pytest.raises(SettingMissing, match="quantities"):
        quantities_extractor()
