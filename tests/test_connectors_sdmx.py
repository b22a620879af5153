"""SDMX connector (sdmx1), offline: hand-written SDMX-ML 2.1 (generic, structure-specific) and
SDMX-JSON messages in tests/data/connectors, parsed into store rows with provenance."""
from __future__ import annotations

from pathlib import Path

import pytest

sdmx = pytest.importorskip("sdmx")

from extractor.reconcile import SeriesStore  # noqa: E402
from extractor.reconcile.connectors import (ConnectorError, add_to_store, connector,  # noqa: E402
                                            fetch_into_store)
from extractor.reconcile.connectors import sdmx as sdmx_connector  # noqa: E402

DATA = Path(__file__).parent / "data" / "connectors"
RETRIEVED = "2025-12-15"


def _by_period(frame, series_id):
    rows = frame[frame.series_id == series_id]
    return dict(zip(rows.time_period, rows.value))


def test_ecb_generic_message_becomes_rows_with_keys_units_and_provenance():
    frame = connector("ecb").to_observations(
        DATA / "ecb_generic.xml", query="dataflow=ICP&startPeriod=2025-09", retrieved=RETRIEVED)
    euro = "M.EMU.inflation.WLD._T._Z._Z.%.level.actual"
    germany = "M.DEU.inflation.WLD._T._Z._Z.%.level.actual"
    assert _by_period(frame, euro) == {"2025-09": pytest.approx(2.2), "2025-10": pytest.approx(2.1)}
    assert _by_period(frame, germany) == {"2025-10": pytest.approx(2.3)}
    row = frame[(frame.series_id == euro) & (frame.time_period == "2025-10")].iloc[0]
    assert (row.freq, row.ref_area, row.indicator, row.unit, row.unit_mult, row.decimals) == \
        ("M", "EMU", "inflation", "%", 0, 1)
    assert (row.period_start, row.period_end, row.status) == ("2025-10", "2025-10", "actual")
    assert row.agency == "European Central Bank"
    assert row.source_url == ("https://data-api.ecb.europa.eu/service/data/ICP/"
                              "M.U2.N.000000.4.ANR?startPeriod=2025-09")
    assert row.release_date == row.vintage == RETRIEVED
    assert row.note == "SDMX ECB ICP M.U2.N.000000.4.ANR"
    assert row.label == "HICP inflation (annual rate of change)"
    # the NaN observation and the unmapped index series are left out, and said so
    skipped = frame.attrs["skipped"]
    assert any("2025-11: no value" in item for item in skipped)
    assert any("M.U2.N.000000.4.INX: no mapping rule" in item for item in skipped)
    assert len(frame) == 3


def test_message_alone_names_its_source_and_flow():
    """No query: the sender gives the source, the DSD id finds the rule, whose flow is used in
    the URL."""
    frame = sdmx_connector.to_observations(DATA / "ecb_generic.xml", retrieved=RETRIEVED)
    assert len(frame) == 3
    assert set(frame.source_url) == {
        "https://data-api.ecb.europa.eu/service/data/ICP/M.U2.N.000000.4.ANR",
        "https://data-api.ecb.europa.eu/service/data/ICP/M.DE.N.000000.4.ANR"}


def test_imf_unit_multiplier_iso2_areas_and_quarters():
    frame = connector("imf").to_observations(DATA / "imf_ifs_generic.xml",
                                             query={"dataflow": "IFS"}, retrieved="2025-12-16")
    exports = frame[frame.indicator == "exports"].iloc[0]
    assert exports.series_id == "M.KOR.exports.WLD._T.customs._Z.USD.level.actual"
    assert exports.obs_value == pytest.approx(59570.2)
    assert exports.unit_mult == 6 and exports.value == pytest.approx(59_570.2e6)
    assert exports.agency == "International Monetary Fund"
    imports = frame[frame.indicator == "imports"].iloc[0]
    assert imports.series_id == "Q.KOR.imports.WLD._T.customs._Z.USD.level.actual"
    assert (imports.time_period, imports.period_start, imports.period_end) == \
        ("2025-Q3", "2025-07", "2025-09")
    assert imports.value == pytest.approx(155_012.5e6)
    assert frame.attrs["skipped"] == ["IMF IFS A.KR.NGDP_XDC: no mapping rule"]


def test_eurostat_structure_specific_lower_case_dimensions_and_flags():
    frame = connector("eurostat").to_observations(DATA / "estat_structure_specific.xml",
                                                  retrieved="2025-12-17")
    assert set(frame.ref_area) == {"EMU", "GRC"}  # EA20 and Eurostat's EL
    provisional = frame[(frame.ref_area == "EMU") & (frame.time_period == "2025-11")].iloc[0]
    assert provisional.note.endswith("OBS_FLAG=p")
    assert provisional.agency == "Eurostat"
    assert provisional.source_url == ("https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/"
                                      "data/PRC_HICP_MANR/M.RCH_A.CP00.EA20")
    assert any("CP01" in item for item in frame.attrs["skipped"])  # food HICP: no rule


