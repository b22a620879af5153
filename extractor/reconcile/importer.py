"""Read series files (CSV or Parquet) into normalized observation rows, with errors that name
the file and the row.

One row per observation. Required columns: ``freq, ref_area, indicator, unit, period, value,
agency, source_url``. Optional: ``counterpart_area`` (default ``WLD``), ``product`` (``_T``),
``hs_code``, ``flow_basis`` (``_Z``), ``accounting_entry`` (``_Z``), ``transform`` (``level``),
``status`` (``actual``), ``provider`` (forecasts/targets: defaults to the agency),
``unit_mult`` (power of ten of ``value``, default 0), ``decimals`` (default: as written),
``release_date``, ``vintage`` (default: the release date), ``label``, ``note``.
"""
from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import pandas as pd

from .keys import ACCOUNTING_ENTRIES, FLOW_BASES, FREQUENCIES, STATUSES, TRANSFORMS, SeriesKey, slug
from .periods import Span

REQUIRED = ("freq", "ref_area", "indicator", "unit", "period", "value", "agency", "source_url")
OPTIONAL = ("counterpart_area", "product", "hs_code", "flow_basis", "accounting_entry",
            "transform", "status", "provider", "unit_mult", "decimals", "release_date",
            "vintage", "label", "note")
OBSERVATION_COLUMNS = [
    "series_id", *SeriesKey.DIMENSIONS, "provider", "hs_code", "label", "time_period",
    "period_start", "period_end", "value", "obs_value", "unit_mult", "decimals", "agency",
    "source_url", "release_date", "vintage", "note", "origin",
]


class SeriesFileError(ValueError):
    """A series file that cannot be imported; the message names the file and each bad row."""

    def __init__(self, path: str | Path, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"{path}: {shown}{more}")


def read_series_file(path: str | Path, origin: str | None = None) -> pd.DataFrame:
    """Normalized observations of one ``.csv`` or ``.parquet`` file (see module doc); raises
    ``SeriesFileError`` listing every bad row as ``FILE:ROW: reason``."""
    path = Path(path)
    if not path.is_file():
        raise SeriesFileError(path, ["no such file"])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        numbered = _csv_rows(path)
    elif suffix in (".parquet", ".pq"):
        try:
            table = pd.read_parquet(path)
        except Exception as error:  # pyarrow raises many types
            raise SeriesFileError(path, [f"cannot read Parquet: {error}"]) from None
        rows = table.astype(object).where(table.notna(), None).to_dict("records")
        numbered = list(enumerate(rows, start=1))
    else:
        raise SeriesFileError(path, [f"unknown suffix {suffix!r}: expected .csv or .parquet"])
    if not numbered:
        raise SeriesFileError(path, ["no rows"])
    missing = [name for name in REQUIRED if name not in numbered[0][1]]
    if missing:
        raise SeriesFileError(path, [f"missing column(s) {', '.join(missing)} (required: "
                                     f"{', '.join(REQUIRED)})"])
    out, problems = [], []
    for number, row in numbered:
        if all(_blank(value) for value in row.values()):
            continue
        try:
            out.append(normalize_row(row, f"{origin or path.name}:{number}"))
        except ValueError as error:
            problems.append(f"row {number}: {error}")
    if problems:
        raise SeriesFileError(path, problems)
    return pd.DataFrame(out, columns=OBSERVATION_COLUMNS)


