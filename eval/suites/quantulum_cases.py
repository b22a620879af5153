"""``python -m eval quantulum``: quantulum3's own test cases (101 sentences, mostly science and
measurement text), value+unit F1 for us and for quantulum3 itself: a smoke test, not a target.

quantulum3 writes a range as its midpoint ("3 to 4 L" is 3.5 L) and a bare number as unit
"dimensionless"; our records are compared the same way (a range by its midpoint; our units
through the NewsQuant name table, "-" being "dimensionless").
"""
from __future__ import annotations

from .common import external_path, load_json, make_table, pct
from .newsquant_run import SuiteResult
from .nq_score import Quantity

DIMENSIONLESS = "dimensionless"


# NewsQuant names -> quantulum3's own (NewsQuant renamed these; see peer_units.yaml)
QUANTULUM_NAMES = {"celsius": "degree celsius", "fahrenheit": "degree fahrenheit",
                   "metric ton": "tonne", "degree": "degree angle"}


def _normalize(q: Quantity) -> tuple[float, str]:
    value = (q.value[0] + q.value[1]) / 2 if isinstance(q.value, tuple) else q.value
    unit = DIMENSIONLESS if q.unit in ("-", "count") or q.unit.startswith("% ") else q.unit
    return value, QUANTULUM_NAMES.get(unit, unit)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)


def run_quantulum(limit: int | None = None) -> SuiteResult:
    from .peers import OurTool, PeerUnavailable, Quantulum

    cases = load_json(external_path("quantulum3", "quantities.json"))
    cases = cases[:limit] if limit else cases
    from .newsquant import NewsQuantAdapter

    ours = OurTool()
    ours.adapter = NewsQuantAdapter(nouns=False)  # quantulum3 counts are "dimensionless"
    tools = [ours]
    notes = []
    try:
        tools.append(Quantulum())
        notes.append(f"quantulum3 {tools[-1].version}: {tools[-1].mode}")
    except PeerUnavailable as error:
        notes.append(f"skipped: {error}")
    rows, figures = [], {"suite": "quantulum", "cases": len(cases)}
    for tool in tools:
        counts = {"value": [0, 0, 0], "value+unit": [0, 0, 0]}  # tp, predicted, gold
        for case in cases:
            gold = [(float(r["value"]), str(r["unit"]).lower()) for r in case["res"]]
            pred = [_normalize(q) for q in tool.quantities(case["req"])]
            if tool.name == "quantulum3":
                pred = [(v, DIMENSIONLESS if u == "-" else u) for v, u in pred]
            for metric, same in (("value", lambda g, p: _close(g[0], p[0])),
                                 ("value+unit", lambda g, p: _close(g[0], p[0]) and g[1] == p[1])):
                free = list(range(len(pred)))
                for g in gold:
                    hit = next((k for k in free if same(g, pred[k])), None)
                    if hit is not None:
                        free.remove(hit)
                        counts[metric][0] += 1
                counts[metric][1] += len(pred)
                counts[metric][2] += len(gold)
        row = [tool.name]
        for metric, (tp, predicted, gold_n) in counts.items():
            p = tp / predicted if predicted else 0.0
            r = tp / gold_n if gold_n else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            row += [pct(p), pct(r), pct(f1)]
            figures[f"{'ours' if tool is tools[0] else tool.name}.{metric}.f1"] = pct(f1)
        rows.append(row)
    result = SuiteResult()
    result.blocks.append(make_table(
        f"quantulum3's own cases ({len(cases)} sentences, one-to-one): a smoke test",
        ["system", "value P", "R", "F1", "value+unit P", "R", "F1"], rows))
    result.blocks.extend(notes)
    result.headline = figures
    return result
