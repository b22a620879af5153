"""SDMX connector (the ``sdmx1`` package): ECB, Eurostat (ESTAT), IMF, OECD and any other source
sdmx1 knows.

A query names the source, the dataflow, the series key and REST parameters:

    {"source": "ECB", "dataflow": "ICP", "key": "M.U2+DE.N.000000.4.ANR",
     "params": {"startPeriod": "2025-01"}}

or as text, ``source=ECB&dataflow=ICP&key=M.U2.N.000000.4.ANR&startPeriod=2025-01`` (keys other
than source, dataflow, key and url are REST parameters). ``fetch`` asks the provider (network);
``to_observations`` turns a data message (SDMX-ML 2.1 generic or structure-specific, SDMX-JSON;
as ``fetch`` returns it or as ``sdmx.read_sdmx`` reads it from a file) into store observations
through the ``sdmx`` rules of ``mappings.yaml``. ``sdmx`` is imported only inside functions.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlencode

import pandas as pd

from ._common import (ConnectorError, MissingDependencyError, agency_name, load_mapping,
                      observations, parse_period, parse_query, require, retrieval_date, to_area,
                      value_text)

NAME = "sdmx"
PACKAGE = "sdmx1"
QUERY_KEYS = ("source", "dataflow", "key", "url", "params")
_AREA_DIMS = ("REF_AREA", "GEO", "COUNTRY", "LOCATION")
_PARTNER_DIMS = ("COUNTERPART_AREA", "PARTNER", "PARTNER_AREA")
_TIME_DIMS = ("TIME_PERIOD", "TIME")


def _sdmx():
    return require("sdmx", PACKAGE, "SDMX")


def normalize_query(query: Mapping | str | None, defaults: Mapping | None = None) -> dict:
    """``{"source", "dataflow", "key", "params"[, "url"]}`` of a query dict or text."""
    raw = {**dict(defaults or {}), **parse_query(query)}
    params = dict(raw.pop("params", None) or {})
    out = {}
    for name, value in raw.items():
        if name in QUERY_KEYS:
            out[name] = value
        else:
            params[name] = value
    if not out.get("source") or not out.get("dataflow"):
        shown = dict(query) if isinstance(query, Mapping) else query
        raise ConnectorError("an SDMX query needs a source (ECB, ESTAT, IMF, OECD, ...) and a "
                             f"dataflow, got {shown!r}")
    out["source"] = str(out["source"]).upper()
    key = out.get("key")
    if isinstance(key, (list, tuple)):
        key = ".".join(key)
    out["key"] = key or None
    out["params"] = params
    return out


def fetch(query: Mapping | str, *, defaults: Mapping | None = None):
    """The provider's data message for a query (network). Raises ``MissingDependencyError``
    without sdmx1 and ``ConnectorError`` when the request fails."""
    q = normalize_query(query, defaults)
    sdmx = _sdmx()
    try:
        client = sdmx.Client(q["source"])
        return client.data(q["dataflow"], key=q["key"], params=q["params"] or None)
    except MissingDependencyError:
        raise
    except Exception as error:  # sdmx1 and requests raise many types
        raise ConnectorError(f"SDMX {q['source']} {q['dataflow']}: the request failed "
                             f"({type(error).__name__}: {error}); check the network and the query"
                             ) from error


def read(path_or_bytes):
    """A data message from an SDMX-ML / SDMX-JSON file, bytes or stream (``sdmx.read_sdmx``)."""
    sdmx = _sdmx()
    quiet = logging.getLogger("sdmx")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "no structure= argument": rules match by dimension id
    try:
        return sdmx.read_sdmx(path_or_bytes)
    except MissingDependencyError:
        raise
    except Exception as error:
        where = path_or_bytes if isinstance(path_or_bytes, (str, Path)) else "SDMX data"
        raise ConnectorError(f"{where}: cannot read SDMX message: {error}") from error
    finally:
        quiet.setLevel(level)


def flow_id(dataflow: object) -> str:
    """The bare flow id, upper-cased: ``OECD.SDD.TPS,DSD_PRICES@DF_PRICES_ALL,1.0`` →
    ``DSD_PRICES@DF_PRICES_ALL``; ``prc_hicp_manr`` → ``PRC_HICP_MANR``."""
    text = str(getattr(dataflow, "id", dataflow)).strip()
    parts = text.split(",")
    if len(parts) == 3:
        text = parts[1]
    elif len(parts) == 2:
        text = parts[1]
    return text.upper()


def base_url(source: str, mapping: Mapping | None = None) -> str | None:
    """The REST endpoint of an SDMX source: sdmx1's source table, else ``sdmx_base_urls``."""
    try:
        sources = _sdmx().source.sources
        if source in sources and getattr(sources[source], "url", None):
            return str(sources[source].url)
    except (ImportError, AttributeError):
        pass
    return (load_mapping(mapping).get("sdmx_base_urls") or {}).get(source)


