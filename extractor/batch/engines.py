"""Engines run parts of chunks somewhere and report what came of them; the runner does the rest.

An engine has ``start()``, ``free_slots()``, ``submit(part)``, ``poll(timeout)`` (a list of
events) and ``close()``. Events: ``PartDone`` (a result per item), ``PartLost`` (the part must be
redone: ``culprit`` names the document that was running when its worker died or was stopped,
if known; ``innocent`` parts only waited in a lost worker's queue) and ``Started`` (a document
began: progress).

``LocalEngine``: N worker processes on this machine, each with its own Extractor, fed through
its own pipe (a worker killed mid-message corrupts nothing but its own pipe). Each worker tells
the driver when it starts a document, so the driver knows which document a dead or stuck worker
was on: past the hard limit it kills the worker, and that document alone becomes an error.

``DaskEngine``: tasks on a dask.distributed cluster (one task per part), an address or a
LocalCluster of worker processes started for the run.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_for

from .work import (ItemResult, WorkItem, WorkSpec, cpu_seconds, peak_rss_mb, process_items,
                   process_part)


@dataclass
class Part:
    id: int
    k: int
    items: list[WorkItem]


@dataclass
class PartDone:
    part: Part
    results: list[ItemResult]


@dataclass
class PartLost:
    part: Part
    reason: str
    culprit: int | None = None
    timed_out: bool = False
    innocent: bool = False


@dataclass
class Started:
    words: int


class EngineError(RuntimeError):
    """The engine cannot work at all (a worker cannot build its extractor, the cluster cannot
    be reached)."""


@dataclass
class EngineStats:
    startup_s: list[float] = field(default_factory=list)  # per worker: building the extractor
    ready_s: float | None = None  # from start() until every worker was ready
    peak_rss_mb: list[float] = field(default_factory=list)  # per worker, at its end
    cpu_s: list[float] = field(default_factory=list)  # per local worker: CPU time, at its end
    restarts: int = 0


# --- local processes ------------------------------------------------------------------------------

def _worker_main(conn, spec: WorkSpec, inherited: tuple = ()) -> None:
    """A worker process: build the extractor, then process the parts that come down the pipe.
    ``inherited``: the driver's ends of worker pipes that a forked child holds copies of; closed
    here, so that the driver's death is seen as the end of this pipe."""
    for other in inherited:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver decides when to stop
    tasks: queue.Queue = queue.Queue()

    def receive() -> None:
        try:
            while True:
                task = conn.recv()
                tasks.put(task)
                if task is None:
                    return
        except (EOFError, OSError):
            os._exit(3)  # the driver is gone (killed): stop at once, nothing to clean up

    threading.Thread(target=receive, daemon=True, name="receive").start()
    started = time.perf_counter()
    try:
        extractor = spec.factory(spec.settings)
    except BaseException as exc:  # noqa: BLE001 - reported to the driver
        conn.send(("fatal", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        return
    conn.send(("ready", time.perf_counter() - started, os.getpid()))

    def on_start(seq: int, words: int) -> None:
        conn.send(("start", seq, words))

    while (task := tasks.get()) is not None:
        part_id, items = task
        results = process_items(extractor, items, spec, on_start)
        conn.send(("done", part_id, results))
    conn.send(("bye", peak_rss_mb(), cpu_seconds()))


@dataclass
class _Worker:
    slot: int
    process: multiprocessing.process.BaseProcess
    conn: object
    sender: "queue.Queue"
    parts: deque = field(default_factory=deque)
    ready: bool = False
    current: tuple[int, float] | None = None  # (seq, since) of the running document
    started_at: float = field(default_factory=time.monotonic)


class LocalEngine:
    PARTS_PER_WORKER = 2  # one running, one waiting: no idle gap between parts

    def __init__(self, spec: WorkSpec, workers: int, hard_limit: float | None = None):
        self.spec = spec
        self.count = max(1, workers)
        self.hard_limit = hard_limit
        self.stats = EngineStats()
        self.workers: dict[int, _Worker] = {}
        self._context = _context()
        self._start_time = 0.0
        self._early_deaths = 0

    # lifecycle
    def start(self) -> None:
        """Start the workers. While the driver has a single thread they are forked from it: it
        has imported the extractor already, so they start faster than from a fresh interpreter
        (restarts later use the forkserver, as threads are running by then)."""
        self._start_time = time.monotonic()
        fork = (sys.platform.startswith("linux") and threading.active_count() == 1
                and "fork" in multiprocessing.get_all_start_methods())
        context = multiprocessing.get_context("fork") if fork else self._context
        for slot in range(self.count):
            self._spawn(slot, context, start_sender=False)
        for worker in self.workers.values():
            _start_sender(worker)

    def _spawn(self, slot: int, context=None, start_sender: bool = True) -> None:
        context = context or self._context
        driver_end, worker_end = context.Pipe(duplex=True)
        inherited = ()
        if context.get_start_method() == "fork":
            inherited = (driver_end, *(w.conn for w in self.workers.values()))
        process = context.Process(target=_worker_main, args=(worker_end, self.spec, inherited),
                                  name=f"extractor-worker-{slot}", daemon=True)
        process.start()
        worker_end.close()
        worker = _Worker(slot, process, driver_end, queue.Queue())
        self.workers[slot] = worker
        if start_sender:
            _start_sender(worker)

    def close(self) -> None:
        """Stop the workers: politely (their peak memory is collected), then by force."""
        for worker in self.workers.values():
            worker.sender.put(None)
        deadline = time.monotonic() + 5
        for worker in list(self.workers.values()):
            while time.monotonic() < deadline:
                try:
                    if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                        break
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    break
                if message[0] == "bye":
                    self.stats.peak_rss_mb.append(message[1])
                    self.stats.cpu_s.append(message[2])
                    break
            worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in self.workers.values():
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1)
            worker.conn.close()
        self.workers.clear()

    def abort(self) -> None:
        for worker in self.workers.values():
            if worker.process.is_alive():
                worker.process.kill()
        for worker in self.workers.values():
            worker.process.join(1)
            worker.conn.close()
        self.workers.clear()

    # work
    def capacity(self) -> int:
        return self.PARTS_PER_WORKER * self.count

    def free_slots(self) -> int:
        return sum(self.PARTS_PER_WORKER - len(w.parts) for w in self.workers.values())

    def submit(self, part: Part) -> None:
        worker = min(self.workers.values(), key=lambda w: (len(w.parts), w.slot))
        worker.parts.append(part)
        worker.sender.put((part.id, part.items))

    def poll(self, timeout: float) -> list:
        events: list = []
        by_conn = {id(w.conn): w for w in self.workers.values()}
        sentinels = {w.process.sentinel: w for w in self.workers.values()}
        ready = wait_for([w.conn for w in self.workers.values()] + list(sentinels), timeout)
        dead: dict[int, _Worker] = {}
        for handle in ready:
            worker = sentinels.get(handle) if isinstance(handle, int) else by_conn.get(id(handle))
            if worker is None or worker.slot in dead:
                continue
            if isinstance(handle, int):
                # The process ended; read what it sent before (e.g. its last "done").
                while self._drain_one(worker, events):
                    pass
                dead[worker.slot] = worker
                continue
            if not self._drain(worker, events):
                dead[worker.slot] = worker
        for worker in dead.values():
            worker.process.join(2)  # its pipe may close before its exit status is known
            code = worker.process.exitcode
            self._lost(worker, events, f"the worker process died (exit code {code}) while "
                                       f"processing this document", timed_out=False)
        if self.hard_limit:
            now = time.monotonic()
            for worker in list(self.workers.values()):
                if worker.current and now - worker.current[1] > self.hard_limit:
                    worker.process.kill()
                    worker.process.join(5)
                    self._lost(worker, events,
                               f"timed out: no result after {self.hard_limit:g} s; the worker "
                               f"was stopped (--doc-timeout {self.spec.doc_timeout:g})",
                               timed_out=True)
        return events

    def _drain(self, worker: _Worker, events: list) -> bool:
        """Read every message waiting on a worker's pipe; False if the pipe is broken."""
        try:
            while worker.conn.poll():
                if not self._drain_one(worker, events):
                    return False
        except (EOFError, OSError):
            return False
        return True

    def _drain_one(self, worker: _Worker, events: list) -> bool:
        try:
            if not worker.conn.poll():
                return False
            message = worker.conn.recv()
        except (EOFError, OSError):
            return False
        kind = message[0]
        if kind == "start":
            worker.current = (message[1], time.monotonic())
            if message[2]:
                events.append(Started(message[2]))
        elif kind == "done":
            part = worker.parts.popleft()
            assert part.id == message[1], "parts come back in the order they were sent"
            worker.current = None
            events.append(PartDone(part, message[2]))
        elif kind == "ready":
            worker.ready = True
            self._early_deaths = 0
            self.stats.startup_s.append(message[1])
            if all(w.ready for w in self.workers.values()) and self.stats.ready_s is None:
                self.stats.ready_s = time.monotonic() - self._start_time
        elif kind == "fatal":
            raise EngineError(f"a worker could not build the extractor: {message[1]}")
        elif kind == "bye":
            self.stats.peak_rss_mb.append(message[1])
            self.stats.cpu_s.append(message[2])
        return True

    def _lost(self, worker: _Worker, events: list, reason: str, timed_out: bool) -> None:
        """Report the parts of a dead or stopped worker, and start another in its place."""
        worker.conn.close()
        worker.sender.put(None)
        del self.workers[worker.slot]
        if not worker.ready:
            self._early_deaths += 1
            if self._early_deaths >= 3:
                raise EngineError(f"worker processes keep dying before they are ready (exit "
                                  f"code {worker.process.exitcode})")
        running = worker.current
        for index, part in enumerate(worker.parts):
            culprit = running[0] if index == 0 and running else None
            if culprit is not None and not any(item.seq == culprit for item in part.items):
                culprit = None
            events.append(PartLost(part, reason, culprit, timed_out, innocent=index > 0))
        self.stats.restarts += 1
        self._spawn(worker.slot)


def _start_sender(worker: _Worker) -> None:
    threading.Thread(target=_send_all, args=(worker.conn, worker.sender), daemon=True,
                     name=f"send-{worker.slot}").start()


def _send_all(conn, messages: queue.Queue) -> None:
    """Send a worker its parts from a thread of its own, so that the driver never blocks on a
    worker that is slow to read (or stuck)."""
    while True:
        message = messages.get()
        try:
            conn.send(message)
        except (OSError, ValueError):
            return
        if message is None:
            return


def _context():
    """forkserver where there is one: workers fork from a clean process that has imported the
    extractor already (fast start, no inherited threads); spawn elsewhere."""
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["extractor.batch.work", "extractor.pipeline"])
        return context
    return multiprocessing.get_context("spawn")


