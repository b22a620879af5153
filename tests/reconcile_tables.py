"""Small series tables and records for the reconcile tests (all numbers invented)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from extractor.reconcile import Options, Reconciler
from extractor.reconcile.importer import read_series_file

HEADER = ("freq,ref_area,indicator,counterpart_area,product,flow_basis,accounting_entry,"
          "transform,status,unit,unit_mult,period,value,agency,source_url,release_date,label")
URL = "https://example.org/release"


def row(freq="M", area="XKR", indicator="exports", partner="", product="", basis="customs",
        entry="", transform="level", status="actual", unit="USD", mult=9, period="2025-11",
        value="10.0", agency="Customs Office", release="2025-12-01", label="") -> str:
    return ",".join([freq, area, indicator, partner, product, basis, entry, transform, status,
                     unit, str(mult), period, str(value), agency, URL, release, label])


def frame(tmp_path: Path, rows: list[str], name: str = "series.csv") -> pd.DataFrame:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return read_series_file(path)


def record(**fields) -> dict:
    base = {"doc_id": "d", "start": 0, "end": 5, "mention": None, "value": None, "unit": "USD",
            "role": "level", "measure": "exports", "reporter": "XKR", "partner": None,
            "sector": None, "period_start": "2025-11", "period_end": "2025-11", "basis": None,
            "approx": None, "status": "actual", "converted": False, "source": None,
            "published": "2025-12-15"}
    base.update(fields)
    return base


class FixedRates:
    """A RateSource with one constant rate per pair (and its inverse)."""

    def __init__(self, rates: dict[tuple[str, str], float]):
        self.rates = dict(rates)
        for (base, quote), value in rates.items():
            self.rates.setdefault((quote, base), 1 / value)

    def rate(self, base: str, quote: str, day: date) -> float | None:
        if base == quote:
            return 1.0
        return self.rates.get((base, quote))


def reconciler(data: pd.DataFrame, rates=None, **options) -> Reconciler:
    return Reconciler(data, Options(**options), rates=rates or False)
