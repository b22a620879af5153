"""Reference periods as inclusive spans of months (``YYYY-MM``) or days (``YYYY-MM-DD``).

A record's ``period_start``/``period_end`` and an observation's period use the same form, so
matching a claim to an observation is equality of spans; derivations shift spans (a year
earlier, the previous period) and split them into months.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$")


@dataclass(frozen=True, order=True)
class Span:
    """An inclusive period: both ends months, or both ends days."""

    start: str
    end: str

    @classmethod
    def parse(cls, text: str) -> "Span":
        """``2025``, ``2025-11``, ``2025-Q3``, ``2025-10-01``, or ``START/END`` of those."""
        text = str(text).strip()
        if "/" in text:
            first, last = (part.strip() for part in text.split("/", 1))
            start, end = cls.parse(first).start, cls.parse(last).end
            if _kind(start) != _kind(end):
                raise ValueError(f"period {text!r} mixes months and days")
            if start > end:
                raise ValueError(f"period {text!r} ends before it starts")
            return cls(start, end)
        if m := _YEAR.match(text):
            return cls(f"{m[1]}-01", f"{m[1]}-12")
        if m := _QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            return cls(f"{year}-{3 * quarter - 2:02d}", f"{year}-{3 * quarter:02d}")
        try:
            if m := _MONTH.match(text):
                date(int(m[1]), int(m[2]), 1)
                return cls(text, text)
            if m := _DAY.match(text):
                date(int(m[1]), int(m[2]), int(m[3]))
                return cls(text, text)
        except ValueError as error:
            raise ValueError(f"bad period {text!r}: {error}") from None
        raise ValueError(f"bad period {text!r}: expected YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-DD "
                         "or START/END")

    @classmethod
    def of_record(cls, record: dict) -> "Span | None":
        start, end = record.get("period_start"), record.get("period_end")
        if not start or not end or _kind(start) is None or _kind(start) != _kind(end):
            return None
        return cls(str(start), str(end))

    @property
    def is_days(self) -> bool:
        return _kind(self.start) == "day"

    @property
    def months(self) -> list[str]:
        """The months of a month span, in order (empty for a day span)."""
        if self.is_days:
            return []
        out, current = [], self.start
        while current <= self.end:
            out.append(current)
            current = shift_month(current, 1)
        return out

    @property
    def length(self) -> int:
        """Number of months (for day spans: days)."""
        if self.is_days:
            return (to_date(self.end) - to_date(self.start)).days + 1
        return len(self.months)

    def shift(self, months: int) -> "Span":
        """The span moved by a number of months (day spans keep their days of month)."""
        return Span(shift_month(self.start, months), shift_month(self.end, months))

    def previous(self) -> "Span":
        """The period before, of the same length (previous month, quarter, year)."""
        if self.is_days:
            return self.shift(-1)
        return self.shift(-self.length)

    @property
    def year_to_date(self) -> bool:
        return not self.is_days and self.start.endswith("-01") and self.length < 12

    @property
    def first_day(self) -> date:
        return to_date(self.start)

    @property
    def last_day(self) -> date:
        if self.is_days:
            return to_date(self.end)
        year, month = int(self.end[:4]), int(self.end[5:7])
        return date(year, month, calendar.monthrange(year, month)[1])

    def label(self) -> str:
        if self.start == self.end:
            return self.start
        if not self.is_days and self.start.endswith("-01") and self.end.endswith("-12") \
                and self.start[:4] == self.end[:4]:
            return self.start[:4]
        return f"{self.start}..{self.end}"

    def __str__(self) -> str:
        return self.label()


def _kind(text: str | None) -> str | None:
    if text is None:
        return None
    if _MONTH.match(str(text)):
        return "month"
    if _DAY.match(str(text)):
        return "day"
    return None


def shift_month(text: str, months: int) -> str:
    """``2025-11`` shifted by months; ``2025-11-20`` keeps its day (clipped to the month)."""
    year, month = int(text[:4]), int(text[5:7])
    index = year * 12 + (month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if len(text) == 7:
        return f"{year:04d}-{month:02d}"
    day = min(int(text[8:10]), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def to_date(text: str) -> date:
    if len(text) == 7:
        return date(int(text[:4]), int(text[5:7]), 1)
    return date(int(text[:4]), int(text[5:7]), int(text[8:10]))


def published_date(value: object) -> date | None:
    """The last day a ``published`` value (YYYY, YYYY-MM or YYYY-MM-DD) can mean."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if _DAY.match(text):
            return to_date(text)
        if _MONTH.match(text):
            return Span(text, text).last_day
        if _YEAR.match(text):
            return date(int(text), 12, 31)
    except ValueError:
        return None
    return None
