"""Source attribution of figures (extractor/context/source.py) on short invented sentences.

SCHEMA §2: ``source`` is the data source the text attributes the figure to, normalized; the outlet
that repeats it is not the source. corpus/team/README.md: an attribution covers its own sentence,
an institution that states or sets a figure is its source, a poll's source is its owner, and
vague actors ("economists", "the government") give null.
"""
from __future__ import annotations

import pytest

from extractor.document import Document, Published

PUBLISHED = Published.parse("2025-11-15")


def source_of(extractor, text: str, mention: str) -> str | None:
    records = extractor.process(Document("d", text, PUBLISHED))
    matching = [r for r in records if r["mention"] == mention]
    assert len(matching) == 1, [r["mention"] for r in records]
    return matching[0]["source"]


# (text, mention, source)
CASES = [
    # What may stand between a source and its reporting verb.
    pytest.param("Thailand's exports rose 4.1% in May, the Thai Customs Department (TCD) said on Monday.",
                 "4.1%", "Thai Customs Department", id="abbreviation-in-brackets"),
    pytest.param("The Bank of Japan, which raised its policy rate to 0.75% in June, meets next week.",
                 "0.75%", "Bank of Japan", id="which-clause"),
    pytest.param("Korea's imports fell 2.4% in May. Statistics Korea data also showed prices rose 1.9%.",
                 "1.9%", "Statistics Korea", id="data-also-showed"),
    pytest.param("The New York Fed's nowcast model estimates growth of 1.7% this quarter.", "1.7%",
                 "Federal Reserve Bank of New York", id="possessive-model"),
    pytest.param("The Ministry of Foreign Trade and Industry now expects exports to grow 3.3% next year.",
                 "3.3%", "Ministry of Foreign Trade and Industry", id="now-and-lowercase-of-and"),
    pytest.param("ECB staff projected that inflation would average 1.8% next year.", "1.8%",
                 "European Central Bank", id="staff-of-a-named-bank"),
    pytest.param("China's imports fell 3.3% in May, customs data showed.", "3.3%",
                 "General Administration of Customs", id="source-overlaps-data-showed"),
    # People of an unnamed institution speak for it.
    pytest.param("The Bank of England held rates at 4% in May. Bank staff expect inflation to ease to 2.7% "
                 "next year.", "2.7%", "Bank of England", id="bank-staff"),
    pytest.param("The Ministry of Finance reported exports of $40 billion in May. A ministry official said "
                 "annual exports should top $500 billion.", "$500 billion", "Ministry of Finance",
                 id="a-ministry-official"),
    # A descriptor before a name that has no organisation word.
    pytest.param("Rating agency CARE expects the fiscal deficit to narrow to 4.2% of GDP next year.",
                 "4.2%", "CARE", id="rating-agency"),
    pytest.param("Steelmakers' association Acerbras said crude steel output rose 2.8% in May.", "2.8%",
                 "Acerbras", id="industry-association"),
    pytest.param("Exports grew 6.6% in May, according to research firm Kestrel.", "6.6%", "Kestrel",
                 id="descriptor-after-according-to"),
    # A ministry whose name lists its portfolios.
    pytest.param("Chile's exports rose 3.5% in May, according to the Ministry of Mining, Energy and Ports.",
                 "3.5%", "Ministry of Mining, Energy and Ports", id="enumerated-name"),
    pytest.param("Peru's exports rose 3.5% in May, according to the Ministry of Finance, officials noted.",
                 "3.5%", "Ministry of Finance", id="comma-that-ends-the-name"),
    # Generic references to the source named last.
    pytest.param("Statistics Indonesia said exports rose 4% in May. Imports fell 2.2%, the agency said.",
                 "2.2%", "Statistics Indonesia", id="the-agency"),
    pytest.param("Malaysia's exports rose 4% in May, the Department of Statistics said. The data also "
                 "showed imports fell 1.3%.", "1.3%", "Department of Statistics", id="the-data-also-showed"),
    pytest.param("India's imports fell 5% in May, the Ministry of Commerce and Industry said. Exports hit "
                 "$440 billion last year, according to the commerce ministry.", "$440 billion",
                 "Ministry of Commerce and Industry", id="the-commerce-ministry"),
    # Normalized names.
    pytest.param("Japan's economy grew 0.3% in the first quarter, the Cabinet Office said.", "0.3%",
                 "Cabinet Office", id="cabinet-office"),
    pytest.param("German exports fell 1.1% in May, the Federal Statistical Office said.", "1.1%",
                 "Destatis", id="destatis"),
    pytest.param("Taiwan's growth will reach 3.1% this year, DGBAS said.", "3.1%",
                 "Directorate-General of Budget, Accounting and Statistics", id="dgbas"),
    pytest.param("The Atlanta Fed estimates that the economy grew 1.4% last quarter.", "1.4%",
                 "Federal Reserve Bank of Atlanta", id="regional-fed"),
    # An institution that owns the figure by a possessive.
    pytest.param("Prices rose 2.6% in May, Eurostat said, above the European Central Bank's 2% target.",
                 "2%", "European Central Bank", id="possessive-target-beats-sentence-source"),
    pytest.param("Korea's inflation eased to 2.1% in May, Statistics Korea said, with the central bank's "
                 "base rate at 2.75%.", "2.75%", "Bank of Korea", id="possessive-rate-at"),
    # The owner of a poll is the source of the expectations it reports.
    pytest.param("Exports rose 2.5% in May, the ministry said, beating the 1.5% rise forecast in a poll of "
                 "economists by Harbor Markets Desk.", "1.5%", "Harbor Markets Desk", id="poll-by"),
    pytest.param("Economists in a Lindqvist Analytics survey had expected a surplus of $3.1 billion.",
                 "$3.1 billion", "Lindqvist Analytics", id="named-survey"),
    pytest.param("Economists in the Bank of Korea's quarterly survey see growth of 1.8% next year.",
                 "1.8%", "Bank of Korea", id="possessive-survey"),
    pytest.param("Imports rose 3% in May, above the 2% forecast in a Reuters poll.", "2%", "Reuters poll",
                 id="outlet-poll-keeps-its-name"),
]


@pytest.mark.parametrize("text, mention, source", CASES)
def test_source_attribution(extractor, text, mention, source):
    assert source_of(extractor, text, mention) == source


# (text, mention): figures that get no source.
NO_SOURCE = [
    pytest.param("Exports rose 4% in May, the Ministry of Finance said. Economists had expected a rise "
                 "of 3%.", "3%", id="economists-after-a-source"),
    pytest.param("Exports rose 4% in May, the Ministry of Finance said. Growth of 6% keeps the "
                 "government's goal within reach.", "6%", id="government-goal"),
    pytest.param("Exports rose 4% in May, the Ministry of Finance said. Exports could reach $1 trillion "
                 "next year.", "$1 trillion", id="forecast-does-not-inherit"),
    pytest.param("The dollar bought 1,390 won on Friday. The Bank of Korea, which kept its rate at 2.5%, "
                 "meets next week.", "1,390 won", id="news-of-its-own-lends-nothing-back"),
    pytest.param("Prices rose 1.1% in May. Bank staff noted the rise.", "1.1%", id="bare-organisation-word"),
]


@pytest.mark.parametrize("text, mention", NO_SOURCE)
def test_source_attribution_none(extractor, text, mention):
    assert source_of(extractor, text, mention) is None


def test_source_quote_after_figures_lends_back(extractor):
    text = "Exports rose 5.1% in May. The Bank of Korea explained, “Chip demand stayed strong.”"
    assert source_of(extractor, text, "5.1%") == "Bank of Korea"
