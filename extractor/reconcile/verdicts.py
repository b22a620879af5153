"""Verdicts of SCHEMA §7: a claim against the official series it names and its neighbours.

- consistent: an official value (stored, derived or converted) lies in the claim's interval
  (stated precision, qualifier);
- inconsistent: the claimed series exists and no official value fits; a likely cause is named
  where one is evident (a tenfold slip, last year's figure, a sign, another basis of change);
- mislabeled: the value fits a neighbouring series instead (current account vs trade balance,
  integrated circuits vs semiconductors, BoP vs customs basis, the adjacent month);
- unverifiable: no official series covers the claim. Forecasts and targets are held only
  against a published forecast or target.
"""
from __future__ import annotations

from dataclasses import dataclass

from .claims import Claim, attributed_basis, query_for
from .config import Options, SeriesMap
from .derive import Official, Query, Resolver
from .fmt import amount, percent
from .keys import slug
from .precision import Interval

VERDICTS = ("consistent", "inconsistent", "mislabeled", "unverifiable")
_FOLDS = {1: "tenfold", 2: "hundredfold", 3: "thousandfold"}


@dataclass
class Match:
    official: Official
    consistent: bool


class Checker:
    """Checks records against a series index; one instance per store and options."""

    def __init__(self, resolver: Resolver, series_map: SeriesMap, options: Options):
        self.resolver = resolver
        self.map = series_map
        self.options = options

    # -- public --------------------------------------------------------------------------------
    def check(self, record: dict) -> dict:
        claim = Claim.from_record(record)
        query, reason = query_for(claim, self.map)
        if query is None:
            return self._unverifiable(claim, f"Not checked: {reason}.")
        if claim.status in ("forecast", "target"):
            return self._attribution(claim, query)
        interval = claim.interval(self.options)
        primary = self._usable(self.resolver.find(query), interval)
        fit = next((o for o in primary if fits(interval, o)), None)
        if fit is not None:
            return self._verdict(claim, "consistent", fit, interval)
        neighbour = self._neighbour(claim, query, interval) if self.options.neighbours else None
        if neighbour is not None:
            reason, official = neighbour
            shown = primary[0] if primary else official
            return self._verdict(claim, "mislabeled", shown, interval, alternative=official,
                                 reason=reason)
        if primary:
            official = primary[0]
            return self._verdict(claim, "inconsistent", official, interval,
                                 cause=self._cause(claim, query, official, interval))
        return self._unverifiable(claim, "No official series in the store covers "
                                         f"{self._describe(query)}.")

    # -- forecasts and targets -----------------------------------------------------------------
    def _attribution(self, claim: Claim, query: Query) -> dict:
        interval = claim.interval(self.options)
        found = self.resolver.find(query)
        if not found and claim.status == "target":
            found = [o for o in self.resolver.find(query.but(span=_any_span(query)))]
        if claim.source:
            named = [o for o in found if _same_agency(claim.source, o)]
            if not named:
                return self._unverifiable(claim, f"No published {claim.status} by {claim.source} "
                                                 f"for {self._describe(query)} is in the store; "
                                                 f"{claim.status}s are not checked against outcomes.")
            found = named
        fit = next((o for o in found if fits(interval, o)), None)
        if fit is not None:
            return self._verdict(claim, "consistent", fit, interval)
        if found and (claim.source or claim.status == "target"):
            return self._verdict(claim, "inconsistent", found[0], interval)
        return self._unverifiable(claim, f"No matching published {claim.status} for "
                                         f"{self._describe(query)} is in the store; "
                                         f"{claim.status}s are not checked against outcomes.")

    # -- neighbours ----------------------------------------------------------------------------
    def _neighbour(self, claim: Claim, query: Query, interval: Interval) -> tuple[str, Official] | None:
        tries: list[tuple[str, Query]] = []
        for measure in self.map.measure_neighbours.get(query.indicator, []):
            tries.append((f"{measure.replace('_', ' ')} instead of {query.indicator.replace('_', ' ')}",
                          query.but(indicator=measure)))
        if query.product not in ("_T", "_Z"):
            for sector in self.map.sector_neighbours.get(query.product, []):
                tries.append((f"{sector.replace('_', ' ')} instead of {query.product.replace('_', ' ')}",
                              query.but(product=sector)))
        basis = attributed_basis(claim, self.map)
        if basis:
            for other in self.map.basis_neighbours.get(basis, []):
                tries.append((f"{other} basis instead of {basis} basis (as the source "
                              f"{claim.source} publishes)", query.but(bases=(other,))))
        if query.span.length == 1 and not query.span.is_days and query.transform != "streak":
            for step, word in ((-1, "the previous month"), (1, "the following month")):
                tries.append((f"{word} ({query.span.shift(step)}) instead of {query.span}",
                              query.but(span=query.span.shift(step))))
        for reason, neighbour in tries:
            for official in self._usable(self.resolver.find(neighbour), interval):
                if fits(interval, official):
                    return reason, official
        return None

    # -- causes --------------------------------------------------------------------------------
    def _cause(self, claim: Claim, query: Query, official: Official, interval: Interval) -> str | None:
        if claim.role in ("level", "change_abs") and claim.value:
            for power in (1, -1, 2, -2, 3, -3):
                if interval.scaled(10.0 ** power).overlaps(official.interval):
                    fold = _FOLDS[abs(power)]
                    way = "too small" if power > 0 else "too large"
                    return f"a {fold} slip (the claim is {fold} {way})"
        if claim.value and interval.scaled(-1).overlaps(official.interval):
            return "the sign is reversed (a fall read as a rise, or a deficit as a surplus)"
        if query.span and not query.span.is_days or query.span.is_days:
            last_year = query.but(span=query.span.shift(-12))
            if any(fits(interval, o) for o in self._usable(self.resolver.find(last_year), interval)):
                return f"last year's figure ({query.span.shift(-12)})"
        if query.transform in ("yoy", "pop"):
            other = "pop" if query.transform == "yoy" else "yoy"
            if any(fits(interval, o) for o in self.resolver.find(query.but(transform=other))):
                words = {"yoy": "year-on-year", "pop": "period-on-period"}
                return f"another basis: the {words[other]} change, not the {words[query.transform]} one"
        if query.bases is None:
            return None
        return None

    # -- output --------------------------------------------------------------------------------
    def _usable(self, officials: list[Official], interval: Interval) -> list[Official]:
        """Streaks counted back to the start of the stored data are lower bounds: they refute
        a shorter claim but cannot confirm a longer one."""
        out = []
        for official in officials:
            if official.lower_bound and interval.high >= official.interval.low:
                continue
            out.append(official)
        return out

    def _verdict(self, claim: Claim, verdict: str, official: Official, interval: Interval, *,
                 alternative: Official | None = None, reason: str | None = None,
                 cause: str | None = None) -> dict:
        out = _base(claim, verdict)
        difference = claim.value - official.value
        relative = difference / abs(official.value) if official.value else None
        out.update({
            "official_value": official.value, "official_unit": official.unit,
            "series_id": official.series_id, "series_label": official.label,
            "official_period": str(official.span), "source": official.agency or None,
            "source_url": official.source_url or None, "vintage": official.vintage,
            "difference": difference, "difference_relative": relative,
        })
        claimed = claim.mention or amount(claim.value, claim.unit)
        shown = amount(official.value, official.unit)
        where = f"{official.label} ({official.span})"
        if verdict == "consistent":
            text = f"{claimed} agrees with the official {where}: {shown}"
            if official.rates is not None:
                text += f", converted at {official.rates.describe()}"
            elif claim.approx:
                text += f", within the range '{claim.approx}' allows"
            else:
                text += " at the claim's stated precision"
            if official.agency:
                text += f" ({official.agency})"
        elif verdict == "inconsistent":
            text = (f"{claimed} does not match the official {where}: {shown} "
                    f"({official.agency or 'no agency given'}); the claim is off by "
                    f"{amount(difference, official.unit)} ({percent(relative)})")
            if cause:
                text += f"; likely cause: {cause}"
            out["cause"] = cause
        else:  # mislabeled
            alt = alternative
            text = (f"{claimed} matches {alt.label} ({alt.span}): {amount(alt.value, alt.unit)}, "
                    f"i.e. {reason}")
            if official is not alt:
                text += f"; the claimed series says {shown}"
            else:
                text += "; the claimed series itself is not in the store"
            out["alternative"] = {
                "series_id": alt.series_id, "series_label": alt.label,
                "official_value": alt.value, "official_unit": alt.unit,
                "official_period": str(alt.span), "source": alt.agency or None,
                "source_url": alt.source_url or None, "vintage": alt.vintage,
            }
            out["cause"] = reason
            if official is alt:
                out["difference"], out["difference_relative"] = difference, relative
        out["explanation"] = text + "."
        return out

    def _unverifiable(self, claim: Claim, explanation: str) -> dict:
        out = _base(claim, "unverifiable")
        out.update({"official_value": None, "official_unit": None, "series_id": None,
                    "series_label": None, "official_period": None, "source": None,
                    "source_url": None, "vintage": None, "difference": None,
                    "difference_relative": None, "explanation": explanation})
        return out

    def _describe(self, query: Query) -> str:
        words = [query.indicator.replace("_", " "), "of", query.ref_area]
        if query.counterpart not in ("WLD", "_Z"):
            words += ["with", query.counterpart]
        if query.product not in ("_T", "_Z"):
            words += [f"({query.product.replace('_', ' ')})"]
        if query.transform not in ("level",):
            words += [f"[{query.transform}]"]
        words += ["for", str(query.span)]
        return " ".join(words)


