"""A batch job: what to read, where to write, with which settings, and the files of a run.

Beside the output ``OUT`` a run keeps:

- ``OUT.work/``: its state while it is not finished (the chunk ledger ``state.sqlite``, the
  staged records and errors); removed when the run completes. Its presence means "unfinished":
  re-running the same command resumes from it.
- ``OUT.manifest.json``: input, settings, versions, counts and status of the latest run.
- ``OUT.errors.jsonl`` (or ``--errors``): one row per failed document.

The fingerprint covers everything that changes the output (inputs, settings, chunking, the
extractor's version); it does not cover how the work is spread (engine, workers, scheduler), so
a run may be resumed with other workers or on a cluster.
"""
from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path

from ..read import CSV_SUFFIXES, FEED_SUFFIXES
from ..settings import Settings

DEFAULT_CHUNK_SIZE = 250
DEFAULT_DOC_TIMEOUT = 60.0
DISTRIBUTION = "econ-figures"


@dataclass(frozen=True)
class BatchJob:
    inputs: tuple[str, ...]
    output: Path
    fmt: str = "jsonl"  # jsonl, parquet (a directory of part files) or duckdb (a table)
    errors: Path | None = None  # default: OUT.errors.jsonl
    settings: Settings = field(default_factory=Settings)
    published: str | None = None  # date of documents that give none
    chunk_size: int = DEFAULT_CHUNK_SIZE
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT  # seconds; None or 0: no limit
    dedupe: bool = True
    table: str = "records"  # DuckDB table
    extractor: str = "extractor.pipeline.Extractor"  # the factory's name, for the fingerprint

    @property
    def work_dir(self) -> Path:
        return self.output.with_name(self.output.name + ".work")

    @property
    def manifest_path(self) -> Path:
        return self.output.with_name(self.output.name + ".manifest.json")

    @property
    def errors_path(self) -> Path:
        return self.errors or self.output.with_name(self.output.name + ".errors.jsonl")

    def describe(self) -> dict:
        """The job as the manifest records it (and as its fingerprint hashes it)."""
        return {
            "input": [describe_input(source) for source in self.inputs],
            "output": {"path": str(self.output.resolve()), "format": self.fmt,
                       **({"table": self.table} if self.fmt == "duckdb" else {})},
            "errors_file": str(self.errors_path.resolve()),
            "settings": {"model": self.settings.model, "language": self.settings.language,
                         "min_confidence": self.settings.min_confidence,
                         "published": self.published, "chunk_size": self.chunk_size,
                         "doc_timeout": self.doc_timeout or None, "dedupe": self.dedupe},
            "version": versions(self.extractor),
        }

    def fingerprint(self) -> str:
        text = json.dumps(self.describe(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def describe_input(source: str) -> dict:
    """Path, kind and (for files) size and modification time: a feed that changed is another
    job. A directory is described by its path only (listing it would read it twice)."""
    path = Path(source)
    name = path.name.lower()
    if path.is_dir():
        return {"path": str(path.resolve()), "kind": "directory"}
    kind = ("jsonl" if name.endswith(FEED_SUFFIXES) else "csv" if name.endswith(CSV_SUFFIXES)
            else "file")
    stat = path.stat()
    return {"path": str(path.resolve()), "kind": kind, "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns}


def versions(extractor: str) -> dict:
    return {DISTRIBUTION: _version(DISTRIBUTION), "spacy": _version("spacy"),
            "python": platform.python_version(), "extractor": extractor}


def _version(name: str) -> str | None:
    try:
        return package_version(name)
    except PackageNotFoundError:
        return None
