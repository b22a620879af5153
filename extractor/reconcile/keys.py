"""SDMX-like series keys.

A series is identified by its dimensions, joined with dots in a fixed order as SDMX does:

    FREQ.REF_AREA.INDICATOR.COUNTERPART_AREA.PRODUCT.FLOW_BASIS.ACCOUNTING_ENTRY.UNIT.TRANSFORM.STATUS

``M.KOR.exports.WLD._T.customs._Z.USD.level.actual`` is Korea's monthly customs exports in
dollars. Dimension values use the SCHEMA vocabularies (§3): indicator = measure id, ref_area and
counterpart_area = ISO3 or SCHEMA region, product = sector id (``_T`` = all products), and the
SDMX conventions ``_T`` (total) and ``_Z`` (not applicable).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

FREQUENCIES = {
    "D": "a run of days (e.g. the first 20 days of a month)",
    "M": "monthly",
    "Q": "quarterly",
    "A": "annual (calendar or fiscal year)",
    "YTD": "cumulative from the start of the (fiscal) year to the month given",
}
FLOW_BASES = {"customs", "bop", "national", "_Z"}
ACCOUNTING_ENTRIES = {"N": "net", "A": "assets", "L": "liabilities", "_Z": "not applicable"}
TRANSFORMS = {
    "level": "the amount (or, for rate measures, the rate itself)",
    "yoy": "percent change on the same period a year earlier",
    "pop": "percent change on the previous period",
    "share": "percent of a whole",
    "streak": "consecutive periods of the current run",
}
STATUSES = {"actual", "forecast", "target"}
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("_", text.lower()).strip("_")


@dataclass(frozen=True)
class SeriesKey:
    freq: str
    ref_area: str
    indicator: str
    counterpart_area: str = "WLD"
    product: str = "_T"
    flow_basis: str = "_Z"
    accounting_entry: str = "_Z"
    unit: str = "USD"
    transform: str = "level"
    status: str = "actual"
    provider: str = "_Z"  # the forecaster or authority, for forecasts and targets only

    DIMENSIONS = ("freq", "ref_area", "indicator", "counterpart_area", "product", "flow_basis",
                  "accounting_entry", "unit", "transform", "status")

    @property
    def series_id(self) -> str:
        parts = [getattr(self, name) for name in self.DIMENSIONS]
        out = ".".join(str(part) for part in parts)
        if self.status != "actual":
            out += f"@{self.provider}"
        return out

    def as_dict(self) -> dict:
        return asdict(self)

    def replace(self, **changes) -> "SeriesKey":
        values = self.as_dict()
        values.update(changes)
        return SeriesKey(**values)

    def describe(self) -> str:
        """A short human label: 'KOR exports to CHN, semiconductors, customs basis, USD'."""
        words = [self.ref_area, self.indicator.replace("_", " ")]
        if self.counterpart_area not in ("WLD", "_Z", "_T"):
            words.append(f"with {self.counterpart_area}")
        if self.product not in ("_T", "_Z"):
            words.append(f"[{self.product}]")
        if self.flow_basis not in ("_Z",):
            words.append(f"({self.flow_basis} basis)")
        if self.accounting_entry not in ("_Z",):
            words.append(f"({ACCOUNTING_ENTRIES.get(self.accounting_entry, self.accounting_entry)})")
        if self.transform != "level":
            words.append(self.transform)
        if self.status != "actual":
            words.append(f"{self.status} by {self.provider}")
        words.append(self.unit)
        return " ".join(words)


KEY_FIELDS = [f.name for f in fields(SeriesKey)]
