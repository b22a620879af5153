"""NewsQuant scoring (CQE evaluation, EMNLP 2023), as ../shared/external/README.md states it.

Per sentence, each gold quantity is compared with the sentence's predicted quantities in order
(both sorted by normalized unit, as the published evaluation does):

- a numerically close value (``|gold - pred| <= 1e-8 + 1e-5 * |pred|``) counts for "value", at
  most once per gold quantity and at most as many times as the sentence has gold quantities;
- if the normalized unit is equal too it counts for "value+unit" and that prediction is used up
  (removed from the list); a prediction with a wrong unit is never used up, so it can earn
  "value" for several gold quantities;
- "value+change" compares ``change`` on every value match and is not capped;
- ranges match only ranges (both ends close, in order).

Precision divides by all predicted quantities, recall by all gold quantities. ``strict`` is the
one-to-one variant: each prediction matches at most one gold quantity for each metric.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from ..score import Counts

Value = float | tuple[float, float]

RELATIVE_TOLERANCE = 1e-5
ABSOLUTE_TOLERANCE = 1e-8
METRICS = ("value", "value+unit", "value+change")


@dataclass(frozen=True)
class Quantity:
    """One quantity in NewsQuant's terms."""

    value: Value
    unit: str  # normalized unit, lower-case
    change: str = "="


@dataclass
class Scores:
    metrics: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in METRICS})

    def __getitem__(self, metric: str) -> Counts:
        return self.metrics[metric]

    def as_dict(self) -> dict:
        return {m: c.as_dict() for m, c in self.metrics.items()}


def parse_value(value) -> Value:
    """A NewsQuant value: '19.0' -> 19.0, '252.0-287.0' -> (252.0, 287.0), '-5.0' -> -5.0."""
    if isinstance(value, (tuple, list)):
        return float(value[0]), float(value[1])
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if "E" not in text and "e" not in text and not text.startswith("-") and "-" in text[1:]:
        low, high = text.split("-", 1)
        return float(low), float(high)
    return float(text)


def gold_quantity(item: dict) -> Quantity:
    return Quantity(parse_value(item["value"]), str(item["normalized_unit"]).strip().lower(),
                    str(item.get("change", "=")).strip())


def values_match(gold: Value, predicted: Value) -> bool:
    if isinstance(gold, tuple) != isinstance(predicted, tuple):
        return False
    if isinstance(gold, tuple):
        return _close(gold[0], predicted[0]) and _close(gold[1], predicted[1])
    return _close(gold, predicted)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * abs(b)


def score(sentences: Iterable[tuple[list[Quantity], list[Quantity]]], strict: bool = False) -> Scores:
    """Scores over (gold, predicted) quantity lists, one pair per sentence."""
    scores = Scores()
    for gold, predicted in sentences:
        for counts in scores.metrics.values():
            counts.gold += len(gold)
            counts.predicted += len(predicted)
        sentence = _strict(gold, predicted) if strict else _published(gold, predicted)
        for metric, tp in sentence.items():
            scores[metric].tp += tp
    return scores


def _published(gold: list[Quantity], predicted: list[Quantity]) -> dict[str, int]:
    tags = sorted(predicted, key=lambda q: q.unit)
    value_cap = len(gold)
    tp = dict.fromkeys(METRICS, 0)
    for g in sorted(gold, key=lambda q: q.unit):
        counted = False
        for index, p in enumerate(tags):
            if not values_match(g.value, p.value):
                continue
            if not counted and value_cap > 0:
                tp["value"] += 1
                value_cap -= 1
                counted = True
            if p.change == g.change:
                tp["value+change"] += 1
            if p.unit == g.unit:
                tp["value+unit"] += 1
                del tags[index]
                break
    return tp


def _strict(gold: list[Quantity], predicted: list[Quantity]) -> dict[str, int]:
    """One-to-one: each gold and each prediction is used at most once per metric; exact
    matches (value and the metric's attribute) are taken first, in text order."""
    tp = {}
    for metric, same in (("value", lambda g, p: True),
                         ("value+unit", lambda g, p: g.unit == p.unit),
                         ("value+change", lambda g, p: g.change == p.change)):
        free = list(range(len(predicted)))
        hits = 0
        for g in gold:
            for k in free:
                p = predicted[k]
                if values_match(g.value, p.value) and same(g, p):
                    free.remove(k)
                    hits += 1
                    break
        tp[metric] = hits
    return tp


def restrict(quantities: list[Quantity], units: frozenset[str]) -> list[Quantity]:
    """The quantities whose normalized unit is one of ``units`` (the money+percent subset)."""
    return [q for q in quantities if q.unit in units]
