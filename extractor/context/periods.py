"""Period expressions: find them in text and resolve them to month (or day) spans.

A resolved period is a pair of strings ``("2025-01", "2025-11")`` or, where the text gives
days, ``("2025-10-01", "2025-10-20")``. Relative expressions resolve against the publication
date, or against the period of the figure the sentence is about ("down from $48.06 billion
last month").
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from dataclasses import dataclass

import regex

from ..document import Published
from ..lexicon import Lexicon


@dataclass(frozen=True)
class Period:
    start: str
    end: str

    @property
    def granularity(self) -> str:
        if len(self.start) == 10:
            return "day"
        sy, sm = _ym(self.start)
        ey, em = _ym(self.end)
        months = (ey - sy) * 12 + em - sm + 1
        return {1: "month", 3: "quarter", 12: "year"}.get(months, "span")

    def shift_months(self, months: int) -> "Period":
        return Period(_shift(self.start, months), _shift(self.end, months))

    @property
    def last_month(self) -> "Period":
        end = self.end[:7]
        return Period(end, end)


@dataclass(frozen=True)
class PeriodMention:
    """A period expression in the text, unresolved (resolution may need context)."""

    start: int
    end: int
    kind: str  # absolute | relative | fiscal | date | weekday | weak
    fields: dict
    text: str

    comparison: bool = False  # "from December", "compared with August 2024"

    @property
    def is_shift(self) -> bool:
        """'a year ago', 'the same month last year': a comparison base, not the figure's period."""
        return bool(self.fields.get("shift")) or self.comparison


def _ym(s: str) -> tuple[int, int]:
    return int(s[:4]), int(s[5:7])


