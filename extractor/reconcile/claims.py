"""A record (SCHEMA §2) read as a claim to check, and the query for its official series."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .config import Options, SeriesMap
from .derive import Query, is_currency
from .keys import slug
from .periods import Span, published_date
from .precision import Interval, claim_interval


def _clean(value):
    if value is None:
        return None
    try:
        if value is getattr(__import__("pandas"), "NA") or (isinstance(value, float) and math.isnan(value)):
            return None
    except TypeError:
        pass
    return value


@dataclass(frozen=True)
class Claim:
    record: dict
    value: float | None
    unit: str | None
    role: str | None
    measure: str | None
    reporter: str | None
    partner: str | None
    sector: str | None
    span: Span | None
    basis: str | None
    approx: str | None
    status: str
    converted: bool
    source: str | None
    published: date | None
    mention: str | None

    @classmethod
    def from_record(cls, record: dict) -> "Claim":
        get = lambda name: _clean(record.get(name))  # noqa: E731
        value = get("value")
        return cls(
            record=record, value=None if value is None else float(value), unit=get("unit"),
            role=get("role"), measure=get("measure"), reporter=get("reporter"),
            partner=get("partner"), sector=get("sector"), span=Span.of_record(
                {"period_start": get("period_start"), "period_end": get("period_end")}),
            basis=get("basis"), approx=get("approx"), status=get("status") or "actual",
            converted=bool(get("converted")), source=get("source"),
            published=published_date(get("published")), mention=get("mention"))

    def interval(self, options: Options) -> Interval:
        return claim_interval(self.value, self.mention, self.approx, self.unit, self.role,
                              approx_tolerance=options.approx_tolerance,
                              bound_slack=options.bound_slack, rounding=options.rounding,
                              tolerance=options.tolerance)

    @property
    def source_slug(self) -> str | None:
        return slug(self.source) if self.source else None


TRANSFORM_OF_ROLE = {"level": "level", "share": "share", "streak": "streak"}


def query_for(claim: Claim, series_map: SeriesMap) -> tuple[Query | None, str | None]:
    """The query for the claimed series, or None and the reason it cannot be checked."""
    if claim.value is None:
        return None, "the figure has no value"
    if not claim.measure or not claim.reporter:
        return None, "the figure names no measure or no economy"
    span = claim.span
    if span is None:
        if claim.status == "target" and claim.published:
            span = Span.parse(str(claim.published.year))
        else:
            return None, "the figure's period is not known"
    role = claim.role
    if role in TRANSFORM_OF_ROLE:
        transform = TRANSFORM_OF_ROLE[role]
    elif role == "change_pct":
        if claim.basis == "value":
            return None, "a change against an explicit earlier figure is checked through that figure"
        transform = "pop" if claim.basis == "pop" else "yoy"
    elif role in ("change_abs", "change_pp"):
        transform = "diff_yoy" if claim.basis == "yoy" else "diff_pop"
    else:
        return None, f"role {role!r} is not checked"
    unit = claim.unit if role in ("level", "change_abs", "change_pp") else None
    if role == "change_pp":
        unit = "%"
    basis = series_map.basis_of_source(claim.source, claim.measure)
    query = Query(indicator=claim.measure, ref_area=claim.reporter, span=span,
                  counterpart=claim.partner or "WLD", product=claim.sector or "_T",
                  transform=transform, status=claim.status, unit=unit,
                  bases=(basis,) if basis and claim.status == "actual" else None,
                  published=claim.published,
                  convert="also" if claim.converted else "fallback")
    return query, None


def attributed_basis(claim: Claim, series_map: SeriesMap) -> str | None:
    return series_map.basis_of_source(claim.source, claim.measure) if claim.status == "actual" else None


def currency_unit(unit: str | None) -> bool:
    return is_currency(unit)
