"""Reporter and partner of figures (extractor/context/geo.py) on short invented sentences.

SCHEMA §2: the reporter is the economy the statistic belongs to (ISO 3166-1 alpha-3, ``WLD`` or a
§3 region code); the partner is the counterpart of a bilateral flow ("exports to China" → CHN),
``WLD`` for a share of the global total.
"""
from __future__ import annotations

import pytest

from extractor.document import Document, Published

PUBLISHED = Published.parse("2025-11-15")



def record_of(extractor, text: str, mention: str) -> dict:
    records = extractor.process(Document("d", text, PUBLISHED))
    matching = [r for r in records if r["mention"] == mention]
    assert len(matching) == 1, [r["mention"] for r in records]
    return matching[0]


# (sentence, mention, reporter, partner)
CASES = [
    # Bilateral flows: partner after to / from / with.
    pytest.param("Korea's exports to China rose 6.6% in October.", "6.6%", "KOR", "CHN", id="exports-to"),
    pytest.param("Japan's imports from South Korea fell 3.1% in October.", "3.1%", "JPN", "KOR", id="imports-from"),
    pytest.param("Korea's exports to the U.S. rose 4.5% in October.", "4.5%", "KOR", "USA", id="the-U.S."),
    pytest.param("Vietnam's exports to the United States jumped 25% in October.", "25%", "VNM", "USA", id="the-united-states"),
    pytest.param("Korea's exports to the EU fell 2.0% in October.", "2.0%", "KOR", "EUU", id="the-EU"),
    pytest.param("Korea's exports to the euro area fell 2.0% in October.", "2.0%", "KOR", "EMU", id="euro-area-partner"),
    pytest.param("Vietnam's exports to ASEAN rose 9% in October.", "9%", "VNM", "ASEAN", id="asean-partner"),
    pytest.param("Chinese exports to ASEAN rose 11% in October.", "11%", "CHN", "ASEAN", id="demonym-and-asean"),
    pytest.param("Korea's trade with Vietnam totaled $7.2 billion in October.", "$7.2 billion", "KOR", "VNM", id="trade-with"),
    pytest.param("Korea's trade surplus with the U.S. was $5 billion in October.", "$5 billion", "KOR", "USA", id="surplus-with"),
    pytest.param("India's trade deficit with China widened to $10 billion in October.", "$10 billion", "IND", "CHN", id="deficit-with"),
    pytest.param("Britain's trade deficit with the EU widened to £5 billion in October.", "£5 billion", "GBR", "EUU", id="britain-with-eu"),
    pytest.param("Germany's exports to the U.S. fell 7.8% in August.", "7.8%", "DEU", "USA", id="germany-to-us"),
    pytest.param("U.S. imports from China fell 20% in October.", "20%", "USA", "CHN", id="US-reporter-prefix"),
    pytest.param("Indian exports to the UAE rose 12% in October.", "12%", "IND", "ARE", id="uae"),
    pytest.param("Exports from Taiwan to the US jumped 50% in October.", "50%", "TWN", "USA", id="exports-from-reporter"),
    pytest.param("Korea's exports to China rose 6.6% and its imports from Japan fell 2.1% in October.",
                 "2.1%", "KOR", "JPN", id="second-clause-partner"),
    # Region partners.
    pytest.param("Korea's exports to Southeast Asia rose 8.1% in October.", "8.1%", "KOR", "SEA", id="southeast-asia"),
    pytest.param("Korea's exports to Latin America fell 5.0% in October.", "5.0%", "KOR", "LAC", id="latin-america"),
    pytest.param("Korea's exports to the Middle East rose 12% in October.", "12%", "KOR", "MEA", id="middle-east"),
    pytest.param("China's exports to Africa rose 30% in October.", "30%", "CHN", "AFR", id="africa"),
    pytest.param("Japan's imports from Europe fell 3% in October.", "3%", "JPN", "EUR", id="europe"),
    # Reporters: possessives, demonyms, region reporters.
    pytest.param("Japanese exports rose 3.6% in October.", "3.6%", "JPN", None, id="demonym-japanese"),
    pytest.param("Chinese imports fell 1.2% in October.", "1.2%", "CHN", None, id="demonym-chinese"),
    pytest.param("Korean exports to Japan fell 1% in October.", "1%", "KOR", "JPN", id="demonym-with-partner"),
    pytest.param("South Korea's exports rose 5% in October.", "5%", "KOR", None, id="south-korea"),
    pytest.param("The Philippines' exports rose 5% in October.", "5%", "PHL", None, id="the-philippines"),
    pytest.param("The U.S. trade deficit widened to $78.3 billion in October.", "$78.3 billion", "USA", None, id="US-adjective"),
    pytest.param("The EU's exports to the U.S. fell 3% in October.", "3%", "EUU", "USA", id="EU-reporter"),
    pytest.param("Euro area inflation eased to 2.1% in October.", "2.1%", "EMU", None, id="euro-area-reporter"),
    pytest.param("Inflation in the eurozone eased to 2.1% in October.", "2.1%", "EMU", None, id="in-the-eurozone"),
    pytest.param("ASEAN's exports rose 9% in October.", "9%", "ASEAN", None, id="asean-reporter"),
    pytest.param("Exports rose 5% in October, Korea's trade ministry said.", "5%", "KOR", None, id="attribution-names-reporter"),
    pytest.param("Imports from South Korea fell 3.1% in October, Japanese data showed.", "3.1%", "JPN", "KOR",
                 id="demonym-of-data"),
    # World.
    pytest.param("Global sales of electric vehicles rose 25% in October.", "25%", "WLD", None, id="global-sales"),
    pytest.param("Global chip sales rose 20% in October.", "20%", "WLD", None, id="global-chip-sales"),
    pytest.param("World trade grew 2% in October.", "2%", "WLD", None, id="world-trade"),
    pytest.param("China's rare earth output accounts for 70 percent of the global total.", "70 percent", "CHN", "WLD",
                 id="share-of-global-total"),
    pytest.param("Korea accounts for 7 percent of the global total.", "7 percent", "KOR", "WLD", id="accounts-for-global"),
    pytest.param("Korea's global export market share rose to 2.8% in 2024.", "2.8%", "KOR", "WLD", id="global-export-share"),
    pytest.param("Korea's share of global exports was 2.8% in 2024.", "2.8%", "KOR", "WLD",
                 id="share-of-global-exports"),
    # Currency implies the reporter.
    pytest.param("The trade surplus reached 90 billion yuan in October.", "90 billion yuan", "CHN", None, id="yuan"),
    pytest.param("The trade surplus reached 5 trillion won in October.", "5 trillion won", "KOR", None, id="won"),
    pytest.param("The trade deficit was 500 billion yen in October.", "500 billion yen", "JPN", None, id="yen"),
    pytest.param("Exports rose 5% to 3 trillion rupees in October.", "3 trillion rupees", "IND", None, id="rupees"),
    pytest.param("Exports rose 5% to 500 billion yuan in October.", "5%", "CHN", None, id="yuan-sentence-gives-percent"),
    pytest.param("Exports rose 5% to $50 billion in October.", "$50 billion", None, None, id="dollars-say-nothing"),
    # One sentence, several economies.
    pytest.param("Inflation was 2.3% in Germany, 0.9% in France.", "2.3%", "DEU", None, id="in-germany"),
    pytest.param("Inflation was 2.3% in Germany, 0.9% in France.", "0.9%", "FRA", None, id="in-france"),
    pytest.param("Inflation was 2.3% in Germany, 0.9% in France and 1.6% in Italy.", "1.6%", "ITA", None, id="in-italy"),
    pytest.param("Unemployment was 6.3% in Spain and 7.6% in France.", "6.3%", "ESP", None, id="in-spain"),
    # Partner positions the rules miss.
    pytest.param("Korea's US-bound shipments fell 10% in October.", "10%", "KOR", "USA", id="US-bound"),
    pytest.param("Korea's China-bound exports fell 10% in October.", "10%", "KOR", "CHN", id="China-bound"),
    pytest.param("The IMF projects growth of 1.9% for Korea next year.", "1.9%", "KOR", None,
                 id="growth-for-country"),
    # Asides and a country's people.
    pytest.param("Remittances from Filipinos working abroad, mostly in the Middle East, rose 3.1% in "
                 "September.", "3.1%", "PHL", None, id="people-send-remittances"),
    pytest.param("Guatemala's remittances, largely from the United States, rose 18% in June.", "18%",
                 "GTM", None, id="hedged-source-of-remittances"),
    pytest.param("Thailand's exports, mainly to China, rose 4% in May.", "4%", "THA", None,
                 id="hedged-destination"),
    # A country named as the counterpart (buyer, destination) and those ranked after it.
    pytest.param("The United States remained the top destination for Vietnamese goods, taking $9 billion in "
                 "October.", "$9 billion", "VNM", "USA", id="top-destination"),
    pytest.param("Japan was the biggest buyer of Thai rubber, taking $1.2 billion, followed by Malaysia with "
                 "$0.8 billion and Vietnam with $0.5 billion.", "$1.2 billion", "THA", "JPN", id="biggest-buyer"),
    pytest.param("Japan was the biggest buyer of Thai rubber, taking $1.2 billion, followed by Malaysia with "
                 "$0.8 billion and Vietnam with $0.5 billion.", "$0.8 billion", "THA", "MYS",
                 id="ranked-after-the-buyer"),
    pytest.param("Japan was the biggest buyer of Thai rubber, taking $1.2 billion, followed by Malaysia with "
                 "$0.8 billion and Vietnam with $0.5 billion.", "$0.5 billion", "THA", "VNM",
                 id="ranked-last"),
    # A grouping that trade statistics report as one counterpart.
    pytest.param("Taiwan's exports to China and Hong Kong rose 8% to $12 billion in October.", "8%", "TWN",
                 "other:china_and_hong_kong", id="china-and-hong-kong"),
]


