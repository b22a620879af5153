"""Measure, role, sign, basis, approx, status and converted (SCHEMA §2-§4) on short sentences.

Each case names one mention of an invented sentence and the slots SCHEMA expects for it; slots
a case leaves out are not its point (they are checked elsewhere).
"""
from __future__ import annotations

import pytest

from extractor.document import Document, Published

PUBLISHED = Published.parse("2025-12-10")



def records_of(extractor, text: str) -> dict[str, dict]:
    return {r["mention"]: r for r in extractor.process(Document("d", text, PUBLISHED))}


def case(text: str, mention: str, id: str, **slots):
    return pytest.param(text, mention, slots, id=id)


TRADE = [
    case("Korea's exports rose 8.4% to $61.0 billion in November.", "$61.0 billion", "exports-level",
         measure="exports", role="level", value=61.0e9, unit="USD", basis=None),
    case("Korea's exports rose 8.4% to $61.0 billion in November.", "8.4%", "exports-change",
         measure="exports", role="change_pct", value=8.4, basis="yoy"),
    case("Imports fell 1.2% to $46.8 billion in November.", "1.2%", "imports-fall-negative",
         measure="imports", role="change_pct", value=-1.2, basis="yoy"),
    case("Imports fell 1.2% to $46.8 billion in November.", "$46.8 billion", "imports-new-level-positive",
         measure="imports", role="level", value=46.8e9),
    case("The trade surplus reached $14.2 billion in November.", "$14.2 billion", "surplus-positive",
         measure="trade_balance", role="level", value=14.2e9),
    case("The trade deficit was $2.8 billion in November.", "$2.8 billion", "deficit-negative",
         measure="trade_balance", role="level", value=-2.8e9),
    case("The trade balance showed a deficit of $2.8 billion in November.", "$2.8 billion", "balance-showed-deficit",
         measure="trade_balance", role="level", value=-2.8e9),
    case("The trade gap widened to $78.3 billion in October.", "$78.3 billion", "gap-negative",
         measure="trade_balance", role="level", value=-78.3e9),
    case("The trade deficit narrowed to $52.8 billion in September.", "$52.8 billion", "deficit-narrowed-to",
         measure="trade_balance", role="level", value=-52.8e9),
    case("The deficit narrowed 23.8% in October.", "23.8%", "deficit-narrowed-percent",
         measure="trade_balance", role="change_pct", value=-23.8),
    case("The shortfall could reach $2 billion or more this year.", "$2 billion", "shortfall-or-more",
         measure="trade_balance", role="level", value=-2e9, approx=">=", status="forecast"),
    case("Trade between the two countries reached $300 billion last year.", "$300 billion", "trade-total",
         measure="trade_total", role="level", value=300e9),
    case("Average daily exports rose 4.2% in November.", "4.2%", "daily-average-variant",
         measure="exports.daily_average", role="change_pct", value=4.2),
    case("Export orders rose 12% in October.", "12%", "export-orders",
         measure="export_orders", role="change_pct", value=12.0),
    case("Exports rose $2 billion from a year earlier to $60 billion.", "$2 billion", "change-abs",
         measure="exports", role="change_abs", value=2e9, basis="yoy"),
    case("Exports rose $2 billion from a year earlier to $60 billion.", "$60 billion", "level-after-change-abs",
         measure="exports", role="level", value=60e9),
    case("Imports jumped by $5 billion in November.", "$5 billion", "jumped-by",
         measure="imports", role="change_abs", value=5e9),
    case("Exports rose $2 billion from $58 billion a year earlier.", "$58 billion", "earlier-level",
         measure="exports", role="level", value=58e9),
]

