"""Period expressions (extractor/context/periods.py): found in text, resolved to SCHEMA §2 spans.

Months are ``YYYY-MM`` inclusive; days ``YYYY-MM-DD`` only where the text gives days; fiscal years
are their months, by the reporting economy's fiscal calendar; a period without a year is the
latest one not after publication (the coming one for forecasts).
"""
from __future__ import annotations

import pytest

from extractor.context.periods import Period, resolve
from extractor.document import Document, Published



def fiscal_start(lexicon, country: str | None) -> tuple[int, bool]:
    spec = lexicon.fiscal_years.get(country or "", {})
    return int(spec.get("start_month", 1)), bool(spec.get("named_by_end", False))


def only_mention(period_finder, text: str):
    mentions = period_finder.find(text)
    assert len(mentions) == 1, [m.text for m in mentions]
    mention = mentions[0]
    assert text[mention.start:mention.end] == mention.text
    return mention


# (text, published, expected start, expected end)
CALENDAR = [
    # Months: the year from the text, else the latest such month not after publication.
    pytest.param("exports in November", "2026-01-09", "2025-11", "2025-11", id="month-previous-year"),
    pytest.param("exports in November", "2025-12-10", "2025-11", "2025-11", id="month-same-year"),
    pytest.param("exports in December", "2025-11-20", "2024-12", "2024-12", id="month-after-publication"),
    pytest.param("exports in November 2024", "2025-12-10", "2024-11", "2024-11", id="month-with-year"),
    pytest.param("exports in Dec.", "2026-01-09", "2025-12", "2025-12", id="month-abbreviation"),
    pytest.param("exports in May", "2025-12-10", "2025-05", "2025-05", id="may-after-in"),
    pytest.param("exports in March last year", "2025-12-10", "2024-03", "2024-03", id="month-last-year"),
    pytest.param("drops in September and October last year", "2025-12-10", "2024-09", "2024-10",
                 id="two-months-last-year"),
    # Quarters.
    pytest.param("growth in Q3 2024", "2025-12-10", "2024-07", "2024-09", id="Q3-year"),
    pytest.param("growth in 3Q24", "2025-12-10", "2024-07", "2024-09", id="3Q24"),
    pytest.param("growth in the third quarter", "2025-11-13", "2025-07", "2025-09", id="third-quarter"),
    pytest.param("growth in the third quarter", "2025-02-14", "2024-07", "2024-09", id="third-quarter-before-publication-year"),
    pytest.param("growth in the third quarter of 2024", "2025-12-10", "2024-07", "2024-09", id="third-quarter-of-year"),
    pytest.param("growth in the fourth quarter", "2026-01-20", "2025-10", "2025-12", id="fourth-quarter"),
    pytest.param("growth in the fourth quarter of last year", "2025-12-10", "2024-10", "2024-12", id="quarter-of-last-year"),
    pytest.param("growth in the first quarter of this year", "2025-12-10", "2025-01", "2025-03", id="quarter-of-this-year"),
    pytest.param("growth in the July-September quarter", "2025-12-10", "2025-07", "2025-09", id="month-range-quarter"),
    pytest.param("growth in the October-December quarter", "2026-02-16", "2025-10", "2025-12", id="oct-dec-quarter"),
    pytest.param("growth last quarter", "2025-12-10", "2025-07", "2025-09", id="last-quarter"),
    # Halves.
    pytest.param("output in the first half", "2025-09-10", "2025-01", "2025-06", id="first-half"),
    pytest.param("output in the second half of 2024", "2025-12-10", "2024-07", "2024-12", id="second-half-year"),
    pytest.param("output in H1 2025", "2025-12-10", "2025-01", "2025-06", id="H1-year"),
    pytest.param("output in the second half", "2025-03-10", "2024-07", "2024-12", id="second-half-before-publication"),
    # Spans of months.
    pytest.param("exports in the first 11 months of 2024", "2025-12-10", "2024-01", "2024-11", id="first-11-months-of-year"),
    pytest.param("exports in the first 11 months of the year", "2025-12-10", "2025-01", "2025-11", id="first-11-months-of-the-year"),
    pytest.param("exports in the first nine months", "2025-10-14", "2025-01", "2025-09", id="first-nine-months"),
    pytest.param("exports in January-November", "2025-12-10", "2025-01", "2025-11", id="january-november"),
    pytest.param("exports in January-November 2024", "2025-12-10", "2024-01", "2024-11", id="january-november-year"),
    pytest.param("exports in the December-February period", "2025-03-10", "2024-12", "2025-02", id="across-new-year"),
    pytest.param("exports in the three months to September", "2025-12-10", "2025-07", "2025-09", id="three-months-to"),
    pytest.param("prices in the 12 months to July", "2025-12-10", "2024-08", "2025-07", id="twelve-months-to"),
    pytest.param("profit in the year ending March 2026", "2026-05-10", "2025-04", "2026-03", id="year-ending"),
    pytest.param("profit in the year to March 2026", "2026-05-10", "2025-04", "2026-03", id="year-to"),
    # Days.
    pytest.param("exports for Oct. 1 to 20", "2025-10-21", "2025-10-01", "2025-10-20", id="day-range-to"),
    pytest.param("exports for Nov. 1-20", "2025-11-21", "2025-11-01", "2025-11-20", id="day-range-hyphen"),
    pytest.param("exports in the first 20 days of November", "2025-11-21", "2025-11-01", "2025-11-20", id="first-20-days"),
    pytest.param("reserves as of end-December", "2026-01-09", "2025-12", "2025-12", id="end-month-stock"),
    # Years and relative expressions (anchored on publication).
    pytest.param("exports in 2024", "2025-12-10", "2024-01", "2024-12", id="in-year"),
    pytest.param("exports during 2023", "2025-12-10", "2023-01", "2023-12", id="during-year"),
    pytest.param("exports last year", "2025-12-10", "2024-01", "2024-12", id="last-year"),
    pytest.param("exports over the past year", "2026-01-09", "2025-01", "2025-12", id="the-past-year"),
    pytest.param("exports this year", "2025-12-10", "2025-01", "2025-12", id="this-year"),
    pytest.param("exports next year", "2025-12-10", "2026-01", "2026-12", id="next-year"),
    pytest.param("exports last month", "2025-12-10", "2025-11", "2025-11", id="last-month"),
    pytest.param("exports last month", "2026-01-09", "2025-12", "2025-12", id="last-month-across-year"),
    pytest.param("exports this month", "2025-12-10", "2025-12", "2025-12", id="this-month"),
    pytest.param("subsidies for the rest of the year", "2025-09-01", "2025-09", "2025-12", id="rest-of-the-year"),
    pytest.param("loans over the remainder of the year", "2025-04-15", "2025-04", "2025-12", id="remainder-of-the-year"),
    # Weekdays: the latest such day not after publication (for daily measures).
    pytest.param("the won closed on Monday", "2025-12-10", "2025-12-08", "2025-12-08", id="weekday-monday"),
    pytest.param("the won closed on Friday", "2025-12-10", "2025-12-05", "2025-12-05", id="weekday-friday"),
    pytest.param("the won closed on Wednesday", "2025-12-10", "2025-12-10", "2025-12-10", id="weekday-publication-day"),
    pytest.param("the dateline Nov 27, 2024", "2025-12-10", "2024-11-27", "2024-11-27", id="full-date"),
    # Day first, as British, Indian and Asian reports write dates.
    pytest.param("the rupee closed on 17 November", "2025-11-20", "2025-11-17", "2025-11-17", id="day-first"),
    pytest.param("the rupee closed on 3rd of March 2025", "2025-11-20", "2025-03-03", "2025-03-03",
                 id="day-first-ordinal-year"),
    pytest.param("exports in 1-20 November", "2025-11-21", "2025-11-01", "2025-11-20", id="day-first-range"),
    pytest.param("prices in the 12 months to 30 September", "2025-11-20", "2024-10", "2025-09",
                 id="months-to-day-first"),
]


