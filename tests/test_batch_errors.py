"""Batch mode: a failing document is a row in the errors file, the run goes on, exit status 1;
per-document time limits; a stuck or crashing worker costs only its document."""
from __future__ import annotations

import json

from test_batch_support import FakeExtractor, read_jsonl, run_cli, write_feed

from extractor.batch import BatchJob, BatchOptions, run_batch


def good(doc_id: str, text: str = "Exports rose 5.5% to $60.11 billion.") -> dict:
    return {"id": doc_id, "text": text}


def test_batch_errors_file_has_a_row_per_failed_document_and_the_run_goes_on(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [
        good("a"),
        "{broken",
        b'{"id": "latin", "text": "caf\xe9 3%"}',
        {"id": "no-text"},
        {"id": "parser", "text": "FAIL at 7%"},
        {"id": "empty-html", "html": "<html><body></body></html>"},
        good("b", "Imports fell 2%."),
    ])
    out = tmp_path / "out" / "records.jsonl"
    result = run_cli("extract", feed, "-o", out, "--workers", "1", "--chunk-size", "3")
    assert result.exit_code == 1, result.output
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "a", "b"]
    errors = read_jsonl(out.with_name("records.jsonl.errors.jsonl"))
    assert errors == [
        {"origin": f"{feed}:2", "doc_id": None,
         "reason": "malformed JSON at column 2: Expecting property name enclosed in double quotes"},
        {"origin": f"{feed}:3", "doc_id": None, "reason": "not UTF-8: invalid byte 0xe9 at byte 29"},
        {"origin": f"{feed}:4", "doc_id": "no-text", "reason": "missing 'text' (or 'html')"},
        {"origin": f"{feed}:5", "doc_id": "parser", "reason": "RuntimeError: the parser gave up"},
        {"origin": f"{feed}:6", "doc_id": "empty-html", "reason": errors[4]["reason"]},
    ]
    assert errors[4]["reason"]  # whatever the HTML cleaner says about a page without text
    assert result.stderr.splitlines()[-1] == "documents: 2, records: 3, errors: 5, duplicates: 0"
    assert f"error: {feed}:5 (id parser): RuntimeError: the parser gave up" in result.stderr


def test_batch_errors_go_to_the_errors_option_and_no_errors_exit_0(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [good("a")])
    out, errors = tmp_path / "records.jsonl", tmp_path / "logs" / "errors.jsonl"
    result = run_cli("extract", feed, "-o", out, "--errors", errors, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert errors.read_text() == ""
    assert not out.with_name("records.jsonl.errors.jsonl").exists()


def test_batch_doc_timeout_makes_a_slow_document_an_error_row(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [good("a"), {"id": "slow", "text": "SLOW 1"},
                                                good("b", "Up 3%.")])
    out = tmp_path / "records.jsonl"
    result = run_cli("extract", feed, "-o", out, "--workers", "1", "--doc-timeout", "0.5")
    assert result.exit_code == 1, result.output
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "a", "b"]
    assert read_jsonl(tmp_path / "records.jsonl.errors.jsonl") == [
        {"origin": f"{feed}:2", "doc_id": "slow",
         "reason": "timed out: processing took longer than 0.5 s (--doc-timeout)"}]
    manifest = json.loads((tmp_path / "records.jsonl.manifest.json").read_text())
    assert (manifest["counts"]["errors"], manifest["counts"]["timeouts"]) == (1, 1)


def test_batch_stuck_worker_is_stopped_and_only_its_document_fails(tmp_path):
    """A document that the in-process time limit cannot stop (SIGALRM blocked, as in C code
    that never returns to Python): the driver kills the worker past the hard limit, starts
    another, and the rest of the chunk is processed."""
    feed = write_feed(tmp_path / "feed.jsonl", [good("a"), {"id": "stuck", "text": "STUCK 1"},
                                                good("b", "Up 3%.")])
    job = BatchJob(inputs=(str(feed),), output=tmp_path / "records.jsonl", doc_timeout=0.5)
    report = run_batch(job, BatchOptions(workers=1, hard_grace_s=1.0), FakeExtractor)
    assert [r["doc_id"] for r in read_jsonl(job.output)] == ["a", "a", "b"]
    [error] = read_jsonl(job.errors_path)
    assert error["doc_id"] == "stuck"
    assert error["reason"].startswith("timed out: no result after 1.75 s; the worker was stopped")
    assert (report.counts["errors"], report.counts["timeouts"]) == (1, 1)
    assert report.engine_stats.restarts == 1


def test_batch_crashing_worker_costs_only_its_document(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [good("a"), {"id": "crash", "text": "CRASH 1"},
                                                good("b", "Up 3%.")])
    out = tmp_path / "records.jsonl"
    result = run_cli("extract", feed, "-o", out, "--workers", "2", "--chunk-size", "2")
    assert result.exit_code == 1, result.output
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "a", "b"]
    [error] = read_jsonl(tmp_path / "records.jsonl.errors.jsonl")
    assert error["doc_id"] == "crash"
    assert error["reason"] == "the worker process died (exit code -9) while processing this document"