BALANCE_OF_PAYMENTS = [
    case("The current account surplus hit $13.5 billion in November.", "$13.5 billion", "current-account-surplus",
         measure="current_account", role="level", value=13.5e9),
    case("The current account posted a surplus of $13.5 billion in November.", "$13.5 billion",
         "current-account-posted-surplus", measure="current_account", role="level", value=13.5e9),
    case("The current account deficit widened to $1.1 billion in October.", "$1.1 billion", "current-account-deficit",
         measure="current_account", role="level", value=-1.1e9),
    case("The financial account saw an increase of $8.27 billion in November.", "$8.27 billion", "financial-account",
         measure="financial_account", role="level", value=8.27e9, basis=None),
    case("Bond investments decreased by $28 million in November.", "$28 million", "bond-investments-decreased",
         measure="portfolio_investment.debt", role="level", value=-28e6, basis=None),
    case("Portfolio investment decreased by $1.5 billion in November.", "$1.5 billion", "portfolio-decreased",
         measure="portfolio_investment", role="level", value=-1.5e9),
    case("Direct investment rose by $2.1 billion in November.", "$2.1 billion", "direct-investment-rose-by",
         measure="direct_investment", role="level", value=2.1e9),
    case("Foreign exchange reserves stood at $410 billion at end-October.", "$410 billion", "fx-reserves",
         measure="fx_reserves", role="level", value=410e9),
]

RATES = [
    case("China's economy grew 4.8% in the third quarter.", "4.8%", "gdp-growth-level",
         measure="gdp_growth", role="level", value=4.8, basis=None),
    case("The economy shrank 0.1% last year.", "0.1%", "economy-shrank",
         measure="gdp_growth", role="level", value=-0.1),
    case("GDP growth was -0.3% in 2024.", "-0.3%", "signed-growth",
         measure="gdp_growth", role="level", value=-0.3),
    case("GDP growth slowed to 4.8% in the third quarter.", "4.8%", "growth-slowed-to",
         measure="gdp_growth", role="level", value=4.8),
    case("The economy contracted at an annualized rate of 1.8% in the third quarter.", "1.8%",
         "contracted-annualized", role="level", value=-1.8),
    case("The economy grew 0.3% quarter-on-quarter in the third quarter.", "0.3%", "gdp-qoq-variant",
         measure="gdp_growth.qoq", role="level", value=0.3),
    case("Inflation eased to 2.1% in October.", "2.1%", "inflation-eased-to",
         measure="inflation", role="level", value=2.1, basis=None),
    case("Inflation accelerated to 3.4% in October.", "3.4%", "inflation-accelerated-to",
         measure="inflation", role="level", value=3.4),
    case("Consumer prices rose 2.4% in October from a year earlier.", "2.4%", "consumer-prices-rose",
         measure="inflation", role="level", value=2.4, basis=None),
    case("Consumer prices fell 0.3% in October from a year earlier.", "0.3%", "consumer-prices-fell",
         measure="inflation", role="level", value=-0.3),
    case("Consumer prices rose 0.3% month-on-month in October.", "0.3%", "inflation-mom-variant",
         measure="inflation.mom", role="level", value=0.3),
    case("Core inflation was 2.9% in October.", "2.9%", "core-inflation",
         measure="inflation.core", role="level", value=2.9),
    case("Core inflation rose to 3.0% in October.", "3.0%", "core-inflation-rose-to",
         measure="inflation.core", role="level", value=3.0),
    case("Producer prices fell 2.1% in October.", "2.1%", "producer-prices",
         measure="inflation.ppi", role="level", value=-2.1),
    case("The unemployment rate was 4.1% in October.", "4.1%", "unemployment-rate",
         measure="unemployment_rate", role="level", value=4.1),
    case("The jobless rate rose to 4.3% in October.", "4.3%", "jobless-rate",
         measure="unemployment_rate", role="level", value=4.3),
    case("The jobless rate fell to 3.9% in October from 4.1% in September.", "3.9%", "jobless-fell-to",
         measure="unemployment_rate", role="level", value=3.9),
    case("The jobless rate fell to 3.9% in October from 4.1% in September.", "4.1%", "jobless-from",
         measure="unemployment_rate", role="level", value=4.1),
    case("The central bank kept its policy rate at 2.50%.", "2.50%", "policy-rate",
         measure="policy_rate", role="level", value=2.5),
    case("The Bank of Korea cut its benchmark rate by 25 basis points to 2.50% in October.", "25 basis points",
         "rate-cut-basis-points", measure="policy_rate", role="change_pp", value=-0.25, unit="pp"),
    case("The Bank of Korea cut its benchmark rate by 25 basis points to 2.50% in October.", "2.50%",
         "rate-after-cut", measure="policy_rate", role="level", value=2.5),
    case("The manufacturing PMI slipped to 49.5 in October.", "49.5", "pmi",
         measure="pmi", role="level", value=49.5, unit="index"),
    case("Inflation rose 0.3 percentage points to 2.4% in October.", "0.3 percentage points", "inflation-change-pp",
         measure="inflation", role="change_pp", value=0.3, unit="pp"),
    case("The unemployment rate rose 0.2 percentage point to 4.4% in October.", "0.2 percentage point",
         "unemployment-change-pp", measure="unemployment_rate", role="change_pp", value=0.2),
    case("The rupee weakened to 88.62 per dollar on Monday.", "88.62", "exchange-rate",
         measure="exchange_rate", role="level", value=88.62, unit="INR"),
]

