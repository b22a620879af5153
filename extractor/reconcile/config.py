"""Options of a reconciliation run and the mapping tables of ``resources/series_map.yaml``."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

MAP_PATH = Path(__file__).resolve().parents[1] / "resources" / "series_map.yaml"


@dataclass(frozen=True)
class Options:
    """Explicit options of a check.

    ``rounding``: hold claims at their stated precision (SCHEMA §7); off, only ``tolerance``.
    ``tolerance``: extra relative tolerance for every claim (0 = none).
    ``approx_tolerance``: relative width allowed by ``~`` (about, nearly, roughly).
    ``bound_slack``: how far beyond a ``>``/``<`` bound the official value may lie (relative;
    None = unbounded). ``neighbours``: look for mislabels. ``convert``: check figures in
    another currency at ECB rates. ``fx_quote_tolerance``: how far (relative) an exchange-rate
    quote may lie from the ECB reference rate of its day or period, because markets quote
    around the clock and the ECB fixes once a day (14:15 CET).
    """

    rounding: bool = True
    tolerance: float = 0.0
    approx_tolerance: float = 0.05
    bound_slack: float | None = 0.25
    neighbours: bool = True
    convert: bool = True
    max_streak: int = 240
    fx_quote_tolerance: float = 0.01


@dataclass(frozen=True)
class SeriesMap:
    source_basis: dict
    basis_measures: frozenset
    measure_neighbours: dict
    sector_neighbours: dict
    basis_neighbours: dict
    streaks: dict
    derived_levels: dict
    parts: dict
    rate_measures: frozenset
    currency_preference: tuple
    implausible_rate_tolerance: float = 0.05
    exchange_rates: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def basis_of_source(self, source: str | None, measure: str | None = None) -> str | None:
        """customs | bop for a trade flow attributed to an agency of that basis."""
        if not source or (measure is not None and measure.split(".")[0] not in self.basis_measures):
            return None
        text = source.lower()
        for basis, patterns in self.source_basis.items():
            if any(pattern in text for pattern in patterns):
                return basis
        return None

    def streak_rule(self, measure: str) -> dict:
        return self.streaks.get(measure) or self.streaks.get(measure.split(".")[0]) \
            or self.streaks["default"]

    def is_rate(self, measure: str) -> bool:
        return measure.split(".")[0] in self.rate_measures


@lru_cache(maxsize=4)
def load_series_map(path: Path = MAP_PATH) -> SeriesMap:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return SeriesMap(
        source_basis=data.get("source_basis", {}),
        basis_measures=frozenset(data.get("basis_measures", ())),
        measure_neighbours=data.get("measure_neighbours", {}),
        sector_neighbours=data.get("sector_neighbours", {}),
        basis_neighbours=data.get("basis_neighbours", {}),
        streaks=data.get("streaks", {"default": {"over": "yoy", "threshold": 0}}),
        derived_levels=data.get("derived_levels", {}),
        parts=data.get("parts", {}),
        rate_measures=frozenset(data.get("rate_measures", [])),
        currency_preference=tuple(data.get("currency_preference", [])),
        implausible_rate_tolerance=float(data.get("implausible_rate_tolerance", 0.05)),
        exchange_rates=data.get("exchange_rates", {}),
    )