@pytest.mark.parametrize("text, published, start, end", CALENDAR)
def test_periods_resolve_against_publication(period_finder, text, published, start, end):
    mention = only_mention(period_finder, text)
    assert resolve(mention, Published.parse(published), None) == Period(start, end)


# (text, published, reporter, expected start, expected end)
FISCAL = [
    pytest.param("exports in FY2024-25", "2025-11-17", "IND", "2024-04", "2025-03", id="india-FY-split"),
    pytest.param("exports in the 2024-25 fiscal year", "2025-11-17", "IND", "2024-04", "2025-03", id="india-split-fiscal-year"),
    pytest.param("exports in FY25", "2025-11-17", "IND", "2024-04", "2025-03", id="india-FY25"),
    pytest.param("exports in fiscal 2025", "2025-11-17", "IND", "2024-04", "2025-03", id="india-fiscal-2025"),
    pytest.param("exports in fiscal 2025", "2025-12-10", "JPN", "2025-04", "2026-03", id="japan-fiscal-2025"),
    pytest.param("output in the first half of fiscal 2025", "2025-12-10", "JPN", "2025-04", "2025-09", id="japan-fiscal-first-half"),
    pytest.param("exports in the first six months of fiscal 2025", "2025-12-10", "JPN", "2025-04", "2025-09", id="japan-fiscal-first-six-months"),
    pytest.param("the deficit in fiscal 2025", "2025-12-10", "USA", "2024-10", "2025-09", id="us-fiscal-2025"),
    pytest.param("the deficit in fiscal year 2024", "2025-12-10", "USA", "2023-10", "2024-09", id="us-fiscal-year-2024"),
    pytest.param("the deficit in FY2026", "2025-12-10", "USA", "2025-10", "2026-09", id="us-FY2026"),
    pytest.param("borrowing in the 2024-25 fiscal year", "2025-12-10", "GBR", "2024-04", "2025-03", id="uk-split"),
    pytest.param("exports in FY25", "2025-12-10", "AUS", "2024-07", "2025-06", id="australia-FY25"),
    pytest.param("exports in fiscal 2025", "2025-12-10", "DEU", "2025-01", "2025-12", id="calendar-fiscal-year"),
    # A range of fiscal years runs from the first month of one to the last month of the other.
    pytest.param("an outlay over fiscal years 2026-27 to 2028-29", "2025-11-17", "IND", "2026-04", "2029-03",
                 id="india-fiscal-year-range"),
    pytest.param("spending from FY2026 through FY2028", "2025-12-10", "USA", "2025-10", "2028-09",
                 id="us-fiscal-year-range"),
]


