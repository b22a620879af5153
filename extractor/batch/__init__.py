"""Batch processing of large feeds: parallel, resumable, exactly-once, locally or on Dask.

    from extractor.batch import BatchJob, BatchOptions, run_batch
    report = run_batch(BatchJob(inputs=("feed.jsonl.gz",), output=Path("out.jsonl")),
                       BatchOptions(workers=4))

The command line is ``extractor extract FEED -o OUT --workers N`` (see ``extractor.cli``).
Modules: ``feed`` (reading in numbered chunks, deduplication), ``work`` (what a worker does),
``engines`` (local processes, Dask), ``ledger`` (committed chunks), ``sinks`` (JSONL, Parquet
parts, DuckDB), ``runner`` (the loop, publishing, the manifest).
"""
from .engines import EngineError
from .job import DEFAULT_CHUNK_SIZE, DEFAULT_DOC_TIMEOUT, BatchJob
from .runner import BatchOptions, BatchReport, JobBusy, JobMismatch, Progress, Reporter, run_batch

__all__ = ["BatchJob", "BatchOptions", "BatchReport", "DEFAULT_CHUNK_SIZE", "DEFAULT_DOC_TIMEOUT",
           "EngineError", "JobBusy", "JobMismatch", "Progress", "Reporter", "run_batch"]
