"""The figure grammar (extractor/figures.py): what a number with its sign, scale and unit reads as.

Each case is a short invented phrase and the one figure SCHEMA §2 expects in it: the mention
text (number with currency sign/code, scale word and unit; qualifiers stay outside), the value in
plain units, the unit, and the kind of figure.
"""
from __future__ import annotations

import pytest


def only_figure(figure_finder, text: str):
    figures = figure_finder.find(text)
    assert len(figures) == 1, [f.text for f in figures]
    figure = figures[0]
    assert text[figure.start:figure.end] == figure.text
    return figure


# (phrase, mention, value, unit)
MONEY = [
    pytest.param("Exports reached $60.11 billion.", "$60.11 billion", 60.11e9, "USD", id="dollar-sign-billion"),
    pytest.param("a shipment of US$2.1 billion", "US$2.1 billion", 2.1e9, "USD", id="US$-billion"),
    pytest.param("orders of US$ 600bn", "US$ 600bn", 600e9, "USD", id="US$-space-bn"),
    pytest.param("worth USD 3.5 billion", "USD 3.5 billion", 3.5e9, "USD", id="USD-code-before"),
    pytest.param("worth USD3.5 billion", "USD3.5 billion", 3.5e9, "USD", id="USD-code-glued"),
    pytest.param("worth 3.5 billion USD", "3.5 billion USD", 3.5e9, "USD", id="USD-code-after"),
    pytest.param("a gap of ¥1,758.3 billion", "¥1,758.3 billion", 1758.3e9, "JPY", id="yen-sign-thousands-comma"),
    pytest.param("a budget of ¥3.2tn", "¥3.2tn", 3.2e12, "JPY", id="yen-sign-tn"),
    pytest.param("a surplus of €4.2 billion", "€4.2 billion", 4.2e9, "EUR", id="euro-sign"),
    pytest.param("a surplus of €50bn", "€50bn", 50e9, "EUR", id="euro-sign-bn-attached"),
    pytest.param("a deficit of € 3.4 billion", "€ 3.4 billion", 3.4e9, "EUR", id="euro-sign-space"),
    pytest.param("a package of £3bn", "£3bn", 3e9, "GBP", id="pound-sign-bn-attached"),
    pytest.param("investment of ₩1.2 trillion", "₩1.2 trillion", 1.2e12, "KRW", id="won-sign"),
    pytest.param("investment of KRW 1.2 trillion", "KRW 1.2 trillion", 1.2e12, "KRW", id="KRW-code"),
    pytest.param("an outlay of ₹500 crore", "₹500 crore", 5e9, "INR", id="rupee-sign-crore"),
    pytest.param("an outlay of ₹ 1,000 crore", "₹ 1,000 crore", 1e10, "INR", id="rupee-sign-space-crore"),
    pytest.param("a scheme worth Rs 2,000 crore", "Rs 2,000 crore", 2e10, "INR", id="Rs-crore"),
    pytest.param("a scheme worth Rs. 500 crore", "Rs. 500 crore", 5e9, "INR", id="Rs.-crore"),
    pytest.param("a plan of Rs 1.5 lakh crore", "Rs 1.5 lakh crore", 1.5e12, "INR", id="Rs-lakh-crore"),
    pytest.param("exports of NT$5 billion", "NT$5 billion", 5e9, "TWD", id="NT$"),
    pytest.param("exports of NT$ 5 billion", "NT$ 5 billion", 5e9, "TWD", id="NT$-space"),
    pytest.param("a fund of HK$ 5 billion", "HK$ 5 billion", 5e9, "HKD", id="HK$"),
    pytest.param("a fund of S$2.1 billion", "S$2.1 billion", 2.1e9, "SGD", id="S$"),
    pytest.param("a fund of R$30 billion", "R$30 billion", 30e9, "BRL", id="R$"),
    pytest.param("a loan of Rp 50 trillion", "Rp 50 trillion", 50e12, "IDR", id="Rp"),
    pytest.param("revenue of VND1,910 trillion", "VND1,910 trillion", 1910e12, "VND", id="VND-glued"),
    pytest.param("a fund of 100 million yuan", "100 million yuan", 100e6, "CNY", id="yuan-million"),
    pytest.param("a surplus of 1.03 trillion yuan", "1.03 trillion yuan", 1.03e12, "CNY", id="yuan-trillion"),
    pytest.param("a fund of 2.5 bln yuan", "2.5 bln yuan", 2.5e9, "CNY", id="yuan-bln"),
    pytest.param("a fund of RMB 5 billion", "RMB 5 billion", 5e9, "CNY", id="RMB-code"),
    pytest.param("a fund of CNY 300 million", "CNY 300 million", 300e6, "CNY", id="CNY-code"),
    pytest.param("a surplus of 5 trillion won", "5 trillion won", 5e12, "KRW", id="won-word"),
    pytest.param("a price of 5,000 won", "5,000 won", 5000.0, "KRW", id="won-word-no-scale"),
    pytest.param("a surplus of 7 trillion KRW", "7 trillion KRW", 7e12, "KRW", id="KRW-code-after"),
    pytest.param("a deficit of 2 trillion yen", "2 trillion yen", 2e12, "JPY", id="yen-word"),
    pytest.param("a deficit of 1,758.3 billion yen", "1,758.3 billion yen", 1758.3e9, "JPY", id="yen-word-comma"),
    pytest.param("a surplus of 3.4 billion euros", "3.4 billion euros", 3.4e9, "EUR", id="euros-word"),
    pytest.param("a surplus of 1 billion euro", "1 billion euro", 1e9, "EUR", id="euro-word-singular"),
    pytest.param("a deficit of 2.5 billion pounds", "2.5 billion pounds", 2.5e9, "GBP", id="pounds-word"),
    pytest.param("a deficit of 800 billion rupees", "800 billion rupees", 800e9, "INR", id="rupees-word"),
    pytest.param("a plan of 1.5 lakh crore rupees", "1.5 lakh crore rupees", 1.5e12, "INR", id="lakh-crore-rupees"),
    pytest.param("revenue of 20 trillion dong", "20 trillion dong", 20e12, "VND", id="dong-word"),
    pytest.param("a deal of 5 billion dollars", "5 billion dollars", 5e9, "USD", id="dollars-word"),
    pytest.param("a deal of 5 billion US dollars", "5 billion US dollars", 5e9, "USD", id="US-dollars-words"),
    pytest.param("a grant of $5m", "$5m", 5e6, "USD", id="m-attached"),
    pytest.param("a grant of $150m", "$150m", 150e6, "USD", id="m-attached-3-digits"),
    pytest.param("a grant of $2.5 mn", "$2.5 mn", 2.5e6, "USD", id="mn"),
    pytest.param("a grant of $5 mln", "$5 mln", 5e6, "USD", id="mln"),
    pytest.param("a deal of $5.2bn", "$5.2bn", 5.2e9, "USD", id="bn-attached"),
    pytest.param("a deal of $5 bn", "$5 bn", 5e9, "USD", id="bn-space"),
    pytest.param("a market of $4 tn", "$4 tn", 4e12, "USD", id="tn-space"),
    pytest.param("a market of $1.03tn", "$1.03tn", 1.03e12, "USD", id="tn-attached"),
    pytest.param("past $1 Trillion in a headline", "$1 Trillion", 1e12, "USD", id="capitalised-scale"),
    pytest.param("a bill of $1,234,567", "$1,234,567", 1234567.0, "USD", id="no-scale-commas"),
    pytest.param("a sum of 3,000 thousand dollars", "3,000 thousand dollars", 3e6, "USD", id="thousand"),
    # Hundredths after a whole amount.
    pytest.param("It cost 3 dollars 50 cents.", "3 dollars 50 cents", 3.5, "USD", id="dollars-and-cents"),
    pytest.param("It costs 15 dollars and 50.", "15 dollars and 50", 15.5, "USD", id="dollars-and-two-digits"),
    pytest.param("The fee rises to 17 USD 25.", "17 USD 25", 17.25, "USD", id="code-then-hundredths"),
    pytest.param("a fare of C$100 and fifty.", "C$100 and fifty", 100.5, "CAD", id="hundredths-in-words"),
    # Scales after a code, and codes scaled by a letter.
    pytest.param("They lost 75 USD million.", "75 USD million", 75e6, "USD", id="scale-after-code"),
    pytest.param("losses above 30 MUSD", "30 MUSD", 30e6, "USD", id="MUSD"),
    pytest.param("revenue of MEUR 120", "MEUR 120", 120e6, "EUR", id="MEUR-before"),
    pytest.param("grants totalling twenty MUSD", "twenty MUSD", 20e6, "USD", id="number-word-MUSD"),
    pytest.param("a budget of 500 kEUR", "500 kEUR", 500e3, "EUR", id="kEUR"),
    # Prefixes in lower-cased text, and code-dollar forms.
    pytest.param("it ranges up to c $ 16.4 million", "c $ 16.4 million", 16.4e6, "CAD", id="lowercase-C-$"),
    pytest.param("sales of hk $ 10.05 billion", "hk $ 10.05 billion", 10.05e9, "HKD", id="lowercase-HK-$"),
    pytest.param("a fee of usd$ 15", "usd$ 15", 15.0, "USD", id="usd$"),
    pytest.param("a fee of nzd$15", "nzd$15", 15.0, "NZD", id="nzd$"),
    pytest.param("sell Mex$ 10 million forward", "Mex$ 10 million", 10e6, "MXN", id="Mex$"),
    pytest.param("a price of rmb 10", "rmb 10", 10.0, "CNY", id="lowercase-rmb"),
    # Other signs and currencies.
    pytest.param("a loan of 12,34,567.89 rupees", "12,34,567.89 rupees", 1234567.89, "INR", id="indian-grouping"),
    pytest.param("the cost is 100元!", "100元", 100.0, "CNY", id="yuan-character"),
    pytest.param("a supply limit of ₿21,000,000", "₿21,000,000", 21e6, "BTC", id="bitcoin-sign"),
    pytest.param("a reward of 6.25 BTC", "6.25 BTC", 6.25, "BTC", id="BTC-after"),
    pytest.param("a bid of 420 million Finnish markka.", "420 million Finnish markka", 420e6, "FIM", id="markka"),
    pytest.param("valued at 6.65 billion pesetas", "6.65 billion pesetas", 6.65e9, "ESP", id="pesetas"),
    # ASCII transliterations of £ and ¥.
    pytest.param("a package worth up to PS2.7m.", "PS2.7m", 2.7e6, "GBP", id="ascii-pound"),
    pytest.param("a profit of Y=590 billion", "Y=590 billion", 590e9, "JPY", id="ascii-yen"),
]


