"""Batch mode is resumable and exactly-once: kill -9 at any moment, run the same command again,
and the output is that of an uninterrupted run."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch_support import FakeExtractor, read_jsonl, run_cli, team_entries, write_feed

from extractor.batch import BatchJob, BatchOptions, JobMismatch, Reporter, run_batch


@pytest.fixture(scope="module")
def team_feed(tmp_path_factory) -> Path:
    """~300 documents from corpus/team, with a bad line, a repeated id and a repeated text, so
    that errors and duplicates must come out exactly once too."""
    entries = team_entries(300)
    lines = [*entries[:100], "{broken", *entries[100:200], dict(entries[5], text="other text 1%"),
             dict(entries[7], id="copy-of-7"), *entries[200:]]
    return write_feed(tmp_path_factory.mktemp("feed") / "team.jsonl", lines)


def command(feed: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "extractor", "extract", str(feed), "-o", str(out),
            "--workers", "2", "--chunk-size", "10", "--quiet"]


def committed_chunks(out: Path) -> int | None:
    state = out.with_name(out.name + ".work") / "state.sqlite"
    if not state.exists():
        return None
    with sqlite3.connect(state) as db:
        return db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]


def test_batch_resume_after_kill_9_at_three_random_points_equals_a_clean_run(team_feed, tmp_path):
    clean = tmp_path / "clean" / "records.jsonl"
    done = subprocess.run(command(team_feed, clean), capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the broken line
    size = clean.stat().st_size

    seed = int(os.environ.get("BATCH_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    # Kill once the staged output has reached a random share of its final size (plus a random
    # moment more, to land anywhere in a chunk's commit), three times, each time resuming.
    fractions = [rng.uniform(0.02, 0.35), rng.uniform(0.35, 0.7), rng.uniform(0.7, 1.0)]
    resumed = tmp_path / "resumed" / "records.jsonl"
    staging = resumed.with_name("records.jsonl.work") / "records.jsonl"
    history = []
    for fraction in fractions:
        process = subprocess.Popen(command(team_feed, resumed), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if staging.exists() and staging.stat().st_size >= fraction * size:
                time.sleep(rng.uniform(0, 0.3))
                break
            time.sleep(0.01)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        history.append((round(fraction, 2), process.returncode, committed_chunks(resumed)))
    context = f"seed {seed} (BATCH_KILL_SEED), kills (fraction, exit, committed): {history}"
    print(context)
    assert any(code == -signal.SIGKILL for _, code, _ in history), context

    final = subprocess.run(command(team_feed, resumed), capture_output=True, text=True)
    assert final.returncode == 1, f"{final.stderr}\n{context}"
    assert resumed.read_bytes() == clean.read_bytes(), context
    errors = resumed.with_name("records.jsonl.errors.jsonl")
    assert errors.read_bytes() == clean.with_name("records.jsonl.errors.jsonl").read_bytes()
    assert len(read_jsonl(errors)) == 1
    manifest = json.loads(resumed.with_name("records.jsonl.manifest.json").read_text())
    clean_manifest = json.loads(clean.with_name("records.jsonl.manifest.json").read_text())
    assert manifest["counts"] == clean_manifest["counts"], context
    assert manifest["counts"]["duplicates_by"] == {"id": 1, "text": 1}
    assert manifest["status"] == "complete" and manifest["attempts"] >= 2
    assert not resumed.with_name("records.jsonl.work").exists()
    records = read_jsonl(resumed)
    assert len({(r["doc_id"], r["start"]) for r in records}) == len(records)  # no duplicates


class StopAfter(Reporter):
    """Interrupts the driver (as Ctrl-C would) after ``count`` committed errors."""

    def __init__(self, count: int):
        self.count = count

    def error(self, row: dict) -> None:
        self.count -= 1
        if self.count == 0:
            raise KeyboardInterrupt


def small_feed(tmp_path: Path) -> Path:
    lines = []
    for index in range(40):
        lines.append({"id": f"d{index}", "text": f"Exports rose {index}.5% in month {index}."})
        if index % 10 == 5:
            lines.append("{broken")
    return write_feed(tmp_path / "feed.jsonl", lines)


def test_batch_interrupted_run_resumes_and_a_changed_job_needs_restart(tmp_path):
    feed = small_feed(tmp_path)
    job = BatchJob(inputs=(str(feed),), output=tmp_path / "out" / "records.jsonl", chunk_size=5)
    with pytest.raises(KeyboardInterrupt):
        run_batch(job, BatchOptions(workers=1), FakeExtractor, StopAfter(2))
    assert job.work_dir.exists() and not job.output.exists()
    manifest = json.loads(job.manifest_path.read_text())
    assert manifest["status"] == "interrupted" and 0 < manifest["chunks"]

    other = BatchJob(inputs=job.inputs, output=job.output, chunk_size=7)
    with pytest.raises(JobMismatch, match="pass --restart to discard it"):
        run_batch(other, BatchOptions(workers=1), FakeExtractor)
    result = run_cli("extract", feed, "-o", job.output, "--chunk-size", "7")
    assert result.exit_code == 2 and "holds an unfinished run with other input or settings" in result.stderr
    assert json.loads(job.manifest_path.read_text()) == manifest  # the unfinished run's, untouched

    report = run_batch(job, BatchOptions(workers=2), FakeExtractor)  # same job, other workers
    assert report.resumed_chunks == manifest["chunks"]
    clean = BatchJob(inputs=job.inputs, output=tmp_path / "clean" / "records.jsonl", chunk_size=5)
    run_batch(clean, BatchOptions(workers=1), FakeExtractor)
    assert job.output.read_bytes() == clean.output.read_bytes()
    assert job.errors_path.read_bytes() == clean.errors_path.read_bytes()
    assert report.counts == run_batch(clean, BatchOptions(), FakeExtractor).counts  # "already complete"

    restarted = run_batch(other, BatchOptions(workers=1, restart=True), FakeExtractor)
    assert restarted.status == "complete" and restarted.resumed_chunks == 0
    assert job.output.read_bytes() == clean.output.read_bytes()


def test_batch_resume_cuts_off_what_a_killed_run_wrote_past_its_last_commit(tmp_path):
    feed = small_feed(tmp_path)
    job = BatchJob(inputs=(str(feed),), output=tmp_path / "records.jsonl", chunk_size=5)
    with pytest.raises(KeyboardInterrupt):
        run_batch(job, BatchOptions(workers=1), FakeExtractor, StopAfter(1))
    staging = job.work_dir / "records.jsonl"
    with open(staging, "ab") as stream:  # a chunk staged, then killed before its commit
        stream.write(b'{"doc_id": "half-written", "start": 1')
    (job.work_dir / "parts").mkdir(exist_ok=True)
    report = run_batch(job, BatchOptions(workers=1), FakeExtractor)
    clean = BatchJob(inputs=job.inputs, output=tmp_path / "clean.jsonl", chunk_size=5)
    run_batch(clean, BatchOptions(workers=1), FakeExtractor)
    assert job.output.read_bytes() == clean.output.read_bytes()
    assert report.counts["errors"] == 4


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_batch_run_killed_while_publishing_publishes_on_resume(tmp_path, monkeypatch, fmt):
    from extractor.batch import sinks

    feed = small_feed(tmp_path)
    job = BatchJob(inputs=(str(feed),), output=tmp_path / f"records.{fmt}", fmt=fmt, chunk_size=5)
    sink = sinks.JsonlSink if fmt == "jsonl" else sinks.ParquetSink
    publish = sink.publish

    def killed(self):  # the errors file is published already, the records not yet
        raise KeyboardInterrupt

    monkeypatch.setattr(sink, "publish", killed)
    with pytest.raises(KeyboardInterrupt):
        run_batch(job, BatchOptions(workers=1), FakeExtractor)
    assert job.errors_path.exists() and not job.output.exists()
    monkeypatch.setattr(sink, "publish", publish)
    report = run_batch(job, BatchOptions(workers=1), FakeExtractor)
    assert report.status == "complete" and report.counts["errors"] == 4
    assert len(read_jsonl(job.errors_path)) == 4
    assert job.output.exists() and not job.work_dir.exists()
