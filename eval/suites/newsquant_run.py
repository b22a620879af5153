"""``python -m eval newsquant|currency``: our extractor and the peers on NewsQuant's files."""
from __future__ import annotations

from dataclasses import dataclass, field

from .common import Speed, make_table, time_tool
from .newsquant import SUITE_FILES, Sentence, UnitTable, load_sentences
from .nq_score import METRICS, Quantity, Scores, restrict, score, values_match
from .peers import (PUBLISHED_NAMES, Gpt3Predictions, OurTool, PeerUnavailable, Quantulum,
                    SpacySmall, published_results)

SUITE_TITLES = {"newsquant": "NewsQuant", "currency": "Recognizers-Text currency (NewsQuant form)"}


@dataclass
class ToolRun:
    name: str
    predictions: list[list[Quantity]]
    speed: Speed | None = None
    note: str | None = None


@dataclass
class SuiteResult:
    """What a suite command prints: text blocks (tables, lines) and the final JSON figures."""

    blocks: list = field(default_factory=list)
    headline: dict = field(default_factory=dict)


def run_newsquant(suite: str, limit: int | None = None, repeat: int = 1, peers: bool = True,
                  show_errors: bool = False) -> SuiteResult:
    sentences = load_sentences(suite, limit)
    texts = [s.text for s in sentences]
    table = UnitTable.load()
    ours = OurTool()
    runs = [_run_tool(ours, texts, repeat)]
    notes = []
    if peers:
        for make in (Quantulum, lambda: SpacySmall(ours.quantity_units)):
            try:
                tool = make()
            except PeerUnavailable as error:
                notes.append(f"skipped: {error}")
                continue
            run = _run_tool(tool, texts, repeat)
            if getattr(tool, "mode", None):
                run.note = f"{tool.name} {tool.version}: {tool.mode}"
                notes.append(run.note)
            runs.append(run)
        try:
            gpt = Gpt3Predictions(SUITE_FILES[suite][1])
            runs.append(ToolRun(gpt.name, [gpt.quantities(t) for t in texts]))
            if gpt.unreadable:
                notes.append(f"GPT-3: {gpt.unreadable} predicted values were not numbers (dropped)")
        except Exception as error:  # noqa: BLE001 - absent predictions: the table says so
            notes.append(f"GPT-3 predictions not scored: {error}")

    gold = [s.gold for s in sentences]
    subset_units = table.money_percent
    result = SuiteResult()
    figures: dict = {"suite": suite, "sentences": len(sentences),
                     "gold_quantities": sum(len(g) for g in gold),
                     "subset_gold_quantities": sum(len(restrict(g, subset_units)) for g in gold)}
    title = SUITE_TITLES[suite]
    published = _published(suite)
    # currency-model.json has no `change`: value+change would only repeat value there
    metrics = METRICS if suite == "newsquant" else ("value", "value+unit")
    per_tool = {}
    for run in runs:
        full = score(zip(gold, run.predictions))
        strict = score(zip(gold, run.predictions), strict=True)
        sub = score((restrict(g, subset_units), restrict(p, subset_units))
                    for g, p in zip(gold, run.predictions))
        sub_strict = score(((restrict(g, subset_units), restrict(p, subset_units))
                            for g, p in zip(gold, run.predictions)), strict=True)
        per_tool[run.name] = {"published_rule": full, "strict": strict, "subset": sub,
                              "subset_strict": sub_strict}

    result.blocks.append(_metric_table(
        f"{title} ({figures['gold_quantities']} gold quantities, {len(sentences)} sentences): "
        "published matching rule", {n: t["published_rule"] for n, t in per_tool.items()},
        metrics, published))
    result.blocks.append(_metric_table(f"{title}: strict one-to-one matching",
                                       {n: t["strict"] for n, t in per_tool.items()}, metrics))
    result.blocks.append(_metric_table(
        f"{title}, money+percent subset ({figures['subset_gold_quantities']} gold quantities whose "
        "unit is percentage or a currency; predictions restricted to the same units): "
        "published rule", {n: t["subset"] for n, t in per_tool.items()}, metrics))
    result.blocks.append(_metric_table(f"{title}, money+percent subset: strict one-to-one",
                                       {n: t["subset_strict"] for n, t in per_tool.items()},
                                       metrics))
    speeds = [r.speed for r in runs if r.speed is not None]
    if speeds:
        result.blocks.append(_speed_table(f"{title}: speed on the same {len(texts)} sentences, "
                                          "one call per sentence, same run", speeds))
    result.blocks.extend(notes)
    if show_errors:
        result.blocks.append(_errors(sentences, runs[0].predictions))

    figures["ours"] = _figures(per_tool[runs[0].name], metrics)
    figures["peers"] = {name: _figures(t, metrics) for name, t in per_tool.items()
                        if name != runs[0].name}
    figures["published"] = {f"{PUBLISHED_NAMES.get(r.model, r.model)} {r.metric}": r.f1
                            for r in published}
    figures["speed_sentences_per_s"] = {s.tool: round(s.per_second, 1) for s in speeds}
    if speeds:
        ours_speed = speeds[0].per_second
        figures["speed_ratio_to_ours"] = {s.tool: round(s.per_second / ours_speed, 3)
                                          for s in speeds if ours_speed}
    figures["notes"] = notes
    result.headline = figures
    return result


