"""The connector registry, lazy imports and the missing-library error, the command function,
the mapping table and the shared helpers. Needs none of the provider libraries."""
from __future__ import annotations

import importlib
import sys
import types

import pytest
from rich.console import Console

import extractor.reconcile.connectors as connectors
from extractor.reconcile.connectors import (INSTALL_HINT, ConnectorError, MissingDependencyError,
                                            connector, connector_names, load_mapping,
                                            series_fetch)
from extractor.reconcile.connectors._common import (mapping_problems, parse_period, parse_query,
                                                    to_area, value_text)

LIBRARIES = {"sdmx": "sdmx1", "wbgapi": "wbgapi", "comtradeapicall": "comtradeapicall"}
QUERIES = {
    "ecb": {"dataflow": "ICP", "key": "M.U2.N.000000.4.ANR"},
    "worldbank": {"series": "NE.EXP.GNFS.CD", "economy": "KOR"},
    "comtrade": {"reporterCode": "410", "period": "202510"},
}


@pytest.fixture
def without_libraries(monkeypatch):
    """Python as if none of the provider libraries were installed."""
    for module in LIBRARIES:
        monkeypatch.setitem(sys.modules, module, None)  # `import module` raises ImportError


def test_registry_names_and_aliases():
    assert connector_names() == ["sdmx", "ecb", "eurostat", "imf", "oecd", "worldbank",
                                 "comtrade"]
    assert connector("WB").name == "worldbank" and connector("wbgapi").name == "worldbank"
    assert connector("estat").defaults == {"source": "ESTAT"}
    assert connector("un-comtrade").name == "comtrade"
    with pytest.raises(ConnectorError, match="unknown connector 'fred'.*sdmx, ecb"):
        connector("fred")


def test_modules_import_without_the_libraries(without_libraries):
    for name in ("sdmx", "worldbank", "comtrade"):
        importlib.reload(importlib.import_module(f"extractor.reconcile.connectors.{name}"))
    assert not connector("ecb").available
    assert not connector("worldbank").available


@pytest.mark.parametrize("name, package", [("ecb", "sdmx1"), ("worldbank", "wbgapi"),
                                           ("comtrade", "comtradeapicall")])
def test_missing_library_names_the_extra(without_libraries, name, package):
    with pytest.raises(MissingDependencyError) as caught:
        connector(name).fetch(QUERIES[name])
    message = str(caught.value)
    assert 'pip install "econ-figures[connectors]"' in message and package in message
    assert INSTALL_HINT == 'pip install "econ-figures[connectors]"'
    assert isinstance(caught.value, ImportError)


