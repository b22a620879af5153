"""Derived official values: growth, balance, year-to-date sums, shares, differences, streaks,
currency conversion at ECB-style rates; and document findings."""
from __future__ import annotations

import pytest

from reconcile_tables import FixedRates, frame, reconciler, record, row


@pytest.fixture
def data(tmp_path):
    months = {"2025-01": ("50.0", "52.0"), "2025-02": ("55.0", "50.0"), "2025-03": ("60.0", "55.0")}
    rows = []
    for month, (exports, imports) in months.items():
        rows += [row(period=month, value=exports), row(indicator="imports", period=month, value=imports)]
    rows += [row(period="2024-03", value="48.0"), row(partner="XCN", period="2025-03", value="15.0")]
    for month, value in {"2024-12": "-50.0", "2025-01": "49.1", "2025-02": "50.2"}.items():
        pass
    rows += [row(indicator="pmi", basis="", unit="index", mult=0, period=m, value=v)
             for m, v in {"2025-01": "50.5", "2025-02": "49.0", "2025-03": "49.5"}.items()]
    rows += [row(indicator="exports", partner="XKR", unit="CNY", mult=12, freq="A", period="2025",
                 value="1.03")]
    return frame(tmp_path, rows)


def check(data, rates=None, **fields):
    return reconciler(data, rates=rates).check(record(**fields))


def test_growth_from_two_levels(data):
    got = check(data, mention="25%", value=25.0, unit="%", role="change_pct", basis="yoy",
                period_start="2025-03", period_end="2025-03")
    assert got["verdict"] == "consistent"
    assert "2025-03 / exports 2024-03 - 1" in got["series_label"]
    got = check(data, mention="9.1%", value=9.1, unit="%", role="change_pct", basis="pop",
                period_start="2025-03", period_end="2025-03")
    assert got["verdict"] == "consistent" and got["official_value"] == pytest.approx(60 / 55 * 100 - 100)


def test_balance_from_exports_minus_imports(data):
    got = check(data, mention="$5 billion", value=5e9, measure="trade_balance",
                period_start="2025-03", period_end="2025-03")
    assert got["verdict"] == "consistent" and "exports - imports" in got["series_label"]


def test_year_to_date_sum(data):
    got = check(data, mention="$165 billion", value=165e9, period_start="2025-01", period_end="2025-03")
    assert got["verdict"] == "consistent" and "sum of exports" in got["series_label"]
    got = check(data, mention="$8 billion", value=8e9, measure="trade_balance",
                period_start="2025-01", period_end="2025-03")
    assert got["verdict"] == "consistent"  # balance of two year-to-date sums


def test_share_of_total(data):
    got = check(data, mention="25 percent", value=25.0, unit="%", role="share", partner="XCN",
                period_start="2025-03", period_end="2025-03")
    assert got["verdict"] == "consistent" and got["official_value"] == pytest.approx(25.0)


def test_absolute_change(data):
    got = check(data, mention="$5 billion", value=5e9, role="change_abs", basis="pop",
                period_start="2025-03", period_end="2025-03")
    assert got["verdict"] == "consistent"


def test_streak_counted_from_a_series(data):
    two = dict(value=2.0, unit="month", role="streak", measure="pmi", period_start="2025-03",
               period_end="2025-03")
    assert check(data, mention="second straight month", **two)["verdict"] == "consistent"
    got = check(data, mention="third straight month", **{**two, "value": 3.0})
    assert got["verdict"] == "inconsistent" and got["official_value"] == 2.0


def test_streak_reaching_back_past_the_data_is_only_a_lower_bound(data):
    # exports grew yoy only in 2025-03 (2024-03 is the only base): no break is visible
    claim = dict(unit="month", role="streak", period_start="2025-03", period_end="2025-03")
    assert check(data, mention="fifth month", value=5.0, **claim)["verdict"] == "unverifiable"


def test_conversion_between_period_average_and_publication(data):
    rates = FixedRates({("CNY", "USD"): 1 / 7.0})
    got = check(data, rates, mention="$147.1 billion", value=147.1e9, partner="XKR",
                period_start="2025-01", period_end="2025-12", converted=True, approx="~")
    assert got["verdict"] == "consistent" and got["official_unit"] == "USD"
    assert got["official_value"] == pytest.approx(1.03e12 / 7.0)
    got = check(data, rates, mention="$120 billion", value=120e9, partner="XKR",
                period_start="2025-01", period_end="2025-12", converted=True)
    assert got["verdict"] == "inconsistent"


