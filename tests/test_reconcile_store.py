"""Series files, their errors (file and row named), and the DuckDB store read as pandas."""
from __future__ import annotations

import pandas as pd
import pytest

from extractor.reconcile import SeriesFileError, SeriesStore, read_series_file
from extractor.reconcile.commands import series_import
from extractor.reconcile.keys import SeriesKey
from extractor.reconcile.periods import Span

from reconcile_tables import HEADER, frame, row


def test_row_becomes_observation_with_key_and_plain_value(tmp_path):
    data = frame(tmp_path, [row(value="60.11")])
    obs = data.iloc[0]
    assert obs.series_id == "M.XKR.exports.WLD._T.customs._Z.USD.level.actual"
    assert obs.value == pytest.approx(60.11e9)
    assert obs.decimals == 2 and obs.period_start == obs.period_end == "2025-11"
    assert obs.vintage == obs.release_date == "2025-12-01"


def test_forecast_series_key_names_its_provider(tmp_path):
    data = frame(tmp_path, [row(status="forecast", agency="Big Bank", indicator="gdp_growth",
                                unit="%", mult=0, freq="A", period="2026", value="2.0")])
    assert data.iloc[0].series_id.endswith("@big_bank")


@pytest.mark.parametrize("bad, message", [
    (row(freq="W"), "freq 'W'"),
    (row(period="2025-13"), "bad period"),
    (row(freq="A", period="2025-11"), "freq A needs twelve months"),
    (row(value="ten"), "value 'ten' is not a number"),
    (row(basis="cif"), "flow_basis 'cif'"),
    (row(release="01/12/2025"), "release_date"),
    (row().replace("https://example.org/release", "example.org"), "not an http(s) URL"),
])
def test_bad_row_names_file_and_row(tmp_path, bad, message):
    with pytest.raises(SeriesFileError) as caught:
        frame(tmp_path, [row(), bad], name="mine.csv")
    text = str(caught.value)
    assert "mine.csv" in text and "row 3" in text and message in text


def test_comment_lines_keep_physical_row_numbers(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("# provenance note\n" + HEADER + "\n" + row() + "\n" + row(value="x") + "\n")
    with pytest.raises(SeriesFileError, match=r"c\.csv: row 4: value 'x'"):
        read_series_file(path)


def test_missing_columns_and_unquoted_commas(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("freq,ref_area\nM,KOR\n")
    with pytest.raises(SeriesFileError, match="missing column"):
        read_series_file(path)
    path.write_text(HEADER + "\n" + row(agency="Ministry of Trade, Industry") + "\n")
    with pytest.raises(SeriesFileError, match="row 2: more values than columns"):
        read_series_file(path)


def test_parquet_rows_are_checked_too(tmp_path):
    good = frame(tmp_path, [row()])
    raw = pd.read_csv(tmp_path / "series.csv", dtype=str)
    raw.loc[0, "value"] = "oops"
    raw.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(SeriesFileError, match=r"bad\.parquet: row 1: value 'oops'"):
        read_series_file(tmp_path / "bad.parquet")
    raw.loc[0, "value"] = "1.5"
    raw.to_parquet(tmp_path / "good.parquet")
    assert read_series_file(tmp_path / "good.parquet").iloc[0].value == pytest.approx(1.5e9)
    assert len(good) == 1


def test_store_file_imports_and_reads_as_pandas(tmp_path):
    snapshot = tmp_path / "snap"
    snapshot.mkdir()
    (snapshot / "a.csv").write_text(HEADER + "\n" + row() + "\n")
    db = tmp_path / "store.duckdb"
    with SeriesStore.open(db, snapshot=snapshot) as store:
        assert len(store.frame()) == 1
        (tmp_path / "user.csv").write_text(HEADER + "\n" + row(period="2025-10") + "\n")
        assert store.import_file(tmp_path / "user.csv") == 1
        assert store.import_file(tmp_path / "user.csv") == 1  # re-import replaces
        assert len(store.frame()) == 2
        listing = store.series()
        assert listing.iloc[0].observations == 2
    with SeriesStore.open(db, snapshot=snapshot) as store:  # persisted, snapshot not doubled
        assert len(store.frame()) == 2


def test_series_import_command_reports_bad_file(tmp_path, capsys):
    from rich.console import Console

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n" + row(value="n/a") + "\n")
    console = Console(file=open(tmp_path / "out.txt", "w"), width=200)
    status = series_import([bad], tmp_path / "s.duckdb", console=console)
    console.file.close()
    assert status == 2
    assert "bad.csv: row 2: value 'n/a'" in (tmp_path / "out.txt").read_text()


def test_bundled_snapshot_loads_and_every_observation_has_a_url():
    data = SeriesStore.memory().frame()
    assert len(data) > 100
    assert data.source_url.str.startswith("http").all()
    assert data.agency.notna().all()


def test_span_parsing_and_shifts():
    assert Span.parse("2025-Q3") == Span("2025-07", "2025-09")
    assert Span.parse("2024-04/2025-03").length == 12
    assert Span.parse("2025-10-01/2025-10-20").shift(-12) == Span("2024-10-01", "2024-10-20")
    assert Span.parse("2025-Q1").previous() == Span("2024-10", "2024-12")
    assert SeriesKey("M", "KOR", "exports").series_id.startswith("M.KOR.exports.WLD._T")
