"""Run a batch job: read the feed in chunks, have an engine process them, commit them in order,
publish the output when all are done. Resumable and exactly-once:

- Only the driver (this process) writes files, and a chunk becomes part of the output only by
  its ledger commit (one SQLite transaction after its records and errors are staged and synced).
- Chunks are committed in feed order, however the engine finishes them, so committed chunks
  are a prefix of the feed; a killed run leaves at most uncommitted bytes past the last commit,
  which the next run cuts off before it goes on with the next chunk.
- The output appears under its real name only when every chunk is committed (a rename, or one
  DuckDB transaction); the manifest says ``complete`` only after that.

So after ``kill -9`` at any moment, re-running the same command gives exactly the output of an
uninterrupted run.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: runs are not locked against each other
    fcntl = None

from ..read import parse_published
from ..settings import Settings
from .engines import DaskEngine, EngineStats, LocalEngine, Part, PartDone, PartLost, Started
from .feed import read_chunks
from .job import BatchJob
from .ledger import COUNTERS, KeySet, Ledger
from .sinks import ErrorSink, make_sink
from .work import DUPLICATE, ERROR, OK, ItemResult, WorkSpec

MANIFEST_VERSION = 1


class JobMismatch(ValueError):
    """The work folder holds an unfinished run of another job (other input or settings)."""


class JobBusy(RuntimeError):
    """Another process is running this job."""


@dataclass
class BatchOptions:
    """How the work is spread; not part of the job (a run may resume with other options)."""

    engine: str = "local"  # "local" or "dask"
    workers: int | None = None  # local: processes (default 1); dask: LocalCluster workers
    scheduler: str | None = None  # dask: scheduler address; None starts a LocalCluster
    restart: bool = False  # discard an unfinished run (or a complete one) and start over
    poll_s: float = 0.2
    hard_grace_s: float = 5.0  # local: a worker silent for 1.5 x doc_timeout + this is killed


@dataclass
class BatchReport:
    status: str  # "complete", or "already complete" (nothing was run)
    counts: dict
    chunks: int = 0
    resumed_chunks: int = 0  # chunks an earlier run had committed
    elapsed_s: float = 0.0
    words_per_s: float | None = None  # words of documents processed in this run / its time
    engine_stats: EngineStats | None = None
    manifest: Path | None = None
    errors_path: Path | None = None

    @property
    def duplicates(self) -> int:
        return self.counts.get("duplicates_id", 0) + self.counts.get("duplicates_text", 0)

    @property
    def exit_status(self) -> int:
        return 1 if self.counts.get("errors") else 0

    def summary(self) -> str:
        c = self.counts
        return (f"documents: {c.get('documents', 0)}, records: {c.get('records', 0)}, "
                f"errors: {c.get('errors', 0)}, duplicates: {self.duplicates}")


class Reporter:
    """What a run tells as it goes; the CLI shows it, tests and the benchmark may ignore it."""

    def info(self, message: str) -> None: ...

    def error(self, row: dict) -> None: ...

    def update(self, progress: "Progress") -> None: ...


@dataclass
class Progress:
    documents: int = 0  # processed (including failed ones)
    words: int = 0
    errors: int = 0
    duplicates: int = 0
    started: float = field(default_factory=time.monotonic)
    base_words: int = 0  # words done by earlier runs
    working_since: float | None = None  # when the first document of this run began

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def words_per_s(self) -> float:
        """Words of this run per second since its first document (start-up not counted)."""
        if self.working_since is None:
            return 0.0
        return (self.words - self.base_words) / max(time.monotonic() - self.working_since, 1e-9)

    def add(self, documents: int, words: int) -> None:
        if self.working_since is None:
            self.working_since = time.monotonic()
        self.documents += documents
        self.words += words


def run_batch(job: BatchJob, options: BatchOptions | None = None,
              factory: Callable[[Settings], object] | None = None,
              reporter: Reporter | None = None) -> BatchReport:
    """Run (or resume, or finish) ``job``; see the module docstring. Raises ``JobMismatch``,
    ``JobBusy``, ``EngineError``; KeyboardInterrupt leaves the run resumable."""
    if factory is None:
        from ..pipeline import Extractor as factory  # noqa: N813
    return _Run(job, options or BatchOptions(), factory, reporter or Reporter()).run()


class _Run:
    def __init__(self, job: BatchJob, options: BatchOptions, factory, reporter: Reporter):
        self.job, self.options, self.factory, self.reporter = job, options, factory, reporter
        self.fingerprint = job.fingerprint()
        self.work = job.work_dir
        self.started_at = datetime.now(timezone.utc)
        self.clock = time.monotonic()

    # --- the run ----------------------------------------------------------------------------------
    def run(self) -> BatchReport:
        if self.options.restart and self.work.exists():
            shutil.rmtree(self.work)
        if not self.work.exists() and not self.options.restart:
            done = self._already_complete()
            if done is not None:
                return done
        self.work.mkdir(parents=True, exist_ok=True)
        lock = self._lock()
        try:
            return self._run_locked()
        finally:
            lock.close()

    def _run_locked(self) -> BatchReport:
        job = self.job
        self.ledger = Ledger(self.work / "state.sqlite")
        known = self.ledger.get("fingerprint")
        if known is not None and known != self.fingerprint:
            self.ledger.close()  # and leave that run, and its manifest, as they are
            raise JobMismatch(
                f"{self.work} holds an unfinished run with other input or settings: "
                f"re-run that command to finish it, or pass --restart to discard it")
        try:
            if known is None:
                self.ledger.set("fingerprint", self.fingerprint)
                self.ledger.set("job", json.dumps(job.describe()))
                self.ledger.set("attempts", "0")
            self.attempts = int(self.ledger.get("attempts") or 0) + 1
            self.ledger.set("attempts", str(self.attempts))
            self.resumed = self.ledger.committed
            self.sink = make_sink(job.fmt, self.work, job.output, job.table)
            self.errors = ErrorSink(self.work / "errors.jsonl", job.errors_path)
            publishing = self.ledger.get("phase") == "publishing"
            if not publishing:  # else staged files may be published (renamed) already
                records_state, errors_state = self.ledger.last_states()
                self.sink.recover(records_state)
                self.errors.recover(errors_state)
            totals = self.ledger.totals()
            self.progress = Progress(documents=totals["documents"] + totals["errors"],
                                     words=totals["words"], errors=totals["errors"],
                                     duplicates=totals["duplicates_id"] + totals["duplicates_text"],
                                     base_words=totals["words"])
            self._write_manifest("running", totals)
            if self.resumed:
                self.reporter.info(f"resuming: {self.resumed} chunk(s) of {job.chunk_size} "
                                   f"were done ({totals['documents']} documents)")
            self.engine_stats = None
            self.processing_end = None
            if not publishing:
                self._process()
            return self._publish()
        except BaseException as exc:
            status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
            try:
                self._write_manifest(status, self.ledger.totals())
            except Exception:  # noqa: BLE001 - the first failure is the one to report
                pass
            raise
        finally:
            for closeable in ("sink", "errors"):
                if hasattr(self, closeable):
                    getattr(self, closeable).close()
            self.ledger.close()

    def _process(self) -> None:
        job, options = self.job, self.options
        spec = WorkSpec(self.factory, job.settings, parse_published(job.published),
                        job.doc_timeout or None, self.sink.payload)
        if options.engine == "dask":
            engine = DaskEngine(spec, options.workers, options.scheduler)
            self.heartbeats = False
        else:
            hard = job.doc_timeout * 1.5 + options.hard_grace_s if job.doc_timeout else None
            engine = LocalEngine(spec, options.workers or 1, hard)
            self.heartbeats = True
        keys = KeySet(self.work / "seen.sqlite") if job.dedupe else None
        self.reporter.info(self._describe_engine())
        engine.start()
        try:
            self._loop(engine, keys)
            self.processing_end = time.monotonic()
        except BaseException:
            engine.abort()
            raise
        else:
            engine.close()
        finally:
            if keys is not None:
                keys.close()
            self.engine_stats = engine.stats
        self.ledger.set("phase", "publishing")

    def _loop(self, engine, keys) -> None:
        chunks = read_chunks(self.job.inputs, self.job.chunk_size, keys)
        next_commit = self.resumed
        pending: dict[int, dict[int, ItemResult | None]] = {}  # k -> seq -> result
        part_ids = iter(range(1 << 62))
        exhausted = False
        last_update = 0.0
        while True:
            # Chunks read but not committed stay few: memory does not grow with the feed.
            while (not exhausted and engine.free_slots() > 0
                   and len(pending) < 2 * engine.capacity() + 2):
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                if chunk.k < self.resumed:
                    continue  # committed by an earlier run (its keys are registered by reading)
                pending[chunk.k] = {item.seq: None for item in chunk.items}
                engine.submit(Part(next(part_ids), chunk.k, chunk.items))
            if exhausted and not pending:
                break
            for event in engine.poll(self.options.poll_s):
                if isinstance(event, Started):
                    self.progress.add(1, event.words)
                elif isinstance(event, PartDone):
                    self._received(event.results, pending[event.part.k])
                else:
                    self._lost(event, engine, pending[event.part.k], part_ids)
            while next_commit in pending and all(r is not None for r in pending[next_commit].values()):
                results = pending.pop(next_commit)
                self._commit(next_commit, [results[seq] for seq in sorted(results)])
                next_commit += 1
            now = time.monotonic()
            if now - last_update >= 0.25:
                self.reporter.update(self.progress)
                last_update = now
        self.reporter.update(self.progress)

    def _received(self, results: list[ItemResult], slots: dict) -> None:
        for result in results:
            slots[result.seq] = result
            if result.status == ERROR:
                self.progress.errors += 1
            elif result.status == DUPLICATE:
                self.progress.duplicates += 1
            if not self.heartbeats and result.status != DUPLICATE:
                self.progress.add(1, result.words)

    def _lost(self, event: PartLost, engine, slots: dict, part_ids) -> None:
        """Redo a lost part: without the document its worker died on, or item by item when that
        is not known; a single item that is lost again is an error."""
        items = event.part.items
        if event.innocent:
            engine.submit(Part(next(part_ids), event.part.k, items))
            return
        culprit = event.culprit
        if culprit is None and len(items) == 1:
            culprit = items[0].seq
        if culprit is not None:
            item = next(item for item in items if item.seq == culprit)
            self._received([ItemResult(item.seq, item.doc_id, item.origin, ERROR,
                                       reason=event.reason, timed_out=event.timed_out)], slots)
            rest = [item for item in items if item.seq != culprit]
            if rest:
                engine.submit(Part(next(part_ids), event.part.k, rest))
            return
        self.reporter.info(f"a part of chunk {event.part.k} was lost ({event.reason}); "
                           f"redoing it document by document")
        for item in items:
            engine.submit(Part(next(part_ids), event.part.k, [item]))

    def _commit(self, k: int, results: list[ItemResult]) -> None:
        counts: Counter = Counter()
        kept: list[ItemResult] = []
        failed: list[ItemResult] = []
        with self.ledger.transaction():
            for result in results:
                counts["items"] += 1
                if (self.job.dedupe and result.status != DUPLICATE
                        and result.text_key is not None):
                    first = self.ledger.claim_text(result.text_key, result.doc_id)
                    if first is not None:
                        if result.status == ERROR:
                            self.progress.errors -= 1
                        self.progress.duplicates += 1
                        result.status, result.duplicate = DUPLICATE, "text"
                        result.reason = f"same text as {first!r}"
                if result.status == OK:
                    kept.append(result)
                    counts["documents"] += 1
                    counts["records"] += result.records
                    counts["words"] += result.words
                elif result.status == ERROR:
                    failed.append(result)
                    counts["errors"] += 1
                    counts["timeouts"] += result.timed_out
                    counts["words"] += result.words
                else:
                    counts[f"duplicates_{result.duplicate}"] += 1
            records_state = self.sink.append(k, kept)
            errors_state = self.errors.append(k, failed)
            self.ledger.add_chunk(k, counts, records_state, errors_state)
        for result in failed:
            self.reporter.error(result.error_row())

    def _publish(self) -> BatchReport:
        self.ledger.set("phase", "publishing")
        self.errors.publish()
        self.sink.publish()
        totals = self.ledger.totals()
        chunks = self.ledger.committed
        elapsed = time.monotonic() - self.clock
        words = totals["words"] - self.progress.base_words
        working = (self.processing_end or time.monotonic()) - (self.progress.working_since
                                                                or self.clock)
        report = BatchReport("complete", totals, chunks, self.resumed, elapsed,
                             words / working if words else None, self.engine_stats,
                             self.job.manifest_path, self.job.errors_path)
        self._write_manifest("complete", totals, report)
        self.ledger.close()
        shutil.rmtree(self.work)
        return report

    # --- helpers ----------------------------------------------------------------------------------
    def _already_complete(self) -> BatchReport | None:
        """The report of a finished run of this very job whose output is in place, if any."""
        try:
            manifest = json.loads(self.job.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (manifest.get("status") != "complete" or manifest.get("fingerprint") != self.fingerprint
                or not self.job.output.exists()):
            return None
        counts = manifest.get("counts", {})
        totals = {name: counts.get(name, 0) for name in COUNTERS}
        totals["duplicates_id"] = counts.get("duplicates_by", {}).get("id", 0)
        totals["duplicates_text"] = counts.get("duplicates_by", {}).get("text", 0)
        self.reporter.info(f"{self.job.output} is complete already (see {self.job.manifest_path}); "
                           f"pass --restart to run again")
        return BatchReport("already complete", totals, manifest.get("chunks", 0),
                           manifest=self.job.manifest_path, errors_path=self.job.errors_path)

    def _lock(self):
        # A POSIX record lock belongs to this process: forked workers do not inherit it.
        handle = open(self.work / "lock", "w")
        if fcntl is None:
            return handle
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise JobBusy(f"another run is working on {self.job.output} ({self.work} is locked)")
        return handle

    def _describe_engine(self) -> str:
        options = self.options
        if options.engine == "dask":
            where = options.scheduler or f"a local cluster of {options.workers or os.cpu_count()} workers"
            how = f"dask on {where}"
        else:
            how = f"{options.workers or 1} local worker process(es)"
        return (f"batch: {how}, chunks of {self.job.chunk_size} documents, "
                f"time limit {self.job.doc_timeout or 'none'} s per document")

    def _write_manifest(self, status: str, totals: dict, report: BatchReport | None = None) -> None:
        job = self.job
        counts = {name: totals[name] for name in COUNTERS if not name.startswith("duplicates")}
        counts["duplicates"] = totals["duplicates_id"] + totals["duplicates_text"]
        counts["duplicates_by"] = {"id": totals["duplicates_id"], "text": totals["duplicates_text"]}
        manifest = {
            "manifest_version": MANIFEST_VERSION,
            "status": status,
            "fingerprint": self.fingerprint,
            **job.describe(),
            "engine": {"name": self.options.engine, "workers": self.options.workers,
                       "scheduler": self.options.scheduler},
            "counts": counts,
            "chunks": self.ledger.committed,
            "exit_status": 1 if totals["errors"] else 0,
            "attempts": getattr(self, "attempts", 1),
            "resumed_chunks": getattr(self, "resumed", 0),
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "elapsed_s": round(time.monotonic() - self.clock, 3),
        }
        if report is not None and report.engine_stats is not None:
            stats = report.engine_stats
            manifest["performance"] = {
                "words_per_s": round(report.words_per_s, 1) if report.words_per_s else None,
                "workers_ready_s": round(stats.ready_s, 3) if stats.ready_s is not None else None,
                "worker_startup_s": [round(s, 3) for s in stats.startup_s],
                "worker_peak_rss_mb": [round(m, 1) for m in stats.peak_rss_mb],
                "worker_restarts": stats.restarts,
            }
        _write_json_atomically(job.manifest_path, manifest)


def _write_json_atomically(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