@pytest.mark.parametrize("text, mention, value, unit", MONEY)
def test_figures_money_mention_value_and_currency(figure_finder, text, mention, value, unit):
    figure = only_figure(figure_finder, text)
    assert (figure.text, figure.unit, figure.kind) == (mention, unit, "money")
    assert figure.value == pytest.approx(value, rel=1e-9)
    assert figure.value_high is None


# (phrase, mention, value, value_high, unit, kind)
RANGES = [
    pytest.param("growth of 3-4% is likely", "3-4%", 3.0, 4.0, "%", "percent", id="percent-hyphen"),
    pytest.param("growth of 3-4 percent", "3-4 percent", 3.0, 4.0, "%", "percent", id="percent-word"),
    pytest.param("growth of 1.5-2%", "1.5-2%", 1.5, 2.0, "%", "percent", id="decimal-low"),
    pytest.param("growth of 3% to 4%", "3% to 4%", 3.0, 4.0, "%", "percent", id="percent-to-percent"),
    pytest.param("an investment of $2-3 billion", "$2-3 billion", 2e9, 3e9, "USD", "money", id="money-shared-scale"),
    pytest.param("an investment of $2 billion to $3 billion", "$2 billion to $3 billion", 2e9, 3e9,
                 "USD", "money", id="money-repeated-scale"),
    pytest.param("inflation of between 3% and 4%", "3% and 4%", 3.0, 4.0, "%", "percent",
                 id="between-and"),
]


