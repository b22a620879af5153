"""Helpers shared by the connectors: lazy imports, the mapping table, area codes, periods, and
turning provider rows into store observations (``importer.normalize_row``)."""
from __future__ import annotations

import importlib
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl

import pandas as pd
import yaml

from ..importer import OBSERVATION_COLUMNS, normalize_row

MAPPING_PATH = Path(__file__).resolve().with_name("mappings.yaml")
EXTRA = "connectors"
INSTALL_HINT = f'pip install "econ-figures[{EXTRA}]"'

# Row fields a mapping rule may set (the series-file columns of ``importer``).
RULE_FIELDS = ("indicator", "ref_area", "counterpart_area", "product", "hs_code", "flow_basis",
               "accounting_entry", "transform", "unit", "unit_mult", "decimals", "label", "note",
               "agency")


class ConnectorError(RuntimeError):
    """A connector that cannot fetch or parse: bad query, provider error, unusable response."""


class MissingDependencyError(ConnectorError, ImportError):
    """The provider library of a connector is not installed."""


def require(module: str, package: str, connector: str):
    """Import a provider library, or raise ``MissingDependencyError`` naming the pip extra."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependencyError(
            f"the {connector} connector needs the {package!r} package, which is not installed: "
            f"run {INSTALL_HINT} (or pip install {package})") from error


# -- the mapping table -----------------------------------------------------------------------

def _read_yaml(path: str) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConnectorError(f"{path}: cannot read the connector mapping: {error}") from None
    if not isinstance(data, dict):
        raise ConnectorError(f"{path}: a connector mapping must be a YAML mapping")
    return data


@lru_cache(maxsize=1)
def _packaged() -> dict:
    return _read_yaml(str(MAPPING_PATH))


def load_mapping(mapping: Mapping | str | Path | None = None) -> dict:
    """The whole mapping table: the packaged ``mappings.yaml``, a YAML file, or a dict. A dict
    or file that lacks a section (``areas``, ``agencies``, ...) takes it from the packaged one.
    Raises ``ConnectorError`` naming the rule for a malformed table."""
    packaged = _packaged()
    if mapping is None:
        merged, origin = packaged, str(MAPPING_PATH)
    else:
        origin = "mapping"
        if isinstance(mapping, (str, Path)):
            origin = str(mapping)
            mapping = _read_yaml(str(Path(mapping).expanduser()))
        merged = dict(packaged)
        merged.update(mapping)
    problems = mapping_problems(merged)
    if problems:
        raise ConnectorError(f"{origin}: " + "; ".join(problems))
    return merged


_SDMX_KEYS = {"source", "dataflow", "structure", "match"}


def mapping_problems(table: Mapping) -> list[str]:
    """What is wrong with a mapping table (empty when nothing): unknown fields (a typo, or a
    YAML value with an unquoted comma), missing indicator/unit, values outside the store's
    vocabularies."""
    from ..keys import ACCOUNTING_ENTRIES, FLOW_BASES, TRANSFORMS

    problems = []

    def check(where: str, rule: object, extra: set) -> None:
        if not isinstance(rule, Mapping):
            problems.append(f"{where}: a rule must be a mapping")
            return
        unknown = sorted(str(k) for k in rule if k not in RULE_FIELDS and k not in extra)
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
        for name in ("indicator", "unit"):
            if not rule.get(name):
                problems.append(f"{where}: no {name}")
        for name, allowed in (("flow_basis", FLOW_BASES), ("accounting_entry", ACCOUNTING_ENTRIES),
                              ("transform", TRANSFORMS)):
            if rule.get(name) is not None and "{" not in str(rule[name]) \
                    and rule[name] not in allowed:
                problems.append(f"{where}: {name} {rule[name]!r} is not one of "
                                f"{', '.join(sorted(allowed))}")

    for number, rule in enumerate(table.get("sdmx") or [], start=1):
        where = f"sdmx rule {number}"
        check(where, rule, _SDMX_KEYS)
        if isinstance(rule, Mapping):
            if not rule.get("source"):
                problems.append(f"{where}: no source")
            if rule.get("match") is not None and not isinstance(rule["match"], Mapping):
                problems.append(f"{where}: match must map dimension ids to codes")
    for code, rule in (table.get("worldbank") or {}).items():
        check(f"worldbank {code}", rule, set())
    comtrade = table.get("comtrade") or {}
    for name in ("flows", "hs_sectors"):
        if not isinstance(comtrade.get(name) or {}, Mapping):
            problems.append(f"comtrade {name} must be a mapping")
    if not isinstance(table.get("areas") or {}, Mapping):
        problems.append("areas must be a mapping")
    return problems


def agency_name(mapping: Mapping, provider_id: str | None, default: str) -> str:
    agencies = mapping.get("agencies") or {}
    if provider_id and str(provider_id) in agencies:
        return agencies[str(provider_id)]
    if provider_id and str(provider_id).upper() in agencies:
        return agencies[str(provider_id).upper()]
    return default


# -- areas ------------------------------------------------------------------------------------

def to_area(code: object, mapping: Mapping) -> str | None:
    """A provider's area code as an ISO 3166 alpha-3 code or a SCHEMA region (``WLD``, ``EUU``,
    ``EMU``, ...); ``None`` when it is neither (an aggregate we have no id for)."""
    if blank(code):
        return None
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    text = str(code).strip()
    aliases = mapping.get("areas") or {}
    if text in aliases:
        return aliases[text]
    if text.upper() in aliases:
        return aliases[text.upper()]
    regions = set(mapping.get("regions") or ())
    if text.upper() in regions:
        return text.upper()
    import pycountry

    country = None
    if text.isdigit():
        country = pycountry.countries.get(numeric=text.zfill(3))
    elif len(text) == 2:
        country = pycountry.countries.get(alpha_2=text.upper())
    elif len(text) == 3:
        country = pycountry.countries.get(alpha_3=text.upper())
    return country.alpha_3 if country else None


# -- periods ----------------------------------------------------------------------------------

_PERIOD_FORMS = [
    (re.compile(r"^(?:YR)?(\d{4})(?:-A1|A)?$"), "A", lambda m: m[1]),
    (re.compile(r"^(\d{4})-?Q([1-4])$"), "Q", lambda m: f"{m[1]}-Q{m[2]}"),
    (re.compile(r"^(\d{4})-?M(\d{2})$"), "M", lambda m: f"{m[1]}-{m[2]}"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "M", lambda m: f"{m[1]}-{m[2]}"),
    (re.compile(r"^(\d{4})(\d{2})$"), "M", lambda m: f"{m[1]}-{m[2]}"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "D", lambda m: m[0]),
]


def parse_period(value: object) -> tuple[str, str]:
    """``(freq, period)`` in the series-file form from a provider's period: ``2025``,
    ``YR2025``, ``2025-Q3``/``2025Q3``, ``2025-10``/``2025M10``/``2025-M10``/``202510``,
    ``2025-10-15``. Raises ``ValueError`` for anything else."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    for pattern, freq, build in _PERIOD_FORMS:
        if m := pattern.match(text):
            return freq, build(m)
    raise ValueError(f"unsupported period {text!r}")


