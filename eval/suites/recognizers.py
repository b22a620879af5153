"""``python -m eval recognizers``: Microsoft Recognizers-Text English specs.

- CurrencyModel: value+unit (and value) F1 of our money records;
- PercentModel, NumberModel, NumberRangeModel: value F1 (ranges as (low, high) pairs, an open
  end for "more than 20" / "under 170");
- DateTimeModel ``date`` and ``daterange`` results: our period grammar
  (``extractor.context.periods.PeriodFinder`` + ``resolve``), anchored on each case's
  ReferenceDateTime as the publication date, must resolve the same span of days (exact-match
  rate; months become their first to last day, Recognizers' exclusive range ends lose a day).

Cases marked NotSupported for python or dotnet are scored too; their number is reported and
the figures are also given without them.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import yaml

from .common import SUITES_DIR, external_path, make_table, pct
from .newsquant_run import SuiteResult
from ..score import Counts

UNITS_FILE = SUITES_DIR / "recognizers_units.yaml"
MODEL_FILES = {
    "currency": ("NumberWithUnit", "English", "CurrencyModel.json"),
    "percent": ("Number", "English", "PercentModel.json"),
    "number": ("Number", "English", "NumberModel.json"),
    "numberrange": ("Number", "English", "NumberRangeModel.json"),
    "datetime": ("DateTime", "English", "DateTimeModel.json"),
}
DATE_TYPES = ("datetimeV2.date", "datetimeV2.daterange")


def load_cases(model: str, limit: int | None = None) -> list[dict]:
    import json

    path = external_path("recognizers-text", *MODEL_FILES[model])
    with path.open(encoding="utf-8-sig") as handle:
        cases = json.load(handle)
    return cases[:limit] if limit else cases


def unsupported_here(case: dict) -> bool:
    """Marked NotSupported for the Python port or .NET (the reference implementation)."""
    names = {n.strip().lower() for n in str(case.get("NotSupported") or "").split(",")}
    return bool(names & {"python", "dotnet"})


def counts_row(counts: Counts) -> list:
    """P, R, F1 in percent, then the counts behind them."""
    return [pct(counts.precision), pct(counts.recall), pct(counts.f1), counts.tp,
            counts.predicted, counts.gold]


@dataclass
class ModelScore:
    name: str
    cases: int = 0
    unsupported: int = 0
    scores: dict[str, Counts] = field(default_factory=dict)  # metric -> counts (all cases)
    supported: dict[str, Counts] = field(default_factory=dict)  # without NotSupported cases
    errors: list[str] = field(default_factory=list)

    def add(self, metric: str, tp: int, predicted: int, gold: int, unsupported: bool) -> None:
        for bucket in ([self.scores] if unsupported else [self.scores, self.supported]):
            c = bucket.setdefault(metric, Counts())
            c.tp += tp
            c.predicted += predicted
            c.gold += gold


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)


def _one_to_one(gold: list, predicted: list, same) -> int:
    free = list(range(len(predicted)))
    hits = 0
    for g in gold:
        for k in free:
            if same(g, predicted[k]):
                free.remove(k)
                hits += 1
                break
    return hits


class _Ours:
    def __init__(self):
        from extractor import Document

        from .common import figures_and_records, quantities_extractor

        self.extractor = quantities_extractor()
        self.document = Document
        self.pairs = figures_and_records

    def records(self, text: str):
        return self.pairs(self.extractor, self.document("case", text))


def _signed_values(fig, record) -> list[float]:
    value, high = record["value"], record.get("value_high")
    if not getattr(fig, "signed", False):
        value, high = abs(value), (abs(high) if high is not None else None)
    return [value] if high is None else [value, high]


def _score_currency(ours: _Ours, cases: list[dict], units: dict[str, str]) -> ModelScore:
    score = ModelScore("CurrencyModel (value+unit)")
    money_units = set(units.values())
    for case in cases:
        text = case["Input"]
        gold = []
        for r in case["Results"]:
            res = r.get("Resolution") or {}
            if res.get("value") in (None, ""):
                continue
            unit = res.get("unit", "")
            gold.append((float(res["value"]), units.get(unit, unit.lower())))
        pred = []
        for fig, record in ours.records(text):
            unit = record["unit"].partition(" per ")[0]  # "12-cent-a-share" is 12 cents
            if len(unit) == 3 and unit.isupper() or unit in money_units:
                pred += [(v, unit) for v in _signed_values(fig, record)]
        unsupported = unsupported_here(case)
        score.cases += 1
        score.unsupported += unsupported
        tp_vu = _one_to_one(gold, pred, lambda g, p: _close(g[0], p[0]) and g[1] == p[1])
        tp_v = _one_to_one(gold, pred, lambda g, p: _close(g[0], p[0]))
        score.add("value+unit", tp_vu, len(pred), len(gold), unsupported)
        score.add("value", tp_v, len(pred), len(gold), unsupported)
        if tp_vu < max(len(gold), len(pred)):
            score.errors.append(f"{text!r}: gold {gold}, ours {pred}")
    return score


def _score_values(ours: _Ours, cases: list[dict], name: str, keep) -> ModelScore:
    score = ModelScore(name)
    for case in cases:
        text = case["Input"]
        gold = []
        for r in case["Results"]:
            value = str((r.get("Resolution") or {}).get("value", "")).rstrip("%").replace(",", "")
            try:
                gold.append(float(value))
            except ValueError:
                continue
        pred = [v for fig, record in ours.records(text) if keep(record)
                for v in _signed_values(fig, record)]
        unsupported = unsupported_here(case)
        score.cases += 1
        score.unsupported += unsupported
        tp = _one_to_one(gold, pred, _close)
        score.add("value", tp, len(pred), len(gold), unsupported)
        if tp < max(len(gold), len(pred)):
            score.errors.append(f"{text!r}: gold {gold}, ours {pred}")
    return score


_RANGE = re.compile(r"^[\[(]\s*([^,]*)\s*,\s*([^\])]*)\s*[\])]$")


def _score_ranges(ours: _Ours, cases: list[dict]) -> ModelScore:
    score = ModelScore("NumberRangeModel (value)")
    for case in cases:
        gold = []
        for r in case["Results"]:
            m = _RANGE.match(str((r.get("Resolution") or {}).get("value", "")))
            if m:
                low, high = (float(x) if x.strip() else None for x in m.groups())
                gold.append((low, high))
        pred = []
        for fig, record in ours.records(case["Input"]):
            values = _signed_values(fig, record)
            approx = record.get("approx")
            if len(values) == 2:
                pred.append((values[0], values[1]))
            elif approx in (">", ">="):
                pred.append((values[0], None))
            elif approx in ("<", "<="):
                pred.append((None, values[0]))
        unsupported = unsupported_here(case)
        score.cases += 1
        score.unsupported += unsupported
        tp = _one_to_one(gold, pred, lambda g, p: _close(g[0], p[0]) and _close(g[1], p[1]))
        score.add("value", tp, len(pred), len(gold), unsupported)
        if tp < max(len(gold), len(pred)):
            score.errors.append(f"{case['Input']!r}: gold {gold}, ours {pred}")
    return score


# -- dates ------------------------------------------------------------------------------------
def _day_span(start: str, end: str) -> tuple[str, str]:
    """A resolved period as first and last day."""
    if len(start) == 7:
        start += "-01"
    if len(end) == 7:
        y, m = int(end[:4]), int(end[5:7])
        end = f"{end}-{calendar.monthrange(y, m)[1]:02d}"
    return start, end


def _gold_spans(resolution: dict, kind: str) -> list[tuple[str, str]]:
    spans = []
    for v in resolution.get("values") or []:
        if kind == "datetimeV2.date" and v.get("value"):
            spans.append((v["value"][:10], v["value"][:10]))
        elif v.get("start") and v.get("end"):
            end = date.fromisoformat(v["end"][:10]) - timedelta(days=1)  # exclusive end
            spans.append((v["start"][:10], end.isoformat()))
    return spans


def _reference(case: dict):
    from extractor.document import Published

    ref = (case.get("Context") or {}).get("ReferenceDateTime")
    if not ref:
        return None
    return Published.parse(ref[:10])


@dataclass
class DateScore:
    total: int = 0
    found: int = 0
    exact: int = 0
    unscorable: int = 0
    by_type: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def count(self, kind: str, found: bool, exact: bool) -> None:
        self.total += 1
        self.found += found
        self.exact += exact
        t = self.by_type.setdefault(kind, [0, 0, 0])
        t[0] += 1
        t[1] += found
        t[2] += exact


def _score_dates(cases: list[dict]) -> tuple[DateScore, DateScore]:
    from extractor.context.periods import PeriodFinder, resolve
    from extractor.lexicon import RESOURCES_DIR, load_lexicon

    finder = PeriodFinder(load_lexicon(RESOURCES_DIR))
    everything, supported = DateScore(), DateScore()
    for case in cases:
        results = [r for r in case.get("Results") or []
                   if (r.get("TypeName") or r.get("Typename")) in DATE_TYPES]
        if not results:
            continue
        published = _reference(case)
        text = case["Input"]
        mentions = finder.find(text)
        for r in results:
            kind = r.get("TypeName") or r.get("Typename")
            spans = _gold_spans(r.get("Resolution") or {}, kind)
            targets = [everything] + ([] if unsupported_here(case) else [supported])
            if not spans or published is None:
                for t in targets:
                    t.unscorable += 1
                continue
            start, end = int(r["Start"]), int(r["End"]) + 1
            overlapping = [m for m in mentions if m.start < end and start < m.end]
            resolved = []
            for m in overlapping:
                period = resolve(m, published, None)
                if period is not None:
                    resolved.append(_day_span(period.start, period.end))
            exact = any(span in spans for span in resolved)
            for t in targets:
                t.count(kind, bool(overlapping), exact)
            if not exact:
                everything.errors.append(
                    f"{text!r} [{r.get('Text')}] ref {published}: gold {spans[:2]}, "
                    f"ours {resolved or [m.text for m in overlapping] or 'not found'}")
    return everything, supported


# -- the command --------------------------------------------------------------------------------
def run_recognizers(limit: int | None = None, show_errors: bool = False) -> SuiteResult:
    with UNITS_FILE.open(encoding="utf-8") as handle:
        units = yaml.safe_load(handle)["currency"]
    cases = {model: load_cases(model, limit) for model in MODEL_FILES}  # absent data: skip first
    ours = _Ours()
    models = [
        _score_currency(ours, cases["currency"], units),
        _score_values(ours, cases["percent"], "PercentModel (value)", lambda r: r["unit"] == "%"),
        _score_values(ours, cases["number"], "NumberModel (value)", lambda r: True),
        _score_ranges(ours, cases["numberrange"]),
    ]
    result = SuiteResult()
    rows = []
    figures: dict = {"suite": "recognizers"}
    for model in models:
        for metric, counts in model.scores.items():
            sup = model.supported.get(metric, Counts())
            rows.append([model.name, metric, model.cases, model.unsupported, *counts_row(counts),
                         pct(sup.f1) if sup.gold or sup.predicted else None])
            figures[f"{model.name.split()[0]}.{metric}.f1"] = round(100 * counts.f1, 1)
            figures[f"{model.name.split()[0]}.{metric}.f1_supported"] = round(100 * sup.f1, 1)
    result.blocks.append(make_table(
        "Recognizers-Text English specs: our records, one-to-one per case",
        ["model", "metric", "cases", "NotSupported py/.NET", "P", "R", "F1", "right", "predicted",
         "gold", "F1 without NotSupported"], rows))

    dates, dates_supported = _score_dates(cases["datetime"])
    date_rows = []
    for label, d in (("all cases", dates), ("without NotSupported py/.NET", dates_supported)):
        for kind, (total, found, exact) in sorted(d.by_type.items()):
            date_rows.append([label, kind.split(".")[-1], total, pct(found / total if total else 0),
                              pct(exact / total if total else 0)])
        date_rows.append([label, "date + daterange", d.total,
                          pct(d.found / d.total if d.total else 0),
                          pct(d.exact / d.total if d.total else 0)])
    result.blocks.append(make_table(
        "DateTimeModel date/daterange: our period resolution against each case's "
        "ReferenceDateTime (exact span of days)",
        ["cases", "type", "results", "found %", "exact span %"], date_rows))
    result.blocks.append(f"Date results without a resolvable span or reference date (not "
                         f"scored): {dates.unscorable}")
    figures["dates.exact_rate"] = pct(dates.exact / dates.total if dates.total else 0)
    figures["dates.found_rate"] = pct(dates.found / dates.total if dates.total else 0)
    figures["dates.results"] = dates.total
    figures["dates.exact_rate_supported"] = pct(
        dates_supported.exact / dates_supported.total if dates_supported.total else 0)
    if show_errors:
        for model in models:
            result.blocks.append(f"{model.name} errors:\n  " + "\n  ".join(model.errors))
        result.blocks.append("Date errors:\n  " + "\n  ".join(dates.errors))
    result.headline = figures
    return result
