"""Batch inputs (JSONL, .gz, CSV, directories) and outputs (JSONL, Parquet parts, DuckDB), and the
command line's batch usage errors."""
from __future__ import annotations

import csv
import gzip
import re

import pandas as pd
import pytest
from test_batch_support import read_jsonl, run_cli, write_feed

from extractor.document import RECORD_FIELDS
from extractor.write import TABLE_DTYPES

ENTRIES = [{"id": f"d{i}", "text": f"Exports rose {i}.5% to ${i}0 billion.", "published": "2025-11",
            "url": f"https://x/{i}"} for i in range(1, 8)]


@pytest.fixture()
def feed(tmp_path):
    return write_feed(tmp_path / "feed.jsonl", ENTRIES)


def plain(text: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_batch_parquet_output_is_a_directory_of_parts_with_the_jsonl_records(feed, tmp_path):
    jsonl, parquet = tmp_path / "records.jsonl", tmp_path / "records.parquet"
    assert run_cli("extract", feed, "-o", jsonl, "--workers", "2", "--chunk-size", "3").exit_code == 0
    result = run_cli("extract", feed, "-o", parquet, "--workers", "2", "--chunk-size", "3")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in parquet.iterdir()) == [
        "part-000000.parquet", "part-000001.parquet", "part-000002.parquet"]
    frame = pd.read_parquet(parquet)
    assert list(frame.columns) == list(TABLE_DTYPES)
    records = read_jsonl(jsonl)
    assert frame["doc_id"].tolist() == [r["doc_id"] for r in records]
    assert frame["value"].tolist() == [r["value"] for r in records]
    assert frame["published"].tolist() == [r["published"] for r in records]
    assert frame["url"].isna().all() and frame["extra"].isna().all()


def test_batch_parquet_without_records_still_has_the_columns(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [{"id": "a", "text": "No figures here."}])
    out = tmp_path / "records.parquet"
    assert run_cli("extract", feed, "-o", out, "--workers", "1").exit_code == 0
    frame = pd.read_parquet(out)
    assert frame.empty and list(frame.columns[:len(RECORD_FIELDS)]) == RECORD_FIELDS


def test_batch_duckdb_output_is_a_table(feed, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "records.duckdb"
    result = run_cli("extract", feed, "-o", out, "--chunk-size", "3", "--table", "figures")
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(out)) as connection:
        rows = connection.execute("SELECT doc_id, value FROM figures").fetchall()
    assert rows[:2] == [("d1", 1.5), ("d1", 10.0)] and len(rows) == 14
    again = run_cli("extract", feed, "-o", out, "--chunk-size", "3", "--table", "figures",
                    "--restart")
    assert again.exit_code == 0
    with duckdb.connect(str(out)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM figures").fetchone() == (14,)


def test_batch_reads_gzip_csv_and_directories_like_jsonl(feed, tmp_path):
    gz = tmp_path / "feed.jsonl.gz"
    gz.write_bytes(gzip.compress(feed.read_bytes()))
    table = tmp_path / "feed.csv"
    with open(table, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, ["id", "text", "published", "url", "ignored"])
        writer.writeheader()
        for entry in ENTRIES:
            writer.writerow({**entry, "ignored": "x"})
    folder = tmp_path / "articles"
    for entry in ENTRIES:
        path = folder / "sub" / f"{entry['id']}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry["text"], encoding="utf-8")
    write_feed(folder / "meta.jsonl", [{"id": f"sub/{e['id']}", "published": "2025-11",
                                        "url": e["url"]} for e in ENTRIES])

    outputs = {}
    for name, source in [("jsonl", feed), ("gz", gz), ("csv", table), ("dir", folder)]:
        out = tmp_path / f"{name}.jsonl"
        result = run_cli("extract", source, "-o", out, "--workers", "1", "--chunk-size", "4")
        assert result.exit_code == 0, result.output
        outputs[name] = [{**r, "doc_id": r["doc_id"].removeprefix("sub/")} for r in read_jsonl(out)]
    assert outputs["gz"] == outputs["jsonl"] == outputs["csv"] == outputs["dir"]
    assert len(outputs["jsonl"]) == 14


def test_batch_several_inputs_are_one_feed(feed, tmp_path):
    other = write_feed(tmp_path / "other.jsonl", [{"id": "z", "text": "Up 1%."}])
    out = tmp_path / "records.jsonl"
    assert run_cli("extract", feed, other, "-o", out, "--workers", "1").exit_code == 0
    assert read_jsonl(out)[-1]["doc_id"] == "z"


@pytest.mark.parametrize("args, message", [
    (["{feed}", "--workers", "2"], "batch mode (--workers, --engine, ...) writes to a file or folder: give -o OUT"),
    (["{feed}", "-o", "r.csv", "--workers", "2"], "batch mode writes jsonl, parquet, duckdb, not csv"),
    (["-", "-o", "r.jsonl", "--workers", "2"], "batch mode reads files and directories, not --text or stdin"),
    (["{feed}", "missing.jsonl", "-o", "r.jsonl", "--workers", "2"], "no such file or directory: 'missing.jsonl'"),
    (["{feed}", "-o", "r.jsonl", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["{feed}", "-o", "r.jsonl", "--workers", "0"], "Invalid value for '--workers'"),
])
def test_batch_usage_errors_exit_2(feed, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run_cli("extract", *[arg.format(feed=feed) for arg in args])
    assert result.exit_code == 2, result.output
    assert message in plain(result.stderr)
    assert not list(tmp_path.glob("r.*"))