def _run_tool(tool, texts: list[str], repeat: int) -> ToolRun:
    predictions = [tool.quantities(t) for t in texts]
    speed = time_tool(tool.name, tool.parse, texts, runs=repeat)
    return ToolRun(tool.name, predictions, speed)


def _published(suite: str):
    try:
        return published_results(SUITE_FILES[suite][1])
    except Exception:  # noqa: BLE001 - the table just lacks the published rows
        return []


def _metric_table(title: str, scores: dict[str, Scores], metrics=METRICS, published=()):
    columns = ["system"]
    for metric in metrics:
        columns += [f"{metric} P", "R", "F1"]
    rows = []
    for name, s in scores.items():
        row = [name]
        for metric in metrics:
            c = s[metric]
            row += [100 * c.precision, 100 * c.recall, 100 * c.f1]
        rows.append(row)
    by_model: dict[str, dict] = {}
    for r in published:
        by_model.setdefault(r.model, {})[r.metric] = r
    for model, figures in by_model.items():
        row = [f"{PUBLISHED_NAMES.get(model, model)} (published)"]
        for metric in metrics:
            r = figures.get(metric)
            row += [r.precision, r.recall, r.f1] if r else [None, None, None]
        rows.append(row)
    return make_table(title, columns, rows)


def _speed_table(title: str, speeds: list[Speed]):
    ours = speeds[0].per_second
    rows = [[s.tool, s.sentences, s.seconds, round(s.per_second, 1),
             f"{s.per_second / ours:.2f}" if ours else None] for s in speeds]
    return make_table(title, ["tool", "sentences", "seconds", "sentences/s", "ratio to ours"], rows)


def _figures(tool_scores: dict[str, Scores], metrics=METRICS) -> dict:
    out = {}
    for key, scores in tool_scores.items():
        for metric in metrics:
            out[f"{key}.{metric}.f1"] = round(100 * scores[metric].f1, 1)
    return out


def _errors(sentences: list[Sentence], predictions: list[list[Quantity]]) -> str:
    lines = ["Our errors (value misses, spurious values, wrong units, wrong changes):"]
    for s, pred in zip(sentences, predictions):
        missed = [g for g in s.gold if not any(values_match(g.value, p.value) for p in pred)]
        spurious = [p for p in pred if not any(values_match(g.value, p.value) for g in s.gold)]
        units = [(g, p) for g in s.gold for p in pred
                 if values_match(g.value, p.value) and g.unit != p.unit]
        changes = [(g, p) for g in s.gold for p in pred
                   if values_match(g.value, p.value) and g.change != p.change]
        if not (missed or spurious or units or changes):
            continue
        lines.append(f"* {s.text}")
        lines += [f"    missed   {g.value} {g.unit!r}" for g in missed]
        lines += [f"    spurious {p.value} {p.unit!r}" for p in spurious]
        lines += [f"    unit     {g.value}: gold {g.unit!r}, ours {p.unit!r}" for g, p in units]
        lines += [f"    change   {g.value}: gold {g.change!r}, ours {p.change!r}" for g, p in changes]
    return "\n".join(lines)