class WeekdayRates:
    """KRW per USD: 1,400 on weekdays, 9,999 on weekends (which the ECB never fixes)."""

    def rate(self, base, quote, day):
        if (base, quote) != ("USD", "KRW"):
            return None
        return 9999.0 if day.weekday() >= 5 else 1400.0


QUOTE = dict(unit="KRW", measure="exchange_rate", partner="USA", reporter="XKR")


@pytest.mark.parametrize("fields, verdict", [
    (dict(mention="1,400.5 won", value=1400.5, period_start="2025-11-07", period_end="2025-11-07"),
     "consistent"),
    (dict(mention="1,410 won", value=1410.0, period_start="2025-11-07", period_end="2025-11-07"),
     "consistent"),  # within the 1% allowed for the time of day
    (dict(mention="1,437.5 won", value=1437.5, period_start="2025-11-07", period_end="2025-11-07"),
     "inconsistent"),
    (dict(mention="1,400 won", value=1400.0, partner=None), "consistent"),  # against the dollar
    (dict(mention="above 1,410", value=1410.0, approx=">", period_start="2025-11-07",
          period_end="2025-11-07"), "consistent"),  # the reference range reaches above 1,410
    (dict(mention="1,400 won", value=1400.0, partner="XXX"), "unverifiable"),  # no currency known
], ids=["day", "time-of-day", "off", "month-average-weekdays", "bound", "unknown-counterpart"])
def test_exchange_rate_quote_against_reference_rates(data, fields, verdict):
    got = check(data, WeekdayRates(), **{**QUOTE, **fields})
    assert got["verdict"] == verdict
    if verdict != "unverifiable":
        assert got["official_value"] == pytest.approx(1400.0)
        assert got["source_url"].startswith("https://www.ecb.europa.eu/")
        assert "KRW per USD" in got["series_label"]


def test_exchange_rate_quote_unverifiable_without_rates(data):
    got = check(data, None, mention="1,400 won", value=1400.0, **QUOTE)
    assert got["verdict"] == "unverifiable"


def test_findings_two_values_parts_and_level_vs_change(tmp_path, data):
    from extractor.reconcile.findings import document_findings
    from extractor.reconcile import Options, load_series_map

    records = [
        record(mention="$6.52 billion", value=6.52e9, measure="portfolio_investment", start=1),
        record(mention="$12.26 billion", value=12.26e9, measure="portfolio_investment", start=2),
        record(mention="$1.25 billion", value=1.25e9, measure="portfolio_investment.equity", start=3),
        record(mention="$28 million", value=-28e6, measure="portfolio_investment.debt", start=4),
        record(mention="$60.0 billion", value=60e9, start=5),
        record(mention="$50.0 billion", value=50e9, period_start="2024-11", period_end="2024-11", start=6),
        record(mention="5%", value=5.0, unit="%", role="change_pct", basis="yoy", start=7),
        record(mention="1.03 trillion yuan", value=1.03e12, unit="CNY", start=8),
        record(mention="$50 billion", value=50e9, converted=True, start=9),
    ]
    rates = FixedRates({("USD", "CNY"): 7.0})
    found = document_findings(records, load_series_map(), Options(), rates)
    kinds = [f["kind"] for f in found]
    assert "two_values" in kinds and kinds.count("parts_vs_total") == 2
    assert "level_vs_change" in kinds and "implied_rate" in kinds
    two = next(f for f in found if f["kind"] == "two_values" and f["measure"] == "portfolio_investment")
    assert {m["mention"] for m in two["mentions"]} == {"$6.52 billion", "$12.26 billion"}


@pytest.mark.parametrize("second_level, expected", [
    (None, 1),  # two growth rates for one measure and period: a contradiction
    (dict(mention="2.17 trillion yuan", value=2.17e12, unit="CNY"), 0),  # in yuan terms
    (dict(mention="266,400 units", value=266400.0, unit="unit"), 0),  # in volume
], ids=["same-terms", "other-currency-terms", "volume-terms"])
def test_findings_growth_rates_in_different_terms_are_not_two_values(second_level, expected):
    from extractor.reconcile import Options, load_series_map
    from extractor.reconcile.findings import document_findings

    growth = dict(unit="%", role="change_pct", basis="yoy")
    records = [record(mention="1.1%", value=-1.1, start=10, end=14, **growth),
               record(mention="0.8%", value=-0.8, start=100, end=104, **growth)]
    if second_level:
        records.append(record(start=120, end=140, **second_level))
    found = [f for f in document_findings(records, load_series_map(), Options())
             if f["kind"] == "two_values"]
    assert len(found) == expected