CHANGES = [
    case("Exports rose 5.5% from the same month last year.", "5.5%", "same-month-last-year",
         measure="exports", role="change_pct", basis="yoy"),
    case("Exports grew 5.5% on-year in November.", "5.5%", "on-year", role="change_pct", basis="yoy"),
    case("Exports rose 7% year-on-year in November.", "7%", "year-on-year", role="change_pct", basis="yoy"),
    case("Exports totaled $6.4 billion in November, up 14.1% from a year earlier.", "14.1%", "up-from-a-year-earlier",
         measure="exports", role="change_pct", value=14.1, basis="yoy"),
    case("Retail sales rose 0.5% month-on-month in October.", "0.5%", "month-on-month",
         measure="retail_sales", role="change_pct", basis="pop"),
    case("Exports fell 2% from the previous month in November.", "2%", "from-the-previous-month",
         measure="exports", role="change_pct", value=-2.0, basis="pop"),
    case("Exports dropped 1.5% month-on-month in November.", "1.5%", "dropped-mom",
         role="change_pct", value=-1.5, basis="pop"),
    case("Industrial production rose 1.2% in September.", "1.2%", "industrial-production",
         measure="industrial_production", role="change_pct", value=1.2),
    case("Retail sales fell 0.8% in October.", "0.8%", "retail-sales-fell",
         measure="retail_sales", role="change_pct", value=-0.8),
    case("Sales tumbled 12% to 3 trillion won in the third quarter.", "12%", "sales-tumbled",
         measure="sales", role="change_pct", value=-12.0),
    case("The trade surplus narrowed 23.8% to $3 billion in November.", "23.8%", "surplus-narrowed-percent",
         measure="trade_balance", role="change_pct", value=-23.8),
    case("The trade surplus narrowed 23.8% to $3 billion in November.", "$3 billion", "surplus-after-narrowing",
         measure="trade_balance", role="level", value=3e9),
]

QUALIFIERS = [
    case("Exports rose nearly 29% in October.", "29%", "nearly", approx="~", value=29.0),
    case("Exports rose by almost 12% in November.", "12%", "almost", approx="~"),
    case("Exports were about $60 billion in November.", "$60 billion", "about", approx="~"),
    case("Imports were worth some $45 billion in November.", "$45 billion", "some", approx="~"),
    case("The deficit stood at roughly $3 billion in November.", "$3 billion", "roughly", approx="~", value=-3e9),
    case("Inflation was just under 2% in October.", "2%", "just-under", approx="<", measure="inflation"),
    case("Exports fell less than 1% in November.", "1%", "less-than", approx="<", value=-1.0),
    case("Exports rose past $1 trillion last year.", "$1 trillion", "past", approx=">", role="level"),
    case("Annual exports surpassed $700 billion in 2024.", "$700 billion", "surpassed", approx=">"),
    case("Exports rose more than 10% in November.", "10%", "more-than", approx=">"),
    case("Imports rose over 8% in November.", "8%", "over", approx=">"),
    case("Exports are projected to grow at least 3% next year.", "3%", "at-least", approx=">="),
    case("Inflation will be at most 3% next year.", "3%", "at-most", approx="<=", status="forecast"),
    case("Inflation edged up to 3.2% in October.", "3.2%", "edged-up-to-is-exact", approx=None, value=3.2),
    case("Exports could grow by up to 5% next year.", "5%", "by-up-to", approx="<="),
    case("Exports rose 7% year-on-year in November.", "7%", "exact", approx=None),
]

