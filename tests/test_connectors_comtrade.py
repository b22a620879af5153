"""UN Comtrade connector, offline: hand-written API payloads (tests/data/connectors) with the
real field names, as JSON and as the DataFrame comtradeapicall makes of them. Parsing needs no
comtradeapicall; fetching is tested with a stand-in module, and against the real signatures
when the package is installed."""
from __future__ import annotations

import inspect
import json
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from extractor.reconcile import SeriesStore
from extractor.reconcile.connectors import ConnectorError, connector, fetch_into_store
from extractor.reconcile.connectors import comtrade

DATA = Path(__file__).parent / "data" / "connectors"
RETRIEVED = "2025-12-18"
MONTHLY = json.loads((DATA / "comtrade_final_monthly.json").read_text())


def _frame(payload=MONTHLY):
    """What comtradeapicall returns: ``json_normalize(payload['data'])``."""
    return pd.json_normalize(payload["data"])


def test_records_become_store_rows_with_keys_products_and_provenance():
    frame = comtrade.to_observations(_frame(), retrieved=RETRIEVED)
    assert list(frame.series_id) == [
        "M.KOR.exports.CHN.integrated_circuits.customs._Z.USD.level.actual",
        "M.KOR.exports.USA.automobiles.customs._Z.USD.level.actual",
        "M.KOR.imports.WLD._T.customs._Z.USD.level.actual",
        "M.KOR.exports.TWN.other:hs_854231.customs._Z.USD.level.actual",
    ]
    chips = frame.iloc[0]
    assert chips.hs_code == "8542" and chips.value == 4_123_456_789
    assert (chips.unit, chips.unit_mult, chips.decimals) == ("USD", 0, 0)
    assert (chips.freq, chips.time_period, chips.period_start) == ("M", "2025-10", "2025-10")
    assert chips.agency == "United Nations Statistics Division (UN Comtrade)"
    assert chips.source_url == (
        "https://comtradeapi.un.org/public/v1/preview/C/M/HS?reporterCode=410&period=202510"
        "&partnerCode=156&partner2Code=0&cmdCode=8542&flowCode=X&customsCode=C00&motCode=0")
    assert chips.release_date == chips.vintage == RETRIEVED
    assert chips.note == "UN Comtrade H6 reporter 410 partner 156 flow X cmd 8542 period 202510"
    assert chips.label.startswith("Rep. of Korea exports to China, HS 8542 (Electronic integrated")
    cars = frame.iloc[1]
    assert cars.counterpart_area == "USA" and cars.value == pytest.approx(2_510_000_000.5)
    total = frame.iloc[2]
    assert total["product"] == "_T" and pd.isna(total.hs_code) and total.counterpart_area == "WLD"
    assert total.label == "Rep. of Korea imports from World"


def test_left_out_records_are_listed():
    skipped = comtrade.to_observations(_frame(), retrieved=RETRIEVED).attrs["skipped"]
    assert skipped == [
        "UN Comtrade reporter 410 partner 0 flow RX cmd TOTAL period 202510: flow RX not mapped",
        "UN Comtrade reporter 410 partner 156 flow X cmd 8542 period 202510: a breakdown "
        "(motCode 1000)",
        "UN Comtrade reporter 410 partner 899 flow M cmd TOTAL period 202510: area not known",
    ]


def test_json_payload_path_and_dataframe_agree():
    from_payload = comtrade.to_observations(DATA / "comtrade_final_monthly.json",
                                            retrieved=RETRIEVED)
    from_frame = comtrade.to_observations(_frame(), retrieved=RETRIEVED)
    pd.testing.assert_frame_equal(from_payload, from_frame)


def test_annual_records():
    frame = comtrade.to_observations(DATA / "comtrade_final_annual.json", retrieved=RETRIEVED)
    row = frame.iloc[0]
    assert row.series_id == "A.CHN.imports.KOR.integrated_circuits.customs._Z.USD.level.actual"
    assert (row.time_period, row.period_start, row.period_end) == ("2024", "2024-01", "2024-12")
    assert row.source_url.startswith("https://comtradeapi.un.org/public/v1/preview/C/A/HS?")


@pytest.mark.parametrize("code, product, hs_code", [
    ("8542", "integrated_circuits", "8542"),
    ("8703", "automobiles", "8703"),
    ("870380", "electric_vehicles", "870380"),
    ("854231", "other:hs_854231", "854231"),
    ("TOTAL", "_T", None),
])
def test_hs_codes_to_sectors(code, product, hs_code):
    sectors = comtrade.load_mapping()["comtrade"]["hs_sectors"]
    assert comtrade.product_of(code, {str(k): v for k, v in sectors.items()}) == (product, hs_code)


