"""Connectors: official series from data providers into the series store (optional extra).

    pip install "econ-figures[connectors]"      # sdmx1, wbgapi, comtradeapicall

One module per provider, each with ``fetch(query)`` (calls the provider's library: network)
and a pure ``to_observations(response, mapping=None, *, query=None, retrieved=None)`` that
turns the provider's response into store observations (the columns ``read_series_file``
returns) with provenance: agency, a source URL built from the query, release date and vintage
= the retrieval date. Provider codes map to our keys through ``mappings.yaml`` (or a mapping
passed in); series no rule maps are skipped and listed in ``frame.attrs["skipped"]``.

    >>> from extractor.reconcile.connectors import connector, fetch_into_store
    >>> ecb = connector("ecb")                          # sdmx1, source ECB
    >>> message = ecb.fetch("dataflow=ICP&key=M.U2.N.000000.4.ANR&startPeriod=2025-01")
    >>> frame = ecb.to_observations(message, query="dataflow=ICP&startPeriod=2025-01")
    >>> fetch_into_store("worldbank", "series=NE.EXP.GNFS.CD&economy=KOR&time=2020:2024")

Provider libraries are imported only when a connector fetches or reads a file; without them
``MissingDependencyError`` names the extra to install.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._common import (INSTALL_HINT, ConnectorError, MissingDependencyError, load_mapping,
                      parse_query, query_id)

COLLECTION_PREFIX = "connector"


@dataclass(frozen=True)
class Connector:
    """A provider: its module (``sdmx``, ``worldbank``, ``comtrade``), the pip package it needs,
    and query defaults (an SDMX source for ``ecb``, ``eurostat``, ``imf``, ``oecd``)."""

    name: str
    module_name: str
    package: str
    import_name: str
    description: str
    defaults: Mapping = field(default_factory=dict)
    secret_keys: tuple = ()

    @property
    def module(self):
        return importlib.import_module(f"{__name__}.{self.module_name}")

    @property
    def available(self) -> bool:
        """Whether the provider library is installed (nothing is imported)."""
        if self.import_name in sys.modules:
            return sys.modules[self.import_name] is not None
        try:
            return importlib.util.find_spec(self.import_name) is not None
        except (ImportError, ValueError):
            return False

    def query(self, query: Mapping | str | None) -> dict:
        """The query with this connector's defaults (not yet checked)."""
        return {**dict(self.defaults), **parse_query(query, _list_keys(self.module_name))}

    def fetch(self, query: Mapping | str):
        """The provider's response to a query (network)."""
        return self.module.fetch(query, defaults=self.defaults)

    def to_observations(self, response, mapping=None, *, query: Mapping | str | None = None,
                        retrieved=None) -> pd.DataFrame:
        """Store observations of a response (pure: no network)."""
        return self.module.to_observations(response, mapping, query=self.query(query),
                                           retrieved=retrieved)

    def collection(self, query: Mapping | str | None) -> str:
        """The store collection of a query's observations (a re-fetch replaces it)."""
        return f"{COLLECTION_PREFIX}:{self.name}:{query_id(self.query(query), self.secret_keys)}"


def _list_keys(module_name: str) -> tuple:
    return ("series", "economy") if module_name == "worldbank" else ()


