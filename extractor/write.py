"""Write records (SCHEMA §2) as JSONL, JSON, CSV or Parquet, and read errors as JSONL.

Files are written to a temporary name beside the target and renamed into place only when
complete, so a crashed or interrupted run never leaves a partial file under the real name.

The batch engine (``extractor.batch``) writes its outputs itself, in chunks (Parquet as a
directory of part files, DuckDB as a table); it uses ``record_json`` and ``records_to_table``
from here so that every sink holds the same values.
"""
from __future__ import annotations

import json
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, TextIO

import pandas as pd

from .document import PROVENANCE_FIELDS, RECORD_FIELDS, Published, ReadError

FORMATS = ("jsonl", "json", "csv", "parquet", "duckdb")
BATCH_FORMATS = ("jsonl", "parquet", "duckdb")
"""Formats the batch engine writes; ``duckdb`` only it writes."""
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
                  ".parquet": "parquet", ".pq": "parquet", ".duckdb": "duckdb", ".ddb": "duckdb"}
COLUMN_DTYPES = {
    "doc_id": "string", "start": "Int64", "end": "Int64", "mention": "string",
    "value": "float64", "unit": "string", "role": "string", "measure": "string",
    "reporter": "string", "partner": "string", "sector": "string",
    "period_start": "string", "period_end": "string", "basis": "string", "approx": "string",
    "status": "string", "converted": "boolean", "source": "string", "sentence": "string",
    "confidence": "float64",
    **{name: "string" for name in PROVENANCE_FIELDS},
}
"""pandas dtypes of the SCHEMA §2 and provenance columns; nullable ones where null is allowed."""
TABLE_DTYPES = {**COLUMN_DTYPES, "value_high": "float64", "extra": "string"}
"""Columns of tables written in parts (``records_to_table``): every part has the same schema."""
ERROR_FIELDS = ("origin", "doc_id", "reason")