STATUS = [
    case("The Bank of Korea forecast growth at around 2.0% next year.", "2.0%", "forecast-growth-around",
         measure="gdp_growth", role="level", approx="~", status="forecast"),
    case("Economists forecast inflation at around 2.0% next year.", "2.0%", "forecast-inflation",
         measure="inflation", role="level", approx="~", status="forecast"),
    case("The economy is forecast to grow 1.8% next year.", "1.8%", "forecast-to-grow",
         measure="gdp_growth", role="level", status="forecast"),
    case("Inflation is projected to ease to 2.0% next year.", "2.0%", "projected",
         measure="inflation", status="forecast", value=2.0),
    case("The central bank expects inflation to ease to 2.0% next year.", "2.0%", "expects",
         measure="inflation", status="forecast"),
    case("Exports are expected to rise 3% next year.", "3%", "expected-to-rise",
         measure="exports", role="change_pct", status="forecast"),
    case("Exports could rise to $750 billion next year, the institute said.", "$750 billion", "could-rise-to",
         measure="exports", role="level", status="forecast"),
    case("The government set a growth target of around 5% for this year.", "5%", "growth-target",
         measure="gdp_growth", role="level", approx="~", status="target"),
    case("The government targets exports of $700 billion this year.", "$700 billion", "targets-exports",
         measure="exports", role="level", status="target"),
    case("The central bank aims to keep inflation at 2%.", "2%", "aims", measure="inflation", status="target"),
    case("Exports dipped 0.5% in November, missing forecasts.", "0.5%", "missing-forecasts-is-actual",
         status="actual", value=-0.5),
    case("Inflation came in at 2.4% in October, higher than expected.", "2.4%", "higher-than-expected-is-actual",
         status="actual"),
    case("Exports rose 7.2% in November, beating expectations of 5%.", "7.2%", "beating-expectations-is-actual",
         status="actual"),
    case("Exports rose 7.2% in November, beating expectations of 5%.", "5%", "expectations-of",
         status="forecast"),
    case("A regional Fed nowcast now points to the economy growing at a 1.9% annualized rate.", "1.9%",
         "nowcast-points-to", status="forecast"),
    case("Exports are on track to top $800 billion this year.", "$800 billion", "on-track-to",
         status="forecast"),
    case("The central bank cut its rate by 25 basis points to 4.5% in October.", "4.5%",
         "basis-points-to-is-actual", status="actual"),
]

PRODUCTION = [
    # A bare "output" is the production measure the article reports.
    case("Industrial production fell 1.2% in September. Compared with a year earlier, output was 2.0% "
         "lower.", "2.0%", "output-in-industrial-production-report", measure="industrial_production",
         role="change_pct", value=-2.0),
    case("Britain's economy grew 0.4% in the third quarter. Compared with the same quarter of 2024, output "
         "was 1.1% higher.", "1.1%", "output-in-gdp-report-year-on-year", measure="gdp_growth", role="level",
         value=1.1),
    # A sector's growth in a GDP report is its output, not GDP growth.
    case("Brazil's economy grew 0.4% in the second quarter. Farm output fell 2% while services grew 0.8%.",
         "0.8%", "sector-growth-is-output", measure="output", role="change_pct", sector="services", value=0.8),
    # A gap named after a goods-and-services balance is that balance.
    case("The deficit in goods and services trade widened to $80 billion in October. The September gap was "
         "revised to $75 billion.", "$75 billion", "gap-refers-back",
         measure="trade_balance.goods_and_services", value=-75e9),
    # Central banks target headline inflation, whatever the sentence reports.
    case("Core inflation rose to 2.6% in October, above the central bank's 2% target.", "2%",
         "target-beside-core-is-headline", measure="inflation", status="target"),
]

CONVERTED = [
    case("China's trade surplus was 1.03 trillion yuan ($142.17 billion) in November.", "$142.17 billion",
         "dollar-equivalent", converted=True, measure="trade_balance", role="level", unit="USD",
         value=142.17e9, reporter="CHN", period_start="2025-11", period_end="2025-11"),
    case("China's trade surplus was 1.03 trillion yuan ($142.17 billion) in November.", "1.03 trillion yuan",
         "original", converted=False, measure="trade_balance", unit="CNY", value=1.03e12, reporter="CHN"),
    case("Investment reached 5 trillion won ($3.5 billion) in November.", "$3.5 billion", "won-equivalent",
         converted=True, measure="investment", reporter="KOR"),
    case("Sales hit 300 billion yen, or about $2 billion, in October.", "$2 billion", "or-about",
         converted=True, measure="sales", approx="~", reporter="JPN"),
    case("Korea's exports rose 8.4% to $61.0 billion in November.", "$61.0 billion", "plain-dollars",
         converted=False),
]