@pytest.mark.parametrize("text, mention, low, high, unit, kind", RANGES)
def test_figures_ranges_keep_low_and_high(figure_finder, text, mention, low, high, unit, kind):
    figure = only_figure(figure_finder, text)
    assert (figure.text, figure.unit, figure.kind) == (mention, unit, kind)
    assert figure.value == pytest.approx(low)
    assert figure.value_high == pytest.approx(high)


# (phrase, mention, value, unit, kind)
PERCENTS = [
    pytest.param("a rise of 38.7% in chips", "38.7%", 38.7, "%", "percent", id="percent-sign"),
    pytest.param("a rise of 5.5 percent", "5.5 percent", 5.5, "%", "percent", id="percent-word"),
    pytest.param("a rise of 5.5 per cent", "5.5 per cent", 5.5, "%", "percent", id="per-cent"),
    pytest.param("a rise of 5.5 pct", "5.5 pct", 5.5, "%", "percent", id="pct"),
    pytest.param("growth of -3.2% last quarter", "-3.2%", -3.2, "%", "percent", id="hyphen-minus"),
    pytest.param("growth of −0.4% last quarter", "−0.4%", -0.4, "%", "percent", id="unicode-minus"),
    pytest.param("growth of minus 0.5% last quarter", "minus 0.5%", -0.5, "%", "percent", id="minus-word"),
    pytest.param("growth of minus 2.1 percent", "minus 2.1 percent", -2.1, "%", "percent", id="minus-word-percent-word"),
    pytest.param("a reading of negative 0.3%", "negative 0.3%", -0.3, "%", "percent", id="negative-word"),
    pytest.param("up 0.3 percentage points", "0.3 percentage points", 0.3, "pp", "pp", id="percentage-points"),
    pytest.param("up 0.25 percentage point", "0.25 percentage point", 0.25, "pp", "pp", id="percentage-point-singular"),
    pytest.param("down -0.3 percentage point", "-0.3 percentage point", -0.3, "pp", "pp", id="signed-points"),
    pytest.param("a cut of 25 basis points", "25 basis points", 25.0, "bp", "bp", id="basis-points"),
    pytest.param("a hike of 50 bps", "50 bps", 50.0, "bp", "bp", id="bps"),
    pytest.param("a rise of 100 percents", "100 percents", 100.0, "%", "percent", id="percents"),
    pytest.param("only thirty percentage of it", "thirty percentage", 30.0, "%", "percent", id="percentage-alone"),
]