def test_oecd_sdmx_json_message():
    query = {"dataflow": "OECD.SDD.TPS,DSD_PRICES@DF_PRICES_ALL,1.0", "startPeriod": "2025-09"}
    frame = connector("oecd").to_observations(DATA / "oecd_prices.json", query=query,
                                              retrieved=RETRIEVED)
    korea = "M.KOR.inflation.WLD._T._Z._Z.%.level.actual"
    assert _by_period(frame, korea) == {"2025-09": pytest.approx(2.1),
                                        "2025-10": pytest.approx(2.4),
                                        "2025-11": pytest.approx(2.4)}
    assert _by_period(frame, "M.JPN.inflation.WLD._T._Z._Z.%.level.actual")["2025-10"] == 3.0
    row = frame[frame.series_id == korea].iloc[0]
    assert row.agency == "OECD"
    assert row.source_url == ("https://sdmx.oecd.org/public/rest/data/OECD.SDD.TPS,DSD_PRICES@"
                              "DF_PRICES_ALL,1.0/KOR.M.N.CPI.PA._T.N.GY?startPeriod=2025-09")
    assert frame.iloc[2].note.endswith("OBS_STATUS=P")


def test_mapping_passed_in_with_dimension_templates():
    mapping = {"sdmx": [{"source": "ECB", "dataflow": "ICP", "match": {"ICP_SUFFIX": "INX"},
                         "indicator": "other:hicp_index", "unit": "index",
                         "ref_area": "{REF_AREA}", "label": "HICP index {ICP_ITEM}"}]}
    frame = sdmx_connector.to_observations(DATA / "ecb_generic.xml", mapping,
                                           query={"dataflow": "ICP"}, retrieved=RETRIEVED)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row.ref_area, row.indicator, row.unit, row.value, row.label) == \
        ("EMU", "other:hicp_index", "index", pytest.approx(129.43), "HICP index 000000")


def test_query_forms_and_urls():
    text = "source=ecb&dataflow=EXR&key=M.USD+JPY.EUR.SP00.A&startPeriod=2025-01&endPeriod=2025-11"
    query = sdmx_connector.normalize_query(text)
    assert query == {"source": "ECB", "dataflow": "EXR", "key": "M.USD+JPY.EUR.SP00.A",
                     "params": {"startPeriod": "2025-01", "endPeriod": "2025-11"}}
    assert sdmx_connector.source_url(query) == (
        "https://data-api.ecb.europa.eu/service/data/EXR/M.USD+JPY.EUR.SP00.A"
        "?endPeriod=2025-11&startPeriod=2025-01")
    with pytest.raises(ConnectorError, match="needs a source"):
        sdmx_connector.normalize_query({"key": "M.U2"})


class _FakeClient:
    """Stands in for sdmx.Client: records the request, answers with a file's message."""

    calls: list = []

    def __init__(self, source):
        self.source = source

    def data(self, resource_id, key=None, params=None):
        _FakeClient.calls.append((self.source, resource_id, key, params))
        return sdmx.read_sdmx(DATA / "ecb_generic.xml")


def test_fetch_into_store_without_network(monkeypatch):
    monkeypatch.setattr(sdmx, "Client", _FakeClient)
    _FakeClient.calls.clear()
    store = SeriesStore.memory(load_snapshot=False)
    query = "dataflow=ICP&key=M.U2+DE.N.000000.4.ANR&startPeriod=2025-09"
    assert fetch_into_store("ecb", query, store=store, retrieved=RETRIEVED) == 3
    assert _FakeClient.calls == [("ECB", "ICP", "M.U2+DE.N.000000.4.ANR",
                                  {"startPeriod": "2025-09"})]
    # fetching the same query again replaces its observations
    assert fetch_into_store("ecb", query, store=store, retrieved="2025-12-20") == 3
    frame = store.frame()
    assert len(frame) == 3 and set(frame.release_date) == {"2025-12-20"}
    assert frame.collection.iloc[0].startswith("connector:ecb:")
    series = store.series()
    assert "M.EMU.inflation.WLD._T._Z._Z.%.level.actual" in set(series.series_id)


def test_provider_error_is_a_connector_error(monkeypatch):
    class Failing:
        def __init__(self, source):
            pass

        def data(self, *args, **kwargs):
            raise OSError("connection refused")

    monkeypatch.setattr(sdmx, "Client", Failing)
    with pytest.raises(ConnectorError, match=r"SDMX ECB ICP: the request failed \(OSError: connection refused\)"):
        connector("ecb").fetch({"dataflow": "ICP"})


def test_unreadable_file_names_it(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("<not-sdmx/>")
    with pytest.raises(ConnectorError, match="broken.xml"):
        sdmx_connector.to_observations(bad, query={"source": "ECB", "dataflow": "ICP"})


def test_observations_go_into_a_store_as_pandas():
    frame = connector("ecb").to_observations(DATA / "ecb_generic.xml", query="dataflow=ICP",
                                             retrieved=RETRIEVED)
    store = SeriesStore.memory(load_snapshot=False)
    assert add_to_store(store, frame, "connector:test") == 3
    stored = store.observations("M.DEU.inflation.WLD._T._Z._Z.%.level.actual")
    assert stored.iloc[0].value == pytest.approx(2.3)
    assert stored.iloc[0].agency == "European Central Bank"
