"""Official values for a query: observations as stored, and values derived from them.

Derivations (each names its inputs): growth from two levels, balance = exports − imports,
total = exports + imports, sums of months (year-to-date, quarters, years), shares of a whole,
differences (absolute changes, percentage-point changes), streaks counted from a series, and
currency conversion at ECB rates from the period average to the publication date.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .config import Options, SeriesMap
from .fx import RateRange, RateSource, days, rate_range
from .keys import SeriesKey
from .periods import Span
from .precision import Interval, official_interval

CURRENCY_LIKE = 3  # ISO 4217 codes are three upper-case letters


def is_currency(unit: str | None) -> bool:
    return bool(unit) and len(unit) == CURRENCY_LIKE and unit.isalpha() and unit.isupper()


@dataclass(frozen=True)
class Obs:
    """One stored observation."""

    key: SeriesKey
    series_id: str
    label: str
    span: Span
    value: float
    decimals: int | None
    unit_mult: int
    agency: str | None
    source_url: str | None
    release_date: str | None
    vintage: str | None
    note: str | None = None
    hs_code: str | None = None

    @property
    def interval(self) -> Interval:
        return official_interval(self.value, self.decimals, self.unit_mult)


@dataclass(frozen=True)
class Official:
    """An official value in the claim's terms, with the observations it came from."""

    value: float
    interval: Interval
    unit: str
    key: SeriesKey
    span: Span
    inputs: tuple[Obs, ...]
    derivation: str | None = None
    rates: RateRange | None = None
    lower_bound: bool = False  # a streak whose start lies before the stored data
    # Known only as a range (a reference rate for a quote taken at another time of day): a
    # claim fits when its own range meets it, however precise the claim is written.
    ranged: bool = False

    @property
    def series_id(self) -> str:
        if len(self.inputs) == 1 and not self.derivation:
            return self.inputs[0].series_id
        return self.key.series_id

    @property
    def label(self) -> str:
        if self.derivation:
            return self.derivation
        return self.inputs[0].label if self.inputs else self.key.describe()

    @property
    def agency(self) -> str:
        return "; ".join(dict.fromkeys(o.agency for o in self.inputs if o.agency))

    @property
    def source_url(self) -> str:
        return " ".join(dict.fromkeys(o.source_url for o in self.inputs if o.source_url))

    @property
    def vintage(self) -> str | None:
        vintages = [o.vintage for o in self.inputs if o.vintage]
        return max(vintages) if vintages else None

    @property
    def released(self) -> str | None:
        dates = [o.release_date for o in self.inputs if o.release_date]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Query:
    indicator: str
    ref_area: str
    span: Span
    counterpart: str = "WLD"
    product: str = "_T"
    transform: str = "level"
    status: str = "actual"
    unit: str | None = None  # levels: the claim's currency/unit; None: any
    bases: tuple[str, ...] | None = None  # None: any flow basis
    providers: tuple[str, ...] | None = None  # forecasts/targets: who published
    published: date | None = None
    convert: str = "fallback"  # "never" | "fallback" (no same-unit series) | "also"

    def but(self, **changes) -> "Query":
        return replace(self, **changes)


class ObservationIndex:
    """Observations grouped by what a claim can name (measure, area, partner, product,
    transform, status)."""

    def __init__(self, frame: pd.DataFrame):
        self._by_key: dict[tuple, list[Obs]] = defaultdict(list)
        for row in frame.itertuples(index=False):
            key = SeriesKey(row.freq, row.ref_area, row.indicator, row.counterpart_area,
                            row.product, row.flow_basis, row.accounting_entry, row.unit,
                            row.transform, row.status, row.provider or "_Z")
            obs = Obs(key, row.series_id, row.label, Span(row.period_start, row.period_end),
                      float(row.value), _int_or_none(row.decimals), int(row.unit_mult or 0),
                      _none(row.agency), _none(row.source_url), _none(row.release_date),
                      _none(row.vintage), _none(row.note), _none(getattr(row, "hs_code", None)))
            self._by_key[(key.indicator, key.ref_area, key.counterpart_area, key.product,
                          key.transform, key.status)].append(obs)

    def get(self, indicator: str, ref_area: str, counterpart: str, product: str,
            transform: str, status: str) -> list[Obs]:
        return self._by_key.get((indicator, ref_area, counterpart, product, transform, status), [])

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())


