"""World Bank connector, offline: rows as wbgapi.data.fetch yields them and raw World Bank API
JSON (tests/data/connectors), parsed into store rows with provenance. Parsing needs no wbgapi;
fetching is tested with a stand-in module, and against wbgapi's real signature when installed."""
from __future__ import annotations

import inspect
import json
import sys
import types
from pathlib import Path

import pytest

from extractor.reconcile import SeriesStore
from extractor.reconcile.connectors import ConnectorError, connector, fetch_into_store
from extractor.reconcile.connectors import worldbank

DATA = Path(__file__).parent / "data" / "connectors"
RETRIEVED = "2025-12-18"


def _rows(name):
    return json.loads((DATA / name).read_text())


def test_fetch_rows_become_store_rows_with_keys_units_and_provenance():
    frame = worldbank.to_observations(_rows("worldbank_fetch_rows.json"), retrieved=RETRIEVED)
    assert list(frame.series_id) == [
        "A.KOR.exports.goods_and_services.WLD._T.national._Z.USD.level.actual",
        "A.KOR.gdp_growth.WLD._T._Z._Z.%.level.actual",
        "A.EMU.inflation.WLD._T._Z._Z.%.level.actual",
    ]
    exports = frame.iloc[0]
    assert exports.value == pytest.approx(811_912_450_842.383)
    assert (exports.unit, exports.unit_mult, exports.flow_basis) == ("USD", 0, "national")
    assert (exports.time_period, exports.period_start, exports.period_end) == \
        ("2023", "2023-01", "2023-12")
    assert exports.agency == "World Bank"
    assert exports.source_url == ("https://api.worldbank.org/v2/country/KOR/indicator/"
                                  "NE.EXP.GNFS.CD?date=2023&format=json")
    assert exports.release_date == exports.vintage == RETRIEVED
    assert exports.note == "World Bank WDI NE.EXP.GNFS.CD KOR YR2023"
    growth = frame.iloc[1]
    assert (growth.indicator, growth.unit) == ("gdp_growth", "%")
    assert growth.value == pytest.approx(1.36057913137)
    assert frame.iloc[2].label == "Inflation, consumer prices (annual %)"
    assert frame.attrs["skipped"] == [
        "World Bank FP.CPI.TOTL.ZG EAS: area not known",   # an aggregate with no SCHEMA id
        "World Bank NE.EXP.GNFS.CD KOR YR2024: no value",
        "World Bank SP.POP.TOTL: no mapping rule",
    ]


def test_labelled_rows_and_a_generator_are_read_too():
    rows = _rows("worldbank_fetch_rows_labels.json")
    frame = connector("wb").to_observations(iter(rows), retrieved=RETRIEVED)
    row = frame.iloc[0]
    assert row.series_id == "A.CHN.current_account.WLD._T.bop.N.USD.level.actual"
    assert row.value == pytest.approx(443_374_000_000)


def test_raw_api_pages():
    frame = worldbank.to_observations(DATA / "worldbank_api_v2.json", retrieved=RETRIEVED)
    assert dict(zip(frame.time_period, frame.value)) == {
        "2023": pytest.approx(776_131_071_519.24), "2022": pytest.approx(783_560_234_521.5)}
    assert set(frame.indicator) == {"imports.goods_and_services"}
    assert frame.iloc[0].note.endswith("database last updated 2025-10-07")
    frame = worldbank.to_observations(DATA / "worldbank_sources_page.json", retrieved=RETRIEVED)
    row = frame.iloc[0]
    assert row.series_id == "A.JPN.exports.WLD._T.customs._Z.USD.level.actual"
    assert row.value == 717_253_000_000 and row.decimals == 0


def test_other_database_and_periods_in_urls():
    rows = [{"value": 1.5, "series": "FP.CPI.TOTL.ZG", "economy": "KOR", "time": "2025M10"}]
    frame = worldbank.to_observations(rows, query={"db": 15}, retrieved=RETRIEVED)
    row = frame.iloc[0]
    assert (row.freq, row.time_period) == ("M", "2025-10")
    assert row.source_url.endswith("date=2025M10&source=15&format=json")
    assert row.note.startswith("World Bank database 15")


def test_bad_rows_are_errors():
    with pytest.raises(ConnectorError, match="without series"):
        worldbank.to_observations([{"value": 1}], retrieved=RETRIEVED)
    with pytest.raises(ConnectorError, match="not a World Bank response"):
        worldbank.to_observations({"rows": []}, retrieved=RETRIEVED)


def test_query_text():
    query = worldbank.normalize_query("series=NE.EXP.GNFS.CD,NE.IMP.GNFS.CD&economy=KOR;CHN"
                                      "&time=2020:2024")
    assert query["series"] == ["NE.EXP.GNFS.CD", "NE.IMP.GNFS.CD"]
    assert query["economy"] == ["KOR", "CHN"] and query["db"] == 2
    with pytest.raises(ConnectorError, match="needs series"):
        worldbank.normalize_query("economy=KOR")


def _fake_wbgapi(calls):
    def fetch(series, economy="all", time="all", **options):
        calls.append((series, economy, time, options))
        return iter(_rows("worldbank_fetch_rows.json"))

    module = types.ModuleType("wbgapi")
    module.data = types.SimpleNamespace(fetch=fetch)
    return module


def test_fetch_into_store_with_a_stand_in_wbgapi(monkeypatch):
    calls = []
    monkeypatch.setitem(sys.modules, "wbgapi", _fake_wbgapi(calls))
    store = SeriesStore.memory(load_snapshot=False)
    count = fetch_into_store("worldbank", "series=NE.EXP.GNFS.CD&economy=KOR&time=2020:2024",
                             store=store, retrieved=RETRIEVED)
    assert count == 3
    series, economy, time, options = calls[0]
    assert (series, economy, time) == (["NE.EXP.GNFS.CD"], ["KOR"], range(2020, 2025))
    assert options == {"mrv": None, "mrnev": None, "skipBlanks": True, "db": 2}
    assert set(store.frame().agency) == {"World Bank"}


def test_wbgapi_fetch_accepts_the_arguments_we_pass():
    wbgapi = pytest.importorskip("wbgapi")
    parameters = inspect.signature(wbgapi.data.fetch).parameters
    for name in ("series", "economy", "time", "mrv", "mrnev", "skipBlanks", "db"):
        assert name in parameters
