"""Verdict rules of SCHEMA §7 on small invented series: precision, qualifiers, consistent /
inconsistent (with causes) / mislabeled / unverifiable, forecasts and targets."""
from __future__ import annotations

import pytest

from extractor.reconcile.precision import claim_interval, half_unit

from reconcile_tables import frame, reconciler, record, row


@pytest.mark.parametrize("mention, value, half", [
    ("$60.11 billion", 60.11e9, 0.005e9),
    ("8.2 percent", 8.2, 0.05),
    ("60 percent", 60.0, 5.0),
    ("$340 billion", 340e9, 5e9),
    ("1,437.5 won", 1437.5, 0.05),
    ("$28 million", -28e6, 0.5e6),
    ("Rs 20,000 crore", 2e11, 0.5e4 * 1e7 * 10 / 10),
])
def test_stated_precision(mention, value, half):
    assert half_unit(mention, value) == pytest.approx(half)


def test_streaks_are_exact():
    assert half_unit("31 straight months", 31, "month", "streak") == 0


def test_qualifier_ranges():
    nearly = claim_interval(-29.0, "29%", "~")
    assert nearly.contains(-28.6) and not nearly.contains(-25.0)
    past = claim_interval(1e12, "$1 trillion", ">")
    assert past.contains(1.076e12) and not past.contains(0.99e12) and not past.contains(1e12)
    under = claim_interval(2.0, "2%", "<")
    assert under.contains(1.9) and not under.contains(2.0) and not under.contains(2.1)
    deficit = claim_interval(-2e9, "$2 billion", ">")  # "a deficit of more than $2 billion"
    assert deficit.contains(-2.3e9) and not deficit.contains(-1.8e9)
    assert claim_interval(1e12, "$1 trillion", ">", bound_slack=None).contains(9e12)


@pytest.fixture
def data(tmp_path):
    return frame(tmp_path, [
        row(value="61.04"),
        row(transform="yoy", mult=0, value="8.4"),
        row(period="2025-10", value="59.50"),
        row(period="2024-11", value="56.31"),
        row(basis="bop", value="60.11"),
        row(indicator="trade_balance", value="9.73"),
        row(indicator="current_account", basis="bop", entry="N", value="12.24"),
        row(product="integrated_circuits", value="9.10"),
        row(indicator="portfolio_investment.equity", basis="bop", entry="A", value="12.54"),
        row(indicator="gdp_growth", freq="A", period="2026", status="forecast", unit="%", mult=0,
            value="2.0", agency="Big Bank", basis=""),
        row(indicator="inflation", freq="A", period="2025", status="target", unit="%", mult=0,
            value="2", agency="Central Bank", basis=""),
    ])


def check(data, **fields):
    return reconciler(data).check(record(**fields))


def test_consistent_at_stated_precision(data):
    got = check(data, mention="$61.0 billion", value=61.0e9)
    assert got["verdict"] == "consistent"
    assert got["source_url"] == "https://example.org/release" and got["series_id"]
    assert got["difference"] == pytest.approx(-0.04e9)
    assert check(data, mention="$61.1 billion", value=61.1e9)["verdict"] == "inconsistent"


def test_same_precision_is_a_point_not_an_overlap(data):
    assert check(data, mention="8.3%", value=8.3, unit="%", role="change_pct",
                 basis="yoy")["verdict"] == "inconsistent"


def test_inconsistent_names_tenfold_slip(data):
    got = check(data, mention="$1.25 billion", value=1.25e9, measure="portfolio_investment.equity")
    assert got["verdict"] == "inconsistent" and "tenfold" in got["cause"]
    assert got["difference_relative"] == pytest.approx(1.25 / 12.54 - 1)


def test_inconsistent_names_last_years_figure(data):
    got = check(data, mention="$56.3 billion", value=56.3e9)
    assert got["verdict"] == "inconsistent" and "last year" in got["cause"]


def test_inconsistent_names_reversed_sign(data):
    got = check(data, mention="$9.73 billion", value=-9.73e9, measure="trade_balance")
    assert got["verdict"] == "inconsistent" and "sign" in got["cause"]