@pytest.mark.parametrize("text, mention, reporter, partner", CASES)
def test_geo_reporter_and_partner(extractor, text, mention, reporter, partner):
    record = record_of(extractor, text, mention)
    assert (record["reporter"], record["partner"]) == (reporter, partner)


@pytest.mark.parametrize("text, mention, unit, reporter", [
    pytest.param("China's trade surplus reached ¥700 billion in October.", "¥700 billion", "CNY", "CHN",
                 id="yen-sign-in-chinese-statistics"),
    pytest.param("Japan's trade deficit was ¥231.8 billion in October.", "¥231.8 billion", "JPY", "JPN",
                 id="yen-sign-in-japanese-statistics"),
])
def test_geo_yen_sign_follows_the_reporter(extractor, text, mention, unit, reporter):
    record = record_of(extractor, text, mention)
    assert (record["unit"], record["reporter"]) == (unit, reporter)


@pytest.mark.parametrize("text, mention, unit, reporter, partner", [
    pytest.param("The won closed at 1,450 won per dollar.", "1,450 won", "KRW", "KOR", "USA", id="won-per-dollar"),
    pytest.param("The rupee weakened to 88.62 per dollar.", "88.62", "INR", "IND", "USA", id="rupee-bare"),
    pytest.param("The yen traded at 155 per dollar.", "155", "JPY", "JPN", "USA", id="yen-bare"),
])
def test_geo_exchange_rates_quote_against_the_base(extractor, text, mention, unit, reporter, partner):
    record = record_of(extractor, text, mention)
    assert (record["measure"], record["unit"], record["reporter"], record["partner"]) == (
        "exchange_rate", unit, reporter, partner)
