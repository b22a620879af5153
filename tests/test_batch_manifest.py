"""Every batch run writes a manifest beside its output: input, settings, versions, counts,
status; a complete run of the same job is not run again."""
from __future__ import annotations

import json
from importlib.metadata import version

from test_batch_support import read_jsonl, run_cli, write_feed


def test_batch_manifest_records_input_settings_versions_and_counts(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [{"id": "a", "text": "Up 5% and 7%."}, "{broken",
                                                {"id": "a", "text": "again 1%"}])
    out = tmp_path / "records.jsonl"
    result = run_cli("extract", feed, "-o", out, "--workers", "2", "--chunk-size", "2",
                     "--doc-timeout", "9", "--published", "2025-11")
    assert result.exit_code == 1
    manifest = json.loads((tmp_path / "records.jsonl.manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["exit_status"] == 1
    assert manifest["input"] == [{"path": str(feed.resolve()), "kind": "jsonl",
                                  "size": feed.stat().st_size,
                                  "mtime_ns": feed.stat().st_mtime_ns}]
    assert manifest["output"] == {"path": str(out.resolve()), "format": "jsonl"}
    assert manifest["errors_file"] == str((tmp_path / "records.jsonl.errors.jsonl").resolve())
    assert manifest["settings"] == {"model": None, "language": "en", "min_confidence": 0.0,
                                    "published": "2025-11", "chunk_size": 2, "doc_timeout": 9.0,
                                    "dedupe": True}
    assert manifest["version"]["econ-figures"] == version("econ-figures")
    assert manifest["version"]["spacy"] == version("spacy")
    assert manifest["version"]["extractor"] == "test_batch_support.FakeExtractor"
    assert manifest["engine"] == {"name": "local", "workers": 2, "scheduler": None}
    assert manifest["counts"] == {"items": 3, "documents": 1, "records": 2, "errors": 1,
                                  "timeouts": 0, "words": 4, "duplicates": 1,
                                  "duplicates_by": {"id": 1, "text": 0}}
    assert manifest["chunks"] == 2 and manifest["attempts"] == 1
    performance = manifest["performance"]
    assert len(performance["worker_peak_rss_mb"]) == 2 and performance["workers_ready_s"] > 0
    assert [r["published"] for r in read_jsonl(out)] == ["2025-11", "2025-11"]


def test_batch_rerun_of_a_complete_job_does_nothing_and_restart_runs_again(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [{"id": "a", "text": "Up 5%."}])
    out = tmp_path / "records.jsonl"
    assert run_cli("extract", feed, "-o", out, "--workers", "1").exit_code == 0
    out.write_text('{"doc_id": "marker"}\n')  # to see whether it is rewritten
    again = run_cli("extract", feed, "-o", out, "--workers", "1")
    assert again.exit_code == 0
    assert "is complete already" in again.stderr and out.read_text() == '{"doc_id": "marker"}\n'
    restarted = run_cli("extract", feed, "-o", out, "--workers", "1", "--restart")
    assert restarted.exit_code == 0
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a"]
    with feed.open("a") as stream:  # a changed feed is another job
        stream.write(json.dumps({"id": "b", "text": "Down 2%."}) + "\n")
    changed = run_cli("extract", feed, "-o", out, "--workers", "1")
    assert changed.exit_code == 0 and "complete already" not in changed.stderr
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "b"]