def test_mislabeled_measure(data):
    got = check(data, mention="$12.24 billion", value=12.24e9, measure="trade_balance")
    assert got["verdict"] == "mislabeled"
    assert got["alternative"]["series_id"].startswith("M.XKR.current_account")
    assert got["official_value"] == pytest.approx(9.73e9)  # the claimed series' own value


def test_mislabeled_sector_when_claimed_series_is_missing(data):
    got = check(data, mention="$9.1 billion", value=9.1e9, sector="semiconductors")
    assert got["verdict"] == "mislabeled"
    assert "integrated circuits" in got["explanation"]


def test_mislabeled_basis_only_when_source_names_a_basis(data):
    claimed = dict(mention="$60.11 billion", value=60.11e9)
    assert check(data, **claimed)["verdict"] == "consistent"  # no source: any basis
    got = check(data, source="Korea Customs Service", **claimed)
    assert got["verdict"] == "mislabeled" and "bop basis" in got["explanation"]


def test_mislabeled_adjacent_month(data):
    got = check(data, mention="$59.5 billion", value=59.5e9)
    assert got["verdict"] == "mislabeled" and "previous month" in got["explanation"]


def test_unverifiable_without_series(data):
    got = check(data, mention="$3 billion", value=3e9, reporter="XYZ")
    assert got["verdict"] == "unverifiable" and got["official_value"] is None
    assert check(data, mention="$3 billion", value=3e9, period_start=None,
                 period_end=None)["verdict"] == "unverifiable"


def test_forecasts_only_against_published_forecasts(data):
    base = dict(measure="gdp_growth", unit="%", status="forecast", period_start="2026-01",
                period_end="2026-12")
    assert check(data, mention="2.0%", value=2.0, **base)["verdict"] == "consistent"
    assert check(data, mention="2.0%", value=2.0, source="Other Bank", **base)["verdict"] == "unverifiable"
    assert check(data, mention="2.5%", value=2.5, source="Big Bank", **base)["verdict"] == "inconsistent"
    assert check(data, mention="2.5%", value=2.5, **base)["verdict"] == "unverifiable"
    # never against an outcome
    assert check(data, mention="2.0%", value=2.0, **{**base, "period_start": "2025-01",
                                                    "period_end": "2025-12"})["verdict"] == "unverifiable"


def test_target_without_period_uses_publication_year(data):
    got = check(data, mention="2%", value=2.0, measure="inflation", unit="%", status="target",
                period_start=None, period_end=None, published="2025-10-31")
    assert got["verdict"] == "consistent"


def test_options_tolerance_and_rounding(data):
    claim = record(mention="$61 billion", value=61e9)
    assert reconciler(data).check(claim)["verdict"] == "consistent"
    assert reconciler(data, rounding=False).check(claim)["verdict"] == "inconsistent"
    assert reconciler(data, rounding=False, tolerance=0.01).check(claim)["verdict"] == "consistent"


@pytest.mark.parametrize("source, measure, basis", [
    pytest.param("Ministry of Finance", "exports", "customs", id="customs-agency-trade-flow"),
    pytest.param("Bank of Korea", "trade_balance", "bop", id="central-bank-trade-flow"),
    pytest.param("Ministry of Finance", "current_account", None, id="bop-measure-has-no-flow-basis"),
    pytest.param(None, "exports", None, id="no-source"),
])
def test_reconcile_basis_of_source_only_for_trade_flows(source, measure, basis):
    from extractor.reconcile.config import load_series_map

    assert load_series_map().basis_of_source(source, measure) == basis


def test_level_in_tonnes_is_held_against_tonnes_only(tmp_path):
    """A volume claim is never compared with the value series of the same product."""
    data = frame(tmp_path, [
        row(product="other:rice", freq="YTD", period="2025-01/2025-09", value="3.49"),
        row(product="other:rice", freq="YTD", period="2025-01/2025-09", unit="t", mult=6,
            value="6.83"),
    ])
    claim = dict(sector="other:rice", period_start="2025-01", period_end="2025-09")
    got = reconciler(data).check(record(mention="7.26 million tonnes", value=7.26e6, unit="t", **claim))
    assert (got["verdict"], got["official_unit"], got["official_value"]) == ("inconsistent", "t", 6.83e6)
    got = reconciler(data).check(record(mention="$3.49 billion", value=3.49e9, **claim))
    assert (got["verdict"], got["official_unit"]) == ("consistent", "USD")