def source_url(query: Mapping | str, key: str | None = None,
               mapping: Mapping | None = None) -> str:
    """The SDMX 2.1 REST URL of a query, for one series key if given:
    ``{base}/data/{dataflow}/{key}?{params}``."""
    q = normalize_query(query)
    base = q.get("url") or base_url(q["source"], mapping)
    if not base:
        raise ConnectorError(f"no REST URL known for SDMX source {q['source']!r}: add it to "
                             "sdmx_base_urls in the mapping or pass url= in the query")
    key = key or q.get("key") or "all"
    url = f"{str(base).rstrip('/')}/data/{quote(str(q['dataflow']), safe=',@')}/" \
          f"{quote(str(key), safe='.+')}"
    if q["params"]:
        url += "?" + urlencode(sorted(q["params"].items()))
    return url


# -- parsing -----------------------------------------------------------------------------------

def _code(value: object) -> str:
    value = getattr(value, "value", value)
    return str(getattr(value, "id", value))


def _attributes(*holders) -> dict:
    out = {}
    for attrs in holders:
        for name, attribute in (attrs or {}).items():
            out[str(name).upper()] = _code(attribute)
    return out


def _matches(wanted: object, actual: str | None) -> bool:
    if actual is None:
        return False
    if isinstance(wanted, (list, tuple, set)):
        return actual in {str(item) for item in wanted}
    return actual == str(wanted)


def find_rule(rules, source: str | None, flow: str | None, structure: str | None,
              dims: Mapping[str, str]) -> dict | None:
    """The first rule for a series (``dims``: dimension id, upper-cased → code). A rule's
    ``dataflow`` is compared with ``flow`` when the flow is known, else its ``structure`` (DSD
    id) with ``structure``."""
    for rule in rules:
        if source and rule.get("source") and str(rule["source"]).upper() != source.upper():
            continue
        if flow and rule.get("dataflow"):
            if flow_id(rule["dataflow"]) != flow:
                continue
        elif rule.get("structure") or rule.get("dataflow"):
            ids = {flow_id(rule[name]) for name in ("dataflow", "structure") if rule.get(name)}
            if structure not in ids:
                continue
        wanted = rule.get("match") or {}
        if all(_matches(value, dims.get(str(name).upper())) for name, value in wanted.items()):
            return rule
    return None


def _fill(value: object, dims: Mapping[str, str], series: str) -> object:
    if not isinstance(value, str) or "{" not in value:
        return value
    try:
        return value.format_map({name: code for name, code in dims.items()})
    except (KeyError, ValueError) as error:
        raise ConnectorError(f"mapping refers to a dimension {error} that series {series} "
                             "does not have") from None


def _context(message, query: Mapping | str | None) -> tuple[dict, str | None, bool]:
    """The query (with what the message tells: sender, flow), the DSD id, and whether the
    dataflow is known (rather than taken from the DSD id)."""
    q = parse_query(query)
    header = getattr(message, "header", None)
    sender = getattr(getattr(header, "sender", None), "id", None)
    q.setdefault("source", sender)
    structure = None
    for dataset in getattr(message, "data", []) or []:
        described = getattr(dataset, "described_by", None)
        structured = getattr(dataset, "structured_by", None)
        if described is not None and not q.get("dataflow"):
            q["dataflow"] = getattr(described, "id", None)
        if structured is not None:
            structure = flow_id(getattr(structured, "id", structured))
        break
    if not q.get("dataflow"):
        dataflow = getattr(message, "dataflow", None)
        if getattr(dataflow, "id", None):
            q["dataflow"] = dataflow.id
    flow_known = bool(q.get("dataflow"))
    if not flow_known and structure:
        q["dataflow"] = structure
    if not q.get("source") or not q.get("dataflow"):
        raise ConnectorError("cannot tell the SDMX source and dataflow of this message: pass "
                             "query={'source': ..., 'dataflow': ...}")
    return normalize_query(q), structure, flow_known


