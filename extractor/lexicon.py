"""Load the rule tables in ``extractor/resources`` (YAML) into one immutable ``Lexicon``.

Every word list the pipeline uses lives in those files; this module only reads and indexes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
import yaml

RESOURCES_DIR = Path(__file__).parent / "resources"


def _load(directory: Path, name: str) -> dict:
    path = directory / name
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class MeasureInfo:
    id: str
    rate: bool = False
    share: bool = False
    bop_flow: bool = False
    balance: bool = False
    change_basis: str | None = None
    stated_period_only: bool = False


@dataclass(frozen=True)
class Lexicon:
    """All rule tables, indexed for lookup. Build with :func:`load_lexicon`."""

    currency_prefixes: dict[str, str]
    currency_words: dict[str, str]
    currency_prefixes_any_case: tuple[str, ...]  # prefixes matched in any letter case
    currency_ascii_signs: dict[str, str]  # "PS" (an ASCII "£") -> GBP
    currency_code_scales: dict[str, float]  # "M" of "MUSD" -> 1e6
    minor_units: dict[str, float]  # "cents" -> 0.01
    currency_suffix_symbols: dict[str, str]
    currency_symbol_by_reporter: dict[str, dict[str, str]]
    scales: dict[str, float]
    short_scales: frozenset[str]
    percent_words: dict[str, str]
    period_units: dict[str, str]
    streak_cues: tuple[str, ...]
    streak_suffix_cues: tuple[str, ...]
    physical_units: dict[str, str]
    fx_base_currencies: dict[str, str]
    number_words: dict[str, float]
    measures: dict[str, MeasureInfo]
    measure_cues: dict[str, str]  # phrase (lower) -> measure id
    measure_weak_cues: dict[str, str]
    negative_measure_cues: frozenset[str]
    generic_measure_cues: frozenset[str]
    variants: dict[str, dict]
    sector_cues: dict[str, str]
    country_names: dict[str, str]  # case-sensitive phrase -> ISO3 / region code
    world_words: frozenset[str]
    non_reporter_heads: frozenset[str]
    hedge_words: frozenset[str]
    people_nouns: frozenset[str]  # "Mexicans": a country's people, never a counterpart
    partner_role_nouns: frozenset[str]  # "the largest buyer": a counterpart, not a reporter
    currency_economy: dict[str, str]
    fiscal_years: dict[str, dict]
    direction_up: frozenset[str]
    direction_down: frozenset[str]
    approx_before: dict[str, str]  # phrase -> symbol
    approx_after: dict[str, str]
    basis_cues: dict[str, str]  # phrase -> yoy | pop
    share_cues: tuple[str, ...]
    share_after_cues: tuple[str, ...]
    status_cues: dict[str, str]  # phrase -> forecast | target
    status_negations: tuple[str, ...]
    consensus_cues: frozenset[str]
    exchange_rate_links: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    clause_breaks_after_figure: tuple[str, ...]
    comparison_before: tuple[str, ...]
    gdp_quarterly_headline_qoq: frozenset[str]
    sources: dict[str, str]  # alias (case-sensitive) -> normalized name
    news_outlets: frozenset[str]
    organisation_words: frozenset[str]
    organisation_descriptors: tuple[str, ...]
    before_source: tuple[str, ...]
    after_source: tuple[str, ...]
    generic_source_references: dict[str, str]
    unnamed_sources: tuple[str, ...]
    central_banks: dict[str, str]
    statistics_offices: dict[str, str]
    months: dict[str, int]
    ordinals: dict[str, int]
    relative_periods: dict[str, dict]
    weekdays: tuple[str, ...]
    daily_measures: frozenset[str]
    furniture_patterns: tuple[str, ...]


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    """{id: [phrase, ...]} -> {phrase: id}; earlier ids keep a phrase listed twice."""
    out: dict[str, str] = {}
    for key, phrases in table.items():
        for phrase in phrases or []:
            out.setdefault(str(phrase), str(key))
    return out


def _country_names(geo: dict) -> dict[str, str]:
    names: dict[str, str] = {}
    for table in ("aliases", "regions", "groupings", "people"):
        for code, phrases in geo[table].items():
            for phrase in phrases:
                names[phrase] = code
    # pycountry adds every official and common name; the hand-written aliases above win.
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                names.setdefault(name, country.alpha_3)
    return names


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = RESOURCES_DIR) -> Lexicon:
    """Read every resource file once per directory."""
    units = _load(directory, "units.yaml")
    measures_doc = _load(directory, "measures.yaml")
    sectors = _load(directory, "sectors.yaml")
    geo = _load(directory, "geo.yaml")
    cues = _load(directory, "cues.yaml")
    sources = _load(directory, "sources.yaml")
    periods = _load(directory, "periods.yaml")
    furniture = _load(directory, "furniture.yaml")

    measures: dict[str, MeasureInfo] = {}
    measure_cues: dict[str, str] = {}
    weak_cues: dict[str, str] = {}
    negative: set[str] = set()
    generic: set[str] = set()
    for measure_id, spec in measures_doc["measures"].items():
        measures[measure_id] = MeasureInfo(
            measure_id,
            rate=bool(spec.get("rate")),
            share=bool(spec.get("share")),
            bop_flow=bool(spec.get("bop_flow")),
            balance=bool(spec.get("balance")),
            change_basis=spec.get("change_basis"),
            stated_period_only=bool(spec.get("stated_period_only")),
        )
        for phrase in spec.get("cues") or []:
            measure_cues.setdefault(phrase.lower(), measure_id)
        for phrase in spec.get("weak_cues") or []:
            weak_cues.setdefault(phrase.lower(), measure_id)
        negative.update(p.lower() for p in spec.get("negative_cues") or [])
        generic.update(p.lower() for p in spec.get("generic_cues") or [])

    approx_before = {p.lower(): sym for p, sym in _invert(cues["approx"]).items()}
    approx_after = {p.lower(): sym for p, sym in _invert(cues["approx_after"]).items()}
    return Lexicon(
        currency_prefixes=dict(units["currency_prefixes"]),
        currency_words=dict(units["currency_words"]),
        currency_prefixes_any_case=tuple(units["currency_prefixes_any_case"]),
        currency_ascii_signs=dict(units["currency_ascii_signs"]),
        currency_code_scales={str(k): float(v) for k, v in units["currency_code_scales"].items()},
        minor_units={str(k): float(v) for k, v in units["minor_units"].items()},
        currency_suffix_symbols=dict(units["currency_suffix_symbols"]),
        currency_symbol_by_reporter=dict(units["currency_symbol_by_reporter"]),
        scales={str(k).lower(): float(v) for k, v in units["scales"].items()},
        short_scales=frozenset(units["short_scales"]),
        percent_words=dict(units["percent_words"]),
        period_units=dict(units["period_units"]),
        streak_cues=tuple(units["streak_cues"]),
        streak_suffix_cues=tuple(units["streak_suffix_cues"]),
        physical_units=dict(units["physical_units"]),
        fx_base_currencies=dict(units["fx_base_currencies"]),
        number_words={k: float(v) for k, v in units["number_words"].items()},
        measures=measures,
        measure_cues=measure_cues,
        measure_weak_cues=weak_cues,
        negative_measure_cues=frozenset(negative),
        generic_measure_cues=frozenset(generic),
        variants=dict(measures_doc["variants"]),
        sector_cues={k.lower(): v for k, v in _invert(sectors["sectors"]).items()},
        country_names=_country_names(geo),
        world_words=frozenset(geo["world_words"]),
        non_reporter_heads=frozenset(geo["non_reporter_heads"]),
        hedge_words=frozenset(geo["hedge_words"]),
        people_nouns=frozenset(noun for nouns in geo["people"].values() for noun in nouns),
        partner_role_nouns=frozenset(geo["partner_role_nouns"]),
        currency_economy=dict(geo["currency_economy"]),
        fiscal_years=dict(geo["fiscal_years"]),
        direction_up=frozenset(w.lower() for w in cues["direction"]["up"]),
        direction_down=frozenset(w.lower() for w in cues["direction"]["down"]),
        approx_before=approx_before,
        approx_after=approx_after,
        basis_cues={k.lower(): v for k, v in _invert(cues["basis"]).items()},
        share_cues=tuple(p.lower() for p in cues["share"]),
        share_after_cues=tuple(p.lower() for p in cues["share_after"]),
        status_cues={k.lower(): v for k, v in _invert(cues["status"]).items()},
        status_negations=tuple(p.lower() for p in cues["status_negations"]),
        consensus_cues=frozenset(p.lower() for p in cues["consensus"]),
        exchange_rate_links=tuple(cues["exchange_rate_links"]),
        clause_breaks=tuple(cues["clause_breaks"]),
        clause_breaks_after_figure=tuple(cues["clause_breaks_after_figure"]),
        comparison_before=tuple(p.lower() for p in cues["comparison_before"]),
        gdp_quarterly_headline_qoq=frozenset(geo["gdp_quarterly_headline_qoq"]),
        sources=_invert(sources["sources"]),
        news_outlets=frozenset(sources["news_outlets"]),
        organisation_words=frozenset(sources["organisation_words"]),
        organisation_descriptors=tuple(p.lower() for p in sources["organisation_descriptors"]),
        before_source=tuple(p.lower() for p in sources["before_source"]),
        after_source=tuple(p.lower() for p in sources["after_source"]),
        generic_source_references={k.lower(): v for k, v in sources["generic_references"].items()},
        unnamed_sources=tuple(p.lower() for p in sources["unnamed_sources"]),
        central_banks=dict(sources["central_banks"]),
        statistics_offices=dict(sources["statistics_offices"]),
        months={name: int(num) for num, names in periods["months"].items() for name in names},
        ordinals={str(k): int(v) for k, v in periods["ordinals"].items()},
        relative_periods={k.lower(): v for k, v in periods["relative"].items()},
        weekdays=tuple(periods["weekdays"]),
        daily_measures=frozenset(periods["daily_measures"]),
        furniture_patterns=tuple(furniture["line_patterns"]),
    )