# --- Dask -----------------------------------------------------------------------------------------

class DaskEngine:
    """Parts as tasks on a dask.distributed cluster. The driver keeps reading, committing and
    writing; workers only compute, so they need no access to the driver's files."""

    def __init__(self, spec: WorkSpec, workers: int | None = None, scheduler: str | None = None):
        self.spec = spec
        self.workers = workers
        self.scheduler = scheduler
        self.stats = EngineStats()
        self.client = None
        self.cluster = None
        self.futures: dict = {}
        self._slots = 0
        self._counted = 0.0
        self._names = itertools.count()
        self._token = os.urandom(4).hex()

    def start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineError("the dask engine needs dask.distributed: pip install "
                              "'econ-figures[batch]'") from exc
        started = time.monotonic()
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=30)
            else:
                self.cluster = LocalCluster(n_workers=self.workers or os.cpu_count() or 1,
                                            threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
        except OSError as exc:
            raise EngineError(f"cannot reach the Dask scheduler {self.scheduler}: {exc}") from exc
        self._count_threads()
        self.stats.ready_s = time.monotonic() - started

    def _count_threads(self) -> None:
        """Two parts per worker thread of the cluster, counted again now and then: workers may
        join (or leave) a running cluster."""
        self._slots = 2 * (sum(self.client.nthreads().values()) or 1)
        self._counted = time.monotonic()

    def capacity(self) -> int:
        return self._slots

    def free_slots(self) -> int:
        if time.monotonic() - self._counted > 10:
            self._count_threads()
        return self._slots - len(self.futures)

    def submit(self, part: Part) -> None:
        future = self.client.submit(process_part, self.spec, part.items, pure=False, retries=1,
                                    key=f"extractor-part-{self._token}-{next(self._names)}")
        self.futures[future] = part

    def poll(self, timeout: float) -> list:
        from distributed import wait

        if not self.futures:
            time.sleep(timeout)
            return []
        try:
            done, _ = wait(list(self.futures), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        events: list = []
        for future in done:
            part = self.futures.pop(future)
            if future.status == "finished":
                answer = future.result()
                if len(self.stats.startup_s) < self._slots // 2:
                    self.stats.startup_s.append(answer["startup_s"])
                self.stats.peak_rss_mb.append(answer["peak_rss_mb"])
                events.append(PartDone(part, answer["results"]))
            else:
                error = future.exception()
                events.append(PartLost(part, f"failed on the cluster: {type(error).__name__}: "
                                             f"{error}"))
            future.release()
        return events

    def close(self) -> None:
        for future in self.futures:
            future.cancel()
        self.futures.clear()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    abort = close
