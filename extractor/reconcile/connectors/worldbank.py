"""World Bank connector (the ``wbgapi`` package): WDI and the other World Bank API databases.

A query names the indicator codes (``series``), the economies and the years:

    {"series": ["NE.EXP.GNFS.CD", "NE.IMP.GNFS.CD"], "economy": ["KOR", "CHN"],
     "time": "2020:2024"}            # also "db" (default 2 = WDI), "mrv", "mrnev"

or as text, ``series=NE.EXP.GNFS.CD,NE.IMP.GNFS.CD&economy=KOR,CHN&time=2020:2024``. ``fetch``
calls ``wbgapi.data.fetch`` (network); ``to_observations`` turns its rows (dicts with
``value, series, economy, time``, plain or ``labels=True``) into store observations through
the ``worldbank`` table of ``mappings.yaml``. It also reads the raw JSON of the World Bank API:
a ``sources/...`` page (what wbgapi requests) or a ``country/.../indicator/...`` page
(``[meta, records]``). ``wbgapi`` is imported only inside ``fetch``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from ._common import (ConnectorError, MissingDependencyError, agency_name, load_mapping,
                      observations, parse_period, parse_query, require, retrieval_date, to_area,
                      value_text)

NAME = "worldbank"
PACKAGE = "wbgapi"
API = "https://api.worldbank.org/v2"
_LIST_KEYS = ("series", "economy")
_CONCEPTS = {"country": "economy", "economy": "economy", "series": "series", "time": "time",
             "indicator": "series"}


def _wbgapi():
    return require("wbgapi", PACKAGE, "World Bank")


def normalize_query(query: Mapping | str | None, defaults: Mapping | None = None) -> dict:
    q = {**dict(defaults or {}), **parse_query(query, _LIST_KEYS)}
    if not q.get("series"):
        raise ConnectorError("a World Bank query needs series (indicator codes such as "
                             f"NE.EXP.GNFS.CD), got {query!r}")
    q.setdefault("economy", "all")
    q.setdefault("time", "all")
    q["db"] = int(q.get("db") or 2)
    for name in ("mrv", "mrnev"):
        if q.get(name) is not None:
            q[name] = int(q[name])
    return q


def _time_arg(time: object):
    """``"2020:2024"`` → ``range(2020, 2025)`` (wbgapi takes ranges, lists, ``YR2020``, "all")."""
    if isinstance(time, str) and (m := re.fullmatch(r"\s*(\d{4})\s*:\s*(\d{4})\s*", time)):
        return range(int(m[1]), int(m[2]) + 1)
    if isinstance(time, str) and re.search(r"[,;]", time):
        return [_time_arg(part) for part in re.split(r"[,;]", time) if part.strip()]
    if isinstance(time, str) and re.fullmatch(r"\d{4}", time.strip()):
        return int(time)
    return time.strip() if isinstance(time, str) else time


def fetch(query: Mapping | str, *, defaults: Mapping | None = None) -> list[dict]:
    """``wbgapi.data.fetch`` rows for a query (network), blanks skipped."""
    q = normalize_query(query, defaults)
    wb = _wbgapi()
    try:
        return list(wb.data.fetch(q["series"], q["economy"], time=_time_arg(q["time"]),
                                  mrv=q.get("mrv"), mrnev=q.get("mrnev"), skipBlanks=True,
                                  db=q["db"]))
    except MissingDependencyError:
        raise
    except Exception as error:  # wbgapi raises APIError, requests errors, KeyError
        raise ConnectorError(f"World Bank {q['series']}: {error}") from error


def source_url(series: str, economy: str, time: str, db: int = 2) -> str:
    """The World Bank API URL of one observation."""
    date = str(time)
    if date.upper().startswith("YR"):
        date = date[2:]
    url = f"{API}/country/{quote(str(economy))}/indicator/{quote(str(series))}?date={quote(date)}"
    if db != 2:
        url += f"&source={db}"
    return url + "&format=json"


# -- parsing -----------------------------------------------------------------------------------

def _id(value: object) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    if value is None:
        return None
    return str(value).strip()


def _name(value: object) -> str | None:
    return str(value.get("value")) if isinstance(value, Mapping) and value.get("value") else None


def rows_of(response) -> tuple[list[dict], str | None]:
    """Uniform rows (``series, economy, time, value`` and labels) of any accepted response, and
    the database's last-updated date where the response gives it."""
    if isinstance(response, (str, Path)):
        import json

        response = json.loads(Path(response).read_text(encoding="utf-8"))
    updated = None
    if isinstance(response, Mapping) and "source" in response:  # sources/{db}/... page
        updated = response.get("lastupdated")
        out = []
        for source in _as_list(response["source"]):
            for item in source.get("data", []):
                row = {"value": item.get("value")}
                for variable in item.get("variable", []):
                    concept = _CONCEPTS.get(str(variable.get("concept", "")).lower())
                    if concept:
                        row[concept] = {"id": variable.get("id"), "value": variable.get("value")}
                out.append(row)
        return out, updated
    if isinstance(response, list) and len(response) == 2 and isinstance(response[0], Mapping) \
            and "page" in response[0]:  # country/{iso}/indicator/{code} page: [meta, records]
        updated = response[0].get("lastupdated")
        out = []
        for item in response[1] or []:
            out.append({"value": item.get("value"), "series": item.get("indicator"),
                        "economy": {"id": item.get("countryiso3code")
                                    or _id(item.get("country")),
                                    "value": _name(item.get("country"))},
                        "time": {"id": item.get("date")}})
        return out, updated
    if isinstance(response, pd.DataFrame):
        return response.to_dict("records"), None
    if isinstance(response, Mapping):
        raise ConnectorError("not a World Bank response: expected wbgapi rows or API JSON")
    return list(response), None