def test_reading_an_sdmx_file_without_sdmx1(without_libraries, tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<x/>")
    with pytest.raises(MissingDependencyError, match=r"econ-figures\[connectors\]"):
        connector("ecb").to_observations(path, query={"dataflow": "ICP"})


def test_command_exit_codes(without_libraries, tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_FIGURES_SNAPSHOT", str(tmp_path / "no_snapshot"))
    console = Console(record=True, width=200)
    store = tmp_path / "store.duckdb"
    assert series_fetch("fred", "x=1", store, console=console) == 2
    assert series_fetch("worldbank", "economy=KOR", store, console=console) == 2  # no series
    assert series_fetch("worldbank", QUERIES["worldbank"], store, console=console) == 2
    text = console.export_text()
    assert "unknown connector 'fred'" in text and "needs series" in text
    assert 'pip install "econ-figures[connectors]"' in text


def test_command_fetches_into_a_store_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_FIGURES_SNAPSHOT", str(tmp_path / "no_snapshot"))
    rows = [{"value": 1.4, "series": "NY.GDP.MKTP.KD.ZG", "economy": "KOR", "time": "YR2023"}]
    module = types.ModuleType("wbgapi")
    module.data = types.SimpleNamespace(fetch=lambda *args, **options: iter(rows))
    monkeypatch.setitem(sys.modules, "wbgapi", module)
    console = Console(record=True, width=200)
    store_path = tmp_path / "store.duckdb"
    query = "series=NY.GDP.MKTP.KD.ZG&economy=KOR&time=2023"
    assert series_fetch("wb", query, store_path, console=console) == 0
    assert "fetched 1 observations from worldbank" in console.export_text()
    from extractor.reconcile import SeriesStore

    with SeriesStore.open(store_path) as store:
        frame = store.frame()
    assert list(frame.series_id) == ["A.KOR.gdp_growth.WLD._T._Z._Z.%.level.actual"]

    def failing(*args, **options):
        raise OSError("name resolution failed")

    module.data = types.SimpleNamespace(fetch=failing)
    assert series_fetch("wb", query, store_path, console=console) == 1
    assert "name resolution failed" in console.export_text()


def test_packaged_mapping_is_well_formed():
    table = load_mapping()
    assert mapping_problems(table) == []
    assert table["worldbank"]["NE.EXP.GNFS.CD"]["indicator"] == "exports.goods_and_services"
    assert table["comtrade"]["flows"] == {"X": "exports", "M": "imports"}
    assert table["comtrade"]["hs_sectors"]["8542"] == "integrated_circuits"
    assert table["comtrade"]["hs_sectors"]["8703"] == "automobiles"


def test_malformed_mapping_names_the_rule():
    with pytest.raises(ConnectorError, match="worldbank X: unknown field.*; worldbank X: no unit"):
        load_mapping({"worldbank": {"X": {"indicator": "exports", "unitt": "USD"}}})
    with pytest.raises(ConnectorError, match="sdmx rule 1: flow_basis 'cif'"):
        load_mapping({"sdmx": [{"source": "ECB", "indicator": "exports", "unit": "USD",
                                "flow_basis": "cif"}]})


@pytest.mark.parametrize("text, expected", [
    ("2025", ("A", "2025")), ("YR2023", ("A", "2023")), (2024, ("A", "2024")),
    ("2025-Q3", ("Q", "2025-Q3")), ("2025Q3", ("Q", "2025-Q3")),
    ("2025-10", ("M", "2025-10")), ("2025M10", ("M", "2025-10")), ("2025-M10", ("M", "2025-10")),
    ("202510", ("M", "2025-10")), (202510, ("M", "2025-10")),
    ("2025-10-15", ("D", "2025-10-15")),
])
def test_provider_periods(text, expected):
    assert parse_period(text) == expected


def test_unsupported_period():
    with pytest.raises(ValueError, match="unsupported period '2025-W40'"):
        parse_period("2025-W40")


@pytest.mark.parametrize("code, area", [
    ("KR", "KOR"), ("KOR", "KOR"), ("410", "KOR"), (410, "KOR"), (36, "AUS"), (842, "USA"),
    (0, "WLD"), ("U2", "EMU"), ("EA20", "EMU"), ("EU27_2020", "EUU"), ("EL", "GRC"),
    ("EMU", "EMU"), ("W00", "WLD"), (490, "TWN"), ("EAS", None), (899, None), (None, None),
])
def test_areas(code, area):
    assert to_area(code, load_mapping()) == area


def test_values_keep_their_written_decimals():
    assert value_text("2.10") == "2.10"
    assert value_text(4123456789.0) == "4123456789"
    assert value_text(2.5) == "2.5"
    assert value_text(float("nan")) is None and value_text("NaN") is None


def test_query_text_keeps_plus_signs():
    assert parse_query("key=M.U2+DE.N&startPeriod=2025") == {"key": "M.U2+DE.N",
                                                             "startPeriod": "2025"}
    assert parse_query("series=A,B;C", ["series"]) == {"series": ["A", "B", "C"]}
    with pytest.raises(ConnectorError):
        parse_query(42)


def test_package_exports():
    assert set(connectors.__all__) >= {"connector", "fetch_into_store", "series_fetch",
                                       "MissingDependencyError"}


def test_mapping_file_passed_in(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("worldbank:\n  SP.POP.TOTL: {indicator: 'other:population', unit: persons}\n")
    table = load_mapping(path)
    assert list(table["worldbank"]) == ["SP.POP.TOTL"] and table["areas"]["U2"] == "EMU"
    with pytest.raises(ConnectorError, match="missing.yaml: cannot read"):
        load_mapping(tmp_path / "missing.yaml")
