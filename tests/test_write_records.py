"""Writing records and errors (extractor.write)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from extractor.document import RECORD_FIELDS, Published, ReadError
from extractor.write import (COLUMN_DTYPES, error_writer, output_format, record_writer,
                             records_to_dataframe)

RECORDS = [
    {"doc_id": "kor-1", "start": 40, "end": 45, "mention": "38.7%", "value": 38.7, "unit": "%",
     "role": "change_pct", "measure": "exports", "reporter": "KOR", "partner": None,
     "sector": "semiconductors", "period_start": "2025-11", "period_end": "2025-11",
     "basis": "yoy", "approx": None, "status": "actual", "converted": False,
     "source": "Ministry of Trade, Industry and Energy", "sentence": "Chip exports jumped 38.7%.",
     "confidence": 0.9, "url": "https://x/1", "published": "2025-12-01"},
    # Extra fields first, schema fields missing and numpy values: the writer puts them in order.
    {"evidence": "rule:percent", "confidence": np.float64(0.5), "doc_id": "jpn-2",
     "start": np.int64(3), "end": 20, "mention": "1.2 trillion yen", "value": -1.2e12,
     "unit": "JPY", "converted": True, "sentence": "Deficit: 1.2 trillion yen, \"a record\", ok"},
]


def read_back(path: Path, fmt: str) -> pd.DataFrame:
    """The file as a DataFrame with the writer's dtypes (CSV and JSON carry none themselves)."""
    if fmt == "parquet":
        return pd.read_parquet(path)
    if fmt == "csv":
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    else:
        frame = pd.read_json(path, lines=fmt == "jsonl", dtype=False)
    return frame.astype({name: dtype for name, dtype in COLUMN_DTYPES.items() if name in frame})


@pytest.mark.parametrize("fmt, suffix", [("jsonl", ".jsonl"), ("json", ".json"), ("csv", ".csv"),
                                         ("parquet", ".parquet")])
def test_write_round_trip_by_suffix(tmp_path, fmt, suffix):
    path = tmp_path / "out" / f"records{suffix}"  # the folder does not exist yet
    with record_writer(path) as write:
        write(RECORDS[:1])
        write([])
        write(RECORDS[1:])
    expected = records_to_dataframe(RECORDS)
    pd.testing.assert_frame_equal(read_back(path, fmt), expected, check_dtype=fmt == "parquet")
    assert list(read_back(path, fmt).columns) == RECORD_FIELDS + ["url", "published", "evidence"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_write_jsonl_puts_schema_fields_first_then_extras(tmp_path):
    path = tmp_path / "records.jsonl"
    with record_writer(path) as write:
        write(RECORDS)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [list(line) for line in lines] == [RECORD_FIELDS + ["url", "published"],
                                              RECORD_FIELDS + ["evidence"]]
    assert lines[1]["start"] == 3 and lines[1]["reporter"] is None


def test_write_jsonl_to_a_stream_keeps_non_ascii_text():
    stream = io.StringIO()
    with record_writer(None, stdout=stream) as write:
        write([{"doc_id": "k", "mention": "1,450원", "published": Published(2025, 12)}])
    record = json.loads(stream.getvalue())
    assert (record["mention"], record["published"]) == ("1,450원", "2025-12")
    assert "1,450원" in stream.getvalue()


@pytest.mark.parametrize("fmt, expected", [("json", "[]\n"), ("jsonl", ""),
                                           ("csv", ",".join(RECORD_FIELDS) + "\n")])
def test_write_no_records_is_still_a_valid_file(fmt, expected):
    stream = io.StringIO()
    with record_writer(None, fmt, stdout=stream):
        pass
    assert stream.getvalue() == expected


def test_write_dataframe_has_schema_columns_and_dtypes_when_empty():
    frame = records_to_dataframe([])
    assert list(frame.columns) == RECORD_FIELDS
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        name: str(pd.Series(dtype=COLUMN_DTYPES[name]).dtype) for name in RECORD_FIELDS}
    assert (str(frame["start"].dtype), str(frame["value"].dtype), str(frame["converted"].dtype)) == (
        "Int64", "float64", "boolean")


def test_write_dataframe_keeps_nulls_as_missing_values():
    frame = records_to_dataframe(RECORDS)
    assert frame.loc[1, "reporter"] is pd.NA and frame.loc[0, "partner"] is pd.NA
    assert frame["converted"].tolist() == [False, True]
    assert frame["start"].tolist() == [40, 3]


@pytest.mark.parametrize("path, fmt, expected", [
    ("r.jsonl", None, "jsonl"), ("r.ndjson", None, "jsonl"), ("r.JSON", None, "json"),
    ("r.csv", None, "csv"), ("r.parquet", None, "parquet"), ("r.pq", None, "parquet"),
    ("r.txt", "csv", "csv"), ("r.csv", "jsonl", "jsonl"), (None, None, "jsonl"), (None, "csv", "csv"),
])
def test_write_output_format_from_option_or_suffix(path, fmt, expected):
    assert output_format(Path(path) if path else None, fmt) == expected


@pytest.mark.parametrize("path, fmt, message", [
    ("r.txt", None, "cannot tell the format of 'r.txt' from its suffix"),
    ("r", None, "cannot tell the format of 'r'"),
    ("r.jsonl", "xml", "unknown format 'xml'"),
    (None, "parquet", "parquet output needs an output file"),
])
def test_write_output_format_rejects_what_it_cannot_write(path, fmt, message):
    with pytest.raises(ValueError, match=message):
        output_format(Path(path) if path else None, fmt)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_write_is_atomic_a_failed_run_leaves_the_old_file_and_no_partial_one(tmp_path, suffix):
    path = tmp_path / f"records{suffix}"
    path.write_bytes(b"previous complete output")
    with pytest.raises(RuntimeError, match="pipeline crashed"):
        with record_writer(path) as write:
            write(RECORDS)
            raise RuntimeError("pipeline crashed")
    assert path.read_bytes() == b"previous complete output"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_write_is_atomic_nothing_appears_under_the_name_before_the_end(tmp_path):
    path = tmp_path / "records.jsonl"
    with record_writer(path) as write:
        write(RECORDS)
        assert not path.exists()
        [temporary] = tmp_path.iterdir()
        assert temporary.name.startswith(".records.jsonl.") and temporary.suffix == ".part"
    assert path.exists()


def test_write_unserializable_value_is_a_clear_error(tmp_path):
    with pytest.raises(TypeError, match="cannot write a set in a record"):
        with record_writer(tmp_path / "r.jsonl") as write:
            write([{"doc_id": "a", "evidence": {"a set"}}])
    assert list(tmp_path.iterdir()) == []


def test_write_errors_as_jsonl(tmp_path):
    path = tmp_path / "errors.jsonl"
    with error_writer(path) as write:
        write(ReadError("feed.jsonl:3", "malformed JSON at column 1: Expecting value"))
        write(ReadError("feed.jsonl:4", "empty text", "x"))
    assert [json.loads(line) for line in path.read_text().splitlines()] == [
        {"origin": "feed.jsonl:3", "doc_id": None, "reason": "malformed JSON at column 1: Expecting value"},
        {"origin": "feed.jsonl:4", "doc_id": "x", "reason": "empty text"},
    ]