SHARES = [
    case("Korea's chip exports account for 7 percent of the global total.", "7 percent", "of-the-global-total",
         role="share", measure="exports", sector="semiconductors", partner="WLD", value=7.0),
    case("Korea accounts for 7 percent of the global total.", "7 percent", "accounts-for",
         role="share", partner="WLD"),
    case("Korea's semiconductor exports accounted for 24.5% of total exports in November.", "24.5%",
         "of-total-exports", role="share", measure="exports", sector="semiconductors"),
    case("Korea's global export market share rose to 2.8% in 2024.", "2.8%", "export-share",
         role="share", measure="export_share"),
]

CONTRIBUTIONS = [
    case("Net exports knocked 0.2 percentage point off growth in the third quarter.", "0.2 percentage point",
         "knocked-off-growth", role="level", unit="pp", value=-0.2),
    case("Consumer spending knocked 0.3 percentage points off growth.", "0.3 percentage points",
         "knocked-off-plural", role="level", unit="pp", value=-0.3),
    case("Inventories added 0.5 percentage point to GDP growth in the third quarter.", "0.5 percentage point",
         "added-to-growth", role="level", unit="pp", value=0.5),
]

STREAKS = [
    case("Korea posted a trade surplus for 31 straight months.", "31 straight months", "surplus-streak",
         role="streak", measure="trade_balance", value=31.0, unit="month", basis=None),
    case("Exports rose for the 23rd straight month in November.", "23rd straight month", "exports-streak",
         role="streak", measure="exports", value=23.0, unit="month"),
    case("The current account surplus hit $13.5 billion in November, the 29th consecutive month of surplus.",
         "29th consecutive month", "generic-surplus-refers-back", role="streak", measure="current_account",
         value=29.0, period_start="2025-11", period_end="2025-11"),
    case("The economy has grown for four consecutive years.", "four consecutive years", "years-streak",
         role="streak", measure="gdp_growth", value=4.0, unit="year"),
]


@pytest.mark.parametrize("text, mention, expected", TRADE + BALANCE_OF_PAYMENTS + RATES + CHANGES
                         + QUALIFIERS + STATUS + PRODUCTION + CONVERTED + SHARES + CONTRIBUTIONS + STREAKS)
def test_measure_roles_slots(extractor, text, mention, expected):
    records = records_of(extractor, text)
    assert mention in records, sorted(records)
    record = records[mention]
    slots = {slot: record[slot] for slot in expected if slot != "value"}
    assert slots == {slot: want for slot, want in expected.items() if slot != "value"}
    if "value" in expected:
        assert record["value"] == pytest.approx(expected["value"], rel=1e-9)


@pytest.mark.parametrize("text, mention", [
    pytest.param("Net exports knocked 0.2 percentage point off growth in the third quarter.",
                 "0.2 percentage point", id="knocked-off"),
    pytest.param("Inventories added 0.5 percentage point to GDP growth in the third quarter.",
                 "0.5 percentage point", id="added-to"),
])
def test_measure_roles_contribution_is_an_other_measure(extractor, text, mention):
    # SCHEMA §4: other:net_exports_contribution_to_gdp_growth; any other:... id scores as equal.
    assert records_of(extractor, text)[mention]["measure"].startswith("other:")


@pytest.mark.parametrize("text", [
    pytest.param("Exports rose 5% in November. Imports fell 2%.", id="two-sentences"),
    pytest.param("Exports totaled $6.4 billion in November, up 14.1% from a year earlier.", id="level-and-change"),
])
def test_measure_roles_every_record_has_schema_vocabulary(extractor, text):
    roles = {"level", "change_pct", "change_abs", "change_pp", "share", "streak"}
    for record in extractor.process(Document("d", text, PUBLISHED)):
        assert record["role"] in roles
        assert record["status"] in {"actual", "forecast", "target"}
        assert record["basis"] in {None, "yoy", "pop", "value"}
        assert (record["basis"] is None) == (not record["role"].startswith("change"))
