"""Command functions for the CLI (``extractor check``, ``extractor series list|show|import``).

Plain functions taking plain arguments and returning an exit code, so that wiring them into the
Typer app is a few lines. Exit codes: 0 success; 1 some documents could not be read or
processed (reported, the rest checked); 2 usage error (missing input, bad series file, bad
option).
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from .config import Options
from .engine import Reconciler
from .importer import SeriesFileError
from .report import findings_table, observations_table, series_table, summary_line, verdict_table
from .store import SeriesStore

RECORD_SUFFIXES = (".jsonl", ".ndjson")


def check(inputs: Sequence[str | Path], output: str | Path | None = None,
          findings_output: str | Path | None = None, options: Options | None = None, *,
          published: str | None = None, store_path: str | Path | None = None,
          snapshot_only: bool = False, quiet: bool = False, table: bool = True,
          console: Console | None = None, stdout=None) -> int:
    """Check figures against official series.

    ``inputs``: records files (JSONL of SCHEMA §2 records, as ``extractor extract`` writes;
    also ``.csv``/``.parquet`` with a ``mention`` column) and/or articles (feeds, ``.txt`` /
    ``.html`` files, folders: these are extracted first). Verdicts go to ``output`` as JSONL
    (stdout when None), findings to ``findings_output``. A table and a summary go to the
    terminal (stderr when verdicts go to stdout) unless ``quiet``. ``snapshot_only`` uses an
    in-memory store with the bundled snapshot instead of the user's store.
    """
    console = console or _console(stderr=output is None)
    try:
        records, errors = _load_inputs(inputs, published)
    except (OSError, ValueError) as error:
        console.print(f"error: {error}", markup=False)
        return 2
    for error in errors:
        console.print(f"error: {error}", markup=False)
    try:
        store = SeriesStore.memory() if snapshot_only else SeriesStore.open(store_path)
    except SeriesFileError as error:
        console.print(f"error: series snapshot: {error}", markup=False)
        return 2
    try:
        reconciler = Reconciler(store, options or Options())
    finally:
        store.close()
    verdicts = reconciler.check_all(records)
    findings = reconciler.findings(records)
    _write_jsonl(verdicts, output, stdout)
    if findings_output is not None:
        _write_jsonl(findings, findings_output, stdout)
    if not quiet:
        if table and verdicts:
            console.print(verdict_table(verdicts))
            if findings:
                console.print(findings_table(findings))
        console.print(summary_line(verdicts, findings), markup=False)
    return 1 if errors else 0


def series_list(store_path: str | Path | None = None, contains: str | None = None, *,
                console: Console | None = None, snapshot_only: bool = False) -> int:
    """List the series in the store (optionally those whose id or label contains a text)."""
    console = console or _console(stderr=False)
    with _open(store_path, snapshot_only, console) as store:
        if store is None:
            return 2
        frame = store.series()
    if contains:
        mask = frame.series_id.str.contains(contains, case=False, regex=False) | \
            frame.label.str.contains(contains, case=False, regex=False)
        frame = frame[mask]
    console.print(series_table(frame))
    return 0


def series_show(series_id: str, store_path: str | Path | None = None, *,
                console: Console | None = None, snapshot_only: bool = False) -> int:
    """Show the observations of one series, with their provenance."""
    console = console or _console(stderr=False)
    with _open(store_path, snapshot_only, console) as store:
        if store is None:
            return 2
        frame = store.observations(series_id)
    if frame.empty:
        console.print(f"error: no series {series_id!r} (see `extractor series list`)", markup=False)
        return 2
    console.print(observations_table(frame, series_id))
    return 0


def series_import(paths: Sequence[str | Path], store_path: str | Path | None = None, *,
                  console: Console | None = None) -> int:
    """Import CSV/Parquet series files into the user's store; a bad file is reported with its
    file name and rows, and nothing of it is imported."""
    console = console or _console(stderr=False)
    with _open(store_path, False, console) as store:
        if store is None:
            return 2
        status = 0
        for path in paths:
            try:
                count = store.import_file(path)
            except SeriesFileError as error:
                console.print(f"error: {error}", markup=False)
                status = 2
                continue
            console.print(f"imported {count} observations from {path}", markup=False)
    return status


class _open:
    def __init__(self, store_path, snapshot_only: bool, console: Console):
        self.args = (store_path, snapshot_only)
        self.console = console
        self.store = None

    def __enter__(self):
        store_path, snapshot_only = self.args
        try:
            self.store = SeriesStore.memory() if snapshot_only else SeriesStore.open(store_path)
        except SeriesFileError as error:
            self.console.print(f"error: series snapshot: {error}", markup=False)
        return self.store

    def __exit__(self, *exc):
        if self.store is not None:
            self.store.close()


# -- inputs ----------------------------------------------------------------------------------------
def is_records_file(path: Path) -> bool:
    """A JSONL file of records (has ``mention``/``value``, no ``text``/``html``), or a CSV /
    Parquet table with a ``mention`` column."""
    suffix = path.suffix.lower()
    if path.is_file() and suffix in RECORD_SUFFIXES:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.strip():
                    try:
                        first = json.loads(line)
                    except json.JSONDecodeError:
                        return False
                    return isinstance(first, dict) and "mention" in first and "value" in first \
                        and "text" not in first and "html" not in first
        return False
    if path.is_file() and suffix in (".csv", ".parquet", ".pq"):
        import pandas as pd

        columns = pd.read_parquet(path).columns if suffix != ".csv" else \
            pd.read_csv(path, nrows=0).columns
        return "mention" in columns and "value" in columns
    return False


def read_records(path: Path) -> tuple[list[dict], list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".parquet", ".pq"):
        import pandas as pd

        frame = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
        return frame.astype(object).where(frame.notna(), None).to_dict("records"), []
    records, errors = [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                errors.append(f"{path}:{number}: not JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                errors.append(f"{path}:{number}: not a JSON object")
                continue
            records.append(record)
    return records, errors


def _load_inputs(inputs: Sequence[str | Path], published: str | None) -> tuple[list[dict], list[str]]:
    if not inputs:
        raise ValueError("no input: give a records JSONL file, a feed, a file or a folder")
    records, errors, articles = [], [], []
    for item in inputs:
        path = Path(item)
        if str(item) != "-" and not path.exists():
            raise ValueError(f"no such file or folder: {item}")
        if str(item) != "-" and is_records_file(path):
            found, problems = read_records(path)
            records.extend(found)
            errors.extend(problems)
        else:
            articles.append(item)
    if articles:
        from extractor.document import ReadError
        from extractor.pipeline import Extractor
        from extractor.read import read_inputs

        items = list(read_inputs(articles, published, stdin=sys.stdin.buffer))
        documents = [item for item in items if not isinstance(item, ReadError)]
        errors.extend(str(item) for item in items if isinstance(item, ReadError))
        for document, result in Extractor().pipe(documents):
            if isinstance(result, Exception):
                errors.append(f"{document.origin or document.id}: {type(result).__name__}: {result}")
            else:
                records.extend(result)
    return records, errors


def _write_jsonl(rows: list[dict], path: str | Path | None, stdout=None) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)
    if path is None:
        (stdout or sys.stdout).write(text)
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _console(stderr: bool) -> Console:
    probe = Console(stderr=stderr)
    return probe if probe.is_terminal else Console(stderr=stderr, width=160)
