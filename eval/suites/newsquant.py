"""NewsQuant (590 news sentences, 904 quantities) and its currency-model.json, scored the
published way and one-to-one, for our extractor and the peers, side by side.

Our records reach NewsQuant's form through a data table (newsquant_units.yaml): units to its
``normalized_unit`` names, our qualifiers and signs to its ``change`` values, and three of its
conventions: a count takes its noun as unit ("13,000 workers" -> worker), a rate takes its
denominator ("$52 a barrel" -> dollar per barrel) and "from A to B" / "between A and B" pairs
are one range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .common import SUITES_DIR, external_path, load_json
from .nq_score import Quantity, gold_quantity

UNITS_FILE = SUITES_DIR / "newsquant_units.yaml"
SUITE_FILES = {"newsquant": ("newsquant", "NewsQuant.json"),
               "currency": ("newsquant", "currency-model.json")}


@dataclass
class Sentence:
    text: str
    gold: list[Quantity]


def load_sentences(suite: str, limit: int | None = None) -> list[Sentence]:
    data = load_json(external_path(*SUITE_FILES[suite]))
    sentences = [Sentence(item["text"], [gold_quantity(q) for q in item["quantities"]])
                 for item in data]
    return sentences[:limit] if limit else sentences


@dataclass
class UnitTable:
    """newsquant_units.yaml, compiled."""

    units: dict[str, str]
    overrides: list[tuple[str, re.Pattern, str, float]]
    count_units: frozenset[str]
    fraction_unit: str
    money_percent: frozenset[str]
    approx: dict[str, str]
    change_roles: frozenset[str]

    @classmethod
    def load(cls, path: Path = UNITS_FILE) -> "UnitTable":
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        overrides = [(o["unit"], re.compile(o["pattern"], re.IGNORECASE), o["name"],
                      float(o.get("factor", 1.0))) for o in data["surface_overrides"]]
        return cls(units={str(k): str(v) for k, v in data["units"].items()},
                   overrides=overrides,
                   count_units=frozenset(data["count_units"]),
                   fraction_unit=data["fraction_unit"],
                   money_percent=frozenset(u.lower() for u in data["money_percent_units"]),
                   approx=dict(data["change"]["approx"]),
                   change_roles=frozenset(data["change"]["change_roles"]))


@dataclass
class _Item:
    start: int
    end: int
    value: float
    high: float | None
    unit: str
    change: str
    sentence: int
    merged: bool = field(default=False)


class NewsQuantAdapter:
    """Our (Figure, record) pairs of one text -> NewsQuant quantities."""

    def __init__(self, table: UnitTable | None = None, nouns: bool = True):
        self.table = table or UnitTable.load()
        self.nouns = nouns  # False: a count is unit "-" whatever it counts (quantulum3's way)

    @cached_property
    def _finder(self):
        from extractor.quantities import QuantityFinder

        return QuantityFinder()

    def quantities(self, text: str, pairs) -> list[Quantity]:
        from extractor.quantities import counted_noun

        items = []
        for fig, record in pairs:
            value, high = record["value"], record.get("value_high")
            factor = 1.0
            unit = record["unit"] or ""
            name, factor = self._unit_name(fig, record, unit, counted_noun(fig), text)
            if not getattr(fig, "signed", False):  # "fell 0.4 per cent" is 0.4 with change down
                value = abs(value)
                high = abs(high) if high is not None else None
            value *= factor
            high = high * factor if high is not None else None
            items.append(_Item(record["start"], record["end"], value, high, name,
                               self._change(fig, record), getattr(fig, "sentence_start", 0)))
        items = self._merge_ranges(text, sorted(items, key=lambda i: i.start))
        return [Quantity((i.value, i.high) if i.high is not None else i.value, i.unit.lower(),
                         i.change) for i in items]

    def _unit_name(self, fig, record: dict, unit: str, noun: str | None, text: str) -> tuple[str, float]:
        base, _, per = unit.partition(" per ")
        factor = 1.0
        name = None
        for override_unit, pattern, override_name, override_factor in self.table.overrides:
            if override_unit == base and pattern.search(text[record["start"]:record["end"] + 16]):
                name, factor = override_name, override_factor
                break
        if name is None:
            if base in self.table.count_units:
                name = (noun if self.nouns else None) or self.table.units.get("count", "-")
            elif base == self.table.fraction_unit:
                name = "% " + (noun or "-")
            else:
                name = self.table.units.get(base, base)
        if not per and " per " not in name and getattr(fig, "kind", None) != "quantity":
            rate = self._finder.per_after(text, record["end"])
            per = rate[0] if rate else ""
        if per:
            name = f"{name} per {self.table.units.get(per, per)}"
        return name, factor

    def _change(self, fig, record: dict) -> str:
        """A change whose direction the text states ("rose 5%", "fell $2 billion", a rate that
        "fell 0.3%", a sign on a change) is up or down; else the qualifier ("about" ~, "more
        than" >, "up to" <); else '='."""
        direction = getattr(fig, "direction", 0)
        role = record.get("role")
        if role in self.table.change_roles or (role == "level" and record["unit"] == "%"
                                               and "direct_direction" in getattr(fig, "notes", ())):
            if not direction and getattr(fig, "signed", False) and record["value"]:
                direction = -1 if record["value"] < 0 else 1
            if direction:
                return "down" if direction < 0 else "up"
        return self.table.approx.get(record.get("approx") or "", "=")

    def _merge_ranges(self, text: str, items: list[_Item]) -> list[_Item]:
        """'from $160 to $180', 'between 5% and 6%', '5% to 10%': NewsQuant's ranges."""
        out: list[_Item] = []
        k = 0
        while k < len(items):
            a = items[k]
            b = items[k + 1] if k + 1 < len(items) else None
            if b is not None and a.high is None and b.high is None and a.sentence == b.sentence \
                    and _is_range(text, a, b):
                out.append(_Item(a.start, b.end, a.value, b.value, a.unit, a.change, a.sentence, True))
                k += 2
                continue
            out.append(a)
            k += 1
        return out


def _base(unit: str) -> str:
    return unit.partition(" per ")[0]


_FROM = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|up\s+to\s+)?\W{0,2}$",
                   re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:about\s+|around\s+)?\W{0,2}$", re.IGNORECASE)


def _is_range(text: str, a: _Item, b: _Item) -> bool:
    before = text[max(0, a.start - 30):a.start]
    gap = text[a.end:b.start]
    same_unit = _base(a.unit) == _base(b.unit)
    if same_unit and re.fullmatch(r"\s*(?:-|–|to)\s*[$€£¥]?", gap, re.IGNORECASE) \
            and not re.search(r"\bby\s+\W{0,2}$", before, re.IGNORECASE):
        return True  # but "increased by $43.6 billion to $419.2 billion" is a change and a level
    if same_unit and _BETWEEN.search(before) and re.fullmatch(r"\s*and\s*[$€£¥]?", gap, re.IGNORECASE):
        return True
    # "from 21 mpg combined to 23": the second end may leave its unit to the first
    if (same_unit or b.unit == "-") and _FROM.search(before) \
            and re.fullmatch(r"[^;()]{0,40}?\bto\s+(?:about\s+|around\s+)?[$€£¥]?", gap, re.IGNORECASE):
        return True
    return False