_SDMX_HELP = "SDMX REST via sdmx1 (ECB, ESTAT, IMF, OECD, ...)"
_CONNECTORS = {
    "sdmx": Connector("sdmx", "sdmx", "sdmx1", "sdmx",
                      f"{_SDMX_HELP}; name the source= in the query"),
    "ecb": Connector("ecb", "sdmx", "sdmx1", "sdmx", "European Central Bank (SDMX)",
                     {"source": "ECB"}),
    "eurostat": Connector("eurostat", "sdmx", "sdmx1", "sdmx", "Eurostat (SDMX)",
                          {"source": "ESTAT"}),
    "imf": Connector("imf", "sdmx", "sdmx1", "sdmx", "International Monetary Fund (SDMX; "
                     "sdmx1 source IMF; use sdmx with source=IMF_DATA for the 2025 data portal)",
                     {"source": "IMF"}),
    "oecd": Connector("oecd", "sdmx", "sdmx1", "sdmx", "OECD Data Explorer (SDMX)",
                      {"source": "OECD"}),
    "worldbank": Connector("worldbank", "worldbank", "wbgapi", "wbgapi",
                           "World Bank API (wbgapi): WDI and other databases"),
    "comtrade": Connector("comtrade", "comtrade", "comtradeapicall", "comtradeapicall",
                          "UN Comtrade (comtradeapicall): trade by partner and HS code",
                          secret_keys=("subscription_key",)),
}
_ALIASES = {"wb": "worldbank", "wbgapi": "worldbank", "world_bank": "worldbank",
            "estat": "eurostat", "sdmx1": "sdmx", "un_comtrade": "comtrade",
            "comtradeapicall": "comtrade"}


def connector_names() -> list[str]:
    return list(_CONNECTORS)


def connector(name: str) -> Connector:
    """The connector called ``name`` (``sdmx``, ``ecb``, ``eurostat``, ``imf``, ``oecd``,
    ``worldbank``/``wb``, ``comtrade``). Imports no provider library."""
    key = str(name).strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in _CONNECTORS:
        raise ConnectorError(f"unknown connector {name!r}: expected one of "
                             f"{', '.join(connector_names())}")
    return _CONNECTORS[key]


def fetch_observations(name: str, query: Mapping | str, *, mapping=None,
                       retrieved=None) -> pd.DataFrame:
    """Fetch a query from a provider and return its store observations (network)."""
    source = connector(name)
    response = source.fetch(query)
    return source.to_observations(response, mapping, query=query, retrieved=retrieved)


def fetch_into_store(name: str, query: Mapping | str, store_path: str | Path | None = None, *,
                     mapping=None, retrieved=None, replace: bool = True, store=None) -> int:
    """Fetch a query and add its observations to the series store (``store``, else the store
    at ``store_path``, else the user's default store); returns the number added. With
    ``replace`` an earlier fetch of the same query is dropped first. Raises
    ``MissingDependencyError`` (library not installed) or ``ConnectorError``."""
    source = connector(name)
    frame = fetch_observations(name, query, mapping=mapping, retrieved=retrieved)
    collection = source.collection(query)
    if store is not None:
        return add_to_store(store, frame, collection, replace=replace)
    from ..store import SeriesStore

    with SeriesStore.open(store_path) as opened:
        return add_to_store(opened, frame, collection, replace=replace)


def add_to_store(store, frame: pd.DataFrame, collection: str, *, replace: bool = True) -> int:
    """Add connector observations to a ``SeriesStore`` under ``collection``."""
    if replace:
        store.remove_collection(collection)
    return store.add(frame, collection)


def series_fetch(name: str, query: Mapping | str, store_path: str | Path | None = None, *,
                 mapping=None, console=None) -> int:
    """Command function for the CLI (``extractor series fetch NAME QUERY``): exit code 0 on
    success, 1 when the provider could not be reached or answered with an error, 2 for a
    usage error (unknown connector, bad query, library not installed)."""
    from rich.console import Console

    console = console or Console(stderr=True)
    try:
        source = connector(name)
        source.module.normalize_query(query, source.defaults)
    except ConnectorError as error:
        console.print(f"error: {error}", markup=False)
        return 2
    try:
        count = fetch_into_store(source.name, query, store_path, mapping=mapping)
    except MissingDependencyError as error:
        console.print(f"error: {error}", markup=False)
        return 2
    except ConnectorError as error:
        console.print(f"error: {error}", markup=False)
        return 1
    console.print(f"fetched {count} observations from {source.name}", markup=False)
    return 0


__all__ = ["Connector", "ConnectorError", "INSTALL_HINT", "MissingDependencyError",
           "add_to_store", "connector", "connector_names", "fetch_into_store",
           "fetch_observations", "load_mapping", "series_fetch"]
