"""Batch mode processes the same article once: the same id, or the same normalized text (case,
Unicode form and whitespace aside), whether the driver sees the text (feed entries) or only the
worker does (HTML, files). The first copy wins; the count is reported."""
from __future__ import annotations

import json

from test_batch_support import read_jsonl, run_cli, write_feed

from extractor.batch.work import normalized_text

TEXT = "Exports rose 5.5% to $60.11 billion in November."


def test_batch_dedupe_same_id_or_same_normalized_text_is_processed_once(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [
        {"id": "a", "text": TEXT},
        {"id": "a", "text": "Another text with the same id: 7%."},       # same id
        {"id": "b", "text": "  EXPORTS rose 5.5%   to $60.11 billion\nin November. "},  # same text
        {"id": "c", "text": "Imports fell 2%."},
        {"id": "d", "html": "<html><body><p>Imports fell 2%.</p></body></html>"},  # text seen after HTML
        {"id": "e", "text": "Imports fell 3%."},
    ])
    out = tmp_path / "records.jsonl"
    result = run_cli("extract", feed, "-o", out, "--workers", "2", "--chunk-size", "2")
    assert result.exit_code == 0, result.output
    assert sorted({r["doc_id"] for r in read_jsonl(out)}) == ["a", "c", "e"]
    assert result.stderr.splitlines()[-1] == "documents: 3, records: 4, errors: 0, duplicates: 3"
    manifest = json.loads((tmp_path / "records.jsonl.manifest.json").read_text())
    assert manifest["counts"]["duplicates"] == 3
    assert manifest["counts"]["duplicates_by"] == {"id": 1, "text": 2}
    assert manifest["counts"]["items"] == 6 and manifest["counts"]["documents"] == 3


def test_batch_dedupe_keeps_the_first_copy_whichever_worker_finishes_first(tmp_path):
    # The HTML copy comes first in the feed; the plain copy is in a later chunk, on another
    # worker. The first one in feed order is kept.
    feed = write_feed(tmp_path / "feed.jsonl", [
        {"id": "html-first", "html": "<html><body><p>Imports fell 2%.</p></body></html>"},
        {"id": "x", "text": "Exports 1%."},
        {"id": "text-second", "text": "Imports fell 2%."},
    ])
    out = tmp_path / "records.jsonl"
    result = run_cli("extract", feed, "-o", out, "--workers", "2", "--chunk-size", "1")
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in read_jsonl(out)] == ["html-first", "x"]


def test_batch_no_dedupe_processes_every_copy(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", [{"id": "a", "text": TEXT}, {"id": "a", "text": TEXT},
                                                {"id": "b", "text": TEXT}])
    out = tmp_path / "records.jsonl"
    result = run_cli("extract", feed, "-o", out, "--no-dedupe")
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "a", "a", "a", "b", "b"]
    assert result.stderr.splitlines()[-1].endswith("duplicates: 0")


def test_batch_normalized_text_ignores_case_unicode_form_and_whitespace():
    assert normalized_text("Ｅxports\u00a0rose\n\n 5%") == normalized_text("exports rose 5%")
    assert normalized_text("Exports rose 5%") != normalized_text("Exports rose 6%")