def test_record_without_period_uses_ref_year_and_month():
    record = dict(MONTHLY["data"][0])
    record.pop("period")
    frame = comtrade.to_observations([record], retrieved=RETRIEVED)
    assert frame.iloc[0].time_period == "2025-10"


def test_error_payload_is_an_error():
    with pytest.raises(ConnectorError, match="UN Comtrade error: invalid subscription key"):
        comtrade.to_observations({"data": None, "error": "invalid subscription key"})
    with pytest.raises(ConnectorError, match="no 'data'"):
        comtrade.to_observations({"count": 0})


def test_query_defaults_and_iso3_areas():
    query = comtrade.normalize_query("reporterCode=KOR&period=202510&partnerCode=USA,CHN,WLD"
                                     "&cmdCode=8542")
    assert query["reporterCode"] == "410"
    assert query["partnerCode"] == "842,156,0"
    assert (query["typeCode"], query["freqCode"], query["clCode"], query["flowCode"]) == \
        ("C", "M", "HS", "X,M")
    with pytest.raises(ConnectorError, match="needs period"):
        comtrade.normalize_query({"reporterCode": 410})
    with pytest.raises(ConnectorError, match="unknown Comtrade area 'XYZ'"):
        comtrade.normalize_query({"reporterCode": "XYZ", "period": "2024"})


def _fake_comtradeapicall(calls, payload=MONTHLY):
    def preview(*args, **options):
        calls.append(("preview", args, options))
        return _frame(payload)

    def final(key, *args, **options):
        calls.append(("final", (key, *args), options))
        return _frame(payload)

    module = types.ModuleType("comtradeapicall")
    module.previewFinalData = preview
    module.getFinalData = final
    return module


def test_fetch_into_store_with_a_stand_in_library(monkeypatch):
    calls = []
    monkeypatch.setitem(sys.modules, "comtradeapicall", _fake_comtradeapicall(calls))
    monkeypatch.delenv(comtrade.KEY_ENV, raising=False)
    store = SeriesStore.memory(load_snapshot=False)
    query = {"reporterCode": "KOR", "period": "202510", "cmdCode": "TOTAL,8542,8703"}
    assert fetch_into_store("comtrade", query, store=store, retrieved=RETRIEVED) == 4
    kind, args, options = calls[0]
    assert kind == "preview"
    assert args == ("C", "M", "HS", "202510", "410", "TOTAL,8542,8703", "X,M", "0", "0", "C00",
                    "0")
    assert options == {"maxRecords": None, "format_output": "JSON", "breakdownMode": "classic",
                       "includeDesc": True}
    frame = store.frame()
    assert set(frame["product"]) == {"integrated_circuits", "automobiles", "_T",
                                     "other:hs_854231"}


def test_subscription_key_is_used_but_never_stored(monkeypatch):
    calls = []
    monkeypatch.setitem(sys.modules, "comtradeapicall", _fake_comtradeapicall(calls))
    monkeypatch.setenv(comtrade.KEY_ENV, "secret-key")
    store = SeriesStore.memory(load_snapshot=False)
    fetch_into_store("comtrade", {"reporterCode": 410, "period": "202510"}, store=store,
                     retrieved=RETRIEVED)
    assert calls[0][0] == "final" and calls[0][1][0] == "secret-key"
    frame = store.frame()
    assert not frame.apply(lambda row: "secret" in " ".join(map(str, row.values)), axis=1).any()
    name = connector("comtrade").collection({"reporterCode": 410, "period": "202510",
                                              "subscription_key": "abc"})
    assert "abc" not in name


def test_no_answer_is_an_error(monkeypatch):
    module = types.ModuleType("comtradeapicall")
    module.previewFinalData = lambda *args, **options: None  # the library prints and returns None
    monkeypatch.setitem(sys.modules, "comtradeapicall", module)
    monkeypatch.delenv(comtrade.KEY_ENV, raising=False)
    with pytest.raises(ConnectorError, match="no data returned"):
        comtrade.fetch({"reporterCode": 410, "period": "202510"})


def test_comtradeapicall_accepts_the_arguments_we_pass():
    cap = pytest.importorskip("comtradeapicall")
    args = ["C", "M", "HS", "202510", "410", "TOTAL", "X,M", "0", "0", "C00", "0"]
    options = {"maxRecords": None, "format_output": "JSON", "breakdownMode": "classic",
               "includeDesc": True}
    inspect.signature(cap.previewFinalData).bind(*args, **options)
    inspect.signature(cap.getFinalData).bind("key", *args, **options)


def test_services_records_are_left_out():
    record = {**MONTHLY["data"][2], "typeCode": "S", "cmdCode": "200"}
    frame = comtrade.to_observations([record], retrieved=RETRIEVED)
    assert frame.empty
    assert frame.attrs["skipped"][0].endswith("services (typeCode S) are not mapped")