def _as_list(value) -> list:
    return list(value) if isinstance(value, list) else [value]


def to_rows(response, mapping: Mapping | str | Path | None = None, *,
            query: Mapping | str | None = None, retrieved=None) -> tuple[list[dict], list[str]]:
    """Series-file rows of World Bank data, and what was skipped."""
    table = load_mapping(mapping)
    indicators = table.get("worldbank") or {}
    q = parse_query(query, _LIST_KEYS)
    db = int(q.get("db") or 2)
    agency = agency_name(table, "WB", "World Bank")
    retrieved = retrieval_date(retrieved)
    items, updated = rows_of(response)
    rows, skipped, unmapped = [], [], set()
    for item in items:
        if not isinstance(item, Mapping):
            raise ConnectorError(f"not a World Bank data row: {item!r}")
        series, economy, time = (_id(item.get(name)) for name in ("series", "economy", "time"))
        if not series or not economy or time is None:
            raise ConnectorError(f"World Bank row without series, economy or time: {item!r}")
        rule = indicators.get(series)
        if rule is None:
            if series not in unmapped:
                unmapped.add(series)
                skipped.append(f"World Bank {series}: no mapping rule")
            continue
        value = value_text(item.get("value"))
        if value is None:
            skipped.append(f"World Bank {series} {economy} {time}: no value")
            continue
        area = to_area(economy, table)
        if area is None:
            skipped.append(f"World Bank {series} {economy}: area not known")
            continue
        try:
            freq, period = parse_period(time)
        except ValueError as error:
            skipped.append(f"World Bank {series} {economy}: {error}")
            continue
        if not rule.get("indicator") or not rule.get("unit"):
            raise ConnectorError(f"World Bank mapping for {series} needs indicator and unit")
        database = "WDI" if db == 2 else f"database {db}"
        note = f"World Bank {database} {series} {economy} {time}"
        if updated:
            note += f"; database last updated {updated}"
        row = {
            "freq": freq, "ref_area": area, "indicator": rule["indicator"],
            "counterpart_area": rule.get("counterpart_area", "WLD"), "unit": rule["unit"],
            "period": period, "value": value, "agency": rule.get("agency", agency),
            "source_url": source_url(series, economy, time, db), "release_date": retrieved,
            "vintage": retrieved, "status": "actual",
            "label": rule.get("label") or _name(item.get("series")) or series, "note": note,
        }
        for name in ("product", "hs_code", "flow_basis", "accounting_entry", "transform",
                     "unit_mult", "decimals"):
            if rule.get(name) is not None:
                row[name] = str(rule[name])
        rows.append(row)
    return rows, skipped


def to_observations(response: Iterable | Mapping | str | Path, mapping=None, *,
                    query: Mapping | str | None = None, retrieved=None) -> pd.DataFrame:
    """Store observations of World Bank data: the rows ``wbgapi.data.fetch`` yields (a list,
    or the generator itself), or raw API JSON (parsed, or a path to a file). ``query`` gives
    the database (``db``, default 2 = WDI) for the source URLs; ``retrieved`` (default today) is
    the release date and vintage. ``frame.attrs["skipped"]`` lists what was left out."""
    rows, skipped = to_rows(response, mapping, query=query, retrieved=retrieved)
    return observations(rows, skipped=skipped, origin=NAME)
