"""`extractor check` and `extractor series` on the command line (offline: the bundled snapshot
or a store in a temporary folder)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractor.cli import app

RUNNER = CliRunner()

ARTICLE = ("China's exports rose 5.9% year-on-year in November, customs data showed, "
           "and the trade surplus reached $111.68 billion.")


def test_cli_check_writes_a_verdict_per_figure(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    verdicts = tmp_path / "verdicts.jsonl"
    result = RUNNER.invoke(app, ["check", str(article), "--published", "2025-12-08",
                                 "--snapshot-only", "-q", "-o", str(verdicts)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in verdicts.read_text(encoding="utf-8").splitlines()]
    assert [row["mention"] for row in rows] == ["5.9%", "$111.68 billion"]
    assert all(row["verdict"] in {"consistent", "inconsistent", "mislabeled", "unverifiable"}
               for row in rows)
    assert all(row["source_url"] for row in rows if row["verdict"] != "unverifiable")


def test_cli_check_missing_input_is_a_usage_error(tmp_path):
    result = RUNNER.invoke(app, ["check", str(tmp_path / "absent.jsonl"), "--snapshot-only", "-q"])
    assert result.exit_code == 2
    assert "absent.jsonl" in result.output


@pytest.mark.parametrize("args, code, text", [
    pytest.param(["series", "show", "NO.SUCH.SERIES"], 2, "NO.SUCH.SERIES", id="unknown-series"),
    pytest.param(["series", "fetch", "nosuchprovider", "x"], 2, "nosuchprovider", id="unknown-connector"),
])
def test_cli_series_errors_name_what_is_wrong(tmp_path, args, code, text):
    result = RUNNER.invoke(app, [*args, "--store", str(tmp_path / "store.duckdb")])
    assert result.exit_code == code
    assert text in result.output


def test_cli_series_import_bad_file_names_file_and_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("freq,ref_area,indicator,unit,unit_mult,period,value,agency,source_url\n"
                   "M,KOR,exports,USD,9,2025-11,not-a-number,Customs,https://example.org\n",
                   encoding="utf-8")
    result = RUNNER.invoke(app, ["series", "import", str(bad), "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "bad.csv: row 2: value 'not-a-number' is not a number" in " ".join(result.output.split())


def test_cli_series_list_shows_the_bundled_snapshot(tmp_path):
    result = RUNNER.invoke(app, ["series", "list", "KOR", "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 0, result.output
    assert "KOR" in result.output


@pytest.mark.parametrize("tolerance, verdict", [("0.01", "consistent"), ("0.001", "inconsistent")])
def test_cli_check_exchange_rate_quote_tolerance(tmp_path, tolerance, verdict):
    """155.9 yen per dollar against the ECB cross rate of that day (about 154.9): within 1%,
    not within 0.1%."""
    article = tmp_path / "article.txt"
    article.write_text("Japan's yen weakened to 155.9 per dollar on Nov. 17.", encoding="utf-8")
    verdicts = tmp_path / "verdicts.jsonl"
    result = RUNNER.invoke(app, ["check", str(article), "--published", "2025-11-18", "--snapshot-only",
                                 "-q", "-o", str(verdicts), "--fx-quote-tolerance", tolerance])
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in verdicts.read_text(encoding="utf-8").splitlines()]
    assert row["verdict"] == verdict
    assert "ECB reference rate" in row["series_label"] and row["official_value"] == pytest.approx(154.9, abs=0.1)


def test_cli_check_rejects_a_negative_fx_quote_tolerance(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Japan's yen weakened to 155.9 per dollar on Nov. 17.", encoding="utf-8")
    result = RUNNER.invoke(app, ["check", str(article), "--snapshot-only", "-q",
                                 "--fx-quote-tolerance", "-0.1"])
    assert result.exit_code == 2 and "fx-quote-tolerance" in result.output