@pytest.mark.parametrize("text, mention, value, unit, kind", PERCENTS)
def test_figures_percent_and_points(figure_finder, text, mention, value, unit, kind):
    figure = only_figure(figure_finder, text)
    assert (figure.text, figure.unit, figure.kind) == (mention, unit, kind)
    assert figure.value == pytest.approx(value)
    assert figure.signed == (value < 0)


# (phrase, mention, value, period unit)
STREAKS = [
    pytest.param("a surplus for 31 straight months", "31 straight months", 31.0, "month", id="cardinal-straight"),
    pytest.param("growth for four consecutive years", "four consecutive years", 4.0, "year", id="word-consecutive-years"),
    pytest.param("the eighth consecutive month of contraction", "eighth consecutive month", 8.0, "month", id="ordinal-word"),
    pytest.param("the 23rd straight month of growth", "23rd straight month", 23.0, "month", id="ordinal-23rd"),
    pytest.param("the 64th consecutive month of surplus", "64th consecutive month", 64.0, "month", id="ordinal-64th"),
    pytest.param("for a third straight year", "third straight year", 3.0, "year", id="ordinal-year"),
    pytest.param("growth for 12 consecutive quarters", "12 consecutive quarters", 12.0, "quarter", id="quarters"),
    pytest.param("the eighth straight quarter of gains", "eighth straight quarter", 8.0, "quarter", id="ordinal-quarter"),
    pytest.param("for twelve consecutive months", "twelve consecutive months", 12.0, "month", id="twelve-word"),
    # "in a row" stays outside the mention, as "of Continuous ..." does in the seed gold.
    pytest.param("a surplus for 14 months in a row", "14 months", 14.0, "month", id="in-a-row"),
    pytest.param("a deficit for four years in a row", "four years", 4.0, "year", id="word-in-a-row"),
    pytest.param("growth for two years running", "two years", 2.0, "year", id="running"),
]


@pytest.mark.parametrize("text, mention, value, unit", STREAKS)
def test_figures_streaks_count_periods(figure_finder, text, mention, value, unit):
    figure = only_figure(figure_finder, text)
    assert (figure.text, figure.value, figure.unit, figure.kind) == (mention, value, unit, "streak")


