"""UN Comtrade connector (the ``comtradeapicall`` package): customs-basis trade by partner and HS
code.

A query uses Comtrade's own parameter names:

    {"reporterCode": "410", "period": "202510", "freqCode": "M", "flowCode": "X,M",
     "partnerCode": "0,156", "cmdCode": "TOTAL,8542,8703"}

(defaults: typeCode C, freqCode M, clCode HS, flowCode X,M, partnerCode 0 = World, cmdCode
TOTAL, partner2Code 0, customsCode C00, motCode 0); reporter and partner may also be given as
ISO3 codes (KOR, USA). As text: ``reporterCode=KOR&period=202510&cmdCode=8542``. ``fetch``
calls ``comtradeapicall.getFinalData`` with a subscription key (``subscription_key`` in the
query or ``$COMTRADE_API_KEY``), else the keyless ``previewFinalData`` (network).
``to_observations`` turns the records (the DataFrame comtradeapicall returns, the API's JSON
payload ``{"data": [...]}``, or a list of records) into store observations: flowCode X/M →
exports/imports, reporterCode/partnerCode → ISO3, cmdCode → hs_code and the SCHEMA sector the
``comtrade.hs_sectors`` table of ``mappings.yaml`` gives. ``comtradeapicall`` is imported only
inside ``fetch``.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from ._common import (ConnectorError, MissingDependencyError, agency_name, blank, load_mapping,
                      observations, parse_period, parse_query, require, retrieval_date, to_area,
                      value_text)

NAME = "comtrade"
PACKAGE = "comtradeapicall"
KEY_ENV = "COMTRADE_API_KEY"
API = "https://comtradeapi.un.org/public/v1/preview"
DEFAULTS = {"typeCode": "C", "freqCode": "M", "clCode": "HS", "flowCode": "X,M",
            "partnerCode": "0", "cmdCode": "TOTAL", "partner2Code": "0", "customsCode": "C00",
            "motCode": "0"}
SECRET_KEYS = ("subscription_key",)
_CODE_KEYS = ("reporterCode", "partnerCode", "partner2Code")
_TOTALS = {"partner2Code": "0", "customsCode": "C00", "motCode": "0", "mosCode": "0"}


def _comtradeapicall():
    return require("comtradeapicall", PACKAGE, "UN Comtrade")


def _code_text(value: object) -> str | None:
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def area_code(code: object, mapping: Mapping | None = None) -> str:
    """A Comtrade reporter/partner code from a numeric code or an ISO3 / SCHEMA area
    (``KOR`` → 410, ``USA`` → 842, ``WLD`` → 0)."""
    text = _code_text(code) or ""
    if text.isdigit():
        return text
    table = load_mapping(mapping)
    wanted = text.upper()
    for key, area in (table.get("areas") or {}).items():
        if str(key).isdigit() and area == wanted:
            return str(key)
    import pycountry

    country = pycountry.countries.get(alpha_3=wanted) or (
        pycountry.countries.get(alpha_2=wanted) if len(wanted) == 2 else None)
    if country is None:
        raise ConnectorError(f"unknown Comtrade area {text!r}: give a numeric code or ISO3")
    return str(int(country.numeric))


def normalize_query(query: Mapping | str | None, defaults: Mapping | None = None,
                    mapping: Mapping | None = None) -> dict:
    q = {**DEFAULTS, **dict(defaults or {}), **parse_query(query)}
    for name in ("reporterCode", "period"):
        if blank(q.get(name)):
            raise ConnectorError(f"a Comtrade query needs {name}, got {query!r}")
    for name, value in list(q.items()):
        if isinstance(value, (list, tuple, set)):
            value = ",".join(str(item) for item in value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = _code_text(value)
        if name in _CODE_KEYS and isinstance(value, str):
            value = ",".join(area_code(part.strip(), mapping) for part in value.split(",")
                             if part.strip())
        q[name] = value
    return q


def fetch(query: Mapping | str, *, defaults: Mapping | None = None) -> pd.DataFrame:
    """The records of a query as comtradeapicall returns them (a DataFrame; network)."""
    q = normalize_query(query, defaults)
    cap = _comtradeapicall()
    key = q.pop("subscription_key", None) or os.environ.get(KEY_ENV)
    args = [q["typeCode"], q["freqCode"], q["clCode"], q["period"], q["reporterCode"],
            q["cmdCode"], q["flowCode"], q["partnerCode"], q["partner2Code"], q["customsCode"],
            q["motCode"]]
    options = {"maxRecords": int(q["maxRecords"]) if q.get("maxRecords") else None,
               "format_output": "JSON", "breakdownMode": "classic", "includeDesc": True}
    try:
        if key:
            frame = cap.getFinalData(key, *args, **options)
        else:
            frame = cap.previewFinalData(*args, **options)
    except MissingDependencyError:
        raise
    except Exception as error:  # urllib3 and json errors
        raise ConnectorError(f"UN Comtrade {query_text(q)}: {error}") from error
    if frame is None:
        raise ConnectorError(f"UN Comtrade {query_text(q)}: no data returned (the API answered "
                             "with an error; see the message printed above)")
    return frame


def query_text(q: Mapping) -> str:
    return "&".join(f"{k}={v}" for k, v in q.items() if k not in SECRET_KEYS and v is not None)


def source_url(record: Mapping, cl_code: str = "HS") -> str:
    """The keyless API URL (``public/v1/preview``) that returns one record."""
    params = {"reporterCode": _code_text(record.get("reporterCode")),
              "period": _code_text(record.get("period")),
              "partnerCode": _code_text(record.get("partnerCode")),
              "partner2Code": _code_text(record.get("partner2Code")),
              "cmdCode": _code_text(record.get("cmdCode")),
              "flowCode": _code_text(record.get("flowCode")),
              "customsCode": _code_text(record.get("customsCode")),
              "motCode": _code_text(record.get("motCode"))}
    type_code = _code_text(record.get("typeCode")) or "C"
    freq = _code_text(record.get("freqCode")) or "M"
    query = urlencode([(k, v) for k, v in params.items() if v is not None])
    return f"{API}/{type_code}/{freq}/{cl_code}?{query}"


# -- parsing -----------------------------------------------------------------------------------

def records_of(response) -> list[Mapping]:
    """The data records of a response: comtradeapicall's DataFrame, the API payload
    ``{"data": [...]}`` (parsed or a path to a JSON file), or a list of records."""
    if isinstance(response, (str, Path)):
        response = json.loads(Path(response).read_text(encoding="utf-8"))
    if isinstance(response, pd.DataFrame):
        return response.to_dict("records")
    if isinstance(response, Mapping):
        if response.get("error"):
            raise ConnectorError(f"UN Comtrade error: {response['error']}")
        if "data" not in response:
            raise ConnectorError("not a UN Comtrade payload: no 'data' records")
        return list(response["data"] or [])
    return list(response)


def product_of(cmd_code: str, sectors: Mapping) -> tuple[str, str | None]:
    """``(product, hs_code)`` of a Comtrade cmdCode: TOTAL → (``_T``, None); a code the table
    maps → (its sector, code); any other → (``other:hs_<code>``, code)."""
    if cmd_code.upper() in ("TOTAL", "AG0", "_T"):
        return "_T", None
    sector = sectors.get(cmd_code)
    return (sector or f"other:hs_{cmd_code}"), cmd_code


def _period(record: Mapping) -> tuple[str, str]:
    freq = (_code_text(record.get("freqCode")) or "").upper()
    period = _code_text(record.get("period"))
    if period is None:
        year, month = _code_text(record.get("refYear")), _code_text(record.get("refMonth"))
        if year is None:
            raise ValueError("no period")
        period = year if freq == "A" or month in (None, "52") else f"{year}{int(month):02d}"
    parsed_freq, parsed = parse_period(period)
    if freq and freq != parsed_freq:
        raise ValueError(f"period {period!r} does not fit freqCode {freq}")
    return parsed_freq, parsed


def to_rows(response, mapping: Mapping | str | Path | None = None, *,
            query: Mapping | str | None = None, retrieved=None) -> tuple[list[dict], list[str]]:
    """Series-file rows of Comtrade records, and what was skipped."""
    table = load_mapping(mapping)
    config = table.get("comtrade") or {}
    flows = config.get("flows") or {}
    sectors = {str(k): v for k, v in (config.get("hs_sectors") or {}).items()}
    unit = config.get("unit", "USD")
    q = parse_query(query)
    agency = agency_name(table, "COMTRADE", "United Nations Statistics Division (UN Comtrade)")
    retrieved = retrieval_date(retrieved)
    rows, skipped = [], []
    for record in records_of(response):
        if not isinstance(record, Mapping):
            raise ConnectorError(f"not a UN Comtrade record: {record!r}")
        ident = " ".join(f"{label} {_code_text(record.get(name))}" for label, name in (
            ("reporter", "reporterCode"), ("partner", "partnerCode"), ("flow", "flowCode"),
            ("cmd", "cmdCode"), ("period", "period")))
        if (_code_text(record.get("typeCode")) or "C").upper() != "C":
            skipped.append(f"UN Comtrade {ident}: services (typeCode S) are not mapped")
            continue
        flow_code = _code_text(record.get("flowCode"))
        indicator = flows.get(flow_code)
        if indicator is None:
            skipped.append(f"UN Comtrade {ident}: flow {flow_code} not mapped")
            continue
        breakdown = [f"{name} {_code_text(record.get(name))}" for name, total in _TOTALS.items()
                     if _code_text(record.get(name)) not in (None, total)]
        if breakdown:
            skipped.append(f"UN Comtrade {ident}: a breakdown ({', '.join(breakdown)})")
            continue
        value = value_text(record.get("primaryValue"))
        if value is None:
            skipped.append(f"UN Comtrade {ident}: no value")
            continue
        reporter = to_area(record.get("reporterCode"), table) \
            or to_area(record.get("reporterISO"), table)
        partner = to_area(record.get("partnerCode"), table) \
            or to_area(record.get("partnerISO"), table)
        if reporter is None or partner is None:
            skipped.append(f"UN Comtrade {ident}: area not known")
            continue
        cmd_code = _code_text(record.get("cmdCode")) or "TOTAL"
        product, hs_code = product_of(cmd_code, sectors)
        try:
            freq, period = _period(record)
        except ValueError as error:
            skipped.append(f"UN Comtrade {ident}: {error}")
            continue
        cl_code = _code_text(record.get("classificationSearchCode")) or q.get("clCode") or "HS"
        note = f"UN Comtrade {_code_text(record.get('classificationCode')) or cl_code} {ident}"
        reported = record.get("isReported")
        if not blank(reported) and not bool(reported):
            note += "; isReported=false"
        rows.append({
            "freq": freq, "ref_area": reporter, "indicator": indicator,
            "counterpart_area": partner, "product": product, "hs_code": hs_code,
            "flow_basis": "customs", "unit": unit, "unit_mult": "0", "period": period,
            "value": value, "agency": agency, "source_url": source_url(record, cl_code),
            "release_date": retrieved, "vintage": retrieved, "status": "actual",
            "label": _label(record, indicator, reporter, partner, cmd_code), "note": note,
        })
    return rows, skipped


def _label(record: Mapping, indicator: str, reporter: str, partner: str, cmd_code: str) -> str:
    who = record.get("reporterDesc") if not blank(record.get("reporterDesc")) else reporter
    other = record.get("partnerDesc") if not blank(record.get("partnerDesc")) else partner
    direction = "to" if indicator == "exports" else "from"
    text = f"{who} {indicator} {direction} {other}"
    if cmd_code.upper() != "TOTAL":
        description = record.get("cmdDesc")
        text += f", HS {cmd_code}"
        if not blank(description):
            description = str(description)
            text += f" ({description[:60]}{'…' if len(description) > 60 else ''})"
    return text


def to_observations(response: pd.DataFrame | Mapping | Iterable | str | Path, mapping=None, *,
                    query: Mapping | str | None = None, retrieved=None) -> pd.DataFrame:
    """Store observations of UN Comtrade records (see ``records_of``); ``retrieved`` (default
    today) is the release date and vintage. ``frame.attrs["skipped"]`` lists the records left
    out (unmapped flows such as re-exports, breakdowns, unknown areas, missing values)."""
    rows, skipped = to_rows(response, mapping, query=query, retrieved=retrieved)
    return observations(rows, skipped=skipped, origin=NAME)