def _none(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def _int_or_none(value):
    value = _none(value)
    return None if value is None else int(value)


def choose_vintage(observations: list[Obs], published: date | None) -> Obs:
    """The latest release on or before the publication date; else the earliest release."""
    if published is not None:
        known = [o for o in observations if o.release_date and o.release_date <= published.isoformat()]
        if known:
            return max(known, key=lambda o: o.release_date)
        later = [o for o in observations if o.release_date]
        undated = [o for o in observations if not o.release_date]
        if undated:
            return undated[-1]
        return min(later, key=lambda o: o.release_date)
    return max(observations, key=lambda o: o.release_date or "")


class Resolver:
    """Finds official values (stored or derived) for queries."""

    def __init__(self, index: ObservationIndex, series_map: SeriesMap, rates: RateSource | None,
                 options: Options):
        self.index = index
        self.map = series_map
        self.rates = rates
        self.options = options

    # -- entry point -------------------------------------------------------------------------
    def find(self, query: Query) -> list[Official]:
        """Every official value for the query: stored observations (all vintages) first,
        then derived ones."""
        transform = query.transform
        if transform == "level":
            stored = self._levels(query, all_vintages=True)
            if not stored and query.indicator in self.map.exchange_rates.get("measures", ()):
                return self._reference_rate(query)
            return stored
        if transform in ("yoy", "pop"):
            return self._direct(query) + self._growth(query)
        if transform == "share":
            return self._direct(query) + self._share(query)
        if transform == "streak":
            direct = self._direct(query)
            return direct + ([] if direct else self._streak(query))
        if transform in ("diff_yoy", "diff_pop"):
            return self._difference(query)
        return self._direct(query)

    # -- stored --------------------------------------------------------------------------------
    def _candidates(self, query: Query, transform: str | None = None) -> list[Obs]:
        found = self.index.get(query.indicator, query.ref_area, query.counterpart, query.product,
                               transform or query.transform, query.status)
        out = []
        for obs in found:
            if query.bases is not None and obs.key.flow_basis not in query.bases \
                    and obs.key.flow_basis != "_Z":
                continue
            if query.providers is not None and obs.key.provider not in query.providers:
                continue
            out.append(obs)
        return out

    def _direct(self, query: Query, transform: str | None = None) -> list[Official]:
        out = []
        for obs in _by_vintage(self._candidates(query, transform), query.published):
            if obs.span != query.span:
                continue
            unit = "%" if (transform or query.transform) in ("yoy", "pop", "share") else obs.key.unit
            out.append(Official(obs.value, obs.interval, unit, obs.key, obs.span, (obs,)))
        return self._ordered(out)

    def _ordered(self, officials: list[Official]) -> list[Official]:
        preference = {unit: i for i, unit in enumerate(self.map.currency_preference)}
        return sorted(officials, key=lambda o: (preference.get(o.key.unit, len(preference)),
                                                 -(len(o.inputs) == 1)))

    # -- levels ----------------------------------------------------------------------------------
    def level_groups(self, query: Query, depth: int = 0) -> dict[tuple, Official]:
        """One level per series family (basis, accounting entry, unit, provider) for the
        query's span, in the unit the query asks for when possible: stored (chosen vintage),
        else summed from months, else a balance/total of two flows, else converted."""
        query = query.but(transform="level")
        groups: dict[tuple, Official] = {}
        stored: dict[tuple, list[Obs]] = defaultdict(list)
        for obs in self._candidates(query):
            if obs.span == query.span:
                stored[_family(obs.key)].append(obs)
        for family, observations in stored.items():
            obs = choose_vintage(observations, query.published)
            groups[family] = Official(obs.value, obs.interval, obs.key.unit, obs.key, obs.span, (obs,))
        for family, official in self._summed(query).items():
            groups.setdefault(family, official)
        if depth == 0:
            for family, official in self._combined(query).items():
                groups.setdefault(family, official)
        if query.unit and self.options.convert and query.convert != "never":
            same = {f: o for f, o in groups.items() if o.unit == query.unit}
            if query.convert == "also" or not same:
                for family, official in list(groups.items()):
                    if official.unit != query.unit:
                        converted = self._convert(official, query)
                        if converted is not None:
                            groups[(*family[:2], query.unit, *family[3:], "converted")] = converted
            groups = {f: o for f, o in groups.items() if o.unit == query.unit}
        return groups

    def _levels(self, query: Query, all_vintages: bool) -> list[Official]:
        out = []
        if all_vintages:
            for obs in _by_vintage(self._candidates(query), query.published):
                if obs.span == query.span and (query.unit is None or obs.key.unit == query.unit):
                    out.append(Official(obs.value, obs.interval, obs.key.unit, obs.key, obs.span, (obs,)))
        seen = {id(o.inputs[0]) for o in out}
        for official in self.level_groups(query).values():
            if len(official.inputs) == 1 and not official.derivation and id(official.inputs[0]) in seen:
                continue
            out.append(official)
        return self._ordered(out)

    def _summed(self, query: Query) -> dict[tuple, Official]:
        span = query.span
        if span.is_days or span.length < 2:
            return {}
        months = span.months
        by_family: dict[tuple, dict[str, list[Obs]]] = defaultdict(lambda: defaultdict(list))
        for obs in self._candidates(query):
            if obs.key.freq == "M" and obs.span.start in months:
                by_family[_family(obs.key)][obs.span.start].append(obs)
        out = {}
        for family, per_month in by_family.items():
            if len(per_month) != len(months):
                continue
            parts = [choose_vintage(per_month[m], query.published) for m in months]
            low = sum(p.interval.low for p in parts)
            high = sum(p.interval.high for p in parts)
            key = parts[-1].key.replace(freq="YTD" if span.year_to_date else "A" if span.length == 12 else "M")
            out[family] = Official(sum(p.value for p in parts), Interval(low, high), key.unit, key,
                                   span, tuple(parts),
                                   derivation=f"sum of {query.indicator} {months[0]}..{months[-1]}")
        return out

    def _combined(self, query: Query) -> dict[tuple, Official]:
        rule = self.map.derived_levels.get(query.indicator)
        if not rule:
            return {}
        measures = list(rule.values())
        signs = [-1.0 if name.startswith("minus") else 1.0 for name in rule]
        first = self.level_groups(query.but(indicator=measures[0], convert="never"), depth=1)
        second = self.level_groups(query.but(indicator=measures[1], convert="never"), depth=1)
        out = {}
        for family, a in first.items():
            b = second.get(family)
            if b is None:
                continue
            value = signs[0] * a.value + signs[1] * b.value
            if signs[1] < 0:
                interval = Interval(a.interval.low - b.interval.high, a.interval.high - b.interval.low)
            else:
                interval = Interval(a.interval.low + b.interval.low, a.interval.high + b.interval.high)
            op = "-" if signs[1] < 0 else "+"
            key = a.key.replace(indicator=query.indicator)
            out[family] = Official(value, interval, a.unit, key, query.span, a.inputs + b.inputs,
                                   derivation=f"{measures[0]} {op} {measures[1]} {query.span}")
        return out

    def _convert(self, official: Official, query: Query) -> Official | None:
        if self.rates is None or not is_currency(official.unit) or not is_currency(query.unit):
            return None
        rates = rate_range(self.rates, official.unit, query.unit, query.span, query.published)
        if rates is None:
            return None
        low, high = official.interval.low, official.interval.high
        values = [low * rates.low, low * rates.high, high * rates.low, high * rates.high]
        return Official(official.value * rates.average, Interval(min(values), max(values)),
                        query.unit, official.key.replace(unit=query.unit), official.span,
                        official.inputs,
                        derivation=f"{official.label} converted to {query.unit} at ECB rates",
                        rates=rates)

    def _reference_rate(self, query: Query) -> list[Official]:
        """An exchange-rate quote's official counterpart: the ECB reference rate of the day
        quoted, or the average of the daily rates over the period, in units of the claim's
        currency per unit of the counterpart's; held within ``fx_quote_tolerance``."""
        rule = self.map.exchange_rates
        quote = query.unit
        if self.rates is None or not is_currency(quote):
            return []
        base = rule.get("default_base") if query.counterpart in ("WLD", "_Z") else \
            rule.get("counterpart_currency", {}).get(query.counterpart)
        if not base or base == quote:
            return []
        daily = [self.rates.rate(base, quote, day)
                 for day in days(query.span.first_day, query.span.last_day)
                 if query.span.length == 1 and query.span.is_days or day.weekday() < 5]
        daily = [value for value in daily if value]
        if not daily:
            return []
        value = sum(daily) / len(daily)
        tolerance = self.options.fx_quote_tolerance
        freq = "D" if query.span.is_days else "M" if query.span.length == 1 else "A"
        key = SeriesKey(freq, query.ref_area, query.indicator, query.counterpart, unit=quote)
        how = "reference rate" if query.span.length == 1 and query.span.is_days else \
            f"average of {len(daily)} weekday reference rates"
        label = f"ECB {how}, {quote} per {base} (crossed through the euro)"
        obs = Obs(key, key.series_id, label, query.span, value, None, 0, rule.get("agency"),
                  rule.get("source_url"), query.span.last_day.isoformat(), None)
        return [Official(value, Interval(value * (1 - tolerance), value * (1 + tolerance)), quote,
                         key, query.span, (obs,),
                         derivation=f"{label}, ± {tolerance:.1%} for the time of day quoted",
                         ranged=True)]

    # -- growth, shares, differences -----------------------------------------------------------
    def _growth(self, query: Query) -> list[Official]:
        earlier = query.span.shift(-12) if query.transform == "yoy" else query.span.previous()
        base = query.but(transform="level", unit=None, convert="never")
        now = self.level_groups(base)
        then = self.level_groups(base.but(span=earlier))
        out = []
        for family, a in now.items():
            b = then.get(family)
            if b is None or b.value == 0 or b.interval.low * b.interval.high <= 0:
                continue
            value = (a.value / b.value - 1) * 100
            ends = [(x / y - 1) * 100 for x in (a.interval.low, a.interval.high)
                    for y in (b.interval.low, b.interval.high)]
            if b.value < 0:  # growth of a negative amount is not meaningful
                continue
            out.append(Official(value, Interval(min(ends), max(ends)), "%", a.key.replace(transform=query.transform),
                                query.span, a.inputs + b.inputs,
                                derivation=f"{query.indicator} {query.span} / {query.indicator} {earlier} - 1"))
        return self._ordered(out)

    def _share(self, query: Query) -> list[Official]:
        if query.counterpart not in ("WLD", "_Z"):
            whole = query.but(counterpart="WLD")
        elif query.product not in ("_T", "_Z"):
            whole = query.but(product="_T")
        else:
            return []
        part_levels = self.level_groups(query.but(transform="level", unit=None, convert="never"))
        whole_levels = self.level_groups(whole.but(transform="level", unit=None, convert="never"))
        out = []
        for family, a in part_levels.items():
            b = whole_levels.get(family)
            if b is None or b.value == 0 or b.interval.low <= 0:
                continue
            ends = [x / y * 100 for x in (a.interval.low, a.interval.high)
                    for y in (b.interval.low, b.interval.high)]
            what = whole.counterpart if whole.counterpart != query.counterpart else whole.product
            out.append(Official(a.value / b.value * 100, Interval(min(ends), max(ends)), "%",
                                a.key.replace(transform="share"), query.span, a.inputs + b.inputs,
                                derivation=f"{query.indicator} {query.span}: {query.counterpart}/{query.product} "
                                           f"as % of {what}"))
        return self._ordered(out)

    def _difference(self, query: Query) -> list[Official]:
        earlier = query.span.shift(-12) if query.transform == "diff_yoy" else query.span.previous()
        base = query.but(transform="level")
        now = self.level_groups(base)
        then = self.level_groups(base.but(span=earlier))
        out = []
        for family, a in now.items():
            b = then.get(family)
            if b is None:
                continue
            out.append(Official(a.value - b.value,
                                Interval(a.interval.low - b.interval.high, a.interval.high - b.interval.low),
                                a.unit, a.key, query.span, a.inputs + b.inputs,
                                derivation=f"{query.indicator} {query.span} - {query.indicator} {earlier}"))
        return self._ordered(out)

    # -- streaks ------------------------------------------------------------------------------------
    def _streak(self, query: Query) -> list[Official]:
        rule = self.map.streak_rule(query.indicator)
        threshold = float(rule.get("threshold", 0))
        on = rule.get("over", "yoy")
        span = query.span if query.span.length == 1 or query.span.is_days else \
            Span(query.span.end, query.span.end)
        series = self._streak_values(query, span, on)
        out = []
        for family, values in series.items():
            if not values or values[0][1] is None or values[0][1].value == threshold:
                continue
            side = values[0][1].value > threshold
            count, inputs, broken = 0, [], False
            for _, official in values:
                if official is None:
                    break
                if (official.value > threshold) != side or official.value == threshold:
                    broken = True
                    break
                count += 1
                inputs.extend(official.inputs)
            if count == 0:
                continue
            first = values[count - 1][0]
            word = "above" if side else "below"
            key = values[0][1].key.replace(transform="streak", unit="month")
            interval = Interval(count, count) if broken else Interval(count, math.inf)
            out.append(Official(float(count), interval, "month", key, span, tuple(inputs),
                                derivation=f"consecutive periods of {query.indicator} "
                                           f"{'yoy change ' if on == 'yoy' else ''}{word} "
                                           f"{threshold:g}, {first}..{span}",
                                lower_bound=not broken))
        return out

    def _streak_values(self, query: Query, span: Span, on: str) -> dict[tuple, list]:
        """Per series family, the values from ``span`` back in time (None where missing)."""
        series: dict[tuple, list] = defaultdict(list)
        current = span
        base = query.but(unit=None, convert="never")
        for step in range(self.options.max_streak):
            if on == "level":
                found = self.level_groups(base.but(span=current, transform="level"))
            else:
                found = {}
                for official in self.find(base.but(span=current, transform="yoy")):
                    found.setdefault(_family(official.key), official)
            if step == 0:
                families = list(found)
                if not families:
                    return {}
            for family in families:
                series[family].append((current, found.get(family)))
            if all(values[-1][1] is None for values in series.values()):
                break
            current = current.previous()
        return series


def _by_vintage(observations: list[Obs], published: date | None) -> list[Obs]:
    """Latest release known at publication first, then later releases, then the rest."""
    cutoff = published.isoformat() if published else "9999"

    def rank(obs: Obs):
        released = obs.release_date or ""
        return (0 if released <= cutoff else 1, "" if released > cutoff else _invert(released))

    return sorted(observations, key=rank)


def _invert(text: str) -> str:
    return "".join(chr(255 - ord(ch)) for ch in text)


def _family(key: SeriesKey) -> tuple:
    return (key.flow_basis, key.accounting_entry, key.unit, key.provider)