# (phrase, allowed mentions, value, unit)
PHYSICAL = [
    pytest.param("steel exports of 5.2 million tonnes", ("5.2 million tonnes",), 5.2e6, "t", id="million-tonnes"),
    pytest.param("steel exports of 3 mn tonnes", ("3 mn tonnes",), 3e6, "t", id="mn-tonnes"),
    pytest.param("rice exports of 40,000 metric tons", ("40,000 metric tons",), 40000.0, "t", id="metric-tons"),
    pytest.param("coal imports of 5 million metric tonnes", ("5 million metric tonnes",), 5e6, "t", id="metric-tonnes"),
    pytest.param("ore imports of 3.2 million tons", ("3.2 million tons",), 3.2e6, "t", id="tons"),
    pytest.param("crude imports of 1.3 million barrels per day",
                 ("1.3 million barrels", "1.3 million barrels per day"), 1.3e6, "bbl", id="barrels-per-day"),
    pytest.param("crude imports of 800,000 barrels a day",
                 ("800,000 barrels", "800,000 barrels a day"), 800000.0, "bbl", id="barrels-a-day"),
    pytest.param("a stockpile of 20.5 million barrels", ("20.5 million barrels",), 20.5e6, "bbl", id="barrels"),
    pytest.param("car exports of 250,000 vehicles", ("250,000 vehicles",), 250000.0, "unit", id="vehicles"),
    pytest.param("phone sales of 1.2 million units", ("1.2 million units",), 1.2e6, "unit", id="units"),
    pytest.param("port traffic of 120,000 TEUs", ("120,000 TEUs",), 120000.0, "TEU", id="teu"),
]


@pytest.mark.parametrize("text, mentions, value, unit", PHYSICAL)
def test_figures_physical_quantities(figure_finder, text, mentions, value, unit):
    figure = only_figure(figure_finder, text)
    assert figure.text in mentions
    assert (figure.unit, figure.kind) == (unit, "physical")
    assert figure.value == pytest.approx(value)


# (phrase, mention, value, quoted currency or None where the sentence must tell, base economy)
EXCHANGE_RATES = [
    pytest.param("the won at 1,450 won per dollar", "1,450 won", 1450.0, "KRW", "USA", id="won-per-dollar"),
    pytest.param("the won at 1,437.5 won against the dollar", "1,437.5 won", 1437.5, "KRW", "USA", id="against-the-dollar"),
    pytest.param("the yuan at 7.1 yuan per dollar", "7.1 yuan", 7.1, "CNY", "USA", id="yuan-per-dollar"),
    pytest.param("the rupiah at 16,680 rupiah per dollar", "16,680 rupiah", 16680.0, "IDR", "USA", id="rupiah-per-dollar"),
    pytest.param("the yen at ¥151.2 per dollar", "¥151.2", 151.2, "JPY", "USA", id="yen-sign-per-dollar"),
    pytest.param("the rupee at 88.62 per dollar", "88.62", 88.62, None, "USA", id="bare-per-dollar"),
    pytest.param("the rupiah at 16,680 to the U.S. dollar", "16,680", 16680.0, None, "USA", id="bare-to-the-US-dollar"),
    pytest.param("the won at 1,480 per euro", "1,480", 1480.0, None, "EMU", id="bare-per-euro"),
]


@pytest.mark.parametrize("text, mention, value, unit, partner", EXCHANGE_RATES)
def test_figures_exchange_rates(figure_finder, text, mention, value, unit, partner):
    figure = only_figure(figure_finder, text)
    assert (figure.text, figure.kind, figure.partner) == (mention, "fx", partner)
    assert figure.value == pytest.approx(value)
    if unit is not None:
        assert figure.unit == unit


@pytest.mark.parametrize("text, mention, value", [
    pytest.param("The PMI slipped to 49.5 in October.", "49.5", 49.5, id="pmi-slipped-to"),
    pytest.param("The purchasing managers' index fell to 48.8.", "48.8", 48.8, id="pmi-long-name"),
    pytest.param("The index posted a reading of 49.0 in May.", "49.0", 49.0, id="a-reading-of"),
    pytest.param("The manufacturing PMI was 50.3 last month.", "50.3", 50.3, id="pmi-was"),
])
def test_figures_index_readings(figure_finder, text, mention, value):
    figure = only_figure(figure_finder, text)
    assert (figure.text, figure.value, figure.unit, figure.kind) == (mention, value, "index", "index")


