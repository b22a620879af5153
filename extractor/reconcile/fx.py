"""ECB reference exchange rates (through the ``currencyconverter`` package, which ships the
ECB's history offline) and the range of rates a converted figure may have used.

SCHEMA §7: a converted equivalent is checked at exchange rates from the period average up to
the publication date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from .periods import Span


class RateSource(Protocol):
    def rate(self, base: str, quote: str, day: date) -> float | None:
        """Units of ``quote`` per one ``base`` on ``day``, or None."""


class EcbRates:
    """ECB euro reference rates, crossed through the euro; weekends and holidays take the
    nearest earlier fixing. Needs the ``currencyconverter`` package."""

    def __init__(self):
        try:
            from currency_converter import CurrencyConverter
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError("currency conversion needs the 'currencyconverter' package: "
                              "pip install currencyconverter") from error
        self._converter = CurrencyConverter(fallback_on_missing_rate=True,
                                            fallback_on_wrong_date=False)
        self.currencies = set(self._converter.currencies)

    @lru_cache(maxsize=200_000)
    def rate(self, base: str, quote: str, day: date) -> float | None:
        if base == quote:
            return 1.0
        if base not in self.currencies or quote not in self.currencies:
            return None
        try:
            return float(self._converter.convert(1.0, base, quote, date=day))
        except Exception:  # RateNotFoundError and out-of-range dates
            return None


@lru_cache(maxsize=1)
def ecb_rates() -> EcbRates:
    return EcbRates()


@dataclass(frozen=True)
class RateRange:
    base: str
    quote: str
    average: float  # period average
    low: float
    high: float
    first: date
    last: date

    def describe(self) -> str:
        return (f"{self.quote} per {self.base}: period average {self.average:.4g}, "
                f"{self.low:.4g} to {self.high:.4g} from {self.first} to {self.last} (ECB)")


def rate_range(rates: RateSource, base: str, quote: str, span: Span,
               published: date | None) -> RateRange | None:
    """Units of ``quote`` per ``base``: the period average and the range spanned by it and
    the daily rates from the period's end up to the publication date (45 days after the
    period when no date is known). None when the rates are not available."""
    daily = [rates.rate(base, quote, day) for day in days(span.first_day, span.last_day)]
    daily = [value for value in daily if value]
    if not daily:
        return None
    average = sum(daily) / len(daily)
    end = published or (span.last_day + timedelta(days=45))
    after = [rates.rate(base, quote, day) for day in days(span.last_day, max(end, span.last_day))]
    values = [average, *(value for value in after if value)]
    return RateRange(base, quote, average, min(values), max(values), span.first_day,
                     max(end, span.last_day))


def days(first: date, last: date):
    """Every day from first to last, inclusive."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
