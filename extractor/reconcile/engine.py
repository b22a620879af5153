"""Reconciliation of records against a series store: verdicts and document findings."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .config import Options, SeriesMap, load_series_map
from .derive import ObservationIndex, Resolver
from .findings import document_findings
from .fx import RateSource, ecb_rates
from .store import SeriesStore
from .verdicts import Checker

VERDICT_FIELDS = [
    "doc_id", "start", "end", "mention", "claimed", "claimed_unit", "role", "measure",
    "reporter", "partner", "sector", "period", "status", "verdict", "official_value",
    "official_unit", "series_id", "series_label", "official_period", "source", "source_url",
    "vintage", "difference", "difference_relative", "cause", "explanation", "alternative",
]


class Reconciler:
    """Checks records against the observations of a store (read once, as pandas)."""

    def __init__(self, store: SeriesStore | pd.DataFrame | None = None,
                 options: Options | None = None, rates: RateSource | None | bool = True,
                 series_map: SeriesMap | None = None):
        if store is None:
            store = SeriesStore.memory()
        frame = store if isinstance(store, pd.DataFrame) else store.frame()
        self.options = options or Options()
        self.map = series_map or load_series_map()
        if rates is True:
            rates = _default_rates() if self.options.convert else None
        self.rates = rates or None
        self.index = ObservationIndex(frame)
        self.checker = Checker(Resolver(self.index, self.map, self.rates, self.options),
                               self.map, self.options)

    def check(self, record: dict) -> dict:
        verdict = self.checker.check(record)
        return {name: verdict.get(name) for name in VERDICT_FIELDS}

    def check_all(self, records: Iterable[dict]) -> list[dict]:
        return [self.check(record) for record in records]

    def findings(self, records: Iterable[dict]) -> list[dict]:
        return document_findings(list(records), self.map, self.options, self.rates)


def _default_rates():
    try:
        return ecb_rates()
    except ImportError:
        return None


def check_records(records: Iterable[dict], store: SeriesStore | pd.DataFrame | None = None,
                  options: Options | None = None) -> list[dict]:
    """Verdicts (SCHEMA §7) for records (SCHEMA §2 dicts)."""
    return Reconciler(store, options).check_all(records)


def check_frame(records: pd.DataFrame, store: SeriesStore | pd.DataFrame | None = None,
                options: Options | None = None) -> pd.DataFrame:
    """Verdicts for a DataFrame of records (as ``extract_frame`` returns): one row per record,
    in the same order."""
    rows = records.astype(object).where(records.notna(), None).to_dict("records")
    verdicts = check_records(rows, store, options)
    return pd.DataFrame(verdicts, columns=VERDICT_FIELDS, index=records.index)