@pytest.mark.parametrize("text, published, reporter, start, end", FISCAL)
def test_periods_fiscal_years_follow_the_reporter(period_finder, lexicon, text, published,
                                                 reporter, start, end):
    mention = only_mention(period_finder, text)
    assert mention.kind == "fiscal"
    period = resolve(mention, Published.parse(published), None, fiscal_start(lexicon, reporter))
    assert period == Period(start, end)


# (text, context period, expected start, expected end, is a comparison base)
CONTEXT = [
    pytest.param("so far this year", ("2025-10", "2025-10"), "2025-01", "2025-10", False, id="ytd-to-context"),
    pytest.param("year-to-date", ("2025-08", "2025-08"), "2025-01", "2025-08", False, id="year-to-date"),
    pytest.param("a year earlier", ("2025-11", "2025-11"), "2024-11", "2024-11", True, id="a-year-earlier"),
    pytest.param("the same month last year", ("2025-11", "2025-11"), "2024-11", "2024-11", True, id="same-month-last-year"),
    pytest.param("last month", ("2025-11", "2025-11"), "2025-10", "2025-10", False, id="last-month-of-context"),
    pytest.param("the previous month", ("2025-11", "2025-11"), "2025-10", "2025-10", False, id="previous-month"),
    pytest.param("the previous quarter", ("2025-07", "2025-09"), "2025-04", "2025-06", False, id="previous-quarter"),
]


@pytest.mark.parametrize("text, context, start, end, shift", CONTEXT)
def test_periods_relative_to_the_sentence_period(period_finder, text, context, start, end, shift):
    mention = only_mention(period_finder, text)
    assert mention.is_shift == shift
    assert resolve(mention, Published.parse("2025-12-10"), Period(*context)) == Period(start, end)


