"""What a worker does with a part of a feed: build the documents, extract, and say per item what
came of it. Pure: no files are written here (the driver writes every output), so a worker that
is killed at any moment leaves nothing behind.

Used by both engines: the local one calls ``process_items`` in its worker processes, the Dask
one through ``process_part`` on the cluster's workers.
"""
from __future__ import annotations

import ctypes
import hashlib
import resource
import signal
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..document import Document, Published, ReadError
from ..read import RawItem, build_document
from ..settings import Settings
from ..write import record_json

OK, ERROR, DUPLICATE = "ok", "error", "duplicate"


@dataclass(slots=True)
class WorkItem:
    """One unit of the feed with its place in it (``seq``, counting every unit of every input
    from 0). ``duplicate`` is set by the driver for a unit it will not process: the key kind
    (``id`` or ``text``) and the id of the earlier document; ``raw`` is then left out."""

    seq: int
    origin: str
    doc_id: str | None
    raw: RawItem | None = None
    duplicate: tuple[str, str | None] | None = None


@dataclass(slots=True)
class ItemResult:
    """What came of one WorkItem. ``payload`` holds the records: JSON lines (``jsonl``) or the
    record dicts (``rows``), as the part asked. ``text_key`` identifies the normalized text of a
    built document, for deduplication."""

    seq: int
    doc_id: str | None
    origin: str
    status: str
    words: int = 0
    records: int = 0
    payload: str | list[dict] | None = None
    reason: str | None = None
    text_key: bytes | None = None
    timed_out: bool = False
    duplicate: str | None = None  # "id" or "text": the kind of key it shares

    def error_row(self) -> dict:
        return {"origin": self.origin, "doc_id": self.doc_id, "reason": self.reason}


@dataclass(frozen=True)
class WorkSpec:
    """How every part of one run is processed (sent once to each worker)."""

    factory: Callable[[Settings], object]
    settings: Settings
    published: Published | None = None
    doc_timeout: float | None = None
    payload: str = "jsonl"  # "jsonl" or "rows"
    extras: dict = field(default_factory=dict)


# --- keys -----------------------------------------------------------------------------------------

def normalized_text(text: str) -> str:
    """The text compared for deduplication: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_key(text: str) -> bytes:
    return hashlib.blake2b(normalized_text(text).encode("utf-8"), digest_size=16).digest()


def id_key(doc_id: str) -> bytes:
    return hashlib.blake2b(doc_id.encode("utf-8"), digest_size=16, person=b"doc-id").digest()


def count_words(text: str) -> int:
    return len(text.split())


# --- time limits ----------------------------------------------------------------------------------

class DocTimeout(BaseException):
    """Raised into the code processing a document when its time is up. A BaseException, so that
    the ``except Exception`` of library code cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocTimeout in this thread if the block runs longer than ``seconds``.

    In a process's main thread this is SIGALRM; elsewhere (Dask runs tasks in threads) an
    asynchronous exception set by a timer thread. Either takes effect at the next Python
    bytecode, so code stuck in C that never returns to Python is not stopped: the local engine
    kills such a worker from outside (its hard limit).
    """
    if not seconds:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum, frame):
            raise DocTimeout(seconds)

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                           ctypes.py_object(DocTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:  # set but perhaps not raised yet: it must not escape elsewhere
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


# --- processing -----------------------------------------------------------------------------------

def process_items(extractor, items: Iterable[WorkItem], spec: WorkSpec,
                  on_start: Callable[[int, int], None] | None = None) -> list[ItemResult]:
    """One ItemResult per item, in order. Never raises for a document: read problems, extractor
    exceptions and time-outs become error results. ``on_start(seq, words)`` is called (outside
    any time limit) before each document is built (words 0) and before it is extracted: the
    local engine's heartbeat, which tells which document a stuck worker is on."""
    results: dict[int, ItemResult] = {}
    documents: list[tuple[WorkItem, Document, bytes, int]] = []
    for item in items:
        if item.duplicate is not None:
            kind, first = item.duplicate
            results[item.seq] = ItemResult(item.seq, item.doc_id, item.origin, DUPLICATE,
                                           reason=f"same {kind} as {first!r}", duplicate=kind)
            continue
        if on_start:
            on_start(item.seq, 0)
        built = _build(item, spec)
        if isinstance(built, ReadError):
            results[item.seq] = ItemResult(item.seq, built.doc_id, built.origin, ERROR,
                                           reason=built.reason)
        else:
            documents.append((item, built, text_key(built.text), count_words(built.text)))
    for (item, document, key, words), outcome in _extract(extractor, documents, spec, on_start):
        result = ItemResult(item.seq, document.id, document.origin or item.origin, OK,
                            words=words, text_key=key)
        if isinstance(outcome, DocTimeout):
            result.status, result.timed_out = ERROR, True
            result.reason = (f"timed out: processing took longer than {spec.doc_timeout:g} s "
                             f"(--doc-timeout)")
        elif isinstance(outcome, BaseException):
            result.status, result.reason = ERROR, f"{type(outcome).__name__}: {outcome}"
        else:
            result.records = len(outcome)
            result.payload = (outcome if spec.payload == "rows"
                              else "".join(record_json(record) + "\n" for record in outcome))
        results[item.seq] = result
    return [results[seq] for seq in sorted(results)]