def _csv_rows(path: Path) -> list[tuple[int, dict]]:
    """(line number in the file, row) pairs; lines starting with ``#`` are comments."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            physical = list(handle)
    except UnicodeDecodeError as error:
        raise SeriesFileError(path, [f"not UTF-8 text ({error.reason})"]) from None
    kept = [(number, line) for number, line in enumerate(physical, start=1)
            if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in kept)
    rows, problems = [], []
    for row in reader:
        number = kept[reader.line_num - 1][0] if reader.line_num <= len(kept) else reader.line_num
        if None in row:
            problems.append(f"row {number}: more values than columns "
                            "(quote values that contain commas)")
            continue
        rows.append((number, {key.strip(): value for key, value in row.items() if key is not None}))
    if problems:
        raise SeriesFileError(path, problems)
    return rows


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        (isinstance(value, str) and not value.strip())


def _choice(row: dict, name: str, default: str | None, allowed, upper: bool = False) -> str:
    """A coded field: its value (default when blank), or ``ValueError`` listing what is allowed."""
    value = _text(row, name, default)
    value = value.upper() if upper else value
    if value not in allowed:
        shown = allowed if isinstance(allowed, (list, tuple)) else sorted(allowed)
        raise ValueError(f"{name} {value!r} is not one of {', '.join(shown)}")
    return value


def _text(row: dict, name: str, default: str | None = None) -> str | None:
    value = row.get(name)
    if _blank(value):
        return default
    return str(value).strip()


def normalize_row(row: dict, origin: str) -> dict:
    """One observation row with its series key; raises ``ValueError`` naming the bad field."""
    for name in REQUIRED:
        if _blank(row.get(name)):
            raise ValueError(f"{name} is empty")
    freq = _choice(row, "freq", None, FREQUENCIES, upper=True)
    flow_basis = _choice(row, "flow_basis", "_Z", FLOW_BASES)
    entry = _choice(row, "accounting_entry", "_Z", ACCOUNTING_ENTRIES)
    transform = _choice(row, "transform", "level", TRANSFORMS)
    status = _choice(row, "status", "actual", STATUSES)
    agency = _text(row, "agency")
    provider = slug(_text(row, "provider") or agency) if status != "actual" else "_Z"
    key = SeriesKey(freq=freq, ref_area=_text(row, "ref_area"), indicator=_text(row, "indicator"),
                    counterpart_area=_text(row, "counterpart_area", "WLD"),
                    product=_text(row, "product", "_T"), flow_basis=flow_basis,
                    accounting_entry=entry, unit=_text(row, "unit"), transform=transform,
                    status=status, provider=provider)
    try:
        span = Span.parse(_text(row, "period"))
    except ValueError as error:
        raise ValueError(str(error)) from None
    _check_span(freq, span)
    raw_value = _text(row, "value")
    try:
        obs_value = float(raw_value.replace(",", ""))
    except ValueError:
        raise ValueError(f"value {raw_value!r} is not a number") from None
    if not math.isfinite(obs_value):
        raise ValueError(f"value {raw_value!r} is not finite")
    unit_mult = _int(row, "unit_mult", 0)
    decimals = _int(row, "decimals", None)
    if decimals is None:
        decimals = len(raw_value.split(".", 1)[1]) if "." in raw_value else 0
    source_url = _text(row, "source_url")
    if not source_url.startswith(("http://", "https://")):
        raise ValueError(f"source_url {source_url!r} is not an http(s) URL")
    release = _text(row, "release_date")
    if release is not None:
        try:
            release = date.fromisoformat(release).isoformat()
        except ValueError:
            raise ValueError(f"release_date {release!r} is not YYYY-MM-DD") from None
    return {
        "series_id": key.series_id, **{name: getattr(key, name) for name in SeriesKey.DIMENSIONS},
        "provider": key.provider, "hs_code": _text(row, "hs_code"),
        "label": _text(row, "label") or key.describe(), "time_period": _text(row, "period"),
        "period_start": span.start, "period_end": span.end,
        "value": obs_value * 10.0 ** unit_mult, "obs_value": obs_value, "unit_mult": unit_mult,
        "decimals": decimals, "agency": agency, "source_url": source_url,
        "release_date": release, "vintage": _text(row, "vintage") or release,
        "note": _text(row, "note"), "origin": origin,
    }


def _int(row: dict, name: str, default: int | None) -> int | None:
    text = _text(row, name)
    if text is None:
        return default
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not an integer") from None
    if number != int(number):
        raise ValueError(f"{name} {text!r} is not an integer")
    return int(number)


def _check_span(freq: str, span: Span) -> None:
    if freq == "D":
        if not span.is_days:
            raise ValueError(f"freq D needs a period of days, got {span}")
        return
    if span.is_days:
        raise ValueError(f"freq {freq} needs a period of months, got days {span}")
    length = span.length
    if freq == "M" and length != 1:
        raise ValueError(f"freq M needs a single month, got {span}")
    if freq == "Q" and (length != 3 or int(span.start[5:7]) % 3 != 1):
        raise ValueError(f"freq Q needs a calendar quarter, got {span}")
    if freq == "A" and length != 12:
        raise ValueError(f"freq A needs twelve months, got {span}")
    if freq == "YTD" and length > 12:
        raise ValueError(f"freq YTD needs at most twelve months, got {span}")