def output_format(path: Path | None, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else from the suffix of ``path``, else JSONL
    (stdout). Raises ``ValueError`` when neither tells, or for Parquet without a file."""
    if fmt is None and path is not None:
        fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower())
        if fmt is None:
            raise ValueError(f"cannot tell the format of {str(path)!r} from its suffix: use one of "
                             f"{', '.join(SUFFIX_FORMATS)} or give the format")
    fmt = fmt or "jsonl"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt in ("parquet", "duckdb") and path is None:
        raise ValueError(f"{fmt} output needs an output file")
    return fmt


def ordered_record(record: dict) -> dict:
    """SCHEMA §2 fields first, in order (null when absent), then the record's extra fields."""
    ordered = {name: record.get(name) for name in RECORD_FIELDS}
    ordered.update((key, value) for key, value in record.items() if key not in ordered)
    return ordered


def records_to_dataframe(records: Iterable[dict]) -> pd.DataFrame:
    """One row per record: SCHEMA §2 columns in order with fixed dtypes (also when there are no
    records), then extra columns in order of first appearance."""
    rows = [ordered_record(record) for record in records]
    columns = list(dict.fromkeys([*RECORD_FIELDS, *(key for row in rows for key in row)]))
    frame = pd.DataFrame.from_records(rows, columns=columns)
    dtypes = {name: dtype for name, dtype in COLUMN_DTYPES.items() if name in frame.columns}
    # Published dates and similar objects become their str() form in string columns.
    return frame.astype(dtypes)


def records_to_table(records: Iterable[dict]) -> pd.DataFrame:
    """The records with the fixed columns of ``TABLE_DTYPES``, in that order, whatever fields
    they have: part files written separately then share one schema. Fields outside it go into
    ``extra`` as a JSON object (null when there are none)."""
    known = TABLE_DTYPES.keys() - {"extra"}
    rows = []
    for record in records:
        row = {name: record.get(name) for name in TABLE_DTYPES}
        extra = {key: value for key, value in record.items() if key not in known}
        row["extra"] = (json.dumps(extra, ensure_ascii=False, default=_json_value)
                        if extra else None)
        for name in PROVENANCE_FIELDS:  # Published and dates become their str() form
            if row[name] is not None and not isinstance(row[name], str):
                row[name] = str(row[name])
        rows.append(row)
    frame = pd.DataFrame.from_records(rows, columns=list(TABLE_DTYPES))
    return frame.astype(TABLE_DTYPES)


def record_json(record: dict) -> str:
    """One record as the JSON line (without its newline) the JSONL writer writes."""
    return _json(record)


@contextmanager
def record_writer(path: Path | None, fmt: str | None = None,
                  stdout: TextIO | None = None) -> Iterator[Callable[[Iterable[dict]], None]]:
    """A function that writes records, called any number of times; the output is complete when
    the ``with`` block ends without an exception. ``path`` None writes to ``stdout``
    (``sys.stdout`` unless given)."""
    fmt = output_format(path, fmt)
    if fmt == "duckdb":
        raise ValueError("duckdb output is written by the batch engine (extractor.batch)")
    if path is None:
        writer = _writer(fmt, stdout or sys.stdout)
        yield writer.write
        writer.close()
        return
    with _atomic_path(path) as temporary:
        if fmt == "parquet":
            writer = _TableWriter(fmt, temporary)
            yield writer.write
            writer.close()
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                writer = _writer(fmt, stream)
                yield writer.write
                writer.close()
                _sync(stream)


@contextmanager
def error_writer(path: Path) -> Iterator[Callable[[ReadError], None]]:
    """A function that writes one ReadError per line of a JSONL file: origin, doc_id, reason."""
    with _atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8") as stream:
        def write(error: ReadError) -> None:
            entry = {name: getattr(error, name) for name in ERROR_FIELDS}
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")

        yield write
        _sync(stream)


def _writer(fmt: str, stream: TextIO) -> "_JsonLinesWriter | _JsonArrayWriter | _TableWriter":
    if fmt == "jsonl":
        return _JsonLinesWriter(stream)
    if fmt == "json":
        return _JsonArrayWriter(stream)
    return _TableWriter(fmt, stream)


class _JsonLinesWriter:
    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, records: Iterable[dict]) -> None:
        for record in records:
            self._stream.write(_json(record) + "\n")

    def close(self) -> None:
        self._stream.flush()


class _JsonArrayWriter:
    """A JSON array written as records come, one record per line."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self._separator = "[\n"

    def write(self, records: Iterable[dict]) -> None:
        for record in records:
            self._stream.write(self._separator + _json(record))
            self._separator = ",\n"

    def close(self) -> None:
        self._stream.write("[]\n" if self._separator == "[\n" else "\n]\n")
        self._stream.flush()


class _TableWriter:
    """CSV and Parquet need every column before the first row, and extra fields may first appear
    in any record, so records are kept until ``close``. Use JSONL for runs too big for memory."""

    def __init__(self, fmt: str, target: Path | TextIO):
        self._fmt = fmt
        self._target = target
        self._records: list[dict] = []

    def write(self, records: Iterable[dict]) -> None:
        self._records.extend(records)

    def close(self) -> None:
        frame = records_to_dataframe(self._records)
        if self._fmt == "csv":
            frame.to_csv(self._target, index=False)
        else:
            frame.to_parquet(self._target, index=False, engine="pyarrow")


def _json(record: dict) -> str:
    return json.dumps(ordered_record(record), ensure_ascii=False, default=_json_value)


def _json_value(value: object) -> object:
    """JSON form of what records may hold besides JSON types: numpy scalars, dates, Published."""
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, (date, Published)):
        return str(value)
    raise TypeError(f"cannot write a {type(value).__name__} in a record")


@contextmanager
def _atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed to ``path`` if the block succeeds and removed
    if it fails."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    # Created here, not by tempfile, so that the final file gets the usual umask permissions.
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _sync(stream: TextIO) -> None:
    """Flush to disk before the rename, so that a crash cannot leave an empty file in place."""
    stream.flush()
    os.fsync(stream.fileno())