def _month_str(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift(s: str, months: int) -> str:
    y, m = _ym(s)
    total = y * 12 + (m - 1) + months
    shifted = _month_str(total // 12, total % 12 + 1)
    return shifted + s[7:] if len(s) == 10 else shifted


def month_span(year: int, first: int, last: int, end_year: int | None = None) -> Period:
    return Period(_month_str(year, first), _month_str(end_year or year, last))


def year_span(year: int) -> Period:
    return month_span(year, 1, 12)


class PeriodFinder:
    """Compiled period grammar for one lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        month_names = sorted(lexicon.months, key=len, reverse=True)
        # "(?![a-z])": "Separately" and "Declining" start with month abbreviations
        month = rf"(?:{'|'.join(month_names)})(?![a-z])\.?"
        ordinal = "|".join(sorted(map(regex.escape, lexicon.ordinals), key=len, reverse=True))
        year = r"(?:19|20)\d\d"
        num_word = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        weekday = "|".join(lexicon.weekdays)
        relative = "|".join(regex.escape(p) for p in sorted(lexicon.relative_periods, key=len,
                                                             reverse=True))
        year_tail = rf"(?:,?\s*(?:of\s+)?(?P<year>{year})\b|\s+(?P<relyear>last\s+year|this\s+year|next\s+year))"
        self.pattern = regex.compile(
            rf"""
            (?P<fyhalf>\b(?P<fhord>first|second)\s+half\s+of\s+(?:the\s+)?(?:fiscal\s+(?:year\s+)?|FY\s?)(?P<fhy>{year})(?:\s?[-–/]\s?(?:\d{{2}}|{year}))?)
            |(?P<sameperiod>\b(?:in\s+|from\s+|over\s+)?the\s+same\s+(?:period|month|quarter|months|days)\s+(?:of|in|a\s+year\s+earlier\s+in)\s+(?P<spy>{year}))
            |(?P<yearend>\b(?:the\s+)?end\s+of\s+(?:(?P<yerel>next\s+year|this\s+year|the\s+year|last\s+year)|(?P<yey2>{year})))
            |(?P<yearending>\b(?:fiscal\s+)?year\s+(?:ending|ended|to|through)\s+(?:end[-\s])?(?P<yem>{month})\s+(?P<yey>{year}))
            |(?P<fyrange>\b(?:fiscal\s+years\s+|FY\s?)(?P<fr1>{year})(?P<fr1b>\s?[-–/]\s?(?:\d{{2}}|{year}))?\s+(?:to|through)\s+(?:FY\s?)?(?P<fr2>{year})(?:\s?[-–/]\s?(?:\d{{2}}|{year}))?\b)
            |(?P<fiscal>\b(?:FY\s?|fiscal\s+(?:year\s+)?)(?P<fy>{year})(?:\s?[-–/]\s?(?P<fy2>\d{{2}}|{year}))?\b
              |\b(?P<fy>{year})\s?[-–/]\s?(?P<fy2>\d{{2}})\s+fiscal(?:\s+year)?\b
              |\bFY\s?(?P<fyshort>\d{{2}})\b)
            |(?P<fyfirstn>\b(?:the\s+)?first\s+(?P<fn>{num_word})\s+months\s+of\s+(?:the\s+)?(?:fiscal\s+(?:year\s+)?|FY\s?)(?P<ffy>{year})(?:\s?[-–/]\s?(?:\d{{2}}|{year}))?)
            |(?P<firstn>\b(?:the\s+)?(?:first\s+)?(?P<n>{num_word})\s+(?P<nunit>months|days|weeks)(?!\s+(?:to|through|ended|ending|until|in\s+a\s+row|of\s+(?:decline|growth|increase|gains|losses)))
               (?:\s+of\s+(?:(?P<nmonth>{month})|the\s+year|this\s+year|(?P<nyear>{year})))?(?:\s+(?P<nyear2>{year}))?)
            |(?P<monthsto>\b(?:the\s+)?(?P<tn>{num_word})\s+months\s+(?:to|through|ended|ending|until)\s+(?:end[-\s]|\d{{1,2}}\s+)?(?P<tm>{month})(?:\s+(?P<tyear>{year}))?)
            |(?P<weekday>\b(?:on\s+)?(?P<wd>{weekday})\b)
            |(?P<quarter>\b(?:Q(?P<q>[1-4])|(?P<qord>{ordinal})[\s-]quarter|(?P<q2>[1-4])Q|(?P<qlast>last|final)[\s-]quarter(?=\s+of\s))
               (?:\s*(?:of\s+)?(?:(?P<qyear>{year})|(?P<qyy>'?\d{{2}})\b|(?P<qrel>last\s+year|this\s+year)))?)
            |(?P<mquarter>\bthe\s+(?P<mq1>{month})[-–](?P<mq2>{month})\s+quarter)
            |(?P<half>\b(?:(?P<hord>first|second)\s+half|H(?P<h>[12])|(?P<h2>[12])H)
               (?:\s*(?:of\s+)?(?:(?P<hyear>{year})|(?P<hrel>last\s+year|this\s+year)))?)
            |(?P<mrange>\b(?P<m1>{month})\s*(?:[-–]|to|through|thru)\s*(?P<m2>{month}){year_tail}?)
            |(?P<days>\b(?P<dm>{month})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|to|through)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<dyear>{year}))?)
            |(?P<ddays>\b(?P<dd1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|to)\s*(?P<dd2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<ddm>{month})(?:,?\s*(?P<ddyear>{year}))?)
            |(?P<dayfirst>\b(?P<dfd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dfm>{month})(?:,?\s*(?P<dfyear>{year})\b)?)
            |(?P<firstdays>\b(?:the\s+)?first\s+(?P<fd>\d{{1,2}})\s+days\s+of\s+(?P<fdm>{month})(?:\s+(?P<fdyear>{year}))?)
            |(?P<endmonth>\bend[-\s](?P<em>{month})(?:\s+(?P<eyear>{year}))?)
            |(?P<month>\b(?P<mon>{month})(?:[ \t]+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:\s+and\s+(?P<mon2>{month}))?{year_tail}?)
            |(?P<relative>\b(?:{relative})\b)
            |(?P<ytd>\b(?:so\s+far\s+this\s+year|year[-\s]to[-\s]date|this\s+year\s+so\s+far)\b)
            |(?P<byyear>\b(?:by|in|of|for|since|during|through|until)\s+(?:the\s+(?:year\s+)?)?(?P<byy>{year})\b(?![-–]\d|\s?%))
            |(?P<bareyear>(?<![\d.,$-])\b(?P<by2>{year})\b(?![-–/]?\d|\s?%|\s?(?:percent|per\s+cent)))
            """,
            regex.V1 | regex.IGNORECASE | regex.VERBOSE,
        )
        self.months = {k.lower(): v for k, v in lexicon.months.items()}
        comparison = "|".join(regex.escape(p) for p in sorted(lexicon.comparison_before, key=len,
                                                               reverse=True))
        self.comparison = regex.compile(rf"\b(?:{comparison})\s+(?:(?:the|in|of)\s+)?$")

    def _month(self, name: str) -> int:
        return self.months[name.lower().rstrip(".")]

    def find(self, text: str) -> list[PeriodMention]:
        mentions = []
        for m in self.pattern.finditer(text):
            kind, fields = self._classify(m)
            if kind:
                core = m.start("byy") if m.group("byyear") else m.start()
                before = text[max(0, core - 32):core].lower()
                comparison = (bool(self.comparison.search(before)) or m.group(0).lower().startswith(
                    ("from ", "since "))) and not m.group("mrange") and not m.group("days") and not m.group("ddays") \
                    and not m.group("fyrange") \
                    and kind not in ("weekday", "date")
                release = bool(_RELEASE_TIME.search(before))
                if release:
                    continue  # "data showed earlier this month": when it was published
                mentions.append(PeriodMention(m.start(), m.end(), kind, fields, m.group(0),
                                              comparison))
        return mentions

    def _classify(self, m) -> tuple[str | None, dict]:
        g = m.groupdict()
        year_of = lambda *keys: next((int(g[k]) for k in keys if g.get(k)), None)  # noqa: E731
        if g["fiscal"]:
            if g["fyshort"]:
                return "fiscal", {"fy": 2000 + int(g["fyshort"]), "short": True}
            fy = int(g["fy"])
            fy2 = g.get("fy2")
            return "fiscal", {"fy": fy, "split": bool(fy2)}
        if g["fyrange"]:  # "fiscal years 2025-26 to 2030-31": first of one to last of the other
            return "fiscal", {"fy": int(g["fr1"]), "split": bool(g["fr1b"]), "fy_last": int(g["fr2"])}
        if g["fyhalf"]:
            first = 1 if g["fhord"].lower() == "first" else 7
            return "fiscal", {"fy": int(g["fhy"]), "split": True, "months_in": (first, first + 5)}
        if g["yearending"]:
            return "absolute", {"months_to": (12, self._month(g["yem"])), "year": int(g["yey"]),
                                "year_ending": True}
        if g["sameperiod"]:  # "the same period of 2023": the context's months (or days) in 2023
            return "relative", {"unit": "same_period", "year": int(g["spy"]), "anchor": "context",
                                "shift": True}
        if g["yearend"]:
            rel = " ".join((g.get("yerel") or "").lower().split())
            return "absolute", {"months": (12, 12), "year": year_of("yey2"),
                                "relyear": {"the year": "this year"}.get(rel, rel) or None}
        if g["fyfirstn"]:
            return "fiscal", {"fy": int(g["ffy"]), "split": True, "first_months": _number(g["fn"])}
        if g["monthsto"]:
            n, month = _number(g["tn"]), self._month(g["tm"])
            return "absolute", {"months_to": (n, month), "year": year_of("tyear")}
        if g["weekday"]:
            return "weekday", {"weekday": self.lexicon.weekdays.index(g["wd"].lower())}
        if g["firstn"]:
            n = _number(g["n"])
            unit = g["nunit"].lower()
            if unit == "months" and 1 <= n <= 12 and (g["firstn"].lower().startswith(("the", "first"))):
                return "absolute", {"months": (1, n), "year": year_of("nyear", "nyear2")}
            if unit == "days" and g.get("nmonth"):
                return "absolute", {"days": (self._month(g["nmonth"]), 1, n),
                                    "year": year_of("nyear2")}
            return None, {}
        if g["quarter"]:
            q = 4 if g["qlast"] else int(g["q"] or g["q2"] or 0) or self.lexicon.ordinals.get((g["qord"] or "").lower())
            if not q or q > 4:
                return None, {}
            year = year_of("qyear")
            if g.get("qyy"):
                year = 2000 + int(g["qyy"].lstrip("'"))
            return "absolute", {"months": (3 * q - 2, 3 * q), "year": year,
                                "relyear": " ".join((g.get("qrel") or "").lower().split()) or None}
        if g["mquarter"]:
            return "absolute", {"months": (self._month(g["mq1"]), self._month(g["mq2"]))}
        if g["half"]:
            h = int(g["h"] or g["h2"] or (1 if (g["hord"] or "").lower() == "first" else 2))
            return "absolute", {"months": (6 * h - 5, 6 * h), "year": year_of("hyear"),
                                "relyear": " ".join((g.get("hrel") or "").lower().split()) or None}
        if g["mrange"]:
            return "absolute", {"months": (self._month(g["m1"]), self._month(g["m2"])),
                                "year": year_of("year"), "relyear": _rel(g)}
        if g["days"]:
            return "absolute", {"days": (self._month(g["dm"]), int(g["d1"]), int(g["d2"])),
                                "year": year_of("dyear")}
        if g["ddays"]:  # "1-20 November" (day first, as British and Asian reports write it)
            return "absolute", {"days": (self._month(g["ddm"]), int(g["dd1"]), int(g["dd2"])),
                                "year": year_of("ddyear")}
        if g["dayfirst"]:  # "17 November", "3rd of March 2025"
            name = g["dfm"]
            if not name[0].isupper() or not 1 <= int(g["dfd"]) <= 31:
                return None, {}
            return "date", {"date": (self._month(name), int(g["dfd"])), "year": year_of("dfyear")}
        if g["firstdays"]:
            return "absolute", {"days": (self._month(g["fdm"]), 1, int(g["fd"])),
                                "year": year_of("fdyear")}
        if g["endmonth"]:
            month = self._month(g["em"])
            return "absolute", {"months": (month, month), "year": year_of("eyear")}
        if g["month"]:
            name = g["mon"]
            # "May" and "march" are also words: need a capital and some date-like company.
            if name.lower().rstrip(".") in ("may", "mar") and not (name[0].isupper() and (
                    g.get("year") or g.get("relyear") or _month_context(m))):
                return None, {}
            if not name[0].isupper():
                return None, {}
            month = self._month(name)
            if g.get("mday"):  # "March 6", "Nov. 27, 2024": a date (datelines, events)
                return "date", {"date": (month, int(g["mday"])), "year": year_of("year")}
            last = self._month(g["mon2"]) if g.get("mon2") else month  # "September and October"
            return "absolute", {"months": (month, last), "year": year_of("year"),
                                "relyear": _rel(g)}
        if g["relative"]:
            spec = self.lexicon.relative_periods[g["relative"].lower()]
            return ("weak" if spec.get("weak") else "relative"), dict(spec)
        if g["ytd"]:
            return "relative", {"unit": "ytd", "offset": 0, "anchor": "published"}
        if g["byyear"]:
            return "absolute", {"months": (1, 12), "year": int(g["byy"])}
        if g["bareyear"]:
            return "absolute", {"months": (1, 12), "year": int(g["by2"])}
        return None, {}


_RELEASE_TIME = regex.compile(
    r"\b(?:said|says|showed|shows|released|reported|announced|published|data|figures|statement)"
    r"\s+(?:(?:earlier|late|early|on|last|this|published)\s+)?$", regex.IGNORECASE)


def _rel(g) -> str | None:
    return " ".join((g.get("relyear") or "").lower().split()) or None


def _month_context(m) -> bool:
    before = m.string[max(0, m.start() - 12):m.start()].lower()
    return any(w in before for w in ("in ", "since ", "of ", "from ", "until ", "by ", "for ",
                                     "end-", "during "))


def _number(word: str) -> int:
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
    return int(word) if word.isdigit() else words[word.lower()]


def _latest_year_for_month(month: int, published: Published | None,
                           ahead: bool = False) -> int | None:
    """The year of the most recent such month not after publication (or, for forecasts, the
    next such month not before it)."""
    if published is None:
        return None
    if published.month is None:
        return published.year
    if ahead:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _fiscal_span(fy: int, split: bool, fiscal_start: tuple[int, bool]) -> Period:
    """The months of fiscal year ``fy`` ("FY2024-25" is split: named by its first year)."""
    start_month, named_by_end = fiscal_start
    if start_month == 1:
        return year_span(fy)
    if named_by_end and not split:
        fy -= 1
    return month_span(fy, start_month, start_month - 1, fy + 1)


def resolve(mention: PeriodMention, published: Published | None, context: Period | None,
            fiscal_start: tuple[int, bool] = (1, False), ahead: bool = False) -> Period | None:
    """Resolve a period mention; ``None`` when it cannot be (e.g. no date to anchor on).

    ``ahead``: a year-less month or quarter is the coming one (forecasts), not the last one.
    """
    f = mention.fields
    if mention.kind == "fiscal":
        span = _fiscal_span(f["fy"], f.get("split", False), fiscal_start)
        if f.get("fy_last"):
            return Period(span.start, _fiscal_span(f["fy_last"], f["split"], fiscal_start).end)
        if fiscal_start[0] == 1:
            return span
        if f.get("first_months"):
            last = _shift(span.start, f["first_months"] - 1)
            return Period(span.start, last)
        if f.get("months_in"):
            first, last = f["months_in"]
            return Period(_shift(span.start, first - 1), _shift(span.start, last - 1))
        return span
    if mention.kind == "date":
        month, day = f["date"]
        year = f.get("year") or _latest_year_for_month(month, published, ahead)
        if year is None:
            return None
        day = min(day, calendar.monthrange(year, month)[1])
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        return Period(iso, iso)
    if mention.kind == "weekday":
        if published is None or published.day is None:
            return None
        pub = date(published.year, published.month, published.day)
        back = (pub.weekday() - f["weekday"]) % 7
        day = pub - timedelta(days=back)
        return Period(day.isoformat(), day.isoformat())
    if mention.kind == "absolute":
        year = f.get("year")
        relyear = f.get("relyear")
        if year is None and relyear and published:
            year = published.year + {"last year": -1, "this year": 0, "next year": 1}[relyear]
        if "days" in f:
            month, d1, d2 = f["days"]
            year = year or _latest_year_for_month(month, published, ahead)
            if year is None:
                return None
            d2 = min(d2, calendar.monthrange(year, month)[1])
            return Period(f"{year:04d}-{month:02d}-{d1:02d}", f"{year:04d}-{month:02d}-{d2:02d}")
        if "months_to" in f:  # "the three months to September"
            n, month = f["months_to"]
            year = year or _latest_year_for_month(month, published)
            if year is None:
                return None
            end = _month_str(year, month)
            return Period(_shift(end, 1 - n), end)
        first, last = f["months"]
        if year is None:
            if first == last:
                year = _latest_year_for_month(last, published, ahead)
            elif context is not None:
                year = int(context.end[:4])
            else:
                year = _latest_year_for_month(last, published, ahead)
        if year is None:
            return None
        if first > last:  # "December-February"
            return month_span(year - 1, first, last, year)
        return month_span(year, first, last)
    if mention.kind in ("relative", "weak"):
        unit = f["unit"]
        if unit == "same_period":
            if context is None:
                return year_span(f["year"])
            shift = 12 * (f["year"] - int(context.end[:4]))
            return context.shift_months(shift)
        if unit == "ytd":
            anchor = context or published_month(published)
            if anchor is None:
                return None
            y, m = _ym(anchor.end)
            return month_span(y, 1, m)
        if unit == "rest_of_year":
            now = published_month(published)
            return Period(now.start, f"{now.end[:4]}-12") if now is not None else None
        anchor_is_context = f.get("anchor") == "context" and context is not None
        if unit == "year":
            if anchor_is_context:
                return context.shift_months(12 * f["offset"])
            if published is None:
                return None
            return year_span(published.year + f["offset"])
        months = 3 if unit == "quarter" else 1
        base = context if anchor_is_context else published_month(published)
        if base is None:
            return None
        if unit == "quarter" and not anchor_is_context:
            y, m = _ym(base.end)
            q_first = 3 * ((m - 1) // 3) + 1
            base = month_span(y, q_first, q_first + 2)
        return base.shift_months(months * f["offset"])
    return None


def published_month(published: Published | None) -> Period | None:
    if published is None:
        return None
    if published.month is None:
        return year_span(published.year)
    m = _month_str(published.year, published.month)
    return Period(m, m)