# -- values, dates, queries -------------------------------------------------------------------

def blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value.strip().lower() in ("", "nan", "na", "n/a", "none"):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def value_text(value: object) -> str | None:
    """The value as written (strings kept, so the published decimals survive); integral floats
    without a trailing ``.0``; ``None`` for a missing value."""
    if blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise ValueError(f"value {value!r} is not a number")
    number = float(value)
    if not math.isfinite(number):
        return None
    if number.is_integer() and abs(number) < 1e18:
        return str(int(number))
    return repr(number)


def retrieval_date(retrieved: object = None) -> str:
    """The retrieval date as ``YYYY-MM-DD`` (today when None)."""
    if retrieved is None:
        return date.today().isoformat()
    if isinstance(retrieved, datetime):
        return retrieved.date().isoformat()
    if isinstance(retrieved, date):
        return retrieved.isoformat()
    try:
        return date.fromisoformat(str(retrieved)[:10]).isoformat()
    except ValueError:
        raise ConnectorError(f"retrieved {retrieved!r} is not a date (YYYY-MM-DD)") from None


def parse_query(query: Mapping | str | None, list_keys: Iterable[str] = ()) -> dict:
    """A query as a dict: a mapping is copied; a string is ``key=value&key=value`` (a ``+``
    stays a plus; values of ``list_keys`` may hold several codes separated by commas or
    semicolons)."""
    if query is None:
        return {}
    if isinstance(query, Mapping):
        return dict(query)
    if not isinstance(query, str):
        raise ConnectorError(f"a query is a mapping or 'key=value&...' text, not {query!r}")
    out: dict = {}
    text = query.strip().lstrip("?").replace("+", "%2B")  # "+" is SDMX's "or", not a space
    for key, value in parse_qsl(text, keep_blank_values=False):
        if key in list_keys:
            value = [part for part in re.split(r"[;,]", value) if part]
        out[key] = value
    return out


def query_id(query: Mapping, secret_keys: Iterable[str] = ()) -> str:
    """A stable text for a query (secrets left out): names the store collection of a fetch."""
    secrets = set(secret_keys)
    parts = []
    for key in sorted(query):
        if key in secrets:
            continue
        value = query[key]
        if isinstance(value, Mapping):
            value = ",".join(f"{k}={value[k]}" for k in sorted(value))
        elif isinstance(value, (list, tuple, set)):
            value = ",".join(str(v) for v in value)
        parts.append(f"{key}={value}")
    return "&".join(parts)


# -- rows to observations ---------------------------------------------------------------------

def observations(rows: list[dict], *, skipped: list[str] | None = None,
                 origin: str = "connector") -> pd.DataFrame:
    """Normalized observations (the columns ``read_series_file`` returns) of series-file rows;
    a row the importer rejects is a mapping error, raised with the provider key it came from.
    ``frame.attrs["skipped"]`` lists what was left out and why."""
    out, problems = [], []
    for number, row in enumerate(rows, start=1):
        try:
            out.append(normalize_row(row, f"{origin}:{number}"))
        except ValueError as error:
            problems.append(f"row {number} ({row.get('note') or row.get('label')}): {error}")
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise ConnectorError(f"{origin}: mapped rows the series store rejects: {shown}{more}")
    frame = pd.DataFrame(out, columns=OBSERVATION_COLUMNS)
    frame.attrs["skipped"] = list(skipped or [])
    return frame
