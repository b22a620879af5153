"""Batch throughput: a generated feed of the team's articles (with variations) through the batch
engine (``extractor.batch``) with 1 and 2 local workers; words/s, scaling, start-up, memory.

``python -m eval batch [--articles 20000] [--workers 1,2] [--chunk-size 250]``. The feed is
``corpus/team/*.txt`` cycled, each copy varied (its numbers shifted, its body paragraphs rotated,
a closing line with its number) so that no two are the same text and deduplication keeps them
all. Words/s counts the processing phase (first document to last commit); start-up (forking the
workers and building their extractors) is reported apart, as is the whole wall time.
"""
from __future__ import annotations

import io
import json
import re
import resource
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .gold import load_meta
from .jsonl import DataError

REPO_ROOT = Path(__file__).resolve().parent.parent
TEAM = REPO_ROOT / "corpus" / "team"
_DIGIT = re.compile(r"(?<=\d)\d(?![\d])")  # the last digit of each run of 2+ digits


@dataclass
class WorkerRun:
    workers: int
    documents: int
    words: int
    records: int
    errors: int
    wall_s: float  # the whole run: start-up, processing, publishing
    ready_s: float  # until every worker had built its extractor
    processing_s: float
    words_per_s: float  # processing phase
    docs_per_s: float
    worker_peak_rss_mb: list[float]
    driver_peak_rss_mb: float
    worker_cpu_s: float = 0.0  # all workers' CPU time (includes building their extractors)
    driver_cpu_s: float = 0.0

    @property
    def words_per_cpu_s(self) -> float:
        """Words per second of worker CPU: a per-core rate that other load on the machine does
        not change (start-up CPU included, so slightly low)."""
        return self.words / self.worker_cpu_s if self.worker_cpu_s else 0.0

    @property
    def cpu_use(self) -> float:
        """Worker CPU time over (wall time x workers): below 1, the workers waited (for a core
        taken by other load, for the driver, at the tail of the feed)."""
        return self.worker_cpu_s / (self.wall_s * self.workers) if self.wall_s else 0.0


@dataclass
class BatchBench:
    articles: int
    words: int
    chunk_size: int
    runs: list[WorkerRun]

    def run_with(self, workers: int) -> WorkerRun | None:
        return next((run for run in self.runs if run.workers == workers), None)

    @property
    def scaling(self) -> float | None:
        """Words/s with 2 workers over words/s with 1."""
        one, two = self.run_with(1), self.run_with(2)
        return two.words_per_s / one.words_per_s if one and two else None

    def headline(self) -> dict:
        one = self.run_with(1)
        return {
            "articles": self.articles, "words": self.words, "chunk_size": self.chunk_size,
            "words_per_s": {str(r.workers): round(r.words_per_s) for r in self.runs},
            "docs_per_s": {str(r.workers): round(r.docs_per_s, 1) for r in self.runs},
            "scaling_2_over_1": round(self.scaling, 3) if self.scaling else None,
            "per_core_words_per_s": round(one.words_per_s) if one else None,
            "per_core_articles_per_hour": round(one.docs_per_s * 3600) if one else None,
            "startup_s": {str(r.workers): round(r.ready_s, 2) for r in self.runs},
            "worker_peak_rss_mb": max((m for r in self.runs for m in r.worker_peak_rss_mb),
                                      default=None),
            "driver_peak_rss_mb": max(r.driver_peak_rss_mb for r in self.runs),
            "words_per_worker_cpu_s": {str(r.workers): round(r.words_per_cpu_s) for r in self.runs},
            "worker_cpu_use": {str(r.workers): round(r.cpu_use, 3) for r in self.runs},
            "driver_cpu_s": {str(r.workers): r.driver_cpu_s for r in self.runs},
            "errors": sum(r.errors for r in self.runs),
        }


# --- the feed -------------------------------------------------------------------------------------

def team_articles() -> list[tuple[str, str, str | None]]:
    """(id, text, published) of the team's articles."""
    meta = load_meta(TEAM / "meta.jsonl")
    articles = [(path.stem, path.read_text(encoding="utf-8"), meta.get(path.stem, {}).get("published"))
                for path in sorted(TEAM.glob("*.txt"))]
    if not articles:
        raise DataError(f"no .txt articles in {TEAM}")
    return articles