def fits(claim: Interval, official: Official) -> bool:
    """Does the official value round to the claim? An official value published with more or
    the same precision as the claim is held as a point; a less precise one (or a value derived
    from rounded figures) is held as the range its own rounding allows, and so is one known
    only as a range."""
    if claim.contains(official.value):
        return True
    if official.ranged:
        return claim.overlaps(official.interval)
    official_width = official.interval.high - official.interval.low
    claim_width = claim.high - claim.low
    return official_width > claim_width and claim.overlaps(official.interval)


def _base(claim: Claim, verdict: str) -> dict:
    record = claim.record
    return {"doc_id": record.get("doc_id"), "start": record.get("start"), "end": record.get("end"),
            "mention": record.get("mention"), "claimed": claim.value, "claimed_unit": claim.unit,
            "role": claim.role, "measure": claim.measure, "reporter": claim.reporter,
            "partner": claim.partner, "sector": claim.sector,
            "period": str(claim.span) if claim.span else None, "status": claim.status,
            "verdict": verdict}


def _same_agency(source: str, official: Official) -> bool:
    wanted = set(slug(source).split("_")) - {"of", "the", "and", "bank", "ministry"}
    for obs in official.inputs:
        have = set(slug(obs.agency or "").split("_")) | set(obs.key.provider.split("_"))
        if wanted and wanted <= have or slug(source) == obs.key.provider:
            return True
    return False


def _any_span(query: Query):
    from .periods import Span

    year = query.published.year if query.published else int(query.span.start[:4])
    return Span.parse(str(year))
