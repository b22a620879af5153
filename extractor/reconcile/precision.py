"""What range of official values a claim allows: its stated precision and its qualifier.

SCHEMA §7: a claim is consistent when the official value rounds to it at the claim's stated
precision ("$60.11 billion" → ±0.005 billion; "8.2 percent" → ±0.05; a whole number ending in
zero is read at its last non-zero digit: "60 percent" → ±5), or lies in the range its
``approx`` allows ("nearly 29%" → a little below 29; "past $1 trillion" → above).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
COUNT_UNITS = {"month", "quarter", "year", "day", "week"}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low - _eps(self.low)
        below = value < self.high if self.high_open else value <= self.high + _eps(self.high)
        return above and below

    def overlaps(self, other: "Interval") -> bool:
        if self.high < other.low - _eps(other.low) or other.high < self.low - _eps(self.low):
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        if other.high == self.low and (other.high_open or self.low_open):
            return False
        return True

    def scaled(self, factor: float) -> "Interval":
        low, high = sorted((self.low * factor, self.high * factor))
        return Interval(low, high)

    @classmethod
    def point(cls, value: float) -> "Interval":
        return cls(value, value)

    def __str__(self) -> str:
        if self.low == self.high:
            return _fmt(self.low)
        return f"{'(' if self.low_open else '['}{_fmt(self.low)}, {_fmt(self.high)}" \
               f"{')' if self.high_open else ']'}"


def _eps(value: float) -> float:
    return 1e-9 * max(1.0, abs(value))


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def half_unit(mention: str | None, value: float, unit: str | None = None,
              role: str | None = None) -> float:
    """Half a unit of the last significant digit of the number in ``mention``, in the plain
    units of ``value``. Counts (streaks, months) are exact: 0."""
    if role == "streak" or unit in COUNT_UNITS:
        return 0.0
    digits = _number_text(mention)
    if digits is None or value == 0:
        return 0.5 * 10 ** math.floor(math.log10(abs(value))) if value else 0.0
    number = float(digits.replace(",", ""))
    if number == 0:
        return 0.0
    scale = _scale(abs(value) / number)
    if "." in digits:
        decimals = len(digits.split(".", 1)[1])
        step = 10.0 ** -decimals
    else:
        whole = digits.replace(",", "").lstrip("0") or "0"
        trailing = len(whole) - len(whole.rstrip("0"))
        step = 10.0 ** trailing
    return 0.5 * step * scale


def _number_text(mention: str | None) -> str | None:
    if not mention:
        return None
    match = _NUMBER.search(mention)
    return match.group(0) if match else None


def _scale(ratio: float) -> float:
    """The power of ten (1, 1e3, 1e6, 1e9, 1e12, ...) that turned the mention's number into
    the value; other ratios (e.g. crore = 1e7) are kept as they are."""
    if ratio <= 0:
        return 1.0
    exponent = round(math.log10(ratio))
    if abs(ratio - 10 ** exponent) <= 1e-6 * ratio:
        return float(10 ** exponent)
    return ratio


def claim_interval(value: float, mention: str | None, approx: str | None,
                   unit: str | None = None, role: str | None = None, *,
                   approx_tolerance: float = 0.05, bound_slack: float | None = 0.25,
                   rounding: bool = True, tolerance: float = 0.0) -> Interval:
    """The official values that make a claim consistent.

    ``rounding``: use the stated precision (off: only ``tolerance``, relative); ``approx``
    ``~`` widens to ``approx_tolerance`` (relative) or one unit of the last digit; ``>``,
    ``>=`` / ``<``, ``<=`` are one-sided, bounded by ``bound_slack`` (relative; None: open).
    """
    half = half_unit(mention, value, unit, role) if rounding else 0.0
    half = max(half, abs(value) * tolerance)
    magnitude = abs(value)
    if approx == "~":
        width = max(2 * half, magnitude * approx_tolerance)
        return Interval(value - width, value + width)
    if approx in (">", ">=", "<", "<="):
        slack = magnitude * bound_slack if bound_slack is not None else math.inf
        slack = max(slack, 2 * half)
        # "more than" a negative figure (a deficit) is read in magnitude, as it is written
        upper = approx in (">", ">=")
        if value < 0:
            upper = not upper
        if upper:
            return Interval(value, value + slack, low_open=approx == ">")
        return Interval(value - slack, value, high_open=approx == "<")
    return Interval(value - half, value + half)


def official_interval(value: float, decimals: int | None, unit_mult: int = 0,
                      rounding: bool = True) -> Interval:
    """An official value as published, with the rounding of its publication."""
    if decimals is None or not rounding:
        return Interval.point(value)
    half = 0.5 * 10.0 ** (-decimals) * 10.0 ** unit_mult
    return Interval(value - half, value + half)