def to_rows(response, mapping: Mapping | str | Path | None = None, *,
            query: Mapping | str | None = None, retrieved=None) -> tuple[list[dict], list[str]]:
    """Series-file rows (``importer`` columns) of an SDMX data message, and what was skipped."""
    if isinstance(response, (str, Path, bytes)):
        response = read(response)
    table = load_mapping(mapping)
    rules = table.get("sdmx") or []
    q, structure, flow_known = _context(response, query)
    source, flow = q["source"], flow_id(q["dataflow"])
    rule_flow = flow if flow_known else None
    agency = agency_name(table, source, source)
    retrieved = retrieval_date(retrieved)
    rows, skipped, unmapped = [], [], set()
    for dataset in response.data:
        for obs in dataset.obs:
            key_values = list(obs.key.values.values())
            time = [kv for kv in key_values if str(kv.id).upper() in _TIME_DIMS]
            others = [kv for kv in key_values if str(kv.id).upper() not in _TIME_DIMS]
            dims = {str(kv.id).upper(): _code(kv.value) for kv in others}
            series = ".".join(_code(kv.value) for kv in others)
            rule = find_rule(rules, source, rule_flow, structure, dims)
            if rule is None:
                if series not in unmapped:
                    unmapped.add(series)
                    skipped.append(f"{source} {flow} {series}: no mapping rule")
                continue
            if not time:
                skipped.append(f"{source} {flow} {series}: observation without a time period")
                continue
            period_text = _code(time[0].value)
            value = value_text(obs.value)
            if value is None:
                skipped.append(f"{source} {flow} {series} {period_text}: no value")
                continue
            try:
                freq, period = parse_period(period_text)
            except ValueError as error:
                skipped.append(f"{source} {flow} {series}: {error}")
                continue
            attrs = _attributes(getattr(dataset, "attrib", None),
                                getattr(obs.series_key, "attrib", None) if obs.series_key else None,
                                getattr(obs, "attached_attribute", None))
            url_query = q if flow_known or not rule.get("dataflow") \
                else {**q, "dataflow": rule["dataflow"]}
            row = _row(rule, dims, attrs, table, series=series, source=source, flow=flow,
                       agency=agency, url=source_url(url_query, key=series, mapping=table),
                       retrieved=retrieved)
            if row is None:
                skipped.append(f"{source} {flow} {series}: area not known "
                               f"({', '.join(dims.get(d, '') for d in _AREA_DIMS if d in dims)})")
                continue
            row.update(freq=freq, period=period, value=value)
            for name in ("OBS_STATUS", "OBS_FLAG"):  # provisional, estimated, break, ...
                if attrs.get(name) not in (None, "", "A", "_Z"):
                    row["note"] = f"{row['note']}; {name}={attrs[name]}"
            rows.append(row)
    return rows, skipped


def _row(rule: Mapping, dims: Mapping[str, str], attrs: Mapping[str, str], table: Mapping, *,
         series: str, source: str, flow: str, agency: str, url: str, retrieved: str) -> dict | None:
    filled = {name: _fill(value, dims, series) for name, value in rule.items()
              if name not in ("source", "dataflow", "structure", "match")}
    if not filled.get("indicator") or not filled.get("unit"):
        raise ConnectorError(f"SDMX mapping rule for {source} {flow} needs indicator and unit")
    ref_area = filled.get("ref_area")
    if ref_area is None:
        code = next((dims[d] for d in _AREA_DIMS if d in dims), None)
        ref_area = to_area(code, table)
    elif "{" in str(rule.get("ref_area")):
        ref_area = to_area(ref_area, table)
    if ref_area is None:
        return None
    partner = filled.get("counterpart_area")
    if partner is None:
        code = next((dims[d] for d in _PARTNER_DIMS if d in dims), None)
        partner = to_area(code, table) if code is not None else "WLD"
    elif "{" in str(rule.get("counterpart_area")):
        partner = to_area(partner, table)
    if partner is None:
        return None
    row = {
        "indicator": filled["indicator"], "ref_area": ref_area, "counterpart_area": partner,
        "unit": filled["unit"], "agency": filled.get("agency", agency), "source_url": url,
        "release_date": retrieved, "vintage": retrieved, "status": "actual",
        "label": filled.get("label") or attrs.get("TITLE") or f"{source} {flow} {series}",
        "note": f"SDMX {source} {flow} {series}",
    }
    for name in ("product", "hs_code", "flow_basis", "accounting_entry", "transform"):
        if filled.get(name) is not None:
            row[name] = filled[name]
    unit_mult = attrs.get("UNIT_MULT", filled.get("unit_mult"))
    if unit_mult is not None:
        row["unit_mult"] = str(unit_mult)
    decimals = attrs.get("DECIMALS", filled.get("decimals"))
    if decimals is not None:
        row["decimals"] = str(decimals)
    return row


def to_observations(response, mapping: Mapping | str | Path | None = None, *,
                    query: Mapping | str | None = None, retrieved=None) -> pd.DataFrame:
    """Store observations (the columns ``read_series_file`` returns) of an SDMX data message
    (or a path to one). ``query`` gives the source and dataflow when the message does not, and
    the REST parameters of the source URLs; ``retrieved`` (default today) is the release date
    and vintage. ``frame.attrs["skipped"]`` lists unmapped series and empty observations."""
    rows, skipped = to_rows(response, mapping, query=query, retrieved=retrieved)
    return observations(rows, skipped=skipped, origin=NAME)