def vary(text: str, variant: int) -> str:
    """The article with its body paragraphs rotated and the last digit of each run of 2+ digits
    shifted by ``variant``; its headline (first paragraph) stays first."""
    if variant == 0:
        return text
    shift = variant % 9 + 1
    text = _DIGIT.sub(lambda m: str((int(m.group()) + shift) % 10), text)
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:1], paragraphs[1:]
    if len(body) > 1:
        turn = variant % len(body)
        body = body[turn:] + body[:turn]
    return "\n\n".join(head + body)


def write_feed(path: Path, count: int) -> tuple[int, int]:
    """A JSONL feed of ``count`` varied articles; returns (articles, words)."""
    articles = team_articles()
    words = 0
    with open(path, "w", encoding="utf-8") as stream:
        for index in range(count):
            stem, text, published = articles[index % len(articles)]
            variant = index // len(articles)
            body = vary(text, variant) + f"\n\n(Feed copy {index}.)"
            words += len(body.split())
            stream.write(json.dumps({"id": f"{stem}-{index:07d}", "text": body,
                                     "published": published}, ensure_ascii=False) + "\n")
    return count, words


# --- runs -----------------------------------------------------------------------------------------

def run_bench(articles: int, worker_counts: list[int], chunk_size: int,
              keep: Path | None = None) -> BatchBench:
    from extractor.batch import BatchJob, BatchOptions, run_batch

    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / "feed.jsonl"
    count, words = write_feed(feed, articles)
    _progress(f"feed: {count} articles, {words} words in {feed}")
    runs = []
    for workers in worker_counts:
        job = BatchJob(inputs=(str(feed),), output=folder / f"records-{workers}w.jsonl",
                       chunk_size=chunk_size)
        started, driver_cpu = time.perf_counter(), _cpu_s()
        report = run_batch(job, BatchOptions(workers=workers, restart=True))
        wall, driver_cpu = time.perf_counter() - started, _cpu_s() - driver_cpu
        stats = report.engine_stats
        processing = report.counts["words"] / report.words_per_s if report.words_per_s else wall
        run = WorkerRun(workers, report.counts["documents"], report.counts["words"],
                        report.counts["records"], report.counts["errors"], wall,
                        stats.ready_s or 0.0, processing, report.words_per_s or 0.0,
                        (report.counts["documents"] + report.counts["errors"]) / processing,
                        [round(m, 1) for m in stats.peak_rss_mb], _driver_rss_mb(),
                        round(sum(stats.cpu_s), 2), round(driver_cpu, 2))
        _progress(f"{workers} worker(s): {run.words_per_s:,.0f} words/s, "
                  f"{run.docs_per_s:,.1f} docs/s, wall {wall:,.1f} s, worker CPU "
                  f"{run.worker_cpu_s:,.1f} s ({run.words_per_cpu_s:,.0f} words/CPU-s), "
                  f"driver CPU {driver_cpu:,.1f} s")
        runs.append(run)
    return BatchBench(count, words, chunk_size, runs)


def format_bench(bench: BatchBench) -> str:
    """A table of the runs; the last line is the headline as one JSON object."""
    table = Table(title=f"Batch engine on {bench.articles:,} articles ({bench.words:,} words), "
                        f"chunks of {bench.chunk_size}", title_justify="left")
    for column in ("workers", "words/s", "docs/s", "scaling", "start-up s", "wall s",
                   "peak RSS/worker MB", "words/CPU-s", "CPU use", "records", "errors"):
        table.add_column(column, justify="right")
    one = bench.run_with(1)
    for run in bench.runs:
        scaling = f"{run.words_per_s / one.words_per_s:.2f}x" if one else "–"
        table.add_row(str(run.workers), f"{run.words_per_s:,.0f}", f"{run.docs_per_s:,.1f}",
                      scaling, f"{run.ready_s:.2f}", f"{run.wall_s:,.1f}",
                      f"{max(run.worker_peak_rss_mb, default=0):.0f}",
                      f"{run.words_per_cpu_s:,.0f}", f"{run.cpu_use:.0%}", f"{run.records:,}",
                      str(run.errors))
    console = Console(file=io.StringIO(), record=True, width=140, color_system=None)
    console.print(table)
    if bench.scaling is not None:
        console.print(f"2 workers / 1 worker: {bench.scaling:.2f}x (goal >= 1.8x)")
    return console.export_text() + json.dumps(bench.headline())


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _driver_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def to_dict(bench: BatchBench) -> dict:
    return asdict(bench)