def _build(item: WorkItem, spec: WorkSpec) -> Document | ReadError:
    try:
        with time_limit(spec.doc_timeout):
            return build_document(item.raw, spec.published)
    except DocTimeout:
        return ReadError(item.origin, f"timed out: reading took longer than {spec.doc_timeout:g} s "
                                      f"(--doc-timeout)", item.doc_id)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the run
        return ReadError(item.origin, f"{type(exc).__name__}: {exc}", item.doc_id)


def _extract(extractor, documents: list, spec: WorkSpec, on_start
             ) -> Iterator[tuple[tuple, list[dict] | BaseException]]:
    """``(entry, records | exception)`` per document through ``extractor.pipe``, each yield
    under the time limit. When the pipe raises (a time-out, or a crash it did not catch), the
    document after the last one it gave is run again alone under its own limit, so that a
    pipe that works in batches never blames the wrong document; then a new pipe goes on with
    the rest."""
    remaining = documents
    while remaining:
        stream = extractor.pipe(document for _, document, _, _ in remaining)
        position, failure = 0, None
        while position < len(remaining):
            if on_start:
                on_start(remaining[position][0].seq, remaining[position][3])
            try:
                with time_limit(spec.doc_timeout):
                    _, outcome = next(stream)
            except StopIteration:
                for entry in remaining[position:]:
                    yield entry, RuntimeError("the extractor gave no result for this document")
                return
            except (DocTimeout, Exception) as exc:  # noqa: BLE001
                failure = exc
                break
            yield remaining[position], outcome
            position += 1
        if failure is None:
            return
        _close(stream)
        suspect = remaining[position]
        if on_start:
            on_start(suspect[0].seq, 0)
        yield suspect, _alone(extractor, suspect[1], spec)
        remaining = remaining[position + 1:]


def _alone(extractor, document: Document, spec: WorkSpec) -> list[dict] | BaseException:
    try:
        with time_limit(spec.doc_timeout):
            [(_, outcome)] = list(extractor.pipe([document]))
        return outcome
    except (DocTimeout, Exception) as exc:  # noqa: BLE001
        return exc


def _close(stream) -> None:
    try:
        stream.close()
    except BaseException:  # noqa: BLE001 - a broken generator may raise on close
        pass


# --- process-level helpers ------------------------------------------------------------------------

def cpu_seconds() -> float:
    """CPU time (user + system) of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """Peak resident memory of this process, MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


_EXTRACTORS: dict = {}
_EXTRACTORS_LOCK = threading.Lock()


def process_part(spec: WorkSpec, items: list[WorkItem]) -> dict:
    """A Dask task: the results of one part, with the extractor of this worker process (built
    on its first task and kept)."""
    key = (spec.factory, spec.settings)
    with _EXTRACTORS_LOCK:
        if key not in _EXTRACTORS:
            started = time.perf_counter()
            _EXTRACTORS[key] = (spec.factory(spec.settings), time.perf_counter() - started)
        extractor, startup_s = _EXTRACTORS[key]
    started = time.perf_counter()
    results = process_items(extractor, items, spec)
    return {"results": results, "seconds": time.perf_counter() - started,
            "startup_s": startup_s, "peak_rss_mb": peak_rss_mb()}