@pytest.mark.parametrize("text, comparison", [
    pytest.param("rose 10% from December", True, id="from-month"),
    pytest.param("compared with August 2024", True, id="compared-with"),
    pytest.param("the highest since March", True, id="since-month"),
    pytest.param("rose 10% in December", False, id="in-month"),
    pytest.param("exports from Oct. 1 to 20", False, id="from-day-range"),
])
def test_periods_comparison_bases_are_flagged(period_finder, text, comparison):
    assert only_mention(period_finder, text).comparison == comparison


@pytest.mark.parametrize("text, published, start, end", [
    pytest.param("in March", "2025-12-10", "2026-03", "2026-03", id="month"),
    pytest.param("in the first quarter", "2025-12-10", "2026-01", "2026-03", id="quarter"),
    pytest.param("next year", "2025-12-10", "2026-01", "2026-12", id="next-year"),
])
def test_periods_forecasts_look_ahead(period_finder, text, published, start, end):
    mention = only_mention(period_finder, text)
    assert resolve(mention, Published.parse(published), None, ahead=True) == Period(start, end)


@pytest.mark.parametrize("text", [
    pytest.param("exports may rise", id="may-verb"),
    pytest.param("a march toward growth", id="march-noun"),
    pytest.param("exports rose strongly", id="no-period"),
    pytest.param("Separately, exports rose", id="sep-inside-a-word"),
    pytest.param("Declining exports weighed on growth", id="dec-inside-a-word"),
])
def test_periods_words_that_are_not_periods(period_finder, text):
    assert [m.text for m in period_finder.find(text)] == []


@pytest.mark.parametrize("text, published", [
    pytest.param("exports in November", None, id="month-without-publication"),
    pytest.param("exports last month", None, id="relative-without-publication"),
    pytest.param("the won closed on Monday", "2025-12", id="weekday-without-day"),
])
def test_periods_unresolvable_without_a_date(period_finder, text, published):
    assert resolve(only_mention(period_finder, text), Published.parse(published), None) is None


