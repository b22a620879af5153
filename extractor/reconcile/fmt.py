"""Numbers as a reader writes them: "$60.11 billion", "38.7%", "1.03 trillion CNY"."""
from __future__ import annotations

import math

_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_SCALES = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]


def amount(value: float | None, unit: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit in ("%",):
        return f"{_num(value)}%"
    if unit == "pp":
        return f"{_num(value)} pp"
    if unit in ("month", "quarter", "year", "day"):
        if math.isinf(value):
            return f"open-ended {unit}s"
        return f"{_num(value)} {unit}{'' if value == 1 else 's'}"
    magnitude = abs(value)
    sign = "-" if value < 0 else ""
    for scale, word in _SCALES:
        if magnitude >= scale:
            number = f"{_num(magnitude / scale)} {word}"
            break
    else:
        number = _num(magnitude)
    if unit in _SIGNS:
        return f"{sign}{_SIGNS[unit]}{number}"
    return f"{sign}{number} {unit or ''}".strip()


def _num(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:.4g}" if abs(value) >= 1 else f"{value:.3g}"
    if "e" in text:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text


def percent(value: float | None) -> str:
    if value is None or math.isinf(value) or math.isnan(value):
        return "n/a"
    return f"{value * 100:+.1f}%"