def test_figures_index_change_is_a_percent_not_a_reading(figure_finder):
    figure = only_figure(figure_finder, "The index rose 3.5% in October.")
    assert (figure.text, figure.unit, figure.kind) == ("3.5%", "%", "percent")


@pytest.mark.parametrize("text", [
    pytest.param("Exports hit a record in 2024.", id="year"),
    pytest.param("SEOUL, Nov 27, 2024 -- Exports rose.", id="dateline-date"),
    pytest.param("The rules were drafted in the 1990s.", id="decade"),
    pytest.param("The 2025-26 budget was approved.", id="fiscal-year-label"),
    pytest.param("The goal is part of the five-year plan.", id="five-year-plan"),
    pytest.param("The 15th Five-Year Plan covers 2026-2030.", id="15th-five-year-plan"),
    pytest.param("Exports recovered after two months of decline.", id="months-of-decline"),
    pytest.param("after three months of decline", id="three-months-of-decline"),
    pytest.param("A 45-year-old factory worker spoke.", id="age"),
    pytest.param("The won hit a two-year high.", id="two-year-high"),
    pytest.param("The yield on the 10-year bond rose.", id="bond-tenor"),
    pytest.param("1. Exports rose strongly", id="list-number-dot"),
    pytest.param("2) Imports fell", id="list-number-paren"),
    pytest.param("Call 02-3456-7890 for details.", id="phone-local"),
    pytest.param("Tel: +82 2 3456 7890", id="phone-international"),
    pytest.param("Call +82-2-3456-7890.", id="phone-hyphens"),
    pytest.param("It was the No. 1 trading partner.", id="rank"),
    pytest.param("He spoke at the G20 summit.", id="g20"),
    pytest.param("during the COVID-19 pandemic", id="covid-19"),
    pytest.param("Section 301 tariffs remain.", id="section-number"),
    pytest.param("It ordered Boeing 737 jets.", id="model-number"),
    pytest.param("The talks start at 9 a.m.", id="clock-time"),
    pytest.param("in the first 11 months", id="period-count"),
    pytest.param("the 12 months to September", id="months-to"),
    pytest.param("Sony sold the PS5 console.", id="console-name-not-ascii-pound"),
])
def test_figures_non_figures_yield_nothing(figure_finder, text):
    assert [f.text for f in figure_finder.find(text)] == []


@pytest.mark.parametrize("text, mentions", [
    pytest.param("rmb 10 usd 20", [("rmb 10", "CNY"), ("usd 20", "USD")], id="two-codes-two-amounts"),
    pytest.param("$ 20,000.00 $ 37,305.97 expenses", [("$ 20,000.00", "USD"), ("$ 37,305.97", "USD")],
                 id="cents-written-no-hundredths"),
    pytest.param("It was $15 and 20 people came.", [("$15", "USD")], id="count-after-and"),
    pytest.param("Sales were $5 million and 20.", [("$5 million", "USD")], id="scaled-no-hundredths"),
])
def test_figures_money_boundaries(figure_finder, text, mentions):
    assert [(f.text, f.unit) for f in figure_finder.find(text)] == mentions


def test_figures_offsets_index_the_text(figure_finder):
    text = ("Exports rose 8.4% to $61.0 billion, imports fell 1.2% to 46.8 trillion won, "
            "the surplus lasted 31 straight months and the won traded at 1,450 won per dollar.")
    figures = figure_finder.find(text)
    assert [f.text for f in figures] == ["8.4%", "$61.0 billion", "1.2%", "46.8 trillion won",
                                        "31 straight months", "1,450 won"]
    for figure in figures:
        assert text[figure.start:figure.end] == figure.text


def test_figures_equivalents_are_two_figures(figure_finder):
    text = "a surplus of 3.5 trillion won ($2.4 billion)"
    assert [(f.text, f.unit) for f in figure_finder.find(text)] == [
        ("3.5 trillion won", "KRW"), ("$2.4 billion", "USD")]