# Through the pipeline: the period a figure gets from its sentence and the publication date.
PIPELINE = [
    pytest.param("India's exports rose to $437 billion in FY2024-25.", "2025-11-17", "$437 billion",
                 "2024-04", "2025-03", id="india-fiscal-split"),
    pytest.param("India's exports were $437 billion in fiscal 2025.", "2025-11-17", "$437 billion",
                 "2024-04", "2025-03", id="india-fiscal-2025"),
    pytest.param("Japan's exports rose 2.0% in fiscal 2025.", "2025-12-10", "2.0%", "2025-04", "2026-03",
                 id="japan-fiscal"),
    pytest.param("The U.S. budget deficit was $1.8 trillion in fiscal 2025.", "2025-12-10",
                 "$1.8 trillion", "2024-10", "2025-09", id="us-fiscal"),
    pytest.param("Korea's exports rose 8.4% in the first 20 days of November.", "2025-11-21", "8.4%",
                 "2025-11-01", "2025-11-20", id="first-20-days"),
    pytest.param("Exports for Oct. 1 to 20 rose 5.0% on-year.", "2025-10-21", "5.0%",
                 "2025-10-01", "2025-10-20", id="day-range-before"),
    pytest.param("Exports rose 5.0% from Oct. 1 to 20.", "2025-10-21", "5.0%", "2025-10-01", "2025-10-20",
                 id="day-range-from"),
    pytest.param("Exports rose 5% in the first 11 months of 2024.", "2025-12-10", "5%", "2024-01",
                 "2024-11", id="first-11-months"),
    pytest.param("Exports rose 5% in January-November.", "2025-12-10", "5%", "2025-01", "2025-11",
                 id="january-november"),
    pytest.param("Exports rose 5% in the three months to September.", "2025-12-10", "5%", "2025-07",
                 "2025-09", id="three-months-to"),
    pytest.param("Exports totaled $700 billion last year.", "2025-12-10", "$700 billion", "2024-01",
                 "2024-12", id="last-year"),
    pytest.param("Exports rose 3% last month.", "2025-12-10", "3%", "2025-11", "2025-11",
                 id="last-month-of-publication"),
    pytest.param("Exports rose 5% in December.", "2026-01-09", "5%", "2025-12", "2025-12",
                 id="month-of-previous-year"),
    pytest.param("Foreign reserves were $410 billion as of end-December.", "2026-01-09",
                 "$410 billion", "2025-12", "2025-12", id="end-december"),
    pytest.param("Exports grew in 2024 for the fourth consecutive year.", "2025-01-02",
                 "fourth consecutive year", "2024-01", "2024-12", id="streak-of-years"),
    pytest.param("Exports rose for the 23rd straight month in November.", "2025-12-10",
                 "23rd straight month", "2025-11", "2025-11", id="streak-of-months"),
    pytest.param("The economy has grown for four consecutive years.", "2025-01-02",
          "four consecutive years", "2024-01", "2024-12", id="streak-of-years-no-period"),
    pytest.param("The won closed at 1,450 won per dollar on Monday.", "2025-12-10", "1,450 won",
                 "2025-12-08", "2025-12-08", id="daily-rate-weekday"),
    pytest.param("The policy rate was raised to 0.75% on Friday.", "2025-12-10", "0.75%",
                 "2025-12-05", "2025-12-05", id="policy-rate-weekday"),
    pytest.param("Exports rose 5% in November, data showed on Monday.", "2025-12-10", "5%", "2025-11",
                 "2025-11", id="release-weekday-is-not-the-period"),
    pytest.param("Exports are expected to rise 3% in March.", "2025-12-10", "3%", "2026-03", "2026-03",
                 id="forecast-month-ahead"),
    # Programme amounts take only the period their own sentence states (else none).
    pytest.param("Exports rose 5% in September. Separately, the government earmarked $2 billion in "
                 "export subsidies.", "2025-10-20", "$2 billion", None, None, id="programme-without-period"),
    pytest.param("The ministry set aside $3 billion in credit lines for the rest of the year.", "2025-09-01",
                 "$3 billion", "2025-09", "2025-12", id="programme-rest-of-the-year"),
    pytest.param("The cabinet approved an outlay of Rs 5,000 crore ($560 million) over fiscal years 2026-27 "
                 "to 2028-29.", "2025-11-17", "Rs 5,000 crore", "2026-04", "2029-03",
                 id="programme-fiscal-year-range-past-its-equivalent"),
    pytest.param("The cabinet approved an outlay of Rs 5,000 crore ($560 million) over fiscal years 2026-27 "
                 "to 2028-29.", "2025-11-17", "$560 million", "2026-04", "2029-03",
                 id="programme-equivalent"),
    # "the previous year" of an earlier value is relative to the forecast it is compared with.
    pytest.param("The agency expects India's current account deficit to widen to 2.0% of GDP in FY2026-27 "
                 "from 1.1% in the previous year.", "2025-11-17", "1.1%", "2025-04", "2026-03",
                 id="previous-year-of-a-forecast"),
]


@pytest.mark.parametrize("text, published, mention, start, end", PIPELINE)
def test_periods_of_figures_in_sentences(extractor, text, published, mention, start, end):
    records = extractor.process(Document("d", text, Published.parse(published)))
    record = next(r for r in records if r["mention"] == mention)
    assert (record["period_start"], record["period_end"]) == (start, end)


def test_periods_levels_down_from_and_a_year_ago(extractor):
    text = ("Imports totaled $46.8 billion in November, down from $48.06 billion last month and "
            "$47.11 billion a year ago.")
    records = extractor.process(Document("d", text, Published.parse("2026-01-09")))
    periods = {r["mention"]: (r["period_start"], r["period_end"], r["role"]) for r in records}
    assert periods == {
        "$46.8 billion": ("2025-11", "2025-11", "level"),
        "$48.06 billion": ("2025-10", "2025-10", "level"),
        "$47.11 billion": ("2024-11", "2024-11", "level"),
    }
