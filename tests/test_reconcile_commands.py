"""The command functions (check, series list/show) and the seed evaluation."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from rich.console import Console

from extractor.reconcile import check_frame
from extractor.reconcile.commands import check, series_list, series_show

from reconcile_tables import frame, record, row


def quiet_console(path):
    return Console(file=open(path, "w"), width=200)


def test_check_records_file_writes_verdicts_and_findings(tmp_path):
    records = tmp_path / "records.jsonl"
    rows = [record(mention="$6.52 billion", value=6.52e9, measure="portfolio_investment",
                   reporter="KOR", period_start="2025-11", period_end="2025-11"),
            record(mention="$12.26 billion", value=12.26e9, measure="portfolio_investment",
                   reporter="KOR", period_start="2025-11", period_end="2025-11", start=9)]
    records.write_text("".join(json.dumps(r) + "\n" for r in rows))
    console = quiet_console(tmp_path / "table.txt")
    status = check([records], tmp_path / "v.jsonl", tmp_path / "f.jsonl", snapshot_only=True,
                   console=console)
    console.file.close()
    assert status == 0
    verdicts = [json.loads(line) for line in (tmp_path / "v.jsonl").read_text().splitlines()]
    assert [v["verdict"] for v in verdicts] == ["consistent", "consistent"]
    assert all(v["source_url"].startswith("http") for v in verdicts)
    findings = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text().splitlines()]
    assert findings[0]["kind"] == "two_values"
    assert "consistent: 2" in (tmp_path / "table.txt").read_text()


def test_check_extracts_articles(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "published": "2025-12-08",
                                "text": "China's exports rose 5.9% in November from a year earlier."}) + "\n")
    out = io.StringIO()
    console = quiet_console(tmp_path / "t.txt")
    assert check([feed], None, snapshot_only=True, console=console, stdout=out) == 0
    console.file.close()
    verdicts = [json.loads(line) for line in out.getvalue().splitlines()]
    assert any(v["mention"] == "5.9%" and v["verdict"] == "consistent" for v in verdicts)


def test_check_usage_errors(tmp_path):
    console = quiet_console(tmp_path / "t.txt")
    assert check([tmp_path / "missing.jsonl"], None, console=console) == 2
    assert check([], None, console=console) == 2
    console.file.close()


def test_series_list_and_show(tmp_path):
    console = quiet_console(tmp_path / "t.txt")
    assert series_list(contains="KOR.current_account", console=console, snapshot_only=True) == 0
    assert series_show("M.KOR.current_account.WLD._T.bop.N.USD.level.actual", console=console,
                       snapshot_only=True) == 0
    assert series_show("nope", console=console, snapshot_only=True) == 2
    console.file.close()
    text = (tmp_path / "t.txt").read_text()
    assert "12.24" in text and "kbs.co.kr" in text


def test_check_frame_keeps_index_and_order(tmp_path):
    data = frame(tmp_path, [row(value="61.04")])
    records = pd.DataFrame([record(mention="$61.04 billion", value=61.04e9),
                            record(mention="$1 billion", value=1e9, reporter="XYZ")], index=[7, 3])
    verdicts = check_frame(records, data)
    assert list(verdicts.index) == [7, 3]
    assert list(verdicts.verdict) == ["consistent", "unverifiable"]


@pytest.mark.slow
def test_seed_agreement(seeds_dir):
    from eval.reconcile_eval import evaluate

    summary = evaluate(seeds_dir, None)
    assert summary["agreement"] >= 0.95
    assert summary["mislabels_found"] == summary["mislabels_expected"] == 8
    assert summary["tenfold_found"] == summary["tenfold_expected"] == 2
    assert summary["two_values_findings"] >= 1
