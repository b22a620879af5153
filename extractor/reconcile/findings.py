"""Document findings (SCHEMA §7, findings.jsonl): what a document's own figures say about
each other, without official data.

- ``parts_vs_total``: parts that do not add up to their stated total;
- ``two_values``: two different values for the same measure, place and period;
- ``level_vs_change``: a change that contradicts the levels it relates;
- ``implied_rate``: an equivalent in another currency at an implausible exchange rate.
"""
from __future__ import annotations

from collections import defaultdict

from .claims import Claim
from .config import Options, SeriesMap
from .derive import is_currency
from .fmt import amount
from .fx import RateSource, rate_range
from .precision import Interval


def _mention(claim: Claim) -> dict:
    r = claim.record
    return {"start": r.get("start"), "end": r.get("end"), "mention": r.get("mention"),
            "value": claim.value, "unit": claim.unit}


def _key(claim: Claim, measure: str | None = None) -> tuple:
    return (measure or claim.measure, claim.reporter, claim.partner, claim.sector,
            str(claim.span), claim.unit, claim.status)


def document_findings(records: list[dict], series_map: SeriesMap, options: Options,
                      rates: RateSource | None = None) -> list[dict]:
    """Findings for the records of one or more documents, grouped per document."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for record in records:
        claim = Claim.from_record(record)
        if claim.value is not None and claim.span is not None and claim.measure:
            by_doc[record.get("doc_id")].append(claim)
    out = []
    for doc_id, claims in by_doc.items():
        for finding in (*_two_values(claims, options), *_parts(claims, series_map, options),
                        *_level_vs_change(claims, options),
                        *_implied_rates(claims, series_map, rates)):
            out.append({"doc_id": doc_id, **finding})
    return out


_LEVEL_AFTER_CHANGE = 80  # characters: "fell 0.8% from a year earlier to 2.17 trillion yuan"


def _terms(change: Claim, claims: list[Claim]) -> str | None:
    """The unit a growth rate is measured in, read off the level it leads to ("fell 0.8% to
    2.17 trillion yuan" is in yuan terms, "slid 2.6% to 266,400 units" in volume); None when
    no level follows it."""
    if change.role != "change_pct":
        return None
    start = change.record.get("end") or 0
    following = [c for c in claims if c.role == "level" and _key(c)[:5] == _key(change)[:5]
                 and 0 <= (c.record.get("start") or 0) - start <= _LEVEL_AFTER_CHANGE]
    return min(following, key=lambda c: c.record.get("start") or 0).unit if following else None


def _two_values(claims: list[Claim], options: Options):
    """Growth rates count as two values only when measured in the same terms: "down 1.1% in
    dollar terms" and "down 0.8% to 2.17 trillion yuan" are both right."""
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.role in ("level", "change_pct", "change_abs", "share") and not claim.converted:
            groups[(*_key(claim), claim.role, claim.basis, _terms(claim, claims))].append(claim)
    for group in groups.values():
        distinct: list[Claim] = []
        for claim in group:
            if all(not claim.interval(options).overlaps(other.interval(options)) for other in distinct):
                distinct.append(claim)
        if len(distinct) > 1:
            first = distinct[0]
            values = ", ".join(c.mention or amount(c.value, c.unit) for c in distinct)
            yield {"kind": "two_values", "mentions": [_mention(c) for c in distinct],
                   "measure": first.measure, "period": str(first.span),
                   "explanation": f"The document gives {len(distinct)} different values for "
                                  f"{first.measure} of {first.reporter} in {first.span}: {values}."}


def _parts(claims: list[Claim], series_map: SeriesMap, options: Options):
    levels = [c for c in claims if c.role == "level" and not c.converted]
    for total in levels:
        names = series_map.parts.get(total.measure)
        if not names:
            continue
        parts = []
        for name in names:
            found = [c for c in levels if _key(c) == _key(total, name)]
            if not found:
                break
            parts.append(found[0])
        else:
            low = sum(p.interval(options).low for p in parts)
            high = sum(p.interval(options).high for p in parts)
            if not Interval(low, high).overlaps(total.interval(options)):
                listed = " + ".join(p.mention or amount(p.value, p.unit) for p in parts)
                yield {"kind": "parts_vs_total", "mentions": [_mention(total), *map(_mention, parts)],
                       "measure": total.measure, "period": str(total.span),
                       "explanation": f"The parts of {total.measure} ({listed} = "
                                      f"{amount(sum(p.value for p in parts), total.unit)}) do not add "
                                      f"up to the stated total {total.mention}."}


def _level_vs_change(claims: list[Claim], options: Options):
    levels = [c for c in claims if c.role == "level" and not c.converted]
    for change in claims:
        if change.role not in ("change_pct", "change_abs") or change.basis not in ("yoy", "pop"):
            continue
        earlier = change.span.shift(-12) if change.basis == "yoy" else change.span.previous()
        now = [c for c in levels if _key(c)[:5] == _key(change)[:5]]
        then = [c for c in levels if (c.measure, c.reporter, c.partner, c.sector, str(c.span)) ==
                (change.measure, change.reporter, change.partner, change.sector, str(earlier))]
        for a in now:
            for b in then:
                if a.unit != b.unit or not b.value:
                    continue
                ia, ib = a.interval(options), b.interval(options)
                if change.role == "change_pct":
                    if ib.low <= 0:
                        continue
                    ends = [(x / y - 1) * 100 for x in (ia.low, ia.high) for y in (ib.low, ib.high)]
                    implied, unit = (a.value / b.value - 1) * 100, "%"
                else:
                    if change.unit != a.unit:
                        continue
                    ends = [ia.low - ib.high, ia.high - ib.low]
                    implied, unit = a.value - b.value, a.unit
                if not Interval(min(ends), max(ends)).overlaps(change.interval(options)):
                    yield {"kind": "level_vs_change",
                           "mentions": [_mention(change), _mention(a), _mention(b)],
                           "measure": change.measure, "period": str(change.span),
                           "explanation": f"{a.mention} against {b.mention} is a change of "
                                          f"{amount(implied, unit)}, not {change.mention}."}


def _implied_rates(claims: list[Claim], series_map: SeriesMap, rates: RateSource | None):
    if rates is None:
        return
    originals = [c for c in claims if c.role == "level" and not c.converted and is_currency(c.unit)]
    for converted in claims:
        if not converted.converted or not is_currency(converted.unit) or not converted.value:
            continue
        for original in originals:
            if original.unit == converted.unit or _key(original)[:5] != _key(converted)[:5]:
                continue
            implied = original.value / converted.value
            found = rate_range(rates, converted.unit, original.unit, converted.span, converted.published)
            if found is None or implied <= 0:
                continue
            tolerance = series_map.implausible_rate_tolerance
            if found.low * (1 - tolerance) <= implied <= found.high * (1 + tolerance):
                continue
            yield {"kind": "implied_rate", "mentions": [_mention(original), _mention(converted)],
                   "measure": converted.measure, "period": str(converted.span),
                   "implied_rate": implied,
                   "explanation": f"{original.mention} as {converted.mention} implies "
                                  f"{implied:.4g} {original.unit} per {converted.unit}; "
                                  f"ECB rates were {found.low:.4g} to {found.high:.4g} "
                                  f"({found.first} to {found.last})."}
            break
